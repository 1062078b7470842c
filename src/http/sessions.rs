//! `GET /sessions/whoami`: every app's session check, answering the `Session` object of Kratos's
//! API (`@ory/kratos-client`'s `FrontendApi.toSession` parses it unchanged) plus latchkey's own
//! `restricted`, `tier`, `privileged_until` and `low_stakes_actions`. `?required_aal=aal2` (Kratos's
//! parameter) refuses a lower session with `session_aal2_required` and where to step up;
//! `?tokenize_as=NAME` (Kratos's too) adds the session as a JWT signed with the JWKS's keys.

use std::sync::Arc;

use axum::Router;
use axum::extract::Path;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::Session;
use crate::domain::{Address, AuthenticationMethod, Identity, Tier};
use crate::error::Error;
use crate::http::App;
use crate::http::extract::{CurrentSession, Query, RequestOrigin, SessionForWrite};
use crate::policy::{self, Action, Facts, Level};
use crate::sessions::ActiveSession;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/sessions/whoami", get(whoami))
        .route("/sessions", get(list_other_sessions))
        .route("/sessions", delete(end_other_sessions))
        .route("/sessions/{id}", delete(end_session))
}

/// Kratos names the identity in a response header too, for proxies that forward it upstream.
const IDENTITY_HEADER: &str = "x-kratos-authenticated-identity-id";

#[derive(Debug, Deserialize)]
struct WhoamiQuery {
    /// `aal1` or `aal2` (Kratos's `highest_available` is read as `aal2`: passkeys are always
    /// available here).
    required_aal: Option<String>,
    /// Where a browser should return after stepping up.
    return_to: Option<String>,
    /// Kratos's: also answer the session as a JWT signed with the JWKS's keys, from the template
    /// of this name (`session.whoami.tokenizer.templates`), in `tokenized`.
    tokenize_as: Option<String>,
}

#[tracing::instrument(skip_all)]
async fn whoami(
    State(app): State<Arc<App>>,
    Query(query): Query<WhoamiQuery>,
    current: CurrentSession,
) -> Result<Response, Error> {
    if let Some(required) = query.required_aal.as_deref() {
        let required = match required {
            "aal2" | "highest_available" => Level::Aal2,
            "aal1" => Level::Aal1,
            _ => {
                return Err(Error::InvalidRequest(
                    "required_aal is aal1, aal2 or highest_available.".into(),
                ));
            }
        };
        // A restricted session (an email sign-in of a high-value account, a passkey still
        // cooling) does not meet aal2 even at level aal2: unlike Kratos, which checks the level
        // alone.
        if !policy::decide(&Facts::Session(current.facts), &Action::MeetLevel(required)).allowed() {
            return Err(Error::AalTooLow {
                step_up: app.page_returning_to("/ui/step-up", query.return_to.as_deref()),
            });
        }
    }
    let identity_id = current.active.identity.id.to_string();
    let view = SessionView::new(&current.active, &app);
    let headers = [(IDENTITY_HEADER, identity_id)];
    // Every app calls whoami on every request: the plain answer stays a plain struct.
    Ok(match query.tokenize_as.as_deref() {
        None => (headers, axum::Json(view)).into_response(),
        Some(name) => {
            // The level the token vouches for is policy's: a restricted session at aal2 (a
            // passkey still cooling) does not meet aal2, so its token says aal1.
            let meets_aal2 = policy::decide(&Facts::Session(current.facts), &Action::MeetLevel(Level::Aal2)).allowed();
            let acr = if meets_aal2 { "aal2" } else { "aal1" };
            let tokenized = tokenize(&app, &view, name, acr).await?;
            (headers, axum::Json(Tokenized { view, tokenized })).into_response()
        }
    })
}

/// The whoami answer with its token.
#[derive(Serialize)]
struct Tokenized<'a> {
    #[serde(flatten)]
    view: SessionView<'a>,
    tokenized: String,
}

/// What a whoami token says: latchkey's claims, the session as whoami shows it, and the
/// template's own claims.
#[derive(Serialize)]
struct SessionToken<'a> {
    iss: &'a str,
    sub: Uuid,
    sid: Uuid,
    iat: i64,
    exp: i64,
    jti: Uuid,
    acr: &'static str,
    session: &'a SessionView<'a>,
    #[serde(flatten)]
    template: &'a serde_json::Map<String, serde_json::Value>,
}

/// The session signed as template `name` says, vouching for level `acr`; it expires with the
/// template's TTL or the session, whichever comes first.
async fn tokenize(app: &App, view: &SessionView<'_>, name: &str, acr: &'static str) -> Result<String, Error> {
    let template = app.config.session.tokenizer_templates.get(name).ok_or_else(|| {
        Error::InvalidRequest("tokenize_as names no template in session.whoami.tokenizer.templates.".into())
    })?;
    let now = app.clock.now();
    let expires = (now + template.ttl).min(view.expires_at);
    app.tokens
        .sign(&SessionToken {
            iss: app.oidc.issuer(),
            sub: view.identity.id,
            sid: view.id,
            iat: now.unix_timestamp(),
            exp: expires.unix_timestamp(),
            jti: Uuid::new_v4(),
            acr,
            session: view,
            template: &template.claims,
        })
        .await
}

/// Another session of the signed-in person, as the account page lists it (Kratos's
/// `GET /sessions` lists the other sessions too; this shape adds where and how each began).
#[derive(Debug, Serialize)]
pub(crate) struct OtherSession<'a> {
    id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    authenticated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    last_active_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    expires_at: OffsetDateTime,
    authenticator_assurance_level: &'static str,
    authentication_methods: &'a [AuthenticationMethod],
    restricted: bool,
    /// The browser and system that signed in, e.g. "Chrome on Linux".
    device: String,
    /// How it began, in words: "a passkey", "an email code", ...
    method: &'static str,
}

impl<'a> From<&'a Session> for OtherSession<'a> {
    fn from(session: &'a Session) -> Self {
        let device = crate::user_agent::summary(session.user_agent.as_deref().unwrap_or_default());
        Self {
            id: session.id,
            authenticated_at: session.authenticated_at,
            last_active_at: session.last_active_at,
            expires_at: session.expires_at,
            authenticator_assurance_level: session.aal.as_str(),
            authentication_methods: &session.methods,
            restricted: session.restricted,
            device,
            method: session.methods.first().map_or("", |m| m.method.in_words()),
        }
    }
}

/// The signed-in person's other live sessions, newest first.
async fn list_other_sessions(State(app): State<Arc<App>>, current: CurrentSession) -> Result<Response, Error> {
    let others = app.auth.other_sessions(&current.active).await?;
    let views: Vec<OtherSession> = others.iter().map(OtherSession::from).collect();
    Ok(axum::Json(views).into_response())
}

/// Ends every other session of the signed-in person (Kratos's `DELETE /sessions`).
async fn end_other_sessions(
    State(app): State<Arc<App>>,
    SessionForWrite(current, _): SessionForWrite,
    RequestOrigin(origin): RequestOrigin,
) -> Result<Response, Error> {
    let count = app.auth.end_other_sessions(&current.active, &origin).await?;
    Ok(axum::Json(serde_json::json!({ "count": count })).into_response())
}

/// Ends one other session of the signed-in person (Kratos's `DELETE /sessions/{id}`).
async fn end_session(
    State(app): State<Arc<App>>,
    SessionForWrite(current, _): SessionForWrite,
    RequestOrigin(origin): RequestOrigin,
    Path(id): Path<String>,
) -> Result<StatusCode, Error> {
    let id = Uuid::parse_str(&id).map_err(|_| Error::InvalidRequest("That is not a session id.".into()))?;
    app.auth.end_session(&current.active, id, &origin).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Kratos's `Session`.
#[derive(Debug, Serialize)]
pub struct SessionView<'a> {
    pub id: Uuid,
    pub active: bool,
    #[serde(with = "time::serde::rfc3339")]
    pub expires_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub authenticated_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub issued_at: OffsetDateTime,
    pub authenticator_assurance_level: &'static str,
    pub authentication_methods: &'a [AuthenticationMethod],
    pub identity: IdentityView<'a>,
    pub devices: [(); 0],
    /// latchkey: the session may only do low-stakes things until a passkey lifts it.
    pub restricted: bool,
    /// latchkey: `standard` or `high_value`.
    pub tier: Tier,
    /// latchkey: until when sensitive settings need no new passkey sign-in (`null`: now).
    #[serde(with = "time::serde::rfc3339::option")]
    pub privileged_until: Option<OffsetDateTime>,
    /// latchkey: what the operator lists as low-stakes (`policy.high_value.low_stakes_actions`):
    /// all a restricted session should be let do.
    pub low_stakes_actions: &'a [String],
}

impl<'a> SessionView<'a> {
    pub fn new(active: &'a ActiveSession, app: &'a App) -> Self {
        let session = &active.session;
        let now = app.clock.now();
        let privileged_until = policy::privileged_until(session, app.config.privileged_window).filter(|t| *t > now);
        let tier = app.sessions.tier(&active.identity);
        Self {
            id: session.id,
            active: true,
            expires_at: session.expires_at,
            authenticated_at: session.authenticated_at,
            issued_at: session.issued_at,
            authenticator_assurance_level: session.aal.as_str(),
            authentication_methods: &session.methods,
            identity: IdentityView::new(&active.identity, &active.addresses, &app.schema_url),
            devices: [],
            restricted: policy::is_restricted(session, tier),
            tier,
            privileged_until,
            low_stakes_actions: &app.config.policy.low_stakes_actions,
        }
    }
}

/// Kratos's `Identity`.
#[derive(Debug, Serialize)]
pub struct IdentityView<'a> {
    pub id: Uuid,
    pub schema_id: &'a str,
    pub schema_url: &'a str,
    pub state: &'static str,
    pub traits: Traits<'a>,
    pub verifiable_addresses: Vec<VerifiableAddress<'a>>,
    pub recovery_addresses: Vec<RecoveryAddress<'a>>,
    pub metadata_public: Option<()>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl<'a> IdentityView<'a> {
    pub fn new(identity: &'a Identity, addresses: &'a [Address], schema_url: &'a str) -> Self {
        Self {
            id: identity.id,
            schema_id: &identity.schema_id,
            schema_url,
            state: identity.state.as_str(),
            traits: Traits { email: &identity.email },
            verifiable_addresses: addresses.iter().map(VerifiableAddress::from).collect(),
            recovery_addresses: addresses.iter().map(RecoveryAddress::from).collect(),
            metadata_public: None,
            created_at: identity.created_at,
            updated_at: identity.updated_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct Traits<'a> {
    pub email: &'a str,
}

#[derive(Debug, Serialize)]
pub struct VerifiableAddress<'a> {
    pub id: Uuid,
    pub value: &'a str,
    pub verified: bool,
    pub via: &'static str,
    pub status: &'static str,
    #[serde(with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    pub verified_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl<'a> From<&'a Address> for VerifiableAddress<'a> {
    fn from(address: &'a Address) -> Self {
        Self {
            id: address.id,
            value: &address.value,
            verified: address.verified,
            via: "email",
            status: if address.verified { "completed" } else { "pending" },
            verified_at: address.verified_at,
            created_at: address.created_at,
            updated_at: address.updated_at,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RecoveryAddress<'a> {
    pub id: Uuid,
    pub value: &'a str,
    pub via: &'static str,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

impl<'a> From<&'a Address> for RecoveryAddress<'a> {
    fn from(address: &'a Address) -> Self {
        Self {
            id: address.id,
            value: &address.value,
            via: "email",
            created_at: address.created_at,
            updated_at: address.updated_at,
        }
    }
}
