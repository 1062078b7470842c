//! The audit trail's chain: appended one at a time under concurrency, append-only in the store,
//! and `verify` pinpoints an entry edited or removed behind latchkey's back.

use latchkey::audit::{Action, Actor, Event, Verification};
use serde_json::json;
use uuid::Uuid;

use crate::on_both_stores;
use crate::support::{Db, Device, Harness};

on_both_stores!(
    concurrent_appends_form_one_unbroken_chain,
    the_store_refuses_to_change_or_delete_entries,
    verify_names_an_entry_edited_in_the_database,
    verify_notices_removed_entries,
    security_events_are_audited_with_who_and_from_where,
);

fn event(n: usize) -> Event {
    Event::new(
        Actor::System { name: "test".into() },
        Action::SessionsRevoked,
        Some(Uuid::new_v4()),
    )
    .details(json!({ "n": n }))
}

async fn append(h: &Harness, count: usize) {
    for n in 0..count {
        h.app.audit.record(event(n)).await.unwrap();
    }
}

async fn concurrent_appends_form_one_unbroken_chain(db: Db) {
    let h = Harness::new(db).await;
    let tasks: Vec<_> = (0..40)
        .map(|n| {
            let audit = h.app.audit.clone();
            tokio::spawn(async move { audit.record(event(n)).await.unwrap().seq })
        })
        .collect();
    let mut positions = Vec::new();
    for task in tasks {
        positions.push(task.await.unwrap());
    }
    positions.sort();
    assert_eq!(
        positions,
        (1..=40).collect::<Vec<i64>>(),
        "each append got its own position"
    );
    assert_eq!(
        h.app.audit.verify().await.unwrap(),
        Verification::Intact { entries: 40 }
    );
}

async fn the_store_refuses_to_change_or_delete_entries(db: Db) {
    let h = Harness::new(db).await;
    append(&h, 3).await;
    let update = h
        .behind_the_back("UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 2")
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = h.behind_the_back("DELETE FROM audit_log WHERE seq = 3").await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(h.app.audit.verify().await.unwrap(), Verification::Intact { entries: 3 });
}

/// Turns the append-only guard off, as someone with full database access could.
async fn disable_guard(h: &Harness, db: Db) {
    let statements: &[&str] = match db {
        Db::Sqlite => &["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"],
        Db::Postgres => &["ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"],
    };
    for sql in statements {
        h.behind_the_back(sql).await.unwrap();
    }
}

async fn verify_names_an_entry_edited_in_the_database(db: Db) {
    let h = Harness::new(db).await;
    append(&h, 5).await;
    disable_guard(&h, db).await;
    h.behind_the_back("UPDATE audit_log SET details = '{\"n\": 99}' WHERE seq = 3")
        .await
        .unwrap();
    let Verification::Broken { seq, problem, .. } = h.app.audit.verify().await.unwrap() else {
        panic!("an edited entry went unnoticed");
    };
    assert_eq!(seq, 3);
    assert!(problem.contains("edited"), "{problem}");

    // Re-hashing the edited entry does not help: the next one no longer links to it.
    let entry = h.store.audit_chain(3, 1).await.unwrap().remove(0);
    h.behind_the_back(&format!(
        "UPDATE audit_log SET hash = '{}' WHERE seq = 3",
        entry.chain_hash()
    ))
    .await
    .unwrap();
    let Verification::Broken { seq, problem, .. } = h.app.audit.verify().await.unwrap() else {
        panic!("a re-hashed entry went unnoticed");
    };
    assert_eq!(seq, 4);
    assert!(problem.contains("link"), "{problem}");
}

async fn verify_notices_removed_entries(db: Db) {
    let h = Harness::new(db).await;
    append(&h, 4).await;
    disable_guard(&h, db).await;
    h.behind_the_back("DELETE FROM audit_log WHERE seq = 2").await.unwrap();
    let Verification::Broken { seq, problem, .. } = h.app.audit.verify().await.unwrap() else {
        panic!("a removed entry went unnoticed");
    };
    assert_eq!(seq, 2);
    assert!(problem.contains("missing"), "{problem}");

    let h = Harness::new(db).await;
    append(&h, 4).await;
    disable_guard(&h, db).await;
    h.behind_the_back("DELETE FROM audit_log WHERE seq = 4").await.unwrap();
    let Verification::Broken { seq, problem, .. } = h.app.audit.verify().await.unwrap() else {
        panic!("a removed tail went unnoticed");
    };
    assert_eq!(seq, 4);
    assert!(problem.contains("removed"), "{problem}");
}

async fn security_events_are_audited_with_who_and_from_where(db: Db) {
    let h = Harness::new(db).await;
    let auditor = h.admin("Auditor", "support").await;
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("events@example.com", &mut Device::new()).await;
    let identity = browser.whoami().await.json()["identity"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let added = browser.add_passkey(&mut Device::new()).await.json();
    browser.post("/self-service/settings/backup-codes", json!({})).await;
    let removed = format!(
        "/self-service/settings/passkeys/{}",
        added["passkey"]["id"].as_str().unwrap()
    );
    browser.call(axum::http::Method::DELETE, &removed, json!({})).await;
    // Eleven wrong backup codes: the tenth reaches the limit and is noted once.
    let mut other = h.browser();
    other.open().await;
    for _ in 0..11 {
        other
            .post(
                "/self-service/login/backup-code",
                json!({ "email": "events@example.com", "code": "zzzz-zzzz-zzzz" }),
            )
            .await;
    }
    assert_eq!(
        auditor.actions_about(&identity).await,
        vec![
            "session.signed_in",
            "passkey.added",
            "backup_codes.generated",
            "passkey.removed",
            "sign_in.throttled"
        ]
    );
    let sign_in = &auditor
        .audit(&format!("identity_id={identity}&action=session.signed_in"))
        .await[0];
    assert_eq!(sign_in["actor"], json!({ "kind": "identity", "id": identity }));
    assert_eq!(sign_in["details"]["method"], "passkey");
    assert_eq!(sign_in["details"]["aal"], "aal2");
    assert!(sign_in["user_agent"].as_str().unwrap().contains("Chrome"), "{sign_in}");
    assert!(sign_in["client_ip"].is_string());
    assert_eq!(h.app.audit.verify().await.unwrap(), Verification::Intact { entries: 6 });
}
