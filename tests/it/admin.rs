//! The admin API: key authentication and roles, identities, sessions, and its own listener.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::on_both_stores;
use crate::support::{Db, Device, Harness};

on_both_stores!(
    keys_authenticate_every_call_and_revoked_keys_stop_at_once,
    support_keys_cannot_delete_or_change_tiers,
    identities_are_created_found_and_summarised,
    disabling_an_identity_ends_its_sessions_and_its_sign_ins,
    deleting_an_identity_removes_it_and_its_sessions,
    every_admin_change_is_audited_with_its_key,
);

async fn keys_authenticate_every_call_and_revoked_keys_stop_at_once(db: Db) {
    let h = Harness::new(db).await;
    let mut admin = h.admin("Ana", "admin").await;
    assert_eq!(admin.get("/admin/identities").await.status, StatusCode::OK);

    let key = admin.key.take();
    let missing = admin.get("/admin/identities").await;
    assert_eq!(
        (missing.status, missing.error_id().as_str()),
        (StatusCode::UNAUTHORIZED, "admin_key_missing")
    );
    admin.key = Some("lk_admin_not-a-key-anyone-was-given".into());
    let wrong = admin.get("/admin/identities").await;
    assert_eq!(
        (wrong.status, wrong.error_id().as_str()),
        (StatusCode::UNAUTHORIZED, "admin_key_invalid")
    );
    // A session token is no admin key.
    let mut api = h.api();
    api.sign_up("someone@example.com", &mut Device::new()).await;
    admin.key = api.token.clone();
    assert_eq!(admin.get("/admin/identities").await.error_id(), "admin_key_invalid");

    admin.key = key;
    h.app.admin_keys.revoke(admin.id, "test").await.unwrap();
    let revoked = admin.get("/admin/identities").await;
    assert_eq!(
        (revoked.status, revoked.error_id().as_str()),
        (StatusCode::UNAUTHORIZED, "admin_key_invalid")
    );

    let listed = h.app.admin_keys.list().await.unwrap();
    assert!(listed[0].revoked_at.is_some() && listed[0].last_used_at.is_some());
    let stored = h.store.dump_table("admin_keys").await.unwrap().join("\n");
    let secret = h.admin("Ben", "support").await.key.unwrap();
    let stored_after = h.store.dump_table("admin_keys").await.unwrap().join("\n");
    assert!(
        !stored.contains("lk_admin_") && !stored_after.contains(&secret),
        "keys are stored hashed"
    );

    // Nothing of the admin API answers on the public listener.
    let public = h.api().get("/admin/identities").await;
    assert_eq!(public.status, StatusCode::NOT_FOUND);
}

async fn support_keys_cannot_delete_or_change_tiers(db: Db) {
    let h = Harness::new(db).await;
    let support = h.admin("Help desk", "support").await;
    let admin = h.admin("Security", "admin").await;
    let created = support
        .post(
            "/admin/identities",
            json!({ "email": "tier@example.com", "verified": true }),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/admin/identities/{id}");

    // Lowering a tier would let support recover a high-value account: only admins set tiers.
    let tier = support.patch(&path, json!({ "tier": "high_value" })).await;
    assert_eq!(
        (tier.status, tier.error_id().as_str()),
        (StatusCode::FORBIDDEN, "admin_forbidden")
    );
    assert!(tier.json()["error"]["message"].as_str().unwrap().contains("admin key"));
    let high = support
        .post(
            "/admin/identities",
            json!({ "email": "vip@example.com", "tier": "high_value" }),
        )
        .await;
    assert_eq!(high.error_id(), "admin_forbidden");
    assert_eq!(support.delete(&path).await.error_id(), "admin_forbidden");

    let raised = admin.patch(&path, json!({ "tier": "high_value" })).await;
    assert_eq!(raised.status, StatusCode::OK, "{}", raised.text);
    assert_eq!(raised.json()["tier"], "high_value");
    assert_eq!(admin.delete(&path).await.status, StatusCode::NO_CONTENT);
}

async fn identities_are_created_found_and_summarised(db: Db) {
    let h = Harness::new(db).await;
    let admin = h.admin("Ana", "support").await;
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("grace.hopper@example.com", &mut Device::new()).await;
    browser.post("/self-service/settings/backup-codes", json!({})).await;
    for email in ["ada@example.com", "alan_turing@example.com", "alan-kay@example.com"] {
        let created = admin.post("/admin/identities", json!({ "email": email })).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.text);
    }
    let again = admin
        .post("/admin/identities", json!({ "email": "ADA@example.com" }))
        .await;
    assert_eq!(
        (again.status, again.error_id().as_str()),
        (StatusCode::CONFLICT, "identity_exists")
    );
    let bad = admin
        .post("/admin/identities", json!({ "email": "not an address" }))
        .await;
    assert_eq!(bad.error_id(), "invalid_request");

    let emails = |reply: crate::support::Reply| -> Vec<String> {
        reply.json()["identities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["email"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        emails(admin.get("/admin/identities?email=alan").await),
        vec!["alan-kay@example.com", "alan_turing@example.com"]
    );
    // `_` is a letter here, not LIKE's any-character.
    assert_eq!(
        emails(admin.get("/admin/identities?email=n_t").await),
        vec!["alan_turing@example.com"]
    );
    let first = admin.get("/admin/identities?page_size=2").await;
    let token = first.json()["next_page_token"].as_str().unwrap().to_owned();
    let rest = admin
        .get(&format!("/admin/identities?page_size=2&page_token={token}"))
        .await;
    let mut all = emails(first);
    all.extend(emails(rest));
    assert_eq!(
        all,
        vec![
            "ada@example.com",
            "alan-kay@example.com",
            "alan_turing@example.com",
            "grace.hopper@example.com"
        ]
    );

    let id = browser.whoami().await.json()["identity"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let summary = admin.get(&format!("/admin/identities/{id}")).await.json();
    assert_eq!(summary["email"], "grace.hopper@example.com");
    assert_eq!(summary["tier"], "standard");
    assert_eq!(summary["state"], "active");
    assert_eq!(summary["passkeys"], 1);
    assert_eq!(summary["backup_codes_left"], 10);
    assert_eq!(summary["active_sessions"], 1);
    assert_eq!(summary["addresses"][0]["verified"], true);
    assert!(summary["last_sign_in_at"].is_string(), "{summary}");
    let text = summary.to_string();
    assert!(
        !text.contains("code_hash") && !text.contains("public_key"),
        "no secrets: {text}"
    );

    let unknown = admin
        .get("/admin/identities/00000000-0000-4000-8000-000000000000")
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(admin.get("/admin/identities/nope").await.error_id(), "invalid_request");
}

async fn disabling_an_identity_ends_its_sessions_and_its_sign_ins(db: Db) {
    let h = Harness::new(db).await;
    let admin = h.admin("Ana", "support").await;
    let mut device = Device::new();
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("off@example.com", &mut device).await;
    let id = browser.whoami().await.json()["identity"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/admin/identities/{id}");

    let disabled = admin.patch(&path, json!({ "state": "disabled" })).await;
    assert_eq!(disabled.status, StatusCode::OK, "{}", disabled.text);
    assert_eq!(disabled.json()["state"], "inactive");
    assert_eq!(browser.whoami().await.status, StatusCode::UNAUTHORIZED);
    let again = browser.sign_in(&mut device).await;
    assert_eq!(again.error_id(), "identity_inactive");
    assert_eq!(
        admin.patch(&path, json!({ "state": "asleep" })).await.error_id(),
        "invalid_request"
    );

    admin.patch(&path, json!({ "state": "active" })).await;
    assert_eq!(browser.sign_in(&mut device).await.status, StatusCode::OK);
    let other = h.browser();
    let mut other = other;
    other.open().await;
    other.sign_in(&mut device).await;
    let revoked = admin.delete(&format!("{path}/sessions")).await;
    assert_eq!(revoked.json()["revoked"], 2);
    assert_eq!(browser.whoami().await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(other.whoami().await.status, StatusCode::UNAUTHORIZED);
}

async fn deleting_an_identity_removes_it_and_its_sessions(db: Db) {
    let h = Harness::new(db).await;
    let admin = h.admin("Ana", "admin").await;
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("gone@example.com", &mut Device::new()).await;
    let id = browser.whoami().await.json()["identity"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/admin/identities/{id}");
    assert_eq!(
        admin.call(Method::DELETE, &path, None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(browser.whoami().await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(admin.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(admin.delete(&path).await.status, StatusCode::NOT_FOUND);
    // The trail outlives the identity.
    let actions = admin.actions_about(&id).await;
    assert_eq!(actions.last().map(String::as_str), Some("identity.deleted"));
}

async fn every_admin_change_is_audited_with_its_key(db: Db) {
    let h = Harness::new(db).await;
    let support = h.admin("Help desk, Ana", "support").await;
    let admin = h.admin("Security, Ben", "admin").await;
    let created = support
        .post("/admin/identities", json!({ "email": "trail@example.com" }))
        .await;
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let path = format!("/admin/identities/{id}");
    support.patch(&path, json!({ "state": "inactive" })).await;
    support.delete(&format!("{path}/sessions")).await;
    admin.patch(&path, json!({ "tier": "high_value" })).await;

    assert_eq!(
        support.actions_about(&id).await,
        vec![
            "identity.created",
            "identity.updated",
            "sessions.revoked",
            "identity.updated"
        ]
    );
    let by_support = support.audit(&format!("actor={}", support.id)).await;
    assert_eq!(by_support.len(), 3);
    assert!(by_support.iter().all(|e| e["actor"]["name"] == "Help desk, Ana"));
    let newest = &admin.audit(&format!("identity_id={id}&limit=1")).await[0];
    assert_eq!(newest["actor"]["kind"], "admin_key");
    assert_eq!(newest["actor"]["id"], admin.id.to_string());
    assert_eq!(newest["details"]["tier"]["to"], "high_value");
    assert!(newest["client_ip"].is_string());
    let updates = admin.audit("action=identity.updated").await;
    assert_eq!(updates.len(), 2);
    let later = admin.audit("since=2030-01-01T00:00:00Z").await;
    assert!(later.is_empty());
    assert_eq!(
        admin.get("/admin/audit?since=yesterday").await.error_id(),
        "invalid_request"
    );
}
