//! Password sign-in over HTTP, for legacy accounts only (`selfservice.methods.password.enabled`),
//! and the answer to the prompt that follows it.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, post};
use serde::Deserialize;
use serde_json::json;

use crate::auth::WayIn;
use crate::error::Error;
use crate::http::App;
use crate::http::extract::{Caller, Json, RequestOrigin, SessionForWrite};
use crate::http::selfservice::signed_in;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/self-service/login/password", post(sign_in))
        .route("/self-service/settings/password/prompt", post(answer_prompt))
        .route("/self-service/settings/password", delete(disable))
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
    let switch = app.password.prompt_due(&identity).await?;
    if switch {
        app.password.prompt_shown(&identity, "switch", &origin).await?;
    }
    signed_in(
        &app,
        &caller,
        &identity,
        WayIn::Password,
        &origin,
        body.return_to.as_deref(),
        json!({ "switch_to_passkey": switch }),
    )
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PromptAnswer {
    /// `continue`: not now (the prompt waits for the prompt interval).
    answer: String,
}

async fn answer_prompt(
    State(app): State<Arc<App>>,
    SessionForWrite(current, _): SessionForWrite,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<PromptAnswer>,
) -> Result<Response, Error> {
    if body.answer != "continue" {
        return Err(Error::InvalidRequest(
            "The answer is continue (saving a passkey answers the prompt by itself).".into(),
        ));
    }
    app.password.put_off_prompt(&current.active.identity, &origin).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Turns the account's password off for good (a recent passkey sign-in needed).
async fn disable(
    State(app): State<Arc<App>>,
    SessionForWrite(current, _): SessionForWrite,
    RequestOrigin(origin): RequestOrigin,
) -> Result<Response, Error> {
    if app
        .auth
        .disable_password(&current.active, &app.password, &origin)
        .await?
    {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(Error::NotFound)
    }
}
