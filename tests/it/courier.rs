//! The durable courier against a real SMTP receiver (aiosmtpd): delivery, SMTP down or refusing,
//! a process that dies with mail queued, expiry, template overrides.

use axum::http::StatusCode;
use serde_json::json;
use time::Duration;

use crate::on_both_stores;
use crate::support::{Db, Device, Harness, Mail, SmtpSink};

on_both_stores!(
    code_and_link_arrive_over_smtp_and_sign_in,
    smtp_down_then_back_delivers_exactly_once,
    smtp_refusing_then_accepting_delivers_exactly_once,
    mail_queued_by_a_dead_process_is_delivered_by_the_next,
    queued_mail_is_sealed_and_opens_only_as_itself,
);

async fn smtp_harness(db: Db, sink: &SmtpSink) -> Harness {
    let delivery = sink.delivery();
    Harness::with_config(db, move |c| c.courier.delivery = delivery).await
}

/// Runs a sender pass and returns the newest message the receiver got.
async fn deliver(h: &Harness, sink: &SmtpSink) -> Mail {
    h.app.courier.deliver_due().await.unwrap();
    sink.received().pop().expect("a message arrived")
}

async fn queued(h: &Harness) -> usize {
    let rows = h.store.dump_table("courier_messages").await.unwrap();
    rows.iter().filter(|row| row.contains("|queued|")).count()
}

async fn code_and_link_arrive_over_smtp_and_sign_in(db: Db) {
    let sink = SmtpSink::start();
    let h = smtp_harness(db, &sink).await;
    let mut browser = h.browser();
    browser.open().await;
    let sent = browser
        .post(
            "/self-service/registration/code",
            json!({ "email": "mail@example.com" }),
        )
        .await;
    let sign_up_code = deliver(&h, &sink).await;
    assert_eq!(sign_up_code.to, "mail@example.com");
    let start = browser
        .post(
            "/self-service/registration/passkey/options",
            json!({ "flow_id": sent.json()["flow_id"], "code": sign_up_code.code() }),
        )
        .await;
    let credential = Device::new().register(&start.json()["options"]).await;
    let created = browser
        .post(
            "/self-service/registration/passkey/verify",
            json!({ "flow_id": start.json()["flow_id"], "credential": credential }),
        )
        .await;
    assert_eq!(created.status, StatusCode::OK, "{}", created.text);

    browser.forget_everything().await;
    let flow = browser.request_code("mail@example.com").await;
    let mail = deliver(&h, &sink).await;
    assert!(mail.subject.contains("sign-in code"), "{}", mail.subject);
    assert!(mail.html.contains(&mail.code()), "the HTML part carries the code too");
    assert_eq!(browser.enter_code(&flow, &mail.code()).await.status, StatusCode::OK);

    browser.forget_everything().await;
    browser.request_code("mail@example.com").await;
    let mail = deliver(&h, &sink).await;
    let reply = browser
        .post("/self-service/login/link", json!({ "token": mail.link_token() }))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    assert_eq!(
        sink.received().len(),
        3,
        "sign-up code, sign-in code, sign-in code: nothing twice"
    );
}

async fn smtp_down_then_back_delivers_exactly_once(db: Db) {
    let mut sink = SmtpSink::down();
    let h = smtp_harness(db, &sink).await;
    let reply = h
        .api()
        .post("/self-service/login/code", json!({ "email": "wait@example.com" }))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "the request does not wait for SMTP");
    assert_eq!(h.app.courier.deliver_due().await.unwrap(), 0);
    assert_eq!(queued(&h).await, 1, "kept in the outbox");

    sink.up();
    assert_eq!(h.app.courier.deliver_due().await.unwrap(), 0, "backing off");
    h.clock.advance(Duration::seconds(5));
    assert_eq!(h.app.courier.deliver_due().await.unwrap(), 1);
    h.clock.advance(Duration::minutes(10));
    assert_eq!(h.app.courier.deliver_due().await.unwrap(), 0);
    assert_eq!(sink.received().len(), 1, "exactly once");
    assert_eq!(queued(&h).await, 0);
}

async fn smtp_refusing_then_accepting_delivers_exactly_once(db: Db) {
    let sink = SmtpSink::start();
    sink.refuse(true);
    let h = smtp_harness(db, &sink).await;
    h.api()
        .post("/self-service/login/code", json!({ "email": "busy@example.com" }))
        .await;
    for wait in [0, 5, 10] {
        h.clock.advance(Duration::seconds(wait));
        assert_eq!(h.app.courier.deliver_due().await.unwrap(), 0, "451 after {wait}s");
    }
    let rows = h.store.dump_table("courier_messages").await.unwrap();
    assert!(
        rows[0].contains("451"),
        "the SMTP error is kept for operators: {}",
        rows[0]
    );
    sink.refuse(false);
    h.clock.advance(Duration::seconds(20));
    assert_eq!(h.app.courier.deliver_due().await.unwrap(), 1);
    assert_eq!(h.app.courier.deliver_due().await.unwrap(), 0);
    assert_eq!(sink.received().len(), 1);
}

async fn mail_queued_by_a_dead_process_is_delivered_by_the_next(db: Db) {
    let sink = SmtpSink::start();
    let first = smtp_harness(db, &sink).await;
    first
        .api()
        .post("/self-service/login/code", json!({ "email": "crash@example.com" }))
        .await;
    // The process dies before its sender ran: nothing but the store survives.
    let next = first.replica().await;
    drop(first);
    assert_eq!(next.app.courier.deliver_due().await.unwrap(), 1);
    assert_eq!(sink.received().len(), 1);
    assert_eq!(sink.received()[0].to, "crash@example.com");
}

/// Finding 11: queued mail held live codes and links in clear text. Now a database reader sees
/// neither, and a database writer who points a victim's message at their own mailbox gets
/// nothing: the sealed body opens only as the message and recipient it was made for.
async fn queued_mail_is_sealed_and_opens_only_as_itself(db: Db) {
    let mut sink = SmtpSink::down();
    let h = smtp_harness(db, &sink).await;
    for email in ["victim@example.com", "intruder@example.com"] {
        let mut browser = h.browser();
        browser.open().await;
        browser
            .post("/self-service/registration/code", json!({ "email": email }))
            .await;
    }
    h.app.courier.deliver_due().await.unwrap();
    let at_rest = h.store.dump_table("courier_messages").await.unwrap().join("\n");
    assert_eq!(at_rest.matches("v1.").count(), 2, "{at_rest}");
    assert!(
        !at_rest.contains("sign-up code"),
        "no subject or body in clear: {at_rest}"
    );

    h.behind_the_back(
        "UPDATE courier_messages SET recipient = 'intruder@example.com' WHERE recipient = 'victim@example.com'",
    )
    .await
    .unwrap();
    sink.up();
    h.clock.advance(Duration::seconds(5));
    assert_eq!(h.app.courier.deliver_due().await.unwrap(), 1, "only the intruder's own");
    let received = sink.received();
    assert_eq!(received.len(), 1);
    assert!(
        !at_rest.contains(&received[0].code()),
        "the code was not readable in the store"
    );
    let rows = h.store.dump_table("courier_messages").await.unwrap().join("\n");
    assert!(rows.contains("cannot be opened"), "kept with the reason: {rows}");

    // Put back, the message is delivered to its recipient: nothing was lost.
    h.behind_the_back("UPDATE courier_messages SET recipient = 'victim@example.com' WHERE status = 'queued'")
        .await
        .unwrap();
    h.clock.advance(Duration::seconds(10));
    assert_eq!(h.app.courier.deliver_due().await.unwrap(), 1);
    let received = sink.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].to, "victim@example.com");
}

#[tokio::test]
async fn a_message_whose_code_expired_is_dropped_not_sent() {
    let mut sink = SmtpSink::down();
    let h = smtp_harness(Db::Sqlite, &sink).await;
    h.api()
        .post("/self-service/login/code", json!({ "email": "late@example.com" }))
        .await;
    h.app.courier.deliver_due().await.unwrap();
    sink.up();
    h.clock.advance(Duration::minutes(10));
    assert_eq!(h.app.courier.deliver_due().await.unwrap(), 0);
    assert!(sink.received().is_empty(), "a dead code is not worth a message");
    let rows = h.store.dump_table("courier_messages").await.unwrap();
    assert!(
        rows[0].contains("|abandoned|") && !rows[0].contains("Sign-in request"),
        "{}",
        rows[0]
    );
}

#[tokio::test]
async fn templates_can_be_overridden_by_file() {
    let dir = std::env::temp_dir()
        .join("latchkey-tests")
        .join(uuid::Uuid::new_v4().simple().to_string());
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("login_unavailable.subject.txt"),
        "Acme: nobody here by that address ({{ device }})",
    )
    .unwrap();
    let h = Harness::with_config(Db::Sqlite, |c| c.courier.template_override_path = Some(dir.clone())).await;
    h.api()
        .post("/self-service/login/code", json!({ "email": "acme@example.com" }))
        .await;
    let mail = h.mail_to("acme@example.com").await;
    assert_eq!(
        mail.subject,
        "Acme: nobody here by that address (an unrecognised browser)"
    );
    assert!(
        mail.text.contains("If this wasn't you"),
        "the other parts stay embedded"
    );
}

/// STARTTLS and implicit TLS (SMTPS) through lettre's rustls: delivered when the certificate is
/// accepted (here a self-signed one, with `skip_ssl_verify`), kept queued when it is not trusted.
#[tokio::test]
async fn tls_modes_deliver_and_check_the_certificate() {
    use latchkey::config::SmtpTls;
    for tls in [SmtpTls::StartTls, SmtpTls::Implicit] {
        let sink = SmtpSink::start_tls(tls);
        let strict = sink.delivery_with(false);
        let h = Harness::with_config(Db::Sqlite, move |c| c.courier.delivery = strict).await;
        h.api()
            .post("/self-service/login/code", json!({ "email": "tls@example.com" }))
            .await;
        assert_eq!(
            h.app.courier.deliver_due().await.unwrap(),
            0,
            "{tls:?}: self-signed refused"
        );
        let rows = h.store.dump_table("courier_messages").await.unwrap();
        assert!(rows[0].contains("|queued|"), "{tls:?}: {}", rows[0]);

        let lenient = sink.delivery_with(true);
        let next = h.restarted_with(move |c| c.courier.delivery = lenient).await;
        h.clock.advance(Duration::seconds(5));
        assert_eq!(next.app.courier.deliver_due().await.unwrap(), 1, "{tls:?}");
        assert_eq!(sink.received().len(), 1, "{tls:?}");
    }
}
