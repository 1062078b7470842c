//! Property tests against the running routes for input only the full stack parses: WebAuthn client
//! data and authenticator data (through webauthn-rs and latchkey's own origin checks), and the
//! admin search. Whatever arrives: a typed 4xx answer, never a 5xx or a session; a search finds
//! exactly the identities whose address holds the text, wildcards taken literally.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestCaseError, TestRunner};
use serde_json::{Value, json};

use crate::on_both_stores;
use crate::support::{ApiClient, Db, Device, Harness, Reply};

on_both_stores!(
    mangled_assertions_get_a_typed_refusal_never_a_session,
    mangled_registrations_get_a_typed_refusal_never_a_passkey,
    admin_search_finds_exactly_what_holds_the_text,
);

/// Cases per property: each is a full HTTP round trip on a real store.
const CASES: u32 = 300;

/// Runs `property` on `CASES` inputs from `strategy` inside the test's runtime.
fn check<S: Strategy>(strategy: S, property: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S::Value: std::fmt::Debug,
{
    let mut runner = TestRunner::new(ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let outcome = tokio::task::block_in_place(|| runner.run(&strategy, property));
    if let Err(failure) = outcome {
        panic!("{failure}");
    }
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    tokio::runtime::Handle::current().block_on(future)
}

/// Text an attacker might send.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::string::string_regex(r"[a-zA-Z0-9%_\\@+.:/\-=?# éø🦀\x00]{0,40}").unwrap(),
        Just("https://evil.example".to_owned()),
        Just("http://localhost:4433".to_owned()),
    ]
}

/// A JSON value an attacker might put anywhere.
fn hostile_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        hostile_text().prop_map(Value::String),
        proptest::collection::vec(any::<u8>(), 0..300).prop_map(|b| Value::String(URL_SAFE_NO_PAD.encode(b))),
        Just(json!({})),
        Just(json!([1, "two", null])),
        Just(Value::String("A".repeat(70_000))),
    ]
}

/// One change to a credential a software authenticator made.
#[derive(Debug, Clone)]
enum Mutation {
    /// The field at this path becomes the value.
    Replace(&'static str, Value),
    /// One bit of the field's decoded bytes flips.
    FlipBit(&'static str, usize, u8),
    /// The field's decoded bytes are cut to this length.
    Truncate(&'static str, usize),
    /// A member of the decoded client data is set (or added).
    ClientData(String, Value),
}

const FIELDS: &[&str] = &[
    "id",
    "rawId",
    "type",
    "response.clientDataJSON",
    "response.authenticatorData",
    "response.signature",
    "response.userHandle",
    "response.attestationObject",
    "response",
    "authenticatorAttachment",
    "clientExtensionResults",
];

/// Fields the signature does not cover and whose change a server may ignore.
const UNSIGNED: &[&str] = &["authenticatorAttachment", "clientExtensionResults"];

fn mutation() -> impl Strategy<Value = Mutation> {
    let field = proptest::sample::select(FIELDS);
    let binary = proptest::sample::select(&FIELDS[3..8]);
    prop_oneof![
        (field, hostile_value()).prop_map(|(f, v)| Mutation::Replace(f, v)),
        (binary.clone(), 0usize..400, 0u8..8).prop_map(|(f, i, b)| Mutation::FlipBit(f, i, b)),
        (binary, 0usize..80).prop_map(|(f, n)| Mutation::Truncate(f, n)),
        (
            prop_oneof![
                Just("type".to_owned()),
                Just("challenge".to_owned()),
                Just("origin".to_owned()),
                Just("crossOrigin".to_owned()),
                Just("topOrigin".to_owned()),
                hostile_text(),
            ],
            hostile_value()
        )
            .prop_map(|(k, v)| Mutation::ClientData(k, v)),
    ]
}

fn field_mut<'a>(credential: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    path.split('.').try_fold(credential, |node, key| node.get_mut(key))
}

fn decoded(value: &Value) -> Option<Vec<u8>> {
    value.as_str().and_then(|s| URL_SAFE_NO_PAD.decode(s).ok())
}

/// The credential with `mutation` applied; `None` when the mutation does not apply to it (a
/// field this ceremony's credential lacks, a bit past the end).
fn mutated(credential: &Value, mutation: &Mutation) -> Option<Value> {
    let mut credential = credential.clone();
    match mutation {
        Mutation::Replace(path, value) => *field_mut(&mut credential, path)? = value.clone(),
        Mutation::FlipBit(path, index, bit) => {
            let field = field_mut(&mut credential, path)?;
            let mut bytes = decoded(field)?;
            *bytes.get_mut(*index)? ^= 1 << bit;
            *field = Value::String(URL_SAFE_NO_PAD.encode(bytes));
        }
        Mutation::Truncate(path, len) => {
            let field = field_mut(&mut credential, path)?;
            let mut bytes = decoded(field)?;
            bytes.truncate(*len);
            *field = Value::String(URL_SAFE_NO_PAD.encode(bytes));
        }
        Mutation::ClientData(key, value) => {
            let field = field_mut(&mut credential, "response.clientDataJSON")?;
            let mut client_data: Value = serde_json::from_slice(&decoded(field)?).ok()?;
            client_data.as_object_mut()?.insert(key.clone(), value.clone());
            *field = Value::String(URL_SAFE_NO_PAD.encode(client_data.to_string()));
        }
    }
    Some(credential)
}

/// What every refusal must look like: a 4xx with a stable error id, and no session.
fn refused_cleanly(reply: &Reply, what: &str) -> Result<(), TestCaseError> {
    prop_assert!(
        reply.status.is_client_error(),
        "{what}: {} {}",
        reply.status,
        reply.text
    );
    let body: Value = serde_json::from_str(&reply.text).unwrap_or(Value::Null);
    prop_assert!(body["error"]["id"].is_string(), "{what}: untyped answer {}", reply.text);
    prop_assert!(body["session_token"].is_null(), "{what}: a session was issued");
    Ok(())
}

/// Whether an assertion may still pass: the mutation changed nothing the signature covers (the
/// signature covers the client data byte for byte).
fn harmless_to_assertion(original: &Value, changed: &Value, mutation: &Mutation) -> bool {
    original == changed || matches!(mutation, Mutation::Replace(f, _) if UNSIGNED.contains(f))
}

/// Whether a registration may still pass. With attestation `none` nothing signs a
/// registration: the client could send any authenticator data, so changes there may pass. What
/// the server checks must hold: the credential's type and ids, and the client data's type,
/// challenge and origin, with no foreign frame (`crossOrigin: true`, another `topOrigin`); a
/// client may add other client data members.
fn harmless_to_registration(original: &Value, changed: &Value) -> bool {
    let checked = |credential: &Value| {
        let client_data: Value = decoded(&credential["response"]["clientDataJSON"])
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or(Value::Null);
        let origin = client_data["origin"].clone();
        let top = &client_data["topOrigin"];
        let framed = client_data["crossOrigin"] == json!(true) || !(top.is_null() || top == &origin);
        (
            [&credential["id"], &credential["rawId"], &credential["type"]].map(Value::clone),
            [&client_data["type"], &client_data["challenge"], &origin].map(Value::clone),
            framed,
        )
    };
    checked(original) == checked(changed)
}

async fn mangled_assertions_get_a_typed_refusal_never_a_session(db: Db) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    let mut owner = h.api();
    owner.sign_up("owner@example.com", &mut device).await;
    let device = tokio::sync::Mutex::new(device);
    let client = h.api();
    // Found by this property: webauthn-rs reads only rawId and ignores type.
    for mutation in [Mutation::Replace("id", json!("")), Mutation::Replace("type", json!(""))] {
        let (flow_id, options) = client.login_options().await;
        let genuine = device.lock().await.authenticate(&options).await;
        let changed = mutated(&genuine, &mutation).unwrap();
        let reply = verify(&client, "/self-service/login/passkey/verify", &flow_id, &changed).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{mutation:?}: {}", reply.text);
    }
    check(mutation(), |mutation| {
        block_on(async {
            let (flow_id, options) = client.login_options().await;
            let genuine = device.lock().await.authenticate(&options).await;
            let Some(changed) = mutated(&genuine, &mutation) else {
                return Ok(());
            };
            let reply = verify(&client, "/self-service/login/passkey/verify", &flow_id, &changed).await;
            if reply.status == StatusCode::OK {
                prop_assert!(
                    harmless_to_assertion(&genuine, &changed, &mutation),
                    "accepted: {mutation:?}"
                );
                return Ok(());
            }
            refused_cleanly(&reply, &format!("{mutation:?}"))
        })
    });
}

async fn mangled_registrations_get_a_typed_refusal_never_a_passkey(db: Db) {
    let h = Harness::new(db).await;
    let mut owner = h.api();
    owner.sign_up("adder@example.com", &mut Device::new()).await;
    check(mutation(), |mutation| {
        block_on(async {
            let start = owner.post("/self-service/settings/passkeys/options", json!({})).await;
            prop_assert_eq!(start.status, StatusCode::OK, "{}", start.text);
            let genuine = Device::new().register(&start.json()["options"]).await;
            let Some(changed) = mutated(&genuine, &mutation) else {
                return Ok(());
            };
            let reply = verify(
                &owner,
                "/self-service/settings/passkeys/verify",
                &start.json()["flow_id"],
                &changed,
            )
            .await;
            if reply.status == StatusCode::CREATED {
                prop_assert!(harmless_to_registration(&genuine, &changed), "accepted: {mutation:?}");
                return Ok(());
            }
            refused_cleanly(&reply, &format!("{mutation:?}"))
        })
    });
}

async fn verify(client: &ApiClient<'_>, path: &str, flow_id: &Value, credential: &Value) -> Reply {
    client
        .post(path, json!({ "flow_id": flow_id, "credential": credential }))
        .await
}

/// Addresses with LIKE's single-character wildcard, and look-alikes it would match.
const SEEDED: &[&str] = &[
    "under_score@example.com",
    "underXscore@example.com",
    "x_y_z@example.net",
    "a.b-c@example.com",
    "plain@example.org",
];

async fn admin_search_finds_exactly_what_holds_the_text(db: Db) {
    let h = Harness::new(db).await;
    let mut stored = Vec::new();
    for email in SEEDED {
        let mut client = h.api();
        let reply = client.sign_up(email, &mut Device::new()).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        stored.push(email.to_lowercase());
    }
    let support = h.admin("Search", "support").await;
    let fragments = prop_oneof![
        hostile_text(),
        proptest::sample::select(vec!["_", "%", "\\", "r_s", "R%C", "@EXAMPLE", ""]).prop_map(str::to_owned),
    ];
    check(
        (fragments, hostile_text(), hostile_text()),
        |(fragment, token, size)| {
            block_on(async {
                let query = url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("email", &fragment)
                    .append_pair("page_size", "100")
                    .finish();
                let reply = support.get(&format!("/admin/identities?{query}")).await;
                if fragment.contains('\0') {
                    // No address holds NUL, and no store takes it as text (edge, found here).
                    return refused_cleanly(&reply, &format!("{fragment:?}"));
                }
                prop_assert_eq!(reply.status, StatusCode::OK, "{:?}: {}", fragment, reply.text);
                let found: BTreeSet<String> = reply.json()["identities"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i["email"].as_str().unwrap().to_owned())
                    .collect();
                let expected: BTreeSet<String> = stored
                    .iter()
                    .filter(|e| e.contains(&fragment.to_lowercase()))
                    .cloned()
                    .collect();
                prop_assert_eq!(found, expected, "searching {:?}", fragment);

                // Any page token or size: an answer, typed when refused.
                let query = url::form_urlencoded::Serializer::new(String::new())
                    .append_pair("page_token", &token)
                    .append_pair("page_size", &size)
                    .finish();
                let reply = support.get(&format!("/admin/identities?{query}")).await;
                if reply.status != StatusCode::OK {
                    refused_cleanly(&reply, &format!("token {token:?} size {size:?}"))?;
                }
                Ok(())
            })
        },
    );
}
