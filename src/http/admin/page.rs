//! The admin web page (`/admin/ui`): find an identity, see its credentials and audit history,
//! issue a recovery link. The page itself holds nothing; its script calls the admin API with the
//! key the person typed. Also the admin API's OpenAPI document.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde_json::json;

use crate::error::Error;
use crate::http::App;
use crate::http::ui::{Visit, asset, remember_pick};
use crate::i18n::Script;
use crate::ui::{ADMIN_SCRIPT, MESSAGES_SCRIPT, STYLESHEET};

/// The OpenAPI document of the admin API, checked by the integration suite against these routes.
const OPENAPI: &str = include_str!("openapi.json");

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/admin/ui") }))
        .route("/admin/ui", get(page))
        .route(
            "/admin/openapi.json",
            get(|| async { asset("application/json", OPENAPI) }),
        )
        .route(
            "/admin/ui/static/admin.js",
            get(|| async { asset("text/javascript; charset=utf-8", ADMIN_SCRIPT) }),
        )
        .route(
            "/admin/ui/static/latchkey.css",
            get(|| async { asset("text/css; charset=utf-8", STYLESHEET) }),
        )
        .route("/admin/ui/static/theme.css", get(crate::http::ui::theme))
        .route(
            "/admin/ui/static/messages.js",
            get(|| async { asset("text/javascript; charset=utf-8", MESSAGES_SCRIPT) }),
        )
}

/// The admin page in the language of the person at the desk (`Accept-Language`, or a pick from
/// its menu), like the hosted pages.
async fn page(State(app): State<Arc<App>>, visit: Visit) -> Result<Response, Error> {
    let (language, picked, languages) = visit.reading(&app);
    let html = app.templates.render(
        "admin.html",
        json!({
            "product": app.product_name,
            "lang": app.catalog.tag(language),
            "dir": app.catalog.direction(language),
            "languages": languages,
            "script_messages": app.catalog.script_messages(language, Script::Admin),
        }),
    )?;
    let mut response = Html(html).into_response();
    remember_pick(&app, picked, &mut response)?;
    Ok(response)
}
