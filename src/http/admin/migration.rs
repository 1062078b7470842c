//! `GET /admin/migration`: the password migration in numbers.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AdminCaller;
use crate::error::Error;
use crate::http::App;

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/admin/migration", get(numbers))
}

async fn numbers(State(app): State<Arc<App>>, _: AdminCaller) -> Result<Response, Error> {
    let numbers = crate::admin::migration::numbers(&app.store, app.clock.now()).await?;
    Ok(axum::Json(numbers).into_response())
}
