//! Load generator for latchkey's benchmarks, with a software authenticator (1Password's passkey
//! crates) so every sign-in is a real WebAuthn ceremony.
//!
//! Usage:
//!   loadgen signup BASE_URL            signs up an account, prints its session token
//!   loadgen signins BASE_URL SECONDS CONCURRENCY
//!                                       signs in over and over (options + verify), prints a summary
//!   loadgen signins-keepalive BASE_URL SECONDS CONCURRENCY
//!                                       the same, each client on one connection kept open, as a
//!                                       browser signs in
//!   loadgen codes BASE_URL SECONDS CONCURRENCY
//!                                       asks for sign-in codes for new addresses, prints a summary
//!   loadgen backup-codes BASE_URL SECONDS CONCURRENCY
//!                                       signs in with backup codes over and over, each worker
//!                                       through accounts made beforehand (ten tries per account
//!                                       before the fallback limit waits an hour)
//!   loadgen funnel BASE_URL PEOPLE    a week of a small site for the fallback funnel's figures
//!                                       (see `funnel`), prints what it did
//!   loadgen revocation BALANCER_URL A_URL B_URL ROUNDS
//!                                       signs in through the balancer, signs out on replica A and
//!                                       times until replica B refuses the token (see `revocation`)
//!   loadgen verify-cost COUNT          times webauthn-rs verifying one assertion COUNT times in
//!                                       process: the signature-check floor of a sign-in
//!   loadgen argon2-cost COUNT          times one Argon2id hash (how codes are stored): the floor
//!                                       of sending or checking a code

use std::time::{Duration, Instant};

use passkey::authenticator::{Authenticator, UiHint, UserCheck, UserValidationMethod};
use passkey::client::{Client, DefaultClientData};
use passkey::crypto::rust_crypto::RustCryptoBackend;
use passkey::types::Passkey;
use passkey::types::ctap2::{Aaguid, Ctap2Error};
use passkey::types::webauthn::{CredentialCreationOptions, CredentialRequestOptions};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};
use url::Url;

#[derive(Clone, Copy)]
struct Person;

#[async_trait::async_trait]
impl UserValidationMethod for Person {
    type PasskeyItem = Passkey;

    async fn check_user<'a>(&self, _: UiHint<'a, Passkey>, _: bool, _: bool) -> Result<UserCheck, Ctap2Error> {
        Ok(UserCheck {
            presence: true,
            verification: true,
        })
    }

    fn is_presence_enabled(&self) -> bool {
        true
    }

    fn is_verification_enabled(&self) -> Option<bool> {
        Some(true)
    }
}

fn authenticator(passkey: Option<Passkey>) -> Authenticator<Option<Passkey>, Person, RustCryptoBackend> {
    Authenticator::new(Aaguid::new_empty(), passkey, Person, RustCryptoBackend)
}

/// One HTTP/1.1 POST over a fresh connection; returns the JSON body.
async fn post(base: &Url, path: &str, body: &Value) -> (u16, Value) {
    post_as(base, path, body, None).await
}

/// A POST with the session token of an API client, if any.
async fn post_as(base: &Url, path: &str, body: &Value, token: Option<&str>) -> (u16, Value) {
    let body = body.to_string();
    let mut head = format!(
        "POST {path} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}",
        body.len()
    );
    if let Some(token) = token {
        head.push_str(&format!("\r\nAuthorization: Bearer {token}"));
    }
    exchange(base, &head, &body).await
}

/// One HTTP/1.1 GET of a JSON resource.
async fn get(base: &Url, path: &str) -> (u16, Value) {
    exchange(base, &format!("GET {path} HTTP/1.1\r\nAccept: application/json"), "").await
}

/// `whoami` with an API client's session token: the status.
async fn whoami(base: &Url, token: &str) -> u16 {
    let head = format!("GET /sessions/whoami HTTP/1.1\r\nAuthorization: Bearer {token}");
    exchange(base, &head, "").await.0
}

/// How long a sign-out on one replica takes to reach another: `rounds` times, signs in through
/// `balancer`, lets replica `b` cache the session, signs out on replica `a`, then asks `b` until
/// it refuses the token. Prints the median and 99th percentile in ms, counted from the sign-out's
/// answer.
async fn revocation(balancer: &Url, a: &Url, b: &Url, rounds: usize) {
    let mut passkey = sign_up(balancer, &format!("revocation-{}@example.com", std::process::id()))
        .await
        .0;
    let mut delays = Vec::new();
    for _ in 0..rounds {
        let (again, token) = sign_in(balancer, passkey.take()).await;
        passkey = again;
        for _ in 0..2 {
            assert_eq!(whoami(b, &token).await, 200, "replica b does not know the session");
        }
        let (status, _) = post_as(a, "/self-service/logout", &json!({}), Some(&token)).await;
        assert!(status < 300, "sign-out refused: {status}");
        let signed_out = Instant::now();
        while whoami(b, &token).await == 200 {
            assert!(signed_out.elapsed() < Duration::from_secs(10), "replica b never heard");
        }
        delays.push(signed_out.elapsed().as_secs_f64() * 1000.0);
    }
    delays.sort_by(f64::total_cmp);
    let pct = |p: f64| delays[((delays.len() as f64 - 1.0) * p) as usize];
    println!(
        "rounds={rounds} median_ms={:.2} p99_ms={:.2} max_ms={:.2}",
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
}

async fn exchange(base: &Url, head: &str, body: &str) -> (u16, Value) {
    let host = base.host_str().unwrap();
    let port = base.port_or_known_default().unwrap();
    let mut stream = tokio::net::TcpStream::connect((host, port)).await.unwrap();
    let request = format!("{head}\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n{body}");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response);
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let json = text
        .split("\r\n\r\n")
        .nth(1)
        .and_then(|b| serde_json::from_str(b).ok())
        .unwrap_or(Value::Null);
    (status, json)
}

/// The newest code the server (in `--dev` mode) delivered to `email`, from `/dev/outbox`, once it
/// is not `previous` (the code of an earlier message to the same address).
async fn emailed_code(base: &Url, email: &str, previous: Option<&str>) -> String {
    for _ in 0..100 {
        let (_, outbox) = get(base, "/dev/outbox").await;
        // The outbox lists the newest message first.
        let text = outbox["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| m["recipient"] == email)
            .and_then(|m| m["text_body"].as_str().map(str::to_owned));
        let code = text.as_deref().and_then(|t| {
            t.lines()
                .map(str::trim)
                .find(|l| l.len() == 6 && l.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_owned)
        });
        if let Some(code) = code.filter(|code| Some(code.as_str()) != previous) {
            return code;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no new code for {email} in /dev/outbox: is the server running with --dev?");
}

/// Signs up `email` with a new passkey; returns the passkey, the session token and the sign-up
/// code (so a later code to the same address can be told apart).
async fn sign_up_with_code(base: &Url, email: &str) -> (Option<Passkey>, String, String) {
    let (status, sent) = post(base, "/self-service/registration/code", &json!({ "email": email })).await;
    assert_eq!(status, 200, "sign-up code refused: {sent}");
    let code = emailed_code(base, email, None).await;
    let (_, start) = post(
        base,
        "/self-service/registration/passkey/options",
        &json!({ "flow_id": sent["flow_id"], "code": code }),
    )
    .await;
    let options: CredentialCreationOptions = serde_json::from_value(start["options"].clone()).unwrap();
    let mut client = Client::new(authenticator(None)).allows_insecure_localhost(true);
    let created = client.register(base, options, DefaultClientData).await.unwrap();
    let body = json!({ "flow_id": start["flow_id"], "credential": created });
    let (status, done) = post(base, "/self-service/registration/passkey/verify", &body).await;
    assert_eq!(status, 200, "sign-up failed: {done}");
    (
        client.authenticator().store().clone(),
        done["session_token"].as_str().unwrap().to_owned(),
        code,
    )
}

async fn sign_up(base: &Url, email: &str) -> (Option<Passkey>, String) {
    let (passkey, token, _) = sign_up_with_code(base, email).await;
    (passkey, token)
}

/// Signs in with an emailed code (the fallback); returns the session token.
async fn email_sign_in(base: &Url, email: &str, previous_code: &str) -> String {
    let (status, sent) = post(base, "/self-service/login/code", &json!({ "email": email })).await;
    assert_eq!(status, 200, "code refused: {sent}");
    let code = emailed_code(base, email, Some(previous_code)).await;
    let body = json!({ "flow_id": sent["flow_id"], "code": code, "email": email });
    let (status, done) = post(base, "/self-service/login/code/verify", &body).await;
    assert_eq!(status, 200, "code sign-in failed: {done}");
    done["session_token"].as_str().unwrap().to_owned()
}

/// Saves a new passkey to the account of `token`.
async fn save_passkey(base: &Url, token: &str) {
    let (status, start) = post_as(base, "/self-service/settings/passkeys/options", &json!({}), Some(token)).await;
    assert_eq!(status, 200, "add-passkey options refused: {start}");
    let options: CredentialCreationOptions = serde_json::from_value(start["options"].clone()).unwrap();
    let mut client = Client::new(authenticator(None)).allows_insecure_localhost(true);
    let created = client.register(base, options, DefaultClientData).await.unwrap();
    let body = json!({ "flow_id": start["flow_id"], "credential": created });
    let (status, done) = post_as(base, "/self-service/settings/passkeys/verify", &body, Some(token)).await;
    assert_eq!(status, 201, "saving the passkey failed: {done}");
}

/// A small site's week, so the funnel (Prometheus and `/admin/funnel`) shows real figures:
/// `people` sign up with a passkey and sign in with it; every third comes back on a device whose
/// passkey the site no longer knows (refused), signs in with an emailed code instead, and
/// two of every three of those then save a passkey there.
async fn funnel(base: &Url, people: usize) {
    let (mut fell_back, mut saved) = (0, 0);
    for person in 0..people {
        let email = format!("funnel-{person}-{}@example.com", std::process::id());
        let (passkey, _, code) = sign_up_with_code(base, &email).await;
        sign_in(base, passkey).await;
        if person % 3 != 0 {
            continue;
        }
        offer_unknown_passkey(base).await;
        let token = email_sign_in(base, &email, &code).await;
        fell_back += 1;
        if fell_back % 3 != 0 {
            save_passkey(base, &token).await;
            saved += 1;
        }
    }
    println!("people={people} fell_back_to_email={fell_back} then_saved_a_passkey={saved}");
}

/// A passkey sign-in with a passkey for this site that the site never registered (deleted from
/// the account, still in the password manager): the server refuses it, counted as a failure.
async fn offer_unknown_passkey(base: &Url) {
    let (_, start) = post(base, "/self-service/login/passkey/options", &json!({})).await;
    let options: CredentialRequestOptions = serde_json::from_value(start["options"].clone()).unwrap();
    let mut client = Client::new(authenticator(Some(unregistered_passkey(base).await))).allows_insecure_localhost(true);
    let asserted = client.authenticate(base, options, DefaultClientData).await.unwrap();
    let body = json!({ "flow_id": start["flow_id"], "credential": asserted });
    let (status, _) = post(base, "/self-service/login/passkey/verify", &body).await;
    assert_ne!(status, 200, "a passkey the site never saw signed in");
}

/// A passkey for `base`'s relying party made by a registration the site never saw.
async fn unregistered_passkey(base: &Url) -> Passkey {
    use webauthn_rs::prelude::{Uuid, WebauthnBuilder};
    let webauthn = WebauthnBuilder::new(base.host_str().unwrap(), base)
        .unwrap()
        .build()
        .unwrap();
    let (creation, _) = webauthn
        .start_passkey_registration(Uuid::new_v4(), "gone", "gone", None)
        .unwrap();
    let options: CredentialCreationOptions = serde_json::from_value(serde_json::to_value(creation).unwrap()).unwrap();
    let mut client = Client::new(authenticator(None)).allows_insecure_localhost(true);
    client.register(base, options, DefaultClientData).await.unwrap();
    client.authenticator().store().clone().unwrap()
}

async fn sign_in(base: &Url, passkey: Option<Passkey>) -> (Option<Passkey>, String) {
    sign_in_over(&mut None, base, passkey).await
}

/// A passkey sign-in whose two requests go over `connection` (kept open between sign-ins, as a
/// browser keeps its connection) when it is `Some`, over fresh connections otherwise.
async fn sign_in_over(
    connection: &mut Option<KeepAlive>,
    base: &Url,
    passkey: Option<Passkey>,
) -> (Option<Passkey>, String) {
    let (_, start) = post_over(connection, base, "/self-service/login/passkey/options", &json!({})).await;
    let options: CredentialRequestOptions = serde_json::from_value(start["options"].clone()).unwrap();
    let mut client = Client::new(authenticator(passkey)).allows_insecure_localhost(true);
    let asserted = client.authenticate(base, options, DefaultClientData).await.unwrap();
    let body = json!({ "flow_id": start["flow_id"], "credential": asserted });
    let (status, done) = post_over(connection, base, "/self-service/login/passkey/verify", &body).await;
    assert_eq!(status, 200, "sign-in failed: {done}");
    (
        client.authenticator().store().clone(),
        done["session_token"].as_str().unwrap().to_owned(),
    )
}

/// A connection kept open across requests (HTTP/1.1 keep-alive).
struct KeepAlive(tokio::io::BufReader<tokio::net::TcpStream>);

async fn post_over(connection: &mut Option<KeepAlive>, base: &Url, path: &str, body: &Value) -> (u16, Value) {
    let Some(KeepAlive(stream)) = connection else {
        return post(base, path, body).await;
    };
    let body = body.to_string();
    let (host, port) = (base.host_str().unwrap(), base.port_or_known_default().unwrap());
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.get_mut().write_all(request.as_bytes()).await.unwrap();
    let (mut status, mut length) = (0, 0);
    let mut line = String::new();
    loop {
        line.clear();
        stream.read_line(&mut line).await.unwrap();
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some(code) = header.strip_prefix("HTTP/1.1 ") {
            status = code[..3].parse().unwrap();
        } else if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut response = vec![0; length];
    stream.read_exact(&mut response).await.unwrap();
    (status, serde_json::from_slice(&response).unwrap_or(Value::Null))
}

async fn keep_alive(base: &Url) -> KeepAlive {
    let (host, port) = (base.host_str().unwrap(), base.port_or_known_default().unwrap());
    KeepAlive(tokio::io::BufReader::new(
        tokio::net::TcpStream::connect((host, port)).await.unwrap(),
    ))
}

/// CPU cost of the WebAuthn verification alone (webauthn-rs, one ES256 signature), no HTTP, no
/// store: what a sign-in cannot get below.
async fn verify_cost(count: u32) {
    use webauthn_rs::prelude::{DiscoverableAuthentication, PublicKeyCredential, Uuid, WebauthnBuilder};
    let origin = Url::parse("http://localhost:4433").unwrap();
    let webauthn = WebauthnBuilder::new("localhost", &origin).unwrap().build().unwrap();
    let (creation, registration) = webauthn
        .start_passkey_registration(Uuid::new_v4(), "bench", "bench", None)
        .unwrap();
    let options: CredentialCreationOptions = serde_json::from_value(serde_json::to_value(creation).unwrap()).unwrap();
    let mut client = Client::new(authenticator(None)).allows_insecure_localhost(true);
    let created = client.register(&origin, options, DefaultClientData).await.unwrap();
    let passkey = webauthn
        .finish_passkey_registration(
            &serde_json::from_value(serde_json::to_value(created).unwrap()).unwrap(),
            &registration,
        )
        .unwrap();
    let (request, state) = webauthn.start_discoverable_authentication().unwrap();
    let options: CredentialRequestOptions = serde_json::from_value(serde_json::to_value(request).unwrap()).unwrap();
    let asserted = client.authenticate(&origin, options, DefaultClientData).await.unwrap();
    let assertion: PublicKeyCredential = serde_json::from_value(serde_json::to_value(asserted).unwrap()).unwrap();
    let state_json = serde_json::to_string(&state).unwrap();
    let started = Instant::now();
    for _ in 0..count {
        // The state is consumed by each verification; the synced-style counter (0) allows repeats.
        let state: DiscoverableAuthentication = serde_json::from_str(&state_json).unwrap();
        webauthn
            .finish_discoverable_authentication_v2(&assertion, state, &passkey)
            .unwrap();
    }
    let per = started.elapsed().as_secs_f64() * 1000.0 / f64::from(count);
    println!("verifications={count} ms_per_verification={per:.3}");
}

/// What one load worker repeats.
enum Work {
    /// A full passkey sign-in with this account's passkey.
    SignIn(Box<Option<Passkey>>, Option<KeepAlive>),
    /// Asking for a sign-in code, each time for a new (unknown) address: the whole send path
    /// (rate limits, lookup, one Argon2id hash, grant and outbox in one transaction).
    Code { worker: usize, sent: u64 },
    /// A sign-in with a backup code of the last account (address and unused codes) in the list.
    BackupCode(Vec<(String, Vec<String>)>),
}

impl Work {
    async fn once(&mut self, base: &Url) {
        match self {
            Self::SignIn(passkey, connection) => **passkey = sign_in_over(connection, base, passkey.take()).await.0,
            Self::Code { worker, sent } => {
                *sent += 1;
                let email = format!("code-{worker}-{sent}-{}@example.com", std::process::id());
                let (status, body) = post(base, "/self-service/login/code", &json!({ "email": email })).await;
                assert_eq!(status, 200, "code request failed: {body}");
            }
            Self::BackupCode(accounts) => {
                let (email, codes) = accounts.last_mut().expect("more accounts for backup-codes");
                let body = json!({ "email": email, "code": codes.pop() });
                if codes.is_empty() {
                    accounts.pop();
                }
                let (status, done) = post(base, "/self-service/login/backup-code", &body).await;
                assert_eq!(status, 200, "backup-code sign-in failed: {done}");
            }
        }
    }
}

/// A new set of ten backup codes for the account of `token`.
async fn new_backup_codes(base: &Url, token: &str) -> Vec<String> {
    let (status, made) = post_as(base, "/self-service/settings/backup-codes", &json!({}), Some(token)).await;
    assert_eq!(status, 200, "making backup codes failed: {made}");
    made["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect()
}

/// Runs every worker for `seconds` and prints count, rate and latency percentiles.
async fn run_load(label: &str, base: &Url, seconds: u64, work: Vec<Work>) {
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let workers: Vec<_> = work
        .into_iter()
        .map(|mut work| {
            let base = base.clone();
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while Instant::now() < deadline {
                    let began = Instant::now();
                    work.once(&base).await;
                    latencies.push(began.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize].as_secs_f64() * 1000.0;
    println!(
        "{label}={} seconds={elapsed:.2} per_second={:.1} p50_ms={:.2} p99_ms={:.2} max_ms={:.2}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        pct(0.5),
        pct(0.99),
        pct(1.0)
    );
}

/// CPU cost of one Argon2id hash as codes are stored (latchkey's `SlowHasher`): the floor of
/// sending or checking a code.
async fn argon2_cost(count: u32) {
    let hasher = latchkey::slow_hash::SlowHasher::new(1);
    let started = Instant::now();
    for _ in 0..count {
        hasher.hash("123456").await.unwrap();
    }
    let per = started.elapsed().as_secs_f64() * 1000.0 / f64::from(count);
    println!("hashes={count} ms_per_hash={per:.3}");
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args[1] == "verify-cost" {
        return verify_cost(args[2].parse().unwrap()).await;
    }
    if args[1] == "argon2-cost" {
        return argon2_cost(args[2].parse().unwrap()).await;
    }
    let base = Url::parse(&args[2]).unwrap();
    match args[1].as_str() {
        "signup" => println!("{}", sign_up(&base, "bench@example.com").await.1),
        mode @ ("signins" | "signins-keepalive") => {
            let (seconds, concurrency) = (args[3].parse().unwrap(), args[4].parse().unwrap());
            let mut work = Vec::new();
            for i in 0..concurrency {
                let email = format!("bench-{i}-{}@example.com", std::process::id());
                let connection = match mode {
                    "signins" => None,
                    _ => Some(keep_alive(&base).await),
                };
                work.push(Work::SignIn(Box::new(sign_up(&base, &email).await.0), connection));
            }
            run_load("signins", &base, seconds, work).await;
        }
        "codes" => {
            let (seconds, concurrency): (u64, usize) = (args[3].parse().unwrap(), args[4].parse().unwrap());
            let work = (0..concurrency).map(|worker| Work::Code { worker, sent: 0 }).collect();
            run_load("codes", &base, seconds, work).await;
        }
        "backup-codes" => {
            let (seconds, concurrency): (u64, usize) = (args[3].parse().unwrap(), args[4].parse().unwrap());
            // Four accounts (40 sign-ins) per worker and second: more than two cores of Argon2
            // can verify.
            let mut work = Vec::new();
            for worker in 0..concurrency {
                let mut accounts = Vec::new();
                for n in 0..seconds * 4 {
                    let email = format!("backup-{worker}-{n}-{}@example.com", std::process::id());
                    let token = sign_up(&base, &email).await.1;
                    accounts.push((email, new_backup_codes(&base, &token).await));
                }
                work.push(Work::BackupCode(accounts));
            }
            run_load("backup_codes", &base, seconds, work).await;
        }
        "funnel" => funnel(&base, args[3].parse().unwrap()).await,
        "revocation" => {
            let (a, b) = (Url::parse(&args[3]).unwrap(), Url::parse(&args[4]).unwrap());
            revocation(&base, &a, &b, args[5].parse().unwrap()).await;
        }
        other => panic!("unknown mode {other}"),
    }
}
