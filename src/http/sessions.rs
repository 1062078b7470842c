//! `GET /sessions/whoami`: every app's session check, answering the `Session` object of Kratos's
//! API (`@ory/kratos-client`'s `FrontendApi.toSession` parses it unchanged) plus latchkey's own
//! `restricted`.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::{Address, AuthenticationMethod, Identity};
use crate::http::App;
use crate::http::extract::CurrentSession;
use crate::sessions::ActiveSession;

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/sessions/whoami", get(whoami))
}

/// Kratos names the identity in a response header too, for proxies that forward it upstream.
const IDENTITY_HEADER: &str = "x-kratos-authenticated-identity-id";

#[tracing::instrument(skip_all)]
async fn whoami(State(app): State<Arc<App>>, current: CurrentSession) -> Response {
    let identity_id = current.active.identity.id.to_string();
    (
        [(IDENTITY_HEADER, identity_id)],
        axum::Json(SessionView::new(&current.active, &app.schema_url)),
    )
        .into_response()
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
    /// latchkey: the session may only do low-stakes things until it is stepped up.
    pub restricted: bool,
}

impl<'a> SessionView<'a> {
    pub fn new(active: &'a ActiveSession, schema_url: &'a str) -> Self {
        let session = &active.session;
        Self {
            id: session.id,
            active: true,
            expires_at: session.expires_at,
            authenticated_at: session.authenticated_at,
            issued_at: session.issued_at,
            authenticator_assurance_level: session.aal.as_str(),
            authentication_methods: &session.methods,
            identity: IdentityView::new(&active.identity, &active.addresses, schema_url),
            devices: [],
            restricted: session.restricted,
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
