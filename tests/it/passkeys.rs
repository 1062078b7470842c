//! The passkey path end to end: sign up, sign in, whoami, second passkey, sign out.

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::json;
use time::Duration;

use crate::on_both_stores;
use crate::support::{Db, Device, Harness, Reply};

on_both_stores!(
    a_related_origin_listed_at_the_well_known_address_signs_up_and_in,
    the_signals_name_the_passkeys_the_account_accepts_and_a_removed_one_is_unknown,
    browser_signs_up_signs_out_and_signs_in_again,
    api_client_uses_session_tokens,
    second_passkey_signs_in_to_the_same_account,
    whoami_answers_the_kratos_session_shape,
    session_expires_after_its_lifespan,
    sign_out_reaches_other_replicas_within_seconds,
    a_ceremony_started_on_one_replica_finishes_on_another,
    new_accounts_never_get_a_password,
    an_email_signs_up_once,
    every_sign_in_issues_a_new_session,
    secrets_are_stored_only_as_hashes,
    the_user_handle_is_random_and_carries_no_email,
    concurrent_finishes_of_one_challenge_yield_one_session,
    passkeys_are_renamed_and_removed_but_never_the_last,
    racing_removals_of_the_last_two_passkeys_keep_one,
    a_second_passkey_can_be_steered_to_a_phone_or_a_security_key,
    passkeys_are_named_after_their_provider_and_device,
    each_passkey_says_how_it_was_added_and_which_made_this_session,
);

const GOOGLE_PASSWORD_MANAGER: &str = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";
const YUBIKEY_5: &str = "cb69481e-8ff7-4039-93ec-0a2729a154a8";

async fn browser_signs_up_signs_out_and_signs_in_again(db: Db) {
    let h = Harness::new(db).await;
    let mut browser = h.browser();
    let mut device = Device::new();
    browser.open().await;

    let signed_up = browser.sign_up("Ada@Example.com", &mut device).await;
    assert_eq!(signed_up.status, StatusCode::OK, "{}", signed_up.text);
    assert_eq!(signed_up.json()["redirect_to"], "http://localhost:4433/ui/settings");
    assert!(
        signed_up.json().get("session_token").is_none(),
        "browsers get a cookie, never a token in the body"
    );
    let first_cookie = browser
        .session_cookie()
        .cloned()
        .expect("session cookie set at sign-up");

    let me = browser.whoami().await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.text);
    assert_eq!(me.json()["identity"]["traits"]["email"], "ada@example.com");

    let out = browser.post("/self-service/logout", json!({})).await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.text);
    assert!(browser.session_cookie().is_none(), "sign-out clears the cookie");
    assert_eq!(browser.whoami().await.error_id(), "session_missing");

    // The old cookie is dead in the store, not only in the browser.
    browser.cookies.insert("latchkey_session".into(), first_cookie.clone());
    assert_eq!(browser.whoami().await.status, StatusCode::UNAUTHORIZED);
    browser.cookies.remove("latchkey_session");

    let signed_in = browser.sign_in(&mut device).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    assert_ne!(browser.session_cookie(), Some(&first_cookie));
    let me = browser.whoami().await.json();
    assert_eq!(me["identity"]["traits"]["email"], "ada@example.com");
    assert_eq!(me["authentication_methods"][0]["method"], "passkey");
}

async fn api_client_uses_session_tokens(db: Db) {
    let h = Harness::new(db).await;
    let mut api = h.api();
    let mut device = Device::new();
    let signed_up = api.sign_up("grace@example.com", &mut device).await;
    assert_eq!(signed_up.status, StatusCode::OK, "{}", signed_up.text);
    assert!(
        signed_up
            .set_cookies()
            .iter()
            .all(|c| !c.starts_with("latchkey_session")),
        "API clients get no cookie"
    );
    let token = api.token.clone().expect("session_token in the body");
    assert_eq!(token.len(), 43, "256-bit token, base64url");

    // X-Session-Token (Kratos) and Authorization: Bearer both work.
    assert_eq!(api.get("/sessions/whoami").await.status, StatusCode::OK);
    let bearer = h
        .send(
            axum::http::Request::get("/sessions/whoami")
                .header("authorization", format!("Bearer {token}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(bearer.status, StatusCode::OK);

    let out = h
        .send(
            axum::http::Request::delete("/self-service/logout/api")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(json!({ "session_token": token }).to_string()))
                .unwrap(),
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.text);
    assert_eq!(api.get("/sessions/whoami").await.error_id(), "session_missing");

    let again = api.sign_in(&mut device).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    assert_ne!(api.token.as_deref(), Some(token.as_str()));
    assert_eq!(api.get("/sessions/whoami").await.status, StatusCode::OK);
}

async fn second_passkey_signs_in_to_the_same_account(db: Db) {
    let h = Harness::new(db).await;
    let mut browser = h.browser();
    let (mut laptop, mut phone) = (Device::new(), Device::new());
    browser.open().await;
    browser.sign_up("lin@example.com", &mut laptop).await;
    let identity = browser.whoami().await.json()["identity"]["id"].clone();
    h.clock.advance(Duration::minutes(1));

    let start = browser.post("/self-service/settings/passkeys/options", json!({})).await;
    assert_eq!(start.status, StatusCode::OK, "{}", start.text);
    let excluded = start.json()["options"]["publicKey"]["excludeCredentials"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(excluded, 1, "the laptop's passkey is excluded from re-registration");
    let added = browser.finish_adding_passkey(&start, &mut phone).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    assert_eq!(added.json()["passkey"]["name"], "Chrome on Linux");

    let listed = browser.get("/self-service/settings/passkeys").await.json();
    assert_eq!(listed["passkeys"].as_array().unwrap().len(), 2);
    let page = browser.get("/ui/settings").await;
    assert_eq!(
        page.text.matches("<tr data-passkey-id=").count(),
        2,
        "the account page lists both passkeys"
    );

    browser.post("/self-service/logout", json!({})).await;
    let with_phone = browser.sign_in(&mut phone).await;
    assert_eq!(with_phone.status, StatusCode::OK, "{}", with_phone.text);
    assert_eq!(browser.whoami().await.json()["identity"]["id"], identity);
    let listed = browser.get("/self-service/settings/passkeys").await.json();
    let used: Vec<bool> = listed["passkeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["last_used_at"].is_string())
        .collect();
    assert_eq!(
        used,
        vec![false, true],
        "last use is recorded on the passkey that signed in"
    );
}

async fn whoami_answers_the_kratos_session_shape(db: Db) {
    let h = Harness::new(db).await;
    let mut api = h.api();
    api.sign_up("kim@example.com", &mut Device::new()).await;
    let reply = api.get("/sessions/whoami").await;
    let session = reply.json();
    assert_eq!(
        reply.header("x-kratos-authenticated-identity-id"),
        session["identity"]["id"].as_str().unwrap()
    );
    for key in [
        "id",
        "active",
        "issued_at",
        "authenticated_at",
        "expires_at",
        "authenticator_assurance_level",
        "authentication_methods",
        "identity",
        "restricted",
    ] {
        assert!(session.get(key).is_some(), "missing {key}: {session}");
    }
    assert_eq!(session["active"], true);
    assert_eq!(
        session["authenticator_assurance_level"], "aal2",
        "a user-verified passkey is aal2"
    );
    assert_eq!(
        session["authentication_methods"],
        json!([{ "method": "passkey", "aal": "aal2", "completed_at": "2026-11-25T12:00:00Z" }])
    );
    assert_eq!(session["issued_at"], "2026-11-25T12:00:00Z");
    assert_eq!(session["expires_at"], "2026-11-26T12:00:00Z");
    assert_eq!(session["restricted"], false);
    let identity = &session["identity"];
    assert_eq!(identity["schema_id"], "default");
    assert_eq!(identity["state"], "active");
    assert_eq!(identity["traits"], json!({ "email": "kim@example.com" }));
    let address = &identity["verifiable_addresses"][0];
    assert_eq!(
        (
            address["value"].as_str(),
            address["verified"].as_bool(),
            address["via"].as_str(),
            address["status"].as_str()
        ),
        (Some("kim@example.com"), Some(true), Some("email"), Some("completed")),
        "the sign-up code proved the address"
    );
    assert_eq!(identity["recovery_addresses"][0]["value"], "kim@example.com");
    assert!(identity["created_at"].is_string() && identity["updated_at"].is_string());
    let schema = h
        .send(
            axum::http::Request::get(
                identity["schema_url"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches("http://localhost:4433"),
            )
            .body(axum::body::Body::empty())
            .unwrap(),
        )
        .await;
    assert_eq!(schema.status, StatusCode::OK, "schema_url resolves");
}

async fn session_expires_after_its_lifespan(db: Db) {
    let h = Harness::new(db).await;
    let mut api = h.api();
    api.sign_up("exp@example.com", &mut Device::new()).await;
    assert_eq!(api.get("/sessions/whoami").await.status, StatusCode::OK);
    h.clock.advance(Duration::hours(24) - Duration::seconds(1));
    assert_eq!(api.get("/sessions/whoami").await.status, StatusCode::OK);
    h.clock.advance(Duration::seconds(1));
    let expired = api.get("/sessions/whoami").await;
    assert_eq!(
        (expired.status, expired.error_id().as_str()),
        (StatusCode::UNAUTHORIZED, "session_missing")
    );
}

async fn sign_out_reaches_other_replicas_within_seconds(db: Db) {
    let a = Harness::new(db).await;
    let b = a.replica().await;
    let mut on_a = a.api();
    on_a.sign_up("rep@example.com", &mut Device::new()).await;
    let mut on_b = b.api();
    on_b.token = on_a.token.clone();
    assert_eq!(
        on_b.get("/sessions/whoami").await.status,
        StatusCode::OK,
        "replica B knows the session (and caches it)"
    );
    assert_eq!(on_b.get("/sessions/whoami").await.status, StatusCode::OK);

    on_a.post("/self-service/logout", json!({})).await;
    assert_eq!(
        on_a.get("/sessions/whoami").await.status,
        StatusCode::UNAUTHORIZED,
        "at once on the replica that served the sign-out"
    );
    // The test's clock does not move, so the cache TTL never runs out: only the store's change
    // log (both stores, read each second) or PostgreSQL's notice can end the session on B.
    let mut status = StatusCode::OK;
    for _ in 0..250 {
        status = on_b.get("/sessions/whoami").await.status;
        if status == StatusCode::UNAUTHORIZED {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(status, StatusCode::UNAUTHORIZED, "B heard of the sign-out within 5 s");
}

async fn a_ceremony_started_on_one_replica_finishes_on_another(db: Db) {
    let a = Harness::new(db).await;
    let b = a.replica().await;
    let mut device = Device::new();
    a.api().sign_up("two@example.com", &mut device).await;
    let (flow_id, options) = a.api().login_options().await;
    let credential = device.authenticate(&options).await;
    let mut on_b = b.api();
    let reply = on_b.login_verify(&flow_id, &credential).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let mut on_a = a.api();
    on_a.token = on_b.token.clone();
    assert_eq!(
        on_a.get("/sessions/whoami").await.status,
        StatusCode::OK,
        "the session made on B is valid on A"
    );
}

async fn new_accounts_never_get_a_password(db: Db) {
    let h = Harness::new(db).await;
    let attempt =
        json!({ "method": "password", "password": "hunter2hunter2", "traits": { "email": "pw@example.com" } });
    let refused = h.api().post("/self-service/registration", attempt).await;
    assert_eq!(
        (refused.status, refused.error_id().as_str()),
        (StatusCode::FORBIDDEN, "password_registration_forbidden")
    );
    assert!(
        h.store.dump_table("identities").await.unwrap().is_empty(),
        "nothing was created"
    );
    let with_password_enabled = Harness::with_config(db, |c| c.methods.password_enabled = true).await;
    let attempt =
        json!({ "method": "password", "password": "hunter2hunter2", "traits": { "email": "pw@example.com" } });
    let refused = with_password_enabled
        .api()
        .post("/self-service/registration", attempt)
        .await;
    assert_eq!(
        refused.error_id(),
        "password_registration_forbidden",
        "password.enabled is for legacy accounts only"
    );
    let page = h.browser().get("/ui/registration").await;
    assert!(
        !page.text.contains("type=\"password\""),
        "no password field on the sign-up page"
    );
}

async fn an_email_signs_up_once(db: Db) {
    let h = Harness::new(db).await;
    h.api().sign_up("once@example.com", &mut Device::new()).await;
    // Asking again answers exactly like a new address would; only the mailbox learns more.
    let shape = |reply: &Reply| {
        let mut body = reply.json();
        body["flow_id"] = json!("-");
        body["expires_at"] = json!("-");
        (reply.status, body)
    };
    let again = h
        .api()
        .post(
            "/self-service/registration/code",
            json!({ "email": " ONCE@example.com " }),
        )
        .await;
    let fresh = h
        .api()
        .post(
            "/self-service/registration/code",
            json!({ "email": "fresh@example.com" }),
        )
        .await;
    assert_eq!(shape(&again), shape(&fresh));
    let mail = h.mail_to("once@example.com").await;
    assert!(mail.subject.contains("already have"), "{}", mail.subject);
    assert!(
        mail.text.contains("http://localhost:4433/ui/login"),
        "offers sign-in: {}",
        mail.text
    );
    assert!(
        !mail
            .text
            .lines()
            .any(|l| l.trim().len() == 6 && l.trim().bytes().all(|b| b.is_ascii_digit())),
        "no code for an address that has an account"
    );
    let guess = h
        .api()
        .post(
            "/self-service/registration/passkey/options",
            json!({ "flow_id": again.json()["flow_id"], "code": "123456" }),
        )
        .await;
    assert_eq!(guess.error_id(), "code_invalid");

    let without_code = h
        .api()
        .post(
            "/self-service/registration/passkey/options",
            json!({ "email": "fresh@example.com" }),
        )
        .await;
    assert_eq!(
        without_code.error_id(),
        "sign_up_code_required",
        "no account without the mailbox"
    );
    let bad = h
        .api()
        .post("/self-service/registration/code", json!({ "email": "not-an-email" }))
        .await;
    assert_eq!(
        (bad.status, bad.error_id().as_str()),
        (StatusCode::BAD_REQUEST, "invalid_request")
    );
    assert_eq!(h.store.dump_table("identities").await.unwrap().len(), 1);
}

async fn every_sign_in_issues_a_new_session(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    h.api().sign_up("fix@example.com", &mut device).await;
    let mut browser = h.browser();
    browser.open().await;
    browser
        .cookies
        .insert("latchkey_session".into(), "planted-by-attacker".into());
    let signed_in = browser.sign_in(&mut device).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    let issued = browser.session_cookie().cloned().unwrap();
    assert_ne!(issued, "planted-by-attacker");
    assert_eq!(browser.whoami().await.status, StatusCode::OK);
    browser
        .cookies
        .insert("latchkey_session".into(), "planted-by-attacker".into());
    assert_eq!(
        browser.whoami().await.status,
        StatusCode::UNAUTHORIZED,
        "the planted value names no session"
    );
}

async fn secrets_are_stored_only_as_hashes(db: Db) {
    let h = Harness::new(db).await;
    let mut api = h.api();
    api.sign_up("hash@example.com", &mut Device::new()).await;
    let token = api.token.clone().unwrap();
    let raw_hex: String = URL_SAFE_NO_PAD
        .decode(&token)
        .unwrap()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let rows = h.store.dump_table("sessions").await.unwrap();
    assert_eq!(rows.len(), 1);
    assert!(
        !rows[0].contains(&token) && !rows[0].contains(&raw_hex),
        "the token is not at rest: {}",
        rows[0]
    );
}

async fn the_user_handle_is_random_and_carries_no_email(db: Db) {
    let h = Harness::new(db).await;
    let mut handles = Vec::new();
    for email in ["u1@example.com", "u2@example.com"] {
        let start = h.api().registration_options(email).await;
        let id = start.json()["options"]["publicKey"]["user"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let bytes = URL_SAFE_NO_PAD.decode(&id).unwrap();
        assert_eq!(bytes.len(), 16, "a random UUIDv4 (122 random bits)");
        assert!(!String::from_utf8_lossy(&bytes).contains("example"));
        assert_eq!(
            start.json()["options"]["publicKey"]["authenticatorSelection"]["residentKey"],
            "required"
        );
        assert_eq!(
            start.json()["options"]["publicKey"]["authenticatorSelection"]["userVerification"],
            "required"
        );
        handles.push(id);
    }
    assert_ne!(handles[0], handles[1]);
}

async fn concurrent_finishes_of_one_challenge_yield_one_session(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    h.api().sign_up("race@example.com", &mut device).await;
    let (flow_id, options) = h.api().login_options().await;
    let credential = device.authenticate(&options).await;
    let body = json!({ "flow_id": flow_id, "credential": credential }).to_string();
    let requests = (0..20).map(|_| {
        axum::http::Request::post("/self-service/login/passkey/verify")
            .header("content-type", "application/json")
            .body(axum::body::Body::from(body.clone()))
            .unwrap()
    });
    let replies = h.send_concurrently(requests.collect()).await;
    let ok = replies.iter().filter(|r| r.status == StatusCode::OK).count();
    assert_eq!(ok, 1, "exactly one of 20 concurrent finishes wins");
    assert!(
        replies
            .iter()
            .filter(|r| r.status != StatusCode::OK)
            .all(|r| r.error_id() == "passkey_challenge_invalid")
    );
    assert_eq!(
        h.store.dump_table("sessions").await.unwrap().len(),
        2,
        "the sign-up session and one sign-in session"
    );
}

async fn passkeys_are_renamed_and_removed_but_never_the_last(db: Db) {
    use axum::http::Method;
    let h = Harness::new(db).await;
    let mut laptop = Device::new();
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("manage@example.com", &mut laptop).await;
    let list = browser.get("/self-service/settings/passkeys").await.json();
    let first = list["passkeys"][0]["id"].as_str().unwrap().to_owned();
    let path = |id: &str| format!("/self-service/settings/passkeys/{id}");

    let only = browser.call(Method::DELETE, &path(&first), json!({})).await;
    assert_eq!(
        (only.status, only.error_id().as_str()),
        (StatusCode::CONFLICT, "passkey_last_one"),
        "the only passkey stays"
    );
    assert!(
        only.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Add another passkey first")
    );

    let renamed = browser
        .call(Method::PATCH, &path(&first), json!({ "name": "  Work laptop " }))
        .await;
    assert_eq!(renamed.status, StatusCode::NO_CONTENT, "{}", renamed.text);
    let list = browser.get("/self-service/settings/passkeys").await.json();
    assert_eq!(list["passkeys"][0]["name"], "Work laptop");
    let bad = browser
        .call(Method::PATCH, &path(&first), json!({ "name": "a\nb" }))
        .await;
    assert_eq!(bad.error_id(), "invalid_request");

    let added = browser.add_passkey(&mut Device::with_counter()).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    let second = added.json()["passkey"]["id"].as_str().unwrap().to_owned();

    // Someone else's passkey id is simply not found.
    let mut stranger = h.browser();
    stranger.open().await;
    stranger.sign_up("stranger@example.com", &mut Device::new()).await;
    let foreign = stranger.call(Method::DELETE, &path(&second), json!({})).await;
    assert_eq!(foreign.status, StatusCode::NOT_FOUND);

    // Removing needs a recent passkey sign-in.
    h.clock.advance(Duration::minutes(16));
    let stale = browser.call(Method::DELETE, &path(&second), json!({})).await;
    assert_eq!(stale.error_id(), "step_up_required");
    browser.sign_in(&mut laptop).await;
    let removed = browser.call(Method::DELETE, &path(&second), json!({})).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    let list = browser.get("/self-service/settings/passkeys").await.json();
    assert_eq!(list["passkeys"].as_array().unwrap().len(), 1);
    let last = browser.call(Method::DELETE, &path(&first), json!({})).await;
    assert_eq!(last.error_id(), "passkey_last_one");
}

async fn racing_removals_of_the_last_two_passkeys_keep_one(db: Db) {
    use axum::body::Body;
    use axum::http::Request;
    let h = Harness::new(db).await;
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("race-remove@example.com", &mut Device::new()).await;
    browser.add_passkey(&mut Device::new()).await;
    let ids: Vec<String> = browser.get("/self-service/settings/passkeys").await.json()["passkeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect();
    let jar: Vec<String> = browser.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let removals = ids
        .iter()
        .map(|id| {
            Request::delete(format!("/self-service/settings/passkeys/{id}"))
                .header("cookie", jar.join("; "))
                .header("x-csrf-token", &browser.csrf)
                .header("origin", crate::support::ORIGIN)
                .body(Body::empty())
                .unwrap()
        })
        .collect();
    let replies = h.send_concurrently(removals).await;
    let statuses: Vec<StatusCode> = replies.iter().map(|r| r.status).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::NO_CONTENT).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        browser.get("/self-service/settings/passkeys").await.json()["passkeys"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

async fn a_second_passkey_can_be_steered_to_a_phone_or_a_security_key(db: Db) {
    let h = Harness::new(db).await;
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("steer@example.com", &mut Device::new()).await;
    let options = |reply: &Reply| reply.json()["options"]["publicKey"].clone();
    let plain = browser.post("/self-service/settings/passkeys/options", json!({})).await;
    assert!(options(&plain)["hints"].is_null(), "no steering unless asked");
    for (device, hint) in [("phone", "hybrid"), ("security_key", "security-key")] {
        let steered = browser
            .post("/self-service/settings/passkeys/options", json!({ "device": device }))
            .await;
        assert_eq!(steered.status, StatusCode::OK, "{}", steered.text);
        assert_eq!(options(&steered)["hints"], json!([hint]));
        assert_eq!(
            options(&steered)["authenticatorSelection"]["authenticatorAttachment"],
            "cross-platform"
        );
        assert_eq!(options(&steered)["authenticatorSelection"]["residentKey"], "required");
        // The ceremony itself is the same: a security-key-style authenticator completes it.
        let added = browser
            .finish_adding_passkey(&steered, &mut Device::with_counter())
            .await;
        assert_eq!(added.status, StatusCode::CREATED, "{device}: {}", added.text);
    }
    let odd = browser
        .post(
            "/self-service/settings/passkeys/options",
            json!({ "device": "toaster" }),
        )
        .await;
    assert_eq!(odd.error_id(), "invalid_request");
}

async fn passkeys_are_named_after_their_provider_and_device(db: Db) {
    let h = Harness::new(db).await;
    let mut browser = h.browser();
    browser.open().await;
    browser
        .sign_up("names@example.com", &mut Device::of_model(GOOGLE_PASSWORD_MANAGER))
        .await;
    for mut device in [Device::new(), Device::usb_key(Some(YUBIKEY_5)), Device::usb_key(None)] {
        h.clock.advance(Duration::seconds(1));
        let added = browser.add_passkey(&mut device).await;
        assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    }
    let listed = browser.get("/self-service/settings/passkeys").await.json();
    let rows: Vec<(String, String, String, String)> = listed["passkeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let text = |v: &serde_json::Value| v.as_str().unwrap_or("-").to_owned();
            (
                text(&p["name"]),
                text(&p["provider"]),
                text(&p["device"]),
                text(&p["aaguid"]),
            )
        })
        .collect();
    let row = |name: &str, provider: &str, device: &str, aaguid: &str| {
        (
            name.to_owned(),
            provider.to_owned(),
            device.to_owned(),
            aaguid.to_owned(),
        )
    };
    assert_eq!(
        rows,
        vec![
            row(
                "Google Password Manager",
                "Google Password Manager",
                "built_in",
                GOOGLE_PASSWORD_MANAGER
            ),
            // No model given: named after the browser and OS that made it.
            row("Chrome on Linux", "-", "built_in", "-"),
            row("YubiKey 5 Series", "YubiKey 5 Series", "security_key", YUBIKEY_5),
            // A key of unknown model: the browser and OS would name the wrong device.
            row("Security key", "-", "security_key", "-"),
        ]
    );

    let page = browser.get("/ui/settings").await.text;
    assert_eq!(page.matches("<td>Security key</td>").count(), 2, "{page}");
    assert_eq!(page.matches("<td>Built in</td>").count(), 2, "{page}");
}

/// WebAuthn Level 3 related origins: a shop on another domain uses example.com's passkeys. The
/// software authenticator's client checks `/.well-known/webauthn` as browsers do (five labels at
/// most, the origin listed), then latchkey verifies the ceremony from that origin.
async fn a_related_origin_listed_at_the_well_known_address_signs_up_and_in(db: Db) {
    let shop = url::Url::parse("https://example-shop.co.uk").unwrap();
    let h = Harness::with_config(db, |c| {
        c.webauthn.rp_id = "example.com".into();
        c.webauthn.origins = vec![url::Url::parse("https://example.com").unwrap()];
        c.webauthn.related_origins = vec![shop.clone()];
    })
    .await;
    let served = h.api().get("/.well-known/webauthn").await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.json(), json!({ "origins": ["https://example-shop.co.uk"] }));
    assert_eq!(served.header("cache-control"), "public, max-age=300");

    let mut device = Device::new();
    device.origin = shop.clone();
    let mut api = h.api();
    let start = api.registration_options("related@example.com").await;
    let created = device
        .register_at_related_origin(&start.json()["options"], &served.json())
        .await;
    let signed_up = api
        .post(
            "/self-service/registration/passkey/verify",
            json!({ "flow_id": start.json()["flow_id"], "credential": created }),
        )
        .await;
    assert_eq!(signed_up.status, StatusCode::OK, "{}", signed_up.text);

    let (flow_id, options) = h.api().login_options().await;
    let asserted = device
        .authenticate_at_related_origin(&options, &served.json())
        .await
        .unwrap();
    let signed_in = h.api().login_verify(&flow_id, &asserted).await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);

    // An origin the file does not list: the client refuses, as a browser would.
    let mut elsewhere = device.clone();
    elsewhere.origin = url::Url::parse("https://example-phish.co.uk").unwrap();
    let (_, options) = h.api().login_options().await;
    assert!(
        elsewhere
            .authenticate_at_related_origin(&options, &served.json())
            .await
            .is_err()
    );

    // Nothing configured: no origin announced.
    let plain = Harness::new(db).await;
    assert_eq!(
        plain.api().get("/.well-known/webauthn").await.json(),
        json!({ "origins": [] })
    );
}

/// What the pages hand the WebAuthn Signal API: the credential ids the account accepts (a removed
/// passkey leaves the list, so the provider drops it) and the user id and name the passkeys were
/// made with.
async fn the_signals_name_the_passkeys_the_account_accepts_and_a_removed_one_is_unknown(db: Db) {
    let h = Harness::new(db).await;
    let (mut laptop, mut phone) = (Device::new(), Device::new());
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("signals@example.com", &mut laptop).await;
    browser.add_passkey(&mut phone).await;
    let id_of = |device: &Device| URL_SAFE_NO_PAD.encode(device.passkey.as_ref().unwrap().credential_id.as_slice());

    let signals = browser.get("/self-service/passkeys/signals").await.json();
    assert_eq!(signals["rp_id"], "localhost");
    assert_eq!(signals["name"], "signals@example.com");
    let mut accepted: Vec<String> = serde_json::from_value(signals["accepted_credential_ids"].clone()).unwrap();
    accepted.sort();
    let mut expected = vec![id_of(&laptop), id_of(&phone)];
    expected.sort();
    assert_eq!(accepted, expected);
    // The user id is the one the authenticator holds (it comes back as the user handle).
    let (flow_id, options) = h.api().login_options().await;
    let assertion = laptop.authenticate(&options).await;
    assert_eq!(signals["user_id"], assertion["response"]["userHandle"]);
    h.api().login_verify(&flow_id, &assertion).await;

    // One passkey removed: the list drops it, and presenting it is `passkey_unknown`.
    let listed = browser.get("/self-service/settings/passkeys").await.json();
    let second = listed["passkeys"][1]["id"].as_str().unwrap().to_owned();
    let removed = browser
        .call(
            axum::http::Method::DELETE,
            &format!("/self-service/settings/passkeys/{second}"),
            json!({}),
        )
        .await;
    assert!(removed.status.is_success(), "{}", removed.text);
    let after: Vec<String> = serde_json::from_value(
        browser.get("/self-service/passkeys/signals").await.json()["accepted_credential_ids"].clone(),
    )
    .unwrap();
    assert_eq!(after.len(), 1);
    let gone = if after[0] == id_of(&laptop) {
        &mut phone
    } else {
        &mut laptop
    };
    let mut other = h.browser();
    other.open().await;
    assert_eq!(other.sign_in(gone).await.error_id(), "passkey_unknown");
    assert_eq!(
        h.api().get("/self-service/passkeys/signals").await.status,
        StatusCode::UNAUTHORIZED
    );
}

/// After a recovery two passkeys looked alike; now each says how it came and which one made the
/// session asking (the one on this device). Stored, so it survives a restart.
async fn each_passkey_says_how_it_was_added_and_which_made_this_session(db: Db) {
    let h = Harness::new(db).await;
    let (mut laptop, mut phone) = (Device::new(), Device::new());
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("twins@example.com", &mut laptop).await;
    assert_eq!(browser.add_passkey(&mut phone).await.status, StatusCode::CREATED);
    let listed = |reply: Reply| -> Vec<(String, bool)> {
        let mut rows: Vec<(String, bool)> = reply.json()["passkeys"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["added_via"].as_str().unwrap().to_owned(),
                    p["this_session"].as_bool().unwrap(),
                )
            })
            .collect();
        rows.sort();
        rows
    };
    let on_laptop = listed(browser.get("/self-service/settings/passkeys").await);
    assert_eq!(on_laptop, [("account".to_owned(), false), ("sign_up".to_owned(), true)]);

    let restarted = h.restarted_with(|_| {}).await;
    let mut elsewhere = restarted.browser();
    elsewhere.open().await;
    assert_eq!(elsewhere.sign_in(&mut phone).await.status, StatusCode::OK);
    let on_phone = listed(elsewhere.get("/self-service/settings/passkeys").await);
    assert_eq!(on_phone, [("account".to_owned(), true), ("sign_up".to_owned(), false)]);
    let page = elsewhere.get("/ui/settings").await.text;
    assert_eq!(
        page.matches(r#"<strong class="tag">This device</strong>"#).count(),
        1,
        "{page}"
    );
    assert!(page.contains("at sign-up") && page.contains("on your account"));
}
