//! The sign-in funnel's counts (`telemetry::Funnel`) and the figures `/metrics` reads at scrape
//! time.

use super::*;

/// How often one funnel step happened in one hour, for one tier and cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunnelCount {
    pub hour: OffsetDateTime,
    pub step: String,
    pub tier: String,
    pub cause: String,
    pub count: i64,
}

/// The mail queue as `/metrics` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MailQueue {
    pub queued: i64,
    pub oldest: Option<OffsetDateTime>,
}

/// The connection pool as `/metrics` shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    pub open: u32,
    pub idle: u32,
}

impl Store {
    /// Adds counts to the stored ones (one transaction): every replica adds what it counted.
    pub async fn add_funnel_counts(&self, counts: &[FunnelCount]) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        for c in counts {
            sqlx::query(
                "INSERT INTO funnel_counts (hour, step, tier, cause, count) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (hour, step, tier, cause) DO UPDATE SET count = funnel_counts.count + excluded.count",
            )
            .bind(ms(c.hour))
            .bind(&c.step)
            .bind(&c.tier)
            .bind(&c.cause)
            .bind(c.count)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The counts of the hours starting at or after `since`, oldest first.
    pub async fn funnel_counts_since(&self, since: OffsetDateTime) -> Result<Vec<FunnelCount>, Error> {
        let rows = sqlx::query(
            "SELECT hour, step, tier, cause, count FROM funnel_counts WHERE hour >= $1 ORDER BY hour, step, tier, cause",
        )
        .bind(ms(since))
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(FunnelCount {
                    hour: time(row, "hour")?,
                    step: row.try_get("step")?,
                    tier: row.try_get("tier")?,
                    cause: row.try_get("cause")?,
                    count: row.try_get("count")?,
                })
            })
            .collect()
    }

    /// Messages waiting for delivery and when the oldest of them was queued.
    pub async fn mail_queue(&self) -> Result<MailQueue, Error> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS queued, MIN(created_at) AS oldest FROM courier_messages WHERE status = 'queued'",
        )
        .fetch_one(&mut *self.connection().await?)
        .await?;
        Ok(MailQueue {
            queued: row.try_get("queued")?,
            oldest: optional_time(&row, "oldest")?,
        })
    }

    pub fn pool_use(&self) -> PoolUse {
        PoolUse {
            open: self.pool.size(),
            idle: u32::try_from(self.pool.num_idle()).unwrap_or(u32::MAX),
        }
    }
}

/// People who signed in by email (code or link) since a time, and how many of them saved a
/// passkey afterwards (from the audit trail: people, not events).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EmailFallbacks {
    pub people: i64,
    pub then_saved_passkey: i64,
}

impl Store {
    pub async fn email_fallbacks_since(&self, since: OffsetDateTime) -> Result<EmailFallbacks, Error> {
        let row = sqlx::query(
            "SELECT COUNT(DISTINCT s.subject_id) AS people, COUNT(DISTINCT p.subject_id) AS saved \
             FROM audit_log s LEFT JOIN audit_log p \
               ON p.subject_id = s.subject_id AND p.action = 'passkey.added' AND p.seq > s.seq \
             WHERE s.action = 'session.signed_in' AND s.details LIKE '%\"method\":\"code\"%' AND s.at >= $1",
        )
        .bind(ms(since))
        .fetch_one(&mut *self.connection().await?)
        .await?;
        Ok(EmailFallbacks {
            people: row.try_get("people")?,
            then_saved_passkey: row.try_get("saved")?,
        })
    }
}
