//! Whoami tokens and the keys that sign them, verified the way an app's API would: against
//! `/.well-known/jwks.json`, with the `jsonwebtoken` crate.
//!
//! Attacker's view first: someone with a token edits its claims or signs one with a key of their
//! own; someone with database access swaps the sealed keys; two replicas race to make the first
//! keys; a rotation must not strand a token an app still holds.

use axum::http::StatusCode;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use latchkey::clock::Clock;
use latchkey::config::TokenizerTemplate;
use latchkey::store::SigningKeyState;
use serde_json::{Value, json};
use time::Duration;

use crate::on_both_stores;
use crate::policy::{account_with_codes, email_session, set_tier, signed_in};
use crate::support::{Browser, Db, Device, Harness};

on_both_stores!(
    a_whoami_token_verifies_against_the_jwks_and_says_whose_session_it_is,
    an_edited_or_foreign_token_does_not_verify,
    a_rotation_publishes_the_signer_before_it_signs_and_keeps_the_old_key_while_its_tokens_live,
    swapped_sealed_keys_refuse_to_sign,
    replicas_racing_to_make_the_first_keys_share_one,
    a_token_vouches_for_aal2_only_where_policy_says_the_session_meets_it,
);

fn with_template(h: &mut latchkey::config::Config) {
    let claims = json!({ "tenant": "acme" }).as_object().unwrap().clone();
    h.session.tokenizer_templates.insert(
        "api".into(),
        TokenizerTemplate {
            ttl: Duration::minutes(5),
            claims,
        },
    );
}

/// A signed-in API client's whoami token (template `api`) and its whoami answer.
async fn token_of(h: &Harness, email: &str) -> (String, Value) {
    let mut api = h.api();
    api.sign_up(email, &mut Device::new()).await;
    let answer = api.get("/sessions/whoami?tokenize_as=api").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let body = answer.json();
    (body["tokenized"].as_str().unwrap().to_owned(), body)
}

async fn jwks(h: &Harness) -> JwkSet {
    let answer = h.api().get("/.well-known/jwks.json").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("cache-control"), "public, max-age=300");
    serde_json::from_value(answer.json()).unwrap()
}

/// Verifies `token` as an app's API would: the key its header names, from the JWKS, ES256 only.
/// Expiry is checked by the caller against the test's clock.
fn verify(token: &str, keys: &JwkSet) -> Result<Value, String> {
    let kid = jsonwebtoken::decode_header(token)
        .map_err(|e| e.to_string())?
        .kid
        .ok_or("no kid")?;
    let jwk = keys.find(&kid).ok_or_else(|| format!("kid {kid} is not in the JWKS"))?;
    let mut validation = Validation::new(Algorithm::ES256);
    validation.validate_exp = false;
    validation.required_spec_claims.clear();
    jsonwebtoken::decode::<Value>(
        token,
        &DecodingKey::from_jwk(jwk).map_err(|e| e.to_string())?,
        &validation,
    )
    .map(|data| data.claims)
    .map_err(|e| e.to_string())
}

fn kid(token: &str) -> String {
    jsonwebtoken::decode_header(token).unwrap().kid.unwrap()
}

async fn a_whoami_token_verifies_against_the_jwks_and_says_whose_session_it_is(db: Db) {
    let h = Harness::with_config(db, with_template).await;
    let (token, whoami) = token_of(&h, "token@example.com").await;
    let claims = verify(&token, &jwks(&h).await).unwrap();

    assert_eq!(claims["sub"], whoami["identity"]["id"]);
    assert_eq!(claims["sid"], whoami["id"]);
    assert_eq!(claims["acr"], "aal2");
    assert_eq!(
        claims["iss"], "http://localhost:4433",
        "the issuer, as discovery states it"
    );
    assert_eq!(claims["tenant"], "acme", "the template's own claim");
    assert_eq!(claims["session"]["identity"]["traits"]["email"], "token@example.com");
    let now = h.clock.now().unix_timestamp();
    assert_eq!(claims["iat"], now);
    assert_eq!(claims["exp"], now + 300, "the template's TTL");

    let unknown = h.api().get("/sessions/whoami?tokenize_as=api").await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED, "no session, no token");
    let mut api = h.api();
    api.sign_up("other@example.com", &mut Device::new()).await;
    let refused = api.get("/sessions/whoami?tokenize_as=admin").await;
    assert_eq!(
        (refused.status, refused.error_id().as_str()),
        (StatusCode::BAD_REQUEST, "invalid_request")
    );
    let plain = api.get("/sessions/whoami").await.json();
    assert!(plain.get("tokenized").is_none(), "no token unless asked");
}

async fn an_edited_or_foreign_token_does_not_verify(db: Db) {
    let h = Harness::with_config(db, with_template).await;
    let (token, _) = token_of(&h, "mallory@example.com").await;
    let keys = jwks(&h).await;
    assert!(verify(&token, &keys).is_ok());

    // Claims edited (another subject), signature kept.
    let parts: Vec<&str> = token.split('.').collect();
    use base64::Engine;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: Value = serde_json::from_slice(&b64.decode(parts[1]).unwrap()).unwrap();
    claims["sub"] = json!(uuid::Uuid::new_v4());
    let edited = format!("{}.{}.{}", parts[0], b64.encode(claims.to_string()), parts[2]);
    assert!(verify(&edited, &keys).is_err(), "an edited token verified");

    // The same claims signed by another deployment's key under the same kid.
    let other = Harness::with_config(db, with_template).await;
    let (foreign, _) = token_of(&other, "mallory@example.com").await;
    let foreign_parts: Vec<&str> = foreign.split('.').collect();
    let mut header: Value = serde_json::from_slice(&b64.decode(foreign_parts[0]).unwrap()).unwrap();
    header["kid"] = json!(kid(&token));
    let forged = format!(
        "{}.{}.{}",
        b64.encode(header.to_string()),
        foreign_parts[1],
        foreign_parts[2]
    );
    assert!(
        verify(&forged, &keys).is_err(),
        "a token signed by a foreign key verified"
    );
}

async fn a_rotation_publishes_the_signer_before_it_signs_and_keeps_the_old_key_while_its_tokens_live(db: Db) {
    let h = Harness::with_config(db, with_template).await;
    let (before, _) = token_of(&h, "rotate@example.com").await;
    let published_before = jwks(&h).await;
    assert_eq!(published_before.keys.len(), 2, "the signing key and the next one");

    let signing = h.app.tokens.rotate().await.unwrap();
    assert_eq!(signing.len(), 1, "ES256 alone is in use");
    let signing = signing[0].clone();
    assert_ne!(signing, kid(&before));
    assert!(
        published_before.find(&signing).is_some(),
        "the key that signs now was published before the rotation"
    );
    let (after, _) = token_of(&h, "rotate-2@example.com").await;
    assert_eq!(kid(&after), signing);
    let published_after = jwks(&h).await;
    assert_eq!(published_after.keys.len(), 3, "retired, current and a new next key");
    assert!(
        verify(&before, &published_after).is_ok(),
        "a token from before still verifies"
    );
    assert!(verify(&after, &published_after).is_ok());

    // Once every token the retired key signed has expired (1 h, and a minute for replicas that
    // read the keys late), it leaves the JWKS.
    h.clock
        .advance(latchkey::tokens::MAX_TOKEN_TTL + latchkey::tokens::REFRESH + Duration::seconds(1));
    let later = jwks(&h).await;
    assert_eq!(later.keys.len(), 2);
    assert!(later.find(&kid(&before)).is_none());
    let states: Vec<SigningKeyState> = h.store.signing_keys().await.unwrap().iter().map(|k| k.state).collect();
    assert_eq!(
        states.iter().filter(|s| **s == SigningKeyState::Current).count(),
        1,
        "one key signs: {states:?}"
    );
}

async fn swapped_sealed_keys_refuse_to_sign(db: Db) {
    let h = Harness::with_config(db, with_template).await;
    token_of(&h, "swap@example.com").await;
    let stored = h.store.signing_keys().await.unwrap();
    let (current, next) = (
        stored.iter().find(|k| k.state == SigningKeyState::Current).unwrap(),
        stored.iter().find(|k| k.state == SigningKeyState::Next).unwrap(),
    );
    assert!(current.sealed_key.starts_with("v1."), "sealed at rest");
    assert!(
        !current.sealed_key.contains(&current.public_jwk),
        "only the public half in clear"
    );
    // Someone with database access gives the current key the next key's sealed private half.
    h.behind_the_back(&format!(
        "UPDATE token_signing_keys SET sealed_key = '{}' WHERE kid = '{}'",
        next.sealed_key, current.kid
    ))
    .await
    .unwrap();
    let restarted = h.restarted_with(with_template).await;
    let mut api = restarted.api();
    api.sign_up("swap-2@example.com", &mut Device::new()).await;
    let refused = api.get("/sessions/whoami?tokenize_as=api").await;
    assert_eq!(
        refused.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "a swapped key does not open: {}",
        refused.text
    );
}

async fn replicas_racing_to_make_the_first_keys_share_one(db: Db) {
    let a = Harness::with_config(db, with_template).await;
    let b = a.restarted_with(|_| {}).await;
    let (left, right) = tokio::join!(a.app.tokens.published(), b.app.tokens.published());
    let (left, right) = (left.unwrap(), right.unwrap());
    let kids = |set: &JwkSet| {
        let mut kids: Vec<String> = set.keys.iter().filter_map(|k| k.common.key_id.clone()).collect();
        kids.sort();
        kids
    };
    assert_eq!(kids(&left), kids(&right), "both replicas publish the same keys");
    assert_eq!(a.store.signing_keys().await.unwrap().len(), 2);
}

/// The token's `acr` against `?required_aal=aal2` (policy's answer), for every way in and tier,
/// and for a passkey still in its cooldown (aal2 but restricted). A recovery link's session must
/// save a passkey first: it gets no token at all.
async fn a_token_vouches_for_aal2_only_where_policy_says_the_session_meets_it(db: Db) {
    let h = Harness::with_config(db, |c| {
        with_template(c);
        c.policy.new_passkey_cooldown = Duration::hours(24);
    })
    .await;
    let mut n = 0;
    for tier in ["standard", "high_value"] {
        for way in ["passkey", "code", "backup_code", "recovery"] {
            n += 1;
            let email = format!("acr-{n}@example.com");
            let mut device = Device::new();
            let (codes, _) = account_with_codes(&h, &email, &mut device).await;
            set_tier(&h, &email, tier).await;
            let mut browser = signed_in(&h, way, &email, &mut device, &codes).await;
            let tokenized = browser.get("/sessions/whoami?tokenize_as=api").await;
            if way == "recovery" {
                assert_eq!(
                    tokenized.status,
                    StatusCode::FORBIDDEN,
                    "{tier} {way}: {}",
                    tokenized.text
                );
                continue;
            }
            assert_eq!(
                acr_of(&h, &mut browser).await,
                meets_aal2(&mut browser).await,
                "{tier} {way}"
            );
        }
    }

    // A passkey saved from an email session, still cooling: the session is aal2 but restricted.
    let mut owner = Device::new();
    let (mut browser, _) = email_session(&h, "cooling@example.com", &mut owner).await;
    browser.add_passkey(&mut Device::new()).await;
    assert_eq!(browser.whoami().await.json()["authenticator_assurance_level"], "aal2");
    assert_eq!(acr_of(&h, &mut browser).await, "aal1");
    assert_eq!(meets_aal2(&mut browser).await, "aal1");
}

/// The `acr` of the browser's whoami token, verified against the JWKS.
async fn acr_of(h: &Harness, browser: &mut Browser<'_>) -> String {
    let answer = browser.get("/sessions/whoami?tokenize_as=api").await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let claims = verify(answer.json()["tokenized"].as_str().unwrap(), &jwks(h).await).unwrap();
    claims["acr"].as_str().unwrap().to_owned()
}

/// "aal2" when policy lets the session meet aal2 (`?required_aal=aal2` answers), "aal1" otherwise.
async fn meets_aal2(browser: &mut Browser<'_>) -> &'static str {
    match browser.get("/sessions/whoami?required_aal=aal2").await.status {
        StatusCode::OK => "aal2",
        _ => "aal1",
    }
}
