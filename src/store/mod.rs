//! The store: every identity, credential, ceremony flow and session lives here, never only in one
//! process's memory, so several replicas on one PostgreSQL serve one user.
//!
//! Both backends run the same SQL through sqlx's `Any` driver: placeholders are written `$1..$n`
//! (PostgreSQL's form, which sqlx's SQLite driver also binds by number), times are Unix
//! milliseconds in integer columns, flags are 0/1 integers and ids are text. One set of queries
//! means the conformance suite exercises exactly what each backend runs. What differs per backend
//! (connection set-up, pragmas, migrations) lives in [`sqlite`] and [`postgres`].
//!
//! The methods are shaped by what the domain needs ("take a flow", "record a passkey use"), not
//! generic CRUD, and every single-use read is an atomic `DELETE ... RETURNING`.

mod postgres;
mod sqlite;

pub use postgres::RevocationListener;

use sqlx::any::AnyRow;
use sqlx::{Row, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::{
    Aal, Address, DeviceKind, EmailGrant, Flow, FlowClient, FlowKind, GrantPurpose, Identity, IdentityState,
    OutgoingMessage, PasskeyCredential, Session, Tier,
};
use crate::error::Error;
use crate::secret::TokenHash;

type AnyPool = sqlx::Pool<sqlx::Any>;

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Column lists shared by queries, as macros so each query stays one literal (sqlx refuses
/// dynamically built SQL).
macro_rules! identity_columns {
    () => {
        "id, schema_id, state, user_handle, email, tier, created_at, updated_at"
    };
}
macro_rules! grant_columns {
    () => {
        "id, purpose, client, csrf_hash, address, identity_id, code_hash, link_hash, attempts, return_to, created_at, expires_at"
    };
}
macro_rules! message_columns {
    () => {
        "id, recipient, template, subject, text_body, html_body, attempts, created_at, expires_at"
    };
}
macro_rules! passkey_columns {
    () => {
        "id, identity_id, credential_id, name, passkey, sign_count, backup_eligible, backup_state, aaguid, device_kind, cooldown_until, created_at, last_used_at"
    };
}

// After the column macros, which they use.
mod admin;
mod audit;
mod recovery;

pub use recovery::LinkHashes;

/// What a replica hears about sessions revoked elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revoked {
    /// The session this token hash names was revoked.
    Token(TokenHash),
    /// Notices may have been missed (the listening connection dropped): trust nothing cached.
    Unknown,
}

/// What became of a request to remove a passkey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyRemoval {
    Removed,
    /// The identity's only passkey: kept.
    LastOne,
    NotFound,
}

/// Handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    dsn: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("backend", &self.backend).finish()
    }
}

impl Store {
    /// Connects to `dsn` (`sqlite:` or `postgres://`) without migrating.
    pub async fn connect(dsn: &str) -> Result<Self, Error> {
        sqlx::any::install_default_drivers();
        let (pool, backend) = if dsn.starts_with("sqlite:") {
            (sqlite::connect(dsn).await?, Backend::Sqlite)
        } else {
            (postgres::connect(dsn).await?, Backend::Postgres)
        };
        Ok(Self {
            pool,
            backend,
            dsn: dsn.to_owned(),
        })
    }

    /// Applies pending migrations of this backend; safe to run at every start.
    pub async fn migrate(&self) -> Result<(), Error> {
        match self.backend {
            Backend::Sqlite => sqlite::migrate(&self.pool).await,
            Backend::Postgres => postgres::migrate(&self.pool).await,
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// True when the database answers; for `/health/ready`.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    // ---- identities -------------------------------------------------------------------------

    /// Creates an identity, its address and its first passkey in one transaction.
    pub async fn create_identity_with_passkey(
        &self,
        identity: &Identity,
        address: &Address,
        passkey: &PasskeyCredential,
    ) -> Result<(), Error> {
        let mut tx = self.pool.begin().await?;
        insert_identity(&mut tx, identity, address).await?;
        insert_passkey(&mut tx, passkey).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates an identity with its address and no credential yet (admin API): its first way in
    /// is an emailed code, after which it is offered a passkey.
    pub async fn create_identity(&self, identity: &Identity, address: &Address) -> Result<(), Error> {
        let mut tx = self.pool.begin().await?;
        insert_identity(&mut tx, identity, address).await?;
        tx.commit().await?;
        Ok(())
    }

    /// True when an account already holds this (normalised) address.
    pub async fn address_in_use(&self, value: &str) -> Result<bool, Error> {
        address_exists(&self.pool, value).await
    }

    pub async fn identity(&self, id: Uuid) -> Result<Option<Identity>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            identity_columns!(),
            " FROM identities WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(identity_from_row).transpose()
    }

    pub async fn identity_by_user_handle(&self, handle: Uuid) -> Result<Option<Identity>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            identity_columns!(),
            " FROM identities WHERE user_handle = $1"
        ))
        .bind(handle.to_string())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(identity_from_row).transpose()
    }

    pub async fn addresses(&self, identity_id: Uuid) -> Result<Vec<Address>, Error> {
        let rows = sqlx::query("SELECT id, identity_id, value, verified, verified_at, created_at, updated_at FROM addresses WHERE identity_id = $1 ORDER BY created_at")
            .bind(identity_id.to_string())
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(address_from_row).collect()
    }

    // ---- passkeys -----------------------------------------------------------------------------

    /// Adds a passkey to an existing identity. The credential id is unique across identities.
    pub async fn add_passkey(&self, passkey: &PasskeyCredential) -> Result<(), Error> {
        let mut tx = self.pool.begin().await?;
        insert_passkey(&mut tx, passkey).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Renames one of an identity's passkeys. Returns false when it has no such passkey.
    pub async fn rename_passkey(&self, identity_id: Uuid, id: Uuid, name: &str) -> Result<bool, Error> {
        let result = sqlx::query("UPDATE passkeys SET name = $1 WHERE id = $2 AND identity_id = $3")
            .bind(name)
            .bind(id.to_string())
            .bind(identity_id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Removes one of an identity's passkeys unless it is the last. The identity row is written
    /// first, inside the transaction, so two removals racing for the last two passkeys take turns
    /// (PostgreSQL row lock; SQLite's single writer) and the second sees one left.
    pub async fn remove_passkey(
        &self,
        identity_id: Uuid,
        id: Uuid,
        at: OffsetDateTime,
    ) -> Result<PasskeyRemoval, Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE identities SET updated_at = $1 WHERE id = $2")
            .bind(ms(at))
            .bind(identity_id.to_string())
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query("SELECT COUNT(*) AS n, SUM(CASE WHEN id = $2 THEN 1 ELSE 0 END) AS this FROM passkeys WHERE identity_id = $1")
            .bind(identity_id.to_string())
            .bind(id.to_string())
            .fetch_one(&mut *tx)
            .await?;
        let (count, this): (i64, Option<i64>) = (row.try_get("n")?, row.try_get("this")?);
        let outcome = match (count, this.unwrap_or(0)) {
            (_, 0) => PasskeyRemoval::NotFound,
            (1, _) => PasskeyRemoval::LastOne,
            _ => {
                sqlx::query("DELETE FROM passkeys WHERE id = $1 AND identity_id = $2")
                    .bind(id.to_string())
                    .bind(identity_id.to_string())
                    .execute(&mut *tx)
                    .await?;
                PasskeyRemoval::Removed
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    pub async fn passkeys(&self, identity_id: Uuid) -> Result<Vec<PasskeyCredential>, Error> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            passkey_columns!(),
            " FROM passkeys WHERE identity_id = $1 ORDER BY created_at, id"
        ))
        .bind(identity_id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(passkey_from_row).collect()
    }

    pub async fn passkey_by_credential_id(&self, credential_id: &[u8]) -> Result<Option<PasskeyCredential>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            passkey_columns!(),
            " FROM passkeys WHERE credential_id = $1"
        ))
        .bind(credential_id.to_vec())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(passkey_from_row).transpose()
    }

    /// Records a successful assertion: new counter, flags and last use. The counter only moves
    /// forward: the update applies when the stored counter is still below the new one (or both
    /// are zero, as synced passkeys report), so two racing assertions cannot roll it back.
    /// Returns false when the counter moved past this one meanwhile.
    pub async fn record_passkey_use(
        &self,
        passkey: &PasskeyCredential,
        used_at: OffsetDateTime,
    ) -> Result<bool, Error> {
        let result = sqlx::query(
            "UPDATE passkeys SET passkey = $1, sign_count = $2, backup_eligible = $3, backup_state = $4, last_used_at = $5 \
             WHERE id = $6 AND (sign_count < $2 OR (sign_count = 0 AND $2 = 0))",
        )
        .bind(serde_json::to_string(&passkey.passkey)?)
        .bind(i64::from(passkey.sign_count))
        .bind(i64::from(passkey.backup_eligible))
        .bind(i64::from(passkey.backup_state))
        .bind(ms(used_at))
        .bind(passkey.id.to_string())
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Records a refused assertion whose counter went backwards (a possible clone).
    pub async fn record_counter_regression(&self, credential_id: &[u8], at: OffsetDateTime) -> Result<(), Error> {
        sqlx::query("UPDATE passkeys SET counter_regressions = counter_regressions + 1, last_counter_regression_at = $1 WHERE credential_id = $2")
            .bind(ms(at))
            .bind(credential_id.to_vec())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// How many refused counter regressions a credential has seen.
    pub async fn counter_regressions(&self, credential_id: &[u8]) -> Result<i64, Error> {
        let row = sqlx::query("SELECT counter_regressions FROM passkeys WHERE credential_id = $1")
            .bind(credential_id.to_vec())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get::<i64, _>(0)).transpose()?.unwrap_or(0))
    }

    // ---- flows --------------------------------------------------------------------------------

    pub async fn insert_flow(&self, flow: &Flow) -> Result<(), Error> {
        sqlx::query("INSERT INTO flows (id, kind, client, ceremony_state, email, identity_id, user_handle, csrf_hash, created_at, expires_at, address_verified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
            .bind(flow.id.to_string())
            .bind(flow.kind.as_str())
            .bind(client_str(flow.client))
            .bind(&flow.ceremony_state)
            .bind(flow.email.clone())
            .bind(flow.identity_id.map(|id| id.to_string()))
            .bind(flow.user_handle.map(|id| id.to_string()))
            .bind(flow.csrf_hash.clone())
            .bind(ms(flow.created_at))
            .bind(ms(flow.expires_at))
            .bind(i64::from(flow.address_verified))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes the flow and returns it: whoever takes it first owns its challenge; a second take
    /// of the same flow (a replay, or a racing duplicate) finds nothing.
    pub async fn take_flow(&self, id: Uuid) -> Result<Option<Flow>, Error> {
        let row = sqlx::query("DELETE FROM flows WHERE id = $1 RETURNING id, kind, client, ceremony_state, email, identity_id, user_handle, csrf_hash, created_at, expires_at, address_verified")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(flow_from_row).transpose()
    }

    // ---- sessions -----------------------------------------------------------------------------

    pub async fn insert_session(&self, session: &Session, token: &TokenHash) -> Result<(), Error> {
        sqlx::query("INSERT INTO sessions (id, token_hash, identity_id, aal, methods, restricted, issued_at, authenticated_at, expires_at, last_active_at, idle_timeout, passkey_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
            .bind(session.id.to_string())
            .bind(token.0.to_vec())
            .bind(session.identity_id.to_string())
            .bind(session.aal.as_str())
            .bind(serde_json::to_string(&session.methods)?)
            .bind(i64::from(session.restricted))
            .bind(ms(session.issued_at))
            .bind(ms(session.authenticated_at))
            .bind(ms(session.expires_at))
            .bind(ms(session.last_active_at))
            .bind(session.idle_timeout.map(|d| i64::try_from(d.whole_milliseconds()).unwrap_or(i64::MAX)))
            .bind(session.passkey_id.map(|id| id.to_string()))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Records that a session was used at `at` (for its inactivity timeout).
    pub async fn touch_session(&self, id: Uuid, at: OffsetDateTime) -> Result<(), Error> {
        sqlx::query("UPDATE sessions SET last_active_at = $1 WHERE id = $2")
            .bind(ms(at))
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The unrevoked session a token hash names, expired or not (the caller decides with its clock).
    pub async fn session_by_token(&self, token: &TokenHash) -> Result<Option<Session>, Error> {
        let row = sqlx::query("SELECT id, token_hash, identity_id, aal, methods, restricted, issued_at, authenticated_at, expires_at, last_active_at, idle_timeout, passkey_id FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL")
            .bind(token.0.to_vec())
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        // The index found the row; compare the full hash in constant time anyway so no code path
        // ever decides on a secret with a short-circuiting comparison.
        let stored: Vec<u8> = row.try_get("token_hash")?;
        match TokenHash::from_slice(&stored) {
            Some(stored) if stored.matches(token) => session_from_row(&row).map(Some),
            _ => Ok(None),
        }
    }

    /// Revokes the session a token names and, on PostgreSQL, announces it to every replica.
    /// Returns whether one was active.
    pub async fn revoke_session(&self, token: &TokenHash, at: OffsetDateTime) -> Result<bool, Error> {
        let result = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
            .bind(ms(at))
            .bind(token.0.to_vec())
            .execute(&self.pool)
            .await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(postgres::REVOCATION_CHANNEL)
                .bind(postgres::to_hex(token))
                .execute(&self.pool)
                .await?;
        }
        Ok(result.rows_affected() == 1)
    }

    /// Revokes every live session of an identity but `except`; returns their token hashes (for
    /// cache eviction) after announcing them to other replicas.
    pub async fn revoke_identity_sessions(
        &self,
        identity_id: Uuid,
        except: Option<Uuid>,
        at: OffsetDateTime,
    ) -> Result<Vec<TokenHash>, Error> {
        let rows = sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE identity_id = $2 AND revoked_at IS NULL AND (CAST($3 AS TEXT) IS NULL OR id <> $3) RETURNING token_hash",
        )
        .bind(ms(at))
        .bind(identity_id.to_string())
        .bind(except.map(|id| id.to_string()))
        .fetch_all(&self.pool)
        .await?;
        self.announce_revoked(&rows).await
    }

    /// Revokes every live session a passkey made; returns their token hashes after announcing
    /// them.
    pub async fn revoke_passkey_sessions(&self, passkey_id: Uuid, at: OffsetDateTime) -> Result<Vec<TokenHash>, Error> {
        let rows = sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE passkey_id = $2 AND revoked_at IS NULL RETURNING token_hash",
        )
        .bind(ms(at))
        .bind(passkey_id.to_string())
        .fetch_all(&self.pool)
        .await?;
        self.announce_revoked(&rows).await
    }

    async fn announce_revoked(&self, rows: &[AnyRow]) -> Result<Vec<TokenHash>, Error> {
        let mut hashes = Vec::with_capacity(rows.len());
        for row in rows {
            let bytes: Vec<u8> = row.try_get("token_hash")?;
            let hash = TokenHash::from_slice(&bytes)
                .ok_or_else(|| Error::Internal("stored token hash is not 32 bytes".into()))?;
            if self.backend == Backend::Postgres {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(postgres::REVOCATION_CHANNEL)
                    .bind(postgres::to_hex(&hash))
                    .execute(&self.pool)
                    .await?;
            }
            hashes.push(hash);
        }
        Ok(hashes)
    }

    /// Marks a passkey guarded: its cooldown, and the hash of its "This wasn't me" token.
    pub async fn guard_passkey(
        &self,
        id: Uuid,
        cooldown_until: Option<OffsetDateTime>,
        disown: &TokenHash,
    ) -> Result<(), Error> {
        sqlx::query("UPDATE passkeys SET cooldown_until = $1, disown_hash = $2 WHERE id = $3")
            .bind(cooldown_until.map(ms))
            .bind(disown.0.to_vec())
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes the passkey a "This wasn't me" token names (whatever else the identity has: it was
    /// not theirs). Once: the row is gone.
    pub async fn disown_passkey(&self, disown: &TokenHash) -> Result<Option<PasskeyCredential>, Error> {
        let row = sqlx::query(concat!(
            "DELETE FROM passkeys WHERE disown_hash = $1 RETURNING ",
            passkey_columns!()
        ))
        .bind(disown.0.to_vec())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(passkey_from_row).transpose()
    }

    /// Ends the cooldown of every passkey of an identity (an older passkey or a backup code
    /// confirmed them). Returns how many were waiting.
    pub async fn confirm_passkeys(&self, identity_id: Uuid) -> Result<u64, Error> {
        let result = sqlx::query(
            "UPDATE passkeys SET cooldown_until = NULL WHERE identity_id = $1 AND cooldown_until IS NOT NULL",
        )
        .bind(identity_id.to_string())
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected())
    }

    /// A listener for session revocations announced by other replicas; `None` on SQLite, which
    /// has no other replicas to hear from.
    pub async fn revocation_listener(&self) -> Result<Option<RevocationListener>, Error> {
        match self.backend {
            Backend::Sqlite => Ok(None),
            Backend::Postgres => RevocationListener::connect(&self.dsn).await.map(Some),
        }
    }

    /// Deletes flows and sessions that can never be used again. Returns rows removed.
    pub async fn delete_expired(&self, now: OffsetDateTime) -> Result<u64, Error> {
        let mut removed = 0;
        for table in ["flows", "sessions", "email_grants"] {
            // The table names are literals of this loop.
            let sql = format!("DELETE FROM {table} WHERE expires_at < $1");
            let result = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(ms(now))
                .execute(&self.pool)
                .await?;
            removed += result.rows_affected();
        }
        // Send counters only matter inside the longest rate-limit window (at most a day).
        let events = sqlx::query("DELETE FROM rate_events WHERE at < $1")
            .bind(ms(now - time::Duration::days(1)))
            .execute(&self.pool)
            .await?;
        // Delivered or abandoned messages (bodies already erased) stay a week as a delivery log.
        let messages = sqlx::query("DELETE FROM courier_messages WHERE status <> 'queued' AND created_at < $1")
            .bind(ms(now - time::Duration::days(7)))
            .execute(&self.pool)
            .await?;
        Ok(removed + events.rows_affected() + messages.rows_affected())
    }

    // ---- addresses ------------------------------------------------------------------------------

    /// The address row holding this (normalised) value, verified or not.
    pub async fn address_by_value(&self, value: &str) -> Result<Option<Address>, Error> {
        let row = sqlx::query("SELECT id, identity_id, value, verified, verified_at, created_at, updated_at FROM addresses WHERE value = $1")
            .bind(value)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(address_from_row).transpose()
    }

    /// Marks an identity's address verified. Returns false when the identity holds no such address.
    pub async fn mark_address_verified(
        &self,
        identity_id: Uuid,
        value: &str,
        at: OffsetDateTime,
    ) -> Result<bool, Error> {
        let result = sqlx::query("UPDATE addresses SET verified = 1, verified_at = COALESCE(verified_at, $1), updated_at = $1 WHERE identity_id = $2 AND value = $3")
            .bind(ms(at))
            .bind(identity_id.to_string())
            .bind(value)
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    // ---- email grants ---------------------------------------------------------------------------

    /// Stores a grant together with the message that carries it, in one transaction: the message
    /// is in the outbox exactly when the grant exists. `replaces` (a grant of the same flow asked
    /// for again) is deleted in the same transaction.
    pub async fn insert_grant_with_message(
        &self,
        grant: &EmailGrant,
        replaces: Option<Uuid>,
        message: &OutgoingMessage,
    ) -> Result<(), Error> {
        let mut tx = self.pool.begin().await?;
        if let Some(old) = replaces {
            sqlx::query("DELETE FROM email_grants WHERE id = $1 AND purpose = $2")
                .bind(old.to_string())
                .bind(grant.purpose.as_str())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(concat!(
            "INSERT INTO email_grants (",
            grant_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        ))
        .bind(grant.id.to_string())
        .bind(grant.purpose.as_str())
        .bind(client_str(grant.client))
        .bind(grant.csrf_hash.clone())
        .bind(&grant.address)
        .bind(grant.identity_id.map(|id| id.to_string()))
        .bind(&grant.code_hash)
        .bind(grant.link_hash.clone())
        .bind(i64::from(grant.attempts))
        .bind(grant.return_to.clone())
        .bind(ms(grant.created_at))
        .bind(ms(grant.expires_at))
        .execute(&mut *tx)
        .await?;
        insert_message(&mut tx, message).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Counts one code entry against the grant and returns it, or `None` when the grant is gone
    /// or has no entries left. The count is taken before the code is checked, atomically, so
    /// parallel guesses cannot exceed `max_attempts` between them.
    pub async fn reserve_code_attempt(&self, id: Uuid, max_attempts: u32) -> Result<Option<EmailGrant>, Error> {
        let row = sqlx::query(concat!(
            "UPDATE email_grants SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2 RETURNING ",
            grant_columns!()
        ))
        .bind(id.to_string())
        .bind(i64::from(max_attempts))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(grant_from_row).transpose()
    }

    /// Deletes a grant; true for the one caller that deleted it (single use under concurrency).
    pub async fn consume_grant(&self, id: Uuid) -> Result<bool, Error> {
        let result = sqlx::query("DELETE FROM email_grants WHERE id = $1")
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Takes (deletes and returns) the grant a link token names.
    pub async fn take_grant_by_link(
        &self,
        link_hash: &TokenHash,
        purpose: GrantPurpose,
    ) -> Result<Option<EmailGrant>, Error> {
        let row = sqlx::query(concat!(
            "DELETE FROM email_grants WHERE link_hash = $1 AND purpose = $2 RETURNING ",
            grant_columns!()
        ))
        .bind(link_hash.0.to_vec())
        .bind(purpose.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(grant_from_row).transpose()
    }

    // ---- backup codes ---------------------------------------------------------------------------

    /// Replaces an identity's whole set of backup codes, in one transaction: the old set stops
    /// working the moment the new one exists. `codes` are `(slot, Argon2id PHC)` pairs.
    pub async fn replace_backup_codes(
        &self,
        identity_id: Uuid,
        codes: &[(String, String)],
        at: OffsetDateTime,
    ) -> Result<(), Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM backup_codes WHERE identity_id = $1")
            .bind(identity_id.to_string())
            .execute(&mut *tx)
            .await?;
        for (slot, code_hash) in codes {
            sqlx::query(
                "INSERT INTO backup_codes (id, identity_id, slot, code_hash, created_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(Uuid::new_v4().to_string())
            .bind(identity_id.to_string())
            .bind(slot)
            .bind(code_hash)
            .bind(ms(at))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The unused backup code of an identity in `slot`: `(row id, PHC string)`.
    pub async fn unused_backup_code(&self, identity_id: Uuid, slot: &str) -> Result<Option<(Uuid, String)>, Error> {
        let row = sqlx::query(
            "SELECT id, code_hash FROM backup_codes WHERE identity_id = $1 AND slot = $2 AND used_at IS NULL",
        )
        .bind(identity_id.to_string())
        .bind(slot)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((uuid(&r, "id")?, r.try_get("code_hash")?))).transpose()
    }

    /// Marks a backup code used; true for the one caller that did (single use under concurrency).
    pub async fn consume_backup_code(&self, id: Uuid, at: OffsetDateTime) -> Result<bool, Error> {
        let result = sqlx::query("UPDATE backup_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(ms(at))
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    /// How many unused backup codes an identity has, and when its set was made (`None`: no set).
    pub async fn backup_codes_status(&self, identity_id: Uuid) -> Result<(i64, Option<OffsetDateTime>), Error> {
        let row = sqlx::query("SELECT COUNT(*) - COUNT(used_at) AS remaining, MIN(created_at) AS created_at FROM backup_codes WHERE identity_id = $1")
            .bind(identity_id.to_string())
            .fetch_one(&self.pool)
            .await?;
        Ok((row.try_get("remaining")?, optional_time(&row, "created_at")?))
    }

    // ---- outbox -------------------------------------------------------------------------------

    /// Queues a message that goes with no grant (a notice).
    pub async fn queue_message(&self, message: &OutgoingMessage) -> Result<(), Error> {
        let mut tx = self.pool.begin().await?;
        insert_message(&mut tx, message).await?;
        tx.commit().await?;
        Ok(())
    }

    // ---- rate limits ----------------------------------------------------------------------------

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

    // ---- courier --------------------------------------------------------------------------------

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
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(message_from_row).transpose()
    }

    /// Records a clean delivery and erases subject and body (they may hold a code).
    pub async fn mark_message_sent(&self, id: Uuid, at: OffsetDateTime) -> Result<(), Error> {
        sqlx::query("UPDATE courier_messages SET status = 'sent', sent_at = $1, claimed_until = NULL, subject = '', text_body = '', html_body = '', last_error = NULL WHERE id = $2")
            .bind(ms(at))
            .bind(id.to_string())
            .execute(&self.pool)
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
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Gives up on queued messages past their expiry (their code is dead) and erases their bodies.
    pub async fn abandon_expired_messages(&self, now: OffsetDateTime) -> Result<u64, Error> {
        let result = sqlx::query("UPDATE courier_messages SET status = 'abandoned', subject = '', text_body = '', html_body = '', claimed_until = NULL WHERE status = 'queued' AND expires_at <= $1")
            .bind(ms(now))
            .execute(&self.pool)
            .await?;
        Ok(result.rows_affected())
    }

    /// Raw rows of a table, for tests that check what is (and is not) stored at rest.
    pub async fn dump_table(&self, table: &str) -> Result<Vec<String>, Error> {
        let allowed = [
            "identities",
            "addresses",
            "passkeys",
            "flows",
            "sessions",
            "email_grants",
            "courier_messages",
            "rate_events",
            "backup_codes",
            "admin_keys",
            "recovery_links",
            "audit_log",
        ];
        if !allowed.contains(&table) {
            return Err(Error::NotFound);
        }
        let rows = // The table name was checked against the allow-list above.
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table}"))).fetch_all(&self.pool).await?;
        Ok(rows.iter().map(row_to_text).collect())
    }
}

async fn address_exists<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    value: &str,
) -> Result<bool, Error> {
    let row = sqlx::query("SELECT 1 FROM addresses WHERE value = $1")
        .bind(value)
        .fetch_optional(executor)
        .await?;
    Ok(row.is_some())
}

async fn insert_identity(
    tx: &mut Transaction<'_, sqlx::Any>,
    identity: &Identity,
    address: &Address,
) -> Result<(), Error> {
    if address_exists(&mut **tx, &address.value).await? {
        return Err(Error::IdentityExists);
    }
    sqlx::query(concat!(
        "INSERT INTO identities (",
        identity_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    ))
    .bind(identity.id.to_string())
    .bind(&identity.schema_id)
    .bind(identity.state.as_str())
    .bind(identity.user_handle.to_string())
    .bind(&identity.email)
    .bind(identity.tier.as_str())
    .bind(ms(identity.created_at))
    .bind(ms(identity.updated_at))
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO addresses (id, identity_id, via, value, verified, verified_at, created_at, updated_at) VALUES ($1, $2, 'email', $3, $4, $5, $6, $7)")
        .bind(address.id.to_string())
        .bind(address.identity_id.to_string())
        .bind(&address.value)
        .bind(i64::from(address.verified))
        .bind(address.verified_at.map(ms))
        .bind(ms(address.created_at))
        .bind(ms(address.updated_at))
        .execute(&mut **tx)
        .await
        .map_err(|e| unique_violation_as(e, Error::IdentityExists))?;
    Ok(())
}

async fn insert_passkey(tx: &mut Transaction<'_, sqlx::Any>, passkey: &PasskeyCredential) -> Result<(), Error> {
    let taken = sqlx::query("SELECT 1 FROM passkeys WHERE credential_id = $1")
        .bind(passkey.credential_id.clone())
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(Error::PasskeyAlreadyRegistered);
    }
    sqlx::query(concat!(
        "INSERT INTO passkeys (",
        passkey_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    ))
    .bind(passkey.id.to_string())
    .bind(passkey.identity_id.to_string())
    .bind(passkey.credential_id.clone())
    .bind(&passkey.name)
    .bind(serde_json::to_string(&passkey.passkey)?)
    .bind(i64::from(passkey.sign_count))
    .bind(i64::from(passkey.backup_eligible))
    .bind(i64::from(passkey.backup_state))
    .bind(passkey.aaguid.map(|a| a.to_string()))
    .bind(passkey.device_kind.as_str())
    .bind(passkey.cooldown_until.map(ms))
    .bind(ms(passkey.created_at))
    .bind(passkey.last_used_at.map(ms))
    .execute(&mut **tx)
    .await
    .map_err(|e| unique_violation_as(e, Error::PasskeyAlreadyRegistered))?;
    Ok(())
}

async fn insert_message(tx: &mut Transaction<'_, sqlx::Any>, message: &OutgoingMessage) -> Result<(), Error> {
    sqlx::query("INSERT INTO courier_messages (id, recipient, template, subject, text_body, html_body, status, attempts, next_attempt_at, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'queued', 0, $7, $8, $7)")
        .bind(message.id.to_string())
        .bind(&message.recipient)
        .bind(&message.template)
        .bind(&message.subject)
        .bind(&message.text_body)
        .bind(&message.html_body)
        .bind(ms(message.created_at))
        .bind(ms(message.expires_at))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A unique-constraint race lost to a concurrent insert reads as the domain conflict it is.
fn unique_violation_as(e: sqlx::Error, conflict: Error) -> Error {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => conflict,
        _ => e.into(),
    }
}

fn ms(t: OffsetDateTime) -> i64 {
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

fn from_ms(value: i64) -> Result<OffsetDateTime, Error> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(value) * 1_000_000)
        .map_err(|e| Error::Internal(format!("stored time out of range: {e}")))
}

fn uuid(row: &AnyRow, column: &str) -> Result<Uuid, Error> {
    let text: String = row.try_get(column)?;
    Uuid::parse_str(&text).map_err(|e| Error::Internal(format!("stored {column} is not a uuid: {e}")))
}

fn optional_uuid(row: &AnyRow, column: &str) -> Result<Option<Uuid>, Error> {
    let text: Option<String> = row.try_get(column)?;
    text.map(|t| Uuid::parse_str(&t).map_err(|e| Error::Internal(format!("stored {column} is not a uuid: {e}"))))
        .transpose()
}

fn time(row: &AnyRow, column: &str) -> Result<OffsetDateTime, Error> {
    from_ms(row.try_get(column)?)
}

fn optional_time(row: &AnyRow, column: &str) -> Result<Option<OffsetDateTime>, Error> {
    row.try_get::<Option<i64>, _>(column)?.map(from_ms).transpose()
}

fn flag(row: &AnyRow, column: &str) -> Result<bool, Error> {
    Ok(row.try_get::<i64, _>(column)? != 0)
}

fn identity_from_row(row: &AnyRow) -> Result<Identity, Error> {
    let state: String = row.try_get("state")?;
    let tier: String = row.try_get("tier")?;
    Ok(Identity {
        id: uuid(row, "id")?,
        schema_id: row.try_get("schema_id")?,
        state: IdentityState::parse(&state)
            .ok_or_else(|| Error::Internal(format!("unknown identity state {state}")))?,
        user_handle: uuid(row, "user_handle")?,
        email: row.try_get("email")?,
        tier: Tier::parse(&tier).ok_or_else(|| Error::Internal(format!("unknown identity tier {tier}")))?,
        created_at: time(row, "created_at")?,
        updated_at: time(row, "updated_at")?,
    })
}

fn address_from_row(row: &AnyRow) -> Result<Address, Error> {
    Ok(Address {
        id: uuid(row, "id")?,
        identity_id: uuid(row, "identity_id")?,
        value: row.try_get("value")?,
        verified: flag(row, "verified")?,
        verified_at: optional_time(row, "verified_at")?,
        created_at: time(row, "created_at")?,
        updated_at: time(row, "updated_at")?,
    })
}

fn passkey_from_row(row: &AnyRow) -> Result<PasskeyCredential, Error> {
    let record: String = row.try_get("passkey")?;
    let sign_count: i64 = row.try_get("sign_count")?;
    Ok(PasskeyCredential {
        id: uuid(row, "id")?,
        identity_id: uuid(row, "identity_id")?,
        credential_id: row.try_get("credential_id")?,
        name: row.try_get("name")?,
        passkey: serde_json::from_str(&record)?,
        sign_count: u32::try_from(sign_count).map_err(|_| Error::Internal("stored sign count out of range".into()))?,
        backup_eligible: flag(row, "backup_eligible")?,
        backup_state: flag(row, "backup_state")?,
        aaguid: optional_uuid(row, "aaguid")?,
        device_kind: DeviceKind::parse(&row.try_get::<String, _>("device_kind")?),
        cooldown_until: optional_time(row, "cooldown_until")?,
        created_at: time(row, "created_at")?,
        last_used_at: optional_time(row, "last_used_at")?,
    })
}

fn client_str(client: FlowClient) -> &'static str {
    match client {
        FlowClient::Browser => "browser",
        FlowClient::Api => "api",
    }
}

fn flow_from_row(row: &AnyRow) -> Result<Flow, Error> {
    let kind: String = row.try_get("kind")?;
    let client: String = row.try_get("client")?;
    Ok(Flow {
        id: uuid(row, "id")?,
        kind: FlowKind::parse(&kind).ok_or_else(|| Error::Internal(format!("unknown flow kind {kind}")))?,
        client: if client == "api" {
            FlowClient::Api
        } else {
            FlowClient::Browser
        },
        ceremony_state: row.try_get("ceremony_state")?,
        email: row.try_get("email")?,
        address_verified: flag(row, "address_verified")?,
        identity_id: optional_uuid(row, "identity_id")?,
        user_handle: optional_uuid(row, "user_handle")?,
        csrf_hash: row.try_get("csrf_hash")?,
        created_at: time(row, "created_at")?,
        expires_at: time(row, "expires_at")?,
    })
}

fn grant_from_row(row: &AnyRow) -> Result<EmailGrant, Error> {
    let purpose: String = row.try_get("purpose")?;
    let client: String = row.try_get("client")?;
    let attempts: i64 = row.try_get("attempts")?;
    Ok(EmailGrant {
        id: uuid(row, "id")?,
        purpose: GrantPurpose::parse(&purpose)
            .ok_or_else(|| Error::Internal(format!("unknown grant purpose {purpose}")))?,
        client: if client == "api" {
            FlowClient::Api
        } else {
            FlowClient::Browser
        },
        csrf_hash: row.try_get("csrf_hash")?,
        address: row.try_get("address")?,
        identity_id: optional_uuid(row, "identity_id")?,
        code_hash: row.try_get("code_hash")?,
        link_hash: row.try_get("link_hash")?,
        attempts: u32::try_from(attempts).map_err(|_| Error::Internal("stored attempts out of range".into()))?,
        return_to: row.try_get("return_to")?,
        created_at: time(row, "created_at")?,
        expires_at: time(row, "expires_at")?,
    })
}

fn message_from_row(row: &AnyRow) -> Result<OutgoingMessage, Error> {
    let attempts: i64 = row.try_get("attempts")?;
    Ok(OutgoingMessage {
        id: uuid(row, "id")?,
        recipient: row.try_get("recipient")?,
        template: row.try_get("template")?,
        subject: row.try_get("subject")?,
        text_body: row.try_get("text_body")?,
        html_body: row.try_get("html_body")?,
        attempts: u32::try_from(attempts).map_err(|_| Error::Internal("stored attempts out of range".into()))?,
        created_at: time(row, "created_at")?,
        expires_at: time(row, "expires_at")?,
    })
}

fn session_from_row(row: &AnyRow) -> Result<Session, Error> {
    let aal: String = row.try_get("aal")?;
    let methods: String = row.try_get("methods")?;
    Ok(Session {
        id: uuid(row, "id")?,
        identity_id: uuid(row, "identity_id")?,
        aal: Aal::parse(&aal).ok_or_else(|| Error::Internal(format!("unknown aal {aal}")))?,
        methods: serde_json::from_str(&methods)?,
        restricted: flag(row, "restricted")?,
        issued_at: time(row, "issued_at")?,
        authenticated_at: time(row, "authenticated_at")?,
        expires_at: time(row, "expires_at")?,
        last_active_at: optional_time(row, "last_active_at")?.map_or_else(|| time(row, "issued_at"), Ok)?,
        idle_timeout: row
            .try_get::<Option<i64>, _>("idle_timeout")?
            .map(time::Duration::milliseconds),
        passkey_id: optional_uuid(row, "passkey_id")?,
    })
}

/// Every column of a row as text (blobs as hex), for at-rest inspection in tests.
fn row_to_text(row: &AnyRow) -> String {
    use sqlx::Column;
    row.columns()
        .iter()
        .map(|column| {
            let i = column.ordinal();
            if let Ok(Some(text)) = row.try_get::<Option<String>, _>(i) {
                text
            } else if let Ok(Some(bytes)) = row.try_get::<Option<Vec<u8>>, _>(i) {
                bytes.iter().map(|b| format!("{b:02x}")).collect()
            } else if let Ok(Some(number)) = row.try_get::<Option<i64>, _>(i) {
                number.to_string()
            } else {
                String::new()
            }
        })
        .collect::<Vec<_>>()
        .join("|")
}
