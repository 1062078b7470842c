//! Passwords of legacy accounts, for migrating a user base to passkeys: hashes brought in by an
//! import (`crate::admin::import`), never set by latchkey on an account that had none, and no way
//! to set or reset one.
//!
//! # Security
//! - One answer (`credentials_invalid`) for an unknown address, an account without a password
//!   and a wrong password; each path computes one Argon2id hash, so they take the same time as
//!   long as the stored hash is latchkey's own Argon2id. A legacy hash not yet replaced costs what
//!   its family and cost parameters cost, which may tell such an account from an unknown address
//!   by timing; it is replaced by Argon2id on the first successful sign-in.
//! - Every try counts in the fallback try limit the email codes and backup codes share.
//! - A refused password on an existing account is audited; tries on unknown addresses are not
//!   (there is no one to record them for, and they would let anyone fill the trail).

pub mod legacy_hash;

use std::sync::Arc;

use tokio::sync::OnceCell;

use crate::audit::{Action, Actor, Audit, Event, Origin};
use crate::clock::Clock;
use crate::courier::{Courier, MailTemplate, Requester};
use crate::domain::{Identity, IdentityState};
use crate::error::Error;
use crate::methods::passkey::normalise_email;
use crate::slow_hash::SlowHasher;
use crate::store::{PromptState, Store};
use crate::telemetry::{Step, Telemetry};
use crate::try_limit::{self, Notice, Tried};
use legacy_hash::{Family, LegacyHash};

/// The start of the PHC strings `SlowHasher` writes: a stored hash with exactly these
/// parameters needs no upgrade.
const CURRENT_PREFIX: &str = "$argon2id$v=19$m=19456,t=2,p=1$";

pub struct PasswordSettings {
    pub enabled: bool,
    /// How long "Continue" (or "Not now") puts off a prompt.
    pub prompt_interval: time::Duration,
    /// How long an identity has had a passkey before a passkey sign-in offers to turn its
    /// password off.
    pub disable_after: time::Duration,
    pub product: String,
    pub login_url: String,
    /// For the tier the funnel counts prompts under.
    pub policy: crate::config::PolicyConfig,
}

pub struct PasswordMethod {
    store: Store,
    clock: Arc<dyn Clock>,
    courier: Arc<Courier>,
    hasher: Arc<SlowHasher>,
    audit: Arc<Audit>,
    telemetry: Arc<Telemetry>,
    settings: PasswordSettings,
    /// An Argon2id hash of nothing anyone knows, checked when there is no password to check.
    dummy: OnceCell<String>,
}

impl PasswordMethod {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        courier: Arc<Courier>,
        hasher: Arc<SlowHasher>,
        audit: Arc<Audit>,
        telemetry: Arc<Telemetry>,
        settings: PasswordSettings,
    ) -> Self {
        Self {
            store,
            clock,
            courier,
            hasher,
            audit,
            telemetry,
            settings,
            dummy: OnceCell::new(),
        }
    }

    /// The identity whose address is `identifier` and whose password is `password`.
    pub async fn sign_in(&self, identifier: &str, password: &str, origin: &Origin) -> Result<Identity, Error> {
        if !self.settings.enabled {
            return Err(Error::MethodDisabled);
        }
        let address = normalise_email(identifier).map_err(|_| Error::CredentialsInvalid)?;
        let tried = try_limit::tried_on(&self.store, &address).await?;
        let owner = match tried {
            Tried::Identity(id) => Some(id),
            Tried::Address(_) => None,
        };
        let notice = Notice {
            courier: &self.courier,
            product: &self.settings.product,
            login_url: &self.settings.login_url,
        };
        try_limit::take_try(&self.store, &self.audit, &notice, tried, self.clock.now()).await?;
        let stored = match owner {
            Some(id) => self.store.password_hash(id).await?,
            None => None,
        };
        let Some((owner, stored)) = owner.zip(stored) else {
            self.check_dummy(password).await?;
            return Err(self.refused(owner, origin).await?);
        };
        if !self.verify(&stored, password).await? {
            return Err(self.refused(Some(owner), origin).await?);
        }
        let identity = self.store.identity(owner).await?.ok_or(Error::CredentialsInvalid)?;
        if identity.state != IdentityState::Active {
            return Err(Error::IdentityInactive);
        }
        if !stored.starts_with(CURRENT_PREFIX) {
            self.upgrade(&identity, &stored, password, origin).await?;
        }
        Ok(identity)
    }

    /// Records a refused password, whatever the reason (no such address, no password, a wrong
    /// one), and returns the one answer all three get.
    ///
    /// # Security
    /// Every refusal writes the same entry: one written for a wrong password only would make that
    /// answer measurably slower (an audit transaction) and tell which addresses hold a password.
    /// The entry names the identity holding the address, if any; never the address typed.
    async fn refused(&self, owner: Option<uuid::Uuid>, origin: &Origin) -> Result<Error, Error> {
        let actor = Actor::System {
            name: "password sign-in".into(),
        };
        self.audit
            .record(Event::new(actor, Action::PasswordRefused, owner).from(origin))
            .await?;
        Ok(Error::CredentialsInvalid)
    }

    /// Whether to ask "Switch to passwordless sign-in?" after this identity's password sign-in:
    /// it has no passkey, and "Continue" was not pressed within the prompt interval.
    pub async fn prompt_due(&self, identity: &Identity) -> Result<bool, Error> {
        if !self.store.passkeys(identity.id).await?.is_empty() {
            return Ok(false);
        }
        let state = self.store.password_prompt_state(identity.id).await?;
        Ok(state.is_some_and(|state| self.not_put_off(state)))
    }

    /// Whether a passkey sign-in should ask "Disable password?": the password is on, the first
    /// passkey was saved at least `disable_after` ago, and "Not now" was not pressed within the
    /// prompt interval. On every passkey sign-in while the method is on: one read of the password
    /// row answers both "is it on" and "was it put off".
    pub async fn disable_offer_due(&self, identity: &Identity) -> Result<bool, Error> {
        if !self.settings.enabled {
            return Ok(false);
        }
        let Some(state) = self.store.password_prompt_state(identity.id).await? else {
            return Ok(false);
        };
        let now = self.clock.now();
        let first_passkey = self
            .store
            .passkeys(identity.id)
            .await?
            .iter()
            .map(|p| p.created_at)
            .min();
        Ok(first_passkey.is_some_and(|at| now >= at + self.settings.disable_after) && self.not_put_off(state))
    }

    /// Whether the prompts are due again: never put off, or put off longer than the prompt
    /// interval ago.
    fn not_put_off(&self, state: PromptState) -> bool {
        state
            .put_off_at
            .is_none_or(|at| self.clock.now() >= at + self.settings.prompt_interval)
    }

    /// Records that a sign-in's answer asked `prompt` ("switch" to a passkey, or "disable" the
    /// password), for the migration's numbers.
    pub async fn prompt_shown(&self, identity: &Identity, prompt: &'static str, origin: &Origin) -> Result<(), Error> {
        self.record_prompt(identity, Action::PasswordPromptShown, prompt, origin)
            .await
    }

    /// "Continue" (or "Not now") on a prompt: it waits for the prompt interval.
    pub async fn put_off_prompt(&self, identity: &Identity, origin: &Origin) -> Result<(), Error> {
        if !self
            .store
            .put_off_password_prompt(identity.id, self.clock.now())
            .await?
        {
            return Ok(());
        }
        // Without a passkey it was the switch prompt; with one, the disable prompt.
        let prompt = if self.store.passkeys(identity.id).await?.is_empty() {
            "switch"
        } else {
            "disable"
        };
        self.record_prompt(identity, Action::PasswordPromptPutOff, prompt, origin)
            .await
    }

    async fn record_prompt(
        &self,
        identity: &Identity,
        action: Action,
        prompt: &'static str,
        origin: &Origin,
    ) -> Result<(), Error> {
        let step = match action {
            Action::PasswordPromptShown => Step::PromptShown,
            _ => Step::PromptPutOff,
        };
        let tier = crate::policy::tier(identity, &self.settings.policy);
        self.telemetry.funnel.record(step, Some(tier), prompt);
        self.audit
            .record(
                Event::by_identity(identity.id, action)
                    .details(serde_json::json!({ "prompt": prompt }))
                    .from(origin),
            )
            .await?;
        Ok(())
    }

    /// Whether the identity has a password.
    pub async fn is_on(&self, identity: &Identity) -> Result<bool, Error> {
        Ok(self.store.password_hash(identity.id).await?.is_some())
    }

    /// Turns the identity's password off for good: the hash is deleted, and every confirmed
    /// address is told. The auth core asks the policy first. False when it had none.
    pub async fn disable(&self, identity: &Identity, origin: &Origin) -> Result<bool, Error> {
        if !self.store.delete_password(identity.id).await? {
            return Ok(false);
        }
        self.audit
            .record(Event::by_identity(identity.id, Action::PasswordDisabled).from(origin))
            .await?;
        let now = self.clock.now();
        let requester = Requester::new(origin.user_agent_or_empty(), now);
        let context = serde_json::json!({
            "product": self.settings.product,
            "device": requester.device,
            "requested_at": requester.requested_at,
            "login_url": self.settings.login_url,
        });
        // A notice is worth sending for a day; after that it only confuses.
        self.courier
            .notify_confirmed(
                identity.id,
                MailTemplate::PasswordDisabled,
                &context,
                now + time::Duration::days(1),
            )
            .await?;
        Ok(true)
    }

    async fn verify(&self, stored: &str, password: &str) -> Result<bool, Error> {
        if stored.starts_with(CURRENT_PREFIX) {
            return self.hasher.verify(password, stored).await;
        }
        // Stored hashes passed the import's checks; one that no longer parses matches nothing.
        let Ok(legacy) = LegacyHash::parse(stored) else {
            return Ok(false);
        };
        let password = password.to_owned();
        self.hasher.run(move || legacy.verify(&password)).await
    }

    async fn check_dummy(&self, password: &str) -> Result<(), Error> {
        let dummy = self
            .dummy
            .get_or_try_init(|| async {
                let unknowable = crate::secret::Secret::generate()?;
                self.hasher.hash(unknowable.expose()).await
            })
            .await?;
        self.hasher.verify(password, dummy).await?;
        Ok(())
    }

    /// Replaces a legacy hash (or Argon2id with older parameters) by latchkey's Argon2id.
    async fn upgrade(&self, identity: &Identity, stored: &str, password: &str, origin: &Origin) -> Result<(), Error> {
        let from = LegacyHash::parse(stored).map_or("unknown", |h| h.family().as_str());
        let hash = self.hasher.hash(password).await?;
        if self
            .store
            .replace_password_hash(identity.id, &hash, self.clock.now())
            .await?
        {
            self.audit
                .record(
                    Event::by_identity(identity.id, Action::PasswordRehashed)
                        .details(serde_json::json!({ "from": from, "to": Family::Argon2id.as_str() }))
                        .from(origin),
                )
                .await?;
        }
        Ok(())
    }
}
