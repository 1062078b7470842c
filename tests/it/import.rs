//! Importing identities in Kratos's import shape: every password hash family from reference
//! vectors, refused records named one by one, idempotency by email, and the rule that no import
//! gives a password to an account that has none.

use std::sync::Arc;

use latchkey::admin::import::{Imported, Importer, OnConflict, RecordRefused};
use latchkey::audit::{Actor, Filter, Origin};
use latchkey::domain::Tier;
use latchkey::methods::password::legacy_hash::LegacyHash;
use latchkey::slow_hash::SlowHasher;
use serde_json::{Value, json};

use crate::on_both_stores;
use crate::support::{Db, Device, Harness};

on_both_stores!(
    every_hash_family_imports_and_verifies_and_bad_records_are_named,
    an_import_is_idempotent_by_email_and_never_gives_a_password_to_an_account_without_one,
);

fn importer(h: &Harness) -> Importer {
    Importer::new(
        h.store.clone(),
        h.clock.clone(),
        Arc::new(SlowHasher::new(2)),
        h.app.audit.clone(),
        Tier::Standard,
    )
}

fn operator() -> Actor {
    Actor::System {
        name: "import by test".into(),
    }
}

async fn import(h: &Harness, record: Value, on_conflict: OnConflict) -> Result<Imported, RecordRefused> {
    importer(h)
        .import(&record, on_conflict, &operator(), &Origin::default())
        .await
        .unwrap()
}

/// The reference vectors: (family, hash) and the password they hash.
fn vectors() -> (String, Vec<(String, String)>) {
    let fixture: Value = serde_json::from_str(include_str!("../fixtures/passwords/vectors.json")).unwrap();
    let vectors = fixture["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["family"].as_str().unwrap().to_owned(),
                v["hash"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (fixture["password"].as_str().unwrap().to_owned(), vectors)
}

fn kratos_record(email: &str, password: Value) -> Value {
    json!({
        "schema_id": "default",
        "traits": { "email": email },
        "state": "active",
        "verifiable_addresses": [{ "value": email, "verified": true, "via": "email", "status": "completed" }],
        "metadata_public": { "plan": "legacy" },
        "credentials": { "password": { "config": password } },
    })
}

fn created(outcome: Result<Imported, RecordRefused>) -> uuid::Uuid {
    match outcome {
        Ok(Imported::Created(id)) => id,
        other => panic!("not created: {other:?}"),
    }
}

async fn every_hash_family_imports_and_verifies_and_bad_records_are_named(db: Db) {
    let h = Harness::new(db).await;
    let (password, vectors) = vectors();
    for (n, (family, hash)) in vectors.iter().enumerate() {
        let email = format!("legacy{n}@example.com");
        let id = created(
            import(
                &h,
                kratos_record(&email, json!({ "hashed_password": hash })),
                OnConflict::Skip,
            )
            .await,
        );
        let stored = LegacyHash::parse(&h.store.password_hash(id).await.unwrap().unwrap()).unwrap();
        assert!(stored.verify(&password), "{family}: the stored hash verifies");
        assert!(!stored.verify("wrong"), "{family}");
        let address = h.store.address_by_value(&email).await.unwrap().unwrap();
        assert!(address.verified, "{family}: the verified state given is kept");
    }

    // A clear-text password is hashed with Argon2id at once and never stored as given.
    let clear = created(
        import(
            &h,
            kratos_record("clear@example.com", json!({ "password": "plain old secret" })),
            OnConflict::Skip,
        )
        .await,
    );
    let stored = h.store.password_hash(clear).await.unwrap().unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains("plain old secret"));
    assert!(LegacyHash::parse(&stored).unwrap().verify("plain old secret"));
    let dump = h.store.dump_table("passwords").await.unwrap().join("\n");
    assert!(!dump.contains("plain old secret"));

    let bad = [
        (
            kratos_record("md5@example.com", json!({ "hashed_password": "$1$salt$hash" })),
            "credentials.password.config.hashed_password",
            "not supported",
        ),
        (
            kratos_record(
                "costly@example.com",
                json!({ "hashed_password": "$2b$16$3TtRLu7QX77XF9XwR4DWcOOAY3t5BK8sJjv0VKOjMQLq9x4VcYb4W" }),
            ),
            "credentials.password.config.hashed_password",
            "limit of 15",
        ),
        (
            kratos_record(
                "both@example.com",
                json!({ "hashed_password": vectors[0].1, "password": "x" }),
            ),
            "credentials.password.config",
            "not both",
        ),
        (
            kratos_record("not an address", json!({ "password": "x" })),
            "traits.email",
            "not an email",
        ),
        (
            json!({ "traits": { "email": "sso@example.com" }, "credentials": { "oidc": { "config": {} } } }),
            "credentials.oidc",
            "passwords only",
        ),
        (
            json!({ "traits": { "email": "odd@example.com" }, "state": "deleted" }),
            "state",
            "active or inactive",
        ),
        (json!({ "traits": {} }), "traits", "email"),
        (
            json!({ "traits": { "email": "tier@example.com" }, "tier": "gold" }),
            "tier",
            "unknown variant",
        ),
    ];
    for (record, field, words) in bad {
        let refusal = import(&h, record.clone(), OnConflict::Skip).await.unwrap_err();
        assert_eq!(refusal.field, field, "{record}: {refusal:?}");
        assert!(refusal.reason.contains(words), "{record}: {refusal:?}");
    }
    let identities = h.store.dump_table("identities").await.unwrap();
    assert_eq!(
        identities.len(),
        vectors.len() + 1,
        "refused records left nothing behind"
    );

    let entries = h
        .app
        .audit
        .entries(&Filter {
            action: Some("identity.created".into()),
            limit: 100,
            ..Filter::default()
        })
        .await
        .unwrap();
    assert_eq!(entries.len(), vectors.len() + 1);
    let families: Vec<Value> = entries
        .iter()
        .map(|e| serde_json::from_str::<Value>(&e.details).unwrap()["password"].clone())
        .collect();
    assert!(
        families.contains(&json!("bcrypt")) && families.contains(&json!("scrypt")),
        "{families:?}"
    );
    assert!(
        entries.iter().all(|e| !e.details.contains('$')),
        "no hash reaches the audit trail"
    );
}

async fn an_import_is_idempotent_by_email_and_never_gives_a_password_to_an_account_without_one(db: Db) {
    let h = Harness::new(db).await;
    let (_, vectors) = vectors();
    let record = kratos_record("again@example.com", json!({ "hashed_password": vectors[0].1 }));
    let id = created(import(&h, record.clone(), OnConflict::Skip).await);
    assert_eq!(
        import(&h, record.clone(), OnConflict::Skip).await,
        Ok(Imported::Skipped(id))
    );

    let mut changed = kratos_record("Again@Example.com", json!({ "hashed_password": vectors[1].1 }));
    changed["tier"] = json!("high_value");
    changed["verifiable_addresses"] = json!([]);
    assert_eq!(import(&h, changed, OnConflict::Update).await, Ok(Imported::Updated(id)));
    let identity = h.store.identity(id).await.unwrap().unwrap();
    assert_eq!(identity.tier, Tier::HighValue);
    assert_eq!(h.store.password_hash(id).await.unwrap().unwrap(), vectors[1].1);
    assert!(
        !h.store
            .address_by_value("again@example.com")
            .await
            .unwrap()
            .unwrap()
            .verified
    );

    // An account made here, passkey first, has no password; no import gives it one.
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("native@example.com", &mut Device::new()).await;
    let native = kratos_record("native@example.com", json!({ "password": "let me in" }));
    let refusal = import(&h, native.clone(), OnConflict::Update).await.unwrap_err();
    assert_eq!(refusal.field, "credentials.password");
    assert!(refusal.reason.contains("never gives one"), "{refusal:?}");
    let native_id = h
        .store
        .address_by_value("native@example.com")
        .await
        .unwrap()
        .unwrap()
        .identity_id;
    assert_eq!(h.store.password_hash(native_id).await.unwrap(), None);
    assert!(matches!(
        import(&h, native, OnConflict::Skip).await,
        Ok(Imported::Skipped(_))
    ));
}

on_both_stores!(the_admin_api_imports_one_record_with_an_admin_key_only);

/// `POST /admin/identities` with a record of Kratos's import shape.
async fn the_admin_api_imports_one_record_with_an_admin_key_only(db: Db) {
    let h = Harness::new(db).await;
    let (password, vectors) = vectors();
    let record = kratos_record("api@example.com", json!({ "hashed_password": vectors[0].1 }));
    let support = h.admin("Help desk", "support").await;
    let refused = support.post("/admin/identities", record.clone()).await;
    assert_eq!(refused.status, axum::http::StatusCode::FORBIDDEN, "{}", refused.text);
    assert_eq!(refused.error_id(), "admin_forbidden");

    let admin = h.admin("Migration", "admin").await;
    let created = admin.post("/admin/identities", record.clone()).await;
    assert_eq!(created.status, axum::http::StatusCode::CREATED, "{}", created.text);
    assert_eq!(created.json()["email"], "api@example.com");
    let id = uuid::Uuid::parse_str(created.json()["id"].as_str().unwrap()).unwrap();
    let stored = LegacyHash::parse(&h.store.password_hash(id).await.unwrap().unwrap()).unwrap();
    assert!(stored.verify(&password));
    assert!(!created.text.contains('$'), "no hash in the answer: {}", created.text);

    let again = admin.post("/admin/identities", record).await;
    assert_eq!(again.error_id(), "identity_exists");
    let bad = admin
        .post(
            "/admin/identities",
            kratos_record("bad@example.com", json!({ "hashed_password": "$1$x$y" })),
        )
        .await;
    assert_eq!(bad.error_id(), "invalid_request");
    assert!(
        bad.text.contains("credentials.password.config.hashed_password"),
        "{}",
        bad.text
    );
    assert_eq!(
        admin
            .post("/admin/identities", json!({ "email": "plain@example.com" }))
            .await
            .status,
        axum::http::StatusCode::CREATED,
        "the plain shape still works"
    );
}
