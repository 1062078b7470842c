//! `webhooks`: where latchkey tells other systems what happened to an account (latchkey's own
//! section). Each entry is a URL, its signing secret and the events it wants.

use serde::Deserialize;
use time::Duration;
use url::Url;

use super::{ConfigError, positive_duration};

/// The events a webhook may ask for: the audit trail's actions that matter to other systems.
pub const EVENTS: [&str; 11] = [
    "sessions.revoked",
    "session.signed_out",
    "passkey.added",
    "passkey.removed",
    "passkey.disowned",
    "backup_codes.generated",
    "recovery.issued",
    "recovery.used",
    "identity.updated",
    "identity.deleted",
    "password.disabled",
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWebhook {
    pub url: Option<String>,
    pub secret: Option<String>,
    pub events: Option<Vec<String>>,
    pub give_up_after: Option<String>,
}

#[derive(Clone, PartialEq, Eq)]
pub struct WebhookConfig {
    pub url: Url,
    /// Signs each delivery (HMAC-SHA256); never stored in the database.
    pub secret: String,
    pub events: Vec<String>,
    /// A delivery still failing this long after its event is given up.
    pub give_up_after: Duration,
}

impl std::fmt::Debug for WebhookConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookConfig")
            .field("url", &self.url.as_str())
            .field("events", &self.events)
            .field("give_up_after", &self.give_up_after)
            .finish_non_exhaustive()
    }
}

impl WebhookConfig {
    /// What the audit appender needs to queue deliveries.
    pub fn subscription(&self) -> crate::store::Subscription {
        crate::store::Subscription {
            url: self.url.to_string(),
            events: self.events.clone(),
            give_up_after: self.give_up_after,
        }
    }
}

pub fn webhooks(raw: Vec<RawWebhook>) -> Result<Vec<WebhookConfig>, ConfigError> {
    raw.into_iter()
        .enumerate()
        .map(|(i, hook)| webhook(&format!("webhooks[{i}]"), hook))
        .collect()
}

fn webhook(key: &str, raw: RawWebhook) -> Result<WebhookConfig, ConfigError> {
    let text = raw.url.unwrap_or_default();
    let url = Url::parse(&text)
        .map_err(|e| ConfigError::new(&format!("{key}.url"), &text, &format!("not a URL: {e}"), "an https URL"))?;
    let loopback = matches!(url.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    if url.scheme() != "https" && !(url.scheme() == "http" && loopback) {
        return Err(ConfigError::new(
            &format!("{key}.url"),
            &text,
            "events about accounts would travel in clear text",
            "use https (plain http only to localhost)",
        ));
    }
    let secret = raw.secret.unwrap_or_default();
    if secret.chars().count() < 32 {
        return Err(ConfigError::new(
            &format!("{key}.secret"),
            "(hidden)",
            "shorter than 32 characters",
            "a random secret of at least 32 characters, shared with the receiver only",
        ));
    }
    let events = raw.events.unwrap_or_default();
    if events.is_empty() {
        return Err(ConfigError::new(
            &format!("{key}.events"),
            "[]",
            "no events: this webhook would never be called",
            format!("list some of {}", EVENTS.join(", ")),
        ));
    }
    if let Some(unknown) = events.iter().find(|e| !EVENTS.contains(&e.as_str())) {
        return Err(ConfigError::new(
            &format!("{key}.events"),
            unknown,
            "not an event latchkey sends",
            format!("one of {}", EVENTS.join(", ")),
        ));
    }
    let give_up_after = match raw.give_up_after {
        None => Duration::hours(24),
        Some(text) => positive_duration(&format!("{key}.give_up_after"), &text)?,
    };
    Ok(WebhookConfig {
        url,
        secret,
        events,
        give_up_after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(url: &str, secret: &str, events: &[&str]) -> RawWebhook {
        RawWebhook {
            url: Some(url.into()),
            secret: Some(secret.into()),
            events: Some(events.iter().map(|e| (*e).to_owned()).collect()),
            give_up_after: None,
        }
    }

    #[test]
    fn a_webhook_needs_https_a_long_secret_and_known_events() {
        let secret = "0123456789abcdef0123456789abcdef";
        let ok = webhook(
            "webhooks[0]",
            raw("https://hooks.example/latchkey", secret, &["passkey.added"]),
        )
        .unwrap();
        assert_eq!(ok.give_up_after, Duration::hours(24));
        assert!(
            !format!("{ok:?}").contains(secret),
            "the secret stays out of debug output"
        );
        assert!(webhook("w", raw("http://localhost:9000/h", secret, &["passkey.added"])).is_ok());
        for (bad, key) in [
            (raw("http://hooks.example/h", secret, &["passkey.added"]), "w.url"),
            (raw("https://hooks.example/h", "short", &["passkey.added"]), "w.secret"),
            (raw("https://hooks.example/h", secret, &[]), "w.events"),
            (
                raw("https://hooks.example/h", secret, &["session.signed_in"]),
                "w.events",
            ),
        ] {
            assert_eq!(webhook("w", bad).unwrap_err().key, key);
        }
    }
}
