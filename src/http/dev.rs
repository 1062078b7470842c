//! `/dev/outbox`: in `--dev` mode, the messages the dev outbox delivered, so a new user can sign
//! in without a mail server. Outside dev mode (or with SMTP configured) it does not exist.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::header::ACCEPT;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::error::Error;
use crate::http::App;
use crate::http::ui::{Visit, page};

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/dev/outbox", get(outbox))
}

/// JSON for `Accept: application/json`, a page otherwise.
async fn outbox(State(app): State<Arc<App>>, visit: Visit) -> Result<Response, Error> {
    if !app.config.dev {
        return Err(Error::NotFound);
    }
    let messages = app.courier.dev_outbox().ok_or(Error::NotFound)?;
    let wants_json = visit
        .header(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    if wants_json {
        return Ok(axum::Json(json!({ "messages": messages })).into_response());
    }
    page(
        &app,
        &visit,
        "outbox.html",
        "title-outbox",
        None,
        json!({ "messages": messages }),
    )
    .await
}
