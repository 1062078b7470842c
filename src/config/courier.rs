//! The `courier` section: how email leaves latchkey. The connection URI reads like Kratos's:
//! `smtps://user:pass@host:465/` (TLS from the first byte), `smtp://user:pass@host:587/` (STARTTLS,
//! required), `smtp://host:25/?disable_starttls=true` (cleartext, for a relay on the same host or
//! a test receiver), `?skip_ssl_verify=true` (accept any certificate: never in production).

use std::path::PathBuf;

use url::Url;

use super::ConfigError;
use super::raw::{RawCourier, RawSmtp};

/// Where messages go.
#[derive(Debug, Clone)]
pub enum Delivery {
    Smtp(SmtpConfig),
    /// `--dev` without SMTP: printed to the console and listed at `/dev/outbox`.
    DevOutbox,
    /// No SMTP configured outside dev mode: messages stay queued in the store until it is.
    Unconfigured,
}

#[derive(Debug, Clone)]
pub struct CourierConfig {
    pub delivery: Delivery,
    pub from_address: String,
    pub from_name: String,
    /// A folder whose files replace the embedded email templates of the same name.
    pub template_override_path: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// `smtps://`: TLS from the first byte.
    Implicit,
    /// `smtp://`: STARTTLS, refused if the server does not offer it.
    StartTls,
    /// `smtp://...?disable_starttls=true`: cleartext.
    None,
}

#[derive(Clone)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<String>,
    pub accept_invalid_certs: bool,
    /// Name announced in EHLO; the machine's host name when unset.
    pub local_name: Option<String>,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "***"))
            .field("accept_invalid_certs", &self.accept_invalid_certs)
            .finish()
    }
}

const URI_KEY: &str = "courier.smtp.connection_uri";

pub(super) fn courier(
    raw: RawCourier,
    dev: bool,
    product: &str,
    rp_id: &str,
    notes: &mut Vec<String>,
) -> Result<CourierConfig, ConfigError> {
    let smtp = raw.smtp.unwrap_or_default();
    let delivery = match (&smtp.connection_uri, dev) {
        (Some(uri), _) => Delivery::Smtp(smtp_config(uri, &smtp, notes)?),
        (None, true) => Delivery::DevOutbox,
        (None, false) => {
            notes.push(format!(
                "{URI_KEY} is not set: sign-in emails are queued in the store and sent once it is set"
            ));
            Delivery::Unconfigured
        }
    };
    let from_address = smtp.from_address.unwrap_or_else(|| format!("no-reply@{rp_id}"));
    if from_address.parse::<lettre::Address>().is_err() {
        return Err(ConfigError::new(
            "courier.smtp.from_address",
            &from_address,
            "not an email address",
            "write an address such as no-reply@example.com",
        ));
    }
    let template_override_path = raw.template_override_path.map(PathBuf::from);
    if let Some(path) = &template_override_path
        && !path.is_dir()
    {
        return Err(ConfigError::new(
            "courier.template_override_path",
            path.display(),
            "not a readable folder",
            "point it at a folder holding template files named like the embedded ones (see the README)",
        ));
    }
    Ok(CourierConfig {
        delivery,
        from_address,
        from_name: smtp.from_name.unwrap_or_else(|| product.to_owned()),
        template_override_path,
    })
}

fn smtp_config(uri: &str, raw: &RawSmtp, notes: &mut Vec<String>) -> Result<SmtpConfig, ConfigError> {
    let fix = "write smtps://USER:PASSWORD@HOST:465/ or smtp://USER:PASSWORD@HOST:587/";
    let url = Url::parse(uri).map_err(|e| ConfigError::new(URI_KEY, redact(uri), &format!("not a URL ({e})"), fix))?;
    let flag = |name: &str| url.query_pairs().any(|(k, v)| k == name && v == "true");
    let (tls, default_port) = match url.scheme() {
        "smtps" => (SmtpTls::Implicit, 465),
        "smtp" if flag("disable_starttls") => (SmtpTls::None, 25),
        "smtp" => (SmtpTls::StartTls, 587),
        _ => {
            return Err(ConfigError::new(
                URI_KEY,
                redact(uri),
                "the scheme must be smtp or smtps",
                fix,
            ));
        }
    };
    let host = url.host_str().unwrap_or_default().to_owned();
    if host.is_empty() {
        return Err(ConfigError::new(URI_KEY, redact(uri), "no host", fix));
    }
    let decode = |s: &str| percent_decode(s);
    let username = Some(url.username()).filter(|u| !u.is_empty()).map(decode);
    let password = url.password().map(decode);
    let accept_invalid_certs = flag("skip_ssl_verify");
    let local = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    if tls == SmtpTls::None && !local {
        notes.push(format!(
            "{URI_KEY} disables STARTTLS towards {host}: sign-in codes cross the network in cleartext"
        ));
    }
    if accept_invalid_certs {
        notes.push(format!(
            "{URI_KEY} sets skip_ssl_verify: the SMTP server's certificate is not checked"
        ));
    }
    Ok(SmtpConfig {
        port: url.port().unwrap_or(default_port),
        host,
        tls,
        username,
        password,
        accept_invalid_certs,
        local_name: raw.local_name.clone(),
    })
}

fn percent_decode(text: &str) -> String {
    url::form_urlencoded::parse(format!("x={}", text.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default()
}

/// The URI without its password, for error messages.
fn redact(uri: &str) -> String {
    super::redact_dsn(uri)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(uri: &str) -> Result<SmtpConfig, ConfigError> {
        smtp_config(uri, &RawSmtp::default(), &mut Vec::new())
    }

    #[test]
    fn kratos_style_uris_pick_the_tls_mode() {
        let implicit = parse("smtps://mailer:s%40cret@mail.example.com/").unwrap();
        assert_eq!((implicit.tls, implicit.port), (SmtpTls::Implicit, 465));
        assert_eq!(implicit.password.as_deref(), Some("s@cret"));
        assert_eq!(parse("smtp://mail.example.com/").unwrap().tls, SmtpTls::StartTls);
        let plain = parse("smtp://127.0.0.1:2525/?disable_starttls=true").unwrap();
        assert_eq!((plain.tls, plain.port), (SmtpTls::None, 2525));
    }

    #[test]
    fn a_bad_uri_names_the_key_and_hides_the_password() {
        let err = parse("http://user:hunter2@mail.example.com/").unwrap_err();
        assert_eq!(err.key, URI_KEY);
        assert!(!err.to_string().contains("hunter2"), "{err}");
    }
}
