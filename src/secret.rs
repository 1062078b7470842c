//! Secrets handed to users (session tokens, CSRF tokens) and how they are kept.
//!
//! # Security
//! Every token is 256 bits from the operating system's CSPRNG. The store only ever sees
//! [`TokenHash`], the SHA-256 of the token: a database reader cannot present a hash as a token.
//! A fast hash is enough here because the input is uniformly random (no dictionary to try);
//! slow hashes are for low-entropy secrets such as backup codes. [`Secret`]'s `Debug` prints
//! `***` so a token cannot reach a log line through `{:?}`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::error::Error;

/// Bytes of randomness in every token.
pub const TOKEN_BYTES: usize = 32;

/// A token as the user holds it (base64url, no padding).
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// A fresh random token from the OS CSPRNG.
    pub fn generate() -> Result<Self, Error> {
        Ok(Self(URL_SAFE_NO_PAD.encode(random_bytes::<TOKEN_BYTES>()?)))
    }

    /// Wraps a token received from a client. Nothing is checked: a wrong token simply hashes to
    /// something the store does not know.
    pub fn from_client(token: &str) -> Self {
        Self(token.to_owned())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> TokenHash {
        TokenHash(Sha256::digest(self.0.as_bytes()).into())
    }
}

/// A link to `page` under `base` with `token` in the fragment. Browsers never send a fragment to
/// any server or in `Referer`, so the token reaches no access log or proxy; the page's script
/// posts it when the person presses its button (a GET of the link, by a mail scanner, uses nothing).
pub fn link_with_token(base: &url::Url, page: &str, token: &Secret) -> String {
    let mut link = base.join(page).unwrap_or_else(|_| base.clone());
    link.set_fragment(Some(&format!("token={}", token.expose())));
    link.to_string()
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// SHA-256 of a [`Secret`]: what the store keeps.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TokenHash(pub [u8; 32]);

impl TokenHash {
    /// Constant-time comparison, for checks that do not go through an index lookup
    /// (the CSRF token bound to a flow).
    pub fn matches(&self, other: &TokenHash) -> bool {
        self.0.ct_eq(&other.0).into()
    }

    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        bytes.try_into().ok().map(Self)
    }
}

impl std::fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenHash(***)")
    }
}

/// Lower-case hex of `bytes` (digests in bucket names and channel payloads).
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex SHA-256 of `text`: names a value (an address in a counter's bucket) without storing it.
pub fn digest_hex(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

/// `N` bytes from the OS CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| Error::Internal(format!("OS random source failed: {e}")))?;
    Ok(bytes)
}

/// Constant-time equality of two client-supplied strings (double-submit CSRF check).
pub fn constant_time_str_eq(a: &str, b: &str) -> bool {
    a.as_bytes().ct_eq(b.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn tokens_are_256_bit_and_unique() {
        let mut seen = HashSet::new();
        for _ in 0..10_000 {
            let token = Secret::generate().unwrap();
            let raw = URL_SAFE_NO_PAD.decode(token.expose()).unwrap();
            assert_eq!(raw.len(), 32);
            assert!(seen.insert(token.expose().to_owned()));
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let token = Secret::generate().unwrap();
        let printed = format!("{token:?} {:?}", token.hash());
        assert!(!printed.contains(token.expose()));
        assert!(printed.contains("***"));
    }

    #[test]
    fn hash_matches_only_itself() {
        let a = Secret::generate().unwrap();
        let b = Secret::generate().unwrap();
        assert!(a.hash().matches(&Secret::from_client(a.expose()).hash()));
        assert!(!a.hash().matches(&b.hash()));
    }
}
