//! Assertions an attacker crafts and signs with a real credential key: each changes one thing the
//! relying party must check (flags, rp id hash, client data) and carries a valid signature, so a
//! refusal can only come from that check.

use axum::http::StatusCode;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use passkey::crypto::coset::Label;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::on_both_stores;
use crate::support::{Db, Device, Harness, b64, set_b64};

const UP: u8 = 0x01;
const UV: u8 = 0x04;
const BE: u8 = 0x08;
const BS: u8 = 0x10;

on_both_stores!(
    a_re_signed_untouched_assertion_is_accepted,
    user_presence_is_required,
    user_verification_is_required,
    backup_state_without_eligibility_is_refused,
    backup_eligibility_cannot_change,
    the_rp_id_hash_is_checked,
    client_data_type_origin_and_cross_origin_are_checked,
);

/// The device's private key, as an attacker who extracted it would hold it.
fn private_key(device: &Device) -> SigningKey {
    let key = &device.passkey.as_ref().unwrap().key;
    let d = key
        .params
        .iter()
        .find_map(|(label, value)| (*label == Label::Int(-4)).then(|| value.as_bytes().cloned()).flatten())
        .unwrap();
    SigningKey::from_slice(&d).unwrap()
}

/// Rewrites authenticator data and client data with `edit`, then signs them as the authenticator would.
fn craft(device: &Device, credential: &mut Value, edit: impl FnOnce(&mut Vec<u8>, &mut String)) {
    let mut authenticator_data = b64(&credential["response"]["authenticatorData"]);
    let mut client_data = String::from_utf8(b64(&credential["response"]["clientDataJSON"])).unwrap();
    edit(&mut authenticator_data, &mut client_data);
    let mut signed = authenticator_data.clone();
    signed.extend_from_slice(&Sha256::digest(client_data.as_bytes()));
    let signature: Signature = private_key(device).sign(&signed);
    set_b64(&mut credential["response"]["authenticatorData"], &authenticator_data);
    set_b64(&mut credential["response"]["clientDataJSON"], client_data.as_bytes());
    set_b64(&mut credential["response"]["signature"], signature.to_der().as_bytes());
}

/// Signs up, then returns a crafted assertion for a fresh login flow and the server's answer.
async fn try_crafted(db: Db, edit: impl FnOnce(&mut Vec<u8>, &mut String)) -> (StatusCode, String) {
    let h = Harness::new(db).await;
    let mut device = Device::new();
    h.api().sign_up("crafted@example.com", &mut device).await;
    let (flow_id, options) = h.api().login_options().await;
    let mut credential = device.authenticate(&options).await;
    craft(&device, &mut credential, edit);
    let reply = h.api().login_verify(&flow_id, &credential).await;
    (reply.status, reply.error_id())
}

fn refused() -> (StatusCode, String) {
    (StatusCode::BAD_REQUEST, "passkey_verification_failed".into())
}

async fn a_re_signed_untouched_assertion_is_accepted(db: Db) {
    let (status, _) = try_crafted(db, |_, _| {}).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the crafting itself is sound, so refusals below come from the edit"
    );
}

async fn user_presence_is_required(db: Db) {
    assert_eq!(try_crafted(db, |data, _| data[32] &= !UP).await, refused());
}

async fn user_verification_is_required(db: Db) {
    let answer = try_crafted(db, |data, _| data[32] &= !UV).await;
    assert_eq!(
        answer,
        (StatusCode::BAD_REQUEST, "passkey_user_verification_required".into())
    );
}

async fn backup_state_without_eligibility_is_refused(db: Db) {
    assert_eq!(
        try_crafted(db, |data, _| data[32] = (data[32] & !BE) | BS).await,
        refused()
    );
}

async fn backup_eligibility_cannot_change(db: Db) {
    let answer = try_crafted(db, |data, _| {
        data[32] ^= BE;
        data[32] &= !BS;
    })
    .await;
    assert_eq!(answer, refused());
}

async fn the_rp_id_hash_is_checked(db: Db) {
    let answer = try_crafted(db, |data, _| {
        data[..32].copy_from_slice(&Sha256::digest(b"evil.example"))
    })
    .await;
    assert_eq!(answer, refused());
}

async fn client_data_type_origin_and_cross_origin_are_checked(db: Db) {
    let edits: [(&str, &str); 3] = [
        ("\"webauthn.get\"", "\"webauthn.create\""),
        ("\"http://localhost:4433\"", "\"https://evil.example\""),
        ("\"http://localhost:4433\"", "\"http://localhost:4433/\""),
    ];
    for (from, to) in edits {
        let answer = try_crafted(db, |_, client_data| {
            assert!(client_data.contains(from), "{client_data}");
            *client_data = client_data.replacen(from, to, 1);
        })
        .await;
        assert_eq!(answer, refused(), "{from} -> {to}");
    }
    // Edge finding 7: the client data of a ceremony in a frame of another site, each member once
    // (a duplicated member would be refused as malformed whatever the check).
    for framed in [
        json!({ "crossOrigin": true, "topOrigin": "https://evil.example" }),
        json!({ "crossOrigin": true }),
        json!({ "crossOrigin": false, "topOrigin": "https://evil.example" }),
    ] {
        let answer = try_crafted(db, |_, client_data| {
            let mut parsed: serde_json::Value = serde_json::from_str(client_data).unwrap();
            for (key, value) in framed.as_object().unwrap() {
                parsed[key] = value.clone();
            }
            *client_data = parsed.to_string();
        })
        .await;
        assert_eq!(answer, refused(), "{framed}");
    }
}
