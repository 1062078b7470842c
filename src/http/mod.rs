//! The HTTP edge: the public listener (self-service API, `whoami`, hosted pages) and the admin
//! listener on its own port. Handlers parse, call a method, render; the rules live below.

mod admin;
mod backup_codes;
pub mod beacon;
pub mod client_ip;
mod cookies;
mod dev;
mod email_code;
pub mod error;
pub mod extract;
mod guard;
mod health;
mod jwks;
pub mod listen;
pub(crate) mod oidc;
mod password;
mod recovery;
mod related_origins;
pub mod request_id;
mod return_to;
pub mod selfservice;
pub mod sessions;
mod step_up;
pub(crate) mod ui;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderName, HeaderValue};
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::admin::identities::IdentityAdmin;
use crate::admin::import::Importer;
use crate::admin::keys::AdminKeys;
use crate::audit::Audit;
use crate::auth::{AuthCore, AuthSettings, GuardSettings};
use crate::clock::Clock;
use crate::config::{Config, WebhookConfig};
use crate::courier::Courier;
use crate::error::Error;
use crate::i18n::{Catalog, Reader};
use crate::keys::Keys;
use crate::methods::backup_codes::{BackupCodeMethod, BackupCodeSettings};
use crate::methods::email_code::{CodeSettings, EmailCodeMethod};
use crate::methods::passkey::PasskeyMethod;
use crate::methods::password::{PasswordMethod, PasswordSettings};
use crate::methods::recovery::{RecoveryMethod, RecoverySettings};
use crate::oidc::{Provider, Shared};
use crate::sessions::Sessions;
use crate::slow_hash::SlowHasher;
use crate::store::Store;
use crate::telemetry::Telemetry;
use crate::tokens::TokenKeys;
use crate::ui::Templates;
use crate::webhooks::Webhooks;

pub use cookies::Cookies;
pub use return_to::ReturnTo;

/// Largest request body accepted anywhere. A WebAuthn response is a few KiB; this leaves room
/// for long attestation chains and nothing more.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Scripts and styles only from this origin (the pages have no inline script), no framing.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Everything a request handler may reach.
pub struct App {
    pub config: Config,
    pub(crate) store: Store,
    pub(crate) passkeys: PasskeyMethod,
    pub(crate) email: EmailCodeMethod,
    pub(crate) backup_codes: BackupCodeMethod,
    pub(crate) password: PasswordMethod,
    pub courier: Arc<Courier>,
    pub sessions: Arc<Sessions>,
    /// The keys that sign tokens, and the JWKS.
    pub tokens: Arc<TokenKeys>,
    /// The OpenID Connect provider.
    pub oidc: Provider,
    pub audit: Arc<Audit>,
    pub admin_keys: AdminKeys,
    pub(crate) identity_admin: IdentityAdmin,
    pub(crate) importer: Importer,
    pub recovery: RecoveryMethod,
    /// Where every sign-in ends and every rule is asked.
    pub(crate) auth: Arc<AuthCore>,
    /// Metrics and the sign-in funnel.
    pub telemetry: Arc<Telemetry>,
    /// Tells other systems about account events (`webhooks`).
    pub webhooks: Arc<Webhooks>,
    pub(crate) cookies: Cookies,
    pub(crate) return_to: ReturnTo,
    pub(crate) templates: Templates,
    /// Every message people read, in every language.
    pub(crate) catalog: Arc<Catalog>,
    /// `/ui/static/theme.css`: the pages' colours and font.
    pub(crate) theme_css: String,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) product_name: String,
    /// Where clients may fetch the identity schema (`identity.schema_url`).
    pub(crate) schema_url: String,
    allowed_origins: Vec<String>,
    /// Addresses our pages were opened at that are not the site's, and when each was last
    /// warned about.
    unknown_origins: std::sync::Mutex<std::collections::HashMap<String, std::time::Instant>>,
}

/// How often the same unknown address is warned about.
const UNKNOWN_ORIGIN_WARNING_EVERY: std::time::Duration = std::time::Duration::from_secs(600);
/// Unknown addresses remembered at most (a client could send many).
const UNKNOWN_ORIGINS_KEPT: usize = 64;

impl App {
    pub fn new(config: Config, store: Store, clock: Arc<dyn Clock>) -> Result<Arc<Self>, Error> {
        let keys = Keys::load(&config.secrets)?;
        let catalog = Arc::new(config.ui.catalog()?);
        let telemetry = Arc::new(Telemetry::new(clock.clone(), store.acquire_waits()));
        let audit = Arc::new(Audit::new(
            store.clone(),
            clock.clone(),
            Arc::new(keys.audit),
            telemetry.audit_batches.clone(),
            config.webhooks.iter().map(WebhookConfig::subscription).collect(),
        ));
        let passkeys = PasskeyMethod::new(
            &config.webauthn,
            store.clone(),
            clock.clone(),
            audit.clone(),
            config.policy.default_tier,
        )?;
        let courier = Arc::new(Courier::new(
            &config.courier,
            store.clone(),
            clock.clone(),
            keys.mail,
            telemetry.deliveries.clone(),
            catalog.clone(),
        )?);
        let code_settings = CodeSettings {
            enabled: config.methods.code_enabled,
            lifespan: config.methods.code_lifespan,
            limits: config.methods.code_limits,
            base_url: config.public.base_url.clone(),
            product: config.ui.name.clone(),
        };
        let hasher = Arc::new(SlowHasher::per_core());
        let email = EmailCodeMethod::new(
            store.clone(),
            clock.clone(),
            courier.clone(),
            hasher.clone(),
            audit.clone(),
            code_settings,
        );
        let backup_code_settings = BackupCodeSettings {
            enabled: config.methods.lookup_secret_enabled,
            product: config.ui.name.clone(),
            login_url: config
                .public
                .base_url
                .join("ui/login")
                .map(String::from)
                .unwrap_or_default(),
        };
        let importer = Importer::new(
            store.clone(),
            clock.clone(),
            hasher.clone(),
            audit.clone(),
            config.policy.default_tier,
        );
        let password = PasswordMethod::new(
            store.clone(),
            clock.clone(),
            courier.clone(),
            hasher.clone(),
            audit.clone(),
            telemetry.clone(),
            PasswordSettings {
                enabled: config.methods.password_enabled,
                prompt_interval: config.methods.password_prompt_interval,
                disable_after: config.methods.password_disable_after,
                product: backup_code_settings.product.clone(),
                login_url: backup_code_settings.login_url.clone(),
                policy: config.policy.clone(),
            },
        );
        let backup_codes = BackupCodeMethod::new(
            store.clone(),
            clock.clone(),
            courier.clone(),
            hasher,
            audit.clone(),
            backup_code_settings,
        );
        let sessions = Arc::new(Sessions::new(
            store.clone(),
            clock.clone(),
            config.session.clone(),
            config.policy.clone(),
            telemetry.session_cache.clone(),
        ));
        let admin_keys = AdminKeys::new(store.clone(), clock.clone(), audit.clone());
        let identity_admin = IdentityAdmin::new(
            store.clone(),
            clock.clone(),
            sessions.clone(),
            audit.clone(),
            config.policy.clone(),
            config.recovery.require_approval,
        );
        let auth = Arc::new(AuthCore::new(
            store.clone(),
            clock.clone(),
            sessions.clone(),
            audit.clone(),
            courier.clone(),
            telemetry.clone(),
            AuthSettings {
                policy: config.policy.clone(),
                privileged_window: config.privileged_window,
                recovery_ends_other_sessions: config.recovery.revoke_other_sessions,
                guard: GuardSettings {
                    cooldown: config.policy.new_passkey_cooldown,
                    base_url: config.public.base_url.clone(),
                    product: config.ui.name.clone(),
                },
            },
        ));
        let tokens = Arc::new(TokenKeys::new(store.clone(), keys.signing_keys, clock.clone()));
        let shared = Shared {
            store: store.clone(),
            clock: clock.clone(),
            sessions: sessions.clone(),
            auth: auth.clone(),
            keys: tokens.clone(),
            audit: audit.clone(),
        };
        let oidc = Provider::new(shared, config.oauth2.clone(), &config.public.base_url);
        let recovery = RecoveryMethod::new(
            store.clone(),
            clock.clone(),
            courier.clone(),
            audit.clone(),
            telemetry.clone(),
            RecoverySettings {
                config: config.recovery.clone(),
                policy: config.policy.clone(),
                base_url: config.public.base_url.clone(),
                product: config.ui.name.clone(),
            },
        );
        let cookies = Cookies::new(config.session.cookie.clone(), config.session.lifespan);
        let return_to = ReturnTo::new(
            config.public.base_url.clone(),
            config.allowed_return_urls.clone(),
            config.default_return_url.clone(),
        );
        let mut allowed_origins = config.webauthn.origin_strings();
        let site = config.public.base_url.origin().ascii_serialization();
        if !allowed_origins.contains(&site) {
            allowed_origins.push(site);
        }
        let schema_url = config
            .public
            .base_url
            .join("schemas/default")
            .map(String::from)
            .unwrap_or_default();
        Ok(Arc::new(Self {
            product_name: config.ui.name.clone(),
            passkeys,
            email,
            backup_codes,
            password,
            courier,
            sessions,
            tokens,
            oidc,
            audit,
            admin_keys,
            identity_admin,
            importer,
            recovery,
            auth,
            webhooks: Arc::new(Webhooks::new(&config.webhooks, store.clone(), clock.clone())?),
            telemetry,
            cookies,
            return_to,
            templates: Templates::new(catalog.clone(), config.ui.template_override_path.as_deref())?,
            theme_css: config.ui.theme.css(),
            catalog,
            clock,
            schema_url,
            allowed_origins,
            unknown_origins: std::sync::Mutex::new(std::collections::HashMap::new()),
            store,
            config,
        }))
    }

    /// Starts what runs beside the listeners: following the store's session change log and the
    /// revocations announced by other replicas (PostgreSQL), so what other replicas, the CLI or
    /// an operator change leaves this replica's cache too. Returns once subscribed.
    pub async fn start_background_tasks(self: &Arc<Self>) -> Result<(), Error> {
        if let Some(listener) = self.store.revocation_listener().await? {
            let app = self.clone();
            tokio::spawn(listener.run(move |revoked| app.sessions.forget(revoked)));
        }
        self.oidc.prepare_keys().await?;
        let sessions = self.sessions.clone();
        tokio::spawn(async move { sessions.follow_store_changes().await });
        tokio::spawn(self.clone().flush_funnel_every(std::time::Duration::from_secs(10)));
        Ok(())
    }

    /// Adds the funnel's counts to the store every `period`, so the admin page sees every
    /// replica's numbers within it.
    async fn flush_funnel_every(self: Arc<Self>, period: std::time::Duration) {
        let mut tick = tokio::time::interval(period);
        loop {
            tick.tick().await;
            self.flush_funnel().await;
        }
    }

    /// Adds the funnel's counts to the store now (also as `serve` stops).
    pub async fn flush_funnel(&self) {
        if let Err(e) = self.telemetry.funnel.flush(&self.store).await {
            tracing::warn!(error = %e.detail(), "funnel counts not stored yet; retrying at the next flush");
        }
    }

    /// Starts the mail sender. Separate from [`App::start_background_tasks`] so tests can deliver
    /// by hand ([`Courier::deliver_due`]) and decide when mail goes out.
    pub fn start_courier(&self) {
        tokio::spawn(self.courier.clone().run());
    }

    /// Starts the webhook sender (tests deliver by hand with [`Webhooks::deliver_due`]).
    pub fn start_webhooks(&self) {
        if !self.config.webhooks.is_empty() {
            tokio::spawn(self.webhooks.clone().run());
        }
    }

    /// The hosted page `page` (`ui/step-up`, `ui/re-enrol`) with where to go afterwards, when the
    /// caller named a safe place.
    pub fn page_returning_to(&self, page: &str, return_to: Option<&str>) -> String {
        let mut url = self.config.public.base_url.clone();
        url.set_path(page);
        if let Some(target) = return_to {
            url.query_pairs_mut()
                .append_pair("return_to", self.return_to.resolve(Some(target)).as_str());
        }
        url.to_string()
    }

    /// The re-enrolment page, for a restricted sign-in that must save a passkey first.
    pub fn re_enrolment_url(&self, return_to: Option<&str>) -> String {
        self.page_returning_to("/ui/re-enrol", return_to)
    }

    /// True when `origin` (an `Origin` header) is this site or an allowed WebAuthn origin.
    pub fn is_allowed_origin(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|allowed| allowed == origin)
    }

    /// The origins our pages may run at (the WebAuthn origins and the base URL's).
    pub(crate) fn allowed_origins(&self) -> &[String] {
        &self.allowed_origins
    }

    /// The origin of `serve.public.base_url`: where sign-in lives.
    pub(crate) fn site_origin(&self) -> String {
        self.config.public.base_url.origin().ascii_serialization()
    }

    /// Our page was used at `origin`, which is not the site's: passkeys cannot work there. Warns
    /// once per address per ten minutes, naming the setting to change.
    pub(crate) fn unknown_origin_seen(&self, origin: &str) {
        let now = std::time::Instant::now();
        let mut seen = self
            .unknown_origins
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if seen
            .get(origin)
            .is_some_and(|last| now.duration_since(*last) < UNKNOWN_ORIGIN_WARNING_EVERY)
        {
            return;
        }
        if seen.len() >= UNKNOWN_ORIGINS_KEPT {
            seen.retain(|_, last| now.duration_since(*last) < UNKNOWN_ORIGIN_WARNING_EVERY);
            if seen.len() >= UNKNOWN_ORIGINS_KEPT {
                return;
            }
        }
        seen.insert(origin.to_owned(), now);
        // An Origin header is a scheme, host and port: nothing a person typed.
        tracing::warn!(
            origin,
            site = %self.site_origin(),
            "the hosted pages were used at an address that is not this site's; passkeys cannot work there: \
             open the site at serve.public.base_url, or add the address to \
             selfservice.methods.webauthn.config.rp.origins (its host must be rp.id or under it)"
        );
    }

    /// The public listener's routes.
    pub fn public_router(self: &Arc<Self>) -> Router {
        let router = Router::new()
            .merge(health::router())
            .merge(sessions::router())
            .merge(jwks::router())
            .merge(related_origins::router())
            .merge(oidc::router())
            .merge(selfservice::router())
            .merge(email_code::router())
            .merge(backup_codes::router())
            .merge(beacon::router())
            .merge(password::router())
            .merge(recovery::router())
            .merge(step_up::router())
            .merge(guard::router())
            .merge(dev::router())
            .merge(ui::router())
            .merge(ui::favicon_router())
            .route("/schemas/default", axum::routing::get(identity_schema))
            .route("/openapi.json", axum::routing::get(openapi));
        oidc::with_cross_origin_paths(self.at_the_edge(router, &self.config.public))
    }

    /// The admin listener's routes.
    pub fn admin_router(self: &Arc<Self>) -> Router {
        let mut routes = Router::new()
            .merge(health::router())
            .merge(admin::router())
            .merge(ui::favicon_router());
        if self.config.metrics_enabled {
            routes = routes.merge(admin::metrics_router());
        }
        self.at_the_edge(routes, &self.config.admin)
    }

    /// What both listeners wrap their routes in: typed 404/405 answers, the body limit, a
    /// typed `internal_error` for a handler that panics, the security headers.
    fn at_the_edge(self: &Arc<Self>, routes: Router<Arc<Self>>, listener: &crate::config::Listener) -> Router {
        let ids = Arc::new(request_id::RequestIds::new(listener.client_ip_header.is_some()));
        let router = routes
            .fallback(|| async { Error::NotFound })
            .method_not_allowed_fallback(|| async { Error::MethodNotAllowed })
            .layer(DefaultBodyLimit::max(BODY_LIMIT))
            .layer(CatchPanicLayer::custom(answer_panic))
            .layer(axum::middleware::from_fn({
                let (limit, catalog) = (self.config.connections.request_timeout, self.catalog.clone());
                move |request: axum::extract::Request, next| {
                    let reader = Reader::new(catalog.clone(), request.headers());
                    reader.reading(listen::within(limit, read_whole_body(request, next)))
                }
            }))
            .layer(axum::middleware::from_fn({
                let (telemetry, count) = (self.telemetry.clone(), self.config.metrics_enabled);
                move |request, next| crate::telemetry::observe_requests(telemetry.clone(), count, request, next)
            }))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(request_id::request_span)
                    .on_request(())
                    .on_response(
                        DefaultOnResponse::new()
                            .level(Level::DEBUG)
                            .latency_unit(LatencyUnit::Micros),
                    )
                    // Errors are logged where they happen, with what went wrong.
                    .on_failure(())
                    .on_eos(()),
            )
            .layer(axum::middleware::from_fn(move |request, next| {
                request_id::with_request_id(ids.clone(), request, next)
            }))
            .with_state(self.clone());
        with_security_headers(router)
    }
}

/// Reads every request body (up to [`BODY_LIMIT`]) before the handler runs, and refuses a request
/// that carries a NUL character.
///
/// # Why
/// A handler that answers without reading the body (passkey options, sign-out, any refusal by an
/// extractor) leaves it on the connection, and the server then has to close a keep-alive
/// connection rather than reuse it: browsers saw a flaky passkey verify step. Every body here is
/// small, so reading it first costs nothing a JSON extractor would not spend anyway.
///
/// No field accepts NUL: PostgreSQL refuses it in text (an admin search for it answered 500) and
/// SQLite cuts text at it (the same search matched every identity).
async fn read_whole_body(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    use axum::body::HttpBody;
    use axum::response::IntoResponse;
    let holds_nul = || {
        Error::InvalidRequest("Text in this request holds the NUL character, which no field accepts.".into())
            .into_response()
    };
    // Most requests (every whoami) carry no body: nothing to read, only the path to check.
    if request.body().is_end_stream() {
        if carries_nul(request.uri().path_and_query().map(|p| p.as_str()), b"") {
            return holds_nul();
        }
        return next.run(request).await;
    }
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|length| length > BODY_LIMIT) {
        return Error::PayloadTooLarge.into_response();
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(bytes) if carries_nul(parts.uri.path_and_query().map(|p| p.as_str()), &bytes) => holds_nul(),
        Ok(bytes) => {
            next.run(axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes)))
                .await
        }
        // Over the limit without saying so up front (chunked), or the client went away mid-body.
        Err(_) => Error::PayloadTooLarge.into_response(),
    }
}

/// Whether a request carries NUL: `%00` in its path or query, or in its body a NUL byte or a JSON
/// `\u0000` escape (one whose backslash is not itself escaped).
fn carries_nul(path_and_query: Option<&str>, body: &[u8]) -> bool {
    let starts_an_escape = |at: usize| {
        let backslashes_before = body
            .get(..at)
            .map_or(0, |b| b.iter().rev().take_while(|&&c| c == b'\\').count());
        backslashes_before % 2 == 0
    };
    path_and_query.is_some_and(|p| p.contains("%00"))
        || body.contains(&0)
        || body
            .windows(6)
            .enumerate()
            .any(|(at, window)| window == b"\\u0000" && starts_an_escape(at))
}

/// A handler panicked: the client gets the typed `internal_error`. The panic's message is not
/// logged, because it may quote what the client sent (a typed code, a token); `serve`'s panic hook
/// logs only where it happened.
fn answer_panic(_: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    axum::response::IntoResponse::into_response(Error::Internal("a request handler panicked".into()))
}

/// The OpenAPI document of the public API, kept beside the handlers and checked by the
/// integration suite against the routes.
const OPENAPI: &str = include_str!("openapi.json");

async fn openapi() -> impl axum::response::IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "application/json")], OPENAPI)
}

async fn identity_schema() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({
        "$id": "default",
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Person",
        "type": "object",
        "properties": { "traits": { "type": "object", "properties": { "email": { "type": "string", "format": "email", "title": "Email" } }, "required": ["email"] } }
    }))
}

/// Security headers on every response. `no-store` unless a handler set its own caching, since
/// almost every answer here is about a person's session. One step sets them all: six layers, one
/// per header, were 5 % of `whoami`'s CPU in a profile.
fn with_security_headers(router: Router) -> Router {
    router.layer(axum::middleware::map_response(set_security_headers))
}

async fn set_security_headers(mut response: axum::response::Response) -> axum::response::Response {
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::{Request, StatusCode};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::*;

    #[test]
    fn nul_is_found_in_the_query_the_body_and_json_escapes_only() {
        assert!(carries_nul(Some("/admin/identities?email=%00"), b""));
        assert!(
            !carries_nul(Some("/admin/identities?email=%2500"), b""),
            "a literal %00"
        );
        assert!(carries_nul(None, b"{\"a\":\"x\0\"}"));
        assert!(carries_nul(None, br#"{"a":"\u0000"}"#));
        assert!(
            !carries_nul(None, br#"{"a":"\\u0000"}"#),
            "an escaped backslash, then text"
        );
        assert!(carries_nul(None, br#"{"a":"\\\u0000"}"#));
        assert!(carries_nul(None, br#"\u0000"#), "at the very start");
        assert!(!carries_nul(Some("/x?y=1"), br#"{"a":"\u0001"}"#));
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_a_typed_internal_error() {
        let router = Router::new()
            .fallback(|| async {
                let typed = "aé";
                typed.split_at(2).0.to_owned()
            })
            .layer(CatchPanicLayer::custom(answer_panic));
        let reply = router
            .oneshot(Request::get("/boom").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(reply.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = reply.into_body().collect().await.unwrap().to_bytes();
        let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"]["id"], "internal_error");
        assert!(!body.to_string().contains("aé"), "nothing of the input in the answer");
    }
}
