//! The public side of admin-issued recovery: use a link (after the confirm page), or cancel one
//! from the notice ("This wasn't me"). Issuing lives on the admin listener.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;

use crate::auth::WayIn;
use crate::error::Error;
use crate::http::App;
use crate::http::extract::{Caller, Json, RequestOrigin};
use crate::http::selfservice::signed_in;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/self-service/recovery/link", post(use_link))
        .route("/self-service/recovery/cancel", post(cancel))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenBody {
    token: String,
}

/// Signs the link's owner into a session that may only save a new passkey. Only a POST does:
/// opening the link shows a confirm page, so mail scanners that fetch links use nothing.
async fn use_link(
    State(app): State<Arc<App>>,
    caller: Caller,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<TokenBody>,
) -> Result<Response, Error> {
    let identity = app.recovery.use_link(&body.token, &origin).await?;
    signed_in(
        &app,
        &caller,
        &identity,
        WayIn::RecoveryLink,
        &origin,
        Some("/ui/recovery"),
        json!({}),
    )
    .await
}

async fn cancel(
    State(app): State<Arc<App>>,
    _: Caller,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<TokenBody>,
) -> Result<Response, Error> {
    app.recovery.cancel(&body.token, &origin).await?;
    Ok(axum::Json(json!({ "status": "cancelled" })).into_response())
}
