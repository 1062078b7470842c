//! SQLite, the embedded default: one file, WAL journal so readers never wait on the writer.

use std::path::Path;
use std::time::Duration;

use sqlx::Executor;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;

use super::AnyPool;
use crate::error::Error;

static MIGRATIONS: Migrator = sqlx::migrate!("src/store/migrations/sqlite");

pub(super) async fn connect(dsn: &str) -> Result<AnyPool, Error> {
    create_parent_folder(dsn)?;
    AnyPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        // A file database does not drop connections; pinging before every query would double
        // the hand-offs to SQLite's worker threads.
        .test_before_acquire(false)
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                // WAL: concurrent readers with one writer; NORMAL sync is durable across process
                // crashes in WAL mode; busy_timeout lets writers queue instead of failing.
                conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
                    .await?;
                Ok(())
            })
        })
        .connect(dsn)
        .await
        .map_err(|e| Error::Internal(format!("cannot open SQLite database {dsn}: {e}")))
}

/// The migrations this build carries: version and description.
pub(super) fn migrations() -> impl Iterator<Item = (i64, String)> {
    MIGRATIONS.iter().map(|m| (m.version, m.description.to_string()))
}

pub(super) async fn migrate(pool: &AnyPool) -> Result<(), Error> {
    MIGRATIONS
        .run(pool)
        .await
        .map_err(|e| Error::Internal(format!("SQLite migration failed: {e}")))
}

/// `sqlite://latchkey-data/latchkey.sqlite?mode=rwc` needs `latchkey-data/` to exist.
fn create_parent_folder(dsn: &str) -> Result<(), Error> {
    let path = dsn.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match Path::new(path).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => std::fs::create_dir_all(parent)
            .map_err(|e| Error::Internal(format!("cannot create the data folder {}: {e}", parent.display()))),
        _ => Ok(()),
    }
}

/// [`super::Store::recent_session_changes`]: `$1` milliseconds back by SQLite's clock (this
/// machine's), in the triggers' units.
pub(super) const RECENT_SESSION_CHANGES: &str = "SELECT seq, identity_id FROM session_cache_changes \
     WHERE at > CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) - $1";
