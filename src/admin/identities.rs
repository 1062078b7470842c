//! What support staff do to identities through the admin API: find, inspect, create, disable,
//! delete, sign out everywhere. Each change is audited with the key that made it.

use std::sync::Arc;

use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::admin::keys::AdminKey;
use crate::audit::{Action, Audit, Event, Origin};
use crate::clock::Clock;
use crate::config::{Approval, PolicyConfig};
use crate::domain::{Identity, IdentityState, Tier};
use crate::error::Error;
use crate::methods::passkey::normalise_email;
use crate::policy::{self, AdminFacts, Facts};
use crate::sessions::Sessions;
use crate::store::Store;

/// Identities a page of the list holds at most.
pub const MAX_PAGE: u32 = 200;

/// An identity as support sees it: who, how they can get in, and when they last did. Never a
/// secret: no key material, no code, no token.
#[derive(Debug, Clone, Serialize)]
pub struct IdentitySummary {
    pub id: Uuid,
    pub email: String,
    pub state: IdentityState,
    pub tier: Tier,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    pub addresses: Vec<AddressSummary>,
    pub passkeys: usize,
    pub backup_codes_left: i64,
    pub active_sessions: i64,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_sign_in_at: Option<OffsetDateTime>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AddressSummary {
    pub value: String,
    pub verified: bool,
    #[serde(with = "time::serde::rfc3339::option")]
    pub verified_at: Option<OffsetDateTime>,
}

/// A change to an identity; absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct IdentityChange {
    pub state: Option<IdentityState>,
    pub tier: Option<Tier>,
}

pub struct IdentityAdmin {
    store: Store,
    clock: Arc<dyn Clock>,
    sessions: Arc<Sessions>,
    audit: Arc<Audit>,
    policy: PolicyConfig,
    approval: Approval,
}

impl IdentityAdmin {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        sessions: Arc<Sessions>,
        audit: Arc<Audit>,
        policy: PolicyConfig,
        approval: Approval,
    ) -> Self {
        Self {
            store,
            clock,
            sessions,
            audit,
            policy,
            approval,
        }
    }

    /// Identities whose email contains `email` (any when `None`), in email order after `after`.
    pub async fn search(&self, email: Option<&str>, after: Option<&str>, limit: u32) -> Result<Vec<Identity>, Error> {
        self.store
            .search_identities(email, after, limit.clamp(1, MAX_PAGE))
            .await
    }

    pub async fn summary(&self, id: Uuid) -> Result<IdentitySummary, Error> {
        let identity = self.store.identity(id).await?.ok_or(Error::NotFound)?;
        let addresses = self.store.addresses(id).await?;
        let passkeys = self.store.passkeys(id).await?.len();
        let (backup_codes_left, _) = self.store.backup_codes_status(id).await?;
        let tier = policy::tier(&identity, &self.policy);
        Ok(IdentitySummary {
            id,
            email: identity.email,
            state: identity.state,
            tier,
            created_at: identity.created_at,
            addresses: addresses
                .into_iter()
                .map(|a| AddressSummary {
                    value: a.value,
                    verified: a.verified,
                    verified_at: a.verified_at,
                })
                .collect(),
            passkeys,
            backup_codes_left,
            active_sessions: self.store.live_session_count(id, self.clock.now()).await?,
            last_sign_in_at: self.store.last_sign_in(id).await?,
        })
    }

    /// Creates an identity with its email address and no credential: the person signs in by an
    /// emailed code (when `verified`) or by a recovery link, and is then offered a passkey.
    pub async fn create(
        &self,
        by: &AdminKey,
        origin: &Origin,
        email: &str,
        verified: bool,
        tier: Option<Tier>,
    ) -> Result<Identity, Error> {
        let email = normalise_email(email)?;
        let now = self.clock.now();
        // Choosing a tier is choosing how much recovery needs: without one the default applies.
        if tier.is_some() {
            self.admin_may(by, None, &policy::Action::ChangeTier)?;
        }
        let tier = tier.unwrap_or(self.policy.default_tier);
        let (identity, address) = Identity::with_address(email, IdentityState::Active, tier, verified, now);
        self.store.create_identity(&identity, &address).await?;
        self.audit
            .record(
                Event::new(by.actor(), Action::IdentityCreated, Some(identity.id))
                    .details(serde_json::json!({ "address_verified": verified, "tier": tier.as_str() }))
                    .from(origin),
            )
            .await?;
        Ok(identity)
    }

    /// Changes state or tier. Disabling also ends every session of the identity.
    ///
    /// # Security
    /// A tier is what recovery's rules follow, so changing it must not step around them:
    /// - lowering it from `high_value` takes effect for recovery only after
    ///   [`policy::TIER_LOWERING_WAIT`] (`high_value_until`);
    /// - raising it restricts the identity's live `aal1` sessions at once and cancels its open
    ///   recovery links, which were issued under the lower tier's rules.
    pub async fn update(&self, by: &AdminKey, origin: &Origin, id: Uuid, change: IdentityChange) -> Result<(), Error> {
        let identity = self.store.identity(id).await?.ok_or(Error::NotFound)?;
        let now = self.clock.now();
        if change.tier.is_some_and(|tier| tier != identity.tier) {
            self.admin_may(by, Some(&identity), &policy::Action::ChangeTier)?;
        }
        let state = change.state.unwrap_or(identity.state);
        let tier = change.tier.unwrap_or(identity.tier);
        let changed = policy::tier_change(&identity, tier, &self.policy, now);
        if !self
            .store
            .update_identity(id, state, tier, changed.high_value_until, now)
            .await?
        {
            return Err(Error::NotFound);
        }
        let restricted = if changed.raised {
            self.raised(by, origin, id).await?
        } else {
            0
        };
        let ended = if state == IdentityState::Inactive {
            self.sessions.revoke_identity(id, None).await?
        } else {
            self.sessions.forget_identity(id);
            0
        };
        self.audit
            .record(
                Event::new(by.actor(), Action::IdentityUpdated, Some(id))
                    .details(serde_json::json!({
                        "state": { "from": identity.state.as_str(), "to": state.as_str() },
                        "tier": { "from": identity.tier.as_str(), "to": tier.as_str() },
                        "high_value_for_recovery_until": changed.high_value_until.map(crate::clock::rfc3339),
                        "sessions_restricted": restricted,
                        "sessions_revoked": ended,
                    }))
                    .from(origin),
            )
            .await?;
        Ok(())
    }

    /// Whether policy lets this key do `action` to `identity` (`None`: one about to be created).
    /// Whether `by` may import identities (`POST /admin/identities` with a record).
    pub fn may_import(&self, by: &AdminKey) -> Result<(), Error> {
        self.admin_may(by, None, &policy::Action::ImportIdentities)
    }

    fn admin_may(&self, by: &AdminKey, identity: Option<&Identity>, action: &policy::Action) -> Result<(), Error> {
        let now = self.clock.now();
        let facts = Facts::Admin(AdminFacts {
            role: by.role,
            person: by.owner.clone(),
            recovery_tier: identity.map_or(self.policy.default_tier, |i| {
                policy::recovery_tier(i, &self.policy, now)
            }),
            approval: self.approval,
        });
        crate::auth::permit(&facts, action)
    }

    /// The identity became `high_value`: its `aal1` sessions are restricted now, and its open
    /// recovery links (issued under the lower tier's rules) are cancelled. Returns how many
    /// sessions were restricted.
    async fn raised(&self, by: &AdminKey, origin: &Origin, id: Uuid) -> Result<usize, Error> {
        let restricted = self.sessions.restrict_aal1(id).await?;
        for link in self.store.cancel_open_links(id, None, self.clock.now()).await? {
            self.audit
                .record(
                    Event::new(by.actor(), Action::RecoveryCancelled, Some(id))
                        .reason("tier raised to high_value")
                        .details(serde_json::json!({ "link_id": link.id }))
                        .from(origin),
                )
                .await?;
        }
        Ok(restricted)
    }

    /// Deletes an identity with its credentials; its sessions end first, everywhere.
    pub async fn delete(&self, by: &AdminKey, origin: &Origin, id: Uuid) -> Result<(), Error> {
        let identity = self.store.identity(id).await?.ok_or(Error::NotFound)?;
        self.admin_may(by, Some(&identity), &policy::Action::DeleteIdentity)?;
        self.sessions.revoke_identity(id, None).await?;
        if !self.store.delete_identity(id).await? {
            return Err(Error::NotFound);
        }
        self.audit
            .record(Event::new(by.actor(), Action::IdentityDeleted, Some(id)).from(origin))
            .await?;
        Ok(())
    }

    /// Ends every session of an identity; returns how many were live.
    pub async fn revoke_sessions(&self, by: &AdminKey, origin: &Origin, id: Uuid) -> Result<usize, Error> {
        self.store.identity(id).await?.ok_or(Error::NotFound)?;
        let ended = self.sessions.revoke_identity(id, None).await?;
        self.audit
            .record(
                Event::new(by.actor(), Action::SessionsRevoked, Some(id))
                    .details(serde_json::json!({ "count": ended }))
                    .from(origin),
            )
            .await?;
        Ok(ended)
    }
}
