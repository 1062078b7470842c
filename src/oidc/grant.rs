//! The token endpoint (codes and refresh tokens in, tokens out) and what apps and resource
//! servers do with the tokens afterwards: `userinfo`, introspection, revocation.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::claims::{AccessClaims, Authentication, IdClaims};
use super::{ClientCredentials, OAuthError, Provider, client_actor};
use crate::audit::{Action as Audited, Event};
use crate::config::ClientConfig;
use crate::error::Error;
use crate::policy::{Action, Facts, Level, decide};
use crate::secret::{Secret, hex, random_bytes};
use crate::sessions::ActiveSession;
use crate::store::{OAuth2Grant, Redemption};
use crate::tokens::{ACCESS_TOKEN, JWT};

/// The form of `POST /oauth2/token`. No `Debug`: it holds codes, refresh tokens and secrets.
#[derive(Deserialize)]
pub struct TokenRequest {
    pub grant_type: Option<String>,
    pub code: Option<String>,
    pub redirect_uri: Option<String>,
    pub code_verifier: Option<String>,
    pub refresh_token: Option<String>,
    pub scope: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<String>,
}

/// RFC 6749 5.1, with the ID token. No `Debug`: it holds the tokens.
#[derive(Serialize)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
    pub id_token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    pub scope: String,
}

impl Provider {
    /// `POST /oauth2/token`.
    pub async fn token(
        &self,
        request: &TokenRequest,
        credentials: &ClientCredentials,
    ) -> Result<TokenResponse, OAuthError> {
        let client = &self.authenticate(credentials).await?;
        match request.grant_type.as_deref() {
            Some("authorization_code") => self.exchange_code(client, request).await,
            Some("refresh_token") => self.refresh(client, request).await,
            Some(_) => Err(OAuthError::refused(
                "unsupported_grant_type",
                "grant_type must be authorization_code or refresh_token",
            )),
            None => Err(OAuthError::refused("invalid_request", "grant_type is missing")),
        }
    }

    async fn exchange_code(&self, client: &ClientConfig, request: &TokenRequest) -> Result<TokenResponse, OAuthError> {
        let (Some(code), Some(redirect_uri), Some(verifier)) =
            (&request.code, &request.redirect_uri, &request.code_verifier)
        else {
            return Err(OAuthError::refused(
                "invalid_request",
                "code, redirect_uri and code_verifier are required",
            ));
        };
        let now = self.clock.now();
        let grant = match self
            .store
            .redeem_oauth2_code(&Secret::from_client(code).hash(), now)
            .await?
        {
            Redemption::Redeemed(grant) => grant,
            Redemption::Reused(grant_id) => {
                self.end_replayed(grant_id, "code_reused").await?;
                return Err(OAuthError::invalid_grant());
            }
            Redemption::Refused => return Err(OAuthError::invalid_grant()),
        };
        // The code is spent whatever follows: a code that reached the wrong client or lost its
        // verifier is not tried again.
        if grant.client_id != client.id || grant.redirect_uri != *redirect_uri || !pkce_matches(verifier, &grant) {
            return Err(OAuthError::invalid_grant());
        }
        let active = self
            .sessions
            .active_by_id(grant.session_id)
            .await?
            .ok_or_else(OAuthError::invalid_grant)?;
        let refresh = self.refresh_token_for(&grant)?;
        self.store
            .start_oauth2_grant(
                grant.id,
                active.session.expires_at,
                refresh.as_ref().map(Secret::hash).as_ref(),
                now,
            )
            .await?;
        self.record(
            Event::by_identity(grant.identity_id, Audited::OAuth2Granted).details(json!({
                "grant_id": grant.id,
                "client_id": client.id,
                "scopes": grant.scopes,
                "session_id": grant.session_id,
            })),
        )
        .await?;
        self.issue(client, &grant, &active, refresh).await
    }

    async fn refresh(&self, client: &ClientConfig, request: &TokenRequest) -> Result<TokenResponse, OAuthError> {
        let presented = Secret::from_client(
            request
                .refresh_token
                .as_deref()
                .ok_or_else(|| OAuthError::refused("invalid_request", "refresh_token is missing"))?,
        )
        .hash();
        // Another client's token is refused before it is used, so its owner keeps it.
        match self.store.oauth2_refresh_grant(&presented).await? {
            Some((grant, _)) if grant.client_id == client.id => {}
            _ => return Err(OAuthError::invalid_grant()),
        }
        let now = self.clock.now();
        let grant = match self.store.take_oauth2_refresh(&presented, now).await? {
            Redemption::Redeemed(grant) => grant,
            Redemption::Reused(grant_id) => {
                self.end_replayed(grant_id, "refresh_reused").await?;
                return Err(OAuthError::invalid_grant());
            }
            Redemption::Refused => return Err(OAuthError::invalid_grant()),
        };
        if let Some(asked) = &request.scope
            && asked
                .split(' ')
                .any(|s| !s.is_empty() && !grant.scopes.iter().any(|g| g == s))
        {
            return Err(OAuthError::refused(
                "invalid_scope",
                "a refresh cannot widen the scopes granted",
            ));
        }
        let active = self
            .sessions
            .active_by_id(grant.session_id)
            .await?
            .ok_or_else(OAuthError::invalid_grant)?;
        let next = Secret::generate()?;
        self.store.add_oauth2_refresh(grant.id, &next.hash(), now).await?;
        self.issue(client, &grant, &active, Some(next)).await
    }

    /// A refresh token when the grant includes `offline_access`.
    fn refresh_token_for(&self, grant: &OAuth2Grant) -> Result<Option<Secret>, Error> {
        grant
            .scopes
            .iter()
            .any(|s| s == "offline_access")
            .then(Secret::generate)
            .transpose()
    }

    /// The ID and access tokens of `grant`, saying how the session stands now.
    async fn issue(
        &self,
        client: &ClientConfig,
        grant: &OAuth2Grant,
        active: &ActiveSession,
        refresh: Option<Secret>,
    ) -> Result<TokenResponse, OAuthError> {
        let now = self.clock.now();
        let session = &active.session;
        let authentication = self.authentication(active).await?;
        let exp = (now + self.config.access_token_ttl).min(session.expires_at);
        let (email, email_verified) = if grant.scopes.iter().any(|s| s == "email") {
            (Some(active.identity.email.as_str()), Some(active.email_verified()))
        } else {
            (None, None)
        };
        let id_token = self
            .keys
            .sign_with(
                client.signing_alg,
                JWT,
                &IdClaims {
                    iss: &self.issuer,
                    sub: active.identity.id,
                    aud: &client.id,
                    azp: &client.id,
                    exp: exp.unix_timestamp(),
                    iat: now.unix_timestamp(),
                    auth_time: session.authenticated_at.unix_timestamp(),
                    nonce: grant.nonce.as_deref(),
                    acr: authentication.acr,
                    amr: &authentication.amr,
                    sid: session.id,
                    email,
                    email_verified,
                    restricted: authentication.restricted,
                },
            )
            .await?;
        let access = AccessClaims {
            iss: self.issuer.clone(),
            sub: active.identity.id,
            aud: client.id.clone(),
            client_id: client.id.clone(),
            exp: exp.unix_timestamp(),
            iat: now.unix_timestamp(),
            jti: hex(&random_bytes::<16>()?),
            scope: grant.scopes.join(" "),
            sid: session.id,
            auth_time: session.authenticated_at.unix_timestamp(),
            acr: authentication.acr.to_owned(),
            amr: authentication.amr.iter().map(|v| (*v).to_owned()).collect(),
            grant_id: grant.id,
        };
        Ok(TokenResponse {
            access_token: self.keys.sign_with(client.signing_alg, ACCESS_TOKEN, &access).await?,
            token_type: "Bearer",
            expires_in: (exp - now).whole_seconds(),
            id_token,
            refresh_token: refresh.map(|r| r.expose().to_owned()),
            scope: grant.scopes.join(" "),
        })
    }

    /// `acr` and `amr` of a session as policy sees it now.
    async fn authentication(&self, active: &ActiveSession) -> Result<Authentication, Error> {
        let facts = self.auth.facts(active).await?;
        let meets_aal2 = decide(&Facts::Session(facts), &Action::MeetLevel(Level::Aal2)).allowed();
        let passkey = match active.session.passkey_id {
            Some(id) => self.store.passkey(active.identity.id, id).await?,
            None => None,
        };
        Ok(Authentication::of(active, meets_aal2, passkey.as_ref()))
    }

    /// An access token's claims while it is unexpired and its grant and session live; with the
    /// session as it is now.
    pub async fn accepted_access_token(&self, token: &str) -> Result<Option<(AccessClaims, ActiveSession)>, Error> {
        let Some(claims) = self
            .keys
            .verify::<AccessClaims>(ACCESS_TOKEN, token, &self.issuer)
            .await
        else {
            return Ok(None);
        };
        if claims.exp <= self.clock.now().unix_timestamp() {
            return Ok(None);
        }
        let Some(grant) = self.live_grant(claims.grant_id, &claims.client_id).await? else {
            return Ok(None);
        };
        Ok(self
            .sessions
            .active_by_id(grant.session_id)
            .await?
            .map(|active| (claims, active)))
    }

    /// The grant while unrevoked and unexpired, when it is `client_id`'s.
    async fn live_grant(&self, id: uuid::Uuid, client_id: &str) -> Result<Option<OAuth2Grant>, Error> {
        let now = self.clock.now();
        Ok(self
            .store
            .oauth2_grant(id)
            .await?
            .filter(|g| g.revoked_at.is_none() && now < g.expires_at && g.client_id == client_id))
    }

    /// `GET /userinfo`: the claims the access token's scopes allow; `None` for a token not
    /// accepted (expired, revoked, its session ended).
    pub async fn userinfo(&self, token: &str) -> Result<Option<Value>, Error> {
        let Some((claims, active)) = self.accepted_access_token(token).await? else {
            return Ok(None);
        };
        let sub = active.identity.id;
        Ok(Some(if claims.scope.split(' ').any(|s| s == "email") {
            json!({ "sub": sub, "email": active.identity.email, "email_verified": active.email_verified() })
        } else {
            json!({ "sub": sub })
        }))
    }

    /// `POST /oauth2/introspect` (RFC 7662), for confidential clients (resource servers). A
    /// refresh token is only described to the client it was issued to.
    pub async fn introspect(&self, credentials: &ClientCredentials, token: &str) -> Result<Value, OAuthError> {
        let client = &self.authenticate(credentials).await?;
        if client.secret_hash.is_none() {
            return Err(OAuthError::InvalidClient("introspection is for confidential clients"));
        }
        let inactive = json!({ "active": false });
        if let Some((grant, unused)) = self
            .store
            .oauth2_refresh_grant(&Secret::from_client(token).hash())
            .await?
        {
            let live = unused
                && grant.client_id == client.id
                && self.live_grant(grant.id, &client.id).await?.is_some()
                && self.sessions.active_by_id(grant.session_id).await?.is_some();
            return Ok(if live {
                json!({
                    "active": true,
                    "token_type": "refresh_token",
                    "client_id": grant.client_id,
                    "sub": grant.identity_id,
                    "scope": grant.scopes.join(" "),
                    "exp": grant.expires_at.unix_timestamp(),
                    "iss": self.issuer,
                })
            } else {
                inactive
            });
        }
        Ok(match self.accepted_access_token(token).await? {
            Some((claims, _)) => serde_json::to_value(ActiveAccessToken {
                active: true,
                token_type: "Bearer",
                claims,
            })
            .map_err(Error::from)?,
            None => inactive,
        })
    }

    /// `POST /oauth2/revoke` (RFC 7009): a refresh or access token ends its whole grant. Unknown
    /// tokens and other clients' tokens change nothing and are not told apart (2.2).
    pub async fn revoke(&self, credentials: &ClientCredentials, token: &str) -> Result<(), OAuthError> {
        let client = &self.authenticate(credentials).await?;
        let grant = match self
            .store
            .oauth2_refresh_grant(&Secret::from_client(token).hash())
            .await?
        {
            Some((grant, _)) => Some(grant),
            None => match self
                .keys
                .verify::<AccessClaims>(ACCESS_TOKEN, token, &self.issuer)
                .await
            {
                Some(claims) => self.store.oauth2_grant(claims.grant_id).await?,
                None => None,
            },
        };
        let Some(grant) = grant.filter(|g| g.client_id == client.id) else {
            return Ok(());
        };
        if self
            .store
            .revoke_oauth2_grant(grant.id, "revoked_by_client", self.clock.now())
            .await?
        {
            self.record(
                Event::new(
                    client_actor(client),
                    Audited::OAuth2GrantRevoked,
                    Some(grant.identity_id),
                )
                .details(json!({ "grant_id": grant.id, "client_id": client.id, "why": "revoked_by_client" })),
            )
            .await?;
        }
        Ok(())
    }
}

/// Introspection's answer for an accepted access token: its claims, and that it is active.
#[derive(Serialize)]
struct ActiveAccessToken {
    active: bool,
    token_type: &'static str,
    #[serde(flatten)]
    claims: AccessClaims,
}

/// RFC 7636 4.6: BASE64URL(SHA-256(verifier)) equals the challenge, compared in constant time;
/// the verifier 43 to 128 unreserved characters.
fn pkce_matches(verifier: &str, grant: &OAuth2Grant) -> bool {
    let well_formed = (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    let computed = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    well_formed && bool::from(computed.as_bytes().ct_eq(grant.code_challenge.as_bytes()))
}
