//! The edge against hostile and careless clients (issue 12's findings): connections, limits,
//! client addresses.

use std::time::{Duration as StdDuration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use latchkey::clock::Clock;
use latchkey::config::ConnectionLimits;
use serde_json::json;
use time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::on_both_stores;
use crate::support::{Db, Harness, serve_on_socket};

on_both_stores!(
    a_store_counted_limit_lets_exactly_its_number_through_in_parallel,
    parallel_code_sends_to_one_address_stop_at_the_limit,
    tagged_and_cased_variants_of_one_mailbox_share_its_send_limit,
    guessing_slows_down_over_days_and_never_blocks_the_passkey_or_the_link,
);

async fn listen(h: &Harness) -> u16 {
    h.serve_public().await
}

async fn listen_with(h: &Harness, limits: ConnectionLimits) -> u16 {
    serve_on_socket(h.router.clone(), limits).await
}

/// Sends one request on `stream` (head, then body) and reads its whole answer; `None` when the server closed the
/// connection instead of answering.
async fn exchange(stream: &mut TcpStream, method: &str, path: &str, body: &str) -> Option<String> {
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    // The body arrives a moment after the head, as it does over a real network: a handler that
    // answers without reading it has answered before it is there.
    stream.write_all(head.as_bytes()).await.ok()?;
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    stream.write_all(body.as_bytes()).await.ok()?;
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).await.ok()? == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let length: usize = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse().unwrap())
        })
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body).await.ok()?;
    Some(head)
}

/// Edge finding 4: handlers that never read the request body (passkey options, step-up options,
/// sign-out, refusals before the body is reached) made the server close keep-alive connections,
/// often without `Connection: close`: browsers saw a flaky passkey verify step.
#[tokio::test]
async fn keep_alive_holds_when_a_handler_ignores_the_body() {
    let h = Harness::new(Db::Sqlite).await;
    let port = listen(&h).await;
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let padding = format!("{{\"padding\":\"{}\"}}", "x".repeat(20_000));
    let calls = [
        ("POST", "/self-service/login/passkey/options", "{}"),
        ("POST", "/self-service/login/passkey/options", padding.as_str()),
        ("POST", "/self-service/logout", padding.as_str()),
        ("POST", "/self-service/step-up/passkey/options", padding.as_str()),
        ("GET", "/sessions/whoami", padding.as_str()),
        ("POST", "/self-service/login/passkey/options", padding.as_str()),
    ];
    for round in 0..10 {
        for (method, path, body) in calls {
            let answer = exchange(&mut stream, method, path, body).await;
            let head = answer.unwrap_or_else(|| panic!("round {round}: {method} {path}: the connection was closed"));
            assert!(!head.to_ascii_lowercase().contains("connection: close"), "{head}");
        }
    }
}

/// Edge finding 2: the store-counted limits were read-then-write; parallel bursts got 11-19
/// guesses checked against a limit of 10, and 6-7 codes sent against 5, on both stores.
async fn a_store_counted_limit_lets_exactly_its_number_through_in_parallel(db: Db) {
    let h = Harness::new(db).await;
    let now = h.clock.now();
    let takers: Vec<_> = (0..60)
        .map(|_| {
            let store = h.store.clone();
            tokio::spawn(async move { store.take_rate_slot("edge:parallel", 10, Duration::hours(1), now).await })
        })
        .collect();
    let mut taken = 0;
    let mut limited = 0;
    for taker in takers {
        match taker.await.unwrap() {
            Ok(_) => taken += 1,
            Err(latchkey::error::Error::RateLimited { .. }) => limited += 1,
            Err(other) => panic!("{other:?}"),
        }
    }
    assert_eq!((taken, limited), (10, 50));
}

async fn parallel_code_sends_to_one_address_stop_at_the_limit(db: Db) {
    let h = Harness::with_config(db, |c| {
        c.methods.code_limits.per_address = 5;
        c.methods.code_limits.per_client = 10_000;
    })
    .await;
    let requests = (0..40)
        .map(|_| {
            Request::post("/self-service/login/code")
                .header("content-type", "application/json")
                .body(Body::from(json!({ "email": "burst@example.com" }).to_string()))
                .unwrap()
        })
        .collect();
    let replies = h.send_concurrently(requests).await;
    let sent = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    let limited = replies
        .iter()
        .filter(|r| r.status == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((sent, limited), (5, 35));
    assert_eq!(h.mails_to("burst@example.com").await.len(), 5);
}

/// Edge finding 6: send limits counted literal addresses; `victim+1@`, `victim+2@` and case
/// variants each got their own 5 per 15 minutes, 90 mails in one mailbox in seconds.
async fn tagged_and_cased_variants_of_one_mailbox_share_its_send_limit(db: Db) {
    let h = Harness::with_config(db, |c| {
        c.methods.code_limits.per_address = 5;
        c.methods.code_limits.per_client = 10_000;
    })
    .await;
    let mut answers = Vec::new();
    for n in 0..12 {
        let email = match n % 3 {
            0 => format!("victim+{n}@example.com"),
            1 => format!("VICTIM+{n}@Example.com"),
            _ => "Victim@EXAMPLE.com".to_owned(),
        };
        let reply = h
            .api()
            .post("/self-service/login/code", json!({ "email": email }))
            .await;
        answers.push(reply.status);
    }
    let sent = answers.iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(sent, 5, "{answers:?}");
    assert!(
        answers[5..].iter().all(|s| *s == StatusCode::TOO_MANY_REQUESTS),
        "{answers:?}"
    );
    let other = h
        .api()
        .post("/self-service/login/code", json!({ "email": "victim2@example.com" }))
        .await;
    assert_eq!(other.status, StatusCode::OK, "another mailbox has its own budget");
}

/// Edge finding 1: no timeouts and no connection cap. 600 half-sent requests were never closed;
/// 1,100 idle sockets from one client exhausted the descriptors and `/health/ready` timed out for
/// everyone. Now idle and slow connections are closed after the header read timeout, and at the
/// cap a new connection waits for a slot instead of failing, so the server still answers.
#[tokio::test]
async fn idle_and_slow_clients_are_cut_off_and_the_server_still_answers() {
    let h = Harness::new(Db::Sqlite).await;
    let limits = ConnectionLimits {
        max_connections: 40,
        header_read_timeout: StdDuration::from_secs(1),
        request_timeout: StdDuration::from_secs(5),
    };
    let port = listen_with(&h, limits).await;
    let mut hogs = Vec::new();
    for n in 0..60 {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        if n % 2 == 0 {
            // Slow headers: a request line, then nothing.
            stream
                .write_all(b"GET /sessions/whoami HTTP/1.1\r\nHost: loc")
                .await
                .unwrap();
        }
        hogs.push(stream);
    }
    let started = Instant::now();
    let mut fresh = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let answer = tokio::time::timeout(
        StdDuration::from_secs(10),
        exchange(&mut fresh, "GET", "/health/ready", ""),
    )
    .await
    .expect("the server answered within 10 s")
    .expect("and did not close the connection");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(started.elapsed() < StdDuration::from_secs(5), "{:?}", started.elapsed());

    // The hogs that got a slot were closed once their time was up.
    tokio::time::sleep(StdDuration::from_millis(1500)).await;
    let mut closed = 0;
    for hog in &mut hogs {
        let mut bytes = [0u8; 256];
        if let Ok(Ok(read)) = tokio::time::timeout(StdDuration::from_millis(200), hog.read(&mut bytes)).await {
            // A timed-out slow request may get a 408 before the close; either way it ends.
            if read == 0 || String::from_utf8_lossy(&bytes[..read]).starts_with("HTTP/1.1 408") {
                closed += 1;
            }
        }
    }
    assert!(closed >= 40, "only {closed} of 60 idle or slow connections were closed");
}

/// Edge finding 3: ten guesses an hour went on forever (about 240 a day against one 6-digit code
/// account), and a stranger's ten tries blocked the owner. Now the wait doubles after every ten
/// tries (a day at most), the owner is told once, and the passkey and the emailed link still sign
/// the owner in.
async fn guessing_slows_down_over_days_and_never_blocks_the_passkey_or_the_link(db: Db) {
    let h = Harness::new(db).await;
    let mut device = crate::support::Device::new();
    let (codes, _) = crate::policy::account_with_codes(&h, "guarded@example.com", &mut device).await;
    let guess = |code: &str| {
        Request::post("/self-service/login/backup-code")
            .header("content-type", "application/json")
            .body(Body::from(
                json!({ "email": "guarded@example.com", "code": code }).to_string(),
            ))
            .unwrap()
    };
    for _ in 0..10 {
        assert_eq!(h.send(guess("zzzz-zzzz-zzzz")).await.error_id(), "backup_code_invalid");
    }
    let limited = h.send(guess(&codes[0])).await;
    assert_eq!(limited.error_id(), "rate_limited", "even the right code waits");
    let wait: u64 = limited.header("retry-after").parse().unwrap();
    assert!((3500..=3600).contains(&wait), "{wait}");

    // The owner is not locked out: the passkey, and the link of a sign-in email, still work.
    let mut owner = h.browser();
    owner.open().await;
    assert_eq!(owner.sign_in(&mut device).await.status, StatusCode::OK);
    // Deliver the slowed-down notice first: the sign-in mail is then the newest.
    h.mails_to("guarded@example.com").await;
    let mut elsewhere = h.browser();
    elsewhere.open().await;
    elsewhere.request_code("guarded@example.com").await;
    let link = h.mail_to("guarded@example.com").await.link_token();
    let by_link = elsewhere
        .post("/self-service/login/link", json!({ "token": link }))
        .await;
    assert_eq!(by_link.status, StatusCode::OK, "{}", by_link.text);

    // Three days of a guess every ten minutes: the waits grow, the total stays small.
    let mut let_through = 10;
    for _ in 0..(3 * 24 * 6) {
        h.clock.advance(Duration::minutes(10));
        if h.send(guess("zzzz-zzzz-zzzz")).await.error_id() != "rate_limited" {
            let_through += 1;
        }
    }
    assert!((40..=80).contains(&let_through), "{let_through} guesses in three days");
    let slowed = h
        .mails_to("guarded@example.com")
        .await
        .iter()
        .filter(|m| m.subject.contains("slowed down"))
        .count();
    assert_eq!(slowed, 1, "told once, not at every block");
}

/// Every answer carries `X-Request-Id`; a typed error names the same id in its body. A client's
/// own id is replaced unless a reverse proxy is configured in front, and then only a well-formed
/// one is kept.
#[tokio::test]
async fn every_answer_names_its_request_id_and_a_client_cannot_choose_it_unproxied() {
    let h = Harness::new(Db::Sqlite).await;
    let ok = h.api().get("/health/alive").await;
    let error = h
        .api()
        .post("/self-service/login/code/verify", json!({ "flow_id": 1 }))
        .await;
    assert_eq!(error.status, StatusCode::BAD_REQUEST);
    let (ok_id, error_id) = (ok.header("x-request-id"), error.header("x-request-id"));
    assert!(!ok_id.is_empty() && !error_id.is_empty() && ok_id != error_id);
    assert_eq!(error.json()["error"]["request_id"], error_id, "{}", error.text);

    assert_ne!(asked(&h, "chosen-by-client").await, "chosen-by-client");
    let proxied = Harness::with_config(Db::Sqlite, |c| {
        c.public.client_ip_header = Some("X-Forwarded-For".into());
    })
    .await;
    assert_eq!(asked(&proxied, "lb-7f3a.1").await, "lb-7f3a.1");
    assert_ne!(asked(&proxied, "two words").await, "two words");
}

/// The id the answer names when the request came with `id`.
async fn asked(h: &Harness, id: &str) -> String {
    let request = Request::builder()
        .uri("/health/alive")
        .header("x-request-id", id)
        .body(Body::empty())
        .unwrap();
    h.send(request).await.header("x-request-id").to_owned()
}

/// Our own page opened at an address that is not the site's (127.0.0.1 for a site at localhost)
/// gets told where sign-in lives, instead of a CSRF refusal it cannot do anything about; a
/// cross-site request is still refused as one; the pages carry the site's origins so the page
/// itself can say so before anything is pressed.
#[tokio::test]
async fn a_page_opened_at_the_wrong_address_is_told_where_sign_in_lives() {
    let h = Harness::new(Db::Sqlite).await;
    let from = |origin: &str, fetch_site: Option<&str>| {
        let mut request = Request::post("/self-service/login/passkey/options")
            .header("origin", origin)
            .header("content-type", "application/json");
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        request.body(Body::from("{}")).unwrap()
    };
    let misdirected = h.send(from("http://127.0.0.1:4433", Some("same-origin"))).await;
    assert_eq!(misdirected.status, StatusCode::FORBIDDEN);
    assert_eq!(misdirected.error_id(), "wrong_address");
    let message = misdirected.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("opened at http://127.0.0.1:4433") && message.contains("lives at http://localhost:4433"),
        "{message}"
    );
    for (origin, site) in [
        ("https://evil.example", Some("cross-site")),
        ("https://evil.example", None),
        ("http://127.0.0.1:4433", None),
    ] {
        assert_eq!(
            h.send(from(origin, site)).await.error_id(),
            "csrf_violation",
            "{origin} {site:?}"
        );
    }
    let ok = h.send(from("http://localhost:4433", Some("same-origin"))).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);

    // Attribute values as a browser reads them (minijinja escapes the slashes).
    let page = h.api().get("/ui/login").await.text.replace("&#x2f;", "/");
    assert!(
        page.contains(r#"<meta name="site-origins" content="http://localhost:4433">"#)
            && page.contains(r#"<meta name="site-origin" content="http://localhost:4433">"#),
        "{page}"
    );
}
