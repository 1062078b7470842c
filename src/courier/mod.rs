//! The courier: every email goes through a durable outbox in the store.
//!
//! A request that sends mail commits the message row in the same transaction as whatever the mail
//! is about (a code grant), then wakes the sender. The sender claims due messages one at a time,
//! delivers them (SMTP with `lettre`, or the dev outbox), and marks them sent; a failure is retried
//! with exponential backoff until the message expires with its code. Nothing is lost when SMTP is
//! down or the process dies: a claimed message whose sender died is claimed again when the claim
//! lapses. A message is marked sent right after the server accepted it, so a clean delivery is
//! not repeated; only a crash between "accepted" and "marked" can repeat one (at-least-once).
//!
//! # Security
//! A queued message necessarily holds its code until delivered, so the store keeps it sealed
//! (XChaCha20-Poly1305 with a key from `secrets.cipher`, bound to the message's id and
//! recipient): only the courier opens it, right before delivery. The sealed body is erased from
//! the store as soon as it is sent or abandoned, and it never outlives its code's lifespan.
//! Message bodies are never logged (only ids, templates and errors).

mod smtp;
mod templates;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use time::{Duration, OffsetDateTime};
use tokio::sync::Notify;
use uuid::Uuid;

use crate::clock::Clock;
use crate::config::{CourierConfig, Delivery};
use crate::domain::{MailContent, MessageBody, OutgoingMessage};
use crate::error::Error;
use crate::i18n::Catalog;
use crate::keys::Cipher;
use crate::store::Store;
use crate::telemetry::DeliveryCounters;

pub use templates::MailTemplate;

/// Whether the configured SMTP server takes a connection (connect, TLS, EHLO, authentication),
/// sending nothing; the reason when it does not.
pub async fn check_smtp(smtp: &crate::config::SmtpConfig, courier: &CourierConfig) -> Result<(), String> {
    smtp::SmtpSender::new(smtp, courier)
        .map_err(|e| e.detail())?
        .try_connection()
        .await
}
use templates::MailTemplates;

/// How long a sender owns a claimed message before another may take it over.
/// It outlasts one SMTP conversation (so a slow send is not taken over and repeated) by a margin.
const CLAIM: Duration = Duration::seconds(smtp::TIMEOUT.as_secs() as i64 + 10);
/// The first retry waits this long; each further one twice as long, up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::seconds(5);
const MAX_BACKOFF: Duration = Duration::minutes(10);
/// How many delivered messages the dev outbox lists.
const DEV_OUTBOX_SIZE: usize = 200;
/// How often the sender looks for due messages when nobody woke it.
const POLL: std::time::Duration = std::time::Duration::from_secs(1);

/// Who asked for a message, in the words every template uses: `device` ("Chrome on Linux") and
/// `requested_at` ("2026-11-25 12:00 UTC"). Message contexts flatten it in.
#[derive(Debug, Clone, Serialize)]
pub struct Requester {
    pub device: String,
    pub requested_at: String,
}

impl Requester {
    pub fn new(user_agent: &str, at: OffsetDateTime) -> Self {
        Self {
            device: crate::user_agent::summary(user_agent),
            requested_at: format!("{} UTC", crate::clock::to_the_minute(at)),
        }
    }
}

/// A message the dev outbox delivered, as `/dev/outbox` lists it.
#[derive(Debug, Clone, Serialize)]
pub struct DevMessage {
    pub id: Uuid,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: OffsetDateTime,
}

enum Transport {
    Smtp(smtp::SmtpSender),
    Dev(Mutex<VecDeque<DevMessage>>),
    /// No SMTP configured outside dev mode: messages wait in the store.
    Unconfigured,
}

pub struct Courier {
    store: Store,
    clock: Arc<dyn Clock>,
    transport: Transport,
    templates: MailTemplates,
    catalog: Arc<Catalog>,
    cipher: Cipher,
    wake: Notify,
    counters: DeliveryCounters,
}

impl Courier {
    pub fn new(
        config: &CourierConfig,
        store: Store,
        clock: Arc<dyn Clock>,
        cipher: Cipher,
        counters: DeliveryCounters,
        catalog: Arc<Catalog>,
    ) -> Result<Self, Error> {
        let transport = match &config.delivery {
            Delivery::Smtp(smtp) => Transport::Smtp(smtp::SmtpSender::new(smtp, config)?),
            Delivery::DevOutbox => Transport::Dev(Mutex::new(VecDeque::new())),
            Delivery::Unconfigured => Transport::Unconfigured,
        };
        Ok(Self {
            store,
            clock,
            transport,
            templates: MailTemplates::new(config.template_override_path.as_deref(), catalog.clone())?,
            catalog,
            cipher,
            wake: Notify::new(),
            counters,
        })
    }

    /// Renders and seals a message for the outbox; the caller stores it (with what it is about)
    /// and then calls [`Courier::wake`].
    pub fn compose(
        &self,
        template: MailTemplate,
        recipient: &str,
        context: &impl Serialize,
        expires_at: OffsetDateTime,
    ) -> Result<OutgoingMessage, Error> {
        self.compose_in(template, recipient, context, expires_at, &self.reader_language())
    }

    fn compose_in(
        &self,
        template: MailTemplate,
        recipient: &str,
        context: &impl Serialize,
        expires_at: OffsetDateTime,
        lang: &str,
    ) -> Result<OutgoingMessage, Error> {
        let rendered = self.templates.render(template, lang, context)?;
        let content = MailContent {
            subject: rendered.subject,
            text_body: rendered.text,
            html_body: rendered.html,
        };
        let id = Uuid::new_v4();
        let sealed = self
            .cipher
            .seal(&serde_json::to_vec(&content)?, &sealing_context(id, recipient))?;
        Ok(OutgoingMessage {
            id,
            recipient: recipient.to_owned(),
            template: template.name().to_owned(),
            body: MessageBody::Sealed(sealed),
            attempts: 0,
            created_at: self.clock.now(),
            expires_at,
        })
    }

    /// Queues a notice about an identity to every confirmed address it has, in the language its
    /// owner signs in with (see [`Store::identity_language`]), and wakes the sender; returns how
    /// many addresses it went to.
    pub async fn notify_confirmed(
        &self,
        identity_id: Uuid,
        template: MailTemplate,
        context: &impl Serialize,
        expires_at: OffsetDateTime,
    ) -> Result<usize, Error> {
        let addresses = self.store.addresses(identity_id).await?;
        // In the language the owner signs in with, not that of whoever caused the notice (a
        // support agent, or someone who got into the account by email).
        let lang = match self.store.identity_language(identity_id).await? {
            Some(tag) if self.catalog.find(&tag).is_some() => tag,
            _ => self.catalog.default_tag().to_owned(),
        };
        let mut notified = 0;
        for address in addresses.iter().filter(|a| a.verified) {
            let message = self.compose_in(template, &address.value, context, expires_at, &lang)?;
            self.store.queue_message(&message).await?;
            notified += 1;
        }
        self.wake();
        Ok(notified)
    }

    /// The language of the person whose request queues a message (the browser that asked for a
    /// code), else the default.
    fn reader_language(&self) -> String {
        crate::i18n::current_reader_tag().unwrap_or_else(|| self.catalog.default_tag().to_owned())
    }

    /// Tells the sender a message is waiting.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Delivers every message that is due now. Returns how many were delivered.
    pub async fn deliver_due(&self) -> Result<usize, Error> {
        if matches!(self.transport, Transport::Unconfigured) {
            return Ok(0);
        }
        let abandoned = self.store.abandon_expired_messages(self.clock.now()).await?;
        if abandoned > 0 {
            tracing::warn!(abandoned, "messages expired before they could be delivered");
        }
        let mut delivered = 0;
        loop {
            let now = self.clock.now();
            let Some(message) = self.store.claim_due_message(now, now + CLAIM).await? else {
                return Ok(delivered);
            };
            let content = match self.open(&message) {
                Ok(content) => content,
                Err(reason) => {
                    // Only this message is unreadable (its key was dropped from secrets.cipher, or
                    // the row was altered): keep it for a retry and go on with the others.
                    tracing::error!(message = %message.id, %reason, "queued message cannot be opened");
                    let retry_at = self.clock.now() + backoff(message.attempts);
                    self.store.mark_message_failed(message.id, &reason, retry_at).await?;
                    continue;
                }
            };
            match self.deliver(&message, content).await {
                Ok(()) => {
                    self.counters.sent.inc();
                    self.store.mark_message_sent(message.id, self.clock.now()).await?;
                    tracing::info!(message = %message.id, template = %message.template, "message delivered");
                    delivered += 1;
                }
                Err(reason) => {
                    self.counters.failed.inc();
                    let retry_at = self.clock.now() + backoff(message.attempts);
                    tracing::warn!(message = %message.id, attempts = message.attempts, %reason, "delivery failed; will retry");
                    self.store.mark_message_failed(message.id, &reason, retry_at).await?;
                    // The server is likely down for the rest of the queue too; try again later.
                    return Ok(delivered);
                }
            }
        }
    }

    /// The sender: delivers whatever is due, then waits to be woken or for the next poll.
    pub async fn run(self: Arc<Self>) {
        loop {
            if let Err(e) = self.deliver_due().await {
                tracing::warn!(error = %e.detail(), "courier pass failed");
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(POLL) => {}
            }
        }
    }

    /// Messages the dev outbox delivered, newest first; `None` outside dev mode.
    pub fn dev_outbox(&self) -> Option<Vec<DevMessage>> {
        match &self.transport {
            Transport::Dev(outbox) => Some(
                outbox
                    .lock()
                    .map(|messages| messages.iter().rev().cloned().collect())
                    .unwrap_or_default(),
            ),
            _ => None,
        }
    }

    /// What a queued message says; only the courier opens a sealed one.
    fn open(&self, message: &OutgoingMessage) -> Result<MailContent, String> {
        match &message.body {
            MessageBody::Sealed(sealed) => self
                .cipher
                .open(sealed, &sealing_context(message.id, &message.recipient))
                .and_then(|json| Ok(serde_json::from_slice(&json)?))
                .map_err(|e| e.detail()),
            MessageBody::Clear(content) => Ok(content.clone()),
        }
    }

    async fn deliver(&self, message: &OutgoingMessage, content: MailContent) -> Result<(), String> {
        match &self.transport {
            Transport::Smtp(sender) => sender.send(message.id, &message.recipient, content).await,
            Transport::Dev(outbox) => {
                // Dev mode only: the console is the mailbox, so the code is printed on purpose.
                println!(
                    "latchkey dev outbox: to {} | {}\n{}\n",
                    message.recipient, content.subject, content.text_body
                );
                let mut outbox = outbox.lock().map_err(|_| "dev outbox poisoned".to_owned())?;
                if outbox.len() == DEV_OUTBOX_SIZE {
                    outbox.pop_front();
                }
                outbox.push_back(DevMessage {
                    id: message.id,
                    recipient: message.recipient.clone(),
                    subject: content.subject,
                    text_body: content.text_body,
                    html_body: content.html_body,
                    sent_at: self.clock.now(),
                });
                Ok(())
            }
            Transport::Unconfigured => Err("no SMTP server configured".to_owned()),
        }
    }
}

/// What a sealed body is bound to: it opens only as this message, to this recipient.
fn sealing_context(id: Uuid, recipient: &str) -> Vec<u8> {
    format!("{id}\n{recipient}").into_bytes()
}

/// Wait before the next try after `attempts` failed ones: 5 s, 10 s, 20 s ... up to 10 min.
pub(crate) fn backoff(attempts: u32) -> Duration {
    let doublings = attempts.saturating_sub(1).min(16);
    (FIRST_BACKOFF * 2_i32.pow(doublings)).min(MAX_BACKOFF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1), Duration::seconds(5));
        assert_eq!(backoff(2), Duration::seconds(10));
        assert_eq!(backoff(4), Duration::seconds(40));
        assert_eq!(backoff(30), MAX_BACKOFF);
    }
}
