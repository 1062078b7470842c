//! `/dev/outbox`: in `--dev` mode, the messages the dev outbox delivered, so a new user can sign
//! in without a mail server. Outside dev mode (or with SMTP configured) it does not exist.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::ACCEPT;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::error::Error;
use crate::http::App;

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/dev/outbox", get(outbox))
}

/// JSON for `Accept: application/json`, a page otherwise.
async fn outbox(State(app): State<Arc<App>>, headers: HeaderMap) -> Result<Response, Error> {
    if !app.config.dev {
        return Err(Error::NotFound);
    }
    let messages = app.courier.dev_outbox().ok_or(Error::NotFound)?;
    let wants_json = headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if wants_json {
        return Ok(axum::Json(json!({ "messages": messages })).into_response());
    }
    let context = json!({
        "title": "Dev outbox",
        "product": app.product_name,
        "page": "outbox",
        "messages": messages,
        "csrf_token": "",
        "return_to": "",
    });
    Ok(Html(app.templates.render("outbox.html", context)?).into_response())
}
