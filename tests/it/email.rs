//! Fallback 1, email code and magic link, as a user and an attacker meet it (mail read from the
//! dev outbox; `courier.rs` delivers through a real SMTP receiver).

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use time::Duration;

use crate::on_both_stores;
use crate::support::{Db, Device, Harness, Reply};

on_both_stores!(
    a_code_signs_in_at_aal1_with_method_code,
    a_link_signs_in_after_the_confirm_press,
    code_and_link_are_one_grant,
    an_unconfirmed_address_is_never_a_way_in,
    the_code_lives_for_the_configured_lifespan,
    the_fifth_wrong_code_kills_the_grant,
    a_hundred_parallel_tries_make_one_session,
    a_code_only_works_in_its_flow_for_its_address,
    asking_again_replaces_the_code,
    sending_is_rate_limited_per_address_and_per_client,
    secrets_are_stored_only_as_hashes,
);

/// Signs up `email` (confirmed) and returns a browser that has forgotten the session.
async fn account<'h>(h: &'h Harness, email: &str) -> crate::support::Browser<'h> {
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up(email, &mut Device::new()).await;
    browser.forget_everything().await;
    browser
}

fn methods(whoami: &Reply) -> Vec<String> {
    whoami.json()["authentication_methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["method"].as_str().unwrap().to_owned())
        .collect()
}

async fn a_code_signs_in_at_aal1_with_method_code(db: Db) {
    let h = Harness::new(db).await;
    let mut browser = account(&h, "ada@example.com").await;
    let flow = browser.request_code("Ada@Example.com").await;
    let mail = h.mail_to("ada@example.com").await;
    assert!(mail.subject.contains(&mail.code()), "{}", mail.subject);
    assert!(mail.text.contains("If this wasn't you, ignore this email"));
    assert!(
        mail.text.contains("Chrome on Linux"),
        "names the requesting browser: {}",
        mail.text
    );
    assert!(mail.html.contains(&mail.code()) && mail.html.contains("If this wasn&#x27;t you"));
    // The code is bound to this sign-in; the link is not (it works where it is opened).
    let flat = mail.text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("The code works once") && flat.contains("on whichever device opens it"),
        "{flat}"
    );

    let signed_in = browser.enter_code(&flow, &mail.code()).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    assert!(browser.session_cookie().is_some(), "a browser gets a cookie");
    let whoami = browser.whoami().await;
    assert_eq!(whoami.json()["authenticator_assurance_level"], "aal1");
    assert_eq!(methods(&whoami), ["code"]);
    assert_eq!(whoami.json()["identity"]["traits"]["email"], "ada@example.com");
}

async fn a_link_signs_in_after_the_confirm_press(db: Db) {
    let h = Harness::new(db).await;
    let mut requester = account(&h, "lin@example.com").await;
    requester
        .post(
            "/self-service/login/code",
            json!({ "email": "lin@example.com", "return_to": "/ui/settings?tab=passkeys" }),
        )
        .await;
    let mail = h.mail_to("lin@example.com").await;
    assert!(
        mail.link().starts_with("http://localhost:4433/ui/login/link#token="),
        "{}",
        mail.link()
    );

    // A mail scanner fetches the link (the fragment never leaves the client) several times.
    let landing = mail
        .link()
        .split('#')
        .next()
        .unwrap()
        .trim_start_matches("http://localhost:4433")
        .to_owned();
    let mut scanner = h.browser();
    for method in ["GET", "HEAD", "GET"] {
        let reply = h
            .send(
                Request::builder()
                    .method(method)
                    .uri(&landing)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{method}");
        assert_eq!(reply.header("referrer-policy"), "no-referrer");
        assert!(
            !reply.set_cookies().iter().any(|c| c.starts_with("latchkey_session")),
            "a GET never signs in"
        );
        assert!(reply.header("content-security-policy").contains("default-src 'none'"));
    }
    let page = scanner.get(&landing).await;
    assert!(page.text.contains(">Sign in</button>"), "one confirm button");

    // A cross-site page cannot press it for someone (login CSRF).
    let cross_site = h
        .send(
            Request::post("/self-service/login/link")
                .header("content-type", "application/json")
                .header("origin", "https://evil.example")
                .body(Body::from(json!({ "token": mail.link_token() }).to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(cross_site.error_id(), "csrf_violation");

    // The person opens it on another device and presses the button.
    let mut phone = h.browser();
    phone.get(&landing).await;
    let reply = phone
        .post("/self-service/login/link", json!({ "token": mail.link_token() }))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        reply.json()["redirect_to"],
        "http://localhost:4433/ui/settings?tab=passkeys",
        "the allow-listed return_to asked for with the code"
    );
    assert_eq!(methods(&phone.whoami().await), ["code"]);
}

async fn code_and_link_are_one_grant(db: Db) {
    let h = Harness::new(db).await;
    let mut browser = account(&h, "one@example.com").await;
    let flow = browser.request_code("one@example.com").await;
    let mail = h.mail_to("one@example.com").await;
    assert_eq!(browser.enter_code(&flow, &mail.code()).await.status, StatusCode::OK);
    let link = h
        .api()
        .post("/self-service/login/link", json!({ "token": mail.link_token() }))
        .await;
    assert_eq!(link.error_id(), "link_invalid", "the code used the grant");
    assert_eq!(
        browser.enter_code(&flow, &mail.code()).await.error_id(),
        "code_expired",
        "and once only"
    );

    browser.forget_everything().await;
    let flow = browser.request_code("one@example.com").await;
    let mail = h.mail_to("one@example.com").await;
    let link = h
        .api()
        .post("/self-service/login/link", json!({ "token": mail.link_token() }))
        .await;
    assert_eq!(link.status, StatusCode::OK, "{}", link.text);
    assert!(link.json()["session_token"].is_string(), "an API client gets a token");
    assert_eq!(browser.enter_code(&flow, &mail.code()).await.error_id(), "code_expired");
    let again = h
        .api()
        .post("/self-service/login/link", json!({ "token": mail.link_token() }))
        .await;
    assert_eq!(again.error_id(), "link_invalid");
}

/// An account whose address is unconfirmed (made by an admin, or imported) has no email way in
/// until the address is confirmed from the account page.
async fn an_unconfirmed_address_is_never_a_way_in(db: Db) {
    let h = Harness::new(db).await;
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up_unconfirmed("una@example.com", &mut Device::new()).await;
    h.mails_to("una@example.com").await;
    let whoami = browser.whoami().await;
    assert_eq!(whoami.json()["identity"]["verifiable_addresses"][0]["verified"], false);

    let mut stranger = h.browser();
    stranger.open().await;
    let flow = stranger.request_code("una@example.com").await;
    let mail = h.mail_to("una@example.com").await;
    assert!(
        mail.text.contains("no account can sign in with it by email"),
        "{}",
        mail.text
    );
    assert!(!mail.text.contains("#token="), "no link to an unconfirmed address");

    let sent = browser.post("/self-service/verification", json!({})).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let confirmation = h.mail_to("una@example.com").await;
    assert!(
        confirmation.subject.contains("Confirm your email"),
        "{}",
        confirmation.subject
    );
    for guess in [confirmation.code(), "000000".to_owned()] {
        assert_ne!(stranger.enter_code(&flow, &guess).await.status, StatusCode::OK);
    }
    let confirmed = browser
        .post(
            "/self-service/verification/code",
            json!({ "flow_id": sent.json()["flow_id"], "code": confirmation.code() }),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    assert_eq!(
        browser.whoami().await.json()["identity"]["verifiable_addresses"][0]["verified"],
        true
    );
    let flow = stranger.request_code("una@example.com").await;
    let code = h.mail_to("una@example.com").await.code();
    assert_eq!(stranger.enter_code(&flow, &code).await.status, StatusCode::OK);
}

async fn the_code_lives_for_the_configured_lifespan(db: Db) {
    let h = Harness::with_config(db, |c| c.methods.code_lifespan = Duration::minutes(15)).await;
    let mut browser = account(&h, "time@example.com").await;
    let flow = browser.request_code("time@example.com").await;
    let code = h.mail_to("time@example.com").await.code();
    h.clock.advance(Duration::minutes(15) - Duration::seconds(1));
    assert_eq!(browser.enter_code(&flow, &code).await.status, StatusCode::OK, "T+14:59");

    browser.forget_everything().await;
    let flow = browser.request_code("time@example.com").await;
    let mail = h.mail_to("time@example.com").await;
    h.clock.advance(Duration::minutes(15));
    assert_eq!(
        browser.enter_code(&flow, &mail.code()).await.error_id(),
        "code_expired",
        "T+15:00"
    );
    let link = h
        .api()
        .post("/self-service/login/link", json!({ "token": mail.link_token() }))
        .await;
    assert_eq!(link.error_id(), "link_invalid");
}

async fn the_fifth_wrong_code_kills_the_grant(db: Db) {
    let h = Harness::new(db).await;
    let mut browser = account(&h, "guess@example.com").await;
    let flow = browser.request_code("guess@example.com").await;
    let mail = h.mail_to("guess@example.com").await;
    let wrong = if mail.code() == "111111" { "222222" } else { "111111" };
    for tries_left in (1..=4).rev() {
        let reply = browser.enter_code(&flow, wrong).await;
        assert_eq!(reply.error_id(), "code_invalid");
        assert!(
            reply.json()["error"]["message"]
                .as_str()
                .unwrap()
                .contains(&format!("{tries_left} tr"))
        );
    }
    assert_eq!(
        browser.enter_code(&flow, wrong).await.error_id(),
        "code_attempts_exhausted"
    );
    assert_eq!(
        browser.enter_code(&flow, &mail.code()).await.error_id(),
        "code_expired",
        "dead, even with the right code"
    );
    let link = h
        .api()
        .post("/self-service/login/link", json!({ "token": mail.link_token() }))
        .await;
    assert_eq!(link.error_id(), "link_invalid", "the link died with it");
}

async fn a_hundred_parallel_tries_make_one_session(db: Db) {
    let h = Harness::new(db).await;
    let api = h.api();
    let mut browser = account(&h, "race@example.com").await;
    browser.forget_everything().await;
    let sent = api
        .post("/self-service/login/code", json!({ "email": "race@example.com" }))
        .await;
    let flow = sent.json()["flow_id"].clone();
    let code = h.mail_to("race@example.com").await.code();
    let tries = (0..100)
        .map(|_| {
            json_post(
                "/self-service/login/code/verify",
                json!({ "flow_id": flow, "code": code }),
            )
        })
        .collect();
    let replies = h.send_concurrently(tries).await;
    assert_eq!(
        replies.iter().filter(|r| r.status == StatusCode::OK).count(),
        1,
        "exactly one wins"
    );

    let sent = api
        .post("/self-service/login/code", json!({ "email": "race@example.com" }))
        .await;
    assert_eq!(sent.status, StatusCode::OK);
    let token = h.mail_to("race@example.com").await.link_token();
    let presses = (0..100)
        .map(|_| json_post("/self-service/login/link", json!({ "token": token })))
        .collect();
    let replies = h.send_concurrently(presses).await;
    assert_eq!(replies.iter().filter(|r| r.status == StatusCode::OK).count(), 1);
    let sessions = h.store.dump_table("sessions").await.unwrap().len();
    assert_eq!(sessions, 3, "sign-up, one code session, one link session");
}

fn json_post(path: &str, body: Value) -> Request<Body> {
    Request::post(path)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn a_code_only_works_in_its_flow_for_its_address(db: Db) {
    let h = Harness::new(db).await;
    let mut ada = account(&h, "a@example.com").await;
    account(&h, "b@example.com").await;
    let flow_a = ada.request_code("a@example.com").await;
    let code_a = h.mail_to("a@example.com").await.code();
    let flow_b = ada.request_code("b@example.com").await;
    let code_b = h.mail_to("b@example.com").await.code();
    assert_ne!(
        ada.enter_code(&flow_b, &code_a).await.status,
        StatusCode::OK,
        "A's code in B's flow"
    );

    let changed = ada
        .post(
            "/self-service/login/code/verify",
            json!({ "flow_id": flow_a, "code": code_a, "email": "b@example.com" }),
        )
        .await;
    assert_eq!(changed.error_id(), "code_invalid", "the address changed mid-flow");

    // Another browser (another CSRF token) cannot finish this browser's flow: no login CSRF.
    let mut other = h.browser();
    other.open().await;
    assert_eq!(other.enter_code(&flow_a, &code_a).await.error_id(), "csrf_violation");
    let cross_site = h
        .send(
            Request::post("/self-service/login/code/verify")
                .header("content-type", "application/json")
                .header("sec-fetch-site", "cross-site")
                .header("cookie", format!("latchkey_csrf={}", ada.cookies["latchkey_csrf"]))
                .body(Body::from(json!({ "flow_id": flow_b, "code": code_b }).to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(cross_site.error_id(), "csrf_violation");
    let api = h
        .api()
        .post(
            "/self-service/login/code/verify",
            json!({ "flow_id": flow_b, "code": code_b }),
        )
        .await;
    assert_eq!(
        api.error_id(),
        "csrf_violation",
        "a browser's flow is not an API client's"
    );
    assert_eq!(
        ada.enter_code(&flow_b, &code_b).await.status,
        StatusCode::OK,
        "B's code still works in B's flow"
    );
}

async fn asking_again_replaces_the_code(db: Db) {
    let h = Harness::new(db).await;
    let mut browser = account(&h, "again@example.com").await;
    let first = browser.request_code("again@example.com").await;
    let first_mail = h.mail_to("again@example.com").await;
    let second = browser
        .post(
            "/self-service/login/code",
            json!({ "email": "again@example.com", "flow_id": first }),
        )
        .await
        .json()["flow_id"]
        .clone();
    let second_code = h.mail_to("again@example.com").await.code();
    assert_eq!(
        browser.enter_code(&first, &first_mail.code()).await.error_id(),
        "code_expired"
    );
    let link = h
        .api()
        .post("/self-service/login/link", json!({ "token": first_mail.link_token() }))
        .await;
    assert_eq!(link.error_id(), "link_invalid");
    assert_eq!(browser.enter_code(&second, &second_code).await.status, StatusCode::OK);
}

async fn sending_is_rate_limited_per_address_and_per_client(db: Db) {
    let h = Harness::with_config(db, |c| {
        c.public.client_ip_header = Some("x-forwarded-for".into());
        c.methods.code_limits.per_address = 3;
        c.methods.code_limits.per_client = 5;
    })
    .await;
    // Sign-ups ask for codes too; let their sends leave the window first.
    account(&h, "victim@example.com").await;
    let mut device = Device::new();
    let mut owner = h.browser();
    owner.open().await;
    owner.sign_up("owner@example.com", &mut device).await;
    h.clock.advance(Duration::minutes(15));
    let send = |email: &str, ip: &str| {
        Request::post("/self-service/login/code")
            .header("content-type", "application/json")
            .header("x-forwarded-for", format!("203.0.113.9, {ip}"))
            .body(Body::from(json!({ "email": email }).to_string()))
            .unwrap()
    };
    for (i, email) in ["victim@example.com", "nobody@example.com"].iter().enumerate() {
        for n in 0..3 {
            let reply = h.send(send(email, &format!("198.51.100.{}", 10 * i + n))).await;
            assert_eq!(reply.status, StatusCode::OK, "{email} #{n}");
        }
        let limited = h.send(send(email, "198.51.100.99")).await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "{email}");
        assert_eq!(limited.error_id(), "rate_limited");
        let wait: u64 = limited.header("retry-after").parse().unwrap();
        assert!((1..=900).contains(&wait), "{wait}");
        // People read minutes, and where else to turn; the header keeps the seconds.
        let message = limited.json()["error"]["message"].as_str().unwrap().to_owned();
        let minutes = wait.div_ceil(60);
        assert!(
            message.contains(&format!("in {minutes} minute")) && message.contains("passkey or a backup code"),
            "{message}"
        );
    }
    for n in 0..5 {
        assert_eq!(
            h.send(send(&format!("spray{n}@example.com"), "192.0.2.1")).await.status,
            StatusCode::OK
        );
    }
    assert_eq!(
        h.send(send("spray5@example.com", "192.0.2.1")).await.error_id(),
        "rate_limited",
        "per client"
    );
    // Edge finding 5: a proxy that adds its entry as a line of its own (HAProxy's `option
    // forwardfor`) after the client's forged line: the proxy's line counts, whatever the client
    // writes first.
    let forged_first_line = |n: usize| {
        Request::post("/self-service/login/code")
            .header("content-type", "application/json")
            .header("x-forwarded-for", format!("198.51.100.{n}"))
            .header("x-forwarded-for", "192.0.2.1")
            .body(Body::from(
                json!({ "email": format!("line{n}@example.com") }).to_string(),
            ))
            .unwrap()
    };
    for n in 0..3 {
        assert_eq!(
            h.send(forged_first_line(n)).await.error_id(),
            "rate_limited",
            "forged line {n}"
        );
    }
    h.clock.advance(Duration::minutes(15));
    assert_eq!(
        h.send(send("victim@example.com", "192.0.2.1")).await.status,
        StatusCode::OK,
        "the window moves on"
    );

    // The owner's passkey sign-in is untouched by codes asked for their address.
    owner.forget_everything().await;
    for _ in 0..3 {
        owner.request_code("owner@example.com").await;
    }
    assert_eq!(owner.sign_in(&mut device).await.status, StatusCode::OK);
}

async fn secrets_are_stored_only_as_hashes(db: Db) {
    let h = Harness::new(db).await;
    let mut browser = account(&h, "rest@example.com").await;
    browser.request_code("rest@example.com").await;
    let mail = h.mail_to("rest@example.com").await;
    let grants = h.store.dump_table("email_grants").await.unwrap();
    assert_eq!(grants.len(), 1);
    let columns: Vec<&str> = grants[0].split('|').collect();
    assert!(columns.iter().any(|c| c.starts_with("$argon2id$")), "{}", grants[0]);
    assert!(!columns.contains(&mail.code().as_str()), "{}", grants[0]);
    assert!(!grants[0].contains(&mail.link_token()), "{}", grants[0]);
    // Delivered messages keep no subject or body: the code left with the mail.
    for row in h.store.dump_table("courier_messages").await.unwrap() {
        assert!(row.contains("|sent|"), "{row}");
        assert!(!row.contains(&mail.subject) && !row.contains("one-time code"), "{row}");
        assert!(!row.contains(&mail.link_token()), "{row}");
    }
}

#[tokio::test]
async fn every_address_gets_the_same_answer() {
    let h = Harness::with_config(Db::Sqlite, |c| c.methods.code_limits.per_client = 10_000).await;
    account(&h, "known@example.com").await;
    let mut unconfirmed = h.browser();
    unconfirmed.open().await;
    unconfirmed
        .sign_up_unconfirmed("pending@example.com", &mut Device::new())
        .await;

    let mut browser = h.browser();
    browser.open().await;
    let shape = |reply: &Reply| {
        let mut body = reply.json();
        body["flow_id"] = json!("-");
        body["expires_at"] = json!("-");
        let mut headers: Vec<String> = reply.headers.keys().map(|k| k.to_string()).collect();
        headers.sort();
        (reply.status, body, headers)
    };
    let mut shapes = Vec::new();
    for email in ["known@example.com", "pending@example.com", "unknown@example.com"] {
        shapes.push(shape(
            &browser
                .post("/self-service/login/code", json!({ "email": email }))
                .await,
        ));
    }
    assert_eq!(shapes[0], shapes[1]);
    assert_eq!(shapes[0], shapes[2]);
    let unknown = h.mail_to("unknown@example.com").await;
    assert!(
        unknown.text.contains("http://localhost:4433/ui/registration"),
        "offers sign-up: {}",
        unknown.text
    );
}

/// The medians of many interleaved requests for a known and an unknown address stay within the
/// noise: both paths do the same work (one Argon2 hash, one transaction), mail goes out later.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn known_and_unknown_addresses_take_the_same_time() {
    let h = Harness::with_config(Db::Sqlite, |c| {
        c.methods.code_limits.per_address = 10_000;
        c.methods.code_limits.per_client = 10_000;
    })
    .await;
    account(&h, "timed@example.com").await;
    let mut browser = h.browser();
    browser.open().await;
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for round in 0..150 {
        // Alternate which goes first: under load the second request of a pair runs in another
        // scheduling situation than the first.
        let mut pair = [("timed@example.com", &mut known), ("ghost@example.com", &mut unknown)];
        if round % 2 == 1 {
            pair.reverse();
        }
        for (email, samples) in pair {
            let started = std::time::Instant::now();
            let reply = browser
                .post("/self-service/login/code", json!({ "email": email }))
                .await;
            samples.push(started.elapsed().as_secs_f64());
            assert_eq!(reply.status, StatusCode::OK, "round {round}");
        }
    }
    let (known, unknown) = (summary(known), summary(unknown));
    // Allowed gap: a quarter of the spread of either sample (inter-quartile range), never less
    // than 10% of the median: a real difference (an extra hash or query on one path) is several
    // times that on this machine.
    let noise = (known.iqr.max(unknown.iqr) / 4.0).max(known.median * 0.10);
    assert!(
        (known.median - unknown.median).abs() <= noise,
        "known {known:?} vs unknown {unknown:?} (allowed {noise})"
    );
}

#[derive(Debug)]
struct Summary {
    median: f64,
    iqr: f64,
}

fn summary(mut samples: Vec<f64>) -> Summary {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    Summary {
        median: at(0.5),
        iqr: at(0.75) - at(0.25),
    }
}

#[tokio::test]
async fn links_point_at_the_configured_base_url_whatever_the_host_header() {
    let h = Harness::new(Db::Sqlite).await;
    account(&h, "host@example.com").await;
    let reply = h
        .send(
            Request::post("/self-service/login/code")
                .header("content-type", "application/json")
                .header("host", "evil.example")
                .header("x-forwarded-host", "evil.example")
                .body(Body::from(json!({ "email": "host@example.com" }).to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let mail = h.mail_to("host@example.com").await;
    assert!(mail.link().starts_with("http://localhost:4433/"), "{}", mail.link());
    assert!(!mail.text.contains("evil.example") && !mail.html.contains("evil.example"));
}

#[tokio::test]
async fn return_to_is_allow_listed() {
    let h = Harness::new(Db::Sqlite).await;
    account(&h, "redirect@example.com").await;
    for evil in [
        "//evil.example/",
        "https:evil.example",
        "/\\evil.example",
        "https://evil.example/ui/settings",
    ] {
        let mut browser = h.browser();
        browser.open().await;
        browser
            .post(
                "/self-service/login/code",
                json!({ "email": "redirect@example.com", "return_to": evil }),
            )
            .await;
        let token = h.mail_to("redirect@example.com").await.link_token();
        let reply = browser
            .post("/self-service/login/link", json!({ "token": token }))
            .await;
        assert_eq!(
            reply.json()["redirect_to"],
            "http://localhost:4433/ui/settings",
            "{evil}"
        );
    }
}

#[tokio::test]
async fn the_dev_outbox_lists_messages_in_dev_mode_only() {
    let h = Harness::new(Db::Sqlite).await;
    let mut browser = h.browser();
    browser.open().await;
    browser.request_code("nobody@example.com").await;
    h.app.courier.deliver_due().await.unwrap();
    let page = browser.get("/dev/outbox").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("nobody@example.com") && page.text.contains("Sign-in request"));
    let listed = h
        .send(
            Request::get("/dev/outbox")
                .header("accept", "application/json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(listed.json()["messages"][0]["recipient"], "nobody@example.com");

    let production = Harness::with_config(Db::Sqlite, |c| c.dev = false).await;
    let reply = production
        .send(Request::get("/dev/outbox").body(Body::empty()).unwrap())
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_disabled_code_method_sends_nothing() {
    let h = Harness::with_config(Db::Sqlite, |c| c.methods.code_enabled = false).await;
    let reply = h
        .api()
        .post("/self-service/login/code", json!({ "email": "x@example.com" }))
        .await;
    assert_eq!(reply.error_id(), "method_disabled");
    assert!(h.mails_to("x@example.com").await.is_empty());
}

/// Every log line of a code sign-in, a link sign-in and their delivery, at TRACE (sqlx's query
/// logs included), holds neither the code, the link token nor the session token.
#[tokio::test(flavor = "current_thread")]
async fn no_secret_reaches_the_logs() {
    let logs = CapturedLogs::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(logs.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let h = Harness::new(Db::Sqlite).await;
    let mut browser = account(&h, "quiet@example.com").await;
    let flow = browser.request_code("quiet@example.com").await;
    let mail = h.mail_to("quiet@example.com").await;
    let signed_in = browser.enter_code(&flow, &mail.code()).await;
    let session_token = browser.session_cookie().unwrap().clone();
    assert_eq!(signed_in.status, StatusCode::OK);
    browser.request_code("quiet@example.com").await;
    let link_mail = h.mail_to("quiet@example.com").await;
    let api = h
        .api()
        .post("/self-service/login/link", json!({ "token": link_mail.link_token() }))
        .await;
    let api_token = api.json()["session_token"].as_str().unwrap().to_owned();

    let text = logs.text();
    assert!(text.contains("message delivered"), "the capture works: {text}");
    for secret in [
        mail.code(),
        mail.link_token(),
        link_mail.code(),
        link_mail.link_token(),
        session_token,
        api_token,
    ] {
        assert!(!text.contains(&secret), "a secret in the logs");
    }
}

#[derive(Clone, Default)]
struct CapturedLogs(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl CapturedLogs {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl std::io::Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for CapturedLogs {
    type Writer = Self;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn the_account_page_can_ask_for_a_new_confirmation_and_a_link_confirms() {
    let h = Harness::with_config(Db::Sqlite, |c| c.methods.code_enabled = false).await;
    let mut browser = h.browser();
    browser.open().await;
    browser
        .sign_up_unconfirmed("later@example.com", &mut Device::new())
        .await;
    let page = browser.get("/ui/settings").await;
    assert!(
        page.text.contains("Send confirmation code"),
        "unconfirmed: the page offers it"
    );

    let sent = browser.post("/self-service/verification", json!({})).await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let mail = h.mail_to("later@example.com").await;
    assert!(
        mail.link()
            .starts_with("http://localhost:4433/ui/verification/link#token=")
    );
    let landing = browser.get("/ui/verification/link").await;
    assert!(landing.text.contains("Confirm my address"));
    let confirmed = h
        .api()
        .post("/self-service/verification/link", json!({ "token": mail.link_token() }))
        .await;
    assert_eq!(confirmed.json()["address"], "later@example.com");
    assert_eq!(
        browser.whoami().await.json()["identity"]["verifiable_addresses"][0]["verified"],
        true
    );
    assert!(
        !browser
            .get("/ui/settings")
            .await
            .text
            .contains("Send confirmation code")
    );
    let again = browser.post("/self-service/verification", json!({})).await;
    assert_eq!(again.error_id(), "address_already_verified");
    let reused = h
        .api()
        .post("/self-service/verification/link", json!({ "token": mail.link_token() }))
        .await;
    assert_eq!(reused.error_id(), "link_invalid");
}
