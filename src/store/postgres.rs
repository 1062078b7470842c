//! PostgreSQL, for several replicas sharing one database.

use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;

use super::AnyPool;
use crate::config::redact_dsn;
use crate::error::Error;

static MIGRATIONS: Migrator = sqlx::migrate!("src/store/migrations/postgres");

pub(super) async fn connect(dsn: &str) -> Result<AnyPool, Error> {
    AnyPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(5))
        .connect(dsn)
        .await
        .map_err(|e| Error::Internal(format!("cannot connect to PostgreSQL at {}: {e}", redact_dsn(dsn))))
}

pub(super) async fn migrate(pool: &AnyPool) -> Result<(), Error> {
    MIGRATIONS
        .run(pool)
        .await
        .map_err(|e| Error::Internal(format!("PostgreSQL migration failed: {e}")))
}
