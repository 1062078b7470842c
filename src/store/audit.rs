//! The audit log's storage: appends chained and signed one batch at a time, reads for paging and
//! verifying.

use sqlx::any::AnyRow;
use sqlx::{Row, Transaction};
use time::OffsetDateTime;

use super::{Store, ms, optional_uuid, time, uuid};
use crate::audit::{Actor, Entry, Event, Filter, Head};
use crate::error::Error;
use crate::keys::{AuditKeys, Signature};

macro_rules! audit_columns {
    () => {
        "seq, id, at, actor_kind, actor_id, actor_name, subject_id, action, reason, details, client_ip, user_agent, prev_hash, hash, key_id, mac"
    };
}

impl Store {
    /// Appends `events` as the next entries of the chain, in one transaction. The head row is
    /// updated first (its position moved past the batch), which locks it (PostgreSQL row lock,
    /// SQLite write lock) until commit: concurrent appends, from any replica, queue there and each
    /// batch links to the entry before it. Entries and the head are signed with `keys`.
    pub async fn append_audit(
        &self,
        events: &[&Event],
        at: OffsetDateTime,
        keys: &AuditKeys,
        subscriptions: &[super::Subscription],
    ) -> Result<Vec<Entry>, Error> {
        let mut tx = self.transaction(None).await?;
        let count = i64::try_from(events.len()).map_err(|_| Error::Internal("audit batch too large".into()))?;
        let head = sqlx::query("UPDATE audit_head SET seq = seq + $1 WHERE id = 1 RETURNING seq, hash")
            .bind(count)
            .fetch_one(&mut *tx)
            .await?;
        let last: i64 = head.try_get("seq")?;
        let mut prev_hash: String = head.try_get("hash")?;
        let mut entries = Vec::with_capacity(events.len());
        for (seq, event) in (last - count + 1..).zip(events) {
            let entry = Entry::chained(event, seq, &prev_hash, at, keys)?;
            insert_entry(&mut tx, &entry).await?;
            prev_hash = entry.hash.clone();
            entries.push(entry);
        }
        set_head(&mut tx, &Head::signed(last, prev_hash, keys)?).await?;
        super::webhooks::queue_webhooks(&mut tx, &entries, subscriptions).await?;
        tx.commit().await?;
        Ok(entries)
    }

    /// Adds signatures to entries written unsigned, and signs the head, in one transaction.
    pub async fn sign_audit_entries(&self, signatures: &[(i64, Signature)], head: &Head) -> Result<(), Error> {
        let mut tx = self.transaction(None).await?;
        for (seq, signature) in signatures {
            sqlx::query("UPDATE audit_log SET key_id = $1, mac = $2 WHERE seq = $3 AND mac IS NULL")
                .bind(&signature.key_id)
                .bind(&signature.mac)
                .bind(seq)
                .execute(&mut *tx)
                .await?;
        }
        set_head(&mut tx, head).await?;
        tx.commit().await?;
        Ok(())
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
        .fetch_all(&mut *self.connection().await?)
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
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// The chain's head: the last position, its hash and the head's signature.
    pub async fn audit_head(&self) -> Result<Head, Error> {
        let row = sqlx::query("SELECT seq, hash, key_id, mac FROM audit_head WHERE id = 1")
            .fetch_one(&mut *self.connection().await?)
            .await?;
        Ok(Head {
            seq: row.try_get("seq")?,
            hash: row.try_get("hash")?,
            signature: signature(&row)?,
        })
    }
}

async fn set_head(tx: &mut Transaction<'_, sqlx::Any>, head: &Head) -> Result<(), Error> {
    let signature = head.signature.as_ref();
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2, key_id = $3, mac = $4 WHERE id = 1")
        .bind(head.seq)
        .bind(&head.hash)
        .bind(signature.map(|s| s.key_id.as_str()))
        .bind(signature.map(|s| s.mac.as_str()))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn signature(row: &AnyRow) -> Result<Option<Signature>, Error> {
    let key_id: Option<String> = row.try_get("key_id")?;
    let mac: Option<String> = row.try_get("mac")?;
    Ok(key_id.zip(mac).map(|(key_id, mac)| Signature { key_id, mac }))
}

async fn insert_entry(tx: &mut Transaction<'_, sqlx::Any>, entry: &Entry) -> Result<(), Error> {
    let (actor_kind, actor_id, actor_name) = entry.actor_columns();
    sqlx::query(concat!(
        "INSERT INTO audit_log (",
        audit_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
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
    .bind(entry.signature.as_ref().map(|s| s.key_id.as_str()))
    .bind(entry.signature.as_ref().map(|s| s.mac.as_str()))
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
        signature: signature(row)?,
    })
}
