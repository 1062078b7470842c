//! Importing identities from another system in Kratos's identity import shape, passwords
//! included: the first step of moving a user base to passkeys.
//!
//! A record is refused on its own (with the field and the reason) and never stops the others. An
//! import is idempotent by email: a record whose address is taken is skipped, or with
//! [`OnConflict::Update`] brings the identity in line with it again.
//!
//! # Security
//! - A password arrives as a hash within the cost limits of [`LegacyHash`], or in clear text and
//!   is hashed with Argon2id at once; the clear text is never stored or logged.
//! - Only an import creates a password, on the identity it creates: an update never gives a
//!   password to an identity that has none (one made here, passkey-first).
//! - Every identity created or updated is audited, with the family of its password hash.

use std::sync::Arc;

use serde::Deserialize;
use serde_json::{Map, Value};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{Action, Actor, Audit, Event, Origin};
use crate::clock::Clock;
use crate::domain::{DEFAULT_SCHEMA_ID, Identity, IdentityState, Tier};
use crate::error::Error;
use crate::methods::passkey::normalise_email;
use crate::methods::password::legacy_hash::LegacyHash;
use crate::slow_hash::SlowHasher;
use crate::store::{ImportRow, ImportedRow, Store};

/// What to do with a record whose address an identity already has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnConflict {
    Skip,
    Update,
}

/// What importing one record did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    Created(Uuid),
    Updated(Uuid),
    Skipped(Uuid),
}

/// A record refused: the field at fault (a JSON path) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordRefused {
    pub field: String,
    pub reason: String,
}

fn refused(field: &str, reason: impl Into<String>) -> RecordRefused {
    RecordRefused {
        field: field.to_owned(),
        reason: reason.into(),
    }
}

/// One record of Kratos's identity import shape, with latchkey's `tier`. Kratos fields latchkey
/// keeps nothing of (`metadata_public`, `recovery_addresses`, ...) are accepted and ignored.
#[derive(Debug, Deserialize)]
struct Record {
    #[serde(default)]
    schema_id: Option<String>,
    traits: Traits,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    verifiable_addresses: Vec<VerifiableAddress>,
    #[serde(default)]
    credentials: Option<Credentials>,
    #[serde(default)]
    tier: Option<Tier>,
}

#[derive(Debug, Deserialize)]
struct Traits {
    email: String,
}

#[derive(Debug, Deserialize)]
struct VerifiableAddress {
    value: String,
    #[serde(default)]
    verified: bool,
}

#[derive(Debug, Deserialize)]
struct Credentials {
    #[serde(default)]
    password: Option<PasswordCredential>,
    #[serde(flatten)]
    others: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
struct PasswordCredential {
    config: PasswordConfig,
}

#[derive(Deserialize)]
struct PasswordConfig {
    #[serde(default)]
    hashed_password: Option<String>,
    #[serde(default)]
    password: Option<String>,
}

impl std::fmt::Debug for PasswordConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordConfig(***)")
    }
}

/// A record that passed every check, ready to store.
struct Checked {
    email: String,
    state: IdentityState,
    tier: Tier,
    verified: bool,
    /// The hash to store, and its family for the audit trail.
    password: Option<(String, &'static str)>,
}

impl Checked {
    fn into_row(self, now: OffsetDateTime) -> (ImportRow, Option<&'static str>) {
        let (identity, address) = Identity::with_address(self.email, self.state, self.tier, self.verified, now);
        let (password_hash, family) = self
            .password
            .map_or((None, None), |(hash, family)| (Some(hash), Some(family)));
        (
            ImportRow {
                identity,
                address,
                password_hash,
            },
            family,
        )
    }
}

/// What the audit trail keeps of an imported record: never the hash.
fn audited(row: &ImportRow, family: Option<&str>, imported: Imported, by: &Actor, origin: &Origin) -> Event {
    let (action, id) = match imported {
        Imported::Created(id) => (Action::IdentityCreated, id),
        Imported::Updated(id) | Imported::Skipped(id) => (Action::IdentityUpdated, id),
    };
    Event::new(by.clone(), action, Some(id))
        .details(serde_json::json!({
            "imported": true,
            "address_verified": row.address.verified,
            "tier": row.identity.tier.as_str(),
            "state": row.identity.state.as_str(),
            "password": family,
        }))
        .from(origin)
}

pub struct Importer {
    store: Store,
    clock: Arc<dyn Clock>,
    hasher: Arc<SlowHasher>,
    audit: Arc<Audit>,
    default_tier: Tier,
}

impl Importer {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        hasher: Arc<SlowHasher>,
        audit: Arc<Audit>,
        default_tier: Tier,
    ) -> Self {
        Self {
            store,
            clock,
            hasher,
            audit,
            default_tier,
        }
    }

    /// Imports one record. `Ok(Err(..))` is a refused record; `Err` a failure of the store.
    pub async fn import(
        &self,
        record: &Value,
        on_conflict: OnConflict,
        by: &Actor,
        origin: &Origin,
    ) -> Result<Result<Imported, RecordRefused>, Error> {
        let mut outcomes = self
            .import_all(std::slice::from_ref(record), on_conflict, by, origin)
            .await?;
        outcomes
            .pop()
            .ok_or_else(|| Error::Internal("an import of one record answered nothing".into()))
    }

    /// Imports `records` in one transaction (the records refused aside), in order; an outcome per
    /// record.
    ///
    /// # Speed
    /// One transaction and one pass of the audit appender for a whole batch: a record at a time,
    /// 100,000 records took 440 s on SQLite, mostly writers waiting for the write lock.
    pub async fn import_all(
        &self,
        records: &[Value],
        on_conflict: OnConflict,
        by: &Actor,
        origin: &Origin,
    ) -> Result<Vec<Result<Imported, RecordRefused>>, Error> {
        let checks = futures_util::future::join_all(records.iter().map(|record| self.check(record))).await;
        let now = self.clock.now();
        let mut outcomes = Vec::with_capacity(records.len());
        let (mut rows, mut families) = (Vec::new(), Vec::new());
        for checked in checks {
            match checked? {
                Ok(checked) => {
                    outcomes.push(Ok(rows.len()));
                    let (row, family) = checked.into_row(now);
                    rows.push(row);
                    families.push(family);
                }
                Err(refusal) => outcomes.push(Err(refusal)),
            }
        }
        let stored = self
            .store
            .import_identities(&rows, on_conflict == OnConflict::Update)
            .await?;
        let mut events = Vec::new();
        let outcomes = outcomes
            .into_iter()
            .map(|outcome| {
                let index = outcome?;
                let (Some(row), Some(family), Some(stored)) = (rows.get(index), families.get(index), stored.get(index)) else {
                    return Err(refused("(record)", "not stored"));
                };
                let imported = match *stored {
                    ImportedRow::Created(id) => Imported::Created(id),
                    ImportedRow::Skipped(id) => return Ok(Imported::Skipped(id)),
                    ImportedRow::Updated(id) => Imported::Updated(id),
                    ImportedRow::RefusedPassword(_) => {
                        return Err(refused(
                            "credentials.password",
                            "the account exists here without a password, and latchkey never gives one to an account that has none",
                        ));
                    }
                };
                events.push(audited(row, *family, imported, by, origin));
                Ok(imported)
            })
            .collect();
        // Recorded together: the appender writes them in batches.
        for entry in futures_util::future::join_all(events.into_iter().map(|event| self.audit.record(event))).await {
            entry?;
        }
        Ok(outcomes)
    }

    async fn check(&self, record: &Value) -> Result<Result<Checked, RecordRefused>, Error> {
        let record: Record = match serde_path_to_error::deserialize(record) {
            Ok(record) => record,
            Err(e) => {
                let field = e.path().to_string();
                return Ok(Err(refused(&field, e.into_inner().to_string())));
            }
        };
        if record.schema_id.as_deref().is_some_and(|s| s != DEFAULT_SCHEMA_ID) {
            return Ok(Err(refused(
                "schema_id",
                format!("only the `{DEFAULT_SCHEMA_ID}` schema (an email trait) is known"),
            )));
        }
        let Ok(email) = normalise_email(&record.traits.email) else {
            return Ok(Err(refused("traits.email", "not an email address")));
        };
        let state = match record.state.as_deref() {
            None => IdentityState::Active,
            Some(text) => match IdentityState::parse(text) {
                Some(state) => state,
                None => return Ok(Err(refused("state", "must be active or inactive"))),
            },
        };
        let verified = record
            .verifiable_addresses
            .iter()
            .any(|a| a.verified && normalise_email(&a.value).is_ok_and(|v| v == email));
        let credentials = record.credentials.unwrap_or(Credentials {
            password: None,
            others: Map::new(),
        });
        if let Some(kind) = credentials.others.keys().next() {
            return Ok(Err(refused(
                &format!("credentials.{kind}"),
                "not imported: latchkey imports passwords only (remove it; the person signs in by email and saves a passkey)",
            )));
        }
        let password = match credentials.password.map(|p| p.config) {
            None => None,
            Some(config) => match self.password(config).await? {
                Ok(password) => Some(password),
                Err(refusal) => return Ok(Err(refusal)),
            },
        };
        Ok(Ok(Checked {
            email,
            state,
            tier: record.tier.unwrap_or(self.default_tier),
            verified,
            password,
        }))
    }

    /// The hash to store for a password credential: the imported hash once it passes the
    /// checks, or Argon2id of a clear-text password.
    async fn password(&self, config: PasswordConfig) -> Result<Result<(String, &'static str), RecordRefused>, Error> {
        const FIELD: &str = "credentials.password.config";
        Ok(match (config.hashed_password, config.password) {
            (Some(hash), None) => match LegacyHash::parse(&hash) {
                Ok(parsed) => Ok((hash, parsed.family().as_str())),
                Err(why) => Err(refused(&format!("{FIELD}.hashed_password"), why.0)),
            },
            (None, Some(clear)) if !clear.is_empty() => Ok((self.hasher.hash(&clear).await?, "argon2id")),
            (None, Some(_)) => Err(refused(&format!("{FIELD}.password"), "empty")),
            (Some(_), Some(_)) => Err(refused(FIELD, "give hashed_password or password, not both")),
            (None, None) => Err(refused(FIELD, "give hashed_password or password")),
        })
    }
}
