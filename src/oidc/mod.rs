//! latchkey as an OpenID Connect provider (Core 1.0; OAuth 2.0 RFC 6749 with PKCE RFC 7636,
//! `iss` in the response RFC 9207, revocation RFC 7009, introspection RFC 7662, RP-initiated
//! logout): an app sends a browser to [`authorize`], which answers a code once the person's
//! session satisfies what the app asked; the app redeems it at the token endpoint ([`grant`]).
//!
//! # Security
//! - Authorization code flow only, PKCE S256 required of every client, redirect URIs compared
//!   exactly: a stolen code is useless without the verifier, and no token ever reaches a URL.
//! - Codes and refresh tokens are 256-bit secrets stored as SHA-256, used once by an atomic
//!   update; a second use of either ends the whole grant (someone else holds a copy).
//! - A grant lives and dies with the session that made it: sign-out, recovery, "This wasn't me"
//!   and an admin's revocation end every token it issued, with nothing to remember to do.
//! - `acr` is policy's answer, never the session's stored level alone: a restricted session
//!   (email on a high-value account, a passkey still cooling) says `aal1`.

mod apps;
pub mod authorize;
mod claims;
mod clients;
pub mod grant;
pub mod logout;

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use uuid::Uuid;

use crate::audit::{Action as Audited, Actor, Audit, Event};
use crate::auth::AuthCore;
use crate::clock::Clock;
use crate::config::{ClientConfig, OAuth2Config};
use crate::error::Error;
use crate::sessions::Sessions;
use crate::store::Store;
use crate::tokens::{SigningAlg, TokenKeys};

pub use apps::AppView;
pub use authorize::{AuthorizationRequest, Authorized};
pub use claims::AccessClaims;
pub use clients::{ClientListed, NewClient};
pub use grant::{TokenRequest, TokenResponse};
pub use logout::{Logout, LogoutRequest};

/// A refusal in OAuth's words (RFC 6749 5.2): `error` and `error_description`.
#[derive(Debug)]
pub enum OAuthError {
    /// The request was understood and refused.
    Refused { code: &'static str, description: String },
    /// The client did not prove who it is (answered 401).
    InvalidClient(&'static str),
    /// latchkey failed.
    Internal(Error),
}

impl OAuthError {
    pub fn refused(code: &'static str, description: impl Into<String>) -> Self {
        Self::Refused {
            code,
            description: description.into(),
        }
    }

    fn invalid_grant() -> Self {
        Self::refused(
            "invalid_grant",
            "the code or refresh token is unknown, expired, used or revoked, or was issued to another client or redirect URI",
        )
    }
}

impl From<Error> for OAuthError {
    fn from(error: Error) -> Self {
        Self::Internal(error)
    }
}

/// How a client authenticated at the token, revocation or introspection endpoint. No `Debug`:
/// it holds the secret.
pub struct ClientCredentials {
    /// From `Authorization: Basic` (`client_secret_basic`).
    pub basic: Option<(String, String)>,
    /// From the form body (`client_secret_post`, or `none` for a public client).
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

pub struct Provider {
    store: Store,
    clock: Arc<dyn Clock>,
    sessions: Arc<Sessions>,
    auth: Arc<AuthCore>,
    keys: Arc<TokenKeys>,
    audit: Arc<Audit>,
    config: OAuth2Config,
    /// The public base URL without its trailing slash, exactly as discovery states it.
    issuer: String,
}

/// What the provider shares with the rest of latchkey.
pub(crate) struct Shared {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub sessions: Arc<Sessions>,
    pub auth: Arc<AuthCore>,
    pub keys: Arc<TokenKeys>,
    pub audit: Arc<Audit>,
}

impl Provider {
    pub(crate) fn new(shared: Shared, config: OAuth2Config, base_url: &url::Url) -> Self {
        let Shared {
            store,
            clock,
            sessions,
            auth,
            keys,
            audit,
        } = shared;
        Self {
            store,
            clock,
            sessions,
            auth,
            keys,
            audit,
            config,
            issuer: base_url.as_str().trim_end_matches('/').to_owned(),
        }
    }

    /// Makes the keys the configured apps sign with before their first token (ES256's are made
    /// on first use anyway).
    pub async fn prepare_keys(&self) -> Result<(), Error> {
        for alg in SigningAlg::ALL {
            if self.config.clients.iter().any(|c| c.signing_alg == alg) {
                self.keys.prepare(alg).await?;
            }
        }
        Ok(())
    }

    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// The provider metadata (OpenID Connect Discovery 1.0, RFC 8414).
    pub fn discovery(&self) -> serde_json::Value {
        let at = |path: &str| format!("{}{path}", self.issuer);
        serde_json::json!({
            "issuer": self.issuer,
            "authorization_endpoint": at("/oauth2/auth"),
            "token_endpoint": at("/oauth2/token"),
            "userinfo_endpoint": at("/userinfo"),
            "jwks_uri": at("/.well-known/jwks.json"),
            "revocation_endpoint": at("/oauth2/revoke"),
            "introspection_endpoint": at("/oauth2/introspect"),
            "end_session_endpoint": at("/oauth2/sessions/logout"),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": SigningAlg::ALL.map(SigningAlg::as_str),
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": crate::config::oauth2::SCOPES,
            "claims_supported": claims::SUPPORTED,
            "acr_values_supported": ["aal1", "aal2"],
            "prompt_values_supported": ["none", "login", "consent"],
            "authorization_response_iss_parameter_supported": true,
            "claims_parameter_supported": false,
            "request_parameter_supported": false,
            "request_uri_parameter_supported": false,
        })
    }

    /// For the consent page: the name of the client an authorization request (`/oauth2/auth?...`)
    /// comes from, and the scopes it may have that the page explains (`scope-*` messages).
    pub async fn asking(&self, authorization: &str) -> Result<Option<(String, Vec<String>)>, Error> {
        let Some(query) = authorization.strip_prefix("/oauth2/auth?") else {
            return Ok(None);
        };
        let mut client_id = None;
        let mut scopes = Vec::new();
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            match &*key {
                "client_id" => client_id = Some(value.into_owned()),
                "scope" => scopes = value.split(' ').map(str::to_owned).collect(),
                _ => {}
            }
        }
        let Some(client) = self.client(client_id.as_deref().unwrap_or_default()).await? else {
            return Ok(None);
        };
        let described = scopes
            .into_iter()
            .filter(|s| client.scopes.contains(s) && scope_is_described(s))
            .collect();
        Ok(Some((client.name, described)))
    }

    /// A client of the configuration (those win) or registered through the admin API.
    async fn client(&self, id: &str) -> Result<Option<ClientConfig>, Error> {
        match self.config.clients.iter().find(|c| c.id == id) {
            Some(configured) => Ok(Some(configured.clone())),
            None => self.store.oauth2_client(id).await,
        }
    }

    /// The client that authenticated, by exactly one method: `client_secret_basic`,
    /// `client_secret_post`, or for a public client its id alone (`none`).
    async fn authenticate(&self, credentials: &ClientCredentials) -> Result<ClientConfig, OAuthError> {
        let (id, secret) = match (&credentials.basic, &credentials.client_secret) {
            (Some(_), Some(_)) => return Err(OAuthError::InvalidClient("use one client authentication method")),
            (Some((id, secret)), None) => {
                if credentials.client_id.as_ref().is_some_and(|body| body != id) {
                    return Err(OAuthError::InvalidClient(
                        "client_id differs from the Basic credentials",
                    ));
                }
                (id.as_str(), Some(secret.as_str()))
            }
            (None, secret) => (
                credentials
                    .client_id
                    .as_deref()
                    .ok_or(OAuthError::InvalidClient("no client_id"))?,
                secret.as_deref(),
            ),
        };
        let client = self
            .client(id)
            .await?
            .ok_or(OAuthError::InvalidClient("unknown client"))?;
        let proven = match (&client.secret_hash, secret) {
            (Some(stored), Some(secret)) => bool::from(stored.ct_eq(&<[u8; 32]>::from(Sha256::digest(secret)))),
            (None, None) => true,
            _ => false,
        };
        if proven {
            Ok(client)
        } else {
            Err(OAuthError::InvalidClient(
                "client authentication failed (wrong or missing secret, or a secret for a public client)",
            ))
        }
    }

    async fn record(&self, event: Event) -> Result<(), Error> {
        self.audit.record(event).await.map(drop)
    }

    /// Ends a grant whose code or refresh token came back a second time.
    async fn end_replayed(&self, grant_id: Uuid, why: &'static str) -> Result<(), Error> {
        let Some(grant) = self.store.oauth2_grant(grant_id).await? else {
            return Ok(());
        };
        if self.store.revoke_oauth2_grant(grant_id, why, self.clock.now()).await? {
            tracing::warn!(client = %grant.client_id, why, "a used code or refresh token came back: its grant is ended");
            self.record(
                Event::new(system(), Audited::OAuth2GrantRevoked, Some(grant.identity_id))
                    .details(serde_json::json!({ "grant_id": grant_id, "client_id": grant.client_id, "why": why })),
            )
            .await?;
        }
        Ok(())
    }
}

/// Whether the consent and account pages say what `scope` lets an app have: every scope latchkey
/// grants has a `scope-<scope>` message; anything else a request names is not shown to people.
pub fn scope_is_described(scope: &str) -> bool {
    crate::config::oauth2::SCOPES.contains(&scope)
}

fn system() -> Actor {
    Actor::System {
        name: "latchkey".into(),
    }
}

/// The actor of what a client did on its own (revoking a token).
fn client_actor(client: &ClientConfig) -> Actor {
    Actor::System {
        name: format!("oauth2_client:{}", client.id),
    }
}

/// `Authorization: Basic` credentials, form-urlencoded inside as RFC 6749 2.3.1 says.
pub fn basic_credentials(header: &str) -> Option<(String, String)> {
    let encoded = header
        .strip_prefix("Basic ")
        .or_else(|| header.strip_prefix("basic "))?;
    let decoded = String::from_utf8(STANDARD.decode(encoded.trim()).ok()?).ok()?;
    let (id, secret) = decoded.split_once(':')?;
    let unescape = |text: &str| {
        url::form_urlencoded::parse(format!("x={text}").as_bytes())
            .next()
            .map(|(_, value)| value.into_owned())
    };
    Some((unescape(id)?, unescape(secret)?))
}
