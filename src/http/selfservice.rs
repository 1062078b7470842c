//! The self-service JSON API: sign up and sign in with a passkey, add passkeys, sign out.
//! Browser calls come from the hosted pages with the CSRF token and get a session cookie; API
//! clients (no cookies) get a `session_token` in the body. See `extract` for how they are told
//! apart. Handlers parse, call a method, and render.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;
use webauthn_rs::prelude::PublicKeyCredential;

use crate::audit::Origin;
use crate::auth::{NextStep, Presented, Saved, WayIn};
use crate::clock::rfc3339;
use crate::domain::{AddedVia, DeviceKind, Identity, PasskeyCredential};
use crate::error::Error;
use crate::http::App;
use crate::http::extract::{
    Caller, CurrentSession, Json, Query, RequestOrigin, SessionForEnrolment, SessionForWrite, UserAgent,
};
use crate::http::sessions::SessionView;
use crate::methods::Starter;
use crate::methods::passkey::{NewPasskey, NewPasskeyRequest, OtherDevice, PasskeyMethod};
use crate::secret::Secret;
use crate::sessions::IssuedSession;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/self-service/registration", post(register_other_method))
        .route("/self-service/registration/passkey/options", post(registration_options))
        .route("/self-service/registration/passkey/verify", post(registration_verify))
        .route("/self-service/login/passkey/options", post(login_options))
        .route("/self-service/login/passkey/verify", post(login_verify))
        .route("/self-service/settings/passkeys", get(list_passkeys))
        .route("/self-service/passkeys/signals", get(passkey_signals))
        .route("/self-service/settings/passkeys/options", post(add_passkey_options))
        .route("/self-service/settings/passkeys/verify", post(add_passkey_verify))
        .route("/self-service/settings/passkeys/{id}", patch(rename_passkey))
        .route("/self-service/settings/passkeys/{id}", delete(remove_passkey))
        .route("/self-service/logout", post(logout))
        .route("/self-service/logout/api", delete(logout_api))
}

/// What the pages tell the person's passkey provider through the WebAuthn Signal API: the
/// passkeys this account still accepts (so removed ones disappear from the password manager) and
/// the account's current name. Feature-detected in the page; browsers without it get nothing.
async fn passkey_signals(State(app): State<Arc<App>>, current: CurrentSession) -> Result<Response, Error> {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let identity = &current.active.identity;
    let accepted: Vec<String> = app
        .store
        .passkeys(identity.id)
        .await?
        .iter()
        .map(|p| b64.encode(&p.credential_id))
        .collect();
    Ok(axum::Json(json!({
        "rp_id": app.config.webauthn.rp_id,
        "user_id": b64.encode(identity.user_handle.as_bytes()),
        "name": identity.email,
        "display_name": identity.email,
        "accepted_credential_ids": accepted,
    }))
    .into_response())
}

pub(super) fn starter(caller: &Caller) -> Starter<'_> {
    match caller {
        Caller::Browser(csrf) => Starter::Browser { csrf },
        Caller::Api => Starter::Api,
    }
}

/// The address is proven first: `flow_id` and `code` from `POST /self-service/registration/code`.
/// `email` alone (what sign-up took while email sign-in was off) is answered
/// `sign_up_code_required`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegistrationOptionsBody {
    #[serde(default, rename = "email")]
    _email: Option<String>,
    #[serde(default)]
    flow_id: Option<Uuid>,
    #[serde(default)]
    code: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegisterCredentialBody {
    flow_id: Uuid,
    credential: NewPasskey,
    #[serde(default)]
    return_to: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AssertionBody {
    flow_id: Uuid,
    credential: PublicKeyCredential,
    #[serde(default)]
    return_to: Option<String>,
}

/// Kratos-style `POST /self-service/registration` with a `method`: latchkey answers every method
/// but passkeys with a clear refusal, and never creates a password.
#[derive(Debug, Deserialize)]
struct OtherMethodBody {
    method: String,
}

async fn register_other_method(Json(body): Json<OtherMethodBody>) -> Error {
    match body.method.as_str() {
        "password" => Error::PasswordRegistrationForbidden,
        _ => Error::InvalidRequest(
            "Sign up with a passkey: POST /self-service/registration/code, then /self-service/registration/passkey/options and .../passkey/verify.".into(),
        ),
    }
}

async fn registration_options(
    State(app): State<Arc<App>>,
    caller: Caller,
    Json(body): Json<RegistrationOptionsBody>,
) -> Result<Response, Error> {
    let (Some(flow_id), Some(code)) = (body.flow_id, body.code) else {
        return Err(Error::SignUpCodeRequired);
    };
    let address = app.email.prove_sign_up(flow_id, &code, starter(&caller)).await?;
    let (flow_id, options) = app.passkeys.start_registration(&address, starter(&caller)).await?;
    Ok(axum::Json(json!({ "flow_id": flow_id, "options": options })).into_response())
}

async fn registration_verify(
    State(app): State<Arc<App>>,
    caller: Caller,
    UserAgent(ua): UserAgent,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<RegisterCredentialBody>,
) -> Result<Response, Error> {
    let (identity, passkey) = app
        .passkeys
        .finish_registration(body.flow_id, &body.credential, starter(&caller), &ua)
        .await?;
    signed_in(
        &app,
        &caller,
        &identity,
        WayIn::SignUp { passkey: &passkey },
        &origin,
        body.return_to.as_deref(),
        json!({}),
    )
    .await
}

async fn login_options(State(app): State<Arc<App>>, caller: Caller) -> Result<Response, Error> {
    let (flow_id, options) = app.passkeys.start_login(starter(&caller)).await?;
    Ok(axum::Json(json!({ "flow_id": flow_id, "options": options })).into_response())
}

async fn login_verify(
    State(app): State<Arc<App>>,
    caller: Caller,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<AssertionBody>,
) -> Result<Response, Error> {
    let sign_in = app
        .passkeys
        .finish_login(body.flow_id, &body.credential, starter(&caller), &origin)
        .await?;
    let way = WayIn::Passkey {
        passkey: &sign_in.passkey,
        user_verified: sign_in.user_verified,
    };
    // The password migration's last step: an account that has had a passkey long enough is
    // offered to turn its legacy password off.
    let disable_password = app.password.disable_offer_due(&sign_in.identity).await?;
    if disable_password {
        app.password.prompt_shown(&sign_in.identity, "disable", &origin).await?;
    }
    signed_in(
        &app,
        &caller,
        &sign_in.identity,
        way,
        &origin,
        body.return_to.as_deref(),
        json!({ "disable_password": disable_password }),
    )
    .await
}

/// Completes a sign-in in the auth core and answers the way the caller needs it; `extra` fields
/// join the body. A restricted sign-in whose next step is saving a passkey sends browsers to the
/// re-enrolment page (then on to `return_to`); a recovery link's page saves it in place.
pub(super) async fn signed_in(
    app: &App,
    caller: &Caller,
    identity: &Identity,
    way: WayIn<'_>,
    origin: &Origin,
    return_to: Option<&str>,
    extra: serde_json::Value,
) -> Result<Response, Error> {
    let recovering = matches!(way, WayIn::RecoveryLink);
    let signed = app.auth.complete_sign_in(identity, way, origin).await?;
    let mut extra = extra;
    if let serde_json::Value::Object(fields) = &mut extra {
        fields.insert("next".into(), serde_json::to_value(signed.next)?);
    }
    let re_enrol;
    let return_to = match signed.next {
        NextStep::SavePasskey if !recovering => {
            re_enrol = app.re_enrolment_url(return_to);
            Some(re_enrol.as_str())
        }
        NextStep::SavePasskey | NextStep::Continue => return_to,
    };
    session_reply(app, caller, &signed.session, return_to, extra)
}

/// Answers with a new session the way the caller needs it: a cookie for browsers (and where to
/// go next), the token in the body for API clients; `extra` fields join the body.
pub(super) fn session_reply(
    app: &App,
    caller: &Caller,
    issued: &IssuedSession,
    return_to: Option<&str>,
    extra: serde_json::Value,
) -> Result<Response, Error> {
    let session = SessionView::new(&issued.active, app);
    let mut body = match caller {
        Caller::Browser(_) => {
            json!({ "session": session, "redirect_to": app.return_to.resolve(return_to).as_str() })
        }
        Caller::Api => json!({ "session_token": issued.token.expose(), "session": session }),
    };
    if let (Some(body), serde_json::Value::Object(extra)) = (body.as_object_mut(), extra) {
        body.extend(extra);
    }
    match caller {
        Caller::Browser(_) => Ok((
            [(SET_COOKIE, app.cookies.session(issued.token.expose())?)],
            axum::Json(body),
        )
            .into_response()),
        Caller::Api => Ok(axum::Json(body).into_response()),
    }
}

/// A passkey as the account page lists it.
#[derive(Debug, Serialize)]
pub struct PasskeyView {
    pub id: Uuid,
    pub name: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    /// Backup eligible: the provider can sync it to the user's other devices.
    pub backup_eligible: bool,
    /// Backed up (synced) right now.
    pub synced: bool,
    /// The authenticator model's AAGUID, when it gave one.
    pub aaguid: Option<Uuid>,
    /// The passkey provider or security key model, when known from the AAGUID.
    pub provider: Option<String>,
    /// Where the passkey lives: `built_in`, `phone`, `security_key` or `unknown`.
    pub device: DeviceKind,
    /// How it was saved: `sign_up`, `account`, `recovery`, `upgrade`, `re_enrol`; `None` for
    /// passkeys saved before that was recorded.
    pub added_via: Option<AddedVia>,
    /// It made (or lifted) the session asking: the passkey on this device.
    pub this_session: bool,
}

impl PasskeyView {
    /// `session_passkey`: the passkey that made or lifted the session asking.
    pub fn new(p: &PasskeyCredential, passkeys: &PasskeyMethod, session_passkey: Option<Uuid>) -> Self {
        Self {
            id: p.id,
            name: p.name.clone(),
            created_at: p.created_at,
            last_used_at: p.last_used_at,
            backup_eligible: p.backup_eligible,
            synced: p.backup_state,
            aaguid: p.aaguid,
            provider: passkeys.provider_name(p.aaguid).map(str::to_owned),
            device: p.device_kind,
            added_via: p.added_via,
            this_session: session_passkey == Some(p.id),
        }
    }
}

async fn list_passkeys(State(app): State<Arc<App>>, current: CurrentSession) -> Result<Response, Error> {
    let passkeys = app.store.passkeys(current.active.identity.id).await?;
    let session_passkey = current.active.session.passkey_id;
    let views: Vec<PasskeyView> = passkeys
        .iter()
        .map(|p| PasskeyView::new(p, &app.passkeys, session_passkey))
        .collect();
    Ok(axum::Json(json!({ "passkeys": views })).into_response())
}

/// `{"device": "phone" | "security_key"}` steers the browser to that kind of authenticator;
/// `{"mediation": "conditional"}` asks for an automatic upgrade (no dialog, right after a password
/// sign-in). The body is optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AddPasskeyBody {
    #[serde(default)]
    device: Option<OtherDevice>,
    #[serde(default)]
    mediation: Option<Mediation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Mediation {
    Conditional,
}

impl AddPasskeyBody {
    fn request(&self) -> Result<NewPasskeyRequest, Error> {
        match (self.mediation, self.device) {
            (None, device) => Ok(NewPasskeyRequest::Dialog(device)),
            (Some(Mediation::Conditional), None) => Ok(NewPasskeyRequest::Automatic),
            (Some(Mediation::Conditional), Some(_)) => Err(Error::InvalidRequest(
                "An automatic upgrade saves the passkey where the password manager is: leave out device.".into(),
            )),
        }
    }
}

async fn add_passkey_options(
    State(app): State<Arc<App>>,
    SessionForEnrolment(current, caller): SessionForEnrolment,
    body: Bytes,
) -> Result<Response, Error> {
    let body: AddPasskeyBody = if body.is_empty() {
        AddPasskeyBody::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| Error::InvalidRequest(format!("Malformed JSON body: {e}")))?
    };
    let (flow_id, options) = app
        .auth
        .start_saving_passkey(&current.active, &app.passkeys, starter(&caller), body.request()?)
        .await?;
    Ok(axum::Json(json!({ "flow_id": flow_id, "options": options })).into_response())
}

async fn add_passkey_verify(
    State(app): State<Arc<App>>,
    SessionForEnrolment(current, caller): SessionForEnrolment,
    UserAgent(ua): UserAgent,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<RegisterCredentialBody>,
) -> Result<Response, Error> {
    let identity = &current.active.identity;
    let added = app
        .passkeys
        .finish_add_passkey(identity, body.flow_id, &body.credential, starter(&caller), &ua)
        .await?;
    let presented = Presented {
        active: &current.active,
        token: &current.token,
    };
    let saved = app.auth.save_passkey(presented, added, &origin).await?;
    let session_passkey = saved
        .session
        .as_ref()
        .map_or(current.active.session.passkey_id, |s| s.active.session.passkey_id);
    let view = PasskeyView::new(&saved.passkey, &app.passkeys, session_passkey);
    let Some(session) = saved.session else {
        let automatic = saved.saved == Saved::Automatic;
        return Ok((
            StatusCode::CREATED,
            axum::Json(json!({ "passkey": view, "automatic": automatic })),
        )
            .into_response());
    };
    let extra = match saved.saved {
        Saved::Recovered => json!({ "passkey": view, "recovered": true }),
        Saved::ReEnrolled { lifted } => json!({
            "passkey": view,
            "lifted": lifted,
            "cooldown_until": saved.passkey.cooldown_until.map(rfc3339),
        }),
        Saved::Added | Saved::Automatic => json!({ "passkey": view }),
    };
    let mut reply = session_reply(&app, &caller, &session, body.return_to.as_deref(), extra)?;
    *reply.status_mut() = StatusCode::CREATED;
    Ok(reply)
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RenameBody {
    name: String,
}

/// A passkey id from the path; anything else is a bad request in our error shape.
fn passkey_id(raw: &str) -> Result<Uuid, Error> {
    Uuid::parse_str(raw).map_err(|_| Error::InvalidRequest("That is not a passkey id.".into()))
}

async fn rename_passkey(
    State(app): State<Arc<App>>,
    SessionForWrite(current, _): SessionForWrite,
    Path(id): Path<String>,
    Json(body): Json<RenameBody>,
) -> Result<StatusCode, Error> {
    app.auth
        .rename_passkey(&current.active, &app.passkeys, passkey_id(&id)?, &body.name)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn remove_passkey(
    State(app): State<Arc<App>>,
    SessionForWrite(current, _): SessionForWrite,
    RequestOrigin(origin): RequestOrigin,
    Path(id): Path<String>,
) -> Result<StatusCode, Error> {
    app.auth
        .remove_passkey(&current.active, passkey_id(&id)?, &origin)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
struct LogoutQuery {
    return_to: Option<String>,
}

/// Signs the caller out: the session is revoked in the store and the cookie cleared.
async fn logout(
    State(app): State<Arc<App>>,
    SessionForEnrolment(current, caller): SessionForEnrolment,
    RequestOrigin(origin): RequestOrigin,
    Query(query): Query<LogoutQuery>,
) -> Result<Response, Error> {
    let presented = Presented {
        active: &current.active,
        token: &current.token,
    };
    app.auth.sign_out(presented, &origin).await?;
    match caller {
        Caller::Browser(_) => {
            let login = app.return_to.resolve(query.return_to.as_deref().or(Some("/ui/login")));
            Ok((
                [(SET_COOKIE, app.cookies.clear_session()?)],
                axum::Json(json!({ "redirect_to": login.as_str() })),
            )
                .into_response())
        }
        Caller::Api => Ok(StatusCode::NO_CONTENT.into_response()),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LogoutApiBody {
    session_token: String,
}

/// Kratos's `DELETE /self-service/logout/api` with `{"session_token": ...}`.
async fn logout_api(
    State(app): State<Arc<App>>,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<LogoutApiBody>,
) -> Result<StatusCode, Error> {
    let token = Secret::from_client(&body.session_token);
    let active = app.sessions.resolve(&token).await?;
    let presented = Presented {
        active: &active,
        token: &token,
    };
    app.auth.sign_out(presented, &origin).await?;
    Ok(StatusCode::NO_CONTENT)
}
