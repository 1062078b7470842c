//! Webhooks: other systems are told what happened to an account (a passkey added or disowned,
//! sessions revoked, a recovery link issued or used, ...), through the same durable outbox design
//! as mail. A delivery is queued in the transaction that writes the audit entry it announces
//! (`store::webhooks`), so it survives restarts; a sender claims due deliveries one at a time,
//! POSTs them, and retries failures with backoff until `give_up_after`.
//!
//! Each request carries:
//! - `Latchkey-Event-Id`: the audit entry's id, the same on every retry (receivers dedupe on it:
//!   delivery is at least once, as a sender can die after the receiver answered);
//! - `Latchkey-Event-Type`: the audit action, e.g. `passkey.added`;
//! - `Latchkey-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the
//!   webhook's secret>`: receivers check it in constant time and refuse old timestamps.
//!
//! # Security
//! The secret lives only in the configuration, never in the database. Bodies carry the audit
//! entry without the client's address or user agent. Redirects are not followed.

use std::collections::HashMap;
use std::sync::Arc;

use hmac::{KeyInit, Mac};
use time::Duration;
use tokio::sync::Notify;

use crate::clock::Clock;
use crate::config::WebhookConfig;
// The mail courier's backoff: 5 s doubling to 10 minutes.
use crate::courier::backoff;
use crate::error::Error;
use crate::store::{Store, WebhookDelivery};

/// How long one POST may take.
const TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// How long a sender owns a claimed delivery: one POST and a margin.
const CLAIM: Duration = Duration::seconds(30);
/// How often the sender looks for due deliveries when nothing wakes it.
const POLL: std::time::Duration = std::time::Duration::from_secs(5);

pub struct Webhooks {
    store: Store,
    clock: Arc<dyn Clock>,
    client: reqwest::Client,
    /// Each webhook URL's signing secret.
    secrets: HashMap<String, String>,
    wake: Notify,
}

impl Webhooks {
    pub fn new(config: &[WebhookConfig], store: Store, clock: Arc<dyn Clock>) -> Result<Self, Error> {
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| Error::Internal(format!("webhook TLS set-up: {e}")))?
            .with_root_certificates(rustls::RootCertStore::from_iter(
                webpki_roots::TLS_SERVER_ROOTS.iter().cloned(),
            ))
            .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .timeout(TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("latchkey-webhooks")
            .build()
            .map_err(|e| Error::Internal(format!("webhook client set-up: {e}")))?;
        Ok(Self {
            store,
            clock,
            client,
            secrets: config.iter().map(|w| (w.url.to_string(), w.secret.clone())).collect(),
            wake: Notify::new(),
        })
    }

    /// Sends every delivery due now; returns how many the receivers took. A receiver that fails
    /// holds up only its own deliveries.
    pub async fn deliver_due(&self) -> Result<usize, Error> {
        let abandoned = self.store.abandon_expired_webhooks(self.clock.now()).await?;
        if abandoned > 0 {
            tracing::warn!(abandoned, "webhook deliveries given up after give_up_after");
        }
        let mut delivered = 0;
        loop {
            let now = self.clock.now();
            let Some(delivery) = self.store.claim_due_webhook(now, now + CLAIM).await? else {
                return Ok(delivered);
            };
            match self.post(&delivery).await {
                Ok(()) => {
                    self.store.mark_webhook_sent(delivery.id, self.clock.now()).await?;
                    delivered += 1;
                }
                Err(reason) => {
                    tracing::warn!(delivery = %delivery.id, url = %delivery.url, attempts = delivery.attempts, %reason, "webhook delivery failed; will retry");
                    let retry_at = self.clock.now() + backoff(delivery.attempts);
                    self.store.mark_webhook_failed(delivery.id, &reason, retry_at).await?;
                }
            }
        }
    }

    /// Sends due deliveries every few seconds, for as long as the process runs.
    pub async fn run(self: Arc<Self>) {
        loop {
            if let Err(e) = self.deliver_due().await {
                tracing::warn!(error = %e.detail(), "webhook sender: store unavailable; retrying");
            }
            let _ = tokio::time::timeout(POLL, self.wake.notified()).await;
        }
    }

    async fn post(&self, delivery: &WebhookDelivery) -> Result<(), String> {
        let secret = self
            .secrets
            .get(&delivery.url)
            .ok_or_else(|| "this URL is no longer configured".to_owned())?;
        let timestamp = self.clock.now().unix_timestamp();
        let response = self
            .client
            .post(&delivery.url)
            .header("content-type", "application/json")
            .header("latchkey-event-id", delivery.event_id.to_string())
            .header("latchkey-event-type", &delivery.event_type)
            .header(
                "latchkey-signature",
                signature(secret, timestamp, &delivery.body).map_err(|e| e.detail())?,
            )
            .body(delivery.body.clone())
            .send()
            .await
            .map_err(|e| format!("POST: {e}"))?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(format!("the receiver answered {}", response.status()))
        }
    }
}

/// `t=<timestamp>,v1=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
pub fn signature(secret: &str, timestamp: i64, body: &str) -> Result<String, Error> {
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .map_err(|e| Error::Internal(format!("HMAC key: {e}")))?;
    mac.update(format!("{timestamp}.").as_bytes());
    mac.update(body.as_bytes());
    let tag: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("t={timestamp},v1={tag}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        // The example in the README, checked with Python's hmac module:
        // hmac.new(b"0123456789abcdef0123456789abcdef", b'1764500000.{"id":1}', "sha256").hexdigest()
        assert_eq!(
            signature("0123456789abcdef0123456789abcdef", 1_764_500_000, r#"{"id":1}"#).unwrap(),
            "t=1764500000,v1=5e1d798c608d4a7a17a9cc6cf627864b58429dc3a2bc80e85552821a9dba1b77"
        );
    }
}
