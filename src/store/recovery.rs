//! Admin-issued recovery links. Every state change is one conditional UPDATE, so a link is used,
//! approved or cancelled once, whatever races it.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use super::{Store, millis, ms, optional_time, optional_uuid, time, uuid};
use crate::domain::{RecoveryLink, RecoveryStatus};
use crate::error::Error;
use crate::secret::TokenHash;

macro_rules! recovery_columns {
    () => {
        "id, identity_id, status, requested_by, approved_by, reason, reason_text, verification, verification_text, lifespan, created_at, issued_at, usable_from, expires_at, ended_at"
    };
}

/// The hashes of a link's two secrets.
pub struct LinkHashes {
    pub token: TokenHash,
    pub cancel: TokenHash,
}

impl Store {
    /// Records a new request: issued at once (with its hashes) or pending approval (without).
    pub async fn insert_recovery_link(&self, link: &RecoveryLink, hashes: Option<&LinkHashes>) -> Result<(), Error> {
        sqlx::query(concat!(
            "INSERT INTO recovery_links (",
            recovery_columns!(),
            ", token_hash, cancel_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
        ))
        .bind(link.id.to_string())
        .bind(link.identity_id.to_string())
        .bind(link.status.as_str())
        .bind(link.requested_by.to_string())
        .bind(link.approved_by.map(|id| id.to_string()))
        .bind(&link.reason)
        .bind(&link.reason_text)
        .bind(&link.verification)
        .bind(&link.verification_text)
        .bind(millis(link.lifespan))
        .bind(ms(link.created_at))
        .bind(link.issued_at.map(ms))
        .bind(link.usable_from.map(ms))
        .bind(link.expires_at.map(ms))
        .bind(link.ended_at.map(ms))
        .bind(hashes.map(|h| h.token.0.to_vec()))
        .bind(hashes.map(|h| h.cancel.0.to_vec()))
        .execute(&mut *self.connection().await?)
        .await?;
        Ok(())
    }

    /// Approves a pending request: the link exists from now on. `None` when it was not pending.
    pub async fn approve_recovery_link(
        &self,
        id: Uuid,
        approved_by: Uuid,
        hashes: &LinkHashes,
        now: OffsetDateTime,
        cooling_off: Duration,
    ) -> Result<Option<RecoveryLink>, Error> {
        let row = sqlx::query(concat!(
            "UPDATE recovery_links SET status = 'issued', approved_by = $1, token_hash = $2, cancel_hash = $3,",
            " issued_at = $4, usable_from = $5, expires_at = $4 + lifespan",
            " WHERE id = $6 AND status = 'pending_approval' RETURNING ",
            recovery_columns!()
        ))
        .bind(approved_by.to_string())
        .bind(hashes.token.0.to_vec())
        .bind(hashes.cancel.0.to_vec())
        .bind(ms(now))
        .bind(ms(now + cooling_off))
        .bind(id.to_string())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(link_from_row).transpose()
    }

    pub async fn recovery_link(&self, id: Uuid) -> Result<Option<RecoveryLink>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            recovery_columns!(),
            " FROM recovery_links WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(link_from_row).transpose()
    }

    /// The link a token names, whatever its state (to say why it does not work).
    pub async fn recovery_link_by_token(&self, token: &TokenHash) -> Result<Option<RecoveryLink>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            recovery_columns!(),
            " FROM recovery_links WHERE token_hash = $1"
        ))
        .bind(token.0.to_vec())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(link_from_row).transpose()
    }

    /// An identity's links, newest first.
    pub async fn recovery_links_of(&self, identity_id: Uuid) -> Result<Vec<RecoveryLink>, Error> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            recovery_columns!(),
            " FROM recovery_links WHERE identity_id = $1 ORDER BY created_at DESC, id"
        ))
        .bind(identity_id.to_string())
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(link_from_row).collect()
    }

    /// Requests waiting for approval, oldest first.
    pub async fn pending_recovery_links(&self) -> Result<Vec<RecoveryLink>, Error> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            recovery_columns!(),
            " FROM recovery_links WHERE status = 'pending_approval' ORDER BY created_at, id"
        ))
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(link_from_row).collect()
    }

    /// Uses the link a token names, once: it must be issued, past its cooling-off and unexpired.
    pub async fn use_recovery_link(
        &self,
        token: &TokenHash,
        now: OffsetDateTime,
    ) -> Result<Option<RecoveryLink>, Error> {
        let row = sqlx::query(concat!(
            "UPDATE recovery_links SET status = 'used', ended_at = $1",
            " WHERE token_hash = $2 AND status = 'issued' AND usable_from <= $1 AND expires_at > $1 RETURNING ",
            recovery_columns!()
        ))
        .bind(ms(now))
        .bind(token.0.to_vec())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(link_from_row).transpose()
    }

    /// Cancels the unused link a cancel token names. `None` when it is not (or no longer) issued.
    pub async fn cancel_recovery_link(
        &self,
        cancel: &TokenHash,
        now: OffsetDateTime,
    ) -> Result<Option<RecoveryLink>, Error> {
        let row = sqlx::query(concat!(
            "UPDATE recovery_links SET status = 'cancelled', ended_at = $1",
            " WHERE cancel_hash = $2 AND status = 'issued' RETURNING ",
            recovery_columns!()
        ))
        .bind(ms(now))
        .bind(cancel.0.to_vec())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(link_from_row).transpose()
    }

    /// Marks issued links past their expiry, and requests left unapproved for `approval_window`,
    /// as expired; returns them.
    pub async fn expire_recovery_links(
        &self,
        now: OffsetDateTime,
        approval_window: Duration,
    ) -> Result<Vec<RecoveryLink>, Error> {
        let rows = sqlx::query(concat!(
            "UPDATE recovery_links SET status = 'expired', ended_at = $1",
            " WHERE (status = 'issued' AND expires_at <= $1)",
            " OR (status = 'pending_approval' AND created_at <= $2) RETURNING ",
            recovery_columns!()
        ))
        .bind(ms(now))
        .bind(ms(now - approval_window))
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(link_from_row).collect()
    }
    /// Cancels every open link (issued and unused, or waiting for approval) of an identity but
    /// `except`; returns them. A completed recovery, or a newer link, leaves no other way in open.
    pub async fn cancel_open_links(
        &self,
        identity_id: Uuid,
        except: Option<Uuid>,
        now: OffsetDateTime,
    ) -> Result<Vec<RecoveryLink>, Error> {
        let rows = sqlx::query(concat!(
            "UPDATE recovery_links SET status = 'cancelled', ended_at = $1",
            " WHERE identity_id = $2 AND status IN ('issued', 'pending_approval')",
            " AND (CAST($3 AS TEXT) IS NULL OR id <> $3) RETURNING ",
            recovery_columns!()
        ))
        .bind(ms(now))
        .bind(identity_id.to_string())
        .bind(except.map(|id| id.to_string()))
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(link_from_row).collect()
    }

    /// Ends the requests a revoked key made that still wait for approval; returns them.
    pub async fn cancel_requests_of(&self, key_id: Uuid, now: OffsetDateTime) -> Result<Vec<RecoveryLink>, Error> {
        let rows = sqlx::query(concat!(
            "UPDATE recovery_links SET status = 'cancelled', ended_at = $1",
            " WHERE requested_by = $2 AND status = 'pending_approval' RETURNING ",
            recovery_columns!()
        ))
        .bind(ms(now))
        .bind(key_id.to_string())
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(link_from_row).collect()
    }
}

fn link_from_row(row: &AnyRow) -> Result<RecoveryLink, Error> {
    let status: String = row.try_get("status")?;
    Ok(RecoveryLink {
        id: uuid(row, "id")?,
        identity_id: uuid(row, "identity_id")?,
        status: RecoveryStatus::parse(&status)
            .ok_or_else(|| Error::Internal(format!("unknown recovery status {status}")))?,
        requested_by: uuid(row, "requested_by")?,
        approved_by: optional_uuid(row, "approved_by")?,
        reason: row.try_get("reason")?,
        reason_text: row.try_get("reason_text")?,
        verification: row.try_get("verification")?,
        verification_text: row.try_get("verification_text")?,
        lifespan: Duration::milliseconds(row.try_get("lifespan")?),
        created_at: time(row, "created_at")?,
        issued_at: optional_time(row, "issued_at")?,
        usable_from: optional_time(row, "usable_from")?,
        expires_at: optional_time(row, "expires_at")?,
        ended_at: optional_time(row, "ended_at")?,
    })
}
