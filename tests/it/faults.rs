//! Faults: the database going away under load and coming back, and the process killed with
//! SIGKILL in the middle of sign-ins and mail.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::StatusCode;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

use crate::on_both_stores;
use crate::support::{ApiClient, Db, Device, Harness, ORIGIN, Reply, SmtpSink};

/// A TCP proxy in front of PostgreSQL that the test can cut: open connections are reset and new
/// ones refused until it is restored, which is what a database restart looks like from latchkey.
struct CuttableProxy {
    port: u16,
    up: Arc<AtomicBool>,
    cut: watch::Sender<u64>,
}

impl CuttableProxy {
    async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let (cut, cuts) = watch::channel(0);
        let accepting = up.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if !accepting.load(Ordering::SeqCst) {
                    continue; // dropped at once: the client sees its connection reset
                }
                let upstream = upstream.clone();
                let mut cuts = cuts.clone();
                // Only a cut after this connection opened ends it.
                cuts.mark_unchanged();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(upstream).await else {
                        return;
                    };
                    let mut client = client;
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cuts.changed() => {}
                    }
                });
            }
        });
        Self { port, up, cut }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.send_modify(|n| *n += 1);
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }

    /// `dsn` with its host and port replaced by the proxy's.
    fn in_front_of(&self, dsn: &str) -> String {
        let mut url = url::Url::parse(dsn).unwrap();
        url.set_host(Some("127.0.0.1")).unwrap();
        url.set_port(Some(self.port)).unwrap();
        url.to_string()
    }
}

fn host_and_port(dsn: &str) -> String {
    let url = url::Url::parse(dsn).unwrap();
    format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432))
}

/// What a request answered: its status and error id.
fn outcome(reply: &Reply) -> (StatusCode, String) {
    let id = serde_json::from_str::<serde_json::Value>(&reply.text)
        .ok()
        .and_then(|v| v["error"]["id"].as_str().map(str::to_owned))
        .unwrap_or_default();
    (reply.status, id)
}

async fn sign_in(client: &mut ApiClient<'_>, device: &mut Device) -> (StatusCode, String) {
    let start = client.post("/self-service/login/passkey/options", json!({})).await;
    if start.status != StatusCode::OK {
        return outcome(&start);
    }
    let credential = device.authenticate(&start.json()["options"]).await;
    let reply = client.login_verify(&start.json()["flow_id"], &credential).await;
    outcome(&reply)
}

async fn ready(h: &Harness) -> StatusCode {
    h.api().get("/health/ready").await.status
}

/// PostgreSQL restarting under sign-in load: every request answers at once with a typed 503
/// (`store_unavailable`, never a 500 or a request left to time out), `/health/ready` says so, and
/// once the database is back sign-ins work again without restarting latchkey.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_answers_a_typed_503_and_recovers_without_a_restart() {
    let upstream = host_and_port(&crate::support::fresh_dsn(Db::Postgres).await);
    let proxy = CuttableProxy::start(upstream).await;
    let h = Harness::with_config(Db::Postgres, |c| c.dsn = proxy.in_front_of(&c.dsn)).await;
    let mut devices = Vec::new();
    for n in 0..3 {
        let mut device = Device::new();
        h.api().sign_up(&format!("load{n}@example.com"), &mut device).await;
        devices.push(device);
    }
    assert_eq!(ready(&h).await, StatusCode::OK);

    let stop = AtomicBool::new(false);
    let outcomes = tokio::sync::Mutex::new(Vec::new());
    let load = |mut device: Device| {
        let (stop, outcomes, h) = (&stop, &outcomes, &h);
        async move {
            let mut client = h.api();
            while !stop.load(Ordering::SeqCst) {
                let answered = sign_in(&mut client, &mut device).await;
                outcomes.lock().await.push(answered);
            }
        }
    };
    let controller = async {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        proxy.cut();
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        assert_eq!(
            ready(&h).await,
            StatusCode::SERVICE_UNAVAILABLE,
            "ready reflects the outage"
        );
        let during = outcomes.lock().await.len();
        tokio::time::sleep(std::time::Duration::from_secs(6)).await;
        assert!(
            outcomes.lock().await.len() > during,
            "requests kept being answered during the outage"
        );
        proxy.restore();
        let mut back = false;
        for _ in 0..100 {
            if ready(&h).await == StatusCode::OK {
                back = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        assert!(back, "ready again once the database is");
        let answered_before = outcomes.lock().await.len();
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        stop.store(true, Ordering::SeqCst);
        answered_before
    };
    let mut devices = devices.into_iter();
    let (answered_before, (), (), ()) = tokio::join!(
        controller,
        load(devices.next().unwrap()),
        load(devices.next().unwrap()),
        load(devices.next().unwrap()),
    );
    let outcomes = outcomes.into_inner();
    let ok = (StatusCode::OK, String::new());
    let unavailable = (StatusCode::SERVICE_UNAVAILABLE, "store_unavailable".to_owned());
    let mut tally = std::collections::BTreeMap::new();
    for answered in &outcomes {
        *tally.entry(answered.clone()).or_insert(0) += 1;
    }
    assert!(
        tally.keys().all(|answered| answered == &ok || answered == &unavailable),
        "{tally:?}"
    );
    assert!(outcomes.contains(&unavailable), "the outage was seen");
    let signed_in_after = outcomes.iter().skip(answered_before).filter(|a| **a == ok).count();
    assert!(
        signed_in_after >= 3,
        "signing in works again without a restart: {signed_in_after} after, {tally:?}"
    );
}

on_both_stores!(killed_mid_sign_in_and_mail_loses_nothing_it_promised);

/// One request over a fresh connection to a spawned server: its status and JSON body; `None`
/// when the server did not answer (it was killed).
async fn call(port: u16, method: &str, path: &str, body: Option<&Value>, token: Option<&str>) -> Option<(u16, Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let token = token.map(|t| format!("X-Session-Token: {t}\r\n")).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n{token}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.ok()?;
    let answer = String::from_utf8_lossy(&answer);
    let (head, body) = answer.split_once("\r\n\r\n")?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    Some((status, serde_json::from_str(body).unwrap_or(Value::Null)))
}

async fn post(port: u16, path: &str, body: Value) -> Option<(u16, Value)> {
    call(port, "POST", path, Some(&body), None).await
}

/// `latchkey serve --config FILE`, as an operator runs it.
fn spawn_server(config: &std::path::Path, dir: &std::path::Path) -> std::process::Child {
    std::process::Command::new(env!("CARGO_BIN_EXE_latchkey"))
        .args(["serve", "--config", config.to_str().unwrap()])
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap()
}

async fn wait_ready(port: u16) {
    for _ in 0..300 {
        if matches!(call(port, "GET", "/health/ready", None, None).await, Some((200, _))) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("latchkey did not become ready on port {port}");
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Signs an account up over HTTP, the code read from the SMTP receiver.
async fn sign_up_over_http(port: u16, sink: &SmtpSink, email: &str, device: &mut Device) {
    let (_, sent) = post(port, "/self-service/registration/code", json!({ "email": email }))
        .await
        .unwrap();
    let code = loop {
        if let Some(mail) = sink.received().into_iter().find(|m| m.to == email) {
            break mail.code();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    };
    let (_, start) = post(
        port,
        "/self-service/registration/passkey/options",
        json!({ "flow_id": sent["flow_id"], "code": code }),
    )
    .await
    .unwrap();
    let credential = device.register(&start["options"]).await;
    let (status, done) = post(
        port,
        "/self-service/registration/passkey/verify",
        json!({ "flow_id": start["flow_id"], "credential": credential }),
    )
    .await
    .unwrap();
    assert_eq!(status, 200, "{done}");
}

/// What one client got before the server died: session tokens it was given, and how many code
/// requests were accepted.
#[derive(Default)]
struct Promised {
    tokens: Vec<String>,
    codes_accepted: usize,
}

async fn sign_in_and_ask_for_codes(port: u16, email: &str, mut device: Device, stop: &AtomicBool) -> Promised {
    let mut promised = Promised::default();
    while !stop.load(Ordering::SeqCst) {
        if let Some((200, start)) = post(port, "/self-service/login/passkey/options", json!({})).await {
            let credential = device.authenticate(&start["options"]).await;
            let verify = json!({ "flow_id": start["flow_id"], "credential": credential });
            if let Some((200, done)) = post(port, "/self-service/login/passkey/verify", verify).await {
                promised.tokens.push(done["session_token"].as_str().unwrap().to_owned());
            }
        }
        if let Some((200, _)) = post(port, "/self-service/login/code", json!({ "email": email })).await {
            promised.codes_accepted += 1;
        }
    }
    promised
}

/// SIGKILL in the middle of sign-ins and mail, then a restart on the same store: every session
/// in the store has its audit entry, every token a client was given still works, every message
/// queued is delivered (a repeat only under the same Message-ID), and the trail verifies.
async fn killed_mid_sign_in_and_mail_loses_nothing_it_promised(db: Db) {
    let sink = SmtpSink::start();
    let dir = std::env::temp_dir().join(format!("latchkey-kill-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let dsn = crate::support::fresh_dsn(db).await;
    let (public, admin) = (free_port(), free_port());
    let secret = format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple());
    let config = dir.join("latchkey.yml");
    std::fs::write(
        &config,
        format!(
            r#"dsn: "{dsn}"
secrets: {{ default: ["{secret}"] }}
serve:
  public: {{ port: {public}, host: 127.0.0.1, base_url: "http://localhost:{public}/" }}
  admin: {{ port: {admin} }}
selfservice:
  methods:
    webauthn: {{ config: {{ rp: {{ id: localhost, origins: ["{ORIGIN}"] }} }} }}
    code: {{ config: {{ rate_limit: {{ per_client: 100000, per_address: 100000 }} }} }}
courier:
  smtp: {{ connection_uri: "smtp://127.0.0.1:{}/?disable_starttls=true" }}
"#,
            sink.port
        ),
    )
    .unwrap();
    let mut server = spawn_server(&config, &dir);
    wait_ready(public).await;
    let mut accounts = Vec::new();
    for n in 0..4 {
        let (email, mut device) = (format!("kill{n}@example.com"), Device::new());
        sign_up_over_http(public, &sink, &email, &mut device).await;
        accounts.push((email, device));
    }

    let stop = AtomicBool::new(false);
    let killer = async {
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
        server.kill().unwrap(); // SIGKILL: no shutdown, no flush
        server.wait().unwrap();
        stop.store(true, Ordering::SeqCst);
    };
    let clients = futures_util::future::join_all(accounts.into_iter().map(|(email, device)| {
        let stop = &stop;
        async move { sign_in_and_ask_for_codes(public, &email, device, stop).await }
    }));
    let ((), promised): ((), Vec<Promised>) = tokio::join!(killer, clients);
    let tokens: Vec<String> = promised.iter().flat_map(|p| p.tokens.clone()).collect();
    let codes_accepted: usize = promised.iter().map(|p| p.codes_accepted).sum();
    assert!(!tokens.is_empty() && codes_accepted > 0, "load ran before the kill");

    let mut server = spawn_server(&config, &dir);
    wait_ready(public).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&dsn).await.unwrap();
    let queued = || async {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM courier_messages WHERE status = 'queued'")
            .fetch_one(&pool)
            .await
            .unwrap();
        sqlx::Row::get::<i64, _>(&row, "n")
    };
    // A message claimed by the dead process waits for its claim to lapse (the SMTP timeout and a
    // margin), then goes out.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while queued().await > 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    assert_eq!(
        queued().await,
        0,
        "every queued message was delivered after the restart"
    );

    let sessions: Vec<String> = sqlx::query("SELECT id FROM sessions")
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|row| sqlx::Row::get(row, "id"))
        .collect();
    let audited: std::collections::HashSet<String> =
        sqlx::query("SELECT details FROM audit_log WHERE action = 'session.signed_in'")
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|row| {
                let details: Value = serde_json::from_str(&sqlx::Row::get::<String, _>(row, "details")).unwrap();
                details["session_id"].as_str().unwrap().to_owned()
            })
            .collect();
    for session in &sessions {
        assert!(audited.contains(session), "session {session} has no audit entry");
    }
    for token in &tokens {
        let answer = call(public, "GET", "/sessions/whoami", None, Some(token)).await;
        assert!(
            matches!(answer, Some((200, _))),
            "a session handed out was lost: {answer:?}"
        );
    }

    let sent: std::collections::HashSet<String> = sqlx::query("SELECT id FROM courier_messages WHERE status = 'sent'")
        .fetch_all(&pool)
        .await
        .unwrap()
        .iter()
        .map(|row| sqlx::Row::get(row, "id"))
        .collect();
    let received = sink.received();
    let received_ids: std::collections::HashSet<String> = received
        .iter()
        .map(|m| {
            m.message_id
                .trim_matches(['<', '>'])
                .split('@')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(received_ids, sent, "each message sent arrived, and nothing else");
    assert!(
        received.iter().filter(|m| m.subject.contains("sign-in code")).count() >= codes_accepted,
        "every accepted code request got its mail"
    );

    let verify = std::process::Command::new(env!("CARGO_BIN_EXE_latchkey"))
        .args(["audit", "verify", "--config", config.to_str().unwrap()])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stderr));
    server.kill().unwrap();
    server.wait().unwrap();
    pool.close().await;
}
