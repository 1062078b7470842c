//! `GET /sessions/whoami`: every app's session check, answering the `Session` object of Kratos's
//! API (`@ory/kratos-client`'s `FrontendApi.toSession` parses it unchanged) plus latchkey's own
//! `restricted`, `tier`, `privileged_until` and `low_stakes_actions`. `?required_aal=aal2` (Kratos's
//! parameter) refuses a lower session with `session_aal2_required` and where to step up.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::{Aal, Address, AuthenticationMethod, Identity, Tier};
use crate::error::Error;
use crate::http::App;
use crate::http::extract::{CurrentSession, Query};
use crate::policy;
use crate::sessions::ActiveSession;

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/sessions/whoami", get(whoami))
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
}

#[tracing::instrument(skip_all)]
async fn whoami(
    State(app): State<Arc<App>>,
    Query(query): Query<WhoamiQuery>,
    current: CurrentSession,
) -> Result<Response, Error> {
    if let Some(required) = query.required_aal.as_deref() {
        let required = match required {
            "highest_available" => Aal::Aal2,
            other => Aal::parse(other)
                .ok_or_else(|| Error::InvalidRequest("required_aal is aal1, aal2 or highest_available.".into()))?,
        };
        if current.active.session.aal < required {
            let step_up = app
                .config
                .public
                .base_url
                .join("ui/step-up")
                .map_err(|e| Error::Internal(format!("step-up url: {e}")))?;
            let mut step_up = step_up;
            if let Some(target) = query.return_to.as_deref() {
                step_up
                    .query_pairs_mut()
                    .append_pair("return_to", app.return_to.resolve(Some(target)).as_str());
            }
            return Err(Error::AalTooLow {
                step_up: step_up.to_string(),
            });
        }
    }
    let identity_id = current.active.identity.id.to_string();
    Ok((
        [(IDENTITY_HEADER, identity_id)],
        axum::Json(SessionView::new(&current.active, &app)),
    )
        .into_response())
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
            restricted: session.restricted,
            tier: app.sessions.tier(&active.identity),
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
