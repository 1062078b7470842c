//! Webhooks against a real HTTP receiver: deliveries are signed, carry the event's id, wait out a
//! receiver that is down and arrive once it is back, are never sent twice (not by two replicas,
//! not after success), are given up after `give_up_after`, and only for the events asked for.

use std::sync::{Arc, Mutex};

use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use hmac::{KeyInit, Mac};
use latchkey::config::WebhookConfig;
use serde_json::Value;
use time::Duration;

use crate::on_both_stores;
use crate::support::{Db, Device, Harness};

on_both_stores!(
    a_delivery_is_signed_and_names_its_event,
    a_receiver_that_was_down_gets_the_event_once_it_is_back,
    two_replicas_deliver_each_event_once,
    a_delivery_is_given_up_after_give_up_after,
);

const SECRET: &str = "whsec-0123456789abcdef0123456789abcdef";

/// What the receiver got, and whether it answers 503 (down) or 204.
#[derive(Default)]
struct Receiver {
    got: Mutex<Vec<(HeaderMap, String)>>,
    down: Mutex<bool>,
}

impl Receiver {
    fn got(&self) -> Vec<(HeaderMap, String)> {
        self.got.lock().unwrap().clone()
    }

    fn set_down(&self, down: bool) {
        *self.down.lock().unwrap() = down;
    }
}

/// An HTTP receiver on a free port; returns its URL.
async fn receiver() -> (Arc<Receiver>, String) {
    let state = Arc::new(Receiver::default());
    let shared = state.clone();
    let app = axum::Router::new().route(
        "/hook",
        post(move |headers: HeaderMap, body: String| {
            let shared = shared.clone();
            async move {
                if *shared.down.lock().unwrap() {
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
                shared.got.lock().unwrap().push((headers, body));
                StatusCode::NO_CONTENT
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (state, format!("http://127.0.0.1:{port}/hook"))
}

async fn harness(db: Db, url: &str) -> Harness {
    let hook = WebhookConfig {
        url: url.parse().unwrap(),
        secret: SECRET.into(),
        events: vec!["passkey.added".into(), "sessions.revoked".into()],
        give_up_after: Duration::hours(1),
    };
    Harness::with_config(db, move |c| c.webhooks = vec![hook]).await
}

/// Signs up (not an event asked for) and adds a second passkey (one).
async fn add_a_passkey(h: &Harness) -> String {
    let mut client = h.api();
    let signed_up = client.sign_up("hooked@example.com", &mut Device::new()).await;
    let added = client.add_passkey(&mut Device::new()).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
    signed_up.json()["session"]["identity"]["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default()
}

async fn a_delivery_is_signed_and_names_its_event(db: Db) {
    let (receiver, url) = receiver().await;
    let h = harness(db, &url).await;
    let identity = add_a_passkey(&h).await;
    assert_eq!(
        h.app.webhooks.deliver_due().await.unwrap(),
        1,
        "only passkey.added was asked for"
    );
    let got = receiver.got();
    let (headers, body) = &got[0];
    let event: Value = serde_json::from_str(body).unwrap();
    assert_eq!(event["type"], "passkey.added");
    assert_eq!(event["identity_id"], identity.as_str());
    assert_eq!(header(headers, "latchkey-event-id"), event["id"].as_str().unwrap());
    assert_eq!(header(headers, "latchkey-event-type"), "passkey.added");
    assert!(
        event.get("client_ip").is_none() && !body.contains("user_agent"),
        "{body}"
    );

    // The receiver's check: HMAC-SHA256 of "<t>.<body>" under the shared secret.
    let signature = header(headers, "latchkey-signature");
    let (t, v1) = signature
        .strip_prefix("t=")
        .and_then(|rest| rest.split_once(",v1="))
        .unwrap_or_else(|| panic!("{signature}"));
    let mut mac = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{t}.{body}").as_bytes());
    let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(v1, expected);
    assert_eq!(h.app.webhooks.deliver_due().await.unwrap(), 0, "sent once");
}

async fn a_receiver_that_was_down_gets_the_event_once_it_is_back(db: Db) {
    let (receiver, url) = receiver().await;
    receiver.set_down(true);
    let h = harness(db, &url).await;
    add_a_passkey(&h).await;
    assert_eq!(h.app.webhooks.deliver_due().await.unwrap(), 0);
    assert_eq!(h.app.webhooks.deliver_due().await.unwrap(), 0, "waits out its backoff");
    receiver.set_down(false);
    assert_eq!(h.app.webhooks.deliver_due().await.unwrap(), 0, "still waiting");
    h.clock.advance(Duration::seconds(6));
    assert_eq!(h.app.webhooks.deliver_due().await.unwrap(), 1);
    assert_eq!(receiver.got().len(), 1);
    h.clock.advance(Duration::minutes(30));
    assert_eq!(h.app.webhooks.deliver_due().await.unwrap(), 0);
    assert_eq!(receiver.got().len(), 1, "never again after success");
    assert_eq!(h.store.webhook_statuses().await.unwrap(), vec![("sent".to_owned(), 1)]);
}

async fn two_replicas_deliver_each_event_once(db: Db) {
    let (receiver, url) = receiver().await;
    let h = harness(db, &url).await;
    for n in 0..5 {
        let mut client = h.api();
        client
            .sign_up(&format!("many{n}@example.com"), &mut Device::new())
            .await;
        client.add_passkey(&mut Device::new()).await;
    }
    let replica = h.replica().await;
    let (a, b) = tokio::join!(h.app.webhooks.deliver_due(), replica.app.webhooks.deliver_due());
    assert_eq!(a.unwrap() + b.unwrap(), 5);
    let mut ids: Vec<String> = receiver
        .got()
        .iter()
        .map(|(headers, _)| header(headers, "latchkey-event-id").to_owned())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 5, "each event once");
    assert_eq!(receiver.got().len(), 5);
}

async fn a_delivery_is_given_up_after_give_up_after(db: Db) {
    let (receiver, url) = receiver().await;
    receiver.set_down(true);
    let h = harness(db, &url).await;
    add_a_passkey(&h).await;
    h.app.webhooks.deliver_due().await.unwrap();
    h.clock.advance(Duration::hours(1));
    receiver.set_down(false);
    assert_eq!(h.app.webhooks.deliver_due().await.unwrap(), 0);
    assert!(receiver.got().is_empty());
    assert_eq!(
        h.store.webhook_statuses().await.unwrap(),
        vec![("abandoned".to_owned(), 1)]
    );
}
