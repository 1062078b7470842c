//! The audit log's storage: appends chained one at a time, reads for paging and verifying.

use sqlx::any::AnyRow;
use sqlx::{Row, Transaction};
use time::OffsetDateTime;

use super::{Store, ms, optional_uuid, time, uuid};
use crate::audit::{Actor, Entry, Event, Filter};
use crate::error::Error;

macro_rules! audit_columns {
    () => {
        "seq, id, at, actor_kind, actor_id, actor_name, subject_id, action, reason, details, client_ip, user_agent, prev_hash, hash"
    };
}

impl Store {
    /// Appends `events` as the next entries of the chain, in one transaction. The head row is
    /// updated first (its position moved past the batch), which locks it (PostgreSQL row lock,
    /// SQLite write lock) until commit: concurrent appends, from any replica, queue there and each
    /// batch links to the entry before it.
    pub async fn append_audit(&self, events: &[&Event], at: OffsetDateTime) -> Result<Vec<Entry>, Error> {
        let mut tx = self.pool.begin().await?;
        let count = i64::try_from(events.len()).map_err(|_| Error::Internal("audit batch too large".into()))?;
        let head = sqlx::query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
            .bind(count)
            .fetch_one(&mut *tx)
            .await?;
        let last: i64 = head.try_get("seq")?;
        let mut prev_hash: String = head.try_get("hash")?;
        let mut entries = Vec::with_capacity(events.len());
        for (seq, event) in (last - count + 1..).zip(events) {
            let entry = Entry::chained(event, seq, &prev_hash, at);
            insert_entry(&mut tx, &entry).await?;
            prev_hash = entry.hash.clone();
            entries.push(entry);
        }
        sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
            .bind(&prev_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(entries)
    }

    /// Entries matching `filter`, newest first.
    pub async fn audit_entries(&self, filter: &Filter) -> Result<Vec<Entry>, Error> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            audit_columns!(),
            " FROM audit_log",
            " WHERE (CAST($1 AS TEXT) IS NULL OR subject_id = $1)",
            " AND (CAST($2 AS TEXT) IS NULL OR actor_id = $2)",
            " AND (CAST($3 AS TEXT) IS NULL OR action = $3)",
            " AND (CAST($4 AS BIGINT) IS NULL OR at >= $4)",
            " AND (CAST($5 AS BIGINT) IS NULL OR at < $5)",
            " AND (CAST($6 AS BIGINT) IS NULL OR seq < $6)",
            " ORDER BY seq DESC LIMIT $7"
        ))
        .bind(filter.subject_id.map(|s| s.to_string()))
        .bind(&filter.actor_id)
        .bind(&filter.action)
        .bind(filter.since.map(ms))
        .bind(filter.until.map(ms))
        .bind(filter.before_seq)
        .bind(i64::from(filter.limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// Up to `limit` entries from position `from` on, in chain order.
    pub async fn audit_chain(&self, from: i64, limit: u32) -> Result<Vec<Entry>, Error> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            audit_columns!(),
            " FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2"
        ))
        .bind(from)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// The chain's head: the last position and its hash.
    pub async fn audit_head(&self) -> Result<(i64, String), Error> {
        let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok((row.try_get("seq")?, row.try_get("hash")?))
    }
}

async fn insert_entry(tx: &mut Transaction<'_, sqlx::Any>, entry: &Entry) -> Result<(), Error> {
    let (actor_kind, actor_id, actor_name) = entry.actor_columns();
    sqlx::query(concat!(
        "INSERT INTO audit_log (",
        audit_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
    ))
    .bind(entry.seq)
    .bind(entry.id.to_string())
    .bind(ms(entry.at))
    .bind(actor_kind)
    .bind(actor_id)
    .bind(actor_name)
    .bind(entry.subject_id.map(|s| s.to_string()))
    .bind(&entry.action)
    .bind(&entry.reason)
    .bind(&entry.details)
    .bind(&entry.client_ip)
    .bind(&entry.user_agent)
    .bind(&entry.prev_hash)
    .bind(&entry.hash)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn entry_from_row(row: &AnyRow) -> Result<Entry, Error> {
    let kind: String = row.try_get("actor_kind")?;
    let actor_id: Option<String> = row.try_get("actor_id")?;
    let actor_name: Option<String> = row.try_get("actor_name")?;
    Ok(Entry {
        seq: row.try_get("seq")?,
        id: uuid(row, "id")?,
        at: time(row, "at")?,
        actor: Actor::from_columns(&kind, actor_id.as_deref(), actor_name.as_deref())?,
        subject_id: optional_uuid(row, "subject_id")?,
        action: row.try_get("action")?,
        reason: row.try_get("reason")?,
        details: row.try_get("details")?,
        client_ip: row.try_get("client_ip")?,
        user_agent: row.try_get("user_agent")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}
