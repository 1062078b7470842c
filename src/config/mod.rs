//! Configuration in two stages (as ripgrep does with its flags): [`raw`] reads YAML with Kratos's
//! key names plus `LATCHKEY_*` environment overrides, then [`validate`] turns it into a typed
//! [`Config`] or a [`ConfigError`] that names the key, the value and the fix.
//!
//! Environment overrides: `LATCHKEY_` followed by the key path in any case, with `__` between
//! levels, e.g. `LATCHKEY_DSN`, `LATCHKEY_SERVE__PUBLIC__PORT=8080`,
//! `LATCHKEY_SELFSERVICE__METHODS__WEBAUTHN__CONFIG__RP__ORIGINS='["https://a.example"]'`.
//! Values are read as YAML scalars (numbers, booleans, flow lists); they win over the file.

pub mod courier;
pub mod duration;
pub mod oauth2;
pub mod policy;
mod raw;
pub mod recovery;
pub mod secrets;
pub mod ui;
pub mod webhooks;

use std::path::Path;

use serde_json::Value;
use time::Duration;
use url::Url;

pub use crate::http::client_ip::TrustedProxies;
pub use crate::http::listen::ConnectionLimits;

pub use courier::{CourierConfig, Delivery, SmtpConfig, SmtpTls};
pub use oauth2::{ClientConfig, OAuth2Config};
pub use policy::{PolicyConfig, Profile};
use raw::RawConfig;
pub use recovery::{Approval, RecoveryConfig};
pub use secrets::SecretsConfig;
pub use ui::UiConfig;
pub use webhooks::WebhookConfig;

use crate::methods::passkey::authenticators::Authenticators;

/// Environment variables that belong to the CLI, not to the config tree.
const CLI_ENV: &[&str] = &["LATCHKEY_CONFIG", "LATCHKEY_DEV", "LATCHKEY_LOG"];

/// The default code lifespan: OWASP ASVS 5.0 6.5.5 allows at most 10 minutes.
pub const DEFAULT_CODE_LIFESPAN: Duration = Duration::minutes(10);

/// A validated configuration. Every field has a value; defaults are documented in the README.
#[derive(Debug, Clone)]
pub struct Config {
    pub dsn: String,
    pub public: Listener,
    pub admin: Listener,
    /// Timeouts and the connection cap of both listeners (`serve.*`).
    pub connections: ConnectionLimits,
    pub webauthn: WebauthnConfig,
    pub methods: Methods,
    pub session: SessionConfig,
    pub courier: CourierConfig,
    /// Where a browser lands after signing in when it asked for nothing else.
    pub default_return_url: Url,
    /// Absolute URLs (prefixes) a `return_to` may point at besides this site.
    pub allowed_return_urls: Vec<Url>,
    /// How recent a passkey sign-in must be for sensitive settings (regenerating backup codes,
    /// removing a passkey): `selfservice.flows.settings.privileged_session_max_age`.
    pub privileged_window: Duration,
    pub recovery: RecoveryConfig,
    pub policy: PolicyConfig,
    /// Where the audit chain's and the mail cipher's keys come from (`secrets.*`).
    pub secrets: SecretsConfig,
    pub log_level: String,
    pub log_json: bool,
    /// `metrics.enabled`: `GET /metrics` on the admin listener and the per-request counting behind
    /// it (the funnel's stored counts go on either way, for the admin page).
    pub metrics_enabled: bool,
    /// `webhooks`: URLs told about account events, signed.
    pub webhooks: Vec<WebhookConfig>,
    /// `tracing.provider: otel`: spans exported over OTLP/HTTP; off (None) by default.
    pub otlp: Option<OtlpConfig>,
    /// `oauth2`: the apps that sign people in through latchkey's OpenID Connect provider.
    pub oauth2: OAuth2Config,
    /// `ui`: the pages' languages.
    pub ui: UiConfig,
    /// Dev mode: embedded defaults printed at start, dev conveniences on.
    pub dev: bool,
    /// Deliberate deviations from a recommendation, printed by `config check` and at start.
    pub notes: Vec<String>,
}

/// Where spans go (OTLP over HTTP, protobuf).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtlpConfig {
    /// The collector's traces endpoint, e.g. `http://localhost:4318/v1/traces`.
    pub endpoint: Url,
    pub service_name: String,
}

fn otlp(raw: raw::RawTracing) -> Result<Option<OtlpConfig>, ConfigError> {
    match raw.provider.as_deref() {
        None | Some("") => return Ok(None),
        Some("otel" | "otlp") => {}
        Some(other) => {
            return Err(ConfigError::new(
                "tracing.provider",
                other,
                "latchkey exports spans over OTLP only",
                "use otel (with tracing.providers.otlp.server_url), or leave tracing out",
            ));
        }
    }
    let otlp = raw.providers.and_then(|p| p.otlp).unwrap_or_default();
    let server = otlp.server_url.unwrap_or_default();
    let scheme = if otlp.insecure.unwrap_or(false) {
        "http"
    } else {
        "https"
    };
    let text = if server.contains("://") {
        server.clone()
    } else {
        format!("{scheme}://{server}")
    };
    let mut endpoint = Url::parse(&text)
        .ok()
        .filter(|u| !server.is_empty() && u.host_str().is_some())
        .ok_or_else(|| {
            ConfigError::new(
                "tracing.providers.otlp.server_url",
                &server,
                "not a collector address",
                "host:port of the collector's OTLP/HTTP receiver, e.g. localhost:4318 (with insecure: true for plain http)",
            )
        })?;
    if endpoint.path() == "/" {
        endpoint.set_path("/v1/traces");
    }
    Ok(Some(OtlpConfig {
        endpoint,
        service_name: raw.service_name.unwrap_or_else(|| "latchkey".to_owned()),
    }))
}

#[derive(Debug, Clone)]
pub struct Listener {
    pub host: String,
    pub port: u16,
    pub base_url: Url,
    /// Behind a reverse proxy: the header it writes the client's address into. Unset: the
    /// connection's peer address.
    pub client_ip_header: Option<String>,
    /// Which proxies add to that header (default: one).
    pub trusted_proxies: TrustedProxies,
}

#[derive(Debug, Clone)]
pub struct WebauthnConfig {
    pub rp_id: String,
    pub rp_display_name: String,
    /// Exact allow-list of origins a ceremony may come from.
    pub origins: Vec<Url>,
    /// Origins outside the rp id that may use its passkeys too (WebAuthn Level 3 related origins),
    /// listed at `/.well-known/webauthn`.
    pub related_origins: Vec<Url>,
    /// How long a ceremony's challenge stays valid.
    pub ceremony_lifespan: Duration,
    /// Names of passkey providers and security keys by AAGUID.
    pub authenticators: Authenticators,
}

impl WebauthnConfig {
    /// The allowed origins as browsers write them (`Origin` headers, client data), related
    /// origins included.
    pub fn origin_strings(&self) -> Vec<String> {
        self.origins
            .iter()
            .chain(&self.related_origins)
            .map(|o| o.origin().ascii_serialization())
            .collect()
    }
}

#[derive(Debug, Clone)]
pub struct Methods {
    pub code_enabled: bool,
    pub code_lifespan: Duration,
    pub code_limits: CodeLimits,
    /// Only for legacy accounts being migrated; never offered to new accounts.
    pub password_enabled: bool,
    /// How long "Continue" puts off the prompt to switch to a passkey after a password sign-in.
    pub password_prompt_interval: Duration,
    /// How long an identity has had a passkey before a passkey sign-in offers to turn its
    /// password off.
    pub password_disable_after: Duration,
    pub lookup_secret_enabled: bool,
}

/// How often codes may be sent, per address and per client address, within `window`.
#[derive(Debug, Clone, Copy)]
pub struct CodeLimits {
    pub per_address: u32,
    pub per_client: u32,
    pub window: Duration,
}

#[derive(Debug, Clone)]
pub struct SessionConfig {
    /// Absolute lifetime of a `standard` identity's session.
    pub lifespan: Duration,
    /// How long a `standard` identity's session may sit unused; `None`: no limit.
    pub inactivity_timeout: Option<Duration>,
    pub cookie: CookieConfig,
    /// How long a replica may answer `whoami` from memory before asking the store again. Bounds how
    /// late a sign-out made on another replica takes effect here.
    pub whoami_cache_ttl: Duration,
    /// `session.whoami.tokenizer.templates`: what `whoami?tokenize_as=NAME` signs.
    pub tokenizer_templates: std::collections::BTreeMap<String, TokenizerTemplate>,
}

/// A template of `session.whoami.tokenizer.templates`.
#[derive(Debug, Clone)]
pub struct TokenizerTemplate {
    /// How long a token lives (never past its session's end).
    pub ttl: Duration,
    /// Static claims every token of this template carries besides latchkey's own.
    pub claims: serde_json::Map<String, serde_json::Value>,
}

/// The claims latchkey sets in a whoami token; a template cannot replace them.
pub const RESERVED_TOKEN_CLAIMS: &[&str] = &[
    "iss", "sub", "aud", "exp", "iat", "nbf", "jti", "sid", "acr", "amr", "session",
];

/// The longest a token may live: signing keys stay published this long after they retire.
pub const MAX_TOKEN_TTL: Duration = Duration::hours(1);

#[derive(Debug, Clone)]
pub struct CookieConfig {
    /// The full cookie name, `__Host-` prefixed when secure and host-only.
    pub name: String,
    pub same_site: SameSite,
    pub persistent: bool,
    pub domain: Option<String>,
    pub path: String,
    pub secure: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSite {
    Lax,
    Strict,
}

impl SameSite {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Lax => "Lax",
            Self::Strict => "Strict",
        }
    }
}

/// A configuration problem, naming the key, the offending value and what would be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("config key `{key}`: {problem} (value: {value}). Fix: {fix}")]
pub struct ConfigError {
    pub key: String,
    pub value: String,
    pub problem: String,
    pub fix: String,
}

impl ConfigError {
    fn new(key: &str, value: impl std::fmt::Display, problem: &str, fix: impl Into<String>) -> Self {
        Self {
            key: key.to_owned(),
            value: value.to_string(),
            problem: problem.to_owned(),
            fix: fix.into(),
        }
    }
}

/// Reads the file (if any), applies environment overrides and validates.
pub fn load(
    file: Option<&Path>,
    env: impl IntoIterator<Item = (String, String)>,
    dev: bool,
) -> Result<Config, ConfigError> {
    let mut tree = match file {
        Some(path) => read_yaml_file(path)?,
        None => Value::Object(Default::default()),
    };
    apply_env(&mut tree, env)?;
    validate(parse_tree(tree)?, dev)
}

fn read_yaml_file(path: &Path) -> Result<Value, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        ConfigError::new(
            "--config",
            path.display(),
            &format!("cannot read the file: {e}"),
            "pass the path of a readable YAML file",
        )
    })?;
    let tree: Value = serde_saphyr::from_str(&text).map_err(|e| {
        ConfigError::new(
            "--config",
            path.display(),
            &format!("not valid YAML: {e}"),
            "correct the YAML syntax at the position shown",
        )
    })?;
    Ok(match tree {
        Value::Null => Value::Object(Default::default()),
        other => other,
    })
}

fn apply_env(tree: &mut Value, env: impl IntoIterator<Item = (String, String)>) -> Result<(), ConfigError> {
    for (name, value) in env {
        let Some(path) = name.strip_prefix("LATCHKEY_") else {
            continue;
        };
        if CLI_ENV.contains(&name.as_str()) {
            continue;
        }
        let keys: Vec<String> = path.split("__").map(str::to_lowercase).collect();
        if keys.iter().any(String::is_empty) {
            return Err(ConfigError::new(
                &name,
                &value,
                "malformed override name",
                "separate key levels with a double underscore, e.g. LATCHKEY_SERVE__PUBLIC__PORT",
            ));
        }
        // A value YAML reads as nothing but that says something (`#0b6e4f`, a comment to YAML)
        // is the text it says.
        let parsed = match serde_saphyr::from_str::<Value>(&value) {
            Ok(Value::Null) if !matches!(value.trim(), "" | "~" | "null" | "Null" | "NULL") => {
                Value::String(value.clone())
            }
            Ok(parsed) => parsed,
            Err(_) => Value::String(value.clone()),
        };
        set_path(tree, &keys, parsed).map_err(|at| {
            ConfigError::new(
                &name,
                &value,
                &format!("`{at}` is not a section in the config"),
                "override a key inside a section, not a value",
            )
        })?;
    }
    Ok(())
}

fn set_path(tree: &mut Value, keys: &[String], value: Value) -> Result<(), String> {
    let mut node = tree;
    for (depth, key) in keys.iter().enumerate() {
        if node.is_null() {
            *node = Value::Object(Default::default());
        }
        let Value::Object(map) = node else {
            return Err(keys.get(..depth).unwrap_or_default().join("."));
        };
        if depth + 1 == keys.len() {
            map.insert(key.clone(), value);
            return Ok(());
        }
        node = map.entry(key.clone()).or_insert(Value::Null);
    }
    Ok(())
}

fn parse_tree(tree: Value) -> Result<RawConfig, ConfigError> {
    serde_path_to_error::deserialize(tree).map_err(|e| {
        let key = e.path().to_string();
        let inner = e.into_inner().to_string();
        let fix = if inner.starts_with("unknown field") {
            "remove the key or correct its spelling; see the configuration reference in the README"
        } else {
            "give the key a value of the type shown"
        };
        ConfigError::new(if key == "." { "(top level)" } else { &key }, "as written", &inner, fix)
    })
}

/// Stage two: defaults and checks.
pub fn validate(raw: RawConfig, dev: bool) -> Result<Config, ConfigError> {
    let mut notes = Vec::new();
    let serve = raw.serve.unwrap_or_default();
    let connections = connections(&serve)?;
    // A laptop in dev mode listens on loopback only; a server listens on every interface.
    let public_host = if dev { "127.0.0.1" } else { "0.0.0.0" };
    let public = listener(serve.public.unwrap_or_default(), "serve.public", public_host, 4433)?;
    let admin = listener(serve.admin.unwrap_or_default(), "serve.admin", "127.0.0.1", 4434)?;
    if dev {
        dev_stays_on_loopback(&[("serve.public.host", &public), ("serve.admin.host", &admin)])?;
    }

    let selfservice = raw.selfservice.unwrap_or_default();
    let methods_raw = selfservice.methods.unwrap_or_default();
    let webauthn = webauthn(&methods_raw, &public.base_url)?;
    let methods = methods(&methods_raw, &mut notes)?;
    let session = session(raw.session.unwrap_or_default(), &public.base_url)?;
    let courier = courier::courier(
        raw.courier.unwrap_or_default(),
        dev,
        &webauthn.rp_display_name,
        &webauthn.rp_id,
        &mut notes,
    )?;

    let default_return_url = match selfservice.default_browser_return_url {
        Some(text) => parse_url("selfservice.default_browser_return_url", &text)?,
        None => public.base_url.join("ui/settings").map_err(|e| {
            ConfigError::new(
                "serve.public.base_url",
                &public.base_url,
                &e.to_string(),
                "use an absolute URL",
            )
        })?,
    };
    let privileged_window = match selfservice
        .flows
        .as_ref()
        .and_then(|f| f.settings.as_ref())
        .and_then(|s| s.privileged_session_max_age.as_deref())
    {
        Some(text) => positive_duration("selfservice.flows.settings.privileged_session_max_age", text)?,
        None => Duration::minutes(15),
    };
    let allowed_return_urls = selfservice
        .allowed_return_urls
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, text)| parse_url(&format!("selfservice.allowed_return_urls[{i}]"), text))
        .collect::<Result<Vec<_>, _>>()?;

    let recovery = recovery::recovery(raw.recovery.unwrap_or_default(), &mut notes)?;
    let webhooks = webhooks::webhooks(raw.webhooks.unwrap_or_default())?;
    let otlp = otlp(raw.tracing.unwrap_or_default())?;
    let oauth2 = oauth2::oauth2(raw.oauth2.unwrap_or_default())?;
    let ui = ui::ui(raw.ui.unwrap_or_default(), &webauthn.rp_display_name)?;
    let policy = policy::policy(raw.policy.unwrap_or_default(), session.lifespan)?;

    let dsn = dsn(raw.dsn)?;
    let secrets = secrets::secrets(raw.secrets.unwrap_or_default(), &dsn, &mut notes)?;

    let log = raw.log.unwrap_or_default();
    let log_level = log.level.unwrap_or_else(|| "info".to_owned());
    if !["trace", "debug", "info", "warn", "error"].contains(&log_level.as_str()) {
        return Err(ConfigError::new(
            "log.level",
            &log_level,
            "unknown log level",
            "use one of trace, debug, info, warn, error",
        ));
    }
    let log_json = match log.format.as_deref() {
        None | Some("text") => false,
        Some("json") => true,
        Some(other) => {
            return Err(ConfigError::new(
                "log.format",
                other,
                "unknown log format",
                "use text or json",
            ));
        }
    };

    Ok(Config {
        dsn,
        public,
        admin,
        connections,
        webauthn,
        methods,
        session,
        courier,
        default_return_url,
        allowed_return_urls,
        privileged_window,
        recovery,
        policy,
        secrets,
        log_level,
        log_json,
        metrics_enabled: raw.metrics.and_then(|m| m.enabled).unwrap_or(true),
        webhooks,
        otlp,
        oauth2,
        ui,
        dev,
        notes,
    })
}

/// The embedded default: SQLite in `./latchkey-data`, created on first start.
pub const DEFAULT_DSN: &str = "sqlite://latchkey-data/latchkey.sqlite?mode=rwc";

fn dsn(raw: Option<String>) -> Result<String, ConfigError> {
    let dsn = raw.unwrap_or_else(|| DEFAULT_DSN.to_owned());
    let known = ["sqlite:", "postgres://", "postgresql://"];
    if known.iter().any(|prefix| dsn.starts_with(prefix)) {
        Ok(dsn)
    } else {
        Err(ConfigError::new(
            "dsn",
            redact_dsn(&dsn),
            "unsupported database",
            "use sqlite://PATH?mode=rwc (embedded) or postgres://USER@HOST:PORT/DB",
        ))
    }
}

/// The DSN with any password replaced, for error messages and start-up output.
pub fn redact_dsn(dsn: &str) -> String {
    match Url::parse(dsn) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("***"));
            url.to_string()
        }
        _ => dsn.to_owned(),
    }
}

/// `serve.max_connections`, `serve.header_read_timeout`, `serve.request_timeout`.
fn connections(serve: &raw::RawServe) -> Result<ConnectionLimits, ConfigError> {
    let timeout = |key: &str, text: &Option<String>, default: u64| match text {
        Some(text) => positive_duration(key, text)
            .map(|d| std::time::Duration::from_millis(d.whole_milliseconds().unsigned_abs() as u64)),
        None => Ok(std::time::Duration::from_secs(default)),
    };
    let max_connections = match serve.max_connections {
        Some(0) => {
            return Err(ConfigError::new(
                "serve.max_connections",
                0,
                "would refuse every connection",
                "use a number such as 4096",
            ));
        }
        Some(n) => n as usize,
        None => 4096,
    };
    Ok(ConnectionLimits {
        max_connections,
        header_read_timeout: timeout("serve.header_read_timeout", &serve.header_read_timeout, 10)?,
        request_timeout: timeout("serve.request_timeout", &serve.request_timeout, 30)?,
    })
}

/// `--dev` serves every code and link at `/dev/outbox` and runs on development defaults: it must
/// never answer other machines.
fn dev_stays_on_loopback(listeners: &[(&str, &Listener)]) -> Result<(), ConfigError> {
    for (key, listener) in listeners {
        let loopback = listener.host == "localhost"
            || listener
                .host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if !loopback {
            return Err(ConfigError::new(
                key,
                &listener.host,
                "is not a loopback address, and --dev serves the dev outbox (every code and link) on it",
                "drop --dev (and LATCHKEY_DEV) on a server other machines reach, or listen on 127.0.0.1, ::1 or localhost",
            ));
        }
    }
    Ok(())
}

fn listener(raw: raw::RawListener, key: &str, default_host: &str, default_port: u16) -> Result<Listener, ConfigError> {
    let port = raw.port.unwrap_or(default_port);
    let base_url = match raw.base_url {
        Some(text) => parse_url(&format!("{key}.base_url"), &text)?,
        None => parse_url(&format!("{key}.base_url"), &format!("http://localhost:{port}/"))?,
    };
    let client_ip_header = raw.client_ip_header.filter(|h| !h.trim().is_empty());
    if let Some(header) = &client_ip_header
        && axum::http::HeaderName::from_bytes(header.as_bytes()).is_err()
    {
        return Err(ConfigError::new(
            &format!("{key}.client_ip_header"),
            header,
            "not an HTTP header name",
            "use the header your proxy sets, e.g. X-Forwarded-For",
        ));
    }
    Ok(Listener {
        host: raw.host.unwrap_or_else(|| default_host.to_owned()),
        port,
        base_url,
        client_ip_header,
        trusted_proxies: trusted_proxies(raw.trusted_proxies, key)?,
    })
}

fn trusted_proxies(raw: Option<raw::RawTrustedProxies>, key: &str) -> Result<TrustedProxies, ConfigError> {
    let key = format!("{key}.trusted_proxies");
    match raw {
        None => Ok(TrustedProxies::Count(1)),
        Some(raw::RawTrustedProxies::Count(0)) => Err(ConfigError::new(
            &key,
            0,
            "is no proxy at all",
            "give how many proxies add to the header (1 or more), or leave client_ip_header unset",
        )),
        Some(raw::RawTrustedProxies::Count(n)) => Ok(TrustedProxies::Count(n as usize)),
        Some(raw::RawTrustedProxies::Networks(list)) => list
            .iter()
            .enumerate()
            .map(|(i, text)| {
                text.parse::<ipnet::IpNet>()
                    .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| {
                        ConfigError::new(
                            &format!("{key}[{i}]"),
                            text,
                            "not a network or an address",
                            "use CIDR such as 10.0.0.0/8 or fd00::/8, or one address",
                        )
                    })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies::Networks),
    }
}

fn parse_url(key: &str, text: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(text).map_err(|e| {
        ConfigError::new(
            key,
            text,
            &format!("not a URL ({e})"),
            "write an absolute URL such as https://auth.example.com/",
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(ConfigError::new(
            key,
            text,
            "not an http(s) URL",
            "write an absolute URL such as https://auth.example.com/",
        ));
    }
    Ok(url)
}

fn webauthn(raw: &raw::RawMethods, base_url: &Url) -> Result<WebauthnConfig, ConfigError> {
    let (section, method) = match (&raw.passkey, &raw.webauthn) {
        (Some(p), None) => ("selfservice.methods.passkey", Some(p)),
        (None, w) => ("selfservice.methods.webauthn", w.as_ref()),
        (Some(_), Some(_)) => {
            return Err(ConfigError::new(
                "selfservice.methods.passkey",
                "set",
                "both `webauthn` and `passkey` are configured",
                "keep one of the two sections; latchkey treats them as the same method",
            ));
        }
    };
    let method = method.map(|m| (m.enabled, m.config.as_ref()));
    let (enabled, config) = method.unwrap_or((None, None));
    if enabled == Some(false) {
        return Err(ConfigError::new(
            &format!("{section}.enabled"),
            false,
            "latchkey is passkey-first and cannot run without passkeys",
            "remove the key or set it to true",
        ));
    }
    if config.and_then(|c| c.passwordless) == Some(false) {
        return Err(ConfigError::new(
            &format!("{section}.config.passwordless"),
            false,
            "passkeys are always a first factor in latchkey",
            "remove the key or set it to true",
        ));
    }
    let rp = config.and_then(|c| c.rp.as_ref());
    let origins_key = format!("{section}.config.rp.origins");
    let mut origin_texts: Vec<String> = rp.and_then(|rp| rp.origins.clone()).unwrap_or_default();
    if let Some(single) = rp.and_then(|rp| rp.origin.clone()) {
        origin_texts.push(single);
    }
    if origin_texts.is_empty() {
        origin_texts.push(base_url.origin().ascii_serialization());
    }
    let rp_id = rp
        .and_then(|rp| rp.id.clone())
        .or_else(|| base_url.host_str().map(str::to_owned))
        .unwrap_or_default();
    let rp_id_key = format!("{section}.config.rp.id");
    if rp_id.is_empty() || rp_id.parse::<std::net::IpAddr>().is_ok() {
        return Err(ConfigError::new(
            &rp_id_key,
            &rp_id,
            "an rp id must be a domain name, not empty or an IP address",
            "use the site's domain, e.g. example.com, or localhost for development",
        ));
    }
    let origins = origin_texts
        .iter()
        .enumerate()
        .map(|(i, text)| origin(&format!("{origins_key}[{i}]"), text, &rp_id))
        .collect::<Result<Vec<_>, _>>()?;
    let related_origins = related_origins(
        &format!("{section}.config.rp.related_origins"),
        &rp.and_then(|rp| rp.related_origins.clone()).unwrap_or_default(),
        &rp_id,
    )?;
    Ok(WebauthnConfig {
        related_origins,
        rp_id,
        rp_display_name: rp
            .and_then(|rp| rp.display_name.clone())
            .unwrap_or_else(|| "latchkey".to_owned()),
        origins,
        ceremony_lifespan: Duration::minutes(5),
        authenticators: authenticators(config.and_then(|c| c.aaguid_list_path.as_deref()), section)?,
    })
}

/// How many registrable-domain labels browsers read from `/.well-known/webauthn` (WebAuthn Level 3
/// 5.11.1 lets them stop at 5, and Chrome does): origins of a sixth label are ignored.
pub const RELATED_ORIGIN_LABELS: usize = 5;

/// Related origins as browsers will honour them: https origins with a registrable domain outside
/// the rp id, of at most [`RELATED_ORIGIN_LABELS`] labels ("example" of example.com and
/// example.co.uk is one label).
fn related_origins(key: &str, texts: &[String], rp_id: &str) -> Result<Vec<Url>, ConfigError> {
    use public_suffix::{DEFAULT_PROVIDER, EffectiveTLDProvider};
    let mut labels: Vec<String> = Vec::new();
    let mut origins = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        let key = format!("{key}[{i}]");
        let url = Url::parse(text)
            .ok()
            .filter(|u| u.scheme() == "https" && u.path() == "/" && u.query().is_none() && u.fragment().is_none())
            .ok_or_else(|| {
                ConfigError::new(
                    &key,
                    text,
                    "not an https origin",
                    "write an origin such as https://example.co.uk",
                )
            })?;
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        if host == rp_id || host.ends_with(&format!(".{rp_id}")) {
            return Err(ConfigError::new(
                &key,
                text,
                &format!("already under the rp id `{rp_id}`"),
                "list it in rp.origins instead; related origins are sites outside the rp id",
            ));
        }
        let domain = matches!(url.host(), Some(url::Host::Domain(_))).then_some(host.as_str());
        let label = domain
            .and_then(|host| DEFAULT_PROVIDER.effective_tld_plus_one(host).ok())
            .and_then(|domain| domain.split_once('.'))
            .map(|(label, _)| label.to_owned())
            .ok_or_else(|| {
                ConfigError::new(
                    &key,
                    text,
                    "has no registrable domain (an IP address, localhost or a public suffix): browsers ignore it",
                    "use a site's domain, e.g. https://example.co.uk",
                )
            })?;
        if !labels.contains(&label) {
            if labels.len() == RELATED_ORIGIN_LABELS {
                return Err(ConfigError::new(
                    &key,
                    text,
                    &format!(
                        "a sixth registrable-domain label (`{label}` after {}): browsers read five and ignore the rest",
                        labels.join(", ")
                    ),
                    "keep the related origins to five labels (example.com and example.co.uk share the label example)",
                ));
            }
            labels.push(label);
        }
        origins.push(url);
    }
    Ok(origins)
}

fn authenticators(path: Option<&str>, section: &str) -> Result<Authenticators, ConfigError> {
    let Some(path) = path else {
        return Ok(Authenticators::built_in());
    };
    Authenticators::with_file(Path::new(path)).map_err(|e| {
        ConfigError::new(
            &format!("{section}.config.aaguid_list_path"),
            path,
            &format!("cannot be read as an AAGUID list: {e}"),
            "point it at a copy of aaguid.json or combined_aaguid.json from passkey-authenticator-aaguids, or remove the key to use the built-in list",
        )
    })
}

/// An allowed WebAuthn origin: scheme + host (+ port), https unless on localhost, and inside the
/// rp id's domain (WebAuthn: the rp id must be a registrable suffix of the origin's host).
fn origin(key: &str, text: &str, rp_id: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(text).map_err(|e| {
        ConfigError::new(
            key,
            text,
            &format!("not a URL ({e})"),
            "write an origin such as https://example.com",
        )
    })?;
    let host = url.host_str().unwrap_or_default().to_owned();
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigError::new(
            key,
            text,
            "an origin has no path, query or fragment",
            format!("write it as {}", url.origin().ascii_serialization()),
        ));
    }
    let local = host == "localhost" || host.ends_with(".localhost");
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        _ => {
            return Err(ConfigError::new(
                key,
                text,
                "WebAuthn requires https outside localhost",
                format!("serve the site over https and write https://{host}"),
            ));
        }
    }
    if host != rp_id && !host.ends_with(&format!(".{rp_id}")) {
        return Err(ConfigError::new(
            key,
            text,
            &format!("the rp id `{rp_id}` is not a suffix of the origin's host `{host}`"),
            "set selfservice.methods.webauthn.config.rp.id to the origin's host or one of its parent domains",
        ));
    }
    Ok(url)
}

fn methods(raw: &raw::RawMethods, notes: &mut Vec<String>) -> Result<Methods, ConfigError> {
    let code = raw.code.as_ref();
    let code_config = code.and_then(|c| c.config.as_ref());
    let code_limits = code_limits(code_config.and_then(|c| c.rate_limit.as_ref()))?;
    let code_lifespan = match code_config.and_then(|c| c.lifespan.as_deref()) {
        Some(text) => positive_duration("selfservice.methods.code.config.lifespan", text)?,
        None => DEFAULT_CODE_LIFESPAN,
    };
    if code_lifespan > DEFAULT_CODE_LIFESPAN {
        notes.push(format!(
            "selfservice.methods.code.config.lifespan is {}: longer than the 10m OWASP ASVS 6.5.5 recommends for one-time codes; honoured as configured",
            duration::format(code_lifespan)
        ));
    }
    let password_enabled = raw.password.as_ref().and_then(|p| p.enabled).unwrap_or(false);
    let password_config = raw.password.as_ref().and_then(|p| p.config.as_ref());
    let password_duration = |key: &str, text: Option<&str>, default: Duration| match text {
        Some(text) => positive_duration(&format!("selfservice.methods.password.config.{key}"), text),
        None => Ok(default),
    };
    let password_prompt_interval = password_duration(
        "prompt_interval",
        password_config.and_then(|c| c.prompt_interval.as_deref()),
        Duration::days(7),
    )?;
    let password_disable_after = password_duration(
        "disable_after",
        password_config.and_then(|c| c.disable_after.as_deref()),
        Duration::days(30),
    )?;
    if password_enabled {
        notes.push("selfservice.methods.password.enabled is true: passwords are only verified for imported legacy accounts; new accounts never get one".to_owned());
    }
    Ok(Methods {
        code_enabled: code.and_then(|c| c.enabled).unwrap_or(true),
        code_lifespan,
        code_limits,
        password_enabled,
        password_prompt_interval,
        password_disable_after,
        lookup_secret_enabled: raw.lookup_secret.as_ref().and_then(|l| l.enabled).unwrap_or(true),
    })
}

fn code_limits(raw: Option<&raw::RawRateLimit>) -> Result<CodeLimits, ConfigError> {
    let key = "selfservice.methods.code.config.rate_limit";
    let window = match raw.and_then(|r| r.window.as_deref()) {
        Some(text) => positive_duration(&format!("{key}.window"), text)?,
        None => Duration::minutes(15),
    };
    if window > Duration::days(1) {
        return Err(ConfigError::new(
            &format!("{key}.window"),
            duration::format(window),
            "longer than a day",
            "use a window of at most 24h",
        ));
    }
    let limit = |name: &str, value: Option<u32>, default: u32| match value {
        Some(0) => Err(ConfigError::new(
            &format!("{key}.{name}"),
            0,
            "zero would refuse every code",
            "use a positive number, or disable the method with selfservice.methods.code.enabled: false",
        )),
        other => Ok(other.unwrap_or(default)),
    };
    Ok(CodeLimits {
        per_address: limit("per_address", raw.and_then(|r| r.per_address), 5)?,
        per_client: limit("per_client", raw.and_then(|r| r.per_client), 30)?,
        window,
    })
}

fn session(raw: raw::RawSession, base_url: &Url) -> Result<SessionConfig, ConfigError> {
    let lifespan = match raw.lifespan.as_deref() {
        Some(text) => positive_duration("session.lifespan", text)?,
        None => Duration::hours(24),
    };
    let whoami = raw.whoami.unwrap_or_default();
    let tokenizer_templates = tokenizer_templates(whoami.tokenizer.and_then(|t| t.templates).unwrap_or_default())?;
    let whoami_cache_ttl = match whoami.cache_ttl {
        Some(text) => {
            let ttl = duration::parse(&text)
                .map_err(|fix| ConfigError::new("session.whoami.cache_ttl", &text, "not a duration", fix))?;
            if ttl > Duration::minutes(1) || ttl.is_negative() {
                return Err(ConfigError::new(
                    "session.whoami.cache_ttl",
                    &text,
                    "must be between 0s and 1m: it bounds how late a sign-out reaches other replicas",
                    "use a short value such as 5s (0s disables the cache)",
                ));
            }
            ttl
        }
        None => Duration::seconds(5),
    };
    let inactivity_timeout = raw
        .inactivity_timeout
        .as_deref()
        .map(|text| positive_duration("session.inactivity_timeout", text))
        .transpose()?;
    Ok(SessionConfig {
        lifespan,
        inactivity_timeout,
        cookie: cookie(raw.cookie.unwrap_or_default(), base_url)?,
        whoami_cache_ttl,
        tokenizer_templates,
    })
}

fn tokenizer_templates(
    raw: std::collections::BTreeMap<String, raw::RawTokenizerTemplate>,
) -> Result<std::collections::BTreeMap<String, TokenizerTemplate>, ConfigError> {
    raw.into_iter()
        .map(|(name, template)| {
            let key = format!("session.whoami.tokenizer.templates.{name}");
            let ttl = match template.ttl.as_deref() {
                Some(text) => {
                    let ttl = positive_duration(&format!("{key}.ttl"), text)?;
                    if ttl > MAX_TOKEN_TTL {
                        return Err(ConfigError::new(
                            &format!("{key}.ttl"),
                            text,
                            "longer than a token may live (1h)",
                            "use a short value such as 1m: apps fetch a new token when it runs out",
                        ));
                    }
                    ttl
                }
                None => Duration::minutes(1),
            };
            let claims = template.claims.unwrap_or_default();
            if let Some(reserved) = claims.keys().find(|k| RESERVED_TOKEN_CLAIMS.contains(&k.as_str())) {
                return Err(ConfigError::new(
                    &format!("{key}.claims.{reserved}"),
                    reserved,
                    "latchkey sets this claim itself",
                    format!(
                        "remove it; latchkey\'s own claims are {}",
                        RESERVED_TOKEN_CLAIMS.join(", ")
                    ),
                ));
            }
            Ok((name, TokenizerTemplate { ttl, claims }))
        })
        .collect()
}

fn cookie(raw: raw::RawCookie, base_url: &Url) -> Result<CookieConfig, ConfigError> {
    let secure = base_url.scheme() == "https";
    let same_site = match raw.same_site.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("lax") => SameSite::Lax,
        Some("strict") => SameSite::Strict,
        Some(_) => {
            return Err(ConfigError::new(
                "session.cookie.same_site",
                raw.same_site.unwrap_or_default(),
                "only Lax or Strict are allowed: None would send the session on cross-site requests",
                "use Lax (default) or Strict",
            ));
        }
    };
    let path = raw.path.unwrap_or_else(|| "/".to_owned());
    if !path.starts_with('/') {
        return Err(ConfigError::new(
            "session.cookie.path",
            &path,
            "a cookie path starts with /",
            "use / (default)",
        ));
    }
    let base = raw.name.unwrap_or_else(|| "latchkey_session".to_owned());
    if base.is_empty() || !base.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        return Err(ConfigError::new(
            "session.cookie.name",
            &base,
            "a cookie name may only hold letters, digits, _ and -",
            "use a name such as latchkey_session",
        ));
    }
    // `__Host-` makes the browser refuse the cookie unless it is Secure, host-only and Path=/,
    // so a sibling subdomain cannot plant or overwrite it.
    let name = match (&raw.domain, secure, path.as_str()) {
        (None, true, "/") => format!("__Host-{base}"),
        (_, true, _) => format!("__Secure-{base}"),
        _ => base,
    };
    Ok(CookieConfig {
        name,
        same_site,
        persistent: raw.persistent.unwrap_or(true),
        domain: raw.domain,
        path,
        secure,
    })
}

fn positive_duration(key: &str, text: &str) -> Result<Duration, ConfigError> {
    let value = duration::parse(text).map_err(|fix| ConfigError::new(key, text, "not a duration", fix))?;
    if value <= Duration::ZERO {
        return Err(ConfigError::new(
            key,
            text,
            "must be longer than zero",
            "use a duration such as 15m",
        ));
    }
    Ok(value)
}

impl Config {
    /// Lines describing the effective settings, printed by `serve --dev` and `config check`.
    pub fn summary(&self) -> Vec<String> {
        let origins = self.webauthn.origin_strings();
        vec![
            format!("dsn: {}", redact_dsn(&self.dsn)),
            format!(
                "serve.public: {}:{} (base_url {})",
                self.public.host, self.public.port, self.public.base_url
            ),
            format!(
                "serve.admin: {}:{} (base_url {})",
                self.admin.host, self.admin.port, self.admin.base_url
            ),
            format!(
                "webauthn rp.id: {}, origins: {}",
                self.webauthn.rp_id,
                origins.join(", ")
            ),
            format!(
                "session.lifespan: {}, cookie: {} (SameSite={}, Secure={})",
                duration::format(self.session.lifespan),
                self.session.cookie.name,
                self.session.cookie.same_site.as_str(),
                self.session.cookie.secure
            ),
            format!(
                "session.whoami.cache_ttl: {}",
                duration::format(self.session.whoami_cache_ttl)
            ),
            format!(
                "policy: profile {}, new identities {}, high-value sessions {} (idle {}), new passkey cooldown {}",
                self.policy.profile.as_str(),
                self.policy.default_tier.as_str(),
                duration::format(self.policy.high_value_session_lifespan),
                duration::format(self.policy.high_value_inactivity_timeout),
                duration::format(self.policy.new_passkey_cooldown)
            ),
            format!(
                "recovery: reason required {}, approval {}, cooling off {}, links {} (at most {}), other sessions ended {}",
                self.recovery.require_reason,
                self.recovery.require_approval.as_str(),
                duration::format(self.recovery.cooling_off),
                duration::format(self.recovery.default_link_lifespan),
                duration::format(self.recovery.max_link_lifespan),
                self.recovery.revoke_other_sessions
            ),
            format!(
                "code: enabled={}, lifespan {}; password (legacy only): {}; lookup_secret: {}",
                self.methods.code_enabled,
                duration::format(self.methods.code_lifespan),
                self.methods.password_enabled,
                self.methods.lookup_secret_enabled
            ),
            format!(
                "code.rate_limit: {} per address, {} per client, per {}",
                self.methods.code_limits.per_address,
                self.methods.code_limits.per_client,
                duration::format(self.methods.code_limits.window)
            ),
            format!(
                "courier: {} (from {} <{}>)",
                match &self.courier.delivery {
                    Delivery::Smtp(smtp) => format!("smtp {}:{} ({:?})", smtp.host, smtp.port, smtp.tls),
                    Delivery::DevOutbox => "dev outbox (console and /dev/outbox)".to_owned(),
                    Delivery::Unconfigured => "not configured: messages stay queued".to_owned(),
                },
                self.courier.from_name,
                self.courier.from_address
            ),
            format!(
                "metrics: {}; tracing: {}; webhooks: {}",
                if self.metrics_enabled {
                    "/metrics on the admin listener"
                } else {
                    "off"
                },
                self.otlp.as_ref().map_or("off".to_owned(), |o| format!(
                    "OTLP to {} as {}",
                    o.endpoint, o.service_name
                )),
                if self.webhooks.is_empty() {
                    "none".to_owned()
                } else {
                    self.webhooks
                        .iter()
                        .map(|w| format!("{} ({})", w.url, w.events.join(", ")))
                        .collect::<Vec<_>>()
                        .join("; ")
                }
            ),
            format!(
                "oauth2: {}; access and ID tokens live {}",
                if self.oauth2.clients.is_empty() {
                    "no clients".to_owned()
                } else {
                    self.oauth2
                        .clients
                        .iter()
                        .map(|c| c.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                },
                duration::format(self.oauth2.access_token_ttl)
            ),
        ]
    }

    /// The configuration a test or a fresh `serve --dev` gets.
    pub fn dev_default() -> Result<Self, ConfigError> {
        validate(RawConfig::default(), true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_yaml(yaml: &str, env: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let mut tree: Value = serde_saphyr::from_str(yaml).unwrap();
        if tree.is_null() {
            tree = Value::Object(Default::default());
        }
        apply_env(&mut tree, env.iter().map(|(k, v)| (k.to_string(), v.to_string())))?;
        validate(parse_tree(tree)?, false)
    }

    #[test]
    fn the_seed_config_loads_with_defaults() {
        let seed = include_str!("../../tests/fixtures/kratos-seed.yml");
        let config = load_yaml(seed, &[]).unwrap();
        assert_eq!(config.webauthn.rp_id, "localhost");
        assert_eq!(config.public.port, 4433);
        assert_eq!(config.admin.port, 4434);
        assert_eq!(config.methods.code_lifespan, Duration::minutes(15));
        assert!(!config.methods.password_enabled);
        assert!(
            config.notes.iter().any(|n| n.contains("6.5.5")),
            "the 15m deviation is noted"
        );
    }

    #[test]
    fn an_operator_aaguid_list_adds_names_and_a_bad_one_is_named() {
        let folder = std::env::temp_dir().join(format!("latchkey-aaguids-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let list = folder.join("aaguid.json");
        std::fs::write(
            &list,
            r#"{"0a1b2c3d-0000-4000-8000-000000000001": {"name": "Acme Keys", "icon_light": "data:image/svg+xml;base64,PHN2Zz4="}}"#,
        )
        .unwrap();
        let yaml = |path: &std::path::Path| {
            format!(
                "selfservice:\n  methods:\n    webauthn:\n      config:\n        aaguid_list_path: {}\n",
                path.display()
            )
        };
        let config = load_yaml(&yaml(&list), &[]).unwrap();
        let names = &config.webauthn.authenticators;
        let acme = uuid::Uuid::parse_str("0a1b2c3d-0000-4000-8000-000000000001").unwrap();
        let gpm = uuid::Uuid::parse_str("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4").unwrap();
        assert_eq!(names.name(acme), Some("Acme Keys"));
        assert_eq!(names.name(gpm), Some("Google Password Manager"), "built-in names stay");

        std::fs::write(&list, "[1, 2]").unwrap();
        let err = load_yaml(&yaml(&list), &[]).unwrap_err();
        assert_eq!(err.key, "selfservice.methods.webauthn.config.aaguid_list_path");
        assert!(err.problem.contains("not an AAGUID list"), "{err}");
        let err = load_yaml(&yaml(&folder.join("missing.json")), &[]).unwrap_err();
        assert_eq!(err.key, "selfservice.methods.webauthn.config.aaguid_list_path");
        std::fs::remove_dir_all(&folder).unwrap();
    }

    #[test]
    fn profiles_pick_defaults_and_keys_still_win() {
        let consumer = load_yaml("", &[]).unwrap();
        assert_eq!(consumer.policy.profile, Profile::Consumer);
        assert_eq!(consumer.policy.default_tier, crate::domain::Tier::Standard);
        assert_eq!(consumer.policy.new_passkey_cooldown, Duration::ZERO);
        assert_eq!(consumer.policy.high_value_session_lifespan, Duration::hours(12));
        assert_eq!(consumer.policy.high_value_inactivity_timeout, Duration::minutes(30));
        let regulated = load_yaml("policy:\n  profile: regulated\n", &[]).unwrap();
        assert_eq!(regulated.policy.default_tier, crate::domain::Tier::HighValue);
        assert_eq!(regulated.policy.new_passkey_cooldown, Duration::hours(24));
        assert_eq!(regulated.policy.high_value_inactivity_timeout, Duration::minutes(15));
        let tuned = load_yaml(
            "policy:\n  profile: regulated\n  high_value:\n    new_passkey_cooldown: 1h\n    email_domains: [\"@Bank.Example\"]\n",
            &[],
        )
        .unwrap();
        assert_eq!(tuned.policy.new_passkey_cooldown, Duration::hours(1));
        assert_eq!(tuned.policy.high_value_domains, vec!["bank.example".to_owned()]);
        let err = load_yaml("policy:\n  profile: paranoid\n", &[]).unwrap_err();
        assert_eq!(err.key, "policy.profile");
        let err = load_yaml("policy:\n  high_value:\n    email_domains: [\"not a domain\"]\n", &[]).unwrap_err();
        assert_eq!(err.key, "policy.high_value.email_domains[0]");
    }

    #[test]
    fn a_cooling_off_as_long_as_the_link_lifespan_is_refused() {
        for yaml in [
            "recovery:\n  cooling_off: 1h\n",
            "recovery:\n  cooling_off: 2h\n  max_link_lifespan: 2h\n  default_link_lifespan: 2h\n",
            "recovery:\n  cooling_off: 25h\n",
        ] {
            let err = load_yaml(yaml, &[]).unwrap_err();
            assert_eq!(err.key, "recovery.cooling_off", "{yaml}");
            assert!(err.fix.contains("default_link_lifespan"), "{err}");
        }
        let config = load_yaml("recovery:\n  cooling_off: 59m\n", &[]).unwrap();
        assert_eq!(config.recovery.cooling_off, Duration::minutes(59));
    }

    /// Finding 10 of the edge review: `serve --dev` with `serve.public.host: 0.0.0.0` started
    /// without a word and served `/dev/outbox` on every interface.
    #[test]
    fn dev_mode_refuses_a_host_other_machines_reach() {
        let dev = |yaml: &str| {
            let tree: Value = serde_saphyr::from_str(yaml).unwrap();
            validate(parse_tree(tree)?, true)
        };
        let err = dev("serve:\n  public:\n    host: 0.0.0.0\n    base_url: https://auth.example.com/\n").unwrap_err();
        assert_eq!(err.key, "serve.public.host");
        assert!(err.problem.contains("dev outbox"), "{err}");
        let err = dev("serve:\n  admin:\n    host: 10.0.0.5\n").unwrap_err();
        assert_eq!(err.key, "serve.admin.host");
        for host in ["127.0.0.1", "::1", "localhost", "127.0.0.2"] {
            dev(&format!("serve:\n  public:\n    host: \"{host}\"\n")).unwrap();
        }
        load_yaml("serve:\n  public:\n    host: 0.0.0.0\n", &[]).unwrap();
    }

    #[test]
    fn unknown_key_is_named() {
        let err = load_yaml("serve:\n  public:\n    prot: 80\n", &[]).unwrap_err();
        assert_eq!(err.key, "serve.public.prot");
        assert!(err.problem.contains("unknown field `prot`"), "{err}");
    }

    #[test]
    fn whoami_token_templates_load_and_a_bad_one_is_named() {
        let template =
            |body: &str| format!("session:\n  whoami:\n    tokenizer:\n      templates:\n        api:\n{body}");
        let config = load_yaml(
            &template("          ttl: 10m\n          claims:\n            tenant: acme\n"),
            &[],
        )
        .unwrap();
        let api = &config.session.tokenizer_templates["api"];
        assert_eq!(api.ttl, Duration::minutes(10));
        assert_eq!(api.claims["tenant"], "acme");

        let err = load_yaml(&template("          ttl: 2h\n"), &[]).unwrap_err();
        assert_eq!(err.key, "session.whoami.tokenizer.templates.api.ttl");
        let err = load_yaml(&template("          claims:\n            sub: someone-else\n"), &[]).unwrap_err();
        assert_eq!(err.key, "session.whoami.tokenizer.templates.api.claims.sub");
        let err = load_yaml(&template("          claims_mapper_url: base64://e30=\n"), &[]).unwrap_err();
        assert!(err.problem.contains("claims_mapper_url"), "{err}");
    }

    #[test]
    fn related_origins_follow_the_limits_browsers_apply() {
        let with = |origins: &[&str]| {
            let list = origins
                .iter()
                .map(|o| format!("\"{o}\""))
                .collect::<Vec<_>>()
                .join(", ");
            load_yaml(
                &format!(
                    "serve:\n  public:\n    base_url: https://example.com/\nselfservice:\n  methods:\n    webauthn:\n      config:\n        rp:\n          id: example.com\n          related_origins: [{list}]\n"
                ),
                &[],
            )
        };
        let key = "selfservice.methods.webauthn.config.rp.related_origins";
        // Five labels, however many origins share them (example.co.uk and example.de: one label).
        let five = with(&[
            "https://example.co.uk",
            "https://example.de",
            "https://shop-a.com",
            "https://shop-b.com",
            "https://shop-c.net",
            "https://shop-d.org",
        ]);
        assert_eq!(five.unwrap().webauthn.related_origins.len(), 6);
        let six = with(&[
            "https://shop-a.com",
            "https://shop-b.com",
            "https://shop-c.com",
            "https://shop-d.com",
            "https://shop-e.com",
            "https://shop-f.com",
        ])
        .unwrap_err();
        assert_eq!(six.key, format!("{key}[5]"));
        assert!(six.problem.contains("sixth"), "{six}");
        for (bad, problem) in [
            ("http://example.co.uk", "https"),
            ("https://example.co.uk/path", "https origin"),
            ("https://shop.example.com", "already under"),
            ("https://192.0.2.1", "registrable"),
            ("https://co.uk", "registrable"),
        ] {
            let err = with(&[bad]).unwrap_err();
            assert_eq!(err.key, format!("{key}[0]"), "{bad}");
            assert!(err.problem.contains(problem), "{bad}: {err}");
        }
    }

    #[test]
    fn oauth2_clients_load_and_a_bad_one_is_named() {
        let client = |body: &str| {
            format!(
                "oauth2:\n  clients:\n    - id: grafana\n      redirect_uris: [https://grafana.example.com/cb]\n{body}"
            )
        };
        let secret = "s3cret-s3cret-s3cret-s3cret-s3cret-s3cret";
        let config = load_yaml(
            &client(&format!("      secret: {secret}\n      first_party: true\n")),
            &[],
        )
        .unwrap();
        let grafana = &config.oauth2.clients[0];
        assert_eq!(grafana.scopes, ["openid", "email"], "the default scopes");
        assert!(grafana.first_party);
        assert_eq!(config.oauth2.access_token_ttl, Duration::minutes(5));
        let printed = format!("{config:?}");
        assert!(!printed.contains(secret), "the secret is not kept or printed");

        for (body, key) in [
            ("      secret: short\n", "oauth2.clients[0].secret"),
            ("      scopes: [openid, admin]\n", "oauth2.clients[0].scopes"),
            ("      scopes: [email]\n", "oauth2.clients[0].scopes"),
            (
                "      post_logout_redirect_uris: [http://grafana.example.com/]\n",
                "oauth2.clients[0].post_logout_redirect_uris[0]",
            ),
        ] {
            assert_eq!(load_yaml(&client(body), &[]).unwrap_err().key, key, "{body}");
        }
        for uri in [
            "http://grafana.example.com/cb",
            "https://grafana.example.com/cb#x",
            "/cb",
        ] {
            let yaml = format!("oauth2:\n  clients:\n    - id: g\n      redirect_uris: [\"{uri}\"]\n");
            assert_eq!(
                load_yaml(&yaml, &[]).unwrap_err().key,
                "oauth2.clients[0].redirect_uris[0]",
                "{uri}"
            );
        }
        let eddsa = load_yaml(&client("      id_token_signed_response_alg: EdDSA\n"), &[]).unwrap();
        assert_eq!(eddsa.oauth2.clients[0].signing_alg, crate::tokens::SigningAlg::EdDsa);
        let rsa = load_yaml(&client("      id_token_signed_response_alg: RS256\n"), &[]).unwrap_err();
        assert_eq!(rsa.key, "oauth2.clients[0].id_token_signed_response_alg");
        let twice = format!(
            "{}    - id: grafana\n      redirect_uris: [https://b.example.com/cb]\n",
            client("")
        );
        assert_eq!(load_yaml(&twice, &[]).unwrap_err().key, "oauth2.clients[1].id");
        let none = "oauth2:\n  clients:\n    - id: g\n";
        assert_eq!(load_yaml(none, &[]).unwrap_err().key, "oauth2.clients[0].redirect_uris");
        let long = load_yaml("oauth2:\n  access_token_ttl: 2h\n", &[]).unwrap_err();
        assert_eq!(long.key, "oauth2.access_token_ttl");
        load_yaml(
            "oauth2:\n  clients:\n    - id: cli\n      redirect_uris: [\"http://127.0.0.1:8400/cb\"]\n",
            &[],
        )
        .expect("plain http to this machine (native apps)");
    }

    #[test]
    fn bad_duration_is_named() {
        let err = load_yaml("session:\n  lifespan: 10 minutes\n", &[]).unwrap_err();
        assert_eq!(err.key, "session.lifespan");
        assert!(err.to_string().contains("10 minutes"));
    }

    #[test]
    fn rp_id_must_be_a_suffix_of_the_origin_host() {
        let yaml = "selfservice:\n  methods:\n    webauthn:\n      config:\n        rp:\n          id: example.com\n          origins: [\"https://auth.other.com\"]\n";
        let err = load_yaml(yaml, &[]).unwrap_err();
        assert_eq!(err.key, "selfservice.methods.webauthn.config.rp.origins[0]");
        assert!(err.problem.contains("not a suffix"));
    }

    #[test]
    fn https_is_required_outside_localhost() {
        let yaml = "selfservice:\n  methods:\n    webauthn:\n      config:\n        rp:\n          id: example.com\n          origins: [\"http://example.com\"]\n";
        let err = load_yaml(yaml, &[]).unwrap_err();
        assert!(err.problem.contains("https"), "{err}");
    }

    #[test]
    fn env_overrides_win_and_use_double_underscores() {
        let config = load_yaml(
            "serve:\n  public:\n    port: 1000\n",
            &[
                ("LATCHKEY_SERVE__PUBLIC__PORT", "8080"),
                ("LATCHKEY_DSN", "postgres://u:pw@db/latchkey"),
                ("LATCHKEY_SECRETS__DEFAULT", "[\"0123456789abcdef0123456789abcdef\"]"),
                ("LATCHKEY_CONFIG", "ignored.yml"),
            ],
        )
        .unwrap();
        assert_eq!(config.public.port, 8080);
        assert!(config.dsn.starts_with("postgres://"));
        let secret = "0123456789abcdef0123456789abcdef".to_owned();
        assert_eq!(
            config.secrets,
            SecretsConfig::Configured {
                default: vec![secret.clone()],
                cipher: vec![secret]
            }
        );
        assert_eq!(redact_dsn(&config.dsn), "postgres://u:***@db/latchkey");
    }

    #[test]
    fn https_cookie_is_host_prefixed() {
        let yaml = "serve:\n  public:\n    base_url: https://auth.example.com/\n";
        let config = load_yaml(yaml, &[]).unwrap();
        assert_eq!(config.session.cookie.name, "__Host-latchkey_session");
        assert!(config.session.cookie.secure);
        assert_eq!(config.webauthn.rp_id, "auth.example.com");
    }

    #[test]
    fn same_site_none_is_refused() {
        let err = load_yaml("session:\n  cookie:\n    same_site: None\n", &[]).unwrap_err();
        assert_eq!(err.key, "session.cookie.same_site");
    }

    #[test]
    fn the_operators_look_loads_and_an_unreadable_one_is_refused_by_name() {
        let dir = std::env::temp_dir().join(format!("latchkey-look-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("logo.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap();
        std::fs::write(
            dir.join("brand.css"),
            "main { border-top: 4px solid var(--lk-primary); }",
        )
        .unwrap();
        let yaml = format!(
            "ui:\n  name: Acme\n  logo_path: {0}/logo.svg\n  stylesheet_path: {0}/brand.css\n  font_family: \"Inter, system-ui, sans-serif\"\n  colors:\n    primary: \"#0b6e4f\"\n",
            dir.display()
        );
        let config = load_yaml(
            &yaml,
            &[
                ("LATCHKEY_UI__DARK_COLORS__PRIMARY", "#6ee7b7"),
                ("LATCHKEY_UI__DARK_COLORS__ON_PRIMARY", "#052e1b"),
            ],
        )
        .unwrap();
        assert_eq!(config.ui.name, "Acme");
        assert_eq!(config.ui.logo.as_ref().unwrap().content_type, "image/svg+xml");
        assert!(config.ui.stylesheet.as_deref().unwrap().contains("border-top"));
        let css = config.ui.theme.css();
        assert!(
            css.contains("--lk-primary: #0b6e4f;") && css.contains("--lk-primary: #6ee7b7;"),
            "{css}"
        );
        assert_eq!(
            load_yaml("", &[]).unwrap().ui.name,
            "latchkey",
            "the rp display name by default"
        );

        let refusals = [
            ("ui:\n  colors:\n    primary: \"#ffff00\"\n", "ui.colors.on_primary"),
            ("ui:\n  dark_colors:\n    text: \"#333333\"\n", "ui.dark_colors.text"),
            ("ui:\n  colors:\n    primary: red\n", "ui.colors.primary"),
            ("ui:\n  colors:\n    sparkle: \"#000000\"\n", "ui.colors.sparkle"),
            ("ui:\n  font_family: \"x; } body { display: none\"\n", "ui.font_family"),
            ("ui:\n  logo_path: /nonexistent/logo.svg\n", "ui.logo_path"),
            ("ui:\n  name: \"\"\n", "ui.name"),
            (
                "ui:\n  template_override_path: /nonexistent\n",
                "ui.template_override_path",
            ),
            ("ui:\n  default_language: xx\n", "ui.default_language"),
        ];
        for (yaml, key) in refusals {
            let error = load_yaml(yaml, &[]).unwrap_err();
            assert_eq!(error.key, key, "{yaml}: {error:?}");
        }
        let unreadable = load_yaml("ui:\n  colors:\n    primary: \"#ffff00\"\n", &[]).unwrap_err();
        assert!(
            unreadable
                .problem
                .contains("contrast of 1.1:1; WCAG 2.2 AA needs 4.5:1"),
            "{}",
            unreadable.problem
        );
        std::fs::remove_dir_all(dir).unwrap();
    }
}
