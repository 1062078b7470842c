//! What an attacker tries against the passkey ceremonies and the session check, and the error
//! each one gets. Items 26-47 of SECURITY.md.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::Duration;
use url::Url;

use crate::on_both_stores;
use crate::support::{Db, Device, Harness, b64, set_b64};

on_both_stores!(
    a_replayed_assertion_is_refused,
    a_challenge_dies_with_a_failed_try,
    an_expired_challenge_is_refused,
    a_foreign_origin_is_refused,
    a_foreign_rp_id_hash_is_refused,
    tampered_client_data_is_refused,
    a_tampered_signature_is_refused,
    only_a_credential_no_account_holds_is_called_unknown,
    another_users_handle_is_refused,
    a_missing_user_handle_is_refused,
    a_counter_that_goes_backwards_is_refused_and_recorded,
    an_assertion_without_user_verification_is_refused,
    a_registration_without_user_verification_is_refused,
    a_flow_finishes_only_where_it_belongs,
    login_csrf_is_refused,
    cross_site_and_tokenless_browser_requests_are_refused,
    forged_sessions_are_refused,
);

/// A signed-up account and a started login flow with a valid assertion for it, not yet sent.
async fn valid_assertion(h: &Harness, device: &mut Device) -> (Value, Value) {
    if device.passkey.is_none() {
        let reply = h
            .api()
            .sign_up(&format!("{}@example.com", uuid::Uuid::new_v4().simple()), device)
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    }
    let (flow_id, options) = h.api().login_options().await;
    (flow_id, device.authenticate(&options).await)
}

async fn finish(h: &Harness, flow_id: &Value, credential: &Value) -> (StatusCode, String) {
    let reply = h.api().login_verify(flow_id, credential).await;
    (reply.status, reply.error_id())
}

const REFUSED: (StatusCode, &str) = (StatusCode::BAD_REQUEST, "passkey_verification_failed");

fn refused() -> (StatusCode, String) {
    (REFUSED.0, REFUSED.1.to_owned())
}

async fn a_replayed_assertion_is_refused(db: Db) {
    let h = Harness::new(db).await;
    let (flow_id, credential) = valid_assertion(&h, &mut Device::new()).await;
    assert_eq!(finish(&h, &flow_id, &credential).await.0, StatusCode::OK);
    assert_eq!(
        finish(&h, &flow_id, &credential).await,
        (StatusCode::BAD_REQUEST, "passkey_challenge_invalid".into())
    );
    let (fresh_flow, _) = h.api().login_options().await;
    assert_eq!(
        finish(&h, &fresh_flow, &credential).await,
        refused(),
        "an old assertion does not answer a new challenge"
    );
}

async fn a_challenge_dies_with_a_failed_try(db: Db) {
    let h = Harness::new(db).await;
    let (flow_id, credential) = valid_assertion(&h, &mut Device::new()).await;
    let mut broken = credential.clone();
    let mut signature = b64(&broken["response"]["signature"]);
    signature[10] ^= 0x01;
    set_b64(&mut broken["response"]["signature"], &signature);
    assert_eq!(finish(&h, &flow_id, &broken).await, refused());
    assert_eq!(
        finish(&h, &flow_id, &credential).await,
        (StatusCode::BAD_REQUEST, "passkey_challenge_invalid".into())
    );
}

async fn an_expired_challenge_is_refused(db: Db) {
    let h = Harness::new(db).await;
    let (flow_id, credential) = valid_assertion(&h, &mut Device::new()).await;
    h.clock.advance(Duration::minutes(5));
    assert_eq!(
        finish(&h, &flow_id, &credential).await,
        (StatusCode::BAD_REQUEST, "passkey_challenge_expired".into())
    );
}

async fn a_foreign_origin_is_refused(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    valid_assertion(&h, &mut device).await;
    for origin in [
        "http://localhost:4444",
        "http://evil.localhost:4433",
        "https://localhost:4433",
    ] {
        let mut elsewhere = Device {
            origin: Url::parse(origin).unwrap(),
            ..device.clone()
        };
        let (flow_id, options) = h.api().login_options().await;
        let credential = elsewhere.authenticate(&options).await;
        assert_eq!(finish(&h, &flow_id, &credential).await, refused(), "{origin}");
    }
}

async fn a_foreign_rp_id_hash_is_refused(db: Db) {
    let h = Harness::new(db).await;
    let (flow_id, mut credential) = valid_assertion(&h, &mut Device::new()).await;
    let mut authenticator_data = b64(&credential["response"]["authenticatorData"]);
    authenticator_data[..32].copy_from_slice(&Sha256::digest(b"evil.example"));
    set_b64(&mut credential["response"]["authenticatorData"], &authenticator_data);
    assert_eq!(finish(&h, &flow_id, &credential).await, refused());
}

async fn tampered_client_data_is_refused(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    for (from, to) in [
        ("webauthn.get", "webauthn.create"),
        ("http://localhost:4433", "https://evil.example"),
        ("\"crossOrigin\":false", "\"crossOrigin\":true"),
    ] {
        let (flow_id, mut credential) = valid_assertion(&h, &mut device).await;
        let client_data = String::from_utf8(b64(&credential["response"]["clientDataJSON"])).unwrap();
        let tampered = if client_data.contains(from) {
            client_data.replace(from, to)
        } else {
            client_data.replace('}', &format!(",{to}}}"))
        };
        set_b64(&mut credential["response"]["clientDataJSON"], tampered.as_bytes());
        assert_eq!(finish(&h, &flow_id, &credential).await, refused(), "{from} -> {to}");
    }
}

async fn a_tampered_signature_is_refused(db: Db) {
    let h = Harness::new(db).await;
    let (flow_id, mut credential) = valid_assertion(&h, &mut Device::new()).await;
    let mut data = b64(&credential["response"]["authenticatorData"]);
    data[36] ^= 0x01; // a counter byte: signed, so the signature no longer matches
    set_b64(&mut credential["response"]["authenticatorData"], &data);
    assert_eq!(finish(&h, &flow_id, &credential).await, refused());
}

/// `passkey_unknown` lets the page tell the passkey provider to drop a credential (the WebAuthn
/// Signal API), so it is said only of a credential id no account holds: a bad signature or an
/// inactive account keeps `passkey_verification_failed`, and no provider is told to drop a
/// passkey that works. It reveals only whether a credential id is registered here, which only
/// someone who already holds that id can ask (sign-in is discoverable: ids are never sent out).
async fn only_a_credential_no_account_holds_is_called_unknown(db: Db) {
    let h = Harness::new(db).await;
    let other_server = Harness::new(db).await;
    let mut stranger = Device::new();
    other_server.api().sign_up("stranger@example.com", &mut stranger).await;
    let (flow_id, options) = h.api().login_options().await;
    let credential = stranger.authenticate(&options).await;
    let unknown = h.api().login_verify(&flow_id, &credential).await;
    assert_eq!(unknown.answer().0, StatusCode::BAD_REQUEST);
    assert_eq!(unknown.error_id(), "passkey_unknown");

    let (flow_id, mut bad) = valid_assertion(&h, &mut Device::new()).await;
    let mut signature = b64(&bad["response"]["signature"]);
    signature[12] ^= 0x80;
    set_b64(&mut bad["response"]["signature"], &signature);
    let bad_signature = h.api().login_verify(&flow_id, &bad).await;
    assert_eq!(bad_signature.error_id(), "passkey_verification_failed");

    // An inactive account's passkey is not unknown: the provider must keep it.
    let mut inactive = Device::new();
    let mut api = h.api();
    api.sign_up("inactive@example.com", &mut inactive).await;
    let admin = h.admin("Desk", "admin").await;
    let found = admin.get("/admin/identities?email=inactive@example.com").await.json();
    let id = found["identities"][0]["id"].as_str().unwrap().to_owned();
    let changed = admin
        .patch(&format!("/admin/identities/{id}"), json!({ "state": "inactive" }))
        .await;
    assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
    let refused = h.api().sign_in(&mut inactive).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.text);
    assert_ne!(refused.error_id(), "passkey_unknown", "{}", refused.text);
}

async fn another_users_handle_is_refused(db: Db) {
    let h = Harness::new(db).await;
    let (mut alice, mut bob) = (Device::new(), Device::new());
    valid_assertion(&h, &mut bob).await;
    let (_, bob_credential) = valid_assertion(&h, &mut bob).await;
    let (flow_id, mut credential) = valid_assertion(&h, &mut alice).await;
    credential["response"]["userHandle"] = bob_credential["response"]["userHandle"].clone();
    assert_ne!(credential["response"]["userHandle"], Value::Null);
    assert_eq!(finish(&h, &flow_id, &credential).await, refused());
}

async fn a_missing_user_handle_is_refused(db: Db) {
    let h = Harness::new(db).await;
    let (flow_id, mut credential) = valid_assertion(&h, &mut Device::new()).await;
    credential["response"]["userHandle"] = Value::Null;
    assert_eq!(finish(&h, &flow_id, &credential).await, refused());
}

async fn a_counter_that_goes_backwards_is_refused_and_recorded(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::with_counter();
    valid_assertion(&h, &mut device).await;
    let mut clone = device.clone();
    let (flow_id, credential) = valid_assertion(&h, &mut device).await;
    assert_eq!(finish(&h, &flow_id, &credential).await.0, StatusCode::OK);

    let (flow_id, cloned_assertion) = valid_assertion(&h, &mut clone).await;
    assert_eq!(
        finish(&h, &flow_id, &cloned_assertion).await,
        (StatusCode::BAD_REQUEST, "passkey_possible_clone".into())
    );
    let credential_id = b64(&credential["rawId"]);
    assert_eq!(h.store.counter_regressions(&credential_id).await.unwrap(), 1);
    let audited = h
        .admin("Auditor", "support")
        .await
        .audit("action=passkey.counter_regression")
        .await;
    assert_eq!(audited.len(), 1, "the possible clone is in the audit trail");
    let (flow_id, next) = valid_assertion(&h, &mut device).await;
    assert_eq!(
        finish(&h, &flow_id, &next).await.0,
        StatusCode::OK,
        "the genuine device, counter ahead, still signs in"
    );
}

async fn an_assertion_without_user_verification_is_refused(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    valid_assertion(&h, &mut device).await;
    let mut unverified = Device {
        skip_user_verification: true,
        person: crate::support::Person { verifies: false },
        ..device.clone()
    };
    let (flow_id, options) = h.api().login_options().await;
    let credential = unverified.authenticate(&options).await;
    let flags = b64(&credential["response"]["authenticatorData"])[32];
    assert_eq!(flags & 0x04, 0, "the authenticator did not set UV");
    assert_eq!(
        finish(&h, &flow_id, &credential).await,
        (StatusCode::BAD_REQUEST, "passkey_user_verification_required".into())
    );
}

async fn a_registration_without_user_verification_is_refused(db: Db) {
    let h = Harness::new(db).await;
    let start = h.api().registration_options("nouv@example.com").await;
    let mut options = start.json()["options"].clone();
    options["publicKey"]["authenticatorSelection"]["userVerification"] = json!("discouraged");
    let mut device = Device {
        person: crate::support::Person { verifies: false },
        ..Device::new()
    };
    let credential = device.register(&options).await;
    let reply = h
        .api()
        .post(
            "/self-service/registration/passkey/verify",
            json!({ "flow_id": start.json()["flow_id"], "credential": credential }),
        )
        .await;
    assert_eq!(reply.error_id(), "passkey_user_verification_required");
    assert!(h.store.dump_table("identities").await.unwrap().is_empty());
}

async fn a_flow_finishes_only_where_it_belongs(db: Db) {
    let h = Harness::new(db).await;
    let (_, credential) = valid_assertion(&h, &mut Device::new()).await;
    let registration = h.api().registration_options("kind@example.com").await;
    let wrong_kind = h.api().login_verify(&registration.json()["flow_id"], &credential).await;
    assert_eq!(
        (wrong_kind.status, wrong_kind.error_id().as_str()),
        (StatusCode::BAD_REQUEST, "flow_mismatch")
    );
    let unknown = h.api().login_verify(&json!(uuid::Uuid::new_v4()), &credential).await;
    assert_eq!(unknown.error_id(), "passkey_challenge_invalid");
}

async fn login_csrf_is_refused(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    h.api().sign_up("victim-or-attacker@example.com", &mut device).await;
    // The attacker starts a flow in their own browser...
    let mut attacker = h.browser();
    attacker.open().await;
    let start = attacker.post("/self-service/login/passkey/options", json!({})).await;
    let credential = device.authenticate(&start.json()["options"]).await;
    let body = json!({ "flow_id": start.json()["flow_id"], "credential": credential });
    // ...and tries to finish it in the victim's browser (other CSRF token): refused.
    let mut victim = h.browser();
    victim.open().await;
    let reply = victim.post("/self-service/login/passkey/verify", body.clone()).await;
    assert_eq!(
        (reply.status, reply.error_id().as_str()),
        (StatusCode::FORBIDDEN, "csrf_violation")
    );
    assert!(victim.session_cookie().is_none());
}

async fn cross_site_and_tokenless_browser_requests_are_refused(db: Db) {
    let h = Harness::new(db).await;
    let mut browser = h.browser();
    browser.open().await;
    let good_token = browser.csrf.clone();

    browser.csrf = String::new();
    assert_eq!(
        browser
            .post("/self-service/login/passkey/options", json!({}))
            .await
            .error_id(),
        "csrf_violation",
        "cookie without token"
    );
    browser.csrf = "x".repeat(43);
    assert_eq!(
        browser
            .post("/self-service/login/passkey/options", json!({}))
            .await
            .error_id(),
        "csrf_violation",
        "wrong token"
    );
    browser.csrf = good_token;
    browser.origin = "https://evil.example".into();
    assert_eq!(
        browser
            .post("/self-service/login/passkey/options", json!({}))
            .await
            .error_id(),
        "csrf_violation",
        "foreign origin"
    );
    browser.origin = crate::support::ORIGIN.into();
    assert_eq!(
        browser
            .post("/self-service/login/passkey/options", json!({}))
            .await
            .status,
        StatusCode::OK
    );

    let cross_site = Request::post("/self-service/login/passkey/options")
        .header("content-type", "application/json")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(h.send(cross_site).await.error_id(), "csrf_violation");
    let form_post = Request::post("/self-service/registration/passkey/options")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from("a=b"))
        .unwrap();
    assert_eq!(
        h.send(form_post).await.status,
        StatusCode::BAD_REQUEST,
        "only JSON bodies are read"
    );
}

async fn forged_sessions_are_refused(db: Db) {
    let h = Harness::new(db).await;
    let mut api = h.api();
    api.sign_up("real@example.com", &mut Device::new()).await;
    let real = api.token.clone().unwrap();
    let mut forged = real.clone().into_bytes();
    forged[5] = if forged[5] == b'A' { b'B' } else { b'A' };
    for token in [
        String::from_utf8(forged).unwrap(),
        "".into(),
        "x".repeat(5000),
        "../../etc/passwd".into(),
        "%00".into(),
    ] {
        let reply = h
            .send(
                Request::get("/sessions/whoami")
                    .header("cookie", format!("latchkey_session={token}"))
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(
            (reply.status, reply.error_id().as_str()),
            (StatusCode::UNAUTHORIZED, "session_missing"),
            "{token:.20}"
        );
    }
    let reply = h
        .send(
            Request::get("/sessions/whoami")
                .header("authorization", "Bearer not-a-token")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let none = h
        .send(Request::get("/sessions/whoami").body(Body::empty()).unwrap())
        .await;
    assert_eq!(
        none.json(),
        json!({ "error": {
            "id": "session_missing",
            "code": 401,
            "status": "Unauthorized",
            "message": "No valid session was found. Sign in and try again.",
            "request_id": none.header("x-request-id"),
        } })
    );
}

#[tokio::test]
async fn oversized_and_malformed_bodies_get_typed_errors() {
    let h = Harness::new(Db::Sqlite).await;
    let huge = json!({ "email": "a".repeat(100 * 1024) }).to_string();
    let reply = h
        .send(
            Request::post("/self-service/registration/passkey/options")
                .header("content-type", "application/json")
                .body(Body::from(huge))
                .unwrap(),
        )
        .await;
    assert_eq!(
        (reply.status, reply.error_id().as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large")
    );
    let bodies = [
        "{not json",
        "[]",
        "null",
        r#"{"email": 5}"#,
        r#"{"flow_id": "not-a-uuid", "credential": {}}"#,
        r#"{"flow_id": "00000000-0000-0000-0000-000000000000", "credential": {"id": "", "rawId": "!!", "type": "public-key", "response": {}}}"#,
        r#"{"flow_id": "00000000-0000-0000-0000-000000000000", "credential": {"id": "a", "rawId": "a", "type": "public-key", "response": {"clientDataJSON": "", "authenticatorData": "", "signature": "", "userHandle": null}, "extensions": {}}}"#,
        "\u{0}\u{1}",
    ];
    for path in [
        "/self-service/registration/passkey/options",
        "/self-service/registration/passkey/verify",
        "/self-service/login/passkey/verify",
        "/self-service/registration",
    ] {
        for body in bodies {
            let reply = h
                .send(
                    Request::post(path)
                        .header("content-type", "application/json")
                        .body(Body::from(body))
                        .unwrap(),
                )
                .await;
            assert!(
                reply.status.is_client_error(),
                "{path} {body}: {} {}",
                reply.status,
                reply.text
            );
            assert!(
                !reply.error_id().is_empty(),
                "{path} {body}: typed error expected, got {}",
                reply.text
            );
        }
    }
}

#[tokio::test]
async fn unknown_paths_answer_json_not_found() {
    let h = Harness::new(Db::Sqlite).await;
    let reply = h
        .send(Request::get("/admin/identities").body(Body::empty()).unwrap())
        .await;
    assert_eq!(
        (reply.status, reply.error_id().as_str()),
        (StatusCode::NOT_FOUND, "not_found"),
        "nothing admin on the public port"
    );
    let wrong_method = h
        .send(Request::delete("/sessions/whoami").body(Body::empty()).unwrap())
        .await;
    assert_eq!(
        (wrong_method.status, wrong_method.error_id().as_str()),
        (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed")
    );
    let bad_query = h
        .send(
            Request::get("/ui/login?return_to=a&return_to=b")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(
        (bad_query.status, bad_query.error_id().as_str()),
        (StatusCode::BAD_REQUEST, "invalid_request"),
        "{}",
        bad_query.text
    );
}
