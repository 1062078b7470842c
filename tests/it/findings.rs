//! The twelve findings of the red-team run against the release build (issue 11), each replayed as
//! the attacker did it. Every test here failed on the code before the auth core and
//! `policy::decide`; it pins the rule that now closes the way around.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use time::Duration;

use crate::on_both_stores;
use crate::policy::{account_with_codes, email_session, set_tier, signed_in};
use crate::recovery::{REASONED, account, token_of};
use crate::support::{Browser, Db, Device, Harness};

on_both_stores!(
    f01_a_mailbox_alone_never_gets_past_the_cooldown,
    f01_this_wasnt_me_takes_back_the_backup_codes_the_intruder_made,
    f02_lowering_a_tier_does_not_lower_what_recovery_needs,
    f03_a_completed_recovery_leaves_no_other_link_or_recovery_session_open,
    f04_removing_a_passkey_ends_its_sessions_and_the_one_it_was_saved_in,
    f04_the_person_sees_their_sessions_and_ends_others,
    f05_a_cooling_session_does_not_pass_required_aal2,
    f06_a_step_up_confirms_only_the_passkey_it_names,
    f07_raising_a_tier_restricts_live_email_sessions_at_once,
    f08_a_high_value_email_sign_in_must_save_a_passkey_next,
    f09_two_keys_of_one_person_are_one_person,
    f11_the_try_limit_answers_alike_for_every_kind_of_address,
    f11_with_email_sign_in_off_sign_up_still_proves_the_address,
    f12_a_sign_in_link_names_its_account_before_it_is_used,
    a_backup_code_with_any_character_is_refused_not_a_crash,
);

const COOLDOWN: Duration = Duration::hours(24);

fn outcome(reply: &crate::support::Reply) -> String {
    if reply.status.is_success() {
        "ok".to_owned()
    } else {
        reply.error_id()
    }
}

async fn passkey_ids(browser: &mut Browser<'_>) -> Vec<String> {
    browser.get("/self-service/settings/passkeys").await.json()["passkeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect()
}

async fn identity_of(h: &Harness, email: &str) -> String {
    let admin = h.admin("Lookup", "admin").await;
    admin.get(&format!("/admin/identities?email={email}")).await.json()["identities"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Finding 1 (critical): on `regulated`, someone who reads only the mailbox signs in by email,
/// saves their own passkey (cooling) and, in the session that replaced the email session, made
/// new backup codes, confirmed their passkey with one and removed the owner's passkey. Now the
/// cooling session is never privileged and only a code older than the passkey confirms it.
async fn f01_a_mailbox_alone_never_gets_past_the_cooldown(db: Db) {
    let h = Harness::with_config(db, |c| c.policy.new_passkey_cooldown = COOLDOWN).await;
    let mut owner = Device::new();
    let (mut intruder, owners_codes) = email_session(&h, "victim@bank.example", &mut owner).await;
    let owners_passkey = passkey_ids(&mut intruder).await[0].clone();
    let mut intruders_key = Device::new();
    let saved = intruder.add_passkey(&mut intruders_key).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    assert_eq!(saved.json()["lifted"], false, "cooling: still restricted");

    let codes = intruder.post("/self-service/settings/backup-codes", json!({})).await;
    assert_eq!(
        outcome(&codes),
        "step_up_required",
        "a restricted session is never privileged"
    );
    let remove = intruder
        .call(
            Method::DELETE,
            &format!("/self-service/settings/passkeys/{owners_passkey}"),
            json!({}),
        )
        .await;
    assert_eq!(outcome(&remove), "step_up_required");
    let more = intruder
        .post("/self-service/settings/passkeys/options", json!({}))
        .await;
    assert_eq!(
        outcome(&more),
        "session_restricted",
        "no second passkey from a cooling session"
    );
    let everyone_else = intruder.call(Method::DELETE, "/sessions", json!({})).await;
    assert_eq!(
        outcome(&everyone_else),
        "session_restricted",
        "cannot sign the owner out"
    );

    // The owner's set is untouched, and none of it can confirm the intruder's passkey (it
    // would need a code the intruder does not have).
    let identity = identity_of(&h, "victim@bank.example").await;
    let summary = h
        .admin("Look", "admin")
        .await
        .get(&format!("/admin/identities/{identity}"))
        .await;
    assert_eq!(summary.json()["backup_codes_left"], 10, "{}", summary.text);
    // A step-up with the intruder's own cooling passkey lifts nothing.
    let stepped = intruder.step_up(&mut intruders_key).await;
    assert_eq!(stepped.json()["session"]["restricted"], true, "{}", stepped.text);
    let whoami = intruder.whoami().await.json();
    assert_eq!(whoami["restricted"], true);
    // A code the owner made before the passkey confirms it; that is the owner's way, not the
    // intruder's.
    let mut elsewhere = h.browser();
    elsewhere.open().await;
    elsewhere.sign_in(&mut intruders_key).await;
    let confirmed = elsewhere
        .post(
            "/self-service/settings/passkeys/confirm",
            json!({ "code": owners_codes[5] }),
        )
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
}

/// Finding 1, second half: after the cooldown the intruder's passkey opened full sessions that
/// made a new set of backup codes; "This wasn't me" ended the sessions but left those codes, and
/// the intruder came straight back with them.
async fn f01_this_wasnt_me_takes_back_the_backup_codes_the_intruder_made(db: Db) {
    let h = Harness::with_config(db, |c| c.policy.new_passkey_cooldown = COOLDOWN).await;
    let mut owner = Device::new();
    let (mut intruder, _) = email_session(&h, "later@bank.example", &mut owner).await;
    let mut intruders_key = Device::new();
    intruder.add_passkey(&mut intruders_key).await;
    let notice = h.mail_to("later@bank.example").await;
    let disown = notice.link_token();

    h.clock.advance(COOLDOWN + Duration::minutes(1));
    let mut back = h.browser();
    back.open().await;
    back.sign_in(&mut intruders_key).await;
    assert_eq!(back.whoami().await.json()["restricted"], false, "the cooldown passed");
    let codes = back.post("/self-service/settings/backup-codes", json!({})).await;
    assert_eq!(codes.status, StatusCode::OK, "{}", codes.text);
    let intruders_codes: Vec<String> = codes.json()["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    let mut second_key = Device::new();
    let added = back.add_passkey(&mut second_key).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);

    let undone = h
        .api()
        .post("/self-service/passkey/disown", json!({ "token": disown }))
        .await;
    assert_eq!(undone.status, StatusCode::OK, "{}", undone.text);
    assert_eq!(undone.json()["undone"]["backup_codes_deleted"], 10);
    assert_eq!(
        undone.json()["undone"]["passkeys_removed"],
        2,
        "the passkey it saved goes too"
    );
    assert_eq!(back.whoami().await.error_id(), "session_missing");

    let mut again = h.browser();
    again.open().await;
    let with_code = again
        .post(
            "/self-service/login/backup-code",
            json!({ "email": "later@bank.example", "code": intruders_codes[0] }),
        )
        .await;
    assert_eq!(
        with_code.error_id(),
        "backup_code_invalid",
        "the intruder's codes are gone"
    );
    let mut third = h.browser();
    third.open().await;
    assert_ne!(
        third.sign_in(&mut second_key).await.status,
        StatusCode::OK,
        "the passkey saved from the disowned one is gone"
    );
}

/// Finding 2 (high): one admin key set a high-value identity to standard, issued a link at once
/// (no approval for standard), set the tier back. Now recovery follows the highest tier of the
/// last seven days, and raising a tier cancels the links issued under the lower one.
async fn f02_lowering_a_tier_does_not_lower_what_recovery_needs(db: Db) {
    let h = Harness::new(db).await;
    let identity = account(&h, "vip@example.com").await;
    let admin = h.admin("Ana's key", "admin").await;
    let support = h.admin("Desk", "support").await;
    let tier = |t: &str| json!({ "tier": t });
    admin
        .patch(&format!("/admin/identities/{identity}"), tier("high_value"))
        .await;
    let lowered = admin
        .patch(&format!("/admin/identities/{identity}"), tier("standard"))
        .await;
    assert_eq!(lowered.status, StatusCode::OK, "{}", lowered.text);

    let at_once = admin.post("/admin/recovery/link", REASONED(&identity)).await;
    assert_eq!(at_once.status, StatusCode::ACCEPTED, "{}", at_once.text);
    assert_eq!(at_once.json()["status"], "pending_approval");
    assert!(
        at_once.json()["recovery_link"].is_null(),
        "no link without a second person"
    );
    let by_support = support.post("/admin/recovery/link", REASONED(&identity)).await;
    assert_eq!(by_support.error_id(), "admin_forbidden", "still an admin's job");

    h.clock.advance(Duration::days(7) + Duration::minutes(1));
    let standard_now = support.post("/admin/recovery/link", REASONED(&identity)).await;
    assert_eq!(standard_now.status, StatusCode::CREATED, "{}", standard_now.text);
    let link = token_of(standard_now.json()["recovery_link"].as_str().unwrap());
    admin
        .patch(&format!("/admin/identities/{identity}"), tier("high_value"))
        .await;
    let used = h
        .api()
        .post("/self-service/recovery/link", json!({ "token": link }))
        .await;
    assert_eq!(
        used.error_id(),
        "recovery_link_invalid",
        "raising the tier cancelled it"
    );
    assert!(
        admin
            .actions_about(&identity)
            .await
            .contains(&"recovery.cancelled".to_owned())
    );
}

/// Finding 3 (high): two links for one person; recovery completed with the first; the second
/// still opened "Save a new passkey" on another device and a stranger's passkey signed the owner
/// out. Now a newer link cancels older ones, and completing cancels every other link and ends
/// every other recovery session, even with `recovery.revoke_other_sessions: false`.
async fn f03_a_completed_recovery_leaves_no_other_link_or_recovery_session_open(db: Db) {
    let h = Harness::with_config(db, |c| c.recovery.revoke_other_sessions = false).await;
    let identity = account(&h, "twice@example.com").await;
    let support = h.admin("Desk", "support").await;
    let issue = || async { support.post("/admin/recovery/link", REASONED(&identity)).await };
    let first = token_of(issue().await.json()["recovery_link"].as_str().unwrap());
    let second = token_of(issue().await.json()["recovery_link"].as_str().unwrap());
    let older = h
        .api()
        .post("/self-service/recovery/link", json!({ "token": first }))
        .await;
    assert_eq!(older.error_id(), "recovery_link_invalid", "the newer link cancelled it");

    let mut person = h.browser();
    person.open().await;
    let used = person
        .post("/self-service/recovery/link", json!({ "token": second }))
        .await;
    assert_eq!(used.status, StatusCode::OK, "{}", used.text);
    let third = token_of(issue().await.json()["recovery_link"].as_str().unwrap());
    let mut stranger = h.browser();
    stranger.open().await;
    let opened = stranger
        .post("/self-service/recovery/link", json!({ "token": third }))
        .await;
    assert_eq!(
        opened.status,
        StatusCode::OK,
        "a third link, opened elsewhere before completion"
    );
    let fourth = token_of(issue().await.json()["recovery_link"].as_str().unwrap());

    let saved = person.add_passkey(&mut Device::new()).await;
    assert_eq!(saved.json()["recovered"], true, "{}", saved.text);
    let strangers_save = stranger
        .post("/self-service/settings/passkeys/options", json!({}))
        .await;
    assert_eq!(
        strangers_save.error_id(),
        "session_missing",
        "the other recovery session ended"
    );
    let late = h
        .api()
        .post("/self-service/recovery/link", json!({ "token": fourth }))
        .await;
    assert_eq!(
        late.error_id(),
        "recovery_link_invalid",
        "completion cancelled the open link"
    );
}

/// Finding 4 (medium): the owner removed an intruder's passkey; the intruder's email session (in
/// which the passkey was saved) and the sessions that passkey made kept answering `whoami`.
async fn f04_removing_a_passkey_ends_its_sessions_and_the_one_it_was_saved_in(db: Db) {
    let h = Harness::new(db).await;
    let mut owner = Device::new();
    let (codes, _) = account_with_codes(&h, "plain@example.com", &mut owner).await;
    let mut intruder = signed_in(&h, "code", "plain@example.com", &mut owner, &codes).await;
    let mut intruders_key = Device::new();
    let saved = intruder.add_passkey(&mut intruders_key).await.json();
    let intruders = saved["passkey"]["id"].as_str().unwrap();
    let mut intruder_elsewhere = h.browser();
    intruder_elsewhere.open().await;
    intruder_elsewhere.sign_in(&mut intruders_key).await;

    let mut owners = signed_in(&h, "passkey", "plain@example.com", &mut owner, &codes).await;
    let removed = owners
        .call(
            Method::DELETE,
            &format!("/self-service/settings/passkeys/{intruders}"),
            json!({}),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    assert_eq!(
        intruder.whoami().await.error_id(),
        "session_missing",
        "the session it was saved in"
    );
    assert_eq!(intruder_elsewhere.whoami().await.error_id(), "session_missing");
    assert_eq!(
        owners.whoami().await.status,
        StatusCode::OK,
        "the owner's own session stays"
    );
}

async fn f04_the_person_sees_their_sessions_and_ends_others(db: Db) {
    let h = Harness::new(db).await;
    let mut owner = Device::new();
    let (codes, _) = account_with_codes(&h, "many@example.com", &mut owner).await;
    let mut laptop = signed_in(&h, "passkey", "many@example.com", &mut owner, &codes).await;
    let mut phone = signed_in(&h, "code", "many@example.com", &mut owner, &codes).await;
    let mut tablet = signed_in(&h, "passkey", "many@example.com", &mut owner, &codes).await;

    let listed = laptop.get("/sessions").await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.text);
    let others = listed.json();
    let others = others.as_array().unwrap();
    assert!(
        others.len() >= 3,
        "the sign-up's, the phone's and the tablet's: {others:?}"
    );
    let phone_id = phone.whoami().await.json()["id"].as_str().unwrap().to_owned();
    let entry = others.iter().find(|s| s["id"] == phone_id.as_str()).unwrap();
    assert_eq!(entry["method"], "an email code or link");
    assert_eq!(entry["authenticator_assurance_level"], "aal1");
    let page = laptop.get("/ui/settings").await.text;
    assert!(page.contains("Where you are signed in") && page.contains("Sign out everywhere else"));

    let mine = laptop.whoami().await.json()["id"].as_str().unwrap().to_owned();
    let self_end = laptop
        .call(Method::DELETE, &format!("/sessions/{mine}"), json!({}))
        .await;
    assert_eq!(self_end.error_id(), "invalid_request", "this session signs out instead");
    let one = laptop
        .call(Method::DELETE, &format!("/sessions/{phone_id}"), json!({}))
        .await;
    assert_eq!(one.status, StatusCode::NO_CONTENT, "{}", one.text);
    assert_eq!(phone.whoami().await.error_id(), "session_missing");
    let all = laptop.call(Method::DELETE, "/sessions", json!({})).await;
    assert!(all.json()["count"].as_u64().unwrap() >= 2, "{}", all.text);
    assert_eq!(tablet.whoami().await.error_id(), "session_missing");
    assert_eq!(laptop.whoami().await.status, StatusCode::OK);
    assert_eq!(laptop.get("/sessions").await.json(), json!([]));

    // Another person's session id is nobody's business.
    let mut stranger_device = Device::new();
    let (stranger_codes, _) = account_with_codes(&h, "stranger@example.com", &mut stranger_device).await;
    let mut stranger = signed_in(
        &h,
        "passkey",
        "stranger@example.com",
        &mut stranger_device,
        &stranger_codes,
    )
    .await;
    let theirs = stranger.whoami().await.json()["id"].as_str().unwrap().to_owned();
    let foreign = laptop
        .call(Method::DELETE, &format!("/sessions/{theirs}"), json!({}))
        .await;
    assert_eq!(foreign.error_id(), "not_found");
    assert_eq!(stranger.whoami().await.status, StatusCode::OK);
}

/// Finding 5: the cooling (restricted, aal2) session passed `whoami?required_aal=aal2`.
async fn f05_a_cooling_session_does_not_pass_required_aal2(db: Db) {
    let h = Harness::with_config(db, |c| c.policy.new_passkey_cooldown = COOLDOWN).await;
    let mut owner = Device::new();
    let (mut intruder, _) = email_session(&h, "gate@bank.example", &mut owner).await;
    intruder.add_passkey(&mut Device::new()).await;
    let whoami = intruder.whoami().await.json();
    assert_eq!(whoami["authenticator_assurance_level"], "aal2");
    let gated = intruder.get("/sessions/whoami?required_aal=aal2").await;
    assert_eq!(gated.status, StatusCode::FORBIDDEN);
    assert_eq!(gated.error_id(), "session_aal2_required");
    assert!(
        gated.json()["redirect_browser_to"]
            .as_str()
            .unwrap()
            .contains("/ui/step-up")
    );
    assert_eq!(
        intruder.get("/sessions/whoami?required_aal=aal1").await.status,
        StatusCode::OK
    );
}

/// Finding 6: any step-up by the owner with an older passkey silently confirmed every cooling
/// passkey, the intruder's included.
async fn f06_a_step_up_confirms_only_the_passkey_it_names(db: Db) {
    let h = Harness::with_config(db, |c| c.policy.new_passkey_cooldown = COOLDOWN).await;
    let mut owner = Device::new();
    let (mut intruder, codes) = email_session(&h, "named@bank.example", &mut owner).await;
    let mut intruders_key = Device::new();
    let saved = intruder.add_passkey(&mut intruders_key).await.json();
    let cooling = saved["passkey"]["id"].as_str().unwrap().to_owned();
    let disown = h.mail_to("named@bank.example").await.link_token();

    let mut owners = signed_in(&h, "passkey", "named@bank.example", &mut owner, &codes).await;
    let stepped = owners.step_up(&mut owner).await;
    assert_eq!(stepped.status, StatusCode::OK, "{}", stepped.text);
    let mut check = h.browser();
    check.open().await;
    check.sign_in(&mut intruders_key).await;
    assert_eq!(
        check.whoami().await.json()["restricted"],
        true,
        "the owner's step-up confirmed nothing it did not name"
    );

    // The intruder's passkey cannot name itself.
    let own = step_up_naming(&mut check, &mut intruders_key, &cooling).await;
    assert_eq!(own.error_id(), "passkey_confirmation_refused");
    // The owner's established passkey, naming it, does.
    let named = step_up_naming(&mut owners, &mut owner, &cooling).await;
    assert_eq!(named.status, StatusCode::OK, "{}", named.text);
    let mut after = h.browser();
    after.open().await;
    after.sign_in(&mut intruders_key).await;
    assert_eq!(after.whoami().await.json()["restricted"], false, "confirmed by name");
    // Vouched for by a credential the mailbox does not give: its "This wasn't me" is retired, so
    // whoever reads the mailbox cannot take it away.
    let late = h
        .api()
        .post("/self-service/passkey/disown", json!({ "token": disown }))
        .await;
    assert_eq!(late.error_id(), "link_invalid");
    assert!(
        h.admin("Audit", "admin")
            .await
            .audit("action=passkey.confirmed")
            .await
            .iter()
            .any(|e| e["details"]["passkey_id"] == cooling.as_str())
    );
}

async fn step_up_naming(browser: &mut Browser<'_>, device: &mut Device, passkey: &str) -> crate::support::Reply {
    let options = browser
        .post("/self-service/step-up/passkey/options", json!({}))
        .await
        .json();
    let credential = device.authenticate(&options["options"]).await;
    browser
        .post(
            "/self-service/step-up/passkey/verify",
            json!({ "flow_id": options["flow_id"], "credential": credential, "confirm_passkey": passkey }),
        )
        .await
}

/// Finding 7: raising an identity to `high_value` left its live email sessions unrestricted.
async fn f07_raising_a_tier_restricts_live_email_sessions_at_once(db: Db) {
    let h = Harness::new(db).await;
    let mut owner = Device::new();
    let (codes, _) = account_with_codes(&h, "rising@example.com", &mut owner).await;
    let mut by_email = signed_in(&h, "code", "rising@example.com", &mut owner, &codes).await;
    let mut by_passkey = signed_in(&h, "passkey", "rising@example.com", &mut owner, &codes).await;
    assert_eq!(by_email.whoami().await.json()["restricted"], false);
    set_tier(&h, "rising@example.com", "high_value").await;
    assert_eq!(
        by_email.whoami().await.json()["restricted"],
        true,
        "at once, not at its end"
    );
    let add = by_email.post("/self-service/verification", json!({})).await;
    assert_eq!(add.error_id(), "session_restricted");
    assert_eq!(
        by_passkey.whoami().await.json()["restricted"],
        false,
        "passkey sessions stay"
    );

    // The operator's domain rule, added after the sign-in (a restart with the new setting), does
    // the same.
    let (codes, _) = account_with_codes(&h, "staff@rule.example", &mut Device::new()).await;
    let before = signed_in(&h, "code", "staff@rule.example", &mut Device::new(), &codes).await;
    let ruled = h
        .restarted_with(|c| c.policy.high_value_domains = vec!["rule.example".into()])
        .await;
    let mut after = ruled.browser();
    after.cookies = before.cookies.clone();
    after.csrf = before.csrf.clone();
    let whoami = after.whoami().await.json();
    assert_eq!(
        (whoami["tier"].as_str(), whoami["restricted"].as_bool()),
        (Some("high_value"), Some(true))
    );
    let add = after.post("/self-service/verification", json!({})).await;
    assert_eq!(add.error_id(), "session_restricted");
}

/// Finding 8: a high-value person signing in by email link got the optional "Save a passkey?
/// [Not now]" offer. Now the answer says the next step is saving one, and browsers go to the
/// re-enrolment page, which has no "Not now".
async fn f08_a_high_value_email_sign_in_must_save_a_passkey_next(db: Db) {
    let h = Harness::new(db).await;
    let mut owner = Device::new();
    let (codes, _) = account_with_codes(&h, "enrol@bank.example", &mut owner).await;
    set_tier(&h, "enrol@bank.example", "high_value").await;
    for way in ["code", "backup_code"] {
        let mut browser = h.browser();
        browser.open().await;
        let reply: Value = match way {
            "code" => {
                let flow = browser.request_code("enrol@bank.example").await;
                let code = h.mail_to("enrol@bank.example").await.code();
                browser.enter_code(&flow, &code).await.json()
            }
            _ => browser
                .post(
                    "/self-service/login/backup-code",
                    json!({ "email": "enrol@bank.example", "code": codes[1] }),
                )
                .await
                .json(),
        };
        assert_eq!(reply["next"], "save_passkey", "{way}: {reply}");
        assert!(
            reply["redirect_to"].as_str().unwrap().contains("/ui/re-enrol"),
            "{way}: {reply}"
        );
        let page = browser.get("/ui/re-enrol").await.text;
        assert!(page.contains("Save a passkey") && page.contains("Sign out"), "{page}");
        assert!(!page.contains("Not now"), "no way to skip it");
    }
    // A standard account keeps the optional offer.
    let (standard_codes, _) = account_with_codes(&h, "free@example.com", &mut Device::new()).await;
    let mut browser = h.browser();
    browser.open().await;
    let reply = browser
        .post(
            "/self-service/login/backup-code",
            json!({ "email": "free@example.com", "code": standard_codes[0] }),
        )
        .await
        .json();
    assert_eq!(reply["next"], "continue");
}

/// Finding 9: the two-person rule counted keys: two keys of one person requested and approved,
/// and a request of a key revoked since could still be approved.
async fn f09_two_keys_of_one_person_are_one_person(db: Db) {
    let h = Harness::new(db).await;
    let identity = account(&h, "guarded@example.com").await;
    let ana = h.admin_of("Ana's laptop", "Ana Lima", "admin").await;
    let ana_again = h.admin_of("Ana's phone", " ana lima ", "admin").await;
    let ben = h.admin_of("Ben's key", "Ben Ode", "admin").await;
    ana.patch(
        &format!("/admin/identities/{identity}"),
        json!({ "tier": "high_value" }),
    )
    .await;
    let requested = ana.post("/admin/recovery/link", REASONED(&identity)).await;
    let request = requested.json()["id"].as_str().unwrap().to_owned();
    let approve = format!("/admin/recovery/requests/{request}/approve");
    let same_person = ana_again.post(&approve, json!({})).await;
    assert_eq!(same_person.error_id(), "admin_forbidden", "{}", same_person.text);
    assert!(same_person.text.contains("person"), "{}", same_person.text);

    h.app.admin_keys.revoke(ana.id, "test").await.unwrap();
    let after_revoke = ben.post(&approve, json!({})).await;
    assert_eq!(
        after_revoke.error_id(),
        "recovery_not_pending",
        "the request died with the key"
    );
    let again = ana_again.post("/admin/recovery/link", REASONED(&identity)).await;
    let request = again.json()["id"].as_str().unwrap().to_owned();
    let approved = ben
        .post(&format!("/admin/recovery/requests/{request}/approve"), json!({}))
        .await;
    assert_eq!(approved.status, StatusCode::CREATED, "{}", approved.text);
}

/// Finding 11: after ten backup-code tries on an address, one more code guess answered
/// `code_invalid` when an unconfirmed account held the address but `rate_limited` for unknown and
/// confirmed ones.
async fn f11_the_try_limit_answers_alike_for_every_kind_of_address(db: Db) {
    let h = Harness::with_config(db, |c| c.methods.code_limits.per_client = 10_000).await;
    account(&h, "confirmed@example.com").await;
    let admin = h.admin("Desk", "admin").await;
    let created = admin
        .post(
            "/admin/identities",
            json!({ "email": "unconfirmed@example.com", "verified": false }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let mut answers = Vec::new();
    for email in [
        "confirmed@example.com",
        "unconfirmed@example.com",
        "unknown@example.com",
    ] {
        let mut browser = h.browser();
        browser.open().await;
        for _ in 0..10 {
            browser
                .post(
                    "/self-service/login/backup-code",
                    json!({ "email": email, "code": "zzzz-zzzz-zzzz" }),
                )
                .await;
        }
        let flow = browser.request_code(email).await;
        let guess = browser.enter_code(&flow, "000000").await;
        answers.push((email, guess.status, guess.error_id()));
    }
    for (email, status, id) in &answers {
        assert_eq!(
            (*status, id.as_str()),
            (StatusCode::TOO_MANY_REQUESTS, "rate_limited"),
            "{email}: {answers:?}"
        );
    }
}

/// Finding 11, second half: with the code method off, sign-up answered `identity_exists` for a
/// taken address and let anyone take anyone's address unconfirmed. Sign-up now proves the address
/// whatever `selfservice.methods.code` says (that key turns email sign-in off, not the proof).
async fn f11_with_email_sign_in_off_sign_up_still_proves_the_address(db: Db) {
    let h = Harness::new(db).await;
    account(&h, "taken@example.com").await;
    let off = h.restarted_with(|c| c.methods.code_enabled = false).await;
    let mut answers = Vec::new();
    for email in ["taken@example.com", "free@example.com"] {
        let mut browser = off.browser();
        browser.open().await;
        let claim = browser
            .post("/self-service/registration/passkey/options", json!({ "email": email }))
            .await;
        assert_eq!(claim.error_id(), "sign_up_code_required", "{email}: {}", claim.text);
        let asked = browser
            .post("/self-service/registration/code", json!({ "email": email }))
            .await;
        let mut body = asked.json();
        body["flow_id"] = json!("-");
        body["expires_at"] = json!("-");
        answers.push((asked.status, body));
    }
    assert_eq!(answers[0], answers[1], "one answer for taken and free addresses");
    assert_eq!(answers[0].0, StatusCode::OK);
    let taken = off.mail_to("taken@example.com").await;
    assert!(taken.subject.to_lowercase().contains("already"), "{}", taken.subject);
    let free = off.mail_to("free@example.com").await;
    assert!(
        free.text.contains(&free.code()),
        "the free address gets a code to prove it"
    );
    let mut owner = off.browser();
    owner.open().await;
    assert_eq!(
        owner.sign_up("free@example.com", &mut Device::new()).await.status,
        StatusCode::OK
    );
    let login = off
        .api()
        .post("/self-service/login/code", json!({ "email": "free@example.com" }))
        .await;
    assert_eq!(login.error_id(), "method_disabled", "email sign-in itself stays off");
}

/// Finding 12: a link of someone else's account, opened and pressed in the victim's browser,
/// signed that browser into the other account without saying which.
async fn f12_a_sign_in_link_names_its_account_before_it_is_used(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    account_with_codes(&h, "dana@bank.example", &mut device).await;
    let mut attacker = h.browser();
    attacker.open().await;
    attacker.request_code("dana@bank.example").await;
    let token = h.mail_to("dana@bank.example").await.link_token();

    let mut victim = h.browser();
    victim.open().await;
    let page = victim.get("/ui/login/link").await.text;
    assert!(page.contains("Not you?"), "{page}");
    let named = victim
        .post("/self-service/login/link/account", json!({ "token": token }))
        .await;
    assert_eq!(named.json()["account"], "d***@bank.example", "{}", named.text);
    let still = victim
        .post("/self-service/login/link/account", json!({ "token": token }))
        .await;
    assert_eq!(still.status, StatusCode::OK, "naming uses nothing");
    let bogus = victim
        .post("/self-service/login/link/account", json!({ "token": "nope" }))
        .await;
    assert_eq!(bogus.error_id(), "link_invalid");
    h.clock.advance(Duration::minutes(11));
    let expired = victim
        .post("/self-service/login/link/account", json!({ "token": token }))
        .await;
    assert_eq!(expired.error_id(), "link_invalid", "an expired link names nobody");
}

/// A backup code with a multi-byte character panicked the handler (`split_at` inside a
/// character) and printed the typed code in the log.
async fn a_backup_code_with_any_character_is_refused_not_a_crash(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    account_with_codes(&h, "wide@example.com", &mut device).await;
    for typed in ["aé12-3456-7890", "é", "🦀🦀🦀", "a\u{301}bcd-efgh-jkmn", ""] {
        let mut browser = h.browser();
        browser.open().await;
        let reply = browser
            .post(
                "/self-service/login/backup-code",
                json!({ "email": "wide@example.com", "code": typed }),
            )
            .await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{typed:?}: {}", reply.text);
        assert_eq!(reply.error_id(), "backup_code_invalid", "{typed:?}");
    }
}
