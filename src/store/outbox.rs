//! The durable mail outbox the courier delivers from.

use super::*;

impl Store {
    /// Queues a message that goes with no grant (a notice).
    pub async fn queue_message(&self, message: &OutgoingMessage) -> Result<(), Error> {
        let mut tx = self.transaction(None).await?;
        insert_message(&mut tx, message).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Claims the oldest message due for delivery until `claim_until`, so no other sender (on this
    /// or another replica) takes it meanwhile. A sender that dies mid-delivery leaves the claim to
    /// lapse and the message is delivered by the next pass.
    pub async fn claim_due_message(
        &self,
        now: OffsetDateTime,
        claim_until: OffsetDateTime,
    ) -> Result<Option<OutgoingMessage>, Error> {
        // The conditions are repeated outside the sub-select: under PostgreSQL's READ COMMITTED a
        // concurrent claim makes the outer WHERE re-check the updated row and skip it.
        let row = sqlx::query(concat!(
            "UPDATE courier_messages SET claimed_until = $2, attempts = attempts + 1 \
             WHERE id = (SELECT id FROM courier_messages WHERE status = 'queued' AND next_attempt_at <= $1 \
                         AND (claimed_until IS NULL OR claimed_until <= $1) ORDER BY created_at, id LIMIT 1) \
             AND status = 'queued' AND (claimed_until IS NULL OR claimed_until <= $1) RETURNING ",
            message_columns!()
        ))
        .bind(ms(now))
        .bind(ms(claim_until))
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(message_from_row).transpose()
    }

    /// Records a clean delivery and erases subject and body, sealed or not (they may hold a code).
    pub async fn mark_message_sent(&self, id: Uuid, at: OffsetDateTime) -> Result<(), Error> {
        sqlx::query("UPDATE courier_messages SET status = 'sent', sent_at = $1, claimed_until = NULL, subject = '', text_body = '', html_body = '', sealed = '', last_error = NULL WHERE id = $2")
            .bind(ms(at))
            .bind(id.to_string())
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(())
    }

    /// Records a failed delivery; the message is tried again at `retry_at`.
    pub async fn mark_message_failed(&self, id: Uuid, error: &str, retry_at: OffsetDateTime) -> Result<(), Error> {
        sqlx::query(
            "UPDATE courier_messages SET last_error = $1, next_attempt_at = $2, claimed_until = NULL WHERE id = $3",
        )
        .bind(error)
        .bind(ms(retry_at))
        .bind(id.to_string())
        .execute(&mut *self.connection().await?)
        .await?;
        Ok(())
    }

    /// Gives up on queued messages past their expiry (their code is dead) and erases their bodies.
    pub async fn abandon_expired_messages(&self, now: OffsetDateTime) -> Result<u64, Error> {
        let result = sqlx::query("UPDATE courier_messages SET status = 'abandoned', subject = '', text_body = '', html_body = '', sealed = '', claimed_until = NULL WHERE status = 'queued' AND expires_at <= $1")
            .bind(ms(now))
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(result.rows_affected())
    }
}
