//! The sign-in funnel and the metrics: each way in moves its counters, per tier; the admin API
//! answers "how many people fell back to email, and how many of them then saved a passkey?";
//! replicas add up; and nothing in `/metrics` names a person.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::on_both_stores;
use crate::support::{Db, Device, Harness, b64, set_b64};

on_both_stores!(
    each_way_in_moves_the_funnel_per_tier_and_replicas_add_up,
    metrics_count_requests_by_route_and_name_nobody,
    the_pages_report_what_the_server_cannot_see_and_nothing_else,
    every_fallback_way_in_is_counted_by_name,
);

/// The count of `step` / `tier` / `cause` in `/admin/funnel`'s totals (0 when absent).
fn total(numbers: &Value, step: &str, tier: &str, cause: &str) -> i64 {
    numbers["totals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["step"] == step && t["tier"] == tier && t["cause"] == cause)
        .map_or(0, |t| t["count"].as_i64().unwrap())
}

/// Signs in by email code in a fresh browser; returns it.
async fn email_sign_in<'h>(h: &'h Harness, email: &str) -> crate::support::Browser<'h> {
    let mut browser = h.browser();
    browser.open().await;
    let flow = browser.request_code(email).await;
    let code = h.mails_to(email).await.last().unwrap().code();
    let signed_in = browser.enter_code(&flow, &code).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    browser
}

async fn each_way_in_moves_the_funnel_per_tier_and_replicas_add_up(db: Db) {
    let h = Harness::with_config(db, |c| c.policy.high_value_domains = vec!["bank.example".into()]).await;
    let mut ada = Device::new();
    let mut bo = Device::new();
    h.api().sign_up("ada@example.com", &mut ada).await;
    h.api().sign_up("bo@bank.example", &mut bo).await;

    // A passkey sign-in, and one refused (a bad signature).
    assert_eq!(h.api().sign_in(&mut ada).await.status, StatusCode::OK);
    let (flow_id, options) = h.api().login_options().await;
    let mut forged = ada.authenticate(&options).await;
    let mut signature = b64(&forged["response"]["signature"]);
    signature[10] ^= 0x01;
    set_b64(&mut forged["response"]["signature"], &signature);
    assert_eq!(
        h.api().login_verify(&flow_id, &forged).await.error_id(),
        "passkey_verification_failed"
    );

    // Both fall back to email; only Ada then saves a passkey on this device. Bo's sign-in runs
    // on another replica.
    let mut ada_by_email = email_sign_in(&h, "ada@example.com").await;
    let saved = ada_by_email.add_passkey(&mut Device::new()).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    let replica = h.replica().await;
    email_sign_in(&replica, "bo@bank.example").await;
    replica.app.flush_funnel().await;

    let numbers = h.admin("Dashboard", "support").await.get("/admin/funnel?days=1").await;
    assert_eq!(numbers.status, StatusCode::OK, "{}", numbers.text);
    let n = numbers.json();
    let expected = [
        ("signed_in", "standard", "sign_up", 1),
        ("signed_in", "high_value", "sign_up", 1),
        ("passkey_started", "unknown", "", 2),
        ("signed_in", "standard", "passkey", 1),
        ("passkey_failed", "unknown", "passkey_verification_failed", 1),
        ("code_requested", "unknown", "", 2),
        ("signed_in", "standard", "email_code", 1),
        ("signed_in", "high_value", "email_code", 1),
        ("passkey_saved", "standard", "code", 1),
    ];
    for (step, tier, cause, count) in expected {
        assert_eq!(total(&n, step, tier, cause), count, "{step} {tier} {cause}: {n}");
    }
    assert_eq!(
        n["email_fallbacks"],
        json!({ "people": 2, "then_saved_passkey": 1 }),
        "two people fell back to email; one of them then saved a passkey"
    );
    assert_eq!(n["bucket"], "hour");
    let hourly: i64 = n["series"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["step"] == "code_requested")
        .map(|b| b["count"].as_i64().unwrap())
        .sum();
    assert_eq!(hourly, 2, "the series adds up to the totals");

    let refused = h.admin("Dashboard", "support").await.get("/admin/funnel?days=31").await;
    assert_eq!(refused.error_id(), "invalid_request");
}

async fn metrics_count_requests_by_route_and_name_nobody(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    let signed_up = h.api().sign_up("carol@example.com", &mut device).await;
    let identity = signed_up.json()["session"]["identity"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut client = h.api();
    client.sign_in(&mut device).await;
    for _ in 0..2 {
        assert_eq!(client.get("/sessions/whoami").await.status, StatusCode::OK);
    }
    h.api().get("/sessions/whoami").await;

    let scrape = h.admin("Prometheus", "support").await.get("/metrics").await;
    assert_eq!(scrape.status, StatusCode::OK);
    assert_eq!(
        scrape.header("content-type"),
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let text = &scrape.text;
    for line in [
        r#"latchkey_signin_funnel_total{step="signed_in",tier="standard",cause="passkey"} 1"#,
        r#"latchkey_http_requests_total{route="/self-service/login/passkey/verify",method="POST",status="2xx"} 1"#,
        r#"latchkey_http_requests_total{route="/sessions/whoami",method="GET",status="4xx"} 1"#,
        "# TYPE latchkey_mail_queued gauge",
        "# TYPE latchkey_http_request_duration_seconds histogram",
        "latchkey_session_cache_hits_total 2",
        "# TYPE latchkey_mail_sent_total counter",
        "# TYPE latchkey_audit_batch_entries histogram",
    ] {
        assert!(text.lines().any(|l| l == line), "no line {line:?} in:\n{text}");
    }
    for personal in ["carol", "@example.com", identity.as_str()] {
        assert!(!text.contains(personal), "{personal} in /metrics");
    }
    // The public listener does not serve it.
    assert_eq!(h.api().get("/metrics").await.status, StatusCode::NOT_FOUND);

    // Every store read waits for a pool connection, and the wait is counted.
    let acquired = |text: &str| -> u64 {
        let line = text
            .lines()
            .find(|l| l.starts_with("latchkey_db_connection_acquire_seconds_count "))
            .unwrap_or_else(|| panic!("no acquire count in:\n{text}"));
        line.rsplit(' ').next().unwrap().parse().unwrap()
    };
    let before = acquired(text);
    let mut stranger = h.api();
    stranger.token = Some("ory_st_not-a-session".into());
    assert_eq!(stranger.get("/sessions/whoami").await.status, StatusCode::UNAUTHORIZED);
    let after = acquired(&h.admin("Prometheus again", "support").await.get("/metrics").await.text);
    assert!(
        after > before,
        "a store read did not count its wait: {before} then {after}"
    );

    // metrics.enabled: false takes /metrics away; the funnel the admin page shows goes on.
    h.app.flush_funnel().await;
    let off = h.restarted_with(|c| c.metrics_enabled = false).await;
    off.api().sign_in(&mut device).await;
    let admin = off.admin("Dashboard", "support").await;
    assert_eq!(admin.get("/metrics").await.status, StatusCode::NOT_FOUND);
    let n = admin.get("/admin/funnel?days=1").await.json();
    assert_eq!(total(&n, "passkey_started", "unknown", ""), 2, "{n}");
}

/// The beacon: our pages only, fixed values only, a limit per client address.
async fn the_pages_report_what_the_server_cannot_see_and_nothing_else(db: Db) {
    let h = Harness::new(db).await;
    let mut page = h.browser();
    page.open().await;
    for report in [
        json!({ "event": "passkey_failed", "cause": "NotAllowedError" }),
        json!({ "event": "email_offered" }),
        json!({ "event": "email_chosen" }),
    ] {
        let counted = page.post("/self-service/beacon", report).await;
        assert_eq!(counted.status, StatusCode::NO_CONTENT, "{}", counted.text);
    }
    let from_api = h
        .api()
        .post("/self-service/beacon", json!({ "event": "email_chosen" }))
        .await;
    assert_eq!(from_api.error_id(), "csrf_violation", "only our pages report");
    for made_up in [
        json!({ "event": "signed_in" }),
        json!({ "event": "passkey_failed", "cause": "ada@example.com" }),
        json!({ "event": "email_chosen", "email": "ada@example.com" }),
    ] {
        assert_eq!(
            page.post("/self-service/beacon", made_up).await.error_id(),
            "invalid_request"
        );
    }
    for _ in 3..latchkey_beacon_limit() {
        page.post("/self-service/beacon", json!({ "event": "email_offered" }))
            .await;
    }
    let flooded = page
        .post("/self-service/beacon", json!({ "event": "email_offered" }))
        .await;
    assert_eq!(flooded.error_id(), "rate_limited", "{}", flooded.text);

    let n = h
        .admin("Dashboard", "support")
        .await
        .get("/admin/funnel?days=1")
        .await
        .json();
    assert_eq!(total(&n, "passkey_failed", "unknown", "NotAllowedError"), 1, "{n}");
    assert_eq!(total(&n, "email_chosen", "unknown", ""), 1, "{n}");
    assert_eq!(
        total(&n, "email_offered", "unknown", ""),
        i64::from(latchkey_beacon_limit()) - 2,
        "counted up to the limit and no further: {n}"
    );
}

fn latchkey_beacon_limit() -> u32 {
    latchkey::http::beacon::PER_CLIENT
}

/// The fallbacks each count under their own name: magic link, backup code, recovery link (with
/// the link's request and issue), legacy password.
async fn every_fallback_way_in_is_counted_by_name(db: Db) {
    let h = Harness::with_config(db, |c| {
        c.methods.password_enabled = true;
        c.recovery.cooling_off = time::Duration::ZERO;
    })
    .await;

    let mut by_link = h.browser();
    by_link.open().await;
    h.api().sign_up("ada@example.com", &mut Device::new()).await;
    by_link.request_code("ada@example.com").await;
    let token = h.mails_to("ada@example.com").await.last().unwrap().link_token();
    let linked = by_link
        .post("/self-service/login/link", json!({ "token": token }))
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.text);

    let mut owner = h.browser();
    owner.open().await;
    owner.sign_up("bo@example.com", &mut Device::new()).await;
    let codes = owner
        .post("/self-service/settings/backup-codes", json!({}))
        .await
        .json();
    let code = codes["codes"][0].as_str().unwrap();
    let by_code = h
        .api()
        .post(
            "/self-service/login/backup-code",
            json!({ "email": "bo@example.com", "code": code }),
        )
        .await;
    assert_eq!(by_code.status, StatusCode::OK, "{}", by_code.text);

    let identity = crate::recovery::account(&h, "cy@example.com").await;
    let link = crate::recovery::issue(&h.admin("Help desk", "support").await, &identity).await;
    let recovered = h
        .api()
        .post(
            "/self-service/recovery/link",
            json!({ "token": crate::recovery::token_of(&link) }),
        )
        .await;
    assert_eq!(recovered.status, StatusCode::OK, "{}", recovered.text);

    let (password, hash) = crate::password::bcrypt_vector();
    crate::password::import_legacy(&h, "legacy@example.com", &hash, "standard").await;
    let by_password = h
        .api()
        .post(
            "/self-service/login/password",
            json!({ "identifier": "legacy@example.com", "password": password }),
        )
        .await;
    assert_eq!(by_password.status, StatusCode::OK, "{}", by_password.text);

    let n = h
        .admin("Dashboard", "support")
        .await
        .get("/admin/funnel?days=1")
        .await
        .json();
    for (step, cause) in [
        ("signed_in", "magic_link"),
        ("signed_in", "backup_code"),
        ("signed_in", "recovery_link"),
        ("signed_in", "password"),
        ("recovery_requested", ""),
        ("recovery_issued", ""),
    ] {
        assert_eq!(total(&n, step, "standard", cause), 1, "{step} {cause}: {n}");
    }
}
