//! `GET /.well-known/jwks.json`: the public keys that verify latchkey's tokens (RFC 7517).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::Error;
use crate::http::App;

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/.well-known/jwks.json", get(jwks))
}

/// Relying parties may cache it for five minutes: a new key is published a whole rotation before
/// it signs (see [`crate::tokens`]).
async fn jwks(State(app): State<Arc<App>>) -> Result<Response, Error> {
    let keys = app.tokens.published().await?;
    Ok(([(CACHE_CONTROL, "public, max-age=300")], axum::Json(keys)).into_response())
}
