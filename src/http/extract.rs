//! Extractors: JSON bodies with our error shape, the caller's session, and the CSRF check that
//! tells a browser request from an API client's.
//!
//! # Security
//! A browser request proves it comes from our own pages with the double-submit token: the value
//! of the CSRF cookie (HttpOnly, set by the hosted pages) echoed in the `X-CSRF-Token` header,
//! compared in constant time. A cross-site page can neither read the cookie nor set the header.
//! A request with none of our cookies and no CSRF header is an API client: it gets tokens in
//! bodies, never cookies, so a cross-site request cannot plant a session in a browser (login
//! CSRF). A request that carries our cookies but no valid token, or comes with a foreign `Origin`
//! or `Sec-Fetch-Site: cross-site`, is refused.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, OptionalFromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, COOKIE, ORIGIN};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use crate::audit::Origin;
use crate::auth::permit;
use crate::error::Error;
use crate::http::{App, client_ip};
use crate::policy::{Action, Facts, SessionFacts};
use crate::secret::{Secret, TokenHash, constant_time_str_eq};
use crate::sessions::ActiveSession;

pub const CSRF_HEADER: &str = "x-csrf-token";
pub const SESSION_TOKEN_HEADER: &str = "x-session-token";

/// `axum::Json`, but malformed or oversized bodies answer in our error shape.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> Error {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        Error::PayloadTooLarge
    } else {
        Error::InvalidRequest(rejection.body_text())
    }
}

/// A form body (`application/x-www-form-urlencoded`, as OAuth clients send) as text, whatever
/// its content type says; an oversized or non-UTF-8 body answers in our error shape.
pub struct FormBody(pub String);

impl<S: Send + Sync> FromRequest<S> for FormBody {
    type Rejection = Error;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Error::PayloadTooLarge
            } else {
                Error::InvalidRequest(rejection.body_text())
            }
        })?;
        String::from_utf8(bytes.to_vec())
            .map(Self)
            .map_err(|_| Error::InvalidRequest("The form is not UTF-8.".into()))
    }
}

/// `axum::extract::Query`, but a malformed query string answers in our error shape.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(Error::InvalidRequest(rejection.body_text())),
        }
    }
}

/// Who is calling a state-changing self-service endpoint.
#[derive(Debug)]
pub enum Caller {
    /// A browser on our pages, with the hash of its CSRF token.
    Browser(TokenHash),
    /// An API client (no cookies).
    Api,
}

impl FromRequestParts<Arc<App>> for Caller {
    type Rejection = Error;

    #[tracing::instrument(skip_all)]
    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        check_origin(parts, app)?;
        let header = parts.headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok());
        let csrf_cookie = cookie(&parts.headers, &app.cookies.csrf_name);
        match (header, csrf_cookie) {
            (Some(header), Some(token)) if !token.is_empty() && constant_time_str_eq(header, &token) => {
                Ok(Self::Browser(Secret::from_client(&token).hash()))
            }
            // No token and none of our cookies: nothing ambient to abuse, so an API client.
            (None, None) if cookie(&parts.headers, &app.cookies.session.name).is_none() => Ok(Self::Api),
            _ => Err(Error::CsrfViolation),
        }
    }
}

fn check_origin(parts: &Parts, app: &App) -> Result<(), Error> {
    let fetch_site = parts.headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site == Some("cross-site") {
        tracing::debug!("refused: a cross-site request");
        return Err(Error::CsrfViolation);
    }
    match parts.headers.get(ORIGIN).and_then(|v| v.to_str().ok()) {
        // Our own page (the browser says same-origin), served at an address that is not the
        // site's: the person opened the wrong address, not an attack. Say where sign-in lives.
        Some(origin) if !app.is_allowed_origin(origin) && fetch_site == Some("same-origin") => {
            app.unknown_origin_seen(origin);
            Err(Error::WrongAddress {
                opened: origin.to_owned(),
                site: app.site_origin(),
            })
        }
        Some(origin) if !app.is_allowed_origin(origin) => {
            tracing::debug!(origin, "refused: a request from an origin that is not this site's");
            Err(Error::CsrfViolation)
        }
        _ => Ok(()),
    }
}

/// How the caller presented its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presented {
    Cookie,
    Token,
}

/// The caller's valid session. Rejections: `session_missing`, and `session_enrolment_required`
/// for a recovery session that has not saved its new passkey yet (it may only do that, through
/// [`SessionForEnrolment`]).
pub struct CurrentSession {
    pub active: Arc<ActiveSession>,
    pub token: Secret,
    pub presented: Presented,
    /// What policy knows about the session, gathered once per request.
    pub facts: SessionFacts,
}

impl FromRequestParts<Arc<App>> for CurrentSession {
    type Rejection = Error;

    #[tracing::instrument(skip_all)]
    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let current = Self::any(parts, app).await?;
        permit(&Facts::Session(current.facts), &Action::ReadAccount)?;
        Ok(current)
    }
}

impl CurrentSession {
    /// Any valid session, enrolment-only ones included.
    async fn any(parts: &Parts, app: &App) -> Result<Self, Error> {
        let (token, presented) = session_token(parts, app).ok_or(Error::SessionMissing)?;
        let active = app.sessions.resolve(&token).await?;
        let facts = app.auth.facts(&active).await?;
        Ok(Self {
            active,
            token,
            presented,
            facts,
        })
    }

    /// The state-changing check shared by the write extractors: cookie sessions pass the CSRF
    /// check, token sessions the origin check.
    async fn writer(&self, parts: &mut Parts, app: &Arc<App>) -> Result<Caller, Error> {
        match self.presented {
            Presented::Cookie => Caller::from_request_parts(parts, app).await,
            Presented::Token => {
                check_origin(parts, app)?;
                Ok(Caller::Api)
            }
        }
    }
}

/// Pages that show something else to visitors without a session take `Option<CurrentSession>`.
impl OptionalFromRequestParts<Arc<App>> for CurrentSession {
    type Rejection = Error;

    #[tracing::instrument(skip_all)]
    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Option<Self>, Self::Rejection> {
        match <Self as FromRequestParts<Arc<App>>>::from_request_parts(parts, app).await {
            Ok(current) => Ok(Some(current)),
            Err(Error::SessionMissing) => Ok(None),
            Err(other) => Err(other),
        }
    }
}

/// A session allowed to change state: cookie sessions must also pass the CSRF check.
pub struct SessionForWrite(pub CurrentSession, pub Caller);

impl FromRequestParts<Arc<App>> for SessionForWrite {
    type Rejection = Error;

    #[tracing::instrument(skip_all)]
    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let current = <CurrentSession as FromRequestParts<Arc<App>>>::from_request_parts(parts, app).await?;
        let caller = current.writer(parts, app).await?;
        Ok(Self(current, caller))
    }
}

/// A session allowed to save a passkey (or sign out): any session, including a recovery session
/// that has yet to save its new passkey. Same CSRF rules as [`SessionForWrite`].
pub struct SessionForEnrolment(pub CurrentSession, pub Caller);

impl FromRequestParts<Arc<App>> for SessionForEnrolment {
    type Rejection = Error;

    #[tracing::instrument(skip_all)]
    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let current = CurrentSession::any(parts, app).await?;
        let caller = current.writer(parts, app).await?;
        Ok(Self(current, caller))
    }
}

/// The session token from `Authorization: Bearer`, `X-Session-Token` or the session cookie.
fn session_token(parts: &Parts, app: &App) -> Option<(Secret, Presented)> {
    let bearer = parts
        .headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")));
    let header = parts.headers.get(SESSION_TOKEN_HEADER).and_then(|v| v.to_str().ok());
    if let Some(token) = bearer.or(header).map(str::trim).filter(|t| !t.is_empty()) {
        return Some((Secret::from_client(token), Presented::Token));
    }
    cookie(&parts.headers, &app.cookies.session.name)
        .filter(|t| !t.is_empty())
        .map(|t| (Secret::from_client(&t), Presented::Cookie))
}

/// The value of cookie `name`, if the request carries it.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|header| cookie_in(header, name))
        .map(str::to_owned)
}

/// The value of the cookie `name` in one `Cookie` header.
pub fn cookie_in<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim_matches('"'))
}

/// The client's address, for per-client rate limits: from the configured proxy header, every line
/// of it, the entry the nearest untrusted hop added (see `client_ip`), else the peer address.
pub struct ClientIp(pub String);

impl FromRequestParts<Arc<App>> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let public = &app.config.public;
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let address = match public.client_ip_header.as_deref() {
            Some(name) => {
                let lines = parts.headers.get_all(name).iter().filter_map(|v| v.to_str().ok());
                client_ip::client_address(lines, &public.trusted_proxies, peer)
            }
            None => peer,
        };
        Ok(Self(address.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())))
    }
}

/// The `User-Agent` header, for naming new passkeys and telling a user which browser asked.
pub struct UserAgent(pub String);

impl<S: Send + Sync> FromRequestParts<S> for UserAgent {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ua = parts
            .headers
            .get(axum::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        Ok(Self(ua.chars().take(512).collect()))
    }
}

/// Where a request came from, for the audit trail: client address and user agent.
pub struct RequestOrigin(pub Origin);

impl FromRequestParts<Arc<App>> for RequestOrigin {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let Ok(ClientIp(ip)) = ClientIp::from_request_parts(parts, app).await;
        let Ok(UserAgent(ua)) = UserAgent::from_request_parts(parts, app).await;
        Ok(Self(Origin {
            client_ip: Some(ip),
            user_agent: (!ua.is_empty()).then_some(ua),
        }))
    }
}
