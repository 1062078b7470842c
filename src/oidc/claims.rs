//! What the tokens say: the ID token and access token claims, and how `acr` and `amr` follow from
//! how the session was made.
//!
//! | The session was made (or stepped up) with | `amr` (RFC 8176)           | `acr`  |
//! |--------------------------------------------|----------------------------|--------|
//! | a passkey, user verified, device-bound     | `hwk`, `user`, `mfa`       | `aal2` |
//! | a passkey, user verified, synced           | `swk`, `user`, `mfa`       | `aal2` |
//! | a passkey without user verification        | `hwk` or `swk`             | `aal1` |
//! | an email code or magic link                | `otp`                      | `aal1` |
//! | a backup code                              | `otp`                      | `aal1` |
//! | a legacy password                          | `pwd`                      | `aal1` |
//!
//! `acr` is policy's answer to "does this session meet aal2": a restricted session says `aal1`
//! whatever its methods, and carries `restricted: true`. Several methods in one session (an
//! email sign-in then a passkey step-up) list every value once.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{Aal, Method, PasskeyCredential};
use crate::sessions::ActiveSession;

/// The claims latchkey may put in its tokens (discovery's `claims_supported`).
pub const SUPPORTED: [&str; 13] = [
    "iss",
    "sub",
    "aud",
    "exp",
    "iat",
    "auth_time",
    "nonce",
    "acr",
    "amr",
    "sid",
    "email",
    "email_verified",
    "restricted",
];

/// Who the person is and how they signed in, as of now.
#[derive(Debug, Clone)]
pub struct Authentication {
    pub acr: &'static str,
    pub amr: Vec<&'static str>,
    pub restricted: bool,
}

impl Authentication {
    /// `meets_aal2`: policy's decision for the session; `passkey`: the passkey that made it.
    pub fn of(active: &ActiveSession, meets_aal2: bool, passkey: Option<&PasskeyCredential>) -> Self {
        let key = if passkey.is_some_and(|p| p.backup_eligible) {
            "swk"
        } else {
            "hwk"
        };
        let mut amr = Vec::new();
        for method in &active.session.methods {
            let values: &[&'static str] = match (method.method, method.aal) {
                (Method::Passkey, Aal::Aal2) => &[key, "user", "mfa"],
                (Method::Passkey, Aal::Aal1) => &[key],
                (Method::Code | Method::LookupSecret | Method::Recovery, _) => &["otp"],
                (Method::Password, _) => &["pwd"],
            };
            for value in values {
                if !amr.contains(value) {
                    amr.push(*value);
                }
            }
        }
        Self {
            acr: if meets_aal2 { "aal2" } else { "aal1" },
            amr,
            restricted: active.session.restricted,
        }
    }
}

/// An ID token (OpenID Connect Core 2).
#[derive(Debug, Serialize)]
pub struct IdClaims<'a> {
    pub iss: &'a str,
    pub sub: Uuid,
    pub aud: &'a str,
    pub azp: &'a str,
    pub exp: i64,
    pub iat: i64,
    pub auth_time: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nonce: Option<&'a str>,
    pub acr: &'a str,
    pub amr: &'a [&'static str],
    pub sid: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_verified: Option<bool>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub restricted: bool,
}

/// An access token (RFC 9068), checked by `userinfo` and introspection against the live grant.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub sub: Uuid,
    pub aud: String,
    pub client_id: String,
    pub exp: i64,
    pub iat: i64,
    pub jti: String,
    pub scope: String,
    pub sid: Uuid,
    pub auth_time: i64,
    pub acr: String,
    pub amr: Vec<String>,
    /// The grant it was issued under: revoking the grant stops it being accepted.
    pub grant_id: Uuid,
}
