//! Keys derived from the configuration's `secrets`: the audit chain's MAC key, the outbox's
//! cipher key and the key that seals token signing keys at rest.
//!
//! # Security
//! - No key is a configured secret itself: each is HKDF-SHA256 of the secret under a purpose
//!   label, so one secret used for both purposes still gives unrelated keys.
//! - Each purpose has a key ring: the first key signs or encrypts, every key verifies or decrypts.
//!   What a key made carries the key's id (a 32-bit HKDF fingerprint, which reveals nothing about
//!   the key), so the right key is found after a rotation.
//! - Without configured secrets (embedded SQLite only) the secrets are generated once from the OS
//!   CSPRNG into a file beside the database, readable by its owner only.

use std::io::Write;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::config::SecretsConfig;
use crate::error::Error;
use crate::secret::{constant_time_str_eq, hex, random_bytes};

const AUDIT_PURPOSE: &[u8] = b"latchkey audit chain v1";
const MAIL_PURPOSE: &[u8] = b"latchkey outbox cipher v1";
const SIGNING_KEYS_PURPOSE: &[u8] = b"latchkey token signing keys v1";
/// What a sealed message starts with: the format's version.
const SEALED_VERSION: &str = "v1";

/// Every key latchkey derives from its secrets.
pub struct Keys {
    pub audit: AuditKeys,
    pub mail: Cipher,
    /// Seals the private keys that sign tokens (JWKS) where the store keeps them.
    pub signing_keys: Cipher,
}

impl Keys {
    /// Derives the keys, generating and keeping the secrets first when none are configured.
    pub fn load(config: &SecretsConfig) -> Result<Self, Error> {
        let (default, cipher) = match config {
            SecretsConfig::Configured { default, cipher } => (default.clone(), cipher.clone()),
            SecretsConfig::Generated { file } => {
                let generated = GeneratedSecrets::load_or_create(file)?;
                (generated.default, generated.cipher)
            }
        };
        Ok(Self {
            audit: AuditKeys(KeyRing::derive(&default, AUDIT_PURPOSE)?),
            mail: Cipher(KeyRing::derive(&cipher, MAIL_PURPOSE)?),
            signing_keys: Cipher(KeyRing::derive(&cipher, SIGNING_KEYS_PURPOSE)?),
        })
    }
}

/// A derived key and its id.
struct DerivedKey {
    id: String,
    key: [u8; 32],
}

/// The keys of one purpose; the first is the current one. Never empty.
struct KeyRing(Vec<DerivedKey>);

impl KeyRing {
    fn derive(secrets: &[String], purpose: &[u8]) -> Result<Self, Error> {
        if secrets.is_empty() {
            return Err(Error::Internal("a key ring needs at least one secret".into()));
        }
        secrets
            .iter()
            .map(|secret| derive(secret, purpose))
            .collect::<Result<_, _>>()
            .map(Self)
    }

    fn current(&self) -> Result<&DerivedKey, Error> {
        self.0.first().ok_or_else(|| Error::Internal("empty key ring".into()))
    }

    fn by_id(&self, id: &str) -> Option<&DerivedKey> {
        self.0.iter().find(|k| k.id == id)
    }
}

fn derive(secret: &str, purpose: &[u8]) -> Result<DerivedKey, Error> {
    let hkdf = Hkdf::<Sha256>::new(None, secret.as_bytes());
    let mut key = [0u8; 32];
    let mut id = [0u8; 4];
    hkdf.expand(purpose, &mut key)
        .and_then(|()| hkdf.expand(&[purpose, b" key id"].concat(), &mut id))
        .map_err(|e| Error::Internal(format!("key derivation: {e}")))?;
    Ok(DerivedKey { id: hex(&id), key })
}

/// A MAC and the id of the key that made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    pub key_id: String,
    /// Hex HMAC-SHA256.
    pub mac: String,
}

/// Why a signature did not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unverified {
    /// No configured secret has this key id.
    UnknownKey(String),
    /// The key is known and the MAC is wrong.
    Mismatch,
}

/// HMAC-SHA256 keys for the audit trail (`secrets.default`).
pub struct AuditKeys(KeyRing);

impl AuditKeys {
    pub fn sign(&self, message: &[u8]) -> Result<Signature, Error> {
        let key = self.0.current()?;
        Ok(Signature {
            key_id: key.id.clone(),
            mac: mac_hex(key, message)?,
        })
    }

    /// Checks `signature` over `message` in constant time.
    pub fn verify(&self, message: &[u8], signature: &Signature) -> Result<(), Unverified> {
        let key = self
            .0
            .by_id(&signature.key_id)
            .ok_or_else(|| Unverified::UnknownKey(signature.key_id.clone()))?;
        let expected = mac_hex(key, message).map_err(|_| Unverified::Mismatch)?;
        if constant_time_str_eq(&expected, &signature.mac) {
            Ok(())
        } else {
            Err(Unverified::Mismatch)
        }
    }
}

fn mac_hex(key: &DerivedKey, message: &[u8]) -> Result<String, Error> {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(&key.key).map_err(|e| Error::Internal(format!("HMAC key: {e}")))?;
    mac.update(message);
    Ok(hex(&mac.finalize().into_bytes()))
}

/// XChaCha20-Poly1305 under `secrets.cipher`, one derived key per purpose: mail waiting in the
/// outbox, token signing keys in the store.
pub struct Cipher(KeyRing);

impl Cipher {
    /// `v1.<key id>.<base64url(nonce ‖ ciphertext)>`. `context` is authenticated with it: a body
    /// opens only with the same context (a message's id and recipient, a signing key's id), so a
    /// database writer cannot move a code to another recipient or swap two keys.
    pub fn seal(&self, plaintext: &[u8], context: &[u8]) -> Result<String, Error> {
        let key = self.0.current()?;
        let nonce = XNonce::from(random_bytes::<24>()?);
        let ciphertext = cipher(key)?
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: context,
                },
            )
            .map_err(|_| Error::Internal("encryption failed".into()))?;
        let mut sealed = nonce.to_vec();
        sealed.extend_from_slice(&ciphertext);
        Ok(format!(
            "{SEALED_VERSION}.{}.{}",
            key.id,
            URL_SAFE_NO_PAD.encode(sealed)
        ))
    }

    pub fn open(&self, sealed: &str, context: &[u8]) -> Result<Vec<u8>, Error> {
        let unreadable = |why: &str| Error::Internal(format!("a sealed value cannot be opened: {why}"));
        let mut parts = sealed.splitn(3, '.');
        let (Some(SEALED_VERSION), Some(key_id), Some(body)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(unreadable("unknown format"));
        };
        let key = self
            .0
            .by_id(key_id)
            .ok_or_else(|| unreadable(&format!("key {key_id} is not among secrets.cipher")))?;
        let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| unreadable("not base64url"))?;
        let (nonce, ciphertext) = bytes.split_at_checked(24).ok_or_else(|| unreadable("too short"))?;
        let nonce = XNonce::try_from(nonce).map_err(|_| unreadable("bad nonce"))?;
        cipher(key)?
            .decrypt(
                &nonce,
                Payload {
                    msg: ciphertext,
                    aad: context,
                },
            )
            .map_err(|_| unreadable("it was altered, or belongs to another message"))
    }
}

fn cipher(key: &DerivedKey) -> Result<XChaCha20Poly1305, Error> {
    XChaCha20Poly1305::new_from_slice(&key.key).map_err(|e| Error::Internal(format!("cipher key: {e}")))
}

/// The file of generated secrets.
#[derive(Serialize, Deserialize)]
struct GeneratedSecrets {
    default: Vec<String>,
    cipher: Vec<String>,
}

impl GeneratedSecrets {
    fn load_or_create(file: &Path) -> Result<Self, Error> {
        let cannot = |what: &str, e: std::io::Error| {
            Error::Internal(format!(
                "cannot {what} the generated secrets at {}: {e}",
                file.display()
            ))
        };
        match std::fs::read_to_string(file) {
            Ok(text) => return serde_json::from_str(&text).map_err(Error::from),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(cannot("read", e)),
        }
        let fresh = Self {
            default: vec![hex(&random_bytes::<32>()?)],
            cipher: vec![hex(&random_bytes::<32>()?)],
        };
        if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| cannot("create the folder of", e))?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        match options.open(file) {
            Ok(mut out) => {
                out.write_all(serde_json::to_string_pretty(&fresh)?.as_bytes())
                    .and_then(|()| out.sync_all())
                    .map_err(|e| cannot("write", e))?;
                Ok(fresh)
            }
            // Another process generated them first: use theirs.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(file).map_err(|e| cannot("read", e))?;
                serde_json::from_str(&text).map_err(Error::from)
            }
            Err(e) => Err(cannot("create", e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(default: &[&str], cipher: &[&str]) -> Keys {
        let list = |l: &[&str]| l.iter().map(|s| s.to_string()).collect();
        Keys::load(&SecretsConfig::Configured {
            default: list(default),
            cipher: list(cipher),
        })
        .unwrap()
    }

    const OLD: &str = "old-secret-0123456789abcdef012345";
    const NEW: &str = "new-secret-0123456789abcdef012345";

    #[test]
    fn a_rotated_audit_key_still_verifies_what_the_old_one_signed() {
        let before = keys(&[OLD], &[OLD]);
        let signed = before.audit.sign(b"entry").unwrap();
        let after = keys(&[NEW, OLD], &[NEW]);
        assert_eq!(after.audit.verify(b"entry", &signed), Ok(()));
        assert_eq!(after.audit.verify(b"edited", &signed), Err(Unverified::Mismatch));
        assert_ne!(after.audit.sign(b"entry").unwrap().key_id, signed.key_id);
        let dropped = keys(&[NEW], &[NEW]);
        assert_eq!(
            dropped.audit.verify(b"entry", &signed),
            Err(Unverified::UnknownKey(signed.key_id))
        );
    }

    #[test]
    fn one_secret_for_both_purposes_gives_unrelated_keys() {
        let keys = keys(&[OLD], &[OLD]);
        let sealed = keys.mail.seal(b"code 123456", b"message").unwrap();
        let audit_id = keys.audit.sign(b"x").unwrap().key_id;
        assert!(!sealed.contains(&audit_id), "ids differ per purpose");
    }

    #[test]
    fn sealed_mail_opens_only_with_its_key_and_context() {
        let keys = keys(&[OLD], &[OLD]);
        let sealed = keys.mail.seal(b"code 123456", b"message 1").unwrap();
        assert!(!sealed.contains("123456"));
        assert_eq!(keys.mail.open(&sealed, b"message 1").unwrap(), b"code 123456");
        assert!(
            keys.mail.open(&sealed, b"message 2").is_err(),
            "moved to another message"
        );
        let rotated = self::keys(&[NEW], &[NEW, OLD]);
        assert_eq!(rotated.mail.open(&sealed, b"message 1").unwrap(), b"code 123456");
        let without = self::keys(&[NEW], &[NEW]);
        let err = without.mail.open(&sealed, b"message 1").unwrap_err();
        assert!(err.detail().contains("not among secrets.cipher"), "{}", err.detail());
        let mut tampered = sealed.clone();
        tampered.push('A');
        assert!(keys.mail.open(&tampered, b"message 1").is_err());
        assert_ne!(
            sealed,
            keys.mail.seal(b"code 123456", b"message 1").unwrap(),
            "fresh nonce"
        );
    }

    #[test]
    fn generated_secrets_are_kept_private_and_reused() {
        let dir = std::env::temp_dir().join(format!("latchkey-keys-{}", uuid::Uuid::new_v4()));
        let file = dir.join("db.sqlite.secrets.json");
        let config = SecretsConfig::Generated { file: file.clone() };
        let first = Keys::load(&config).unwrap();
        let second = Keys::load(&config).unwrap();
        let signed = first.audit.sign(b"entry").unwrap();
        assert_eq!(second.audit.verify(b"entry", &signed), Ok(()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "only the owner reads the secrets");
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
