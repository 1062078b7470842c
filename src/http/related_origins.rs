//! `GET /.well-known/webauthn`: the origins outside the rp id that may use its passkeys (WebAuthn
//! Level 3 5.11, related origins), from `selfservice.methods.webauthn.config.rp.related_origins`.
//! Browsers fetch it from `https://{rp id}/.well-known/webauthn`: when latchkey does not serve
//! the rp id's own host, that host must pass this path on (`latchkey doctor` says so).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use crate::http::App;

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/.well-known/webauthn", get(related_origins))
}

/// An empty list when none are configured: browsers then accept no origin outside the rp id.
async fn related_origins(State(app): State<Arc<App>>) -> Response {
    let related = &app.config.webauthn.related_origins;
    let origins: Vec<String> = related.iter().map(|o| o.origin().ascii_serialization()).collect();
    (
        [(CACHE_CONTROL, "public, max-age=300")],
        axum::Json(json!({ "origins": origins })),
    )
        .into_response()
}
