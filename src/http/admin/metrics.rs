//! `GET /metrics`: Prometheus's text format, on the admin listener only. No key is asked, as
//! Prometheus scrapes without one; nothing in it names a person (see `telemetry`).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::error::Error;
use crate::http::App;

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/metrics", get(scrape))
}

async fn scrape(State(app): State<Arc<App>>) -> Result<Response, Error> {
    let text = app.telemetry.scrape(&app.store, app.clock.now()).await?;
    Ok(([(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response())
}
