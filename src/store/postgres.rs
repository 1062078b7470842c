//! PostgreSQL, for several replicas sharing one database.

use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::postgres::PgListener;

use super::{AnyPool, Revoked};
use crate::config::redact_dsn;
use crate::error::Error;
use crate::secret::TokenHash;

static MIGRATIONS: Migrator = sqlx::migrate!("src/store/migrations/postgres");

pub(super) async fn connect(dsn: &str) -> Result<AnyPool, Error> {
    AnyPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(5))
        // No ping round trip before every query; connections are recycled after 10 minutes idle
        // (sqlx's default), and a connection the server dropped fails one query, not the pool.
        .test_before_acquire(false)
        .connect(dsn)
        .await
        .map_err(|e| Error::Internal(format!("cannot connect to PostgreSQL at {}: {e}", redact_dsn(dsn))))
}

/// The migrations this build carries: version and description.
pub(super) fn migrations() -> impl Iterator<Item = (i64, String)> {
    MIGRATIONS.iter().map(|m| (m.version, m.description.to_string()))
}

pub(super) async fn migrate(pool: &AnyPool) -> Result<(), Error> {
    MIGRATIONS
        .run(pool)
        .await
        .map_err(|e| Error::Internal(format!("PostgreSQL migration failed: {e}")))
}

/// The channel on which replicas announce revoked sessions (payload: hex SHA-256 of the token).
pub(super) const REVOCATION_CHANNEL: &str = "latchkey_session_revoked";

/// A connection listening for revocations announced by every replica.
pub struct RevocationListener {
    listener: PgListener,
}

impl RevocationListener {
    /// Connects and subscribes; once this returns, no later announcement is missed.
    pub(super) async fn connect(dsn: &str) -> Result<Self, Error> {
        let mut listener = PgListener::connect(dsn)
            .await
            .map_err(|e| Error::Internal(format!("cannot listen on PostgreSQL at {}: {e}", redact_dsn(dsn))))?;
        listener.listen(REVOCATION_CHANNEL).await?;
        Ok(Self { listener })
    }

    /// Calls `on_revoked` for each announcement, for ever. When the connection drops, notices sent
    /// meanwhile are lost, so `on_revoked` hears [`Revoked::Unknown`] and must forget its cache.
    pub async fn run(mut self, on_revoked: impl Fn(Revoked) + Send) {
        loop {
            match self.listener.try_recv().await {
                Ok(Some(notification)) => match parse_hex(notification.payload()) {
                    Some(hash) => on_revoked(Revoked::Token(hash)),
                    None => tracing::warn!("ignoring a malformed revocation notice"),
                },
                Ok(None) => on_revoked(Revoked::Unknown),
                Err(e) => {
                    tracing::warn!(error = %e, "revocation listener failed; retrying");
                    on_revoked(Revoked::Unknown);
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }
}

pub(super) fn to_hex(hash: &TokenHash) -> String {
    crate::secret::hex(&hash.0)
}

fn parse_hex(text: &str) -> Option<TokenHash> {
    let bytes: Option<Vec<u8>> = (0..text.len())
        .step_by(2)
        .map(|i| text.get(i..i + 2).and_then(|pair| u8::from_str_radix(pair, 16).ok()))
        .collect();
    TokenHash::from_slice(&bytes?)
}

/// [`super::Store::recent_session_changes`]: `$1` milliseconds back by the server's clock, the one
/// the triggers write. `statement_timestamp()`, not the volatile `clock_timestamp()`, so the
/// bound is a constant the index on `at` can use.
pub(super) const RECENT_SESSION_CHANGES: &str = "SELECT seq, identity_id FROM session_cache_changes \
     WHERE at > (EXTRACT(EPOCH FROM statement_timestamp()) * 1000)::BIGINT - $1";
