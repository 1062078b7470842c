//! Backup codes as a user and an attacker meet them: make a set, sign in with a code (once),
//! make a new set, the privileged window, the try limit, one answer for everyone.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use time::Duration;

use crate::on_both_stores;
use crate::support::{Browser, Db, Device, Harness, Reply};

on_both_stores!(
    a_code_signs_in_once_and_a_new_set_replaces_the_old,
    making_a_set_needs_a_recent_passkey_sign_in,
    a_hundred_parallel_tries_of_one_code_make_one_session,
    tries_are_limited_per_identity_and_answers_reveal_nothing,
    codes_are_stored_only_as_argon2id_hashes,
    backup_codes_and_email_codes_share_one_try_limit,
);

/// Signs up `email` with a passkey and makes a set of backup codes; returns the browser (still
/// signed in) and the codes.
async fn account_with_codes<'h>(h: &'h Harness, email: &str) -> (Browser<'h>, Vec<String>) {
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up(email, &mut Device::new()).await;
    let made = browser.post("/self-service/settings/backup-codes", json!({})).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.text);
    let codes = made.json()["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    // Deliver the "new backup codes" notice now: messages queued at the same (test clock) instant
    // go out in no fixed order, and later tests read "the newest mail".
    h.mails_to(email).await;
    (browser, codes)
}

fn backup_sign_in(email: &str, code: &str) -> Request<Body> {
    Request::post("/self-service/login/backup-code")
        .header("content-type", "application/json")
        .body(Body::from(json!({ "email": email, "code": code }).to_string()))
        .unwrap()
}

async fn a_code_signs_in_once_and_a_new_set_replaces_the_old(db: Db) {
    let h = Harness::new(db).await;
    let (mut owner, codes) = account_with_codes(&h, "keeper@example.com").await;
    assert_eq!(codes.len(), 10);
    assert!(
        codes.iter().all(|c| c.len() == 14 && c.matches('-').count() == 2),
        "{codes:?}"
    );
    let status = owner.get("/self-service/settings/backup-codes").await;
    assert_eq!(status.json()["remaining"], 10);
    assert!(
        h.mail_to("keeper@example.com")
            .await
            .subject
            .contains("New backup codes")
    );

    // Lost the passkey and no email at hand: the email address and one code.
    let mut elsewhere = h.browser();
    elsewhere.open().await;
    let typed = codes[0].to_uppercase().replace('-', " ");
    let signed_in = elsewhere
        .post(
            "/self-service/login/backup-code",
            json!({ "email": "keeper@example.com", "code": typed }),
        )
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    assert_eq!(signed_in.json()["backup_codes_remaining"], 9);
    let whoami = elsewhere.whoami().await;
    assert_eq!(whoami.json()["authenticator_assurance_level"], "aal1");
    assert_eq!(whoami.json()["authentication_methods"][0]["method"], "lookup_secret");
    let notice = h.mail_to("keeper@example.com").await;
    assert!(notice.subject.contains("backup code was used"), "{}", notice.subject);
    assert!(notice.text.contains("9 backup codes are left"), "{}", notice.text);

    let again = h.send(backup_sign_in("keeper@example.com", &codes[0])).await;
    assert_eq!(again.error_id(), "backup_code_invalid", "a code works once");

    let remade = owner.post("/self-service/settings/backup-codes", json!({})).await;
    assert_eq!(remade.status, StatusCode::OK, "{}", remade.text);
    let old = h.send(backup_sign_in("keeper@example.com", &codes[1])).await;
    assert_eq!(old.error_id(), "backup_code_invalid", "the old set is gone");
    let new_code = remade.json()["codes"][0].as_str().unwrap().to_owned();
    let fresh = h.send(backup_sign_in("keeper@example.com", &new_code)).await;
    assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.text);
    assert!(fresh.json()["session_token"].is_string(), "an API client gets a token");
}

async fn making_a_set_needs_a_recent_passkey_sign_in(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("window@example.com", &mut device).await;
    h.clock.advance(Duration::minutes(15) + Duration::seconds(1));
    let late = browser.post("/self-service/settings/backup-codes", json!({})).await;
    assert_eq!(
        (late.status, late.error_id().as_str()),
        (StatusCode::FORBIDDEN, "step_up_required")
    );
    browser.sign_in(&mut device).await;
    let fresh = browser.post("/self-service/settings/backup-codes", json!({})).await;
    assert_eq!(fresh.status, StatusCode::OK, "{}", fresh.text);

    // A session made by a backup code (or an email code) never opens the window.
    let code = fresh.json()["codes"][0].as_str().unwrap().to_owned();
    let mut other = h.browser();
    other.open().await;
    let by_code = other
        .post(
            "/self-service/login/backup-code",
            json!({ "email": "window@example.com", "code": code }),
        )
        .await;
    assert_eq!(by_code.status, StatusCode::OK);
    let refused = other.post("/self-service/settings/backup-codes", json!({})).await;
    assert_eq!(refused.error_id(), "step_up_required");
}

async fn a_hundred_parallel_tries_of_one_code_make_one_session(db: Db) {
    let h = Harness::new(db).await;
    let (_, codes) = account_with_codes(&h, "race@example.com").await;
    let tries = (0..100)
        .map(|_| backup_sign_in("race@example.com", &codes[3]))
        .collect();
    let replies = h.send_concurrently(tries).await;
    let wins = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    assert_eq!(wins, 1, "exactly one session");
    assert!(
        replies
            .iter()
            .all(|r| r.status == StatusCode::OK
                || ["backup_code_invalid", "rate_limited"].contains(&r.error_id().as_str())),
        "every other try is refused"
    );
}

fn shape(reply: &Reply) -> (StatusCode, Value) {
    reply.answer()
}

async fn tries_are_limited_per_identity_and_answers_reveal_nothing(db: Db) {
    let h = Harness::new(db).await;
    let (_, codes) = account_with_codes(&h, "limit@example.com").await;
    let wrong = "zzzz-zzzz-zzzz";
    let known = h.send(backup_sign_in("limit@example.com", wrong)).await;
    let unknown = h.send(backup_sign_in("nobody@example.com", wrong)).await;
    let no_such_slot = h.send(backup_sign_in("limit@example.com", "x")).await;
    assert_eq!(
        shape(&known),
        shape(&unknown),
        "a known address answers like an unknown one"
    );
    assert_eq!(shape(&known), shape(&no_such_slot));
    for _ in 0..8 {
        h.send(backup_sign_in("limit@example.com", wrong)).await;
    }
    let limited = h.send(backup_sign_in("limit@example.com", &codes[0])).await;
    assert_eq!(
        limited.error_id(),
        "rate_limited",
        "the 11th try, even with the right code"
    );
    for _ in 0..9 {
        h.send(backup_sign_in("nobody@example.com", wrong)).await;
    }
    assert_eq!(
        h.send(backup_sign_in("nobody@example.com", wrong)).await.error_id(),
        "rate_limited",
        "an unknown address is limited the same way"
    );
    h.clock.advance(Duration::hours(1));
    let later = h.send(backup_sign_in("limit@example.com", &codes[0])).await;
    assert_eq!(later.status, StatusCode::OK, "{}", later.text);
}

async fn codes_are_stored_only_as_argon2id_hashes(db: Db) {
    let h = Harness::new(db).await;
    let (_, codes) = account_with_codes(&h, "rest@example.com").await;
    let rows = h.store.dump_table("backup_codes").await.unwrap();
    assert_eq!(rows.len(), 10);
    for (row, code) in rows.iter().zip(&codes) {
        assert!(row.contains("$argon2id$"), "{row}");
        let secret = code.replace('-', "")[2..].to_owned();
        assert!(!rows.iter().any(|r| r.contains(&secret)), "{code} is not stored");
    }
}

#[tokio::test]
async fn a_disabled_method_makes_no_codes_and_signs_nobody_in() {
    let h = Harness::with_config(Db::Sqlite, |c| c.methods.lookup_secret_enabled = false).await;
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("off@example.com", &mut Device::new()).await;
    let made = browser.post("/self-service/settings/backup-codes", json!({})).await;
    assert_eq!(made.error_id(), "method_disabled");
    let tried = h.send(backup_sign_in("off@example.com", "abcd-efgh-jkmn")).await;
    assert_eq!(tried.error_id(), "method_disabled");
}

async fn backup_codes_and_email_codes_share_one_try_limit(db: Db) {
    let h = Harness::new(db).await;
    account_with_codes(&h, "shared@example.com").await;
    for _ in 0..10 {
        h.send(backup_sign_in("shared@example.com", "zzzz-zzzz-zzzz")).await;
    }
    // The owner hears of it once; later mail to the address is then the newest.
    let slowed = h
        .mails_to("shared@example.com")
        .await
        .iter()
        .filter(|m| m.subject.contains("slowed down"))
        .count();
    assert_eq!(slowed, 1);
    // Switching to the email fallback buys no more guesses this hour.
    let mut browser = h.browser();
    browser.open().await;
    let flow = browser.request_code("shared@example.com").await;
    let code = h.mail_to("shared@example.com").await.code();
    assert_eq!(browser.enter_code(&flow, &code).await.error_id(), "rate_limited");
    h.clock.advance(Duration::hours(1));
    let flow = browser.request_code("shared@example.com").await;
    let code = h.mail_to("shared@example.com").await.code();
    assert_eq!(browser.enter_code(&flow, &code).await.status, StatusCode::OK);
}
