//! Every query behind the hot paths (sign-up, passkey and email sign-in, whoami, backup codes,
//! sign-out, the expiry sweep) finds its rows through an index on both stores, so its cost does
//! not grow with the number of identities, sessions or audit entries.
//!
//! The statements are the ones latchkey really runs: sqlx logs each (target `sqlx::query`), a
//! recorder collects them while the scenario runs on PostgreSQL, and each is then explained on
//! both stores (the two run the same SQL; see `latchkey::store`). PostgreSQL is asked for a generic
//! plan with sequential scans discouraged, so an index is used wherever one exists; SQLite's
//! planner always takes a usable index.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use latchkey::clock::Clock;
use serde_json::json;
use sqlx::{AssertSqlSafe, Connection, Row};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};

use crate::support::{Db, Device, Harness, fresh_dsn};

#[tokio::test(flavor = "current_thread")]
async fn every_query_of_the_hot_paths_uses_an_index_on_both_stores() {
    let statements = Statements::default();
    let subscriber = tracing_subscriber::registry().with(statements.clone());
    let guard = tracing::subscriber::set_default(subscriber);
    let h = Harness::with_config(Db::Postgres, |c| c.session.whoami_cache_ttl = time::Duration::ZERO).await;
    hot_paths(&h).await;
    drop(guard);

    let recorded = statements.taken();
    assert!(
        recorded.iter().any(|s| s.contains("FROM sessions")),
        "the recorder saw the session look-up: {recorded:#?}"
    );
    let mut postgres = sqlx::PgConnection::connect(&h.app.config.dsn).await.unwrap();
    let sqlite_dsn = fresh_dsn(Db::Sqlite).await;
    let sqlite_store = latchkey::store::Store::connect(&sqlite_dsn).await.unwrap();
    sqlite_store.migrate().await.unwrap();
    let mut sqlite = sqlx::SqliteConnection::connect(&sqlite_dsn).await.unwrap();

    let mut scans = Vec::new();
    // What each replica's change-log reader runs every second (the SQL differs per backend).
    for scan in postgres_scans(&mut postgres, h.store.recent_session_changes_sql()).await {
        scans.push(format!("PostgreSQL: {scan}\n    in the change-log reader"));
    }
    for scan in sqlite_scans(&mut sqlite, sqlite_store.recent_session_changes_sql()).await {
        scans.push(format!("SQLite: {scan}\n    in the change-log reader"));
    }
    for statement in &recorded {
        for scan in postgres_scans(&mut postgres, statement).await {
            scans.push(format!("PostgreSQL: {scan}\n    in {statement}"));
        }
        for scan in sqlite_scans(&mut sqlite, statement).await {
            scans.push(format!("SQLite: {scan}\n    in {statement}"));
        }
    }
    assert!(
        scans.is_empty(),
        "{} of {} statements read a whole table:\n{}",
        scans.len(),
        recorded.len(),
        scans.join("\n")
    );
}

/// What every user and app does most: each store read or write of these is explained.
async fn hot_paths(h: &Harness) {
    let mut device = Device::new();
    let mut browser = h.browser();
    browser.open().await;
    assert_eq!(
        browser.sign_up("hot@example.com", &mut device).await.status,
        StatusCode::OK
    );
    assert_eq!(browser.whoami().await.status, StatusCode::OK);
    let made = browser.post("/self-service/settings/backup-codes", json!({})).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    let codes = made.json()["codes"].clone();
    let (backup_code, another) = (codes[0].as_str().unwrap(), codes[1].as_str().unwrap());
    // Delivers the "new backup codes" notice, so the next mail read is the sign-in code.
    h.mails_to("hot@example.com").await;

    let mut elsewhere = h.browser();
    elsewhere.open().await;
    assert_eq!(elsewhere.sign_in(&mut device).await.status, StatusCode::OK);
    assert_eq!(elsewhere.whoami().await.status, StatusCode::OK);
    elsewhere.forget_everything().await;
    let flow = elsewhere.request_code("hot@example.com").await;
    let code = h.mail_to("hot@example.com").await.code();
    assert_eq!(elsewhere.enter_code(&flow, &code).await.status, StatusCode::OK);
    elsewhere.forget_everything().await;
    let signed_in = elsewhere
        .post(
            "/self-service/login/backup-code",
            json!({ "email": "hot@example.com", "code": backup_code }),
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    assert_eq!(
        elsewhere.post("/self-service/logout", json!({})).await.status,
        StatusCode::OK
    );
    elsewhere.forget_everything().await;
    // Someone tries an address nobody has, by code and by backup code.
    elsewhere.request_code("nobody@example.com").await;
    let refused = elsewhere
        .post(
            "/self-service/login/backup-code",
            json!({ "email": "nobody@example.com", "code": another }),
        )
        .await;
    assert_eq!(refused.error_id(), "backup_code_invalid", "{}", refused.text);
    h.app.flush_funnel().await;
    h.store.delete_expired(h.clock.now()).await.unwrap();
}

/// Placeholders (`$1`...) in a statement: how many values its plan needs.
fn placeholders(statement: &str) -> usize {
    let bytes = statement.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'$')
        .filter_map(|i| {
            let digits: String = statement[i + 1..].chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<usize>().ok()
        })
        .max()
        .unwrap_or(0)
}

/// The nodes of the statement's generic plan that read a whole table.
async fn postgres_scans(connection: &mut sqlx::PgConnection, statement: &str) -> Vec<String> {
    for setting in [
        "DEALLOCATE ALL",
        "SET plan_cache_mode = force_generic_plan",
        "SET enable_seqscan = off",
    ] {
        sqlx::raw_sql(setting).execute(&mut *connection).await.unwrap();
    }
    sqlx::raw_sql(AssertSqlSafe(format!("PREPARE explained AS {statement}")))
        .execute(&mut *connection)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL cannot prepare {statement}: {e}"));
    let values = vec!["NULL"; placeholders(statement)].join(", ");
    let execute = if values.is_empty() {
        "EXPLAIN EXECUTE explained".to_owned()
    } else {
        format!("EXPLAIN EXECUTE explained({values})")
    };
    let plan = sqlx::raw_sql(AssertSqlSafe(execute))
        .fetch_all(&mut *connection)
        .await
        .unwrap();
    let lines: Vec<String> = plan.iter().map(|row| row.get::<String, _>(0)).collect();
    whole_table_reads(&lines)
}

/// Plan nodes that read a whole table: a `Seq Scan`, or an index scan with no `Index Cond` (it
/// walks the entire index).
fn whole_table_reads(plan: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (at, line) in plan.iter().enumerate() {
        let node = line.trim_start_matches([' ', '-', '>']);
        let details = plan[at + 1..].iter().take_while(|l| !l.contains("->"));
        let conditioned = details.clone().any(|l| l.contains("Index Cond"));
        let index_walk = node.starts_with("Index Scan") || node.starts_with("Index Only Scan");
        if node.starts_with("Seq Scan") || (index_walk && !conditioned) {
            found.push(node.trim().to_owned());
        }
    }
    found
}

/// The full-table `SCAN` steps of SQLite's query plan.
async fn sqlite_scans(connection: &mut sqlx::SqliteConnection, statement: &str) -> Vec<String> {
    let plan = sqlx::raw_sql(AssertSqlSafe(format!("EXPLAIN QUERY PLAN {statement}")))
        .fetch_all(&mut *connection)
        .await
        .unwrap_or_else(|e| panic!("SQLite cannot plan {statement}: {e}"));
    plan.iter()
        .map(|row| row.get::<String, _>("detail"))
        .filter(|detail| detail.starts_with("SCAN ") && !detail.contains("CONSTANT ROW"))
        .collect()
}

/// The data statements sqlx ran while the recorder was the default subscriber.
#[derive(Clone, Default)]
struct Statements(Arc<Mutex<BTreeSet<String>>>);

impl Statements {
    fn taken(&self) -> BTreeSet<String> {
        self.0.lock().unwrap().clone()
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Statements {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut fields = StatementFields::default();
        event.record(&mut fields);
        // sqlx puts the whole text in `db.statement` when `summary` (its first words) cut it.
        let text = if fields.statement.trim().is_empty() {
            fields.summary
        } else {
            fields.statement
        };
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let verb = text.split(' ').next().unwrap_or_default().to_ascii_uppercase();
        // `EXTRACT(EPOCH FROM ...)` alone is PostgreSQL's clock read, no table.
        let reads_a_table = [" FROM ", " INTO ", "UPDATE "]
            .iter()
            .any(|k| text.to_ascii_uppercase().replace("EPOCH FROM", "").contains(k));
        let data = reads_a_table && matches!(verb.as_str(), "SELECT" | "INSERT" | "UPDATE" | "DELETE" | "WITH");
        if data && !text.contains("_sqlx_migrations") && !text.contains("pg_advisory") && text != "SELECT 1" {
            self.0.lock().unwrap().insert(text);
        }
    }
}

#[derive(Default)]
struct StatementFields {
    summary: String,
    statement: String,
}

impl Visit for StatementFields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_owned(),
            "db.statement" => self.statement = value.to_owned(),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        if matches!(field.name(), "summary" | "db.statement") {
            let text = format!("{value:?}").replace("\\n", " ");
            self.record_str(field, text.trim_matches('"'));
        }
    }
}
