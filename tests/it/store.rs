//! Store conformance: the same expectations on SQLite and PostgreSQL.

use std::sync::Arc;

use latchkey::domain::{Flow, FlowClient, FlowKind};
use time::Duration;
use time::macros::datetime;
use uuid::Uuid;

use crate::on_both_stores;
use crate::support::{Db, Device, Harness};

on_both_stores!(
    a_flow_is_taken_once_under_concurrency,
    credential_ids_are_unique_across_identities,
    expired_rows_are_swept,
    a_sweep_past_its_batch_size_removes_every_expired_row_and_nothing_else,
    migrations_are_idempotent
);

fn flow(now: time::OffsetDateTime) -> Flow {
    Flow {
        id: Uuid::new_v4(),
        kind: FlowKind::Login,
        client: FlowClient::Api,
        ceremony_state: "{}".into(),
        email: None,
        address_verified: false,
        identity_id: None,
        user_handle: None,
        csrf_hash: None,
        created_at: now,
        expires_at: now + Duration::minutes(5),
    }
}

async fn a_flow_is_taken_once_under_concurrency(db: Db) {
    let h = Harness::new(db).await;
    let flow = flow(datetime!(2026-11-25 12:00 UTC));
    h.store.insert_flow(&flow).await.unwrap();
    let store = Arc::new(h.store.clone());
    let takers: Vec<_> = (0..32)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move { store.take_flow(flow.id).await.unwrap() })
        })
        .collect();
    let mut taken = 0;
    for taker in takers {
        taken += usize::from(taker.await.unwrap().is_some());
    }
    assert_eq!(taken, 1);
}

async fn credential_ids_are_unique_across_identities(db: Db) {
    let h = Harness::new(db).await;
    let mut api = h.api();
    api.sign_up("first@example.com", &mut Device::new()).await;
    let first = api.get("/sessions/whoami").await.json()["identity"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let mut api = h.api();
    api.sign_up("second@example.com", &mut Device::new()).await;
    let second: Uuid = api.get("/sessions/whoami").await.json()["identity"]["id"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let mut stolen = h.store.passkeys(first).await.unwrap().remove(0);
    stolen.id = Uuid::new_v4();
    stolen.identity_id = second;
    let err = h.store.add_passkey(&stolen, None).await.unwrap_err();
    assert_eq!(err.id(), "passkey_already_registered");
}

async fn expired_rows_are_swept(db: Db) {
    let h = Harness::new(db).await;
    let now = datetime!(2026-11-25 12:00 UTC);
    h.store.insert_flow(&flow(now)).await.unwrap();
    h.api().sign_up("sweep@example.com", &mut Device::new()).await;
    assert_eq!(h.store.delete_expired(now + Duration::minutes(4)).await.unwrap(), 0);
    assert_eq!(
        h.store.delete_expired(now + Duration::hours(25)).await.unwrap(),
        2,
        "the flow and the session"
    );
    assert_eq!(
        h.store.delete_expired(now + Duration::days(8)).await.unwrap(),
        4,
        "a week on: the sign-up's two send counters (mailbox, client), its code try (fallback tries count for a week) and the delivered message"
    );
}

/// The sweep deletes in batches of 250 (the oldest first, ties kept together): 2,345 expired
/// flows, the last 601 expiring in the same millisecond, take several batches and a remainder.
async fn a_sweep_past_its_batch_size_removes_every_expired_row_and_nothing_else(db: Db) {
    let h = Harness::new(db).await;
    let start = datetime!(2026-11-25 12:00 UTC);
    let mut expired = Vec::new();
    for i in 0..2345_i64 {
        let mut f = flow(start);
        f.expires_at = start + Duration::milliseconds(i.clamp(0, 1744));
        expired.push(f);
    }
    for f in &expired {
        h.store.insert_flow(f).await.unwrap();
    }
    let mut alive = flow(start);
    alive.expires_at = start + Duration::hours(1);
    h.store.insert_flow(&alive).await.unwrap();

    let removed = h.store.delete_expired(start + Duration::minutes(1)).await.unwrap();
    assert_eq!(removed, 2345);
    assert!(
        h.store.take_flow(alive.id).await.unwrap().is_some(),
        "a live flow was swept"
    );
    assert!(h.store.take_flow(expired[2000].id).await.unwrap().is_none());
}

async fn migrations_are_idempotent(db: Db) {
    let h = Harness::new(db).await;
    h.store.migrate().await.unwrap();
    assert!(h.store.ping().await);
}
