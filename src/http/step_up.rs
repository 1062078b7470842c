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

use crate::auth::Presented;
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
    /// A passkey of this account still in its cooldown that this step-up vouches for; only an
    /// established passkey may, and only the one named here.
    #[serde(default)]
    confirm_passkey: Option<Uuid>,
}

async fn verify(
    State(app): State<Arc<App>>,
    SessionForWrite(current, caller): SessionForWrite,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<VerifyBody>,
) -> Result<Response, Error> {
    let confirmed = app
        .passkeys
        .finish_login(body.flow_id, &body.credential, starter(&caller), &origin)
        .await?;
    let presented = Presented {
        active: &current.active,
        token: &current.token,
    };
    let session = app
        .auth
        .step_up(presented, confirmed, body.confirm_passkey, &origin)
        .await?;
    session_reply(&app, &caller, &session, body.return_to.as_deref(), json!({}))
}
