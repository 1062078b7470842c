//! Admin API keys: the only way to call the admin API. Created, listed and revoked from the
//! command line, presented as `Authorization: Bearer <key>`.
//!
//! # Security
//! - A key is 256 random bits from the OS CSPRNG, shown once at creation. Only its SHA-256 is
//!   stored: with that much entropy a fast hash cannot be reversed by guessing, and the lookup by
//!   hash compares nothing byte by byte in our code (the database's unique index finds it).
//! - The `lk_admin_` prefix lets secret scanners recognise a leaked key.
//! - Revocation takes effect on the next request: keys are looked up on every call, not cached.

use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::audit::{Action, Actor, Audit, Event};
use crate::clock::Clock;
use crate::error::Error;
use crate::secret::Secret;
use crate::store::Store;

const PREFIX: &str = "lk_admin_";

/// What a key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Help-desk staff: identities, sessions, recovery links for `standard` accounts.
    Support,
    /// Everything, including recovery of `high_value` accounts.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Support => "support",
            Self::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "support" => Some(Self::Support),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// A stored key (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdminKey {
    pub id: Uuid,
    pub name: String,
    /// The person the key belongs to: the two-person rule needs two of them, not two keys.
    pub owner: String,
    pub role: Role,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_used_at: Option<OffsetDateTime>,
    #[serde(with = "time::serde::rfc3339::option")]
    pub revoked_at: Option<OffsetDateTime>,
}

impl AdminKey {
    /// The key as an audit actor.
    pub fn actor(&self) -> Actor {
        Actor::AdminKey {
            id: self.id,
            name: self.name.clone(),
        }
    }
}

pub struct AdminKeys {
    store: Store,
    clock: Arc<dyn Clock>,
    audit: Arc<Audit>,
}

impl AdminKeys {
    pub fn new(store: Store, clock: Arc<dyn Clock>, audit: Arc<Audit>) -> Self {
        Self { store, clock, audit }
    }

    /// Creates a key; returns it with the secret to show once. `operator` names who ran the
    /// command, for the audit trail.
    pub async fn create(
        &self,
        name: &str,
        owner: &str,
        role: Role,
        operator: &str,
    ) -> Result<(AdminKey, Secret), Error> {
        let name = label("name", name)?;
        let owner = label("owner", owner)?;
        let secret = Secret::from_client(&format!("{PREFIX}{}", Secret::generate()?.expose()));
        let key = AdminKey {
            id: Uuid::new_v4(),
            name: name.to_owned(),
            owner: owner.to_owned(),
            role,
            created_at: self.clock.now(),
            last_used_at: None,
            revoked_at: None,
        };
        self.store.insert_admin_key(&key, &secret.hash()).await?;
        self.audit
            .record(Event::new(Actor::cli(operator), Action::AdminKeyCreated, None).details(
                serde_json::json!({ "key_id": key.id, "name": key.name, "owner": key.owner, "role": role.as_str() }),
            ))
            .await?;
        Ok((key, secret))
    }

    pub async fn list(&self) -> Result<Vec<AdminKey>, Error> {
        self.store.admin_keys().await
    }

    /// Revokes a key; answers `NotFound` for an unknown or already revoked key. The recovery
    /// requests it made that still wait for approval end with it: a key taken away must not
    /// leave a request a second person could still turn into a link.
    pub async fn revoke(&self, id: Uuid, operator: &str) -> Result<(), Error> {
        let now = self.clock.now();
        if !self.store.revoke_admin_key(id, now).await? {
            return Err(Error::NotFound);
        }
        self.audit
            .record(
                Event::new(Actor::cli(operator), Action::AdminKeyRevoked, None)
                    .details(serde_json::json!({ "key_id": id })),
            )
            .await?;
        for request in self.store.cancel_requests_of(id, now).await? {
            self.audit
                .record(
                    Event::new(
                        Actor::cli(operator),
                        Action::RecoveryCancelled,
                        Some(request.identity_id),
                    )
                    .reason("requesting key revoked")
                    .details(serde_json::json!({ "link_id": request.id, "key_id": id })),
                )
                .await?;
        }
        Ok(())
    }

    /// The live key a bearer token names, or `AdminKeyInvalid`.
    pub async fn authenticate(&self, presented: &str) -> Result<AdminKey, Error> {
        if !presented.starts_with(PREFIX) {
            return Err(Error::AdminKeyInvalid);
        }
        let hash = Secret::from_client(presented).hash();
        self.store
            .use_admin_key(&hash, self.clock.now())
            .await?
            .ok_or(Error::AdminKeyInvalid)
    }
}

/// A key's name or owner: 1 to 100 characters of one line.
fn label<'a>(what: &str, text: &'a str) -> Result<&'a str, Error> {
    let text = text.trim();
    if text.is_empty() || text.chars().count() > 100 || text.chars().any(char::is_control) {
        return Err(Error::InvalidRequest(format!(
            "A key's {what} is 1 to 100 characters, without line breaks."
        )));
    }
    Ok(text)
}
