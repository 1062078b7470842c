//! Fills a migrated store with COUNT identities for the growth benchmark (`bench/growth`): each
//! with a confirmed address, a passkey, a live session and an audit entry, written with multi-row
//! INSERTs (direct SQL: about a minute per million identities on SQLite).
//!
//! Usage: seed DSN COUNT TOKENS_FILE TOKENS [expired | sweep]
//!   writes the session tokens of the first TOKENS identities to TOKENS_FILE, one per line (for
//!   wrk's rotating whoami script).
//!   `expired`: only COUNT sessions, expired an hour ago, of one seeded identity.
//!   `sweep`: runs latchkey's expiry sweep once and prints how long it took.
//!
//! A seeded store is for benchmarks only: the seeded passkeys hold no usable key, and the seeded
//! audit entries sit at negative positions, outside the chain that `latchkey audit verify` checks.

use std::io::Write;

use sha2::{Digest, Sha256};
use sqlx::any::AnyPoolOptions;
use sqlx::{AssertSqlSafe, Executor};
use time::OffsetDateTime;
use uuid::Uuid;

/// Rows per INSERT: 500 rows of at most 14 values stay under both databases' parameter limits.
const ROWS: usize = 500;

/// A seeded passkey's stored record: the shape latchkey stores, with a key nobody holds.
const PASSKEY_RECORD: &str = r#"{"cred":{"cred_id":"AAAA","cred":{"type_":"ES256","key":{"EC_EC2":{"curve":"SECP256R1","x":"hEZWz1HS4ANmuJEEXuNVXbnUxhxpuO8FqoXeJoBPbaE","y":"kwaFq4aKM-hucotbXgAHaAuUdMukwsPj7Fl0NZMrukg"}}},"counter":0,"transports":null,"user_verified":true,"backup_eligible":true,"backup_state":true,"registration_policy":"required","extensions":{"cred_protect":"Ignored","hmac_create_secret":"NotRequested","appid":"NotRequested","cred_props":{"Unsigned":{"rk":true}}},"attestation":{"data":"None","metadata":"None"},"attestation_format":"none"}}"#;

/// One value to bind.
enum V {
    Text(String),
    Int(i64),
    Bytes(Vec<u8>),
}

/// One table's rows, inserted `ROWS` at a time.
struct Table {
    name: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<V>>,
}

impl Table {
    fn new(name: &'static str, columns: &'static [&'static str]) -> Self {
        Self {
            name,
            columns,
            rows: Vec::new(),
        }
    }

    async fn flush(&mut self, tx: &mut sqlx::Transaction<'_, sqlx::Any>) {
        if self.rows.is_empty() {
            return;
        }
        let width = self.columns.len();
        let values: Vec<String> = (0..self.rows.len())
            .map(|r| {
                let marks: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
                format!("({})", marks.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO {} ({}) VALUES {}",
            self.name,
            self.columns.join(", "),
            values.join(", ")
        );
        let mut query = sqlx::query(AssertSqlSafe(sql));
        for value in self.rows.drain(..).flatten() {
            query = match value {
                V::Text(t) => query.bind(t),
                V::Int(i) => query.bind(i),
                V::Bytes(b) => query.bind(b),
            };
        }
        query.execute(&mut **tx).await.unwrap();
    }
}

async fn flush_all(tables: [&mut Table; 5], tx: &mut sqlx::Transaction<'_, sqlx::Any>) {
    for table in tables {
        table.flush(tx).await;
    }
}

fn sessions_table() -> Table {
    Table::new(
        "sessions",
        &[
            "id",
            "token_hash",
            "identity_id",
            "aal",
            "methods",
            "restricted",
            "issued_at",
            "authenticated_at",
            "expires_at",
            "last_active_at",
        ],
    )
}

/// A passkey session of `identity`, made at `made` (Unix ms), until `expires`.
fn session_row(token_hash: Vec<u8>, identity: &str, made: i64, expires: i64) -> Vec<V> {
    let methods = r#"[{"method":"passkey","aal":"aal2","completed_at":"2026-11-30T12:00:00Z"}]"#;
    vec![
        V::Text(Uuid::new_v4().to_string()),
        V::Bytes(token_hash),
        V::Text(identity.to_owned()),
        V::Text("aal2".into()),
        V::Text(methods.into()),
        V::Int(0),
        V::Int(made),
        V::Int(made),
        V::Int(expires),
        V::Int(made),
    ]
}

fn dsn_is_sqlite(pool: &sqlx::AnyPool) -> bool {
    pool.connect_options().database_url.scheme() == "sqlite"
}

fn sha256(text: &str) -> Vec<u8> {
    Sha256::digest(text.as_bytes()).to_vec()
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (dsn, count, tokens_file, tokens): (&str, usize, &str, usize) =
        (&args[1], args[2].parse().unwrap(), &args[3], args[4].parse().unwrap());
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new().max_connections(1).connect(dsn).await.unwrap();
    match args.get(5).map(String::as_str) {
        None => identities(&pool, count, tokens_file, tokens).await,
        Some("expired") => expired_sessions(&pool, count).await,
        Some("sweep") => sweep(dsn).await,
        Some(other) => panic!("unknown mode {other}"),
    }
}

fn ms(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).unwrap()
}

/// `count` sessions of one seeded identity, expired an hour ago: work for the sweep.
async fn expired_sessions(pool: &sqlx::AnyPool, count: usize) {
    let identity: String = sqlx::query_scalar("SELECT id FROM identities LIMIT 1")
        .fetch_one(pool)
        .await
        .unwrap();
    let past = OffsetDateTime::now_utc() - time::Duration::hours(1);
    let mut sessions = sessions_table();
    let mut tx = pool.begin().await.unwrap();
    for i in 0..count {
        // Expired one millisecond apart, as sessions made one by one are.
        let expired = past - time::Duration::milliseconds(i64::try_from(i).unwrap());
        let made = ms(expired - time::Duration::days(1));
        let token_hash = Uuid::new_v4().as_bytes().to_vec();
        sessions
            .rows
            .push(session_row(token_hash, &identity, made, ms(expired)));
        if sessions.rows.len() == ROWS {
            sessions.flush(&mut tx).await;
        }
    }
    sessions.flush(&mut tx).await;
    tx.commit().await.unwrap();
    println!("expired_sessions={count}");
}

/// latchkey's own sweep (`Store::delete_expired`), timed.
async fn sweep(dsn: &str) {
    let store = latchkey::store::Store::connect(dsn).await.unwrap();
    let started = std::time::Instant::now();
    let swept = store.delete_expired(OffsetDateTime::now_utc()).await.unwrap();
    println!("swept={swept} seconds={:.2}", started.elapsed().as_secs_f64());
}

/// `count` identities, each with an address, a passkey, a live session and an audit entry.
async fn identities(pool: &sqlx::AnyPool, count: usize, tokens_file: &str, tokens: usize) {
    let now = OffsetDateTime::now_utc();
    let (at, expires) = (ms(now), ms(now + time::Duration::days(7)));
    // Seeded audit entries take positions below the chain's (which starts at 1), so they take
    // room in the table and its indexes without joining the chain `audit verify` checks.
    let first_seq: i64 = sqlx::query_scalar("SELECT COALESCE(MIN(seq), 1) FROM audit_log")
        .fetch_one(pool)
        .await
        .unwrap();
    let mut token_out = std::io::BufWriter::new(std::fs::File::create(tokens_file).unwrap());
    let mut identities = Table::new(
        "identities",
        &[
            "id",
            "schema_id",
            "state",
            "user_handle",
            "email",
            "created_at",
            "updated_at",
        ],
    );
    let mut addresses = Table::new(
        "addresses",
        &[
            "id",
            "identity_id",
            "via",
            "value",
            "verified",
            "verified_at",
            "created_at",
            "updated_at",
        ],
    );
    let mut passkeys = Table::new(
        "passkeys",
        &[
            "id",
            "identity_id",
            "credential_id",
            "name",
            "passkey",
            "sign_count",
            "backup_eligible",
            "backup_state",
            "created_at",
            "device_kind",
        ],
    );
    let mut sessions = sessions_table();
    let mut audit = Table::new(
        "audit_log",
        &[
            "seq",
            "id",
            "at",
            "actor_kind",
            "subject_id",
            "action",
            "details",
            "prev_hash",
            "hash",
        ],
    );
    let started = std::time::Instant::now();
    let mut tx = pool.begin().await.unwrap();
    for i in 0..count {
        let identity = Uuid::new_v4().to_string();
        let email = format!("seed-{i}-{}@example.com", Uuid::new_v4().simple());
        let token = format!("seed-{}", Uuid::new_v4().simple());
        if i < tokens {
            writeln!(token_out, "{token}").unwrap();
        }
        identities.rows.push(vec![
            V::Text(identity.clone()),
            V::Text("default".into()),
            V::Text("active".into()),
            V::Text(Uuid::new_v4().to_string()),
            V::Text(email.clone()),
            V::Int(at),
            V::Int(at),
        ]);
        addresses.rows.push(vec![
            V::Text(Uuid::new_v4().to_string()),
            V::Text(identity.clone()),
            V::Text("email".into()),
            V::Text(email),
            V::Int(1),
            V::Int(at),
            V::Int(at),
            V::Int(at),
        ]);
        passkeys.rows.push(vec![
            V::Text(Uuid::new_v4().to_string()),
            V::Text(identity.clone()),
            V::Bytes(Uuid::new_v4().as_bytes().to_vec()),
            V::Text("Passkey".into()),
            V::Text(PASSKEY_RECORD.into()),
            V::Int(0),
            V::Int(1),
            V::Int(1),
            V::Int(at),
            V::Text("built_in".into()),
        ]);
        sessions.rows.push(session_row(sha256(&token), &identity, at, expires));
        audit.rows.push(vec![
            V::Int(first_seq.min(1) - 1 - i64::try_from(i).unwrap()),
            V::Text(Uuid::new_v4().to_string()),
            V::Int(at),
            V::Text("system".into()),
            V::Text(identity),
            V::Text("identity.seeded".into()),
            V::Text("{}".into()),
            V::Text("0".repeat(64)),
            V::Text("0".repeat(64)),
        ]);
        if identities.rows.len() == ROWS {
            let tables = [
                &mut identities,
                &mut addresses,
                &mut passkeys,
                &mut sessions,
                &mut audit,
            ];
            flush_all(tables, &mut tx).await;
            if (i + 1) % (ROWS * 20) == 0 {
                tx.commit().await.unwrap();
                tx = pool.begin().await.unwrap();
            }
        }
    }
    let tables = [
        &mut identities,
        &mut addresses,
        &mut passkeys,
        &mut sessions,
        &mut audit,
    ];
    flush_all(tables, &mut tx).await;
    // The address triggers logged a change per row, for replicas' session caches; a store that
    // grew over time would have swept them long ago.
    sqlx::query("DELETE FROM session_cache_changes")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    // Statistics and housekeeping a store that grew over time would have had, done now rather
    // than by autovacuum or a WAL checkpoint in the middle of a measurement.
    let settle: &[&str] = if dsn_is_sqlite(pool) {
        &["ANALYZE", "PRAGMA wal_checkpoint(TRUNCATE)"]
    } else {
        &["VACUUM ANALYZE", "CHECKPOINT"]
    };
    for statement in settle {
        pool.execute(*statement).await.unwrap();
    }
    token_out.flush().unwrap();
    println!(
        "seeded={count} seconds={:.1} tokens={}",
        started.elapsed().as_secs_f64(),
        tokens.min(count)
    );
}
