//! Signed tokens: the keys that sign them (made, sealed at rest, rotated, published as a JWKS at
//! `/.well-known/jwks.json`) and the signing itself (ES256, through `jsonwebtoken`).
//!
//! # Security
//! - Private keys never leave the process unsealed: the store holds them sealed with
//!   `secrets.cipher` (XChaCha20-Poly1305 under a key of their own purpose), the key id
//!   authenticated with each, so a database writer can neither read one nor swap two.
//! - A key is published from the moment it is made, one rotation before it signs: relying parties
//!   that cache the JWKS already know it when its first token arrives.
//! - A retired key stays published for [`MAX_TOKEN_TTL`] plus [`REFRESH`] (other replicas may
//!   sign with it that much longer), so no token outlives the key that verifies it.
//! - ES256 only; `alg` is fixed by the key, never taken from a request.

use std::sync::{Arc, RwLock};
use std::time::Instant;

use jsonwebtoken::jwk::{Jwk, JwkSet, KeyAlgorithm, PublicKeyUse};
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
    kid: String,
    signer: EncodingKey,
    /// Every key kept, with when it retired.
    public: Vec<(Jwk, Option<OffsetDateTime>)>,
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

    /// Signs `claims` with the current key (made on first use).
    pub async fn sign<T: Serialize>(&self, claims: &T) -> Result<String, Error> {
        self.sign_as(JWT, claims).await
    }

    /// Signs `claims` as a token of type `typ` (the header's `typ`: `JWT`, or `at+jwt` for an
    /// access token, RFC 9068, so one kind cannot pass for the other).
    pub async fn sign_as<T: Serialize>(&self, typ: &str, claims: &T) -> Result<String, Error> {
        let keys = self.loaded().await?;
        let mut header = Header::new(Algorithm::ES256);
        header.kid = Some(keys.kid.clone());
        header.typ = Some(typ.into());
        jsonwebtoken::encode(&header, claims, &keys.signer)
            .map_err(|e| Error::Internal(format!("signing a token: {e}")))
    }

    /// The claims of a token this issuer signed as `typ` with a key it still publishes. Expiry
    /// is the caller's to check, against latchkey's clock; `None` for anything else.
    pub async fn verify<T: DeserializeOwned>(&self, typ: &str, token: &str, issuer: &str) -> Option<T> {
        let header = jsonwebtoken::decode_header(token).ok()?;
        if header.alg != Algorithm::ES256 || header.typ.as_deref() != Some(typ) {
            return None;
        }
        let kid = header.kid?;
        let published = self.published().await.ok()?;
        let key = DecodingKey::from_jwk(published.find(&kid)?).ok()?;
        let mut validation = Validation::new(Algorithm::ES256);
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.required_spec_claims = ["iss", "sub", "exp"].map(String::from).into();
        validation.set_issuer(&[issuer]);
        jsonwebtoken::decode(token, &key, &validation)
            .ok()
            .map(|data| data.claims)
    }

    /// The public keys relying parties verify with: the current key, the next one and those
    /// retired recently enough to have live tokens.
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

    /// Makes a new next key: the next one signs from now on, the current one retires. Returns
    /// the id of the key that now signs.
    pub async fn rotate(&self) -> Result<String, Error> {
        self.loaded().await?;
        let now = self.clock.now();
        let next = self.generate(SigningKeyState::Next, now)?;
        self.store.rotate_signing_keys(&next, now).await?;
        *self.write() = None;
        Ok(self.loaded().await?.kid.clone())
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

    /// Reads the keys, making the first ones when there are none (another replica may make them
    /// at the same moment: the store keeps one pair, and this reads it).
    async fn read_or_make(&self) -> Result<Loaded, Error> {
        let mut stored = self.store.signing_keys().await?;
        if !stored.iter().any(|k| k.state == SigningKeyState::Current) {
            let now = self.clock.now();
            let current = self.generate(SigningKeyState::Current, now)?;
            let next = self.generate(SigningKeyState::Next, now)?;
            self.store.insert_first_signing_keys(&current, &next).await?;
            stored = self.store.signing_keys().await?;
        }
        let current = stored
            .iter()
            .find(|k| k.state == SigningKeyState::Current)
            .ok_or_else(|| Error::Internal("no current token signing key".into()))?;
        let der = self.cipher.open(&current.sealed_key, current.kid.as_bytes())?;
        let public = stored
            .iter()
            .map(|k| Ok((serde_json::from_str(&k.public_jwk)?, k.retired_at)))
            .collect::<Result<_, Error>>()?;
        Ok(Loaded {
            read_at: Instant::now(),
            kid: current.kid.clone(),
            signer: EncodingKey::from_ec_der(&der),
            public,
        })
    }

    /// A new P-256 key from the OS CSPRNG, sealed, with its public JWK.
    fn generate(&self, state: SigningKeyState, now: OffsetDateTime) -> Result<StoredSigningKey, Error> {
        let secret = loop {
            // All but about 2^-32 of 32-byte strings are valid P-256 scalars.
            if let Ok(secret) = p256::SecretKey::from_slice(&random_bytes::<32>()?) {
                break secret;
            }
        };
        let der = secret
            .to_pkcs8_der()
            .map_err(|e| Error::Internal(format!("encoding a signing key: {e}")))?;
        let kid = hex(&random_bytes::<16>()?);
        let mut jwk = Jwk::from_encoding_key(&EncodingKey::from_ec_der(der.as_bytes()), Algorithm::ES256)
            .map_err(|e| Error::Internal(format!("a signing key's public half: {e}")))?;
        jwk.common.key_id = Some(kid.clone());
        jwk.common.public_key_use = Some(PublicKeyUse::Signature);
        jwk.common.key_algorithm = Some(KeyAlgorithm::ES256);
        Ok(StoredSigningKey {
            sealed_key: self.cipher.seal(der.as_bytes(), kid.as_bytes())?,
            public_jwk: serde_json::to_string(&jwk)?,
            kid,
            alg: "ES256".into(),
            state,
            created_at: now,
            retired_at: None,
        })
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Option<Arc<Loaded>>> {
        self.loaded.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
