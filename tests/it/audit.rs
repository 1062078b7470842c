//! The audit trail's chain: appended one at a time under concurrency, append-only in the store,
//! and `verify` pinpoints an entry edited or removed behind latchkey's back, with or without
//! the key, once a checkpoint is kept outside the database (edge finding 9).

use latchkey::audit::{Action, Actor, Checkpoint, Event, Verification};
use latchkey::config::SecretsConfig;
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
    rechaining_without_the_key_names_the_first_edited_entry,
    a_tail_removed_and_the_head_moved_back_is_reported,
    the_store_refuses_to_move_the_head_back_or_delete_it,
    a_checkpoint_catches_what_a_restored_head_or_the_key_would_hide,
    a_forged_checkpoint_proves_nothing,
    a_rotated_secret_verifies_old_entries_only_while_it_is_kept,
    entries_from_before_keying_are_adopted_once_and_only_when_intact,
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

/// Turns the append-only guards off, as someone with full database access could.
async fn disable_guard(h: &Harness, db: Db) {
    let statements: &[&str] = match db {
        Db::Sqlite => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
            "DROP TRIGGER audit_head_no_delete",
            "DROP TRIGGER audit_head_forward_only",
        ],
        Db::Postgres => &[
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change",
            "ALTER TABLE audit_head DISABLE TRIGGER audit_head_guard",
        ],
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

    // Re-hashing the edited entry does not help: its signature no longer holds.
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
    assert_eq!(seq, 3);
    assert!(problem.contains("signature"), "{problem}");
}

/// Recomputes every hash from entry `from` on (and the head's), as someone with the database but
/// not the key can; signatures stay as they were.
async fn rechain_without_key(h: &Harness, from: i64) {
    let chain = h.store.audit_chain(1, 1000).await.unwrap();
    let mut prev_hash = chain[from as usize - 2].hash.clone();
    for mut entry in chain.into_iter().skip(from as usize - 1) {
        entry.prev_hash = prev_hash;
        entry.hash = entry.chain_hash();
        h.behind_the_back(&format!(
            "UPDATE audit_log SET prev_hash = '{}', hash = '{}' WHERE seq = {}",
            entry.prev_hash, entry.hash, entry.seq
        ))
        .await
        .unwrap();
        prev_hash = entry.hash;
    }
    h.behind_the_back(&format!("UPDATE audit_head SET hash = '{prev_hash}'"))
        .await
        .unwrap();
}

/// Finding 9: editing an entry and recomputing every later hash verified "intact".
async fn rechaining_without_the_key_names_the_first_edited_entry(db: Db) {
    let h = Harness::new(db).await;
    append(&h, 6).await;
    disable_guard(&h, db).await;
    h.behind_the_back("UPDATE audit_log SET reason = 'nothing happened' WHERE seq = 3")
        .await
        .unwrap();
    rechain_without_key(&h, 3).await;
    let Verification::Broken { seq, problem, .. } = h.app.audit.verify().await.unwrap() else {
        panic!("an edit re-chained without the key went unnoticed");
    };
    assert_eq!(seq, 3);
    assert!(problem.contains("without the key"), "{problem}");
}

/// Finding 9: dropping the trigger, deleting the tail and moving the head back verified "intact".
async fn a_tail_removed_and_the_head_moved_back_is_reported(db: Db) {
    let h = Harness::new(db).await;
    append(&h, 5).await;
    disable_guard(&h, db).await;
    let third = h.store.audit_chain(3, 1).await.unwrap().remove(0);
    h.behind_the_back("DELETE FROM audit_log WHERE seq > 3").await.unwrap();
    h.behind_the_back(&format!("UPDATE audit_head SET seq = 3, hash = '{}'", third.hash))
        .await
        .unwrap();
    let Verification::Broken { seq, id, problem } = h.app.audit.verify().await.unwrap() else {
        panic!("a removed tail with its head moved back went unnoticed");
    };
    assert_eq!((seq, id), (4, None));
    assert!(problem.contains("head") && problem.contains("removed"), "{problem}");

    // Nor does a head without a signature pass.
    h.behind_the_back("UPDATE audit_head SET key_id = NULL, mac = NULL")
        .await
        .unwrap();
    let Verification::Broken { seq, problem, .. } = h.app.audit.verify().await.unwrap() else {
        panic!("an unsigned head went unnoticed");
    };
    assert_eq!(seq, 4);
    assert!(problem.contains("not signed"), "{problem}");
}

async fn the_store_refuses_to_move_the_head_back_or_delete_it(db: Db) {
    let h = Harness::new(db).await;
    append(&h, 3).await;
    for sql in ["UPDATE audit_head SET seq = 1", "DELETE FROM audit_head"] {
        let refused = h.behind_the_back(sql).await.unwrap_err().to_string();
        assert!(refused.contains("only moves forward"), "{sql}: {refused}");
    }
    if db == Db::Postgres {
        let refused = h.behind_the_back("TRUNCATE audit_head").await.unwrap_err().to_string();
        assert!(refused.contains("only moves forward"), "{refused}");
    }
    assert_eq!(h.app.audit.verify().await.unwrap(), Verification::Intact { entries: 3 });
}

async fn checkpoint(h: &Harness) -> Checkpoint {
    h.app.audit.checkpoint().await.unwrap().unwrap()
}

/// Without the checkpoint a restored older head (with its genuine signature) is
/// indistinguishable from a shorter trail, and a holder of the key can rewrite everything; the
/// checkpoint kept elsewhere catches both.
async fn a_checkpoint_catches_what_a_restored_head_or_the_key_would_hide(db: Db) {
    let h = Harness::new(db).await;
    append(&h, 3).await;
    let old_head = h.store.audit_head().await.unwrap();
    let at_three = checkpoint(&h).await;
    append(&h, 2).await;
    let at_five = checkpoint(&h).await;
    assert_eq!((at_three.seq, at_five.seq), (3, 5));
    assert_eq!(
        h.app
            .audit
            .verify_extending(&[at_three.clone(), at_five.clone()])
            .await
            .unwrap(),
        Verification::Intact { entries: 5 }
    );

    disable_guard(&h, db).await;
    h.behind_the_back("DELETE FROM audit_log WHERE seq > 3").await.unwrap();
    let signature = old_head.signature.clone().unwrap();
    h.behind_the_back(&format!(
        "UPDATE audit_head SET seq = 3, hash = '{}', key_id = '{}', mac = '{}'",
        old_head.hash, signature.key_id, signature.mac
    ))
    .await
    .unwrap();
    assert_eq!(
        h.app.audit.verify().await.unwrap(),
        Verification::Intact { entries: 3 },
        "a genuine older head is all the database can show"
    );
    let Verification::Broken { seq, problem, .. } = h
        .app
        .audit
        .verify_extending(std::slice::from_ref(&at_five))
        .await
        .unwrap()
    else {
        panic!("the checkpoint did not notice the removed entries");
    };
    assert_eq!(seq, 4);
    assert!(
        problem.contains("records entry 5") && problem.contains("4-5 were removed"),
        "{problem}"
    );

    // An insider with the key wipes the trail and writes another one: it verifies, but not
    // against the checkpoints, which name the first position they cover.
    h.behind_the_back("DELETE FROM audit_log").await.unwrap();
    h.behind_the_back(&format!(
        "UPDATE audit_head SET seq = 0, hash = '{}', key_id = NULL, mac = NULL",
        latchkey::audit::GENESIS
    ))
    .await
    .unwrap();
    append(&h, 5).await;
    assert_eq!(h.app.audit.verify().await.unwrap(), Verification::Intact { entries: 5 });
    let Verification::Broken { seq, problem, .. } = h.app.audit.verify_extending(&[at_five, at_three]).await.unwrap()
    else {
        panic!("a trail rewritten with the key passed its checkpoints");
    };
    assert_eq!(seq, 3);
    assert!(problem.contains("differs from the checkpoint"), "{problem}");
}

async fn a_forged_checkpoint_proves_nothing(db: Db) {
    let h = Harness::new(db).await;
    append(&h, 2).await;
    let mut forged = checkpoint(&h).await;
    forged.seq = 9;
    let Verification::Broken { seq, problem, .. } = h.app.audit.verify_extending(&[forged]).await.unwrap() else {
        panic!("a forged checkpoint was believed");
    };
    assert_eq!(seq, 9);
    assert!(problem.contains("checkpoint's signature"), "{problem}");
}

/// Rotation: the new secret goes first and the old one stays after it.
async fn a_rotated_secret_verifies_old_entries_only_while_it_is_kept(db: Db) {
    let h = Harness::new(db).await;
    append(&h, 2).await;
    let SecretsConfig::Configured { default: old, cipher } = h.app.config.secrets.clone() else {
        unreachable!("the harness configures its secrets")
    };
    let new = "a-new-secret-after-rotation-0123456789".to_owned();
    let rotated = h
        .restarted_with(|c| {
            c.secrets = SecretsConfig::Configured {
                default: vec![new.clone(), old[0].clone()],
                cipher: cipher.clone(),
            }
        })
        .await;
    append(&rotated, 2).await;
    assert_eq!(
        rotated.app.audit.verify().await.unwrap(),
        Verification::Intact { entries: 4 }
    );
    let entries = rotated.store.audit_chain(1, 10).await.unwrap();
    let key_of = |i: usize| entries[i].signature.as_ref().unwrap().key_id.clone();
    assert_eq!(key_of(0), key_of(1));
    assert_ne!(key_of(1), key_of(2), "new entries use the new key");

    let forgotten = h
        .restarted_with(|c| {
            c.secrets = SecretsConfig::Configured {
                default: vec![new.clone()],
                cipher: cipher.clone(),
            }
        })
        .await;
    let Verification::Broken { seq, problem, .. } = forgotten.app.audit.verify().await.unwrap() else {
        panic!("entries signed with a dropped key verified");
    };
    assert_eq!(seq, 1);
    assert!(problem.contains("put the retired secret back"), "{problem}");
}

/// A trail written before keying (simulated by removing the signatures) is reported until
/// `adopt` signs it, and `adopt` refuses a chain that does not hold.
async fn entries_from_before_keying_are_adopted_once_and_only_when_intact(db: Db) {
    let h = Harness::new(db).await;
    append(&h, 3).await;
    disable_guard(&h, db).await;
    h.behind_the_back("UPDATE audit_log SET key_id = NULL, mac = NULL")
        .await
        .unwrap();
    h.behind_the_back("UPDATE audit_head SET key_id = NULL, mac = NULL")
        .await
        .unwrap();
    let Verification::Broken { seq, problem, .. } = h.app.audit.verify().await.unwrap() else {
        panic!("unsigned entries verified");
    };
    assert_eq!(seq, 1);
    assert!(problem.contains("latchkey audit adopt"), "{problem}");

    h.behind_the_back("UPDATE audit_log SET reason = 'edited' WHERE seq = 2")
        .await
        .unwrap();
    let Err(Verification::Broken { seq, .. }) = h.app.audit.adopt_unsigned().await.unwrap() else {
        panic!("adopt signed an edited chain");
    };
    assert_eq!(seq, 2);
    h.behind_the_back("UPDATE audit_log SET reason = NULL WHERE seq = 2")
        .await
        .unwrap();
    assert_eq!(h.app.audit.adopt_unsigned().await.unwrap(), Ok(3));
    assert_eq!(h.app.audit.verify().await.unwrap(), Verification::Intact { entries: 3 });
    assert_eq!(h.app.audit.adopt_unsigned().await.unwrap(), Ok(0), "once is enough");
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
