//! Step-up: a signed-in person confirms it is them with one of their passkeys, and the session is
//! replaced by one at `aal2` whose privileged window is open (and whose restriction, if any, is
//! lifted). Apps send browsers to `/ui/step-up?return_to=...`; the account page runs it inline
//! when an action answers `step_up_required`.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;
use webauthn_rs::prelude::PublicKeyCredential;

use crate::audit::{Action, Event};
use crate::error::Error;
use crate::http::App;
use crate::http::extract::{Json, RequestOrigin, SessionForWrite};
use crate::http::selfservice::{session_reply, starter};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/self-service/step-up/passkey/options", post(options))
        .route("/self-service/step-up/passkey/verify", post(verify))
}

async fn options(State(app): State<Arc<App>>, SessionForWrite(_, caller): SessionForWrite) -> Result<Response, Error> {
    let (flow_id, options) = app.passkeys.start_login(starter(&caller)).await?;
    Ok(axum::Json(json!({ "flow_id": flow_id, "options": options })).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerifyBody {
    flow_id: Uuid,
    credential: PublicKeyCredential,
    #[serde(default)]
    return_to: Option<String>,
}

async fn verify(
    State(app): State<Arc<App>>,
    SessionForWrite(current, caller): SessionForWrite,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<VerifyBody>,
) -> Result<Response, Error> {
    let identity = &current.active.identity;
    let confirmed = app
        .passkeys
        .finish_login(body.flow_id, &body.credential, starter(&caller), &origin)
        .await?;
    // A passkey of another account proves nothing about this session's owner.
    if confirmed.identity.id != identity.id {
        return Err(Error::PasskeyVerificationFailed);
    }
    if !confirmed.user_verified {
        return Err(Error::PasskeyUserVerificationRequired);
    }
    // An established passkey vouches for passkeys still in their cooldown.
    if confirmed.passkey.cooldown_until.is_none() {
        app.guard.confirm(identity, "passkey", &origin).await?;
    }
    let issued = app
        .sessions
        .after_passkey(&current.active, &current.token, &confirmed.passkey)
        .await?;
    app.audit
        .record(
            Event::by_identity(identity.id, Action::SteppedUp)
            .details(
                json!({ "session_id": issued.active.session.id, "was_restricted": current.active.session.restricted }),
            )
            .from(&origin),
        )
        .await?;
    session_reply(&app, &caller, &issued, body.return_to.as_deref(), json!({}))
}
