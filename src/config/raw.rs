//! Stage one of configuration: the YAML as written, with Kratos's key names. Every struct denies
//! unknown fields so a typo is an error naming the key rather than a setting silently ignored.
//! All fields are optional; `super::validate` fills documented defaults and checks values.

use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// Kratos configs carry a `version`; accepted and ignored.
    pub version: Option<String>,
    pub dsn: Option<String>,
    pub serve: Option<RawServe>,
    pub selfservice: Option<RawSelfservice>,
    pub session: Option<RawSession>,
    pub courier: Option<RawCourier>,
    pub log: Option<RawLog>,
    /// latchkey: Prometheus metrics on the admin listener.
    pub metrics: Option<RawMetrics>,
    /// latchkey: URLs told about account events.
    pub webhooks: Option<Vec<super::webhooks::RawWebhook>>,
    /// Kratos's tracing section; latchkey exports spans over OTLP/HTTP (`provider: otel`).
    pub tracing: Option<RawTracing>,
    /// latchkey: controls on admin-issued recovery links.
    pub recovery: Option<super::recovery::RawRecovery>,
    /// latchkey: tiers, profile, high-value rules.
    pub policy: Option<super::policy::RawPolicy>,
    /// Keys for the audit chain and for mail waiting in the outbox.
    pub secrets: Option<super::secrets::RawSecrets>,
    /// latchkey: the OpenID Connect provider's clients and token lifetimes.
    pub oauth2: Option<super::oauth2::RawOAuth2>,
    /// latchkey: the hosted pages' languages.
    pub ui: Option<super::ui::RawUi>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawServe {
    pub public: Option<RawListener>,
    pub admin: Option<RawListener>,
    /// latchkey: connections open at once, per listener.
    pub max_connections: Option<u32>,
    /// latchkey: how long a request's head (or a kept-alive connection's next one) may take.
    pub header_read_timeout: Option<String>,
    /// latchkey: how long a request may run.
    pub request_timeout: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawListener {
    pub base_url: Option<String>,
    pub host: Option<String>,
    pub port: Option<u16>,
    /// latchkey: the header a trusted reverse proxy puts the client's address in.
    pub client_ip_header: Option<String>,
    /// latchkey: how many proxies add to that header, or the networks they are in.
    pub trusted_proxies: Option<RawTrustedProxies>,
}

/// A count of proxies, or a list of networks (`10.0.0.0/8`, `fd00::/8`, a single address).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawTrustedProxies {
    Count(u32),
    Networks(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSelfservice {
    pub default_browser_return_url: Option<String>,
    pub allowed_return_urls: Option<Vec<String>>,
    pub methods: Option<RawMethods>,
    pub flows: Option<RawFlows>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlows {
    pub settings: Option<RawSettingsFlow>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSettingsFlow {
    /// How recent a passkey sign-in must be for sensitive settings (Kratos's key).
    pub privileged_session_max_age: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMethods {
    pub webauthn: Option<RawWebauthn>,
    /// Newer Kratos configs name the passwordless WebAuthn method `passkey`; same shape.
    pub passkey: Option<RawWebauthn>,
    pub code: Option<RawCode>,
    pub password: Option<RawPassword>,
    pub lookup_secret: Option<RawToggle>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPassword {
    pub enabled: Option<bool>,
    pub config: Option<RawPasswordConfig>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPasswordConfig {
    /// latchkey: how long "Continue" puts off the "Switch to passwordless sign-in?" prompt.
    pub prompt_interval: Option<String>,
    /// latchkey: how long an identity has had a passkey before a passkey sign-in asks
    /// "Disable password?".
    pub disable_after: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWebauthn {
    pub enabled: Option<bool>,
    pub config: Option<RawWebauthnConfig>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWebauthnConfig {
    pub passwordless: Option<bool>,
    pub rp: Option<RawRp>,
    /// latchkey: an AAGUID list (passkey-authenticator-aaguids format) naming passkey providers.
    pub aaguid_list_path: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRp {
    pub id: Option<String>,
    pub display_name: Option<String>,
    /// Kratos's older single-origin key.
    pub origin: Option<String>,
    pub origins: Option<Vec<String>>,
    /// WebAuthn Level 3 related origins: sites outside `id` that may use its passkeys.
    pub related_origins: Option<Vec<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCode {
    pub enabled: Option<bool>,
    pub config: Option<RawCodeConfig>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCodeConfig {
    pub lifespan: Option<String>,
    /// latchkey: limits on sending codes.
    pub rate_limit: Option<RawRateLimit>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRateLimit {
    pub per_address: Option<u32>,
    pub per_client: Option<u32>,
    pub window: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCourier {
    pub smtp: Option<RawSmtp>,
    pub template_override_path: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSmtp {
    pub connection_uri: Option<String>,
    pub from_address: Option<String>,
    pub from_name: Option<String>,
    pub local_name: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawToggle {
    pub enabled: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSession {
    pub lifespan: Option<String>,
    /// latchkey: how long a standard session may sit unused.
    pub inactivity_timeout: Option<String>,
    pub cookie: Option<RawCookie>,
    pub whoami: Option<RawWhoami>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCookie {
    pub name: Option<String>,
    pub same_site: Option<String>,
    pub persistent: Option<bool>,
    pub domain: Option<String>,
    pub path: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWhoami {
    pub cache_ttl: Option<String>,
    pub tokenizer: Option<RawTokenizer>,
}

/// Kratos's `session.whoami.tokenizer`: named templates for `whoami?tokenize_as=NAME`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTokenizer {
    pub templates: Option<std::collections::BTreeMap<String, RawTokenizerTemplate>>,
}

/// Kratos's template keys `ttl` and (latchkey) `claims`, static claims added to each token.
/// Kratos's Jsonnet `claims_mapper_url` is refused by name (unknown key).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTokenizerTemplate {
    pub ttl: Option<String>,
    pub claims: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLog {
    pub level: Option<String>,
    pub format: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTracing {
    pub provider: Option<String>,
    pub service_name: Option<String>,
    pub providers: Option<RawTracingProviders>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTracingProviders {
    pub otlp: Option<RawOtlp>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOtlp {
    /// Kratos's form: `host:port` of the collector's OTLP/HTTP receiver; a full URL is taken too.
    pub server_url: Option<String>,
    /// Plain http to the collector.
    pub insecure: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetrics {
    pub enabled: Option<bool>,
}
