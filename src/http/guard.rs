//! The email-compromise guard's public side: "This wasn't me" from the new-passkey notice, and
//! confirming a passkey still in its cooldown with a backup code (the rules: `auth::passkeys`).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;

use crate::auth::Presented;
use crate::error::Error;
use crate::http::App;
use crate::http::extract::{Caller, Json, RequestOrigin, SessionForWrite};
use crate::http::selfservice::session_reply;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/self-service/passkey/disown", post(disown))
        .route("/self-service/settings/passkeys/confirm", post(confirm))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TokenBody {
    token: String,
}

/// Removes the passkey the notice names and undoes what its sessions did; the link's token
/// travels in the fragment of `/ui/passkey/disown`, whose button posts it. The answer says what
/// was undone, so the page can tell the owner.
async fn disown(
    State(app): State<Arc<App>>,
    _: Caller,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<TokenBody>,
) -> Result<Response, Error> {
    let undone = app.auth.disown(&body.token, &origin).await?;
    Ok(axum::Json(json!({
        "removed": true,
        "sessions_ended": undone.sessions_ended,
        "undone": undone,
    }))
    .into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeBody {
    code: String,
}

/// A session made by a passkey still in its cooldown: a backup code made before that passkey
/// confirms it, and a session no longer restricted replaces this one.
async fn confirm(
    State(app): State<Arc<App>>,
    SessionForWrite(current, caller): SessionForWrite,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<CodeBody>,
) -> Result<Response, Error> {
    let presented = Presented {
        active: &current.active,
        token: &current.token,
    };
    let (session, remaining) = app
        .auth
        .confirm_with_backup_code(presented, &app.backup_codes, &body.code, &origin)
        .await?;
    session_reply(
        &app,
        &caller,
        &session,
        None,
        json!({ "backup_codes_remaining": remaining }),
    )
}
