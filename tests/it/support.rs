//! Test harness: an in-process latchkey on a fresh SQLite file or PostgreSQL schema, a browser
//! with a cookie jar, an API client, and a software authenticator (1Password's passkey crates)
//! that runs real WebAuthn ceremonies.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use latchkey::App;
use latchkey::clock::ManualClock;
use latchkey::config::{Config, SecretsConfig};
use latchkey::store::Store;
use passkey::authenticator::{Authenticator, UiHint, UserCheck, UserValidationMethod};
use passkey::client::{Client, DefaultClientData};
use passkey::crypto::rust_crypto::RustCryptoBackend;
use passkey::types::Passkey;
use passkey::types::ctap2::{Aaguid, Ctap2Error};
use passkey::types::webauthn::{
    AuthenticatorTransport, CredentialCreationOptions, CredentialRequestOptions, UserVerificationRequirement,
};
use serde_json::{Value, json};
use time::macros::datetime;
use tower::ServiceExt;
use url::Url;

pub const ORIGIN: &str = "http://localhost:4433";

/// Bytes of a base64url JSON string (WebAuthn binary fields).
pub fn b64(value: &Value) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(value.as_str().unwrap())
        .unwrap()
}

/// Writes `bytes` into a JSON field as base64url.
pub fn set_b64(value: &mut Value, bytes: &[u8]) {
    use base64::Engine;
    *value = Value::String(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes));
}

/// Which store a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Runs each listed async test function once per store: `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_stores {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::support::Db::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::support::Db::Postgres).await
                }
            }
        )*
    };
}

/// The PostgreSQL server tests use. `scripts/test` sets it (starting a private server when none
/// answers); a plain `cargo test` falls back to the developer machine's local server.
fn postgres_url() -> String {
    std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_owned())
}

/// A fresh database: a temp SQLite file, or a new schema on the PostgreSQL server.
pub async fn fresh_dsn(db: Db) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    match db {
        Db::Sqlite => {
            let dir = std::env::temp_dir().join("latchkey-tests");
            std::fs::create_dir_all(&dir).unwrap();
            format!("sqlite://{}?mode=rwc", dir.join(format!("{id}.sqlite")).display())
        }
        Db::Postgres => {
            let url = postgres_url();
            let admin = sqlx::PgPool::connect(&url).await.unwrap_or_else(|e| {
                panic!("PostgreSQL is required for the postgres half of the suite and is not reachable at {url}: {e}. Run scripts/test, which starts a private server when none answers.")
            });
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA t_{id}")))
                .execute(&admin)
                .await
                .unwrap();
            admin.close().await;
            let separator = if url.contains('?') { '&' } else { '?' };
            format!("{url}{separator}options=-csearch_path%3Dt_{id}")
        }
    }
}

/// Serves `routes` on a new loopback socket with `limits`; returns the port.
pub async fn serve_on_socket(routes: Router, limits: latchkey::http::listen::ConnectionLimits) -> u16 {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(latchkey::http::listen::serve(
        listener,
        routes,
        limits,
        std::future::pending(),
    ));
    port
}

/// Secrets of a new deployment: random, as an operator's `openssl rand -hex 32`.
pub fn fresh_secrets() -> SecretsConfig {
    let secret = || format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    SecretsConfig::Configured {
        default: vec![secret()],
        cipher: vec![secret()],
    }
}

/// One latchkey, in process, with a clock the test moves.
pub struct Harness {
    pub app: Arc<App>,
    pub router: Router,
    /// The admin listener's routes.
    pub admin_router: Router,
    pub clock: Arc<ManualClock>,
    pub store: Store,
}

impl Harness {
    pub async fn new(db: Db) -> Self {
        Self::with_config(db, |_| {}).await
    }

    pub async fn with_config(db: Db, tweak: impl FnOnce(&mut Config)) -> Self {
        let mut config = Config::dev_default().unwrap();
        config.dsn = fresh_dsn(db).await;
        config.secrets = fresh_secrets();
        tweak(&mut config);
        let store = Store::connect(&config.dsn).await.unwrap();
        store.migrate().await.unwrap();
        Self::on_store(config, store).await
    }

    /// A second replica on the same store (shares nothing in memory with the first).
    pub async fn replica(&self) -> Self {
        let replica = self.restarted_with(|_| {}).await;
        replica.app.start_background_tasks().await.unwrap();
        replica
    }

    /// Another latchkey process on the same store and clock, with a changed configuration.
    pub async fn restarted_with(&self, tweak: impl FnOnce(&mut Config)) -> Self {
        let mut config = self.app.config.clone();
        tweak(&mut config);
        let store = Store::connect(&config.dsn).await.unwrap();
        let app = App::new(config, store.clone(), self.clock.clone()).unwrap();
        Self {
            router: app.public_router(),
            admin_router: app.admin_router(),
            app,
            clock: self.clock.clone(),
            store,
        }
    }

    async fn on_store(config: Config, store: Store) -> Self {
        let clock = Arc::new(ManualClock::new(datetime!(2026-11-25 12:00 UTC)));
        let app = App::new(config, store.clone(), clock.clone()).unwrap();
        Self {
            router: app.public_router(),
            admin_router: app.admin_router(),
            app,
            clock,
            store,
        }
    }

    pub async fn send(&self, request: Request<Body>) -> Reply {
        Reply::read(self.router.clone().oneshot(request).await.unwrap()).await
    }

    /// Sends every request at once, each on its own task.
    pub async fn send_concurrently(&self, requests: Vec<Request<Body>>) -> Vec<Reply> {
        let tasks: Vec<_> = requests
            .into_iter()
            .map(|request| {
                let router = self.router.clone();
                tokio::spawn(async move { Reply::read(router.oneshot(request).await.unwrap()).await })
            })
            .collect();
        let mut replies = Vec::new();
        for task in tasks {
            replies.push(task.await.unwrap());
        }
        replies
    }

    pub fn browser(&self) -> Browser<'_> {
        Browser {
            harness: self,
            cookies: HashMap::new(),
            csrf: String::new(),
            origin: ORIGIN.to_owned(),
            accept_language: None,
        }
    }

    /// An admin API client holding a new key of `role` ("support" or "admin").
    pub async fn admin(&self, name: &str, role: &str) -> Admin<'_> {
        self.admin_of(name, name, role).await
    }

    /// A key named `name` belonging to the person `owner`.
    pub async fn admin_of(&self, name: &str, owner: &str, role: &str) -> Admin<'_> {
        let role = latchkey::admin::keys::Role::parse(role).unwrap();
        let (key, secret) = self.app.admin_keys.create(name, owner, role, "test").await.unwrap();
        Admin {
            harness: self,
            key: Some(secret.expose().to_owned()),
            id: key.id,
        }
    }

    /// Runs SQL on the store behind latchkey's back, as someone with database access could.
    pub async fn behind_the_back(&self, sql: &str) -> Result<u64, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&self.app.config.dsn).await?;
        let result = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned())).execute(&pool).await;
        pool.close().await;
        result.map(|r| r.rows_affected())
    }

    /// Serves the public routes on a real socket, as `serve` does; returns the port.
    pub async fn serve_public(&self) -> u16 {
        serve_on_socket(self.router.clone(), self.app.config.connections).await
    }

    /// Serves the admin routes on a real socket; returns the port.
    pub async fn serve_admin(&self) -> u16 {
        serve_on_socket(self.admin_router.clone(), self.app.config.connections).await
    }

    pub fn api(&self) -> ApiClient<'_> {
        ApiClient {
            harness: self,
            token: None,
        }
    }
}

/// A response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    async fn read(response: axum::response::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        Self {
            status,
            headers,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The answer as a client compares two of them: status and body, less the id every request
    /// gets (`error.request_id`), which differs by design and says nothing about the account.
    pub fn answer(&self) -> (StatusCode, Value) {
        let mut body = self.json();
        if let Some(error) = body.get_mut("error").and_then(Value::as_object_mut) {
            error.remove("request_id");
        }
        (self.status, body)
    }

    /// `error.id` of a JSON error body.
    pub fn error_id(&self) -> String {
        self.json()["error"]["id"].as_str().unwrap_or_default().to_owned()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }
}

/// A browser: keeps cookies, reads the CSRF token from pages, sends it back like the page script.
pub struct Browser<'h> {
    harness: &'h Harness,
    pub cookies: HashMap<String, String>,
    pub csrf: String,
    pub origin: String,
    /// The browser's `Accept-Language`, when it sends one.
    pub accept_language: Option<String>,
}

impl Browser<'_> {
    pub async fn get(&mut self, path: &str) -> Reply {
        let request = self.request(Method::GET, path).body(Body::empty()).unwrap();
        let reply = self.harness.send(request).await;
        self.absorb(&reply);
        if let Some(token) = meta_csrf(&reply.text) {
            self.csrf = token;
        }
        reply
    }

    /// Opens the sign-in page, as a person would first; this yields the CSRF cookie and token.
    pub async fn open(&mut self) -> Reply {
        let reply = self.get("/ui/login").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        reply
    }

    pub async fn post(&mut self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, body).await
    }

    /// A state-changing request as the page script sends it: JSON, CSRF token, our origin.
    pub async fn call(&mut self, method: Method, path: &str, body: Value) -> Reply {
        let request = self
            .request(method, path)
            .header("content-type", "application/json")
            .header("x-csrf-token", &self.csrf)
            .header("origin", &self.origin)
            .body(Body::from(body.to_string()))
            .unwrap();
        let reply = self.harness.send(request).await;
        self.absorb(&reply);
        reply
    }

    fn request(&self, method: Method, path: &str) -> axum::http::request::Builder {
        let mut builder = Request::builder().method(method).uri(path).header(
            "user-agent",
            "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0 Safari/537.36",
        );
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            builder = builder.header("cookie", jar.join("; "));
        }
        if let Some(languages) = &self.accept_language {
            builder = builder.header("accept-language", languages);
        }
        builder
    }

    fn absorb(&mut self, reply: &Reply) {
        for cookie in reply.set_cookies() {
            let pair = cookie.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || cookie.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
    }

    pub fn session_cookie(&self) -> Option<&String> {
        self.cookies.get("latchkey_session")
    }

    /// Proves `email` with the emailed sign-up code and starts the passkey ceremony; the reply
    /// holds `flow_id` and `options`.
    pub async fn registration_options(&mut self, email: &str) -> Reply {
        registration_options(self, email).await
    }

    /// An account whose address is not confirmed, as an admin makes one (`verified: false`) or
    /// an import brings it: signed up with `device`, then the confirmation taken back in the
    /// store. Every sign-up proves its address, so no self-service path leaves one unconfirmed.
    pub async fn sign_up_unconfirmed(&mut self, email: &str, device: &mut Device) -> Reply {
        let reply = self.sign_up(email, device).await;
        self.harness
            .behind_the_back(&format!(
                "UPDATE addresses SET verified = 0, verified_at = NULL WHERE value = '{email}'"
            ))
            .await
            .unwrap();
        self.harness.app.sessions.forget(latchkey::store::Revoked::Unknown);
        reply
    }

    /// Signs up `email` with `device` through the hosted pages' API calls (code, then passkey).
    pub async fn sign_up(&mut self, email: &str, device: &mut Device) -> Reply {
        sign_up(self, email, device).await
    }

    /// Signs in with whatever passkey `device` holds (discoverable flow).
    pub async fn sign_in(&mut self, device: &mut Device) -> Reply {
        let start = self.post("/self-service/login/passkey/options", json!({})).await;
        assert_eq!(start.status, StatusCode::OK, "{}", start.text);
        let credential = device.authenticate(&start.json()["options"]).await;
        self.post(
            "/self-service/login/passkey/verify",
            json!({ "flow_id": start.json()["flow_id"], "credential": credential }),
        )
        .await
    }

    pub async fn whoami(&mut self) -> Reply {
        self.get("/sessions/whoami").await
    }

    /// Adds a passkey made by `device` to the signed-in account.
    pub async fn add_passkey(&mut self, device: &mut Device) -> Reply {
        add_passkey(self, device).await
    }

    /// Finishes an add-passkey ceremony whose options reply is `start`.
    pub async fn finish_adding_passkey(&mut self, start: &Reply, device: &mut Device) -> Reply {
        finish_adding_passkey(self, start, device).await
    }

    /// Confirms it's the signed-in person with the passkey `device` holds (a step-up).
    pub async fn step_up(&mut self, device: &mut Device) -> Reply {
        let start = self.post("/self-service/step-up/passkey/options", json!({})).await;
        assert_eq!(start.status, StatusCode::OK, "{}", start.text);
        let assertion = device.authenticate(&start.json()["options"]).await;
        self.post(
            "/self-service/step-up/passkey/verify",
            json!({ "flow_id": start.json()["flow_id"], "credential": assertion }),
        )
        .await
    }
}

fn meta_csrf(html: &str) -> Option<String> {
    let marker = r#"<meta name="csrf-token" content=""#;
    let start = html.find(marker)? + marker.len();
    Some(html[start..].split('"').next()?.to_owned())
}

/// An API client: no cookies, session token in a header.
pub struct ApiClient<'h> {
    harness: &'h Harness,
    pub token: Option<String>,
}

impl ApiClient<'_> {
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        let mut builder = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header("content-type", "application/json");
        if let Some(token) = &self.token {
            builder = builder.header("authorization", format!("Bearer {token}"));
        }
        self.harness
            .send(builder.body(Body::from(body.to_string())).unwrap())
            .await
    }

    pub async fn get(&self, path: &str) -> Reply {
        let mut builder = Request::builder().method(Method::GET).uri(path);
        if let Some(token) = &self.token {
            builder = builder.header("x-session-token", token);
        }
        self.harness.send(builder.body(Body::empty()).unwrap()).await
    }

    /// Proves `email` with the emailed sign-up code and starts the passkey ceremony.
    pub async fn registration_options(&mut self, email: &str) -> Reply {
        registration_options(self, email).await
    }

    /// Adds a passkey made by `device` to the account of the session token held.
    pub async fn add_passkey(&mut self, device: &mut Device) -> Reply {
        add_passkey(self, device).await
    }

    /// Signs up and keeps the session token.
    pub async fn sign_up(&mut self, email: &str, device: &mut Device) -> Reply {
        let reply = sign_up(self, email, device).await;
        self.token = reply.json()["session_token"].as_str().map(str::to_owned);
        reply
    }

    /// Starts a login flow; returns (flow id, options).
    pub async fn login_options(&self) -> (Value, Value) {
        let start = self.post("/self-service/login/passkey/options", json!({})).await;
        assert_eq!(start.status, StatusCode::OK, "{}", start.text);
        (start.json()["flow_id"].clone(), start.json()["options"].clone())
    }

    pub async fn login_verify(&mut self, flow_id: &Value, credential: &Value) -> Reply {
        let reply = self
            .post(
                "/self-service/login/passkey/verify",
                json!({ "flow_id": flow_id, "credential": credential }),
            )
            .await;
        if let Some(token) = reply.json()["session_token"].as_str() {
            self.token = Some(token.to_owned());
        }
        reply
    }

    pub async fn sign_in(&mut self, device: &mut Device) -> Reply {
        let (flow_id, options) = self.login_options().await;
        let credential = device.authenticate(&options).await;
        self.login_verify(&flow_id, &credential).await
    }
}

/// What the browser and the API client share: posting as themselves, and the harness they talk to.
trait TestClient {
    fn harness(&self) -> &Harness;
    async fn post_as_client(&mut self, path: &str, body: Value) -> Reply;
}

impl TestClient for Browser<'_> {
    fn harness(&self) -> &Harness {
        self.harness
    }

    async fn post_as_client(&mut self, path: &str, body: Value) -> Reply {
        self.post(path, body).await
    }
}

impl TestClient for ApiClient<'_> {
    fn harness(&self) -> &Harness {
        self.harness
    }

    async fn post_as_client(&mut self, path: &str, body: Value) -> Reply {
        self.post(path, body).await
    }
}

/// Asks for a sign-up code, reads it from the dev outbox and starts the passkey ceremony with it.
async fn registration_options(client: &mut impl TestClient, email: &str) -> Reply {
    let sent = client
        .post_as_client("/self-service/registration/code", json!({ "email": email }))
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let code = client.harness().mail_to(&email.trim().to_lowercase()).await.code();
    client
        .post_as_client(
            "/self-service/registration/passkey/options",
            json!({ "flow_id": sent.json()["flow_id"], "code": code }),
        )
        .await
}

/// The whole sign-up: code, then a passkey made by `device`.
async fn sign_up(client: &mut impl TestClient, email: &str, device: &mut Device) -> Reply {
    let start = registration_options(client, email).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.text);
    let credential = device.register(&start.json()["options"]).await;
    client
        .post_as_client(
            "/self-service/registration/passkey/verify",
            json!({ "flow_id": start.json()["flow_id"], "credential": credential }),
        )
        .await
}

/// Adds a passkey made by `device` to the client's signed-in account.
async fn add_passkey(client: &mut impl TestClient, device: &mut Device) -> Reply {
    let start = client
        .post_as_client("/self-service/settings/passkeys/options", json!({}))
        .await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.text);
    finish_adding_passkey(client, &start, device).await
}

/// Finishes an add-passkey ceremony whose options reply is `start`.
async fn finish_adding_passkey(client: &mut impl TestClient, start: &Reply, device: &mut Device) -> Reply {
    let credential = device.register(&start.json()["options"]).await;
    client
        .post_as_client(
            "/self-service/settings/passkeys/verify",
            json!({ "flow_id": start.json()["flow_id"], "credential": credential }),
        )
        .await
}

/// The person at the authenticator: always present; verified unless told otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Person {
    pub verifies: bool,
}

#[async_trait::async_trait]
impl UserValidationMethod for Person {
    type PasskeyItem = Passkey;

    async fn check_user<'a>(
        &self,
        _hint: UiHint<'a, Passkey>,
        _presence: bool,
        verification: bool,
    ) -> Result<UserCheck, Ctap2Error> {
        Ok(UserCheck {
            presence: true,
            verification: verification && self.verifies,
        })
    }

    fn is_presence_enabled(&self) -> bool {
        true
    }

    fn is_verification_enabled(&self) -> Option<bool> {
        Some(true)
    }
}

/// A software authenticator holding at most one passkey (one device, one account).
#[derive(Clone)]
pub struct Device {
    pub passkey: Option<Passkey>,
    pub person: Person,
    pub origin: Url,
    /// Make credentials with a signature counter (hardware-key style) instead of 0 (synced style).
    pub counter: bool,
    /// Ask the authenticator not to verify the user, whatever the server asked (a tampering client).
    pub skip_user_verification: bool,
    /// The authenticator model it tells the server (all zeros: none).
    pub aaguid: Aaguid,
    /// A USB security key: the browser reports a cross-platform attachment and the usb transport.
    pub usb_key: bool,
}

impl Device {
    pub fn new() -> Self {
        Self {
            passkey: None,
            person: Person { verifies: true },
            origin: Url::parse(ORIGIN).unwrap(),
            counter: false,
            skip_user_verification: false,
            aaguid: Aaguid::new_empty(),
            usb_key: false,
        }
    }

    /// An authenticator that names its model (`aaguid` as in the AAGUID lists).
    pub fn of_model(aaguid: &str) -> Self {
        Self {
            aaguid: Aaguid::from(*uuid::Uuid::parse_str(aaguid).unwrap().as_bytes()),
            ..Self::new()
        }
    }

    /// A USB security key, of `aaguid`'s model when given.
    pub fn usb_key(aaguid: Option<&str>) -> Self {
        Self {
            usb_key: true,
            counter: true,
            ..aaguid.map_or_else(Self::new, Self::of_model)
        }
    }

    pub fn with_counter() -> Self {
        Self {
            counter: true,
            ..Self::new()
        }
    }

    fn authenticator(&self) -> Authenticator<Option<Passkey>, Person, RustCryptoBackend> {
        let mut authenticator = Authenticator::new(self.aaguid, self.passkey.clone(), self.person, RustCryptoBackend);
        if self.usb_key {
            authenticator = authenticator.transports(vec![AuthenticatorTransport::Usb]);
        }
        authenticator.set_make_credentials_with_signature_counter(self.counter);
        authenticator
    }

    /// `navigator.credentials.create()` with the server's options (JSON).
    pub async fn register(&mut self, options: &Value) -> Value {
        let options: CredentialCreationOptions = serde_json::from_value(options.clone()).unwrap();
        let mut client = Client::new(self.authenticator()).allows_insecure_localhost(true);
        let created = client
            .register(&self.origin, options, DefaultClientData)
            .await
            .unwrap_or_else(|e| panic!("authenticator refused to register: {e:?}"));
        self.passkey = client.authenticator().store().clone();
        let mut created = serde_json::to_value(created).unwrap();
        if self.usb_key {
            created["authenticatorAttachment"] = json!("cross-platform");
        }
        created
    }

    /// `navigator.credentials.get()` with the server's options (JSON).
    pub async fn authenticate(&mut self, options: &Value) -> Value {
        let mut options: CredentialRequestOptions = serde_json::from_value(options.clone()).unwrap();
        if self.skip_user_verification {
            options.public_key.user_verification = UserVerificationRequirement::Discouraged;
        }
        let mut client = Client::new(self.authenticator()).allows_insecure_localhost(true);
        let asserted = client
            .authenticate(&self.origin, options, DefaultClientData)
            .await
            .unwrap_or_else(|e| panic!("authenticator refused to sign: {e:?}"));
        self.passkey = client.authenticator().store().clone();
        serde_json::to_value(asserted).unwrap()
    }
}

/// What a browser fetched from `https://{rp id}/.well-known/webauthn` (WebAuthn Level 3 related
/// origins), handed to the software authenticator's client as it would fetch it.
pub struct RelatedOrigins(pub Value);

impl passkey::client::Fetcher for RelatedOrigins {
    async fn fetch_related_origins(
        &self,
        url: Url,
    ) -> Result<passkey::client::RelatedOriginResponse, passkey::client::WebauthnError> {
        let payload = serde_json::from_value(self.0.clone()).unwrap();
        Ok(passkey::client::RelatedOriginResponse {
            payload,
            final_url: url,
        })
    }
}

impl Device {
    /// `navigator.credentials.create()` on a related origin: the client checks `served` (the
    /// rp id's `/.well-known/webauthn`) lists this device's origin, as browsers do.
    pub async fn register_at_related_origin(&mut self, options: &Value, served: &Value) -> Value {
        let options: CredentialCreationOptions = serde_json::from_value(options.clone()).unwrap();
        let fetcher = RelatedOrigins(served.clone());
        let mut client =
            Client::new_with_custom_tld_provider(self.authenticator(), public_suffix::DEFAULT_PROVIDER, Some(fetcher));
        let created = client
            .register(&self.origin, options, DefaultClientData)
            .await
            .map_err(|e| format!("{e:?}"));
        self.passkey = client.authenticator().store().clone();
        serde_json::to_value(created.unwrap_or_else(|e| panic!("the client refused the related origin: {e}"))).unwrap()
    }

    /// `navigator.credentials.get()` on a related origin; `Err` when the client refuses it.
    pub async fn authenticate_at_related_origin(&mut self, options: &Value, served: &Value) -> Result<Value, String> {
        let options: CredentialRequestOptions = serde_json::from_value(options.clone()).unwrap();
        let fetcher = RelatedOrigins(served.clone());
        let mut client =
            Client::new_with_custom_tld_provider(self.authenticator(), public_suffix::DEFAULT_PROVIDER, Some(fetcher));
        let asserted = client
            .authenticate(&self.origin, options, DefaultClientData)
            .await
            .map_err(|e| format!("{e:?}"))?;
        self.passkey = client.authenticator().store().clone();
        Ok(serde_json::to_value(asserted).unwrap())
    }
}

/// An email as its recipient reads it.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    /// Empty for mail from the dev outbox.
    pub message_id: String,
    pub text: String,
    pub html: String,
}

impl Mail {
    /// The one-time code: the line of the text body that is six digits.
    pub fn code(&self) -> String {
        self.text
            .lines()
            .map(str::trim)
            .find(|line| line.len() == 6 && line.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or_else(|| panic!("no code in: {}", self.text))
            .to_owned()
    }

    /// The magic link.
    pub fn link(&self) -> String {
        self.text
            .split_whitespace()
            .find(|word| word.contains("#token="))
            .unwrap_or_else(|| panic!("no link in: {}", self.text))
            .to_owned()
    }

    /// The token from the link's fragment.
    pub fn link_token(&self) -> String {
        self.link().split_once("#token=").unwrap().1.to_owned()
    }
}

impl Harness {
    /// Delivers what is due through the dev outbox; returns every message to `address`, oldest first.
    pub async fn mails_to(&self, address: &str) -> Vec<Mail> {
        self.app.courier.deliver_due().await.unwrap();
        let mut mails: Vec<Mail> = self
            .app
            .courier
            .dev_outbox()
            .expect("the harness delivers to the dev outbox")
            .into_iter()
            .filter(|m| m.recipient == address)
            .map(|m| Mail {
                to: m.recipient,
                subject: m.subject,
                message_id: String::new(),
                text: m.text_body,
                html: m.html_body,
            })
            .collect();
        mails.reverse();
        mails
    }

    /// The newest message to `address`.
    pub async fn mail_to(&self, address: &str) -> Mail {
        self.mails_to(address)
            .await
            .pop()
            .unwrap_or_else(|| panic!("no mail to {address}"))
    }
}

impl Browser<'_> {
    /// Asks for a sign-in code for `email`; returns the flow id.
    pub async fn request_code(&mut self, email: &str) -> Value {
        let reply = self.post("/self-service/login/code", json!({ "email": email })).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        reply.json()["flow_id"].clone()
    }

    /// Signs in with the code emailed for `flow_id`.
    pub async fn enter_code(&mut self, flow_id: &Value, code: &str) -> Reply {
        self.post(
            "/self-service/login/code/verify",
            json!({ "flow_id": flow_id, "code": code }),
        )
        .await
    }

    /// A fresh browser state: no cookies, on the sign-in page.
    pub async fn forget_everything(&mut self) {
        self.cookies.clear();
        self.open().await;
    }
}

/// A real SMTP receiver (Python's aiosmtpd, `tests/smtp_sink.py`) on a fixed port, which a test
/// can stop, start again and switch to refusing mail.
pub struct SmtpSink {
    pub port: u16,
    tls: latchkey::config::SmtpTls,
    dir: std::path::PathBuf,
    child: Option<std::process::Child>,
}

impl SmtpSink {
    /// Reserves a port and a mail folder without listening yet (a server that is down).
    pub fn down() -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = std::env::temp_dir()
            .join("latchkey-tests")
            .join(format!("smtp-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            port,
            tls: latchkey::config::SmtpTls::None,
            dir,
            child: None,
        }
    }

    /// A receiver that requires STARTTLS (`StartTls`) or speaks TLS from the first byte
    /// (`Implicit`), with a self-signed certificate for localhost.
    pub fn start_tls(tls: latchkey::config::SmtpTls) -> Self {
        let mut sink = Self::down();
        sink.tls = tls;
        sink.up();
        sink
    }

    pub fn start() -> Self {
        let mut sink = Self::down();
        sink.up();
        sink
    }

    /// Starts listening (again) on the same port.
    pub fn up(&mut self) {
        use std::io::BufRead;
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/smtp_sink.py");
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .arg(self.port.to_string())
            .arg(&self.dir)
            .arg(match self.tls {
                latchkey::config::SmtpTls::None => "plain",
                latchkey::config::SmtpTls::StartTls => "starttls",
                latchkey::config::SmtpTls::Implicit => "tls",
            })
            .stdout(std::process::Stdio::piped())
            // Refused TLS handshakes are logged with tracebacks: keep them beside the mail.
            .stderr(std::fs::File::create(self.dir.join("receiver.log")).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("python3 is needed for the SMTP receiver: {e}"));
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(
            line.trim(),
            "READY",
            "the SMTP receiver did not start; scripts/install-test-deps installs aiosmtpd"
        );
        self.child = Some(child);
    }

    /// Stops listening: connections are refused.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// While set, every message is answered with a temporary failure (451).
    pub fn refuse(&self, refusing: bool) {
        let flag = self.dir.join("REFUSE");
        if refusing {
            std::fs::write(flag, "").unwrap();
        } else {
            let _ = std::fs::remove_file(flag);
        }
    }

    /// Messages received so far, oldest first.
    pub fn received(&self) -> Vec<Mail> {
        let mut paths: Vec<_> = std::fs::read_dir(&self.dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|path| {
                let record: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
                Mail {
                    to: record["to"][0].as_str().unwrap().to_owned(),
                    subject: record["subject"].as_str().unwrap().to_owned(),
                    message_id: record["message_id"].as_str().unwrap().to_owned(),
                    text: record["text"].as_str().unwrap().to_owned(),
                    html: record["html"].as_str().unwrap().to_owned(),
                }
            })
            .collect()
    }

    /// The courier configuration that delivers here, in the receiver's TLS mode; a TLS receiver's
    /// self-signed certificate is accepted only when `accept_invalid_certs`.
    pub fn delivery_with(&self, accept_invalid_certs: bool) -> latchkey::config::Delivery {
        latchkey::config::Delivery::Smtp(latchkey::config::SmtpConfig {
            host: "localhost".into(),
            port: self.port,
            tls: self.tls,
            username: None,
            password: None,
            accept_invalid_certs,
            local_name: None,
        })
    }

    /// The courier configuration that delivers here.
    pub fn delivery(&self) -> latchkey::config::Delivery {
        self.delivery_with(false)
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A caller of the admin listener.
pub struct Admin<'h> {
    harness: &'h Harness,
    /// The bearer key sent; `None` sends none.
    pub key: Option<String>,
    pub id: uuid::Uuid,
}

impl Admin<'_> {
    pub async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Reply {
        let mut builder = Request::builder().method(method).uri(path);
        if let Some(key) = &self.key {
            builder = builder.header("authorization", format!("Bearer {key}"));
        }
        let body = match body {
            Some(body) => {
                builder = builder.header("content-type", "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        let request = builder.body(body).unwrap();
        Reply::read(self.harness.admin_router.clone().oneshot(request).await.unwrap()).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.call(Method::GET, path, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, path, Some(body)).await
    }

    pub async fn patch(&self, path: &str, body: Value) -> Reply {
        self.call(Method::PATCH, path, Some(body)).await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        self.call(Method::DELETE, path, None).await
    }

    /// The audit entries matching `query` (a query string without `?`), newest first.
    pub async fn audit(&self, query: &str) -> Vec<Value> {
        let reply = self.get(&format!("/admin/audit?{query}")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        reply.json()["entries"].as_array().unwrap().clone()
    }

    /// The actions of the audit entries about `identity`, oldest first.
    pub async fn actions_about(&self, identity: &str) -> Vec<String> {
        let mut actions: Vec<String> = self
            .audit(&format!("identity_id={identity}&limit=500"))
            .await
            .iter()
            .map(|e| e["action"].as_str().unwrap().to_owned())
            .collect();
        actions.reverse();
        actions
    }
}
