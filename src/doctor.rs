//! `latchkey doctor`: what makes passkeys fail in production, checked before users find it. Each
//! finding is ok, warn or fail, with the fix; the command exits 0, 1 or 2 accordingly.
//!
//! The address checks are the browsers' own rules: a ceremony's origin must be the RP ID or under
//! it (WebAuthn 5.1.4.1, else `SecurityError` and no passkey prompt); passkeys need a secure
//! context, https or localhost; a cookie for a domain the site is not under, or `Secure` over
//! plain http, is never stored. Not checked: whether rp.id is a public suffix (no maintained
//! light crate carries the list; browsers refuse such an RP ID with `SecurityError`).

use std::net::IpAddr;

use time::OffsetDateTime;
use url::Url;

use crate::config::{Config, Delivery};
use crate::store::Store;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Ok,
    Warn,
    Fail,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub level: Level,
    /// What was checked, e.g. `rp.id`.
    pub check: &'static str,
    pub message: String,
    /// What to change, when something should change.
    pub fix: Option<String>,
}

impl Finding {
    fn ok(check: &'static str, message: impl Into<String>) -> Self {
        Self {
            level: Level::Ok,
            check,
            message: message.into(),
            fix: None,
        }
    }

    fn warn(check: &'static str, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            level: Level::Warn,
            check,
            message: message.into(),
            fix: Some(fix.into()),
        }
    }

    fn fail(check: &'static str, message: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            level: Level::Fail,
            check,
            message: message.into(),
            fix: Some(fix.into()),
        }
    }
}

/// Everything `doctor` checks: the addresses from the configuration alone, then SMTP and the
/// database over the network.
pub async fn examine(config: &Config) -> Vec<Finding> {
    let mut findings = addresses(config);
    findings.push(smtp(config).await);
    findings.extend(database(config).await);
    findings
}

/// The checks that need nothing but the configuration.
pub fn addresses(config: &Config) -> Vec<Finding> {
    let rp_id = &config.webauthn.rp_id;
    let mut findings = Vec::new();
    if rp_id.parse::<IpAddr>().is_ok() {
        findings.push(Finding::fail(
            "rp.id",
            format!("rp.id {rp_id} is an IP address: browsers accept only a domain name as RP ID"),
            "set selfservice.methods.webauthn.config.rp.id to the site's domain (localhost when developing)",
        ));
    }
    let base = &config.public.base_url;
    let site = base.origin().ascii_serialization();
    let origins = config.webauthn.origin_strings();
    if !origins.contains(&site) {
        findings.push(Finding::fail(
            "origins",
            format!("serve.public.base_url ({site}) is not among the WebAuthn origins: the hosted pages' passkey ceremonies are refused"),
            format!("add {site} to selfservice.methods.webauthn.config.rp.origins"),
        ));
    }
    let mut all_under = true;
    for url in config.webauthn.origins.iter().chain(std::iter::once(base)) {
        let origin = url.origin().ascii_serialization();
        let host = url.host_str().unwrap_or_default();
        if !under(host, rp_id) {
            all_under = false;
            findings.push(Finding::fail(
                "rp.id",
                format!("{origin} is not rp.id ({rp_id}) or under it: the browser refuses the passkey there (SecurityError) and never prompts"),
                format!("serve the site at {rp_id} or a subdomain of it, or set rp.id to a domain {host} is under (passkeys are bound to rp.id: changing it orphans existing ones)"),
            ));
        }
        if !secure_context(url) {
            findings.push(Finding::fail(
                "https",
                format!("{origin} is plain http on a host that is not localhost: browsers offer passkeys only in a secure context"),
                format!("serve {host} over https (TLS at latchkey's reverse proxy) and write https:// in the origins and base_url"),
            ));
        }
    }
    if all_under && findings.iter().all(|f| f.check != "rp.id") {
        findings.push(Finding::ok(
            "rp.id",
            format!("every origin and the base URL are {rp_id} or under it (no related origins needed)"),
        ));
    }
    if findings.iter().all(|f| f.check != "https") {
        findings.push(Finding::ok("https", "every origin is https or localhost"));
    }
    findings.extend(related_origins(config));
    findings.push(cookie(config));
    findings.push(proxy(config));
    findings
}

/// Browsers read related origins from the rp id's own host: when that is not latchkey's, it must
/// pass `/.well-known/webauthn` on.
fn related_origins(config: &Config) -> Option<Finding> {
    let related = &config.webauthn.related_origins;
    if related.is_empty() {
        return None;
    }
    let rp_id = &config.webauthn.rp_id;
    let listed = related
        .iter()
        .map(|o| o.origin().ascii_serialization())
        .collect::<Vec<_>>()
        .join(", ");
    Some(if config.public.base_url.host_str() == Some(rp_id.as_str()) {
        Finding::ok(
            "related origins",
            format!("https://{rp_id}/.well-known/webauthn lists {listed}"),
        )
    } else {
        Finding::warn(
            "related origins",
            format!(
                "browsers read related origins from https://{rp_id}/.well-known/webauthn, but latchkey serves {}",
                config.public.base_url
            ),
            format!(
                "have https://{rp_id} pass /.well-known/webauthn on to {}.well-known/webauthn (a reverse proxy rule), or {listed} cannot use the passkeys",
                config.public.base_url
            ),
        )
    })
}

/// `host` is `rp_id` or a subdomain of it.
fn under(host: &str, rp_id: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let rp_id = rp_id.trim_end_matches('.').to_ascii_lowercase();
    host == rp_id || host.ends_with(&format!(".{rp_id}"))
}

fn is_localhost(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost" || d.ends_with(".localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// A secure context: https, or http on localhost (which browsers trust).
fn secure_context(url: &Url) -> bool {
    url.scheme() == "https" || is_localhost(url)
}

fn cookie(config: &Config) -> Finding {
    let cookie = &config.session.cookie;
    let base = &config.public.base_url;
    let host = base.host_str().unwrap_or_default();
    if let Some(domain) = &cookie.domain
        && !under(host, domain.trim_start_matches('.'))
    {
        return Finding::fail(
            "cookie",
            format!("session.cookie.domain {domain} does not cover {host}: browsers drop the session cookie"),
            format!("set session.cookie.domain to {host} or a domain it is under, or leave it out (host-only)"),
        );
    }
    if cookie.secure && base.scheme() == "http" && !is_localhost(base) {
        return Finding::fail(
            "cookie",
            format!("the session cookie is Secure but {host} is served over http: browsers never store it"),
            "serve the site over https (or leave secure cookies to https sites)",
        );
    }
    if !cookie.secure && base.scheme() == "https" {
        return Finding::warn(
            "cookie",
            "the session cookie is not Secure on an https site",
            "leave the cookie's secure setting on (the default for https base URLs)",
        );
    }
    Finding::ok(
        "cookie",
        format!(
            "session cookie {} fits {host}{}",
            cookie.name,
            if cookie.secure { " (Secure)" } else { "" }
        ),
    )
}

fn proxy(config: &Config) -> Finding {
    let public = &config.public;
    let listens_widely = matches!(public.host.as_str(), "0.0.0.0" | "::" | "[::]");
    match &public.client_ip_header {
        Some(header) => Finding::ok(
            "proxy",
            format!("client addresses are read from {header} ({:?})", public.trusted_proxies),
        ),
        None if listens_widely && public.base_url.scheme() == "https" => Finding::warn(
            "proxy",
            format!(
                "https base URL while latchkey listens on {} without client_ip_header: behind a TLS proxy every request seems to come from the proxy, so per-client rate limits count everyone together",
                public.host
            ),
            "behind a reverse proxy, set serve.public.client_ip_header (e.g. X-Forwarded-For) and trusted_proxies",
        ),
        None => Finding::ok(
            "proxy",
            "client addresses are the connections' peers (no proxy header configured)",
        ),
    }
}

async fn smtp(config: &Config) -> Finding {
    match &config.courier.delivery {
        Delivery::DevOutbox => Finding::ok("smtp", "development outbox (mail is printed and listed at /dev/outbox)"),
        Delivery::Unconfigured => Finding::warn(
            "smtp",
            "no SMTP server configured: sign-in codes and notices wait in the queue",
            "set courier.smtp.connection_uri (smtps://user:password@host:465)",
        ),
        Delivery::Smtp(smtp) => match crate::courier::check_smtp(smtp, &config.courier).await {
            Ok(()) => Finding::ok(
                "smtp",
                format!(
                    "{}:{} takes a connection (TLS, EHLO, authentication)",
                    smtp.host, smtp.port
                ),
            ),
            Err(reason) => Finding::fail(
                "smtp",
                format!("{}:{} does not take a connection: {reason}", smtp.host, smtp.port),
                "check courier.smtp.connection_uri (host, port, TLS mode, user and password) and that the server is reachable from here",
            ),
        },
    }
}

async fn database(config: &Config) -> Vec<Finding> {
    let dsn = crate::config::redact_dsn(&config.dsn);
    let store = match Store::connect(&config.dsn).await {
        Ok(store) => store,
        Err(e) => {
            return vec![Finding::fail(
                "database",
                format!("cannot connect to {dsn}: {}", e.detail()),
                "check dsn (host, port, user, database name) and that the database runs",
            )];
        }
    };
    let mut findings = vec![match store.pending_migrations().await {
        Ok(pending) if pending.is_empty() => {
            Finding::ok("database", format!("{dsn} is reachable and its schema is current"))
        }
        Ok(pending) => Finding::warn(
            "database",
            format!("{dsn} lacks {} migration(s): {}", pending.len(), pending.join(", ")),
            "run latchkey migrate (serve also applies them at start)",
        ),
        Err(e) => Finding::fail(
            "database",
            format!("cannot read {dsn}'s migrations: {}", e.detail()),
            "check the database user's rights",
        ),
    }];
    findings.push(match store.database_clock().await {
        Ok(None) => Finding::ok("clock", "SQLite: the database's clock is this machine's"),
        Ok(Some(theirs)) => clock(OffsetDateTime::now_utc(), theirs),
        Err(e) => Finding::warn(
            "clock",
            format!("cannot read the database's clock: {}", e.detail()),
            "check the database connection",
        ),
    });
    findings
}

/// Codes, links and sessions expire by both clocks: they must agree.
fn clock(ours: OffsetDateTime, theirs: OffsetDateTime) -> Finding {
    let skew = (ours - theirs).abs();
    let message = format!(
        "this machine's clock and the database's differ by {:.1} s",
        skew.as_seconds_f64()
    );
    let fix = "synchronise both clocks (NTP)";
    if skew > time::Duration::seconds(60) {
        Finding::fail("clock", message, fix)
    } else if skew > time::Duration::seconds(5) {
        Finding::warn("clock", message, fix)
    } else {
        Finding::ok("clock", message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_origin_counts_as_under_rp_id_only_on_a_label_boundary() {
        assert!(under("example.com", "example.com"));
        assert!(under("login.example.com", "example.com"));
        assert!(under("Login.Example.com.", "example.com"));
        assert!(!under("badexample.com", "example.com"));
        assert!(!under("example.com", "login.example.com"));
        assert!(!under("127.0.0.1", "localhost"));
    }

    #[test]
    fn secure_contexts_are_https_and_loopback() {
        for ok in [
            "https://id.example",
            "http://localhost:4433",
            "http://app.localhost",
            "http://127.0.0.1:8080",
            "http://[::1]:80",
        ] {
            assert!(secure_context(&Url::parse(ok).unwrap()), "{ok}");
        }
        assert!(!secure_context(&Url::parse("http://id.example").unwrap()));
    }

    #[test]
    fn the_clock_warns_past_five_seconds_and_fails_past_a_minute() {
        let now = OffsetDateTime::UNIX_EPOCH;
        assert_eq!(clock(now, now + time::Duration::seconds(2)).level, Level::Ok);
        assert_eq!(clock(now, now - time::Duration::seconds(30)).level, Level::Warn);
        assert_eq!(clock(now, now + time::Duration::minutes(5)).level, Level::Fail);
    }
}
