//! Rate-limit counters kept in the store, so limits hold across replicas.

use super::*;

impl Store {
    /// Counts an event in `bucket` if fewer than `limit` happened in the last `window` and returns
    /// how many that makes; otherwise answers `rate_limited` with the wait until the oldest of
    /// them leaves the window. Counters live in the store so every replica enforces one limit.
    ///
    /// # Security
    /// The count and the insert are one conditional statement, serialised per bucket, so N
    /// parallel takers get exactly the limit: SQLite runs a statement under its single write lock;
    /// PostgreSQL, at read committed, would let concurrent statements each count the others'
    /// uncommitted rows as absent, so takers of one bucket first take a transaction-scoped
    /// advisory lock on it.
    pub async fn take_rate_slot(
        &self,
        bucket: &str,
        limit: u32,
        window: time::Duration,
        now: OffsetDateTime,
    ) -> Result<u32, Error> {
        let since = ms(now - window);
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(hashtext($1))")
                .bind(bucket)
                .execute(&mut *tx)
                .await?;
        }
        let taken = sqlx::query(
            "INSERT INTO rate_events (bucket, at) SELECT $1, $2 \
             WHERE (SELECT COUNT(*) FROM rate_events WHERE bucket = $1 AND at > $3) < $4",
        )
        .bind(bucket)
        .bind(ms(now))
        .bind(since)
        .bind(i64::from(limit))
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        let row = sqlx::query("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_events WHERE bucket = $1 AND at > $2")
            .bind(bucket)
            .bind(since)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        if taken {
            let count: i64 = row.try_get("n")?;
            return Ok(u32::try_from(count).unwrap_or(u32::MAX));
        }
        let oldest = optional_time(&row, "oldest")?.unwrap_or(now);
        Err(Error::RateLimited {
            retry_after_seconds: (oldest + window - now).whole_seconds().max(1).unsigned_abs(),
        })
    }
}
