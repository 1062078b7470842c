//! The `latchkey` binary as an operator meets it: config check, bad configs, serve --dev.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_latchkey");

fn temp_dir() -> std::path::PathBuf {
    let dir = std::env::temp_dir()
        .join("latchkey-tests")
        .join(uuid::Uuid::new_v4().simple().to_string());
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_config(yaml: &str) -> std::path::PathBuf {
    let path = temp_dir().join("latchkey.yml");
    std::fs::write(&path, yaml).unwrap();
    path
}

fn latchkey(args: &[&str]) -> (i32, String, String) {
    latchkey_in(&temp_dir(), args)
}

/// Runs `latchkey ARGS` to completion in `dir` (where `--dev` keeps its data folder).
fn latchkey_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let output = Command::new(BIN)
        .args(args)
        .env_remove("LATCHKEY_DSN")
        .current_dir(dir)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_seed_config_checks_clean_and_notes_the_code_lifespan() {
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/kratos-seed.yml");
    let (code, stdout, stderr) = latchkey(&["config", "check", seed]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("configuration is valid"));
    assert!(
        stdout.contains("lifespan 15m") && stdout.contains("note:") && stdout.contains("6.5.5"),
        "{stdout}"
    );
}

#[test]
fn bad_configs_exit_non_zero_naming_key_value_and_fix() {
    let cases = [
        (
            "serve:\n  public:\n    prot: 1\n",
            "serve.public",
            "unknown field `prot`",
        ),
        ("session:\n  lifespan: 10 minutes\n", "session.lifespan", "10 minutes"),
        (
            "selfservice:\n  methods:\n    webauthn:\n      config:\n        rp:\n          id: example.com\n          origins: [\"https://login.other.org\"]\n",
            "rp.origins[0]",
            "not a suffix",
        ),
        (
            "selfservice:\n  methods:\n    webauthn:\n      config:\n        rp:\n          id: example.com\n          origins: [\"http://example.com\"]\n",
            "rp.origins[0]",
            "https",
        ),
        ("dsn: mysql://localhost/db\n", "dsn", "unsupported database"),
        (
            "dsn: postgres://db.internal/latchkey\n",
            "secrets.default",
            "every replica must share the key",
        ),
        (
            "courier:\n  smtp:\n    connection_uri: http://mailer:hunter2@mail.example.com/\n",
            "courier.smtp.connection_uri",
            "smtp or smtps",
        ),
        (
            "courier:\n  smtp:\n    connection_uri: smtp://mail.example.com/\n    from_address: not an address\n",
            "courier.smtp.from_address",
            "not an email address",
        ),
        (
            "selfservice:\n  methods:\n    code:\n      config:\n        rate_limit:\n          per_address: 0\n",
            "rate_limit.per_address",
            "zero would refuse every code",
        ),
        ("tracing:\n  provider: jaeger\n", "tracing.provider", "OTLP only"),
        (
            "tracing:\n  provider: otel\n",
            "tracing.providers.otlp.server_url",
            "not a collector address",
        ),
        (
            "webhooks:\n  - url: http://hooks.example.com/\n    secret: 0123456789abcdef0123456789abcdef\n    events: [passkey.added]\n",
            "webhooks[0].url",
            "clear text",
        ),
    ];
    for (yaml, key, words) in cases {
        let (code, _, stderr) = latchkey(&["config", "check", write_config(yaml).to_str().unwrap()]);
        assert_eq!(code, 2, "{yaml}: {stderr}");
        assert!(
            stderr.contains(key) && stderr.contains(words) && stderr.contains("Fix:"),
            "{yaml}: {stderr}"
        );
    }
}

#[test]
fn an_unreachable_dsn_stops_serve_naming_the_key() {
    let config = write_config(
        "dsn: postgres://nobody:secret@127.0.0.1:1/none\nsecrets:\n  default: [0123456789abcdef0123456789abcdef]\n",
    );
    let (code, _, stderr) = latchkey(&["serve", "--config", config.to_str().unwrap()]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("config key `dsn`") && stderr.contains("cannot connect to PostgreSQL at"),
        "{stderr}"
    );
    assert!(!stderr.contains("secret"), "the password is redacted: {stderr}");
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// `latchkey serve ARGS` in `dir` on free ports; returns the child, its public and admin ports.
fn spawn_serve(args: &[&str], dir: &std::path::Path, stdout: Stdio) -> (std::process::Child, u16, u16) {
    spawn_serve_with(args, dir, stdout, &[])
}

/// [`spawn_serve`] with more environment variables.
fn spawn_serve_with(
    args: &[&str],
    dir: &std::path::Path,
    stdout: Stdio,
    env: &[(&str, &str)],
) -> (std::process::Child, u16, u16) {
    let (public, admin) = (free_port(), free_port());
    let child = Command::new(BIN)
        .arg("serve")
        .args(args)
        .env("LATCHKEY_SERVE__PUBLIC__PORT", public.to_string())
        .env("LATCHKEY_SERVE__ADMIN__PORT", admin.to_string())
        .envs(env.iter().copied())
        .env_remove("LATCHKEY_DSN")
        .current_dir(dir)
        .stdout(stdout)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    (child, public, admin)
}

#[test]
fn serve_dev_starts_on_embedded_sqlite_and_prints_its_settings() {
    let dir = temp_dir();
    let (mut child, public, admin) = spawn_serve(&["--dev"], &dir, Stdio::piped());
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut printed = String::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let Some(Ok(line)) = lines.next() else { break };
        printed.push_str(&line);
        printed.push('\n');
        if line.contains("admin API on") {
            break;
        }
    }
    let ready = http_get(public, "/health/ready");
    let admin_ready = http_get(admin, "/health/alive");
    let login = http_get(public, "/ui/login");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        printed.contains("development mode")
            && printed.contains("rp.id: localhost")
            && printed.contains("sqlite://latchkey-data/latchkey.sqlite"),
        "{printed}"
    );
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    assert!(admin_ready.starts_with("HTTP/1.1 200"), "{admin_ready}");
    assert!(login.contains("<h1>Sign in</h1>"));
    assert!(
        dir.join("latchkey-data/latchkey.sqlite").exists(),
        "the embedded database lives in ./latchkey-data"
    );
}

fn http_get(port: u16, path: &str) -> String {
    try_http_get(port, path).unwrap_or_else(|e| panic!("GET {path} on port {port}: {e}"))
}

fn try_http_get(port: u16, path: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}

#[test]
fn migrate_prepares_the_embedded_database() {
    let dir = temp_dir();
    let (code, stdout, stderr) = latchkey_in(&dir, &["migrate", "--dev"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("migrations applied"));
    assert!(dir.join("latchkey-data/latchkey.sqlite").exists());
    assert_eq!(
        latchkey_in(&dir, &["migrate", "--dev"]).0,
        0,
        "migrating twice is harmless"
    );
}

#[test]
fn serve_runs_with_the_seed_config_unchanged() {
    let dir = temp_dir();
    let seed = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/kratos-seed.yml");
    let (mut child, public, _) = spawn_serve(&["--config", seed], &dir, Stdio::null());
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut ready = String::new();
    while Instant::now() < deadline && !ready.starts_with("HTTP/1.1 200") {
        std::thread::sleep(Duration::from_millis(100));
        ready = try_http_get(public, "/health/ready").unwrap_or_default();
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
}

fn http_post_json(port: u16, path: &str, body: &str) -> std::io::Result<String> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    Ok(response)
}

fn wait_ready(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if try_http_get(port, "/health/ready").is_ok_and(|r| r.starts_with("HTTP/1.1 200")) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("latchkey did not become ready on port {port}");
}

/// A sign-in email requested while SMTP is down, then the process killed (SIGKILL, no clean
/// shutdown): the next process delivers it, once.
#[test]
fn mail_queued_before_a_kill_is_delivered_after_restart() {
    let mut sink = crate::support::SmtpSink::down();
    let dir = temp_dir();
    let config = write_config(&format!(
        "dsn: sqlite://{}/latchkey.sqlite?mode=rwc\ncourier:\n  smtp:\n    connection_uri: smtp://127.0.0.1:{}/?disable_starttls=true\n",
        dir.display(),
        sink.port
    ));
    let config = config.to_str().unwrap();
    let (mut first, public, _) = spawn_serve(&["--config", config], &dir, Stdio::null());
    wait_ready(public);
    let sent = http_post_json(public, "/self-service/login/code", r#"{"email":"kill@example.com"}"#).unwrap();
    assert!(sent.starts_with("HTTP/1.1 200"), "{sent}");
    first.kill().unwrap();
    first.wait().unwrap();

    sink.up();
    let (mut second, public, _) = spawn_serve(&["--config", config], &dir, Stdio::null());
    wait_ready(public);
    let deadline = Instant::now() + Duration::from_secs(30);
    while sink.received().is_empty() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
    }
    // Give a duplicate the chance to show up before counting.
    std::thread::sleep(Duration::from_secs(2));
    second.kill().unwrap();
    second.wait().unwrap();
    let received = sink.received();
    assert_eq!(received.len(), 1, "delivered once after the restart");
    assert_eq!(received[0].to, "kill@example.com");
}

/// `GET path` with a bearer key on `port`.
fn http_get_with_key(port: u16, path: &str, key: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {key}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

/// The operator's path: `latchkey serve --dev` in a folder, `latchkey admin keys create --dev` in
/// the same folder, and the printed key works on that server's admin listener at once.
#[test]
fn admin_keys_made_at_the_command_line_work_against_the_dev_server() {
    let dir = temp_dir();
    let (mut child, public, admin) = spawn_serve(&["--dev"], &dir, Stdio::null());
    wait_ready(public);
    let (code, stdout, stderr) = latchkey_in(
        &dir,
        &[
            "admin",
            "keys",
            "create",
            "--dev",
            "--name",
            "Help desk, Ana",
            "--owner",
            "Ana Lima",
            "--role",
            "support",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let key = stdout.trim();
    assert_eq!(stdout.lines().count(), 1, "the key alone on its own line: {stdout}");
    assert!(key.starts_with("lk_admin_") && key.len() > 50, "{key}");
    assert!(stderr.contains("shown only this once"), "{stderr}");

    let listed = http_get_with_key(admin, "/admin/identities", key);
    assert!(listed.starts_with("HTTP/1.1 200"), "{listed}");
    let public_side = http_get_with_key(public, "/admin/identities", key);
    assert!(public_side.starts_with("HTTP/1.1 404"), "{public_side}");

    let (_, table, _) = latchkey_in(&dir, &["admin", "keys", "list", "--dev"]);
    assert!(
        table.contains("Help desk, Ana (Ana Lima)") && table.contains("support"),
        "{table}"
    );
    assert!(!table.contains(key), "listing never shows a key");
    let id = table
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    let (code, _, stderr) = latchkey_in(&dir, &["admin", "keys", "revoke", &id, "--dev"]);
    assert_eq!(code, 0, "{stderr}");
    let refused = http_get_with_key(admin, "/admin/identities", key);
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(refused.starts_with("HTTP/1.1 401"), "{refused}");
    let (code, _, stderr) = latchkey_in(&dir, &["admin", "keys", "revoke", &id, "--dev"]);
    assert_eq!(code, 1, "revoking twice says so: {stderr}");
    let (code, _, stderr) = latchkey_in(
        &dir,
        &[
            "admin", "keys", "create", "--dev", "--name", "x", "--owner", "x", "--role", "root",
        ],
    );
    assert_ne!(code, 0);
    assert!(stderr.contains("support") && stderr.contains("admin"), "{stderr}");
}

/// `latchkey audit verify` passes on a clean trail and names the entry edited in the database.
#[test]
fn audit_verify_names_the_entry_edited_in_the_database() {
    let dir = temp_dir();
    for name in ["first", "second", "third"] {
        let (code, _, stderr) = latchkey_in(
            &dir,
            &[
                "admin", "keys", "create", "--dev", "--name", name, "--owner", name, "--role", "admin",
            ],
        );
        assert_eq!(code, 0, "{stderr}");
    }
    let (code, stdout, stderr) = latchkey_in(&dir, &["audit", "verify", "--dev"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("intact: 3 entries"), "{stdout}");

    let database = dir.join("latchkey-data/latchkey.sqlite");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        sqlx::any::install_default_drivers();
        let pool = sqlx::AnyPool::connect(&format!("sqlite://{}", database.display()))
            .await
            .unwrap();
        for sql in [
            "DROP TRIGGER audit_log_no_update",
            "UPDATE audit_log SET details = replace(details, 'second', 'someone else') WHERE seq = 2",
        ] {
            sqlx::query(sql).execute(&pool).await.unwrap();
        }
        pool.close().await;
    });
    let (code, _, stderr) = latchkey_in(&dir, &["audit", "verify", "--dev"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("broken at entry 2") && stderr.contains("edited"),
        "{stderr}"
    );
}

#[test]
fn keys_rotate_hands_signing_to_the_published_next_key_and_is_audited() {
    let dir = temp_dir();
    let mut signers = Vec::new();
    for _ in 0..2 {
        let (code, stdout, stderr) = latchkey_in(&dir, &["keys", "rotate", "--dev"]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.contains("signs from now on"), "{stdout}");
        signers.push(stdout.split_whitespace().nth(1).unwrap().to_owned());
    }
    assert_ne!(signers[0], signers[1], "each rotation hands signing to another key");
    let (code, stdout, stderr) = latchkey_in(&dir, &["audit", "verify", "--dev"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("intact: 2 entries"), "one entry per rotation: {stdout}");
}

/// Finding 9 at the command line: a checkpoint printed by one process and kept in a file proves,
/// to a later one, that entries were removed and the head moved back behind latchkey's back
/// (the generated secrets of `--dev` survive between processes).
#[test]
fn audit_checkpoint_kept_elsewhere_catches_a_removed_tail() {
    let dir = temp_dir();
    let create_key = |name: &str| {
        let (code, _, stderr) = latchkey_in(
            &dir,
            &[
                "admin", "keys", "create", "--dev", "--name", name, "--owner", name, "--role", "admin",
            ],
        );
        assert_eq!(code, 0, "{stderr}");
    };
    let database = dir.join("latchkey-data/latchkey.sqlite");
    let sql = |statements: Vec<String>| {
        tokio::runtime::Runtime::new().unwrap().block_on(async {
            sqlx::any::install_default_drivers();
            let pool = sqlx::AnyPool::connect(&format!("sqlite://{}", database.display()))
                .await
                .unwrap();
            for statement in statements {
                sqlx::query(sqlx::AssertSqlSafe(statement))
                    .execute(&pool)
                    .await
                    .unwrap();
            }
            pool.close().await;
        })
    };
    create_key("first");
    // A backup of the head row as it is now, signature included.
    sql(vec!["CREATE TABLE head_backup AS SELECT * FROM audit_head".to_owned()]);
    let (code, head_after_one, stderr) = latchkey_in(&dir, &["audit", "checkpoint", "--dev"]);
    assert_eq!(code, 0, "{stderr}");
    create_key("second");
    create_key("third");
    let (code, checkpoint, stderr) = latchkey_in(&dir, &["audit", "checkpoint", "--dev"]);
    assert_eq!(code, 0, "{stderr}");
    let parsed: serde_json::Value = serde_json::from_str(checkpoint.trim()).unwrap();
    assert_eq!(parsed["seq"], 3);
    let kept = dir.join("checkpoints.jsonl");
    std::fs::write(&kept, format!("{head_after_one}{checkpoint}")).unwrap();
    let kept = kept.to_str().unwrap();
    let (code, stdout, stderr) = latchkey_in(&dir, &["audit", "verify", "--dev", "--checkpoint", kept]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("extends every checkpoint"), "{stdout}");

    // Someone with the database drops the guards, deletes entries 2 and 3 and restores the head
    // from the backup: the database alone cannot tell, the checkpoint kept elsewhere can.
    sql(vec![
        "DROP TRIGGER audit_log_no_delete".to_owned(),
        "DROP TRIGGER audit_head_forward_only".to_owned(),
        "DROP TRIGGER audit_head_no_delete".to_owned(),
        "DELETE FROM audit_log WHERE seq > 1".to_owned(),
        "DELETE FROM audit_head".to_owned(),
        "INSERT INTO audit_head SELECT * FROM head_backup".to_owned(),
    ]);
    let (code, stdout, stderr) = latchkey_in(&dir, &["audit", "verify", "--dev"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("intact: 1 entry"), "{stdout}");
    let (code, _, stderr) = latchkey_in(&dir, &["audit", "verify", "--dev", "--checkpoint", kept]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("broken at entry 2") && stderr.contains("records entry 3"),
        "{stderr}"
    );
}

/// `latchkey identities import`: JSON Lines with one bad record imports the others, names the bad
/// one (index, field, reason) and exits 1; importing again skips what is in.
#[test]
fn identities_import_names_each_refused_record_and_imports_the_rest() {
    let dir = temp_dir();
    let file = dir.join("users.jsonl");
    let lines = [
        r#"{"traits":{"email":"ada@example.com"},"verifiable_addresses":[{"value":"ada@example.com","verified":true}],"credentials":{"password":{"config":{"hashed_password":"$2y$10$AhHCSQd61aldxD0vL//TfesW/jKR3NjMCiwaClL.ZGA0jDRww09sq"}}}}"#,
        r#"{"traits":{"email":"bob@example.com"}}"#,
        r#"{"traits":{"email":"no address"}}"#,
        "",
        r#"{"traits":{"email":"cy@example.com"},"tier":"high_value"}"#,
    ];
    std::fs::write(&file, lines.join("\n")).unwrap();
    let path = file.to_str().unwrap();
    let (code, stdout, stderr) = latchkey_in(&dir, &["identities", "import", "--dev", path]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stderr.contains("record 2: traits.email: not an email address"),
        "{stderr}"
    );
    assert!(stdout.contains("imported 3, updated 0, skipped 0"), "{stdout}");
    let (code, stdout, stderr) = latchkey_in(&dir, &["identities", "import", "--dev", path]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("imported 0, updated 0, skipped 3"), "{stdout}");
    let (code, _, stderr) = latchkey_in(&dir, &["audit", "verify", "--dev"]);
    assert_eq!(code, 0, "every import is audited on an intact trail: {stderr}");
}

/// An error's request id finds its log lines, in the text and the JSON log format: the line the
/// trace layer writes names the id, the route template and the status.
#[test]
fn a_request_id_in_an_error_finds_its_log_lines_in_text_and_json() {
    for format in ["text", "json"] {
        let dir = temp_dir();
        let (mut child, public, _) = spawn_serve_with(
            &["--dev"],
            &dir,
            Stdio::piped(),
            &[
                ("LATCHKEY_LOG__FORMAT", format),
                ("LATCHKEY_LOG", "info,tower_http=debug"),
            ],
        );
        let stdout = child.stdout.take().unwrap();
        let (lines, received) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        wait_ready(public);
        let answer = http_post_json(public, "/self-service/login/code/verify", r#"{"flow_id": 1}"#).unwrap();
        let id = answer
            .lines()
            .find_map(|l| l.strip_prefix("x-request-id: "))
            .unwrap_or_else(|| panic!("no request id: {answer}"))
            .trim()
            .to_owned();
        assert!(answer.contains(&format!(r#""request_id":"{id}""#)), "{answer}");
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut found = None;
        while found.is_none() && Instant::now() < deadline {
            if let Ok(line) = received.recv_timeout(Duration::from_millis(200)) {
                found = line.contains(&id).then_some(line);
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let line = found.unwrap_or_else(|| panic!("no {format} log line names {id}"));
        assert!(
            line.contains("/self-service/login/code/verify") && line.contains("400"),
            "{line}"
        );
        if format == "json" {
            let entry: serde_json::Value = serde_json::from_str(&line).unwrap();
            assert_eq!(entry["span"]["id"], id.as_str(), "{line}");
            assert_eq!(entry["span"]["route"], "/self-service/login/code/verify");
        }
    }
}

/// `latchkey doctor`: clean on a migrated dev setup; a warning for a migration the database lacks;
/// failures for a base URL outside rp.id, plain http outside localhost and an SMTP server that
/// is down, each with its fix; the exit code is the worst finding.
#[test]
fn doctor_names_what_breaks_passkeys_and_how_to_fix_it() {
    let dir = temp_dir();
    assert_eq!(latchkey_in(&dir, &["migrate", "--dev"]).0, 0);
    let (code, stdout, _) = latchkey_in(&dir, &["doctor", "--dev"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.lines().all(|l| l.starts_with("ok ")), "{stdout}");

    let database = dir.join("latchkey-data/latchkey.sqlite");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", database.display()))
            .await
            .unwrap();
        sqlx::query("DELETE FROM _sqlx_migrations WHERE version = (SELECT MAX(version) FROM _sqlx_migrations)")
            .execute(&pool)
            .await
            .unwrap();
    });
    let (code, stdout, _) = latchkey_in(&dir, &["doctor", "--dev"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("WARN  database")
            && stdout.contains("lacks 1 migration(s)")
            && stdout.contains("fix: run latchkey migrate"),
        "{stdout}"
    );

    let mut sink = crate::support::SmtpSink::start();
    let config = write_config(&format!(
        "dsn: sqlite://{}?mode=rwc\nserve:\n  public:\n    base_url: http://id.other.org/\n\
         selfservice:\n  methods:\n    webauthn:\n      config:\n        rp:\n          id: example.com\n          origins: [\"https://login.example.com\"]\n          related_origins: [\"https://example.co.uk\"]\n\
         courier:\n  smtp:\n    connection_uri: smtp://127.0.0.1:{}/?disable_starttls=true\n",
        dir.join("other.sqlite").display(),
        sink.port
    ));
    let (_, stdout, _) = latchkey(&["doctor", "--config", config.to_str().unwrap()]);
    assert!(stdout.contains("ok    smtp"), "the receiver is up: {stdout}");
    sink.stop();
    let (code, stdout, _) = latchkey(&["doctor", "--config", config.to_str().unwrap()]);
    assert_eq!(code, 2, "{stdout}");
    for expected in [
        "FAIL  rp.id     http://id.other.org is not rp.id (example.com) or under it",
        "FAIL  https     http://id.other.org is plain http",
        "FAIL  origins   serve.public.base_url (http://id.other.org) is not among the WebAuthn origins",
        "FAIL  smtp      127.0.0.1:",
        "browsers read related origins from https://example.com/.well-known/webauthn, but latchkey serves http://id.other.org/",
    ] {
        assert!(stdout.contains(expected), "no {expected:?} in:\n{stdout}");
    }
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("FAIL")).count(),
        stdout.lines().filter(|l| l.trim_start().starts_with("fix:")).count()
            - stdout.lines().filter(|l| l.starts_with("WARN")).count(),
        "every failure says how to fix it: {stdout}"
    );
}

/// The requests a receiver got: path and body.
type Received = std::sync::Arc<std::sync::Mutex<Vec<(String, Vec<u8>)>>>;

/// A collector's OTLP/HTTP receiver on a free port: every POST it gets (path and body), answered
/// 200.
fn otlp_collector() -> (u16, Received) {
    use std::io::{BufRead as _, Read as _, Write as _};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = got.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().map_while(Result::ok) {
            let mut reader = BufReader::new(stream);
            let mut request_line = String::new();
            if reader.read_line(&mut request_line).is_err() {
                continue;
            }
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() || line == "\r\n" || line.is_empty() {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_ok() {
                let path = request_line.split_whitespace().nth(1).unwrap_or_default().to_owned();
                sink.lock().unwrap().push((path, body));
            }
            let _ = reader
                .get_mut()
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        }
    });
    (port, got)
}

/// `tracing.provider: otel` (Kratos's keys): the request spans reach the collector over
/// OTLP/HTTP, named by route template and carrying the service name; off by default.
#[test]
fn spans_reach_an_otlp_collector_when_tracing_is_on() {
    let (collector, got) = otlp_collector();
    let dir = temp_dir();
    let collector_url = format!("127.0.0.1:{collector}");
    let (mut child, public, _) = spawn_serve_with(
        &["--dev"],
        &dir,
        Stdio::null(),
        &[
            ("LATCHKEY_TRACING__PROVIDER", "otel"),
            ("LATCHKEY_TRACING__PROVIDERS__OTLP__SERVER_URL", &collector_url),
            ("LATCHKEY_TRACING__PROVIDERS__OTLP__INSECURE", "true"),
        ],
    );
    wait_ready(public);
    http_get(public, "/sessions/whoami");
    // SIGTERM: serve stops gracefully and sends the batched spans on its way out.
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    child.wait().unwrap();
    let got = got.lock().unwrap();
    assert!(!got.is_empty(), "the collector got nothing");
    assert!(
        got.iter().all(|(path, _)| path == "/v1/traces"),
        "{:?}",
        got.iter().map(|g| &g.0).collect::<Vec<_>>()
    );
    let bytes: Vec<u8> = got.iter().flat_map(|(_, body)| body.clone()).collect();
    let has = |text: &str| bytes.windows(text.len()).any(|w| w == text.as_bytes());
    assert!(
        has("latchkey") && has("/sessions/whoami") && has("request"),
        "{}",
        String::from_utf8_lossy(&bytes)
    );
}
