//! Rate-limit counters kept in the store, so limits hold across replicas.

use super::*;

impl Store {
    /// Counts an event in `bucket` if fewer than `limit` happened in the last `window` and returns
    /// how many that makes; otherwise answers `rate_limited` with the wait until the oldest of
    /// them leaves the window. Counters
    /// live in the store so every replica enforces one limit.
    pub async fn take_rate_slot(
        &self,
        bucket: &str,
        limit: u32,
        window: time::Duration,
        now: OffsetDateTime,
    ) -> Result<u32, Error> {
        let row = sqlx::query("SELECT COUNT(*) AS n, MIN(at) AS oldest FROM rate_events WHERE bucket = $1 AND at > $2")
            .bind(bucket)
            .bind(ms(now - window))
            .fetch_one(&self.pool)
            .await?;
        let count: i64 = row.try_get("n")?;
        if count >= i64::from(limit) {
            let oldest = optional_time(&row, "oldest")?.unwrap_or(now);
            let wait = oldest + window - now;
            return Err(Error::RateLimited {
                retry_after_seconds: wait.whole_seconds().max(1).unsigned_abs(),
            });
        }
        sqlx::query("INSERT INTO rate_events (bucket, at) VALUES ($1, $2)")
            .bind(bucket)
            .bind(ms(now))
            .execute(&self.pool)
            .await?;
        // Counted before this one was added; concurrent takers may share a number, which only
        // matters to the audit note of the try that reaches the limit.
        Ok(u32::try_from(count + 1).unwrap_or(u32::MAX))
    }
}
