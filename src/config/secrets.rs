//! `secrets`: Kratos's key names. `secrets.default` keys the audit trail's chain and
//! `secrets.cipher` encrypts queued mail (it falls back to `secrets.default`). Each is a list: the
//! first secret signs or encrypts, every one verifies or decrypts, so a rotation puts the new
//! secret first and keeps the old ones after it.

use std::path::PathBuf;

use serde::Deserialize;

use super::ConfigError;

/// Shortest secret accepted: 32 characters (`openssl rand -hex 32` gives 64).
pub const MIN_SECRET_CHARS: usize = 32;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSecrets {
    pub default: Option<Vec<String>>,
    pub cipher: Option<Vec<String>>,
    /// Kratos signs its cookies with these; latchkey's cookies carry random ids, nothing signed.
    pub cookie: Option<Vec<String>>,
    /// Kratos signs page tokens with these; latchkey's pages are plain positions.
    pub pagination: Option<Vec<String>>,
}

/// Where the keys come from.
#[derive(Clone, PartialEq, Eq)]
pub enum SecretsConfig {
    /// From the configuration; both lists hold at least one secret.
    Configured { default: Vec<String>, cipher: Vec<String> },
    /// None configured and the store is an embedded SQLite file: latchkey generates them once
    /// into this file beside the database (a laptop, `serve --dev`).
    Generated { file: PathBuf },
}

impl std::fmt::Debug for SecretsConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Configured { default, cipher } => write!(
                f,
                "Configured {{ default: {} secret(s), cipher: {} secret(s) }}",
                default.len(),
                cipher.len()
            ),
            Self::Generated { file } => write!(f, "Generated {{ file: {} }}", file.display()),
        }
    }
}

pub fn secrets(raw: RawSecrets, dsn: &str, notes: &mut Vec<String>) -> Result<SecretsConfig, ConfigError> {
    let default = checked_list("secrets.default", raw.default)?;
    let cipher = checked_list("secrets.cipher", raw.cipher)?;
    match (default, cipher) {
        (Some(default), cipher) => Ok(SecretsConfig::Configured {
            cipher: cipher.unwrap_or_else(|| default.clone()),
            default,
        }),
        (None, Some(_)) => Err(ConfigError::new(
            "secrets.default",
            "(not set)",
            "secrets.cipher is set but secrets.default is not: the audit trail would have no key",
            "add secrets.default: a list with one random string of at least 32 characters (openssl rand -hex 32)",
        )),
        (None, None) => {
            let Some(file) = sqlite_file(dsn).map(beside_the_database) else {
                return Err(ConfigError::new(
                    "secrets.default",
                    "(not set)",
                    "required with this database: every replica must share the key, and it must not live in the database it protects",
                    "add secrets.default: a list with one random string of at least 32 characters (openssl rand -hex 32), the same on every replica",
                ));
            };
            notes.push(format!(
                "secrets.default and secrets.cipher are not set: latchkey keeps generated ones in {} beside the database; a server should set them and keep them out of the database's backups",
                file.display()
            ));
            Ok(SecretsConfig::Generated { file })
        }
    }
}

fn checked_list(key: &str, list: Option<Vec<String>>) -> Result<Option<Vec<String>>, ConfigError> {
    let Some(list) = list else { return Ok(None) };
    if list.is_empty() {
        return Err(ConfigError::new(
            key,
            "[]",
            "an empty list",
            "give at least one secret, or remove the key",
        ));
    }
    for (i, secret) in list.iter().enumerate() {
        if secret.chars().count() < MIN_SECRET_CHARS {
            return Err(ConfigError::new(
                &format!("{key}[{i}]"),
                "(hidden)",
                &format!("shorter than {MIN_SECRET_CHARS} characters"),
                "use a random string of at least 32 characters, e.g. the output of openssl rand -hex 32",
            ));
        }
    }
    Ok(Some(list))
}

/// The database file of an SQLite DSN (`sqlite://PATH?...` or `sqlite:PATH`); `None` for
/// PostgreSQL and in-memory databases.
fn sqlite_file(dsn: &str) -> Option<PathBuf> {
    let rest = dsn.strip_prefix("sqlite://").or_else(|| dsn.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && !path.starts_with(':')).then(|| PathBuf::from(path))
}

fn beside_the_database(database: PathBuf) -> PathBuf {
    let mut name = database.file_name().unwrap_or_default().to_os_string();
    name.push(".secrets.json");
    database.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(default: Option<&[&str]>, cipher: Option<&[&str]>) -> RawSecrets {
        let list = |l: Option<&[&str]>| l.map(|l| l.iter().map(|s| s.to_string()).collect());
        RawSecrets {
            default: list(default),
            cipher: list(cipher),
            ..RawSecrets::default()
        }
    }

    const GOOD: &str = "0123456789abcdef0123456789abcdef";

    #[test]
    fn postgres_needs_configured_secrets_and_sqlite_gets_a_file_beside_it() {
        let mut notes = Vec::new();
        let err = secrets(raw(None, None), "postgres://db/latchkey", &mut notes).unwrap_err();
        assert_eq!(err.key, "secrets.default");
        assert!(err.fix.contains("openssl rand"), "{err}");
        let generated = secrets(raw(None, None), "sqlite://data/l.sqlite?mode=rwc", &mut notes).unwrap();
        assert_eq!(
            generated,
            SecretsConfig::Generated {
                file: PathBuf::from("data/l.sqlite.secrets.json")
            }
        );
        assert!(notes.iter().any(|n| n.contains("data/l.sqlite.secrets.json")));
    }

    #[test]
    fn short_or_empty_secrets_are_named_and_cipher_falls_back_to_default() {
        let mut notes = Vec::new();
        let err = secrets(raw(Some(&[GOOD, "tiny-xyz"]), None), "sqlite:x", &mut notes).unwrap_err();
        assert_eq!(err.key, "secrets.default[1]");
        assert!(
            !err.to_string().contains("tiny-xyz"),
            "a secret never reaches an error: {err}"
        );
        let err = secrets(raw(Some(&[]), None), "sqlite:x", &mut notes).unwrap_err();
        assert_eq!(err.key, "secrets.default");
        let err = secrets(raw(None, Some(&[GOOD])), "sqlite:x", &mut notes).unwrap_err();
        assert_eq!(err.key, "secrets.default");
        let SecretsConfig::Configured { cipher, .. } =
            secrets(raw(Some(&[GOOD]), None), "sqlite:x", &mut notes).unwrap()
        else {
            panic!("configured secrets were not used");
        };
        assert_eq!(cipher, vec![GOOD.to_owned()]);
        assert!(!format!("{:?}", raw_config(GOOD)).contains(GOOD), "Debug hides secrets");
    }

    fn raw_config(secret: &str) -> SecretsConfig {
        SecretsConfig::Configured {
            default: vec![secret.to_owned()],
            cipher: vec![secret.to_owned()],
        }
    }
}
