//! Routes of the hosted pages. Every page carries the CSRF token its script echoes back; a
//! browser without the CSRF cookie gets a fresh one with the page.

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::extract::State;
use axum::http::header::{ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_TYPE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Uri};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;

use crate::error::{Error, Invalid};
use crate::http::App;
use crate::http::extract::{CurrentSession, Query, cookie};
use crate::http::selfservice::PasskeyView;
use crate::http::sessions::OtherSession;
use crate::i18n::{Catalog, Language, Script};
use crate::oidc::scope_is_described;
use crate::policy::{self, Restriction};
use crate::secret::Secret;
use crate::ui::{ICON, MESSAGES_SCRIPT, SCRIPT, STYLESHEET};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/", get(|| async { Redirect::to("/ui/login") }))
        .route("/ui/login", get(login))
        .route("/ui/registration", get(registration))
        .route("/ui/settings", get(settings))
        .route("/ui/login/link", get(login_link))
        .route("/ui/verification/link", get(verification_link))
        .route("/ui/recovery", get(recovery))
        .route("/ui/step-up", get(step_up))
        .route("/ui/consent", get(consent))
        .route("/ui/logout", get(logout))
        .route("/ui/re-enrol", get(re_enrol))
        .route("/ui/passkey/disown", get(passkey_disown))
        .route("/ui/recovery/cancel", get(recovery_cancel))
        .route(
            "/ui/static/latchkey.js",
            get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/ui/static/messages.js",
            get(|| async { asset("text/javascript; charset=utf-8", MESSAGES_SCRIPT) }),
        )
        .route(
            "/ui/static/latchkey.css",
            get(|| async { asset("text/css; charset=utf-8", STYLESHEET) }),
        )
        .route("/ui/static/theme.css", get(theme))
        .route("/ui/static/custom.css", get(custom_stylesheet))
        .route("/ui/static/logo", get(logo))
}

/// The colours and font of `ui.colors`, `ui.dark_colors` and `ui.font_family` over the defaults.
pub(crate) async fn theme(State(app): State<Arc<App>>) -> Response {
    asset("text/css; charset=utf-8", app.theme_css.clone())
}

/// `ui.stylesheet_path`, after latchkey's own (404 when none is configured).
async fn custom_stylesheet(State(app): State<Arc<App>>) -> Result<Response, Error> {
    let css = app.config.ui.stylesheet.clone().ok_or(Error::NotFound)?;
    Ok(asset("text/css; charset=utf-8", css))
}

/// `ui.logo_path` (404 when none is configured).
async fn logo(State(app): State<Arc<App>>) -> Result<Response, Error> {
    let logo = app.config.ui.logo.clone().ok_or(Error::NotFound)?;
    Ok(asset(logo.content_type, logo.bytes))
}

/// `/favicon.ico`, which browsers ask every listener for: an SVG (browsers go by the content type).
pub fn favicon_router() -> Router<Arc<App>> {
    Router::new().route("/favicon.ico", get(|| async { asset("image/svg+xml", ICON) }))
}

pub(crate) fn asset(content_type: &'static str, body: impl Into<axum::body::Body>) -> Response {
    (
        [(CONTENT_TYPE, content_type), (CACHE_CONTROL, "public, max-age=300")],
        body.into(),
    )
        .into_response()
}

#[derive(Debug, Deserialize)]
struct PageQuery {
    return_to: Option<String>,
    /// The address an app (OpenID Connect `login_hint`) expects the person to sign in with.
    login_hint: Option<String>,
}

async fn login(State(app): State<Arc<App>>, visit: Visit, Query(query): Query<PageQuery>) -> Result<Response, Error> {
    page(
        &app,
        &visit,
        "login.html",
        "title-sign-in",
        query.return_to.as_deref(),
        json!({
            "backup_codes_enabled": app.config.methods.lookup_secret_enabled,
            "password_enabled": app.config.methods.password_enabled,
            "login_hint": query.login_hint,
        }),
    )
    .await
}

async fn registration(
    State(app): State<Arc<App>>,
    visit: Visit,
    Query(query): Query<PageQuery>,
) -> Result<Response, Error> {
    page(
        &app,
        &visit,
        "registration.html",
        "title-create-account",
        query.return_to.as_deref(),
        json!({ "backup_codes_enabled": app.config.methods.lookup_secret_enabled }),
    )
    .await
}

/// Where a magic link lands. The token is in the URL fragment, which browsers never send: this
/// GET cannot use or burn it (mail scanners fetch links), the page's button posts it.
async fn login_link(State(app): State<Arc<App>>, visit: Visit) -> Result<Response, Error> {
    page(&app, &visit, "login_link.html", "title-sign-in", None, json!({})).await
}

/// Where an address confirmation link lands; like [`login_link`], the token stays in the fragment.
async fn verification_link(State(app): State<Arc<App>>, visit: Visit) -> Result<Response, Error> {
    page(
        &app,
        &visit,
        "verification_link.html",
        "title-confirm-address",
        None,
        json!({}),
    )
    .await
}

/// Where an admin-issued recovery link lands: a confirm page (the token stays in the fragment
/// until the button posts it), then the step that saves the new passkey. A browser already in a
/// recovery session (a reload) goes straight to that step.
async fn recovery(State(app): State<Arc<App>>, visit: Visit) -> Result<Response, Error> {
    let enrolling = match cookie(&visit.headers, &app.cookies.session.name) {
        Some(token) => app
            .sessions
            .resolve(&Secret::from_client(&token))
            .await
            .is_ok_and(|active| policy::enrolment_only(&active.session)),
        None => false,
    };
    page(
        &app,
        &visit,
        "recovery.html",
        "title-recover",
        None,
        json!({ "enrolling": enrolling }),
    )
    .await
}

/// Where apps send a browser whose session is below `aal2` (`whoami?required_aal=aal2` says so):
/// a passkey, then back to the allow-listed `return_to`.
async fn step_up(
    State(app): State<Arc<App>>,
    visit: Visit,
    Query(query): Query<PageQuery>,
    current: Option<CurrentSession>,
) -> Result<Response, Error> {
    let page = SessionPage::new(&app, &visit, &query, current.is_some());
    page.render("step_up.html", "title-confirm-its-you", json!({})).await
}

/// Where the OpenID Connect provider sends a person before a third-party app gets scopes they have
/// not allowed it yet. `return_to` is the app's authorization request.
async fn consent(
    State(app): State<Arc<App>>,
    visit: Visit,
    Query(query): Query<PageQuery>,
    _signed_in: CurrentSession,
) -> Result<Response, Error> {
    let authorization = query.return_to.as_deref().unwrap_or_default();
    let (client_name, scopes) = app
        .oidc
        .asking(authorization)
        .await?
        .ok_or_else(|| Error::InvalidInput(Invalid::ConsentWithoutRequest))?;
    page(
        &app,
        &visit,
        "consent.html",
        "title-allow-app",
        None,
        json!({ "client_name": client_name, "scopes": scopes, "authorization": authorization }),
    )
    .await
}

/// Where an app's sign-out lands when it could not prove the person asked for it.
async fn logout(State(app): State<Arc<App>>, visit: Visit) -> Result<Response, Error> {
    let request = visit.uri.query().unwrap_or_default();
    page(
        &app,
        &visit,
        "logout.html",
        "title-sign-out",
        None,
        json!({ "request": request }),
    )
    .await
}

/// Where a high-value account lands after a sign-in without a passkey: save one here, or carry on
/// with the low-stakes things, or sign out. No "Not now" that looks like nothing is missing.
async fn re_enrol(
    State(app): State<Arc<App>>,
    visit: Visit,
    Query(query): Query<PageQuery>,
    current: Option<CurrentSession>,
) -> Result<Response, Error> {
    let page = SessionPage::new(&app, &visit, &query, current.is_some());
    let low_stakes = json!({ "low_stakes_actions": app.config.policy.low_stakes_actions });
    page.render("re_enrol.html", "title-save-passkey", low_stakes).await
}

/// A page for a signed-in person that returns to `return_to` afterwards.
struct SessionPage<'a> {
    app: &'a App,
    visit: &'a Visit,
    return_to: Option<&'a str>,
    signed_in: bool,
}

impl<'a> SessionPage<'a> {
    fn new(app: &'a App, visit: &'a Visit, query: &'a PageQuery, signed_in: bool) -> Self {
        Self {
            app,
            visit,
            return_to: query.return_to.as_deref(),
            signed_in,
        }
    }

    async fn render(self, template: &str, title: &str, mut extra: serde_json::Value) -> Result<Response, Error> {
        if let Some(extra) = extra.as_object_mut() {
            extra.insert("signed_in".into(), self.signed_in.into());
        }
        page(self.app, self.visit, template, title, self.return_to, extra).await
    }
}

/// Where the new-passkey notice's "This wasn't me" leads: a page whose button removes it.
async fn passkey_disown(State(app): State<Arc<App>>, visit: Visit) -> Result<Response, Error> {
    page(
        &app,
        &visit,
        "passkey_disown.html",
        "title-remove-passkey",
        None,
        json!({}),
    )
    .await
}

/// Where the notice's "This wasn't me" leads: a page whose button cancels the link.
async fn recovery_cancel(State(app): State<Arc<App>>, visit: Visit) -> Result<Response, Error> {
    page(
        &app,
        &visit,
        "recovery_cancel.html",
        "title-cancel-recovery",
        None,
        json!({}),
    )
    .await
}

#[derive(Debug, Deserialize)]
struct SettingsQuery {
    /// Set after an admin-issued recovery completed.
    #[serde(default)]
    recovered: Option<String>,
}

async fn settings(
    State(app): State<Arc<App>>,
    visit: Visit,
    Query(query): Query<SettingsQuery>,
    current: Result<CurrentSession, Error>,
) -> Result<Response, Error> {
    let current = match current {
        Ok(current) => current,
        Err(Error::SessionMissing) => {
            return Ok(Redirect::to("/ui/login?return_to=/ui/settings").into_response());
        }
        Err(Error::SessionEnrolmentRequired) => return Ok(Redirect::to("/ui/recovery").into_response()),
        Err(other) => return Err(other),
    };
    let passkeys: Vec<PasskeyView> = app
        .store
        .passkeys(current.active.identity.id)
        .await?
        .iter()
        .map(|p| PasskeyView::new(p, &app.passkeys, current.active.session.passkey_id))
        .collect();
    let email_verified = current.active.email_verified();
    let backup_codes = app.backup_codes.status(&current.active.identity).await?;
    let session = &current.active.session;
    let others = app.auth.other_sessions(&current.active).await?;
    let restriction = current.facts.restriction;
    let extra = json!({
        "this_session": OtherSession::from(session),
        "other_sessions": others.iter().map(OtherSession::from).collect::<Vec<_>>(),
        "cooling_passkey_id": session.passkey_id,
        "email": current.active.identity.email,
        "email_verified": email_verified,
        "passkeys": passkeys,
        "backup_codes_enabled": app.config.methods.lookup_secret_enabled,
        "backup_codes": backup_codes,
        "password_on": app.password.is_on(&current.active.identity).await?,
        "recovered": query.recovered.is_some(),
        "apps": app
            .oidc
            .apps(current.active.identity.id)
            .await?
            .into_iter()
            .map(|listed| {
                let allowed: Vec<&String> = listed.consented_scopes.iter().filter(|s| scope_is_described(s)).collect();
                json!({ "app": listed, "allowed": allowed })
            })
            .collect::<Vec<_>>(),
        "restricted": restriction.is_some(),
        // Made by a passkey that still waits out its cooldown: confirming it is what lifts this.
        "cooling": matches!(restriction, Some(Restriction::Cooling { .. })),
    });
    page(&app, &visit, "settings.html", "title-account", None, extra).await
}

/// What every page reads of its request: the cookies and languages (headers) and the address
/// (the language menu links back to it).
pub struct Visit {
    headers: HeaderMap,
    uri: Uri,
}

impl<S: Send + Sync> FromRequestParts<S> for Visit {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self {
            headers: parts.headers.clone(),
            uri: parts.uri.clone(),
        })
    }
}

impl Visit {
    pub fn header(&self, name: axum::http::HeaderName) -> Option<&axum::http::HeaderValue> {
        self.headers.get(name)
    }

    /// The page's language: one picked from the menu now (`?lang=`, remembered in a cookie),
    /// else earlier (the cookie), else the browser's `Accept-Language`. The second value is set
    /// when the cookie has to change.
    fn language(&self, catalog: &Catalog) -> (Language, Option<Language>) {
        let remembered = cookie(&self.headers, crate::i18n::COOKIE);
        let picked = self
            .query_pairs()
            .find(|(key, _)| key == "lang")
            .and_then(|(_, tag)| catalog.find(&tag));
        match picked {
            Some(language) if remembered.as_deref() != Some(catalog.tag(language)) => (language, Some(language)),
            Some(language) => (language, None),
            None => {
                let accept = self.headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
                (catalog.negotiate(remembered.as_deref(), accept), None)
            }
        }
    }

    /// The page's language, the one the menu picked now (for the cookie), and the menu: each
    /// language's tag, name and the address of this page in it.
    pub(crate) fn reading(&self, app: &App) -> (Language, Option<Language>, Vec<serde_json::Value>) {
        let (language, picked) = self.language(&app.catalog);
        let catalog = &app.catalog;
        let menu = catalog
            .languages()
            .map(|each| {
                let tag = catalog.tag(each);
                let href = self.in_language(tag, |target| app.return_to.is_safe(target));
                json!({ "tag": tag, "name": catalog.name(each), "href": href, "dir": catalog.direction(each) })
            })
            .collect();
        (language, picked, menu)
    }

    fn query_pairs(&self) -> impl Iterator<Item = (String, String)> + '_ {
        url::form_urlencoded::parse(self.uri.query().unwrap_or_default().as_bytes()).into_owned()
    }

    /// This page in another language: its own address with `lang` set, and `return_to` only when
    /// it is one `safe` honours (the page never repeats an address it refused).
    fn in_language(&self, tag: &str, safe: impl Fn(&str) -> bool) -> String {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.extend_pairs(
            self.query_pairs()
                .filter(|(key, value)| key != "lang" && (key != "return_to" || safe(value))),
        );
        query.append_pair("lang", tag);
        format!("{}?{}", self.uri.path(), query.finish())
    }
}

/// Renders a page with the shared context (the language, its menu and the script's messages
/// included); sets a CSRF cookie when the browser has none, and the language cookie when the menu
/// picked one. `title` is a message id.
pub(crate) async fn page(
    app: &App,
    visit: &Visit,
    template: &str,
    title: &str,
    return_to: Option<&str>,
    extra: serde_json::Value,
) -> Result<Response, Error> {
    let existing = cookie(&visit.headers, &app.cookies.csrf_name)
        .filter(|t| t.len() == 43 && t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    let (csrf, fresh) = match existing {
        Some(token) => (token, false),
        None => (Secret::generate()?.expose().to_owned(), true),
    };
    let catalog = &app.catalog;
    let (language, picked, languages) = visit.reading(app);
    let mut context = json!({
        "csrf_token": csrf,
        "title": catalog.text(language, title, &[]),
        "product": app.product_name,
        "has_logo": app.config.ui.logo.is_some(),
        "has_stylesheet": app.config.ui.stylesheet.is_some(),
        "lang": catalog.tag(language),
        "dir": catalog.direction(language),
        "languages": languages,
        "script_messages": catalog.script_messages(language, Script::Pages),
        "page": template.trim_end_matches(".html"),
        "site_origins": app.allowed_origins().join(" "),
        "site_origin": app.site_origin(),
        "return_to": return_to.map(|r| app.return_to.resolve(Some(r)).to_string()).unwrap_or_default(),
    });
    if let (Some(context), serde_json::Value::Object(extra)) = (context.as_object_mut(), extra) {
        context.extend(extra);
    }
    let mut response = Html(app.templates.render(template, context)?).into_response();
    if fresh {
        response.headers_mut().append(SET_COOKIE, app.cookies.csrf(&csrf)?);
    }
    remember_pick(app, picked, &mut response)?;
    Ok(response)
}

/// Sets the language cookie when the menu picked a language now.
pub(crate) fn remember_pick(app: &App, picked: Option<Language>, response: &mut Response) -> Result<(), Error> {
    if let Some(language) = picked {
        response
            .headers_mut()
            .append(SET_COOKIE, app.cookies.language(app.catalog.tag(language))?);
    }
    Ok(())
}
