//! `GET /admin/funnel?days=N`: the sign-in funnel in numbers (see `admin::funnel`).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::AdminCaller;
use crate::error::Error;
use crate::http::App;
use crate::http::extract::Query;

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/admin/funnel", get(numbers))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Window {
    /// 1 to 30; 7 when left out.
    days: Option<i64>,
}

async fn numbers(State(app): State<Arc<App>>, _: AdminCaller, Query(window): Query<Window>) -> Result<Response, Error> {
    let days = window.days.unwrap_or(7);
    if !(1..=30).contains(&days) {
        return Err(Error::InvalidRequest("days is 1 to 30.".into()));
    }
    app.flush_funnel().await;
    let numbers = crate::admin::funnel::numbers(&app.store, app.clock.now(), days).await?;
    Ok(axum::Json(numbers).into_response())
}
