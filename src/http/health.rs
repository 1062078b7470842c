//! Health checks, on both listeners (Kratos's paths).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use serde_json::json;

use crate::http::App;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/health/alive", get(alive))
        .route("/health/ready", get(ready))
}

async fn alive() -> impl IntoResponse {
    axum::Json(json!({ "status": "ok" }))
}

async fn ready(State(app): State<Arc<App>>) -> impl IntoResponse {
    if app.store.ping().await {
        (StatusCode::OK, axum::Json(json!({ "status": "ok" })))
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(json!({ "errors": { "database": "not reachable" } })),
        )
    }
}
