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

use std::time::Instant;

use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use sqlx::any::AnyRow;
use sqlx::pool::PoolConnection;
use sqlx::{Row, SqlSafeStr, Transaction};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::domain::{
    Aal, AddedVia, Address, DeviceKind, EmailGrant, Flow, FlowClient, FlowKind, GrantPurpose, Identity, IdentityState,
    MailContent, MessageBody, OutgoingMessage, PasskeyCredential, Session, Tier,
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
        "id, schema_id, state, user_handle, email, tier, high_value_until, created_at, updated_at"
    };
}
macro_rules! grant_columns {
    () => {
        "id, purpose, client, csrf_hash, address, identity_id, code_hash, link_hash, attempts, return_to, created_at, expires_at"
    };
}
macro_rules! message_columns {
    () => {
        "id, recipient, template, subject, text_body, html_body, sealed, attempts, created_at, expires_at"
    };
}
macro_rules! passkey_columns {
    () => {
        "id, identity_id, credential_id, name, passkey, sign_count, backup_eligible, backup_state, aaguid, device_kind, cooldown_until, created_at, last_used_at, added_by_passkey, added_in_session, added_via"
    };
}

/// The identity `o` a joined row belongs to, under the names of [`OWNER`].
macro_rules! owner_columns {
    () => {
        "o.id AS owner_id, o.schema_id AS owner_schema_id, o.state AS owner_state, o.user_handle AS owner_user_handle, o.email AS owner_email, o.tier AS owner_tier, o.high_value_until AS owner_high_value_until, o.created_at AS owner_created_at, o.updated_at AS owner_updated_at"
    };
}

macro_rules! session_columns {
    () => {
        "id, identity_id, aal, methods, restricted, issued_at, authenticated_at, expires_at, last_active_at, idle_timeout, passkey_id, user_agent"
    };
}

// After the column macros, which they use.
mod admin;
mod audit;
mod backup_codes;
mod flows;
mod funnel;
mod grants;
mod identities;
mod limits;
mod oauth2;
mod outbox;
mod passkeys;
mod passwords;
mod recovery;
mod sessions;
mod signing_keys;
mod webhooks;

pub use funnel::{EmailFallbacks, FunnelCount, MailQueue, PoolUse};
pub use limits::Counted;
pub use oauth2::{AppAccess, Consent, OAuth2Grant, Redemption};
pub use passwords::{Cohort, ImportRow, ImportedRow, PromptState};
pub use recovery::LinkHashes;
pub use sessions::{SESSION_CHANGES_WINDOW, SessionChange};
pub use signing_keys::{SigningKeyState, StoredSigningKey};
pub use webhooks::{Subscription, WebhookDelivery};

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

/// Rows one sweep statement deletes (see [`Store::sweep`]): on SQLite, 1,000 expired sessions
/// held the write lock about 35 ms, and sign-ins waiting behind such batches reached 340 ms.
const SWEEP_BATCH: u64 = 250;
/// The pause between two sweep batches. A SQLite writer that found the lock taken sleeps 1, 2,
/// 5, 10, 15 ms... between tries (SQLite's busy handler); with a short pause the next batch
/// took the lock before it woke, again and again (a sign-in waited 1.1 s while 100,000 rows were
/// swept). 50 ms lets every waiter in.
const SWEEP_PAUSE: std::time::Duration = std::time::Duration::from_millis(50);

/// Handle to the database; cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    dsn: String,
    /// Time each query waited for a connection (`/metrics`).
    acquire_waits: Histogram,
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
            // 0.1 ms to about 1.6 s.
            acquire_waits: Histogram::new(exponential_buckets(0.0001, 2.0, 15)),
        })
    }

    /// A connection from the pool; the time it took is counted (`/metrics`).
    async fn connection(&self) -> Result<PoolConnection<sqlx::Any>, Error> {
        let started = Instant::now();
        let connection = self.pool.acquire().await?;
        self.acquire_waits.observe(started.elapsed().as_secs_f64());
        Ok(connection)
    }

    /// What [`Self::connection`] waited, for `/metrics` (shared, not a copy).
    pub fn acquire_waits(&self) -> Histogram {
        self.acquire_waits.clone()
    }

    /// A transaction on a connection from [`Self::connection`], begun with `statement` (or
    /// `BEGIN`).
    async fn transaction(&self, statement: Option<&'static str>) -> Result<Transaction<'static, sqlx::Any>, Error> {
        let connection = self.connection().await?;
        Ok(Transaction::begin(connection, statement.map(SqlSafeStr::into_sql_str)).await?)
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

    /// The migrations this build carries that the database has not applied (descriptions), for
    /// `latchkey doctor`.
    pub async fn pending_migrations(&self) -> Result<Vec<String>, Error> {
        let carried: Vec<(i64, String)> = match self.backend {
            Backend::Sqlite => sqlite::migrations().collect(),
            Backend::Postgres => postgres::migrations().collect(),
        };
        let applied: Vec<i64> = match sqlx::query("SELECT version FROM _sqlx_migrations WHERE success")
            .fetch_all(&mut *self.connection().await?)
            .await
        {
            Ok(rows) => rows
                .iter()
                .map(|row| row.try_get::<i64, _>("version"))
                .collect::<Result<_, _>>()?,
            // A database never migrated has no table yet: everything is pending.
            Err(_) => Vec::new(),
        };
        Ok(carried
            .into_iter()
            .filter(|(version, _)| !applied.contains(version))
            .map(|(_, description)| description)
            .collect())
    }

    /// The database server's clock (PostgreSQL); `None` for SQLite, which is this machine's.
    pub async fn database_clock(&self) -> Result<Option<OffsetDateTime>, Error> {
        match self.backend {
            Backend::Sqlite => Ok(None),
            Backend::Postgres => {
                let row = sqlx::query("SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT AS now_ms")
                    .fetch_one(&mut *self.connection().await?)
                    .await?;
                Ok(Some(from_ms(row.try_get("now_ms")?)?))
            }
        }
    }

    /// True when the database answers; for `/health/ready`.
    /// A transaction that reads and then writes. On SQLite it takes the write lock first
    /// (`BEGIN IMMEDIATE`): a deferred one that read before writing cannot wait for another
    /// writer and fails at once with "database is locked".
    async fn begin_write(&self) -> Result<Transaction<'static, sqlx::Any>, Error> {
        match self.backend {
            Backend::Sqlite => self.transaction(Some("BEGIN IMMEDIATE")).await,
            Backend::Postgres => self.transaction(None).await,
        }
    }

    pub async fn ping(&self) -> bool {
        let Ok(mut connection) = self.connection().await else {
            return false;
        };
        sqlx::query("SELECT 1").execute(&mut *connection).await.is_ok()
    }

    /// Deletes flows, sessions and code grants that can never be used again, send counters past
    /// the longest horizon, the old delivery log and the old session change log. Returns rows
    /// removed.
    pub async fn delete_expired(&self, now: OffsetDateTime) -> Result<u64, Error> {
        // Counters only matter inside the longest horizon: a send window is at most a day, fallback
        // tries count for a week (`try_limit::HORIZON`). Delivered or abandoned messages (bodies
        // already erased) stay a week as a delivery log. Replicas read the last seconds of the
        // session change log; an hour keeps some for inspection. Its rows carry the database's
        // clock (SQLite's is this machine's).
        let database_now = self.database_clock().await?.unwrap_or_else(OffsetDateTime::now_utc);
        let sweeps = [
            ("flows", "expires_at", "", now),
            ("sessions", "expires_at", "", now),
            ("email_grants", "expires_at", "", now),
            ("oauth2_grants", "expires_at", "", now),
            ("rate_events", "at", "", now - crate::try_limit::HORIZON),
            (
                "courier_messages",
                "created_at",
                "status <> 'queued' AND ",
                now - time::Duration::days(7),
            ),
            (
                "session_cache_changes",
                "at",
                "",
                database_now - time::Duration::hours(1),
            ),
        ];
        let mut removed = 0;
        for (table, column, only, before) in sweeps {
            removed += self.sweep(table, column, only, before).await?;
        }
        Ok(removed)
    }

    /// Deletes the rows of `table` whose `column` is before `before` (and that match `only`), the
    /// oldest [`SWEEP_BATCH`] at a time.
    ///
    /// # Why batches
    /// One statement over a million expired rows holds SQLite's write lock (and PostgreSQL's row
    /// locks and WAL) for seconds, and every sign-in waits behind it. A batch ends at the
    /// [`SWEEP_BATCH`]th oldest row's time (ties included), through the column's index, and the
    /// last batch takes what is left.
    async fn sweep(&self, table: &str, column: &str, only: &str, before: OffsetDateTime) -> Result<u64, Error> {
        // Table, column and filter are literals of `delete_expired`.
        let sql = format!(
            "DELETE FROM {table} WHERE {only}{column} < $1 AND {column} <= COALESCE(\
             (SELECT {column} FROM {table} WHERE {only}{column} < $1 ORDER BY {column} LIMIT 1 OFFSET {}), $1)",
            SWEEP_BATCH - 1
        );
        let mut removed = 0;
        loop {
            let batch = sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(ms(before))
                .execute(&mut *self.connection().await?)
                .await?
                .rows_affected();
            removed += batch;
            if batch < SWEEP_BATCH {
                return Ok(removed);
            }
            // Let queued sign-ins take the write lock between batches.
            tokio::time::sleep(SWEEP_PAUSE).await;
        }
    }
}

/// Helpers only the integration tests reach (feature `test-support`, on in `cargo test`).
#[cfg(feature = "test-support")]
impl Store {
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
            "passwords",
            "oauth2_grants",
            "oauth2_refresh_tokens",
            "oauth2_clients",
        ];
        if !allowed.contains(&table) {
            return Err(Error::NotFound);
        }
        let rows = // The table name was checked against the allow-list above.
        sqlx::query(sqlx::AssertSqlSafe(format!("SELECT * FROM {table}"))).fetch_all(&mut *self.connection().await?).await?;
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
    insert_identity_row(tx, identity, None).await?;
    insert_address(tx, address).await
}

/// The identity's row alone; `imported_at` for one brought in by an import.
async fn insert_identity_row(
    tx: &mut Transaction<'_, sqlx::Any>,
    identity: &Identity,
    imported_at: Option<OffsetDateTime>,
) -> Result<(), Error> {
    sqlx::query(concat!(
        "INSERT INTO identities (",
        identity_columns!(),
        ", imported_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    ))
    .bind(identity.id.to_string())
    .bind(&identity.schema_id)
    .bind(identity.state.as_str())
    .bind(identity.user_handle.to_string())
    .bind(&identity.email)
    .bind(identity.tier.as_str())
    .bind(identity.high_value_until.map(ms))
    .bind(ms(identity.created_at))
    .bind(ms(identity.updated_at))
    .bind(imported_at.map(ms))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_address(tx: &mut Transaction<'_, sqlx::Any>, address: &Address) -> Result<(), Error> {
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
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
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
    .bind(passkey.added_by_passkey.map(|id| id.to_string()))
    .bind(passkey.added_in_session.map(|id| id.to_string()))
    .bind(passkey.added_via.map(AddedVia::as_str))
    .execute(&mut **tx)
    .await
    .map_err(|e| unique_violation_as(e, Error::PasskeyAlreadyRegistered))?;
    Ok(())
}

async fn insert_message(tx: &mut Transaction<'_, sqlx::Any>, message: &OutgoingMessage) -> Result<(), Error> {
    let (sealed, clear) = match &message.body {
        MessageBody::Sealed(sealed) => (sealed.as_str(), None),
        MessageBody::Clear(content) => ("", Some(content)),
    };
    sqlx::query("INSERT INTO courier_messages (id, recipient, template, subject, text_body, html_body, sealed, status, attempts, next_attempt_at, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8, $9, $8)")
        .bind(message.id.to_string())
        .bind(&message.recipient)
        .bind(&message.template)
        .bind(clear.map_or("", |c| c.subject.as_str()))
        .bind(clear.map_or("", |c| c.text_body.as_str()))
        .bind(clear.map_or("", |c| c.html_body.as_str()))
        .bind(sealed)
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

/// A duration in whole milliseconds, as the store keeps lifespans and windows.
fn millis(duration: time::Duration) -> i64 {
    i64::try_from(duration.whole_milliseconds()).unwrap_or(i64::MAX)
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

/// The result columns an identity is read from: its own names, or `owner_...` where a query
/// joins it to a row of its own (see [`owner_columns`]).
struct IdentityColumns {
    id: &'static str,
    schema_id: &'static str,
    state: &'static str,
    user_handle: &'static str,
    email: &'static str,
    tier: &'static str,
    high_value_until: &'static str,
    created_at: &'static str,
    updated_at: &'static str,
}

const IDENTITY: IdentityColumns = IdentityColumns {
    id: "id",
    schema_id: "schema_id",
    state: "state",
    user_handle: "user_handle",
    email: "email",
    tier: "tier",
    high_value_until: "high_value_until",
    created_at: "created_at",
    updated_at: "updated_at",
};

const OWNER: IdentityColumns = IdentityColumns {
    id: "owner_id",
    schema_id: "owner_schema_id",
    state: "owner_state",
    user_handle: "owner_user_handle",
    email: "owner_email",
    tier: "owner_tier",
    high_value_until: "owner_high_value_until",
    created_at: "owner_created_at",
    updated_at: "owner_updated_at",
};

fn identity_from_row(row: &AnyRow) -> Result<Identity, Error> {
    identity_from_columns(row, &IDENTITY)
}

fn identity_from_columns(row: &AnyRow, columns: &IdentityColumns) -> Result<Identity, Error> {
    let state: String = row.try_get(columns.state)?;
    let tier: String = row.try_get(columns.tier)?;
    Ok(Identity {
        id: uuid(row, columns.id)?,
        schema_id: row.try_get(columns.schema_id)?,
        state: IdentityState::parse(&state)
            .ok_or_else(|| Error::Internal(format!("unknown identity state {state}")))?,
        user_handle: uuid(row, columns.user_handle)?,
        email: row.try_get(columns.email)?,
        tier: Tier::parse(&tier).ok_or_else(|| Error::Internal(format!("unknown identity tier {tier}")))?,
        high_value_until: optional_time(row, columns.high_value_until)?,
        created_at: time(row, columns.created_at)?,
        updated_at: time(row, columns.updated_at)?,
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
        added_by_passkey: optional_uuid(row, "added_by_passkey")?,
        added_in_session: optional_uuid(row, "added_in_session")?,
        added_via: AddedVia::parse(row.try_get::<Option<String>, _>("added_via")?.as_deref()),
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
        body: match row.try_get::<String, _>("sealed")? {
            sealed if !sealed.is_empty() => MessageBody::Sealed(sealed),
            _ => MessageBody::Clear(MailContent {
                subject: row.try_get("subject")?,
                text_body: row.try_get("text_body")?,
                html_body: row.try_get("html_body")?,
            }),
        },
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
        user_agent: row.try_get("user_agent")?,
    })
}

/// Every column of a row as text (blobs as hex), for at-rest inspection in tests.
#[cfg(feature = "test-support")]
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
