//! The email fallback's JSON API: ask for a code, sign in with the code or the link, confirm an
//! address. The link itself lands on a hosted page (`/ui/login/link`) whose button posts here:
//! a GET never signs anyone in.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Deserialize;
use serde_json::json;
use uuid::Uuid;

use crate::auth::WayIn;
use crate::error::Error;
use crate::http::App;
use crate::http::extract::{Caller, ClientIp, Json, RequestOrigin, SessionForWrite, UserAgent};
use crate::http::selfservice::{signed_in, starter};
use crate::methods::email_code::{CodeRequest, ConfirmedAddress, SentGrant};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/self-service/registration/code", post(send_sign_up_code))
        .route("/self-service/login/code", post(send_code))
        .route("/self-service/login/code/verify", post(sign_in_with_code))
        .route("/self-service/login/link", post(sign_in_with_link))
        .route("/self-service/login/link/account", post(link_account))
        .route("/self-service/verification", post(send_verification))
        .route("/self-service/verification/code", post(verify_with_code))
        .route("/self-service/verification/link", post(verify_with_link))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SendCodeBody {
    email: String,
    /// The flow of an earlier request from this client: asking again replaces its code.
    #[serde(default)]
    flow_id: Option<Uuid>,
    #[serde(default)]
    return_to: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeBody {
    flow_id: Uuid,
    code: String,
    /// The address the code was asked for; refused when it is not the one the code went to.
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    return_to: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkBody {
    token: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct VerificationCodeBody {
    flow_id: Uuid,
    code: String,
}

fn sent(grant: SentGrant, message: &str) -> Response {
    axum::Json(json!({
        "flow_id": grant.flow_id,
        "expires_at": grant.expires_at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default(),
        "message": message,
    }))
    .into_response()
}

async fn send_code(
    State(app): State<Arc<App>>,
    caller: Caller,
    UserAgent(ua): UserAgent,
    ClientIp(client_ip): ClientIp,
    Json(body): Json<SendCodeBody>,
) -> Result<Response, Error> {
    let return_to = body
        .return_to
        .as_deref()
        .map(|requested| app.return_to.resolve(Some(requested)).to_string());
    let request = CodeRequest {
        email: &body.email,
        starter: starter(&caller),
        client_ip: &client_ip,
        user_agent: &ua,
        return_to,
        replaces: body.flow_id,
    };
    let grant = app.email.send_sign_in_code(request).await?;
    Ok(sent(
        grant,
        "If this address can sign in, a code and a link are on their way. Check your inbox.",
    ))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SignUpCodeBody {
    email: String,
    /// The flow of an earlier request from this client: asking again replaces its code.
    #[serde(default)]
    flow_id: Option<Uuid>,
}

async fn send_sign_up_code(
    State(app): State<Arc<App>>,
    caller: Caller,
    UserAgent(ua): UserAgent,
    ClientIp(client_ip): ClientIp,
    Json(body): Json<SignUpCodeBody>,
) -> Result<Response, Error> {
    let request = CodeRequest {
        email: &body.email,
        starter: starter(&caller),
        client_ip: &client_ip,
        user_agent: &ua,
        return_to: None,
        replaces: body.flow_id,
    };
    let grant = app.email.send_sign_up_code(request).await?;
    Ok(sent(
        grant,
        "A code is on its way to this address. Enter it to continue.",
    ))
}

async fn sign_in_with_code(
    State(app): State<Arc<App>>,
    caller: Caller,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<CodeBody>,
) -> Result<Response, Error> {
    let sign_in = app
        .email
        .sign_in_with_code(body.flow_id, &body.code, body.email.as_deref(), starter(&caller))
        .await?;
    let return_to = body.return_to.or(sign_in.return_to);
    signed_in(
        &app,
        &caller,
        &sign_in.identity,
        WayIn::EmailCode,
        &origin,
        return_to.as_deref(),
        json!({}),
    )
    .await
}

async fn sign_in_with_link(
    State(app): State<Arc<App>>,
    caller: Caller,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<LinkBody>,
) -> Result<Response, Error> {
    let sign_in = app.email.sign_in_with_link(&body.token).await?;
    signed_in(
        &app,
        &caller,
        &sign_in.identity,
        WayIn::MagicLink,
        &origin,
        sign_in.return_to.as_deref(),
        json!({}),
    )
    .await
}

/// Which account a sign-in link is for (masked), without using it: the confirm page shows it.
async fn link_account(
    State(app): State<Arc<App>>,
    _caller: Caller,
    Json(body): Json<LinkBody>,
) -> Result<Response, Error> {
    let account = app.email.link_account(&body.token).await?;
    Ok(axum::Json(json!({ "account": account })).into_response())
}

async fn send_verification(
    State(app): State<Arc<App>>,
    SessionForWrite(current, caller): SessionForWrite,
    UserAgent(ua): UserAgent,
    ClientIp(client_ip): ClientIp,
) -> Result<Response, Error> {
    app.auth.may_change_addresses(&current.active).await?;
    let identity = &current.active.identity;
    let request = CodeRequest {
        email: &identity.email,
        starter: starter(&caller),
        client_ip: &client_ip,
        user_agent: &ua,
        return_to: None,
        replaces: None,
    };
    let grant = app.email.send_verification(identity, request, true).await?;
    Ok(sent(
        grant,
        "A confirmation code and link are on their way. Check your inbox.",
    ))
}

async fn verify_with_code(
    State(app): State<Arc<App>>,
    SessionForWrite(current, caller): SessionForWrite,
    Json(body): Json<VerificationCodeBody>,
) -> Result<Response, Error> {
    app.auth.may_change_addresses(&current.active).await?;
    let confirmed = app
        .email
        .verify_with_code(&current.active.identity, body.flow_id, &body.code, starter(&caller))
        .await?;
    Ok(confirmed_response(&app, &confirmed))
}

/// `whoami` shows addresses: cached copies of the identity's sessions are now stale.
fn confirmed_response(app: &App, confirmed: &ConfirmedAddress) -> Response {
    app.sessions.forget_identity(confirmed.identity_id);
    axum::Json(json!({ "address": confirmed.address, "verified": true })).into_response()
}

async fn verify_with_link(
    State(app): State<Arc<App>>,
    _caller: Caller,
    Json(body): Json<LinkBody>,
) -> Result<Response, Error> {
    let confirmed = app.email.verify_with_link(&body.token).await?;
    Ok(confirmed_response(&app, &confirmed))
}
