//! The email-compromise guard's public side: "This wasn't me" from the new-passkey notice, and
//! confirming a passkey still in its cooldown with a backup code.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;

use crate::error::Error;
use crate::http::App;
use crate::http::extract::{Caller, Json, RequestOrigin, SessionForWrite, UserAgent};
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

/// Removes the passkey the notice names and ends every session it made; the link's token travels
/// in the fragment of `/ui/passkey/disown`, whose button posts it.
async fn disown(
    State(app): State<Arc<App>>,
    _: Caller,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<TokenBody>,
) -> Result<Response, Error> {
    let ended = app.guard.disown(&body.token, &origin).await?;
    Ok(axum::Json(json!({ "removed": true, "sessions_ended": ended })).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeBody {
    code: String,
}

/// A session made by a passkey still in its cooldown: a backup code confirms the passkey, and a
/// session no longer restricted replaces this one.
async fn confirm(
    State(app): State<Arc<App>>,
    SessionForWrite(current, caller): SessionForWrite,
    UserAgent(ua): UserAgent,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<CodeBody>,
) -> Result<Response, Error> {
    let identity = &current.active.identity;
    let made_by = current.active.session.passkey_id;
    let waiting = app
        .store
        .passkeys(identity.id)
        .await?
        .into_iter()
        .any(|p| Some(p.id) == made_by && p.cooldown_until.is_some());
    if !waiting {
        return Err(Error::InvalidRequest(
            "This session was not made by a passkey that waits for confirmation.".into(),
        ));
    }
    let remaining = app.backup_codes.confirm(identity, &body.code, &ua).await?;
    app.guard.confirm(identity, "backup_code", &origin).await?;
    let issued = app.sessions.after_backup_code(&current.active, &current.token).await?;
    session_reply(
        &app,
        &caller,
        &issued,
        None,
        json!({ "backup_codes_remaining": remaining }),
    )
}
