//! `oauth2`: latchkey as an OpenID Connect provider. The apps that may sign people in through it
//! (`clients`) and how long the tokens it hands them live.

use serde::Deserialize;
use sha2::{Digest, Sha256};
use time::Duration;
use url::Url;

use super::{ConfigError, MAX_TOKEN_TTL, positive_duration};
use crate::tokens::SigningAlg;

/// The scopes latchkey grants: who the person is, their email, and refresh tokens.
pub const SCOPES: [&str; 3] = ["openid", "email", "offline_access"];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOAuth2 {
    pub access_token_ttl: Option<String>,
    pub clients: Option<Vec<RawClient>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawClient {
    pub id: Option<String>,
    pub name: Option<String>,
    pub secret: Option<String>,
    pub redirect_uris: Option<Vec<String>>,
    pub post_logout_redirect_uris: Option<Vec<String>>,
    pub scopes: Option<Vec<String>>,
    pub first_party: Option<bool>,
    /// OpenID Connect Dynamic Registration's name: `ES256` (default) or `EdDSA`.
    pub id_token_signed_response_alg: Option<String>,
}

#[derive(Debug, Clone)]
pub struct OAuth2Config {
    /// How long ID and access tokens live (refresh tokens live as long as their session).
    pub access_token_ttl: Duration,
    pub clients: Vec<ClientConfig>,
}

/// An app that signs people in through latchkey.
#[derive(Clone)]
pub struct ClientConfig {
    pub id: String,
    /// Shown on the consent page.
    pub name: String,
    /// SHA-256 of the client secret (the secret itself is not kept); none for a public client,
    /// which proves itself with PKCE alone.
    pub secret_hash: Option<[u8; 32]>,
    /// Matched exactly, character for character.
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub scopes: Vec<String>,
    /// The operator's own app: no consent page.
    pub first_party: bool,
    /// What its ID and access tokens are signed with.
    pub signing_alg: SigningAlg,
}

impl std::fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientConfig")
            .field("id", &self.id)
            .field("confidential", &self.secret_hash.is_some())
            .field("redirect_uris", &self.redirect_uris)
            .field("scopes", &self.scopes)
            .field("first_party", &self.first_party)
            .field("signing_alg", &self.signing_alg)
            .finish_non_exhaustive()
    }
}

pub fn oauth2(raw: RawOAuth2) -> Result<OAuth2Config, ConfigError> {
    let access_token_ttl = match raw.access_token_ttl {
        None => Duration::minutes(5),
        Some(text) => {
            let ttl = positive_duration("oauth2.access_token_ttl", &text)?;
            if ttl > MAX_TOKEN_TTL {
                return Err(ConfigError::new(
                    "oauth2.access_token_ttl",
                    &text,
                    "longer than an hour: signing keys stay published only an hour after they retire",
                    "use 1h or less (apps refresh for longer access)",
                ));
            }
            ttl
        }
    };
    let clients = raw
        .clients
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(i, client)| validate_client(&format!("oauth2.clients[{i}]"), client))
        .collect::<Result<Vec<_>, _>>()?;
    for (i, client) in clients.iter().enumerate() {
        if clients.iter().take(i).any(|c| c.id == client.id) {
            return Err(ConfigError::new(
                &format!("oauth2.clients[{i}].id"),
                &client.id,
                "another client has this id",
                "give every client its own id",
            ));
        }
    }
    Ok(OAuth2Config {
        access_token_ttl,
        clients,
    })
}

/// A client as the config or the admin API describes it, checked; `key` names it in errors.
pub(crate) fn validate_client(key: &str, raw: RawClient) -> Result<ClientConfig, ConfigError> {
    let id = raw.id.unwrap_or_default();
    if id.is_empty() || id.len() > 128 || !id.chars().all(|c| c.is_ascii_graphic()) {
        return Err(ConfigError::new(
            &format!("{key}.id"),
            &id,
            "not a client id",
            "1 to 128 visible ASCII characters, e.g. grafana",
        ));
    }
    let secret_hash = raw.secret.map(|secret| client_secret(key, &secret)).transpose()?;
    let redirect_uris = uris(&format!("{key}.redirect_uris"), raw.redirect_uris.unwrap_or_default())?;
    if redirect_uris.is_empty() {
        return Err(ConfigError::new(
            &format!("{key}.redirect_uris"),
            "[]",
            "no redirect URI: nobody could sign in to this client",
            "list the app's callback URLs, e.g. https://app.example.com/callback",
        ));
    }
    let post_logout_redirect_uris = uris(
        &format!("{key}.post_logout_redirect_uris"),
        raw.post_logout_redirect_uris.unwrap_or_default(),
    )?;
    let scopes = raw.scopes.unwrap_or_else(|| vec!["openid".into(), "email".into()]);
    if let Some(unknown) = scopes.iter().find(|s| !SCOPES.contains(&s.as_str())) {
        return Err(ConfigError::new(
            &format!("{key}.scopes"),
            unknown,
            "not a scope latchkey grants",
            format!("use some of {}", SCOPES.join(", ")),
        ));
    }
    if !scopes.iter().any(|s| s == "openid") {
        return Err(ConfigError::new(
            &format!("{key}.scopes"),
            scopes.join(" "),
            "without openid the client gets no ID token",
            "include openid",
        ));
    }
    let signing_alg = match raw.id_token_signed_response_alg.as_deref() {
        None => SigningAlg::Es256,
        Some(text) => SigningAlg::parse(text).ok_or_else(|| {
            ConfigError::new(
                &format!("{key}.id_token_signed_response_alg"),
                text,
                "not an algorithm latchkey signs with",
                "use ES256 (the default) or EdDSA",
            )
        })?,
    };
    Ok(ClientConfig {
        signing_alg,
        name: raw.name.unwrap_or_else(|| id.clone()),
        id,
        secret_hash,
        redirect_uris,
        post_logout_redirect_uris,
        scopes,
        first_party: raw.first_party.unwrap_or(false),
    })
}

fn client_secret(key: &str, secret: &str) -> Result<[u8; 32], ConfigError> {
    if secret.chars().count() < 32 {
        return Err(ConfigError::new(
            &format!("{key}.secret"),
            "(hidden)",
            "shorter than 32 characters",
            "a random secret of at least 32 characters (openssl rand -hex 32), or none for a public client",
        ));
    }
    Ok(Sha256::digest(secret.as_bytes()).into())
}

/// Redirect URIs are compared exactly, so each must be an absolute URL without a fragment; plain
/// http only to this machine (RFC 8252 native apps, development).
fn uris(key: &str, raw: Vec<String>) -> Result<Vec<String>, ConfigError> {
    raw.into_iter()
        .enumerate()
        .map(|(i, text)| {
            let key = format!("{key}[{i}]");
            let url = Url::parse(&text)
                .map_err(|e| ConfigError::new(&key, &text, &format!("not a URL: {e}"), "an absolute https URL"))?;
            let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
            if url.fragment().is_some() || !(url.scheme() == "https" || (url.scheme() == "http" && loopback)) {
                return Err(ConfigError::new(
                    &key,
                    &text,
                    "codes and tokens would travel in clear text or to a fragment",
                    "use an https URL without #fragment (plain http only to localhost)",
                ));
            }
            Ok(text)
        })
        .collect()
}
