//! The automatic passkey upgrade: right after a password sign-in the page asks the browser for a
//! passkey with `mediation: "conditional"`, and the password manager saves one without a dialog,
//! possibly without user presence or verification.
//!
//! What an attacker would try: make an ordinary ceremony accept a registration without presence
//! (claim "conditional" from the client), start one from a session that was not a password sign-in
//! just now (an email code, a passkey, a stale password session, one that already saved a
//! passkey), or use the silent passkey to raise the session's level or lift a restriction. Each
//! is refused; and the registration without presence is accepted in a conditional ceremony and
//! refused in an ordinary one, which pins the one change carried in `vendor/webauthn-rs-core`.

use axum::http::StatusCode;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::Duration;

use crate::on_both_stores;
use crate::password::{bcrypt_vector, harness, import_legacy};
use crate::support::{Browser, Db, Device, Harness, Reply, b64, set_b64};

on_both_stores!(
    right_after_a_password_sign_in_the_password_manager_saves_a_passkey_without_a_dialog,
    without_user_presence_only_a_conditional_ceremony_is_accepted,
    only_a_password_sign_in_just_made_may_start_or_finish_one,
    on_a_high_value_account_it_is_guarded_and_lifts_nothing,
);

const EMAIL: &str = "legacy@example.com";
const UP: u8 = 0x01;
const UV: u8 = 0x04;

/// A browser signed in with the imported account's password just now.
async fn signed_in_with_password<'h>(h: &'h Harness, tier: &str) -> Browser<'h> {
    let (password, hash) = bcrypt_vector();
    import_legacy(h, EMAIL, &hash, tier).await;
    let mut browser = h.browser();
    browser.open().await;
    let reply = browser
        .post(
            "/self-service/login/password",
            json!({ "identifier": EMAIL, "password": password }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    browser
}

async fn upgrade_options(browser: &mut Browser<'_>) -> Reply {
    browser
        .post(
            "/self-service/settings/passkeys/options",
            json!({ "mediation": "conditional" }),
        )
        .await
}

/// What a password manager returns for a conditional create: the authenticator data says neither
/// present nor verified. The attestation is `none`, so nothing signs the flags.
async fn silent_registration(device: &mut Device, options: &Value) -> Value {
    let mut credential = device.register(options).await;
    let mut attestation = b64(&credential["response"]["attestationObject"]);
    let rp_id_hash = Sha256::digest(b"localhost");
    let at = attestation
        .windows(32)
        .position(|w| w == rp_id_hash.as_slice())
        .expect("authData in the attestation object")
        + 32;
    attestation[at] &= !(UP | UV);
    set_b64(&mut credential["response"]["attestationObject"], &attestation);
    credential
}

async fn finish(browser: &mut Browser<'_>, start: &Reply, credential: &Value) -> Reply {
    browser
        .post(
            "/self-service/settings/passkeys/verify",
            json!({ "flow_id": start.json()["flow_id"], "credential": credential }),
        )
        .await
}

async fn right_after_a_password_sign_in_the_password_manager_saves_a_passkey_without_a_dialog(db: Db) {
    let h = harness(db).await;
    let mut browser = signed_in_with_password(&h, "standard").await;
    let start = upgrade_options(&mut browser).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.text);
    let selection = &start.json()["options"]["publicKey"]["authenticatorSelection"];
    assert_eq!(selection["userVerification"], "preferred", "{selection}");
    assert_eq!(selection["residentKey"], "required", "a passkey proper");
    let extensions = &start.json()["options"]["publicKey"]["extensions"];
    assert!(
        extensions.get("credentialProtectionPolicy").is_none(),
        "no credProtect level a silent create cannot meet: {extensions}"
    );

    let mut device = Device::new();
    let credential = silent_registration(&mut device, &start.json()["options"]).await;
    let saved = finish(&mut browser, &start, &credential).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    assert_eq!(saved.json()["automatic"], true);
    assert_eq!(
        saved.json()["passkey"]["added_via"],
        "upgrade",
        "the account page says how it came"
    );

    let session = browser.whoami().await.json();
    assert_eq!(
        session["authenticator_assurance_level"], "aal1",
        "no dialog, no new assurance"
    );
    assert_eq!(session["authentication_methods"].as_array().unwrap().len(), 1);
    let listed = browser.get("/self-service/settings/passkeys").await.json();
    assert_eq!(listed["passkeys"].as_array().unwrap().len(), 1, "{listed}");

    let admin = h.admin("Auditor", "support").await;
    let added = admin.audit("action=passkey.added").await;
    assert_eq!(added.len(), 1);
    assert_eq!(added[0]["details"]["how"], "automatic", "{}", added[0]);
    let numbers = admin.get("/admin/migration").await.json();
    assert_eq!(numbers["automatic_upgrades"], 1, "{numbers}");
    assert_eq!(numbers["with_passkey"], 1, "{numbers}");

    // The next sign-in is the passkey's, with the user verified as every passkey sign-in is.
    let mut next = h.browser();
    next.open().await;
    let signed_in = next.sign_in(&mut device).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    assert_eq!(signed_in.json()["session"]["authenticator_assurance_level"], "aal2");
}

/// The pin on the patched webauthn-rs-core: one registration without user presence, refused in
/// the ordinary ceremony, accepted in the conditional one. The client cannot make a ceremony
/// conditional: only the server's stored state says so.
async fn without_user_presence_only_a_conditional_ceremony_is_accepted(db: Db) {
    let h = harness(db).await;
    let mut browser = signed_in_with_password(&h, "standard").await;
    let mut device = Device::new();

    let ordinary = browser.post("/self-service/settings/passkeys/options", json!({})).await;
    assert_eq!(ordinary.status, StatusCode::OK, "{}", ordinary.text);
    let credential = silent_registration(&mut device, &ordinary.json()["options"]).await;
    let claimed = browser
        .post(
            "/self-service/settings/passkeys/verify",
            json!({ "flow_id": ordinary.json()["flow_id"], "credential": credential, "mediation": "conditional" }),
        )
        .await;
    assert_eq!(claimed.status, StatusCode::BAD_REQUEST, "{}", claimed.text);
    let refused = finish(&mut browser, &ordinary, &credential).await;
    assert_eq!(refused.error_id(), "passkey_verification_failed", "{}", refused.text);

    let conditional = upgrade_options(&mut browser).await;
    let credential = silent_registration(&mut device, &conditional.json()["options"]).await;
    let accepted = finish(&mut browser, &conditional, &credential).await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{}", accepted.text);

    let both = browser
        .post(
            "/self-service/settings/passkeys/options",
            json!({ "mediation": "conditional", "device": "phone" }),
        )
        .await;
    assert_eq!(both.error_id(), "invalid_request", "{}", both.text);
}

/// Every other way in, a password session past the window, and one that already saved a passkey
/// are refused at the start; a session that grows stale between start and finish is refused at
/// the finish.
async fn only_a_password_sign_in_just_made_may_start_or_finish_one(db: Db) {
    let h = harness(db).await;
    let mut browser = signed_in_with_password(&h, "standard").await;
    let mut device = Device::new();

    h.clock.advance(Duration::minutes(4));
    let start = upgrade_options(&mut browser).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.text);
    h.clock.advance(Duration::minutes(1) + Duration::seconds(1));
    let credential = silent_registration(&mut device, &start.json()["options"]).await;
    let late = finish(&mut browser, &start, &credential).await;
    assert_eq!(late.error_id(), "automatic_upgrade_refused", "{}", late.text);
    assert_eq!(
        upgrade_options(&mut browser).await.error_id(),
        "automatic_upgrade_refused",
        "a stale password session"
    );

    let (password, _) = bcrypt_vector();
    let mut again = h.browser();
    again.open().await;
    again
        .post(
            "/self-service/login/password",
            json!({ "identifier": EMAIL, "password": password }),
        )
        .await;
    let saved = again.add_passkey(&mut device).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    assert_eq!(
        upgrade_options(&mut again).await.error_id(),
        "automatic_upgrade_refused",
        "the session already saved a passkey"
    );

    let mut by_passkey = h.browser();
    by_passkey.open().await;
    by_passkey.sign_in(&mut device).await;
    assert_eq!(
        upgrade_options(&mut by_passkey).await.error_id(),
        "automatic_upgrade_refused",
        "a passkey sign-in"
    );

    let mut by_email = h.browser();
    by_email.open().await;
    let flow = by_email.request_code(EMAIL).await;
    let code = h.mails_to(EMAIL).await.last().unwrap().code();
    let signed_in = by_email.enter_code(&flow, &code).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    assert_eq!(
        upgrade_options(&mut by_email).await.error_id(),
        "automatic_upgrade_refused",
        "an email code sign-in"
    );

    let added = h.admin("Auditor", "support").await.audit("action=passkey.added").await;
    assert_eq!(added.len(), 1, "only the passkey saved through the dialog");
    assert_eq!(added[0]["details"]["how"], "dialog_after_password");
}

/// On a `high_value` account the password session is restricted; the silent passkey is saved
/// under the email-compromise guard (the notice goes out) and the session stays restricted.
async fn on_a_high_value_account_it_is_guarded_and_lifts_nothing(db: Db) {
    let h = harness(db).await;
    let mut browser = signed_in_with_password(&h, "high_value").await;
    let start = upgrade_options(&mut browser).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.text);
    let credential = silent_registration(&mut Device::new(), &start.json()["options"]).await;
    let saved = finish(&mut browser, &start, &credential).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    assert!(saved.json()["session"].is_null(), "no new session: {}", saved.text);
    assert_eq!(
        saved.json()["passkey"]["added_via"],
        "upgrade",
        "restricted, but still an upgrade"
    );

    let session = browser.whoami().await;
    assert_eq!(session.json()["restricted"], true, "{}", session.text);
    assert_eq!(session.json()["authenticator_assurance_level"], "aal1");
    let guarded = h
        .admin("Auditor", "support")
        .await
        .audit("action=passkey.guarded")
        .await;
    assert_eq!(guarded.len(), 1);
    let notices = h.mails_to(EMAIL).await;
    assert_eq!(notices.len(), 1, "the guard's notice");
    let notice = &notices[0].text;
    assert!(
        notice.contains("from a sign-in with a password") && notice.contains("who knows your password"),
        "{notice}"
    );
}
