//! Password sign-in for imported legacy accounts: the session it makes, the hash upgraded to
//! Argon2id, one answer with one timing for unknown, password-less and wrong, the shared try limit,
//! and the method off by default.

use std::sync::Arc;

use axum::http::StatusCode;
use latchkey::admin::import::{Imported, Importer, OnConflict};
use latchkey::audit::{Actor, Filter, Origin};
use latchkey::domain::Tier;
use latchkey::slow_hash::SlowHasher;
use serde_json::{Value, json};
use time::Duration;

use crate::on_both_stores;
use crate::support::{Db, Device, Harness, Reply};

on_both_stores!(
    a_legacy_account_signs_in_with_its_password_and_its_hash_becomes_argon2id,
    unknown_passwordless_and_wrong_get_one_answer_and_share_the_try_limit,
    a_high_value_password_sign_in_is_restricted_and_the_method_is_off_by_default,
    continue_puts_off_the_switch_prompt_for_the_interval_and_a_passkey_ends_it,
    turning_the_password_off_needs_a_recent_passkey_and_ends_password_sign_in,
    a_passkey_sign_in_offers_to_turn_the_password_off_after_disable_after,
    the_admin_api_counts_the_migration_by_import_day,
);

pub(crate) async fn harness(db: Db) -> Harness {
    Harness::with_config(db, |c| c.methods.password_enabled = true).await
}

/// The bcrypt hash htpasswd made, and its password.
pub(crate) fn bcrypt_vector() -> (String, String) {
    let fixture: Value = serde_json::from_str(include_str!("../fixtures/passwords/vectors.json")).unwrap();
    let hash = fixture["vectors"][0]["hash"].as_str().unwrap().to_owned();
    assert!(hash.starts_with("$2y$"));
    (fixture["password"].as_str().unwrap().to_owned(), hash)
}

pub(crate) async fn import_legacy(h: &Harness, email: &str, hash: &str, tier: &str) -> uuid::Uuid {
    let importer = Importer::new(
        h.store.clone(),
        h.clock.clone(),
        Arc::new(SlowHasher::new(2)),
        h.app.audit.clone(),
        Tier::Standard,
    );
    let record = json!({
        "traits": { "email": email },
        "verifiable_addresses": [{ "value": email, "verified": true }],
        "credentials": { "password": { "config": { "hashed_password": hash } } },
        "tier": tier,
    });
    let actor = Actor::System { name: "test".into() };
    match importer
        .import(&record, OnConflict::Skip, &actor, &Origin::default())
        .await
        .unwrap()
    {
        Ok(Imported::Created(id)) => id,
        other => panic!("{other:?}"),
    }
}

async fn password_sign_in(h: &Harness, identifier: &str, password: &str) -> Reply {
    h.api()
        .post(
            "/self-service/login/password",
            json!({ "identifier": identifier, "password": password }),
        )
        .await
}

async fn a_legacy_account_signs_in_with_its_password_and_its_hash_becomes_argon2id(db: Db) {
    let h = harness(db).await;
    let (password, hash) = bcrypt_vector();
    let id = import_legacy(&h, "legacy@example.com", &hash, "standard").await;

    let reply = password_sign_in(&h, "Legacy@Example.com", &password).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let session = &reply.json()["session"];
    assert_eq!(session["authenticator_assurance_level"], "aal1");
    assert_eq!(session["authentication_methods"][0]["method"], "password");
    assert_eq!(session["identity"]["id"], id.to_string());
    assert!(reply.json()["session_token"].is_string());

    let upgraded = h.store.password_hash(id).await.unwrap().unwrap();
    assert!(upgraded.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{upgraded}");
    let rehashed = h
        .app
        .audit
        .entries(&Filter {
            action: Some("password.rehashed".into()),
            limit: 10,
            ..Filter::default()
        })
        .await
        .unwrap();
    assert_eq!(rehashed.len(), 1);
    assert!(rehashed[0].details.contains("bcrypt") && !rehashed[0].details.contains(&hash));

    let again = password_sign_in(&h, "legacy@example.com", &password).await;
    assert_eq!(
        again.status,
        StatusCode::OK,
        "the Argon2id hash verifies: {}",
        again.text
    );
    assert_eq!(
        h.store.password_hash(id).await.unwrap().unwrap(),
        upgraded,
        "rehashed once"
    );
}

async fn unknown_passwordless_and_wrong_get_one_answer_and_share_the_try_limit(db: Db) {
    let h = harness(db).await;
    let (password, hash) = bcrypt_vector();
    import_legacy(&h, "legacy@example.com", &hash, "standard").await;
    h.api().sign_up("native@example.com", &mut Device::new()).await;

    let mut answers = Vec::new();
    for (who, what) in [
        ("nobody@example.com", password.as_str()),
        ("native@example.com", password.as_str()),
        ("legacy@example.com", "not the password"),
        ("not an address", password.as_str()),
    ] {
        let reply = password_sign_in(&h, who, what).await;
        answers.push(reply.answer());
    }
    assert!(
        answers.iter().all(|a| a == &answers[0]),
        "one answer, word for word: {answers:?}"
    );
    assert_eq!(answers[0].0, StatusCode::BAD_REQUEST);
    assert_eq!(answers[0].1["error"]["id"], "credentials_invalid");
    // The same work behind each answer too: every refusal of an address writes one entry (one
    // written for a wrong password only would make that answer slower).
    let refused = h
        .app
        .audit
        .entries(&Filter {
            action: Some("password.refused".into()),
            limit: 10,
            ..Filter::default()
        })
        .await
        .unwrap();
    assert_eq!(refused.len(), 3, "unknown, password-less and wrong each audited");

    // The tries count with the email code's and backup code's: ten, then a wait even for the
    // right password.
    for _ in 0..8 {
        password_sign_in(&h, "legacy@example.com", "still wrong").await;
    }
    let mut browser = h.browser();
    browser.open().await;
    browser
        .post(
            "/self-service/login/backup-code",
            json!({ "email": "legacy@example.com", "code": "zzzz-zzzz-zzzz" }),
        )
        .await;
    let blocked = password_sign_in(&h, "legacy@example.com", &password).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS, "{}", blocked.text);
    h.clock.advance(Duration::hours(1));
    assert_eq!(
        password_sign_in(&h, "legacy@example.com", &password).await.status,
        StatusCode::OK
    );
}

async fn a_high_value_password_sign_in_is_restricted_and_the_method_is_off_by_default(db: Db) {
    let h = harness(db).await;
    let (password, hash) = bcrypt_vector();
    import_legacy(&h, "vip@example.com", &hash, "high_value").await;
    let reply = password_sign_in(&h, "vip@example.com", &password).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(reply.json()["session"]["restricted"], true, "{}", reply.text);

    let off = Harness::new(db).await;
    import_legacy(&off, "legacy@example.com", &hash, "standard").await;
    let refused = password_sign_in(&off, "legacy@example.com", &password).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(refused.text.contains("method_disabled"), "{}", refused.text);
}

/// Unknown address, account without a password, wrong password on an Argon2id hash: the same
/// work, so the same time (medians within the noise of either).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_passwordless_and_wrong_take_the_same_time() {
    let h = harness(Db::Sqlite).await;
    let (password, hash) = bcrypt_vector();
    import_legacy(&h, "legacy@example.com", &hash, "standard").await;
    assert_eq!(
        password_sign_in(&h, "legacy@example.com", &password).await.status,
        StatusCode::OK
    );
    h.api().sign_up("native@example.com", &mut Device::new()).await;
    let cases = ["nobody@example.com", "native@example.com", "legacy@example.com"];
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); cases.len()];
    for round in 0..60 {
        // Past the try limit's horizon each round, so no case is slowed down.
        h.clock.advance(Duration::days(8));
        for offset in 0..cases.len() {
            let case = (round + offset) % cases.len();
            let started = std::time::Instant::now();
            let reply = password_sign_in(&h, cases[case], "wrong password").await;
            samples[case].push(started.elapsed().as_secs_f64());
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text);
        }
    }
    let summaries: Vec<(f64, f64)> = samples.into_iter().map(median_and_iqr).collect();
    let widest = summaries.iter().map(|s| s.1).fold(0.0, f64::max);
    for (case, (median, _)) in cases.iter().zip(&summaries) {
        let noise = (widest / 4.0).max(summaries[0].0 * 0.15);
        assert!(
            (median - summaries[0].0).abs() <= noise,
            "{case}: {median} vs {} (allowed {noise})",
            summaries[0].0
        );
    }
}

fn median_and_iqr(mut samples: Vec<f64>) -> (f64, f64) {
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.75) - at(0.25))
}

/// Funnel step 1: "Switch to passwordless sign-in?" after every password sign-in of an identity
/// without a passkey, at most once per prompt interval after "Continue", never once it has one.
async fn continue_puts_off_the_switch_prompt_for_the_interval_and_a_passkey_ends_it(db: Db) {
    let h = harness(db).await;
    let (password, hash) = bcrypt_vector();
    import_legacy(&h, "legacy@example.com", &hash, "standard").await;
    let mut browser = h.browser();
    browser.open().await;
    let first = sign_in_in(&mut browser, &password).await;
    assert_eq!(first.json()["switch_to_passkey"], true, "{}", first.text);
    let answered = browser
        .post(
            "/self-service/settings/password/prompt",
            json!({ "answer": "continue" }),
        )
        .await;
    assert_eq!(answered.status, StatusCode::NO_CONTENT, "{}", answered.text);
    assert_eq!(
        sign_in_in(&mut browser, &password).await.json()["switch_to_passkey"],
        false,
        "put off"
    );
    h.clock.advance(Duration::days(6));
    assert_eq!(
        sign_in_in(&mut browser, &password).await.json()["switch_to_passkey"],
        false,
        "still within 7 days"
    );
    h.clock.advance(Duration::days(1));
    assert_eq!(
        sign_in_in(&mut browser, &password).await.json()["switch_to_passkey"],
        true,
        "asked again"
    );

    browser.add_passkey(&mut Device::new()).await;
    assert_eq!(
        sign_in_in(&mut browser, &password).await.json()["switch_to_passkey"],
        false,
        "never once a passkey is saved"
    );
    let mut stranger = h.browser();
    stranger.open().await;
    let refused = stranger
        .post(
            "/self-service/settings/password/prompt",
            json!({ "answer": "continue" }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "only a session answers");
}

async fn sign_in_in(browser: &mut crate::support::Browser<'_>, password: &str) -> Reply {
    browser
        .post(
            "/self-service/login/password",
            json!({ "identifier": "legacy@example.com", "password": password }),
        )
        .await
}

/// Funnel step 4 from the account page: the password is turned off for good, only from a recent
/// passkey sign-in; the person is told, and the password form answers as for a wrong password.
async fn turning_the_password_off_needs_a_recent_passkey_and_ends_password_sign_in(db: Db) {
    let h = harness(db).await;
    let (password, hash) = bcrypt_vector();
    let id = import_legacy(&h, "legacy@example.com", &hash, "standard").await;
    let mut browser = h.browser();
    browser.open().await;
    assert_eq!(sign_in_in(&mut browser, &password).await.status, StatusCode::OK);
    let from_password = browser
        .call(axum::http::Method::DELETE, "/self-service/settings/password", json!({}))
        .await;
    assert_eq!(from_password.status, StatusCode::FORBIDDEN, "{}", from_password.text);
    assert!(from_password.text.contains("step_up_required"));

    let mut device = Device::new();
    browser.add_passkey(&mut device).await;
    let mut with_passkey = h.browser();
    with_passkey.open().await;
    assert_eq!(with_passkey.sign_in(&mut device).await.status, StatusCode::OK);
    let off = with_passkey
        .call(axum::http::Method::DELETE, "/self-service/settings/password", json!({}))
        .await;
    assert_eq!(off.status, StatusCode::NO_CONTENT, "{}", off.text);
    assert_eq!(h.store.password_hash(id).await.unwrap(), None, "the hash is gone");
    let notice = h.mail_to("legacy@example.com").await;
    assert!(notice.subject.contains("Password turned off"), "{}", notice.subject);

    let refused = password_sign_in(&h, "legacy@example.com", &password).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert!(refused.text.contains("credentials_invalid"), "{}", refused.text);
    let again = with_passkey
        .call(axum::http::Method::DELETE, "/self-service/settings/password", json!({}))
        .await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let audited = h
        .app
        .audit
        .entries(&Filter {
            action: Some("password.disabled".into()),
            limit: 10,
            ..Filter::default()
        })
        .await
        .unwrap();
    assert_eq!(audited.len(), 1);
}

/// Funnel step 4: once the identity has had a passkey for `disable_after` (30 days), a passkey
/// sign-in says `disable_password`; "Not now" puts it off for the prompt interval.
async fn a_passkey_sign_in_offers_to_turn_the_password_off_after_disable_after(db: Db) {
    let h = harness(db).await;
    let (password, hash) = bcrypt_vector();
    import_legacy(&h, "legacy@example.com", &hash, "standard").await;
    let mut browser = h.browser();
    browser.open().await;
    sign_in_in(&mut browser, &password).await;
    let mut device = Device::new();
    browser.add_passkey(&mut device).await;
    let offered = |reply: Reply| reply.json()["disable_password"] == json!(true);

    let mut later = h.browser();
    later.open().await;
    assert!(!offered(later.sign_in(&mut device).await), "not before 30 days");
    h.clock.advance(Duration::days(30));
    assert!(
        offered(later.sign_in(&mut device).await),
        "after 30 days with a passkey"
    );
    let put_off = later
        .post(
            "/self-service/settings/password/prompt",
            json!({ "answer": "continue" }),
        )
        .await;
    assert_eq!(put_off.status, StatusCode::NO_CONTENT);
    assert!(!offered(later.sign_in(&mut device).await), "Not now waits");
    h.clock.advance(Duration::days(7));
    assert!(
        offered(later.sign_in(&mut device).await),
        "asked again after the interval"
    );
    let off = later
        .call(axum::http::Method::DELETE, "/self-service/settings/password", json!({}))
        .await;
    assert_eq!(off.status, StatusCode::NO_CONTENT, "{}", off.text);
    assert!(!offered(later.sign_in(&mut device).await), "never once it is off");
    let numbers = h
        .admin("Dashboard", "support")
        .await
        .get("/admin/migration")
        .await
        .json();
    assert_eq!(
        (
            &numbers["switch_prompts_shown"],
            &numbers["disable_prompts_shown"],
            &numbers["prompts_put_off"]
        ),
        (&json!(1), &json!(2), &json!(1)),
        "{numbers}"
    );
}

/// `GET /admin/migration`: three accounts imported on one day and one the day after; one signs in
/// by password twice, saves a passkey and turns its password off.
async fn the_admin_api_counts_the_migration_by_import_day(db: Db) {
    let h = harness(db).await;
    let (password, hash) = bcrypt_vector();
    for n in 0..3 {
        import_legacy(&h, &format!("first{n}@example.com"), &hash, "standard").await;
    }
    h.clock.advance(Duration::days(1));
    import_legacy(&h, "legacy@example.com", &hash, "standard").await;
    h.api().sign_up("native@example.com", &mut Device::new()).await;
    let mut browser = h.browser();
    browser.open().await;
    sign_in_in(&mut browser, &password).await;
    sign_in_in(&mut browser, &password).await;
    let mut device = Device::new();
    browser.add_passkey(&mut device).await;
    let mut later = h.browser();
    later.open().await;
    later.sign_in(&mut device).await;
    later
        .call(axum::http::Method::DELETE, "/self-service/settings/password", json!({}))
        .await;

    let support = h.admin("Migration dashboard", "support").await;
    let numbers = support.get("/admin/migration").await;
    assert_eq!(numbers.status, StatusCode::OK, "{}", numbers.text);
    assert_eq!(
        numbers.json(),
        json!({
            "legacy_accounts": 4,
            "with_passkey": 1,
            "password_on": 3,
            "passwords_disabled": 1,
            "switch_prompts_shown": 2,
            "disable_prompts_shown": 0,
            "prompts_put_off": 0,
            "switch_prompts_accepted": 1,
            "automatic_upgrades": 0,
            "password_sign_ins_per_day": [{ "day": "2026-11-26", "count": 2 }],
            "cohorts": [
                { "imported_on": "2026-11-25", "accounts": 3, "with_passkey": 0, "password_on": 3 },
                { "imported_on": "2026-11-26", "accounts": 1, "with_passkey": 1, "password_on": 0 },
            ],
        })
    );
}
