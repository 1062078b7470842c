//! Rate-limit counters kept in the store, so limits hold across replicas.

use super::*;

/// The events of a bucket within a horizon, as a taker finds them before adding its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    pub count: u32,
    pub oldest: Option<OffsetDateTime>,
    pub newest: Option<OffsetDateTime>,
}

impl Store {
    /// Counts an event in `bucket` when `admit` accepts what the last `horizon` holds, and returns
    /// how many that makes; `admit`'s refusal otherwise. Counters live in the store so every
    /// replica enforces one limit.
    ///
    /// # Security
    /// Reading the count and adding the event happen in one transaction that takers of one bucket
    /// pass one at a time, so N parallel takers get exactly what the rule allows: SQLite's
    /// `BEGIN IMMEDIATE` takes the single write lock before the count is read; PostgreSQL, whose
    /// read-committed transactions would each miss the others' uncommitted events, takes a
    /// transaction-scoped advisory lock on the bucket first.
    pub async fn take_slot(
        &self,
        bucket: &str,
        horizon: time::Duration,
        now: OffsetDateTime,
        admit: impl FnOnce(&Counted) -> Result<(), Error>,
    ) -> Result<u32, Error> {
        let mut tx = match self.backend {
            Backend::Sqlite => self.transaction(Some("BEGIN IMMEDIATE")).await?,
            Backend::Postgres => {
                let mut tx = self.transaction(None).await?;
                sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                    .bind(bucket)
                    .execute(&mut *tx)
                    .await?;
                tx
            }
        };
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, MIN(at) AS oldest, MAX(at) AS newest FROM rate_events WHERE bucket = $1 AND at > $2",
        )
        .bind(bucket)
        .bind(ms(now - horizon))
        .fetch_one(&mut *tx)
        .await?;
        let counted = Counted {
            count: u32::try_from(row.try_get::<i64, _>("n")?).unwrap_or(u32::MAX),
            oldest: optional_time(&row, "oldest")?,
            newest: optional_time(&row, "newest")?,
        };
        admit(&counted)?;
        sqlx::query("INSERT INTO rate_events (bucket, at) VALUES ($1, $2)")
            .bind(bucket)
            .bind(ms(now))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(counted.count.saturating_add(1))
    }

    /// Counts an event in `bucket` if fewer than `limit` happened in the last `window`; otherwise
    /// answers `rate_limited` with the wait until the oldest of them leaves the window.
    pub async fn take_rate_slot(
        &self,
        bucket: &str,
        limit: u32,
        window: time::Duration,
        now: OffsetDateTime,
    ) -> Result<u32, Error> {
        self.take_slot(bucket, window, now, |counted| {
            if counted.count < limit {
                return Ok(());
            }
            let oldest = counted.oldest.unwrap_or(now);
            Err(Error::RateLimited {
                retry_after_seconds: (oldest + window - now).whole_seconds().max(1).unsigned_abs(),
            })
        })
        .await
    }
}
