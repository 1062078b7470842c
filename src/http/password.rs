//! Password sign-in over HTTP, for legacy accounts only (`selfservice.methods.password.enabled`).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;

use crate::auth::WayIn;
use crate::error::Error;
use crate::http::App;
use crate::http::extract::{Caller, Json, RequestOrigin};
use crate::http::selfservice::signed_in;

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/self-service/login/password", post(sign_in))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SignInBody {
    /// The account's email address (Kratos's name for it).
    identifier: String,
    password: String,
    #[serde(default)]
    return_to: Option<String>,
}

async fn sign_in(
    State(app): State<Arc<App>>,
    caller: Caller,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<SignInBody>,
) -> Result<Response, Error> {
    let identity = app.password.sign_in(&body.identifier, &body.password, &origin).await?;
    signed_in(
        &app,
        &caller,
        &identity,
        WayIn::Password,
        &origin,
        body.return_to.as_deref(),
        json!({}),
    )
    .await
}
