//! The webhook outbox: deliveries written with the audit entries they announce, claimed and
//! retried like the courier's mail.

use super::*;
use crate::audit::Entry;
use crate::clock::rfc3339;

/// A webhook URL and the audit actions it is told about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub url: String,
    pub events: Vec<String>,
    pub give_up_after: time::Duration,
}

/// One delivery to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookDelivery {
    pub id: Uuid,
    pub url: String,
    pub event_id: Uuid,
    pub event_type: String,
    pub body: String,
    pub attempts: u32,
}

/// What a receiver gets: the event, never the client's address or user agent.
fn body(entry: &Entry) -> Result<String, Error> {
    let details: serde_json::Value = serde_json::from_str(&entry.details)?;
    Ok(serde_json::json!({
        "id": entry.id,
        "type": entry.action,
        "occurred_at": rfc3339(entry.at),
        "identity_id": entry.subject_id,
        "actor": entry.actor,
        "reason": entry.reason,
        "details": details,
    })
    .to_string())
}

/// Queues a delivery of each entry to each subscription that wants its action, in the
/// transaction that writes the entries.
pub(super) async fn queue_webhooks(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    entries: &[Entry],
    subscriptions: &[Subscription],
) -> Result<(), Error> {
    for entry in entries {
        for subscription in subscriptions.iter().filter(|s| s.events.contains(&entry.action)) {
            sqlx::query(
                "INSERT INTO webhook_deliveries (id, url, event_id, event_type, body, status, attempts, next_attempt_at, expires_at, created_at) \
                 VALUES ($1, $2, $3, $4, $5, 'queued', 0, $6, $7, $6) ON CONFLICT (event_id, url) DO NOTHING",
            )
            .bind(Uuid::new_v4().to_string())
            .bind(&subscription.url)
            .bind(entry.id.to_string())
            .bind(&entry.action)
            .bind(body(entry)?)
            .bind(ms(entry.at))
            .bind(ms(entry.at + subscription.give_up_after))
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

impl Store {
    /// Claims the oldest delivery due now until `claim_until`, so no other sender (here or on
    /// another replica) takes it meanwhile.
    pub async fn claim_due_webhook(
        &self,
        now: OffsetDateTime,
        claim_until: OffsetDateTime,
    ) -> Result<Option<WebhookDelivery>, Error> {
        let row = sqlx::query(
            "UPDATE webhook_deliveries SET claimed_until = $2, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM webhook_deliveries WHERE status = 'queued' AND next_attempt_at <= $1 \
                         AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY created_at, id LIMIT 1) \
             AND status = 'queued' AND (claimed_until IS NULL OR claimed_until <= $1) \
             RETURNING id, url, event_id, event_type, body, attempts",
        )
        .bind(ms(now))
        .bind(ms(claim_until))
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.map(|row| {
            Ok(WebhookDelivery {
                id: uuid(&row, "id")?,
                url: row.try_get("url")?,
                event_id: uuid(&row, "event_id")?,
                event_type: row.try_get("event_type")?,
                body: row.try_get("body")?,
                attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
            })
        })
        .transpose()
    }

    pub async fn mark_webhook_sent(&self, id: Uuid, at: OffsetDateTime) -> Result<(), Error> {
        sqlx::query(
            "UPDATE webhook_deliveries SET status = 'sent', sent_at = $1, claimed_until = NULL, last_error = NULL WHERE id = $2",
        )
        .bind(ms(at))
        .bind(id.to_string())
        .execute(&mut *self.connection().await?)
        .await?;
        Ok(())
    }

    pub async fn mark_webhook_failed(&self, id: Uuid, error: &str, retry_at: OffsetDateTime) -> Result<(), Error> {
        sqlx::query(
            "UPDATE webhook_deliveries SET next_attempt_at = $1, claimed_until = NULL, last_error = $2 WHERE id = $3",
        )
        .bind(ms(retry_at))
        .bind(error)
        .bind(id.to_string())
        .execute(&mut *self.connection().await?)
        .await?;
        Ok(())
    }

    /// Gives up deliveries still queued past their `give_up_after`; returns how many.
    pub async fn abandon_expired_webhooks(&self, now: OffsetDateTime) -> Result<u64, Error> {
        let done = sqlx::query(
            "UPDATE webhook_deliveries SET status = 'abandoned', claimed_until = NULL WHERE status = 'queued' AND expires_at <= $1",
        )
        .bind(ms(now))
        .execute(&mut *self.connection().await?)
        .await?;
        Ok(done.rows_affected())
    }

    /// Deliveries by status, for tests and operators: (status, count).
    pub async fn webhook_statuses(&self) -> Result<Vec<(String, i64)>, Error> {
        let rows = sqlx::query("SELECT status, COUNT(*) AS n FROM webhook_deliveries GROUP BY status ORDER BY status")
            .fetch_all(&mut *self.connection().await?)
            .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("status")?, row.try_get("n")?)))
            .collect()
    }
}
