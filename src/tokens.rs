//! Signed tokens: the keys that sign them (made, sealed at rest, rotated, published as a JWKS at
//! `/.well-known/jwks.json`) and the signing itself (ES256, or EdDSA for apps that ask, through
//! `jsonwebtoken`).
//!
//! # Security
//! - Private keys never leave the process unsealed: the store holds them sealed with
//!   `secrets.cipher` (XChaCha20-Poly1305 under a key of their own purpose), the key id
//!   authenticated with each, so a database writer can neither read one nor swap two.
//! - A key is published from the moment it is made, one rotation before it signs: relying parties
//!   that cache the JWKS already know it when its first token arrives.
//! - A retired key stays published for [`MAX_TOKEN_TTL`] plus [`REFRESH`] (other replicas may
//!   sign with it that much longer), so no token outlives the key that verifies it.
//! - `alg` is fixed by the key, never taken from a request: a token verifies only under the
//!   algorithm its key (found by `kid`) is published for. No RSA: the pure-Rust `rsa` crate has an
//!   unfixed timing side channel (RUSTSEC-2023-0071).

use std::sync::{Arc, RwLock};
use std::time::Instant;

use jsonwebtoken::jwk::{Jwk, JwkSet, PublicKeyUse};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use p256::pkcs8::EncodePrivateKey;
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

use crate::clock::Clock;
pub use crate::config::MAX_TOKEN_TTL;
use crate::error::Error;
use crate::keys::Cipher;
use crate::secret::{hex, random_bytes};
use crate::store::{SigningKeyState, Store, StoredSigningKey};

/// How long a replica signs with the keys it read before reading them again: a rotation made
/// elsewhere (`latchkey keys rotate`) reaches every replica within this.
pub const REFRESH: time::Duration = time::Duration::seconds(60);

/// The `typ` of ID tokens and whoami tokens.
pub const JWT: &str = "JWT";
/// The `typ` of access tokens (RFC 9068).
pub const ACCESS_TOKEN: &str = "at+jwt";

/// A signature algorithm latchkey signs with: ES256 always, EdDSA (Ed25519) for the apps that ask
/// for it (`id_token_signed_response_alg`). Each has its own current and next key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SigningAlg {
    #[default]
    Es256,
    EdDsa,
}

impl SigningAlg {
    pub const ALL: [Self; 2] = [Self::Es256, Self::EdDsa];

    /// As JOSE names it (the JWT header's `alg`, the JWKS's `alg`, discovery).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Es256 => "ES256",
            Self::EdDsa => "EdDSA",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|alg| alg.as_str() == text)
    }

    fn algorithm(self) -> Algorithm {
        match self {
            Self::Es256 => Algorithm::ES256,
            Self::EdDsa => Algorithm::EdDSA,
        }
    }
}

/// The signing keys: what signs, and what the JWKS publishes.
pub struct TokenKeys {
    store: Store,
    cipher: Cipher,
    clock: Arc<dyn Clock>,
    loaded: RwLock<Option<Arc<Loaded>>>,
}

/// The keys as read at `read_at`.
struct Loaded {
    read_at: Instant,
    /// The current key of each algorithm that has one: id and private key.
    signers: Vec<(SigningAlg, String, EncodingKey)>,
    /// Every key kept, with when it retired.
    public: Vec<(Jwk, Option<OffsetDateTime>)>,
}

impl Loaded {
    fn signer(&self, alg: SigningAlg) -> Option<(&str, &EncodingKey)> {
        self.signers
            .iter()
            .find(|(a, _, _)| *a == alg)
            .map(|(_, kid, key)| (kid.as_str(), key))
    }
}

impl TokenKeys {
    pub fn new(store: Store, cipher: Cipher, clock: Arc<dyn Clock>) -> Self {
        Self {
            store,
            cipher,
            clock,
            loaded: RwLock::new(None),
        }
    }

    /// Signs `claims` with the current ES256 key (made on first use).
    pub async fn sign<T: Serialize>(&self, claims: &T) -> Result<String, Error> {
        self.sign_as(JWT, claims).await
    }

    /// Signs `claims` as a token of type `typ` (the header's `typ`: `JWT`, or `at+jwt` for an
    /// access token, RFC 9068, so one kind cannot pass for the other), with ES256.
    pub async fn sign_as<T: Serialize>(&self, typ: &str, claims: &T) -> Result<String, Error> {
        self.sign_with(SigningAlg::Es256, typ, claims).await
    }

    /// Signs with the current key of `alg`; an algorithm's first keys are made when first asked
    /// for (see [`TokenKeys::prepare`]).
    pub async fn sign_with<T: Serialize>(&self, alg: SigningAlg, typ: &str, claims: &T) -> Result<String, Error> {
        let mut keys = self.loaded().await?;
        if keys.signer(alg).is_none() {
            self.prepare(alg).await?;
            keys = self.loaded().await?;
        }
        let (kid, signer) = keys
            .signer(alg)
            .ok_or_else(|| Error::Internal(format!("no current {} signing key", alg.as_str())))?;
        let mut header = Header::new(alg.algorithm());
        header.kid = Some(kid.to_owned());
        header.typ = Some(typ.into());
        jsonwebtoken::encode(&header, claims, signer).map_err(|e| Error::Internal(format!("signing a token: {e}")))
    }

    /// Makes the first keys of `alg` unless it has them, and publishes them at once (done when an
    /// app that wants the algorithm is configured or registered, before its first token).
    pub async fn prepare(&self, alg: SigningAlg) -> Result<(), Error> {
        let stored = self.store.signing_keys().await?;
        if !has_current(&stored, alg) {
            self.make_first(alg).await?;
            *self.write() = None;
        }
        Ok(())
    }

    /// The claims of a token this issuer signed as `typ` with a key it still publishes, under the
    /// algorithm that key is for. Expiry is the caller's to check, against latchkey's clock;
    /// `None` for anything else.
    pub async fn verify<T: DeserializeOwned>(&self, typ: &str, token: &str, issuer: &str) -> Option<T> {
        let header = jsonwebtoken::decode_header(token).ok()?;
        let alg = SigningAlg::ALL.into_iter().find(|a| a.algorithm() == header.alg)?;
        if header.typ.as_deref() != Some(typ) {
            return None;
        }
        let kid = header.kid?;
        let published = self.published().await.ok()?;
        let jwk = published.find(&kid)?;
        // The key decides the algorithm, never the token's header alone.
        if jwk.common.key_algorithm.map(|a| a.to_string()).as_deref() != Some(alg.as_str()) {
            return None;
        }
        let key = DecodingKey::from_jwk(jwk).ok()?;
        let mut validation = Validation::new(alg.algorithm());
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims = ["iss", "sub", "exp"].map(String::from).into();
        validation.set_issuer(&[issuer]);
        jsonwebtoken::decode(token, &key, &validation)
            .ok()
            .map(|data| data.claims)
    }

    /// The public keys relying parties verify with: the current key, the next one and those
    /// retired recently enough to have live tokens, of every algorithm.
    pub async fn published(&self) -> Result<JwkSet, Error> {
        let now = self.clock.now();
        let keys = self.loaded().await?;
        let keys = keys
            .public
            .iter()
            .filter(|(_, retired)| retired.is_none_or(|at| now < at + MAX_TOKEN_TTL + REFRESH))
            .map(|(jwk, _)| jwk.clone())
            .collect();
        Ok(JwkSet { keys })
    }

    /// For every algorithm in use: makes a new next key; the next one signs from now on, the
    /// current one retires. Returns the ids of the keys that now sign, ES256's first.
    pub async fn rotate(&self) -> Result<Vec<String>, Error> {
        let keys = self.loaded().await?;
        let now = self.clock.now();
        for (alg, _, _) in &keys.signers {
            let next = self.generate(*alg, SigningKeyState::Next, now)?;
            self.store.rotate_signing_keys(&next, now).await?;
        }
        *self.write() = None;
        Ok(self
            .loaded()
            .await?
            .signers
            .iter()
            .map(|(_, kid, _)| kid.clone())
            .collect())
    }

    async fn loaded(&self) -> Result<Arc<Loaded>, Error> {
        let cached = self
            .loaded
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone();
        if let Some(keys) = cached.filter(|k| k.read_at.elapsed() < REFRESH.unsigned_abs()) {
            return Ok(keys);
        }
        let keys = Arc::new(self.read_or_make().await?);
        *self.write() = Some(keys.clone());
        Ok(keys)
    }

    /// Reads the keys, making the first ES256 ones when there are none.
    async fn read_or_make(&self) -> Result<Loaded, Error> {
        let mut stored = self.store.signing_keys().await?;
        if !has_current(&stored, SigningAlg::Es256) {
            self.make_first(SigningAlg::Es256).await?;
            stored = self.store.signing_keys().await?;
        }
        let mut signers = Vec::new();
        for alg in SigningAlg::ALL {
            let current = stored
                .iter()
                .find(|k| k.state == SigningKeyState::Current && k.alg == alg.as_str());
            if let Some(current) = current {
                let der = self.cipher.open(&current.sealed_key, current.kid.as_bytes())?;
                signers.push((alg, current.kid.clone(), encoding_key(alg, &der)));
            }
        }
        let public = stored
            .iter()
            .map(|k| Ok((serde_json::from_str(&k.public_jwk)?, k.retired_at)))
            .collect::<Result<_, Error>>()?;
        Ok(Loaded {
            read_at: Instant::now(),
            signers,
            public,
        })
    }

    /// Stores the first current and next keys of `alg`. Another replica may make them at the same
    /// moment: the store keeps one pair per algorithm, and everyone reads it.
    async fn make_first(&self, alg: SigningAlg) -> Result<(), Error> {
        let now = self.clock.now();
        let current = self.generate(alg, SigningKeyState::Current, now)?;
        let next = self.generate(alg, SigningKeyState::Next, now)?;
        self.store.insert_first_signing_keys(&current, &next).await?;
        Ok(())
    }

    /// A new key of `alg` from the OS CSPRNG, sealed, with its public JWK.
    fn generate(
        &self,
        alg: SigningAlg,
        state: SigningKeyState,
        now: OffsetDateTime,
    ) -> Result<StoredSigningKey, Error> {
        let der = match alg {
            SigningAlg::Es256 => p256_key()?,
            SigningAlg::EdDsa => ed25519_key()?,
        };
        let kid = hex(&random_bytes::<16>()?);
        let mut jwk = Jwk::from_encoding_key(&encoding_key(alg, &der), alg.algorithm())
            .map_err(|e| Error::Internal(format!("a signing key's public half: {e}")))?;
        jwk.common.key_id = Some(kid.clone());
        jwk.common.public_key_use = Some(PublicKeyUse::Signature);
        Ok(StoredSigningKey {
            sealed_key: self.cipher.seal(&der, kid.as_bytes())?,
            public_jwk: serde_json::to_string(&jwk)?,
            kid,
            alg: alg.as_str().into(),
            state,
            created_at: now,
            retired_at: None,
        })
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Option<Arc<Loaded>>> {
        self.loaded.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn has_current(stored: &[StoredSigningKey], alg: SigningAlg) -> bool {
    stored
        .iter()
        .any(|k| k.state == SigningKeyState::Current && k.alg == alg.as_str())
}

/// `jsonwebtoken`'s key of a stored PKCS#8 DER.
fn encoding_key(alg: SigningAlg, der: &[u8]) -> EncodingKey {
    match alg {
        SigningAlg::Es256 => EncodingKey::from_ec_der(der),
        SigningAlg::EdDsa => EncodingKey::from_ed_der(der),
    }
}

/// A P-256 private key (PKCS#8 DER) from the OS CSPRNG.
fn p256_key() -> Result<Vec<u8>, Error> {
    let secret = loop {
        // All but about 2^-32 of 32-byte strings are valid P-256 scalars.
        if let Ok(secret) = p256::SecretKey::from_slice(&random_bytes::<32>()?) {
            break secret;
        }
    };
    let der = secret
        .to_pkcs8_der()
        .map_err(|e| Error::Internal(format!("encoding a signing key: {e}")))?;
    Ok(der.as_bytes().to_vec())
}

/// An Ed25519 private key (PKCS#8 v1 DER, the form `jsonwebtoken` reads) from the OS CSPRNG:
/// any 32 bytes are a valid seed.
fn ed25519_key() -> Result<Vec<u8>, Error> {
    use ed25519_dalek::pkcs8::{EncodePrivateKey, KeypairBytes};
    let seed = KeypairBytes {
        secret_key: random_bytes::<32>()?,
        public_key: None,
    };
    let der = seed
        .to_pkcs8_der()
        .map_err(|e| Error::Internal(format!("encoding a signing key: {e}")))?;
    Ok(der.as_bytes().to_vec())
}
