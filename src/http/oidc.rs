//! The OpenID Connect provider's endpoints: discovery, authorization, token, userinfo,
//! revocation, introspection, end-session, and the consent and sign-out confirmations the hosted
//! pages post. Parsing and answer shapes only; the rules live in [`crate::oidc`].

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, CONTENT_TYPE, PRAGMA, SET_COOKIE, WWW_AUTHENTICATE};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{delete, get, post};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::audit::Origin;
use crate::auth::Presented;
use crate::error::Error;
use crate::http::App;
use crate::http::extract::{CurrentSession, FormBody, Json, RequestOrigin, SessionForWrite};
use crate::oidc::{AuthorizationRequest, Authorized, ClientCredentials, LogoutRequest, OAuthError, basic_credentials};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/.well-known/openid-configuration", get(discovery))
        .route("/oauth2/token", post(token))
        .route("/userinfo", get(userinfo))
        .route("/userinfo", post(userinfo_posted))
        .route("/oauth2/revoke", post(revoke))
        .route("/oauth2/auth", get(authorize))
        .route("/oauth2/auth", post(authorize_posted))
        .route("/oauth2/introspect", post(introspect))
        .route("/oauth2/sessions/logout", get(end_session))
        .route("/oauth2/sessions/logout", post(end_session_confirmed))
        .route("/self-service/oauth2/consent", post(consent))
        .route("/self-service/settings/apps", get(list_apps))
        .route("/self-service/settings/apps/{client_id}", delete(forget_app))
}

/// The apps the signed-in person signed in to through latchkey.
async fn list_apps(State(app): State<Arc<App>>, current: CurrentSession) -> Result<Response, Error> {
    let apps = app.oidc.apps(current.active.identity.id).await?;
    Ok(axum::Json(json!({ "apps": apps })).into_response())
}

/// Takes an app's access away (its tokens stop working; a third-party app asks consent again).
async fn forget_app(
    State(app): State<Arc<App>>,
    SessionForWrite(current, _): SessionForWrite,
    RequestOrigin(origin): RequestOrigin,
    Path(client_id): Path<String>,
) -> Result<StatusCode, Error> {
    if app
        .oidc
        .forget_app_of_session(&current.active, &client_id, &origin)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Error::NotFound)
    }
}

/// What a single-page app (a public client) calls from its own origin.
const CROSS_ORIGIN_PATHS: [&str; 5] = [
    "/.well-known/openid-configuration",
    "/.well-known/jwks.json",
    "/oauth2/token",
    "/userinfo",
    "/oauth2/revoke",
];

/// Any origin may call [`CROSS_ORIGIN_PATHS`] from a browser: they take no cookies
/// (`Access-Control-Allow-Credentials` stays off), so a page elsewhere gains nothing it could not
/// do from a server, and a single-page app can redeem its code and refresh.
///
/// Only those paths pass through the CORS layer, and it wraps the whole listener there (so a
/// preflight meets it before the 405 answer); every other request, whoami above all, goes
/// straight to `listener` without the layer's per-request headers.
pub fn with_cross_origin_paths(listener: Router) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([AUTHORIZATION, CONTENT_TYPE])
        .max_age(std::time::Duration::from_secs(600));
    let cors = tower::Layer::layer(&cors, listener.clone());
    CROSS_ORIGIN_PATHS
        .into_iter()
        .fold(Router::new(), |router, path| router.route_service(path, cors.clone()))
        .fallback_service(listener)
}

/// Cached like the JWKS: it changes only with the configuration.
async fn discovery(State(app): State<Arc<App>>) -> Response {
    (
        [(CACHE_CONTROL, "public, max-age=300")],
        axum::Json(app.oidc.discovery()),
    )
        .into_response()
}

async fn authorize(State(app): State<Arc<App>>, uri: Uri, session: Option<CurrentSession>) -> Result<Response, Error> {
    authorization(&app, uri.query().unwrap_or_default(), session).await
}

/// OpenID Connect lets apps post the request as a form instead.
async fn authorize_posted(
    State(app): State<Arc<App>>,
    session: Option<CurrentSession>,
    FormBody(form): FormBody,
) -> Result<Response, Error> {
    authorization(&app, &form, session).await
}

async fn authorization(app: &App, query: &str, session: Option<CurrentSession>) -> Result<Response, Error> {
    let request: AuthorizationRequest =
        parse(query).map_err(|why| Error::InvalidRequest(format!("The authorization request is malformed: {why}.")))?;
    let session = session.as_ref().map(|current| (&*current.active, current.facts));
    let target = match app.oidc.authorize(&request, query, session).await? {
        Authorized::Redirect(to) | Authorized::Visit(to) => to,
    };
    Ok(([(CACHE_CONTROL, "no-store")], Redirect::to(&target)).into_response())
}

/// A form or query; a parameter given twice is refused (RFC 6749 3.1).
fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let mut seen = std::collections::HashSet::new();
    for (key, _) in url::form_urlencoded::parse(text.as_bytes()) {
        if !seen.insert(key.clone()) {
            return Err(format!("{key} is given more than once"));
        }
    }
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(text.as_bytes()).into_owned().collect();
    let object: serde_json::Map<String, serde_json::Value> = pairs
        .into_iter()
        .map(|(k, v)| (k, serde_json::Value::String(v)))
        .collect();
    serde_json::from_value(serde_json::Value::Object(object)).map_err(|e| e.to_string())
}

fn credentials(headers: &HeaderMap, client_id: Option<String>, client_secret: Option<String>) -> ClientCredentials {
    ClientCredentials {
        basic: headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(basic_credentials),
        client_id,
        client_secret,
    }
}

async fn token(State(app): State<Arc<App>>, headers: HeaderMap, FormBody(form): FormBody) -> Response {
    let answer = async {
        let request: crate::oidc::TokenRequest = parse_form(&form)?;
        let credentials = credentials(&headers, request.client_id.clone(), request.client_secret.clone());
        app.oidc.token(&request, &credentials).await
    };
    match answer.await {
        Ok(tokens) => ([(CACHE_CONTROL, "no-store"), (PRAGMA, "no-cache")], axum::Json(tokens)).into_response(),
        Err(error) => oauth_error(error),
    }
}

fn parse_form<T: DeserializeOwned>(form: &str) -> Result<T, OAuthError> {
    parse(form).map_err(|why| OAuthError::refused("invalid_request", why))
}

/// RFC 6749 5.2: `{"error", "error_description"}`; a client that failed to authenticate gets 401.
fn oauth_error(error: OAuthError) -> Response {
    let (status, code, description) = match error {
        OAuthError::Refused { code, description } => (StatusCode::BAD_REQUEST, code, description),
        OAuthError::InvalidClient(why) => (StatusCode::UNAUTHORIZED, "invalid_client", why.to_owned()),
        OAuthError::Internal(error) => return error.into_response(),
    };
    let body = axum::Json(json!({ "error": code, "error_description": description }));
    let mut response = (status, [(CACHE_CONTROL, "no-store")], body).into_response();
    if status == StatusCode::UNAUTHORIZED
        && let Ok(value) = "Basic realm=\"latchkey\"".parse()
    {
        response.headers_mut().insert(WWW_AUTHENTICATE, value);
    }
    response
}

/// The bearer token of `Authorization: Bearer ...`.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(AUTHORIZATION)?.to_str().ok()?;
    value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
        .map(str::trim)
}

async fn userinfo(State(app): State<Arc<App>>, headers: HeaderMap) -> Result<Response, Error> {
    claims_of(&app, bearer(&headers)).await
}

/// The form of a posted userinfo request: the token in the body (RFC 6750 2.2) when not in the
/// header.
#[derive(Deserialize)]
struct UserinfoForm {
    access_token: Option<String>,
}

async fn userinfo_posted(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    FormBody(form): FormBody,
) -> Result<Response, Error> {
    let posted: Option<UserinfoForm> = parse(&form).ok();
    let token = bearer(&headers).or(posted.as_ref().and_then(|f| f.access_token.as_deref()));
    claims_of(&app, token).await
}

async fn claims_of(app: &App, token: Option<&str>) -> Result<Response, Error> {
    let Some(token) = token else {
        return Ok((StatusCode::UNAUTHORIZED, [(WWW_AUTHENTICATE, "Bearer")]).into_response());
    };
    Ok(match app.oidc.userinfo(token).await? {
        Some(info) => ([(CACHE_CONTROL, "no-store")], axum::Json(info)).into_response(),
        None => (
            StatusCode::UNAUTHORIZED,
            [(WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")],
        )
            .into_response(),
    })
}

/// The form of revocation and introspection.
#[derive(Debug, Deserialize)]
struct TokenForm {
    token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

impl TokenForm {
    fn parse(form: &str, headers: &HeaderMap) -> Result<(String, ClientCredentials), OAuthError> {
        let form: Self = parse_form(form)?;
        let token = form
            .token
            .ok_or_else(|| OAuthError::refused("invalid_request", "token is missing"))?;
        Ok((token, credentials(headers, form.client_id, form.client_secret)))
    }
}

async fn revoke(State(app): State<Arc<App>>, headers: HeaderMap, FormBody(form): FormBody) -> Response {
    let answer = async {
        let (token, credentials) = TokenForm::parse(&form, &headers)?;
        app.oidc.revoke(&credentials, &token).await
    };
    match answer.await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(error) => oauth_error(error),
    }
}

async fn introspect(State(app): State<Arc<App>>, headers: HeaderMap, FormBody(form): FormBody) -> Response {
    let answer = async {
        let (token, credentials) = TokenForm::parse(&form, &headers)?;
        app.oidc.introspect(&credentials, &token).await
    };
    match answer.await {
        Ok(body) => ([(CACHE_CONTROL, "no-store")], axum::Json(body)).into_response(),
        Err(error) => oauth_error(error),
    }
}

/// Signs out at once when the app's `id_token_hint` names the person signed in here; otherwise
/// asks them on a page first.
async fn end_session(
    State(app): State<Arc<App>>,
    uri: Uri,
    session: Option<CurrentSession>,
    RequestOrigin(origin): RequestOrigin,
) -> Result<Response, Error> {
    let query = uri.query().unwrap_or_default();
    let request: LogoutRequest =
        parse(query).map_err(|why| Error::InvalidRequest(format!("The logout request is malformed: {why}.")))?;
    let logout = app
        .oidc
        .end_session(&request, session.as_ref().map(|s| &*s.active))
        .await?;
    let then = logout.then.unwrap_or_else(|| "/ui/login".to_owned());
    match session {
        Some(current) if logout.confirmed => {
            let cleared = signed_out(&app, &current, &origin).await?;
            Ok(([(SET_COOKIE, cleared)], Redirect::to(&then)).into_response())
        }
        Some(_) => Ok(Redirect::to(&format!("/ui/logout?{query}")).into_response()),
        None => Ok(Redirect::to(&then).into_response()),
    }
}

/// The confirmation page's button.
async fn end_session_confirmed(
    State(app): State<Arc<App>>,
    SessionForWrite(current, _): SessionForWrite,
    RequestOrigin(origin): RequestOrigin,
    Json(request): Json<LogoutRequest>,
) -> Result<Response, Error> {
    let logout = app.oidc.end_session(&request, Some(&current.active)).await?;
    let cleared = signed_out(&app, &current, &origin).await?;
    let then = logout.then.unwrap_or_else(|| "/ui/login".to_owned());
    Ok(([(SET_COOKIE, cleared)], axum::Json(json!({ "redirect_to": then }))).into_response())
}

/// Ends `current` for an app's logout; returns the header value that clears the session cookie.
async fn signed_out(app: &App, current: &CurrentSession, origin: &Origin) -> Result<axum::http::HeaderValue, Error> {
    let presented = Presented {
        active: &current.active,
        token: &current.token,
    };
    app.auth.sign_out(presented, origin).await?;
    app.cookies.clear_session()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConsentBody {
    /// The authorization request the consent page was shown for (`/oauth2/auth?...`).
    return_to: String,
    allow: bool,
}

/// The consent page's buttons: remembers the scopes and goes back to the authorization request,
/// or tells the app the person said no.
async fn consent(
    State(app): State<Arc<App>>,
    SessionForWrite(current, _): SessionForWrite,
    RequestOrigin(origin): RequestOrigin,
    Json(body): Json<ConsentBody>,
) -> Result<Response, Error> {
    let query = body
        .return_to
        .strip_prefix("/oauth2/auth?")
        .ok_or_else(|| Error::InvalidRequest("return_to must be the authorization request.".into()))?;
    let request: AuthorizationRequest =
        parse(query).map_err(|why| Error::InvalidRequest(format!("The authorization request is malformed: {why}.")))?;
    let redirect_to = app
        .oidc
        .consent(&request, query, &current.active, body.allow, &origin)
        .await?;
    Ok(axum::Json(json!({ "redirect_to": redirect_to })).into_response())
}
