//! Fallback 2: support issues a recovery link; it signs into a session that can only save a new
//! passkey; saving one completes the recovery and ends the other sessions. Help-desk controls:
//! reasons, roles, two-person rule, cooling-off, expiry, "This wasn't me", notifications.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use time::Duration;

use crate::on_both_stores;
use crate::support::{Admin, Db, Device, Harness, SmtpSink};

on_both_stores!(
    a_link_leads_to_a_new_passkey_and_ends_the_other_sessions,
    a_recovery_session_can_do_nothing_but_save_a_passkey,
    a_link_needs_a_reason_unless_the_operator_allows_kratos_callers,
    high_value_accounts_need_an_admin_key_and_a_second_approval,
    a_link_works_once_after_its_cooling_off_and_before_it_expires,
    this_wasnt_me_cancels_an_unused_link,
    notices_reach_the_smtp_receiver,
);

pub(crate) const REASONED: fn(&str) -> Value = |identity| {
    json!({
        "identity_id": identity,
        "reason": "passkey_lost_no_email",
        "verification": "callback_known_phone",
        "verification_text": "Called back the number on file",
    })
};

/// Signs up `email` in a browser of its own; returns the identity id.
pub(crate) async fn account(h: &Harness, email: &str) -> String {
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up(email, &mut Device::new()).await;
    browser.whoami().await.json()["identity"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub(crate) fn token_of(link: &str) -> String {
    link.split_once("#token=")
        .expect("the token is in the fragment")
        .1
        .to_owned()
}

pub(crate) async fn issue(admin: &Admin<'_>, identity: &str) -> String {
    let reply = admin.post("/admin/recovery/link", REASONED(identity)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    reply.json()["recovery_link"].as_str().unwrap().to_owned()
}

async fn a_link_leads_to_a_new_passkey_and_ends_the_other_sessions(db: Db) {
    let h = Harness::new(db).await;
    let support = h.admin("Help desk", "support").await;
    let mut old_device = Device::new();
    let mut old_browser = h.browser();
    old_browser.open().await;
    old_browser.sign_up("lost@example.com", &mut old_device).await;
    let identity = old_browser.whoami().await.json()["identity"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let reply = support.post("/admin/recovery/link", REASONED(&identity)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let issued = reply.json();
    let link = issued["recovery_link"].as_str().unwrap();
    assert!(link.starts_with("http://localhost:4433/ui/recovery#token="), "{link}");
    assert_eq!(issued["expires_at"], "2026-11-25T13:00:00Z", "one hour by default");
    assert_eq!(issued["notified_addresses"], 1);
    let notice = h.mail_to("lost@example.com").await;
    assert!(
        notice.subject.contains("A support agent issued a recovery link"),
        "{}",
        notice.subject
    );
    assert!(notice.link().contains("/ui/recovery/cancel#token="), "{}", notice.text);
    assert!(
        !notice.text.contains(&token_of(link)),
        "the notice never carries the link itself"
    );

    // A new phone, no passkey on it: the link, then a new passkey, through the API.
    let mut api = h.api();
    let signed_in = api
        .post("/self-service/recovery/link", json!({ "token": token_of(link) }))
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    let methods = &signed_in.json()["session"]["authentication_methods"];
    assert_eq!(methods[0]["method"], "recovery");
    assert_eq!(methods[0]["aal"], "aal1");
    let recovery_token = signed_in.json()["session_token"].as_str().unwrap().to_owned();
    api.token = Some(recovery_token.clone());
    let mut new_device = Device::new();
    let saved = api.add_passkey(&mut new_device).await;
    assert_eq!(saved.status, StatusCode::CREATED, "{}", saved.text);
    assert_eq!(saved.json()["recovered"], true);
    let full_token = saved.json()["session_token"].as_str().unwrap().to_owned();
    assert_ne!(
        full_token, recovery_token,
        "a new session, not the recovery one promoted"
    );

    api.token = Some(full_token);
    let whoami = api.get("/sessions/whoami").await.json();
    assert_eq!(whoami["authenticator_assurance_level"], "aal2");
    let used: Vec<&str> = whoami["authentication_methods"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["method"].as_str().unwrap())
        .collect();
    assert_eq!(used, vec!["recovery", "passkey"]);
    api.token = Some(recovery_token);
    assert_eq!(api.get("/sessions/whoami").await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        old_browser.whoami().await.status,
        StatusCode::UNAUTHORIZED,
        "other sessions ended"
    );

    // The old passkey was kept: the recovery added a way in, it took none away.
    let summary = support.get(&format!("/admin/identities/{identity}")).await.json();
    assert_eq!(summary["passkeys"], 2);
    let mut elsewhere = h.browser();
    elsewhere.open().await;
    assert_eq!(elsewhere.sign_in(&mut new_device).await.status, StatusCode::OK);

    let reused = h
        .api()
        .post("/self-service/recovery/link", json!({ "token": token_of(link) }))
        .await;
    assert_eq!(
        (reused.status, reused.error_id().as_str()),
        (StatusCode::BAD_REQUEST, "recovery_link_invalid")
    );
    let used_notice = h.mail_to("lost@example.com").await;
    assert!(used_notice.subject.contains("recovered"), "{}", used_notice.subject);

    let actions = support.actions_about(&identity).await;
    let recovery_steps: Vec<&str> = actions
        .iter()
        .map(String::as_str)
        .skip_while(|a| *a != "recovery.requested")
        .collect();
    assert_eq!(
        recovery_steps,
        vec![
            "recovery.requested",
            "recovery.issued",
            "recovery.used",
            "session.signed_in",
            "passkey.added",
            "recovery.completed",
            "session.signed_in"
        ]
    );
    let requested = &support
        .audit(&format!("identity_id={identity}&action=recovery.requested"))
        .await[0];
    assert_eq!(requested["actor"]["id"], support.id.to_string());
    assert_eq!(requested["reason"], "passkey_lost_no_email");
    assert_eq!(requested["details"]["verification"], "callback_known_phone");
    let audit_text = support.get("/admin/audit?limit=500").await.text;
    assert!(!audit_text.contains(&token_of(link)), "no secret in the trail");
    let stored = h.store.dump_table("recovery_links").await.unwrap().join("\n");
    assert!(!stored.contains(&token_of(link)), "links are stored hashed");
}

async fn a_recovery_session_can_do_nothing_but_save_a_passkey(db: Db) {
    let h = Harness::new(db).await;
    let support = h.admin("Help desk", "support").await;
    let identity = account(&h, "narrow@example.com").await;
    let link = issue(&support, &identity).await;
    let mut browser = h.browser();
    browser.open().await;
    let signed_in = browser
        .post("/self-service/recovery/link", json!({ "token": token_of(&link) }))
        .await;
    assert_eq!(signed_in.status, StatusCode::OK, "{}", signed_in.text);
    assert!(browser.session_cookie().is_some());

    let whoami = browser.whoami().await;
    assert_eq!(
        (whoami.status, whoami.error_id().as_str()),
        (StatusCode::FORBIDDEN, "session_enrolment_required")
    );
    for (method, path) in [
        (Method::GET, "/self-service/settings/passkeys"),
        (Method::GET, "/self-service/settings/backup-codes"),
        (Method::POST, "/self-service/settings/backup-codes"),
        (Method::POST, "/self-service/verification"),
    ] {
        let reply = browser.call(method.clone(), path, json!({})).await;
        assert_eq!(
            reply.error_id(),
            "session_enrolment_required",
            "{method} {path}: {}",
            reply.text
        );
    }
    let page = browser.get("/ui/settings").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert_eq!(page.header("location"), "/ui/recovery");

    // Signing out works, and ends it.
    let out = browser.post("/self-service/logout", json!({})).await;
    assert_eq!(out.status, StatusCode::OK, "{}", out.text);
    assert_eq!(browser.whoami().await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        support.actions_about(&identity).await.last().unwrap(),
        "session.signed_out"
    );
}

async fn a_link_needs_a_reason_unless_the_operator_allows_kratos_callers(db: Db) {
    let h = Harness::new(db).await;
    let support = h.admin("Help desk", "support").await;
    let identity = account(&h, "why@example.com").await;
    let kratos_body = json!({ "identity_id": identity, "expires_in": "30m" });
    let refused = support.post("/admin/recovery/link", kratos_body.clone()).await;
    assert_eq!(
        (refused.status, refused.error_id().as_str()),
        (StatusCode::BAD_REQUEST, "recovery_reason_required")
    );
    let vague = support
        .post(
            "/admin/recovery/link",
            json!({ "identity_id": identity, "reason": "other", "verification": "video_call" }),
        )
        .await;
    assert_eq!(vague.error_id(), "invalid_request", "`other` needs words");
    let odd = support
        .post(
            "/admin/recovery/link",
            json!({ "identity_id": identity, "reason": "bored", "verification": "video_call" }),
        )
        .await;
    assert_eq!(odd.error_id(), "invalid_request");
    let long = support
        .post("/admin/recovery/link", json!({ "identity_id": identity, "expires_in": "48h", "reason": "email_compromised", "verification": "id_document" }))
        .await;
    assert!(
        long.json()["error"]["message"].as_str().unwrap().contains("24h"),
        "{}",
        long.text
    );

    let lenient = h.restarted_with(|c| c.recovery.require_reason = false).await;
    let support = lenient.admin("Kratos SDK caller", "support").await;
    let issued = support.post("/admin/recovery/link", kratos_body).await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.text);
    assert_eq!(issued.json()["expires_at"], "2026-11-25T12:30:00Z");
    let history = support
        .get(&format!("/admin/identities/{identity}/recovery-links"))
        .await
        .json();
    let link = &history["recovery_links"][0];
    assert_eq!(
        (link["reason"].as_str(), link["flagged"].as_bool()),
        (Some("unspecified"), Some(true))
    );
    let requested = &support.audit("action=recovery.requested").await[0];
    assert_eq!(requested["reason"], "unspecified");
}

async fn high_value_accounts_need_an_admin_key_and_a_second_approval(db: Db) {
    let h = Harness::new(db).await;
    let support = h.admin("Help desk", "support").await;
    let first = h.admin("Security, Ana", "admin").await;
    let second = h.admin("Security, Ben", "admin").await;
    let identity = account(&h, "ceo@example.com").await;
    first
        .patch(
            &format!("/admin/identities/{identity}"),
            json!({ "tier": "high_value" }),
        )
        .await;

    let by_support = support.post("/admin/recovery/link", REASONED(&identity)).await;
    assert_eq!(
        (by_support.status, by_support.error_id().as_str()),
        (StatusCode::FORBIDDEN, "admin_forbidden")
    );
    let requested = first.post("/admin/recovery/link", REASONED(&identity)).await;
    assert_eq!(requested.status, StatusCode::ACCEPTED, "{}", requested.text);
    assert!(
        requested.json().get("recovery_link").is_none(),
        "no link before the approval"
    );
    let id = requested.json()["id"].as_str().unwrap().to_owned();
    let pending = second.get("/admin/recovery/requests").await.json();
    assert_eq!(pending["requests"][0]["id"], id.as_str());

    let approve = format!("/admin/recovery/requests/{id}/approve");
    let own = first.post(&approve, json!({})).await;
    assert_eq!(
        (own.status, own.error_id().as_str()),
        (StatusCode::FORBIDDEN, "admin_forbidden")
    );
    assert_eq!(support.post(&approve, json!({})).await.error_id(), "admin_forbidden");
    let approved = second.post(&approve, json!({})).await;
    assert_eq!(approved.status, StatusCode::CREATED, "{}", approved.text);
    let link = approved.json()["recovery_link"].as_str().unwrap().to_owned();
    let again = second.post(&approve, json!({})).await;
    assert_eq!(
        (again.status, again.error_id().as_str()),
        (StatusCode::CONFLICT, "recovery_not_pending")
    );

    let used = h
        .api()
        .post("/self-service/recovery/link", json!({ "token": token_of(&link) }))
        .await;
    assert_eq!(used.status, StatusCode::OK, "{}", used.text);
    let approval = &second.audit("action=recovery.approved").await[0];
    assert_eq!(approval["actor"]["id"], second.id.to_string());
}

async fn a_link_works_once_after_its_cooling_off_and_before_it_expires(db: Db) {
    let h = Harness::with_config(db, |c| c.recovery.cooling_off = Duration::minutes(10)).await;
    let support = h.admin("Help desk", "support").await;
    let identity = account(&h, "wait@example.com").await;
    let link = issue(&support, &identity).await;
    let token = json!({ "token": token_of(&link) });

    // Opening the link shows a page; it signs nobody in and uses nothing.
    let page = h
        .api()
        .get(&format!("/ui/recovery?x=1#token={}", token_of(&link)))
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header("set-cookie").is_empty() || !page.header("set-cookie").contains("latchkey_session"));

    h.clock.advance(Duration::minutes(5));
    let early = h.api().post("/self-service/recovery/link", token.clone()).await;
    assert_eq!(early.error_id(), "recovery_link_not_yet_valid");
    assert!(
        early.json()["error"]["message"].as_str().unwrap().contains("12:10"),
        "{}",
        early.text
    );
    h.clock.advance(Duration::minutes(6));
    let used = h.api().post("/self-service/recovery/link", token.clone()).await;
    assert_eq!(used.status, StatusCode::OK, "{}", used.text);
    // Its session is time to save a passkey, no more.
    let mut api = h.api();
    api.token = used.json()["session_token"].as_str().map(str::to_owned);
    h.clock.advance(Duration::minutes(31));
    let stale = api.post("/self-service/settings/passkeys/options", json!({})).await;
    assert_eq!(stale.error_id(), "session_missing");

    // A link that would expire when its cooling-off ends would never work: refused (finding 10).
    let useless = support
        .post(
            "/admin/recovery/link",
            json!({ "identity_id": identity, "expires_in": "10m", "reason": "passkey_lost_no_email", "verification": "video_call" }),
        )
        .await;
    assert_eq!(useless.error_id(), "invalid_request", "{}", useless.text);
    assert!(useless.text.contains("recovery.cooling_off"), "{}", useless.text);
    let short = support
        .post(
            "/admin/recovery/link",
            json!({ "identity_id": identity, "expires_in": "30m", "reason": "passkey_lost_no_email", "verification": "video_call" }),
        )
        .await;
    let late = token_of(short.json()["recovery_link"].as_str().unwrap());
    h.clock.advance(Duration::minutes(31));
    let expired = h
        .api()
        .post("/self-service/recovery/link", json!({ "token": late }))
        .await;
    assert_eq!(expired.error_id(), "recovery_link_invalid");
    assert_eq!(h.app.recovery.expire_due().await.unwrap(), 1);
    assert_eq!(
        support.actions_about(&identity).await.last().unwrap(),
        "recovery.expired"
    );
}

async fn this_wasnt_me_cancels_an_unused_link(db: Db) {
    let h = Harness::new(db).await;
    let support = h.admin("Help desk", "support").await;
    let identity = account(&h, "owner@example.com").await;
    let link = issue(&support, &identity).await;
    let cancel = h.mail_to("owner@example.com").await.link_token();

    let page = h.api().get("/ui/recovery/cancel").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("This wasn&#x27;t me"), "{}", page.text);
    let cancelled = h
        .api()
        .post("/self-service/recovery/cancel", json!({ "token": cancel }))
        .await;
    assert_eq!(cancelled.status, StatusCode::OK, "{}", cancelled.text);
    let used = h
        .api()
        .post("/self-service/recovery/link", json!({ "token": token_of(&link) }))
        .await;
    assert_eq!(used.error_id(), "recovery_link_invalid");
    let twice = h
        .api()
        .post("/self-service/recovery/cancel", json!({ "token": cancel }))
        .await;
    assert_eq!(twice.error_id(), "recovery_link_invalid");
    assert_eq!(
        support.actions_about(&identity).await.last().unwrap(),
        "recovery.cancelled"
    );
    let history = support
        .get(&format!("/admin/identities/{identity}/recovery-links"))
        .await
        .json();
    assert_eq!(history["recovery_links"][0]["status"], "cancelled");
}

async fn notices_reach_the_smtp_receiver(db: Db) {
    let sink = SmtpSink::start();
    let delivery = sink.delivery();
    let signed_up = Harness::new(db).await;
    let identity = account(&signed_up, "smtp-owner@example.com").await;
    let h = signed_up.restarted_with(move |c| c.courier.delivery = delivery).await;
    let support = h.admin("Help desk", "support").await;
    let link = issue(&support, &identity).await;
    h.app.courier.deliver_due().await.unwrap();
    let notice = sink.received().pop().expect("the notice arrived");
    assert_eq!(notice.to, "smtp-owner@example.com");
    assert!(notice.subject.contains("recovery link"), "{}", notice.subject);
    assert!(notice.link().contains("/ui/recovery/cancel#token="), "{}", notice.text);
    let used = h
        .api()
        .post("/self-service/recovery/link", json!({ "token": token_of(&link) }))
        .await;
    assert_eq!(used.status, StatusCode::OK, "{}", used.text);
    h.app.courier.deliver_due().await.unwrap();
    let used = sink.received().pop().unwrap();
    assert!(used.subject.contains("recovered"), "{}", used.subject);
}
