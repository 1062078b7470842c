//! Backup codes over HTTP: see the set's status, make a new set (needs a recent passkey sign-in),
//! sign in with a code.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use crate::auth::WayIn;
use crate::error::Error;
use crate::http::App;
use crate::http::extract::{Caller, CurrentSession, Json, RequestOrigin, SessionForWrite, UserAgent};
use crate::http::selfservice::signed_in;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/self-service/settings/backup-codes", get(status))
        .route("/self-service/settings/backup-codes", post(generate))
        .route("/self-service/login/backup-code", post(sign_in))
}

async fn status(State(app): State<Arc<App>>, current: CurrentSession) -> Result<Response, Error> {
    let status = app.backup_codes.status(&current.active.identity).await?;
    Ok(axum::Json(status).into_response())
}

/// Shows the new codes this once; only their hashes are kept.
async fn generate(
    State(app): State<Arc<App>>,
    SessionForWrite(current, _): SessionForWrite,
    RequestOrigin(origin): RequestOrigin,
) -> Result<Response, Error> {
    let codes = app
        .auth
        .create_backup_codes(&current.active, &app.backup_codes, &origin)
        .await?;
    Ok(axum::Json(json!({ "codes": codes, "remaining": codes.len() })).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignInBody {
    email: String,
    code: String,
    #[serde(default)]
    return_to: Option<String>,
}

async fn sign_in(
    State(app): State<Arc<App>>,
    caller: Caller,
    RequestOrigin(origin): RequestOrigin,
    UserAgent(ua): UserAgent,
    Json(body): Json<SignInBody>,
) -> Result<Response, Error> {
    let sign_in = app.backup_codes.sign_in(&body.email, &body.code, &ua).await?;
    signed_in(
        &app,
        &caller,
        &sign_in.identity,
        WayIn::BackupCode,
        &origin,
        body.return_to.as_deref(),
        json!({ "backup_codes_remaining": sign_in.remaining }),
    )
    .await
}
