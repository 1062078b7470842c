//! Assurance and tiers: what each way in yields on each tier, what the session may then do,
//! re-enrolment, `required_aal`, the privileged window and session timeouts. The matrix here is
//! the table "Sign-in paths and what they may do" in the README.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use time::Duration;

use crate::on_both_stores;
use crate::support::{Browser, Db, Device, Harness};

on_both_stores!(
    every_way_in_yields_its_assurance_and_no_more,
    saving_a_passkey_lifts_a_restricted_session_under_a_new_token,
    required_aal_asks_for_a_passkey_and_says_where,
    the_privileged_window_closes,
    high_value_sessions_end_after_inactivity_and_at_their_absolute_limit,
    an_email_domain_rule_makes_identities_high_value,
    a_step_up_with_the_own_passkey_opens_the_window_under_a_new_token,
    a_passkey_saved_from_an_email_session_is_announced_and_can_be_disowned,
    during_its_cooldown_a_new_passkey_opens_only_restricted_sessions_until_confirmed,
    every_way_in_and_tier_records_how_its_new_passkey_was_added,
);

/// Signs `email` up with `device` (a passkey) and makes 10 backup codes; returns the codes and
/// the passkey's id.
pub(crate) async fn account_with_codes(h: &Harness, email: &str, device: &mut Device) -> (Vec<String>, String) {
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up(email, device).await;
    let codes = browser.post("/self-service/settings/backup-codes", json!({})).await;
    // Deliver the sign-up and new-codes notices now: later mail to this address is then the newest.
    h.mails_to(email).await;
    let passkeys = browser.get("/self-service/settings/passkeys").await.json();
    let codes = codes.json()["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    (codes, passkeys["passkeys"][0]["id"].as_str().unwrap().to_owned())
}

pub(crate) async fn set_tier(h: &Harness, email: &str, tier: &str) {
    let admin = h.admin("Tiers", "admin").await;
    let found = admin.get(&format!("/admin/identities?email={email}")).await.json();
    let id = found["identities"][0]["id"].as_str().unwrap().to_owned();
    let changed = admin
        .patch(&format!("/admin/identities/{id}"), json!({ "tier": tier }))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
}

/// Signs a fresh browser in by `way`; returns it with its whoami (or the refusal).
pub(crate) async fn signed_in<'h>(
    h: &'h Harness,
    way: &str,
    email: &str,
    device: &mut Device,
    codes: &[String],
) -> Browser<'h> {
    let mut browser = h.browser();
    browser.open().await;
    let reply = match way {
        "passkey" => browser.sign_in(device).await,
        "code" => {
            let flow = browser.request_code(email).await;
            let code = h.mail_to(email).await.code();
            browser.enter_code(&flow, &code).await
        }
        "backup_code" => {
            browser
                .post(
                    "/self-service/login/backup-code",
                    json!({ "email": email, "code": codes[0] }),
                )
                .await
        }
        "recovery" => {
            let admin = h.admin("Desk", "admin").await;
            let found = admin.get(&format!("/admin/identities?email={email}")).await.json();
            let id = found["identities"][0]["id"].as_str().unwrap();
            let link = admin
                .post(
                    "/admin/recovery/link",
                    json!({ "identity_id": id, "reason": "passkey_lost_no_email", "verification": "video_call" }),
                )
                .await;
            let requested = link.json();
            let link = match requested["recovery_link"].as_str() {
                Some(link) => link.to_owned(),
                None => {
                    let second = h.admin("Second", "admin").await;
                    let approve = format!("/admin/recovery/requests/{}/approve", requested["id"].as_str().unwrap());
                    second.post(&approve, json!({})).await.json()["recovery_link"]
                        .as_str()
                        .unwrap()
                        .to_owned()
                }
            };
            let token = link.split_once("#token=").unwrap().1;
            browser
                .post("/self-service/recovery/link", json!({ "token": token }))
                .await
        }
        other => panic!("no way in called {other}"),
    };
    assert_eq!(reply.status, StatusCode::OK, "{way}: {}", reply.text);
    browser
}

/// What a session may do to the account whose passkey `first` is, as the error id or "ok" of each
/// attempt.
async fn what_it_may_do(browser: &mut Browser<'_>, first: &str) -> Value {
    let outcome = |reply: crate::support::Reply| {
        if reply.status.is_success() {
            "ok".to_owned()
        } else {
            reply.error_id()
        }
    };
    let read = outcome(browser.get("/self-service/settings/passkeys").await);
    let rename = outcome(
        browser
            .call(
                Method::PATCH,
                &format!("/self-service/settings/passkeys/{first}"),
                json!({ "name": "Laptop" }),
            )
            .await,
    );
    let codes = outcome(browser.post("/self-service/settings/backup-codes", json!({})).await);
    let address = outcome(browser.post("/self-service/verification", json!({})).await);
    let remove = outcome(
        browser
            .call(
                Method::DELETE,
                &format!("/self-service/settings/passkeys/{first}"),
                json!({}),
            )
            .await,
    );
    let add = outcome(browser.post("/self-service/settings/passkeys/options", json!({})).await);
    json!({ "read": read, "rename": rename, "backup_codes": codes, "add_address": address, "remove_passkey": remove, "add_passkey": add })
}

async fn every_way_in_yields_its_assurance_and_no_more(db: Db) {
    // way, tier -> aal, restricted, what it may do (remove_passkey: the account has two passkeys)
    let table = [
        (
            "passkey",
            "standard",
            "aal2",
            false,
            ["ok", "ok", "ok", "address_already_verified", "ok", "ok"],
        ),
        (
            "code",
            "standard",
            "aal1",
            false,
            [
                "ok",
                "ok",
                "step_up_required",
                "address_already_verified",
                "step_up_required",
                "ok",
            ],
        ),
        (
            "backup_code",
            "standard",
            "aal1",
            false,
            [
                "ok",
                "ok",
                "step_up_required",
                "address_already_verified",
                "step_up_required",
                "ok",
            ],
        ),
        (
            "passkey",
            "high_value",
            "aal2",
            false,
            ["ok", "ok", "ok", "address_already_verified", "ok", "ok"],
        ),
        (
            "code",
            "high_value",
            "aal1",
            true,
            [
                "ok",
                "ok",
                "step_up_required",
                "session_restricted",
                "step_up_required",
                "ok",
            ],
        ),
        (
            "backup_code",
            "high_value",
            "aal1",
            true,
            [
                "ok",
                "ok",
                "step_up_required",
                "session_restricted",
                "step_up_required",
                "ok",
            ],
        ),
    ];
    for (way, tier, aal, restricted, may) in table {
        let h = Harness::new(db).await;
        let email = format!("{way}.{tier}@example.com").replace('_', "-");
        let mut device = Device::new();
        let (codes, first) = account_with_codes(&h, &email, &mut device).await;
        {
            let mut second = h.browser();
            second.open().await;
            second.sign_in(&mut device).await;
            second.add_passkey(&mut Device::new()).await;
        }
        set_tier(&h, &email, tier).await;
        let mut browser = signed_in(&h, way, &email, &mut device, &codes).await;
        let whoami = browser.whoami().await.json();
        assert_eq!(whoami["authenticator_assurance_level"], aal, "{way} on {tier}");
        assert_eq!(whoami["restricted"], restricted, "{way} on {tier}");
        assert_eq!(whoami["tier"], tier);
        let expected = json!({
            "read": may[0], "rename": may[1], "backup_codes": may[2],
            "add_address": may[3], "remove_passkey": may[4], "add_passkey": may[5],
        });
        assert_eq!(what_it_may_do(&mut browser, &first).await, expected, "{way} on {tier}");
    }
    // A recovery link, on either tier: nothing but saving a passkey.
    for tier in ["standard", "high_value"] {
        let h = Harness::new(db).await;
        let email = format!("recovery.{tier}@example.com").replace('_', "-");
        let mut device = Device::new();
        let (_, first) = account_with_codes(&h, &email, &mut device).await;
        set_tier(&h, &email, tier).await;
        let mut browser = signed_in(&h, "recovery", &email, &mut device, &[]).await;
        assert_eq!(browser.whoami().await.error_id(), "session_enrolment_required");
        let may = what_it_may_do(&mut browser, &first).await;
        assert_eq!(
            may,
            json!({
                "read": "session_enrolment_required", "rename": "session_enrolment_required",
                "backup_codes": "session_enrolment_required", "add_address": "session_enrolment_required",
                "remove_passkey": "session_enrolment_required", "add_passkey": "ok",
            }),
            "recovery on {tier}"
        );
    }
}

async fn saving_a_passkey_lifts_a_restricted_session_under_a_new_token(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    account_with_codes(&h, "lift@example.com", &mut device).await;
    set_tier(&h, "lift@example.com", "high_value").await;
    let mut api = h.api();
    let flow = api
        .post("/self-service/login/code", json!({ "email": "lift@example.com" }))
        .await;
    let code = h.mail_to("lift@example.com").await.code();
    let signed_in = api
        .post(
            "/self-service/login/code/verify",
            json!({ "flow_id": flow.json()["flow_id"], "code": code }),
        )
        .await;
    assert_eq!(signed_in.json()["session"]["restricted"], true);
    let restricted_token = signed_in.json()["session_token"].as_str().unwrap().to_owned();
    api.token = Some(restricted_token.clone());
    let saved = api.add_passkey(&mut Device::new()).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    assert_eq!(saved.json()["lifted"], true);
    let session = &saved.json()["session"];
    assert_eq!(
        (
            session["restricted"].as_bool(),
            session["authenticator_assurance_level"].as_str()
        ),
        (Some(false), Some("aal2"))
    );
    let lifted_token = saved.json()["session_token"].as_str().unwrap().to_owned();
    assert_ne!(
        lifted_token, restricted_token,
        "a new token: nothing that held the old one is lifted"
    );
    assert_eq!(api.get("/sessions/whoami").await.status, StatusCode::UNAUTHORIZED);
    api.token = Some(lifted_token);
    let whoami = api.get("/sessions/whoami").await.json();
    let methods: Vec<&str> = whoami["authentication_methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["method"].as_str().unwrap())
        .collect();
    assert_eq!(methods, vec!["code", "passkey"]);
}

async fn required_aal_asks_for_a_passkey_and_says_where(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    account_with_codes(&h, "aal@example.com", &mut device).await;
    let mut by_code = signed_in(&h, "code", "aal@example.com", &mut device, &[]).await;
    assert_eq!(
        by_code.get("/sessions/whoami?required_aal=aal1").await.status,
        StatusCode::OK
    );
    let refused = by_code
        .get("/sessions/whoami?required_aal=aal2&return_to=/ui/settings")
        .await;
    assert_eq!(
        (refused.status, refused.error_id().as_str()),
        (StatusCode::FORBIDDEN, "session_aal2_required")
    );
    let step_up = refused.json()["redirect_browser_to"].as_str().unwrap().to_owned();
    assert!(
        step_up.starts_with("http://localhost:4433/ui/step-up?return_to="),
        "{step_up}"
    );
    assert_eq!(
        by_code
            .get("/sessions/whoami?required_aal=highest_available")
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        by_code.get("/sessions/whoami?required_aal=aal9").await.error_id(),
        "invalid_request"
    );
    let mut by_passkey = signed_in(&h, "passkey", "aal@example.com", &mut device, &[]).await;
    assert_eq!(
        by_passkey.get("/sessions/whoami?required_aal=aal2").await.status,
        StatusCode::OK
    );
}

async fn the_privileged_window_closes(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    account_with_codes(&h, "window@example.com", &mut device).await;
    let mut browser = signed_in(&h, "passkey", "window@example.com", &mut device, &[]).await;
    let whoami = browser.whoami().await.json();
    assert_eq!(whoami["privileged_until"], "2026-11-25T12:15:00Z");
    h.clock.advance(Duration::minutes(15));
    assert_eq!(
        browser
            .post("/self-service/settings/backup-codes", json!({}))
            .await
            .status,
        StatusCode::OK
    );
    h.clock.advance(Duration::seconds(1));
    let late = browser.post("/self-service/settings/backup-codes", json!({})).await;
    assert_eq!(
        (late.status, late.error_id().as_str()),
        (StatusCode::FORBIDDEN, "step_up_required")
    );
    assert!(browser.whoami().await.json()["privileged_until"].is_null());
    let adding = browser.post("/self-service/settings/passkeys/options", json!({})).await;
    assert_eq!(adding.error_id(), "step_up_required", "an old session adds no way in");
}

async fn high_value_sessions_end_after_inactivity_and_at_their_absolute_limit(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    account_with_codes(&h, "idle@example.com", &mut device).await;
    set_tier(&h, "idle@example.com", "high_value").await;
    let mut idle = signed_in(&h, "passkey", "idle@example.com", &mut device, &[]).await;
    let mut busy = signed_in(&h, "passkey", "idle@example.com", &mut device, &[]).await;
    for _ in 0..2 {
        h.clock.advance(Duration::minutes(20));
        assert_eq!(busy.whoami().await.status, StatusCode::OK);
    }
    assert_eq!(
        idle.whoami().await.status,
        StatusCode::UNAUTHORIZED,
        "40 minutes unused"
    );
    // Used every 20 minutes, it still ends 12 hours after sign-in (11h40 so far, then 12h).
    for _ in 0..33 {
        h.clock.advance(Duration::minutes(20));
        assert_eq!(busy.whoami().await.status, StatusCode::OK);
    }
    h.clock.advance(Duration::minutes(20));
    assert_eq!(busy.whoami().await.status, StatusCode::UNAUTHORIZED, "past 12 hours");

    // A standard session has no inactivity limit unless configured.
    let standard = h.restarted_with(|c| c.policy.high_value_domains.clear()).await;
    let mut device = Device::new();
    account_with_codes(&standard, "calm@example.com", &mut device).await;
    let mut calm = signed_in(&standard, "passkey", "calm@example.com", &mut device, &[]).await;
    standard.clock.advance(Duration::hours(20));
    assert_eq!(calm.whoami().await.status, StatusCode::OK);
}

async fn an_email_domain_rule_makes_identities_high_value(db: Db) {
    let h = Harness::with_config(db, |c| c.policy.high_value_domains = vec!["bank.example".into()]).await;
    let mut device = Device::new();
    account_with_codes(&h, "teller@bank.example", &mut device).await;
    let mut by_code = signed_in(&h, "code", "teller@bank.example", &mut device, &[]).await;
    let whoami = by_code.whoami().await.json();
    assert_eq!(
        (whoami["tier"].as_str(), whoami["restricted"].as_bool()),
        (Some("high_value"), Some(true))
    );
    // Support cannot recover it, whatever its stored tier says.
    let support = h.admin("Desk", "support").await;
    let found = support.get("/admin/identities?email=teller").await.json();
    assert_eq!(found["identities"][0]["tier"], "standard", "stored tier");
    let id = found["identities"][0]["id"].as_str().unwrap();
    assert_eq!(
        support.get(&format!("/admin/identities/{id}")).await.json()["tier"],
        "high_value"
    );
    let refused = support
        .post(
            "/admin/recovery/link",
            json!({ "identity_id": id, "reason": "passkey_lost_no_email", "verification": "video_call" }),
        )
        .await;
    assert_eq!(refused.error_id(), "admin_forbidden");
}

async fn a_step_up_with_the_own_passkey_opens_the_window_under_a_new_token(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    account_with_codes(&h, "step@example.com", &mut device).await;
    set_tier(&h, "step@example.com", "high_value").await;
    let mut stranger = Device::new();
    account_with_codes(&h, "stranger@example.com", &mut stranger).await;

    let mut browser = signed_in(&h, "code", "step@example.com", &mut device, &[]).await;
    let before = browser.session_cookie().cloned();
    // Someone else's passkey proves nothing about this session's owner.
    let refused = browser.step_up(&mut stranger).await;
    assert_eq!(refused.error_id(), "passkey_verification_failed");
    assert_eq!(browser.whoami().await.json()["restricted"], true);

    let stepped = browser.step_up(&mut device).await;
    assert_eq!(stepped.status, StatusCode::OK, "{}", stepped.text);
    assert_ne!(browser.session_cookie().cloned(), before, "a new session token");
    let whoami = browser.whoami().await.json();
    assert_eq!(whoami["authenticator_assurance_level"], "aal2");
    assert_eq!(
        whoami["restricted"], false,
        "an existing passkey lifts the restriction too"
    );
    assert_eq!(whoami["privileged_until"], "2026-11-25T12:15:00Z");
    assert_eq!(
        browser
            .post("/self-service/settings/backup-codes", json!({}))
            .await
            .status,
        StatusCode::OK
    );
    let page = browser.get("/ui/step-up?return_to=/ui/settings").await;
    assert!(page.text.contains("Use your passkey"), "{}", page.text);
}

/// A high-value account, then a browser signed in to it by emailed code (restricted).
pub(crate) async fn email_session<'h>(h: &'h Harness, email: &str, device: &mut Device) -> (Browser<'h>, Vec<String>) {
    let (codes, _) = account_with_codes(h, email, device).await;
    // The codes exist before anything this session saves (a backup code confirms only passkeys
    // younger than its set).
    h.clock.advance(Duration::minutes(1));
    set_tier(h, email, "high_value").await;
    let browser = signed_in(h, "code", email, device, &codes).await;
    (browser, codes)
}

async fn a_passkey_saved_from_an_email_session_is_announced_and_can_be_disowned(db: Db) {
    let h = Harness::new(db).await;
    let mut owner = Device::new();
    let (mut mailbox_thief, _) = email_session(&h, "target@example.com", &mut owner).await;
    let mut thief_key = Device::new();
    let saved = mailbox_thief.add_passkey(&mut thief_key).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    assert_eq!(saved.json()["lifted"], true, "no cooldown by default");
    assert!(saved.json()["cooldown_until"].is_null());
    let notice = h.mail_to("target@example.com").await;
    assert!(notice.subject.contains("A new passkey was saved"), "{}", notice.subject);
    assert!(notice.link().contains("/ui/passkey/disown#token="), "{}", notice.text);
    let mut elsewhere = h.browser();
    elsewhere.open().await;
    assert_eq!(elsewhere.sign_in(&mut thief_key).await.status, StatusCode::OK);
    let mut owners_browser = signed_in(&h, "passkey", "target@example.com", &mut owner, &[]).await;

    let page = h.api().get("/ui/passkey/disown").await;
    assert!(page.text.contains("This wasn&#x27;t me"));
    let disowned = h
        .api()
        .post("/self-service/passkey/disown", json!({ "token": notice.link_token() }))
        .await;
    assert_eq!(disowned.status, StatusCode::OK, "{}", disowned.text);
    assert_eq!(disowned.json()["sessions_ended"], 2);
    assert_eq!(mailbox_thief.whoami().await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(elsewhere.whoami().await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        owners_browser.whoami().await.status,
        StatusCode::OK,
        "the owner's own session stays"
    );
    let mut again = h.browser();
    again.open().await;
    // Disowned, the passkey belongs to no account: the page tells the thief's provider to drop it.
    assert_eq!(again.sign_in(&mut thief_key).await.error_id(), "passkey_unknown");
    let twice = h
        .api()
        .post("/self-service/passkey/disown", json!({ "token": notice.link_token() }))
        .await;
    assert_eq!(twice.error_id(), "link_invalid");
    let auditor = h.admin("Auditor", "support").await;
    let id = owners_browser.whoami().await.json()["identity"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let actions = auditor.actions_about(&id).await;
    assert!(
        actions.contains(&"passkey.guarded".to_owned()) && actions.contains(&"passkey.disowned".to_owned()),
        "{actions:?}"
    );
}

async fn during_its_cooldown_a_new_passkey_opens_only_restricted_sessions_until_confirmed(db: Db) {
    let h = Harness::with_config(db, |c| c.policy.new_passkey_cooldown = Duration::hours(24)).await;
    let mut owner = Device::new();
    let (mut browser, codes) = email_session(&h, "slow@example.com", &mut owner).await;
    let mut new_key = Device::new();
    let saved = browser.add_passkey(&mut new_key).await;
    assert_eq!(saved.json()["lifted"], false);
    assert_eq!(saved.json()["cooldown_until"], "2026-11-26T12:01:00Z");
    let whoami = browser.whoami().await.json();
    assert_eq!(
        (
            whoami["authenticator_assurance_level"].as_str(),
            whoami["restricted"].as_bool()
        ),
        (Some("aal2"), Some(true))
    );
    let notice = h.mail_to("slow@example.com").await;
    assert!(notice.text.contains("For the next 1 day"), "{}", notice.text);
    let page = browser.get("/ui/settings").await.text;
    assert!(
        page.contains("Confirm with another passkey") && page.contains("Confirm with backup code"),
        "the account page offers both confirmations"
    );

    // Signing in with it elsewhere: still restricted.
    let mut other = h.browser();
    other.open().await;
    other.sign_in(&mut new_key).await;
    assert_eq!(other.whoami().await.json()["restricted"], true);
    // Confirming needs a session made by that passkey, and a right code.
    let wrong = other
        .post(
            "/self-service/settings/passkeys/confirm",
            json!({ "code": "zzzz-zzzz-zzzz" }),
        )
        .await;
    assert_eq!(wrong.error_id(), "backup_code_invalid");
    let confirmed = other
        .post("/self-service/settings/passkeys/confirm", json!({ "code": codes[3] }))
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
    assert_eq!(confirmed.json()["session"]["restricted"], false);
    assert_eq!(other.whoami().await.json()["restricted"], false);
    let mut later = h.browser();
    later.open().await;
    later.sign_in(&mut new_key).await;
    assert_eq!(
        later.whoami().await.json()["restricted"],
        false,
        "confirmed: its cooldown is over"
    );

    // On another account, an older passkey confirms through a step-up; or the cooldown passes.
    let mut first = Device::new();
    let (mut second, _) = email_session(&h, "older@example.com", &mut first).await;
    let mut fresh = Device::new();
    second.add_passkey(&mut fresh).await;
    let stepped = second.step_up(&mut first).await;
    assert_eq!(stepped.json()["session"]["restricted"], false, "{}", stepped.text);
    let mut third = Device::new();
    let (mut waiting, _) = email_session(&h, "patient@example.com", &mut third).await;
    let mut patient_key = Device::new();
    waiting.add_passkey(&mut patient_key).await;
    h.clock.advance(Duration::hours(24));
    let mut after = h.browser();
    after.open().await;
    after.sign_in(&mut patient_key).await;
    assert_eq!(after.whoami().await.json()["restricted"], false, "the cooldown passed");
}

/// The table of ways in and tiers against how a passkey saved in that session is labelled on the
/// account page, and whether it is the one that now holds the session.
async fn every_way_in_and_tier_records_how_its_new_passkey_was_added(db: Db) {
    let h = Harness::new(db).await;
    let table = [
        ("passkey", "standard", "account", false),
        ("passkey", "high_value", "account", false),
        ("code", "standard", "account", false),
        ("code", "high_value", "re_enrol", true),
        ("backup_code", "standard", "account", false),
        ("backup_code", "high_value", "re_enrol", true),
        ("recovery", "standard", "recovery", true),
        ("recovery", "high_value", "recovery", true),
    ];
    for (i, (way, tier, added_via, holds_the_session)) in table.into_iter().enumerate() {
        let email = format!("via{i}@example.com");
        let mut first = Device::new();
        let (codes, _) = account_with_codes(&h, &email, &mut first).await;
        set_tier(&h, &email, tier).await;
        let mut browser = signed_in(&h, way, &email, &mut first, &codes).await;
        let saved = browser.add_passkey(&mut Device::new()).await;
        assert_eq!(saved.status, StatusCode::CREATED, "{way}/{tier}: {}", saved.text);
        let view = &saved.json()["passkey"];
        assert_eq!(view["added_via"], added_via, "{way}/{tier}");
        assert_eq!(view["this_session"], holds_the_session, "{way}/{tier}: {view}");
        let listed = browser.get("/self-service/settings/passkeys").await.json();
        let vias: Vec<&str> = listed["passkeys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["added_via"].as_str().unwrap())
            .collect();
        assert!(
            vias.contains(&"sign_up") && vias.contains(&added_via),
            "{way}/{tier}: {vias:?}"
        );
    }
}
