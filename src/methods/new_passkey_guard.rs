//! The email-compromise guard. On a `high_value` identity, an email sign-in is restricted until a
//! passkey is saved in it; without a guard, whoever controls the mailbox would get full access by
//! saving their own passkey. So a passkey saved from a restricted session:
//! - is announced at once on every confirmed address, with "This wasn't me", which removes it and
//!   ends every session it made or lifted (audited);
//! - waits out `policy.high_value.new_passkey_cooldown` (0 for `business`, 24 h for `regulated`):
//!   until then its sessions stay restricted, unless an older passkey (a step-up) or a backup
//!   code confirms it.

use std::sync::Arc;

use serde::Serialize;
use time::Duration;
use url::Url;

use crate::audit::{Action, Audit, Event, Origin};
use crate::clock::Clock;
use crate::courier::{Courier, MailTemplate, Requester};
use crate::domain::{Identity, PasskeyCredential};
use crate::error::Error;
use crate::secret::{Secret, link_with_token};
use crate::sessions::{ActiveSession, IssuedSession, Sessions};
use crate::store::Store;

pub struct GuardSettings {
    pub cooldown: Duration,
    pub base_url: Url,
    pub product: String,
}

pub struct NewPasskeyGuard {
    store: Store,
    clock: Arc<dyn Clock>,
    courier: Arc<Courier>,
    audit: Arc<Audit>,
    sessions: Arc<Sessions>,
    settings: GuardSettings,
}

#[derive(Serialize)]
struct NoticeContext<'a> {
    product: &'a str,
    #[serde(flatten)]
    requester: Requester,
    name: &'a str,
    cooldown: Option<String>,
    disown_link: String,
}

/// A passkey saved in a restricted session, and the session that replaced it.
pub struct ReEnrolled {
    pub passkey: PasskeyCredential,
    pub session: IssuedSession,
}

impl ReEnrolled {
    /// The new session is no longer restricted (the passkey has no cooldown to wait out).
    pub fn lifted(&self) -> bool {
        !self.session.active.session.restricted
    }
}

impl NewPasskeyGuard {
    /// A passkey was saved in a restricted session: it is guarded (announced, maybe cooling), and
    /// the ceremony replaces the session under a new token, lifted unless the passkey waits.
    pub async fn re_enrol(
        &self,
        active: &ActiveSession,
        token: &Secret,
        passkey: PasskeyCredential,
        origin: &Origin,
    ) -> Result<ReEnrolled, Error> {
        let identity = &active.identity;
        let passkey = self.guard(identity, passkey, origin).await?;
        let session = self.sessions.after_passkey(active, token, &passkey).await?;
        let re_enrolled = ReEnrolled { passkey, session };
        if re_enrolled.lifted() {
            self.audit
                .record(
                    Event::by_identity(identity.id, Action::RestrictionLifted)
                        .details(serde_json::json!({
                            "passkey_id": re_enrolled.passkey.id,
                            "session_id": re_enrolled.session.active.session.id,
                        }))
                        .from(origin),
                )
                .await?;
        }
        Ok(re_enrolled)
    }

    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        courier: Arc<Courier>,
        audit: Arc<Audit>,
        sessions: Arc<Sessions>,
        settings: GuardSettings,
    ) -> Self {
        Self {
            store,
            clock,
            courier,
            audit,
            sessions,
            settings,
        }
    }

    /// Guards a passkey just saved from a restricted session: starts its cooldown and announces
    /// it. Returns it as guarded.
    async fn guard(
        &self,
        identity: &Identity,
        mut passkey: PasskeyCredential,
        origin: &Origin,
    ) -> Result<PasskeyCredential, Error> {
        let now = self.clock.now();
        let cooldown = self.settings.cooldown;
        passkey.cooldown_until = (cooldown > Duration::ZERO).then_some(now + cooldown);
        let disown = Secret::generate()?;
        self.store
            .guard_passkey(passkey.id, passkey.cooldown_until, &disown.hash())
            .await?;
        let context = NoticeContext {
            product: &self.settings.product,
            requester: Requester::new(origin.user_agent.as_deref().unwrap_or_default(), now),
            name: &passkey.name,
            cooldown: (cooldown > Duration::ZERO).then(|| crate::config::duration::format(cooldown)),
            disown_link: link_with_token(&self.settings.base_url, "ui/passkey/disown", &disown),
        };
        // "This wasn't me" is worth delivering for as long as anyone would act on it.
        self.courier
            .notify_confirmed(
                identity.id,
                MailTemplate::PasskeyAddedFromEmail,
                &context,
                now + Duration::days(7),
            )
            .await?;
        self.audit
            .record(
                Event::by_identity(identity.id, Action::PasskeyGuarded)
                    .details(serde_json::json!({
                        "passkey_id": passkey.id,
                        "cooldown_until": passkey.cooldown_until.map(|t| t.unix_timestamp()),
                    }))
                    .from(origin),
            )
            .await?;
        Ok(passkey)
    }

    /// "This wasn't me": removes the passkey the token names and ends every session it made or
    /// lifted. Returns how many sessions ended.
    pub async fn disown(&self, token: &str, origin: &Origin) -> Result<usize, Error> {
        let passkey = self
            .store
            .disown_passkey(&Secret::from_client(token).hash())
            .await?
            .ok_or(Error::LinkInvalid)?;
        let ended = self.sessions.revoke_made_by(passkey.id).await?;
        self.audit
            .record(
                Event::by_identity(passkey.identity_id, Action::PasskeyDisowned)
                    .details(serde_json::json!({ "passkey_id": passkey.id, "sessions_ended": ended }))
                    .from(origin),
            )
            .await?;
        Ok(ended)
    }

    /// An older passkey or a backup code vouched for the identity's new passkeys: their cooldown
    /// ends.
    pub async fn confirm(&self, identity: &Identity, by: &str, origin: &Origin) -> Result<(), Error> {
        let confirmed = self.store.confirm_passkeys(identity.id).await?;
        if confirmed > 0 {
            self.audit
                .record(
                    Event::by_identity(identity.id, Action::PasskeyConfirmed)
                        .details(serde_json::json!({ "passkeys": confirmed, "by": by }))
                        .from(origin),
                )
                .await?;
        }
        Ok(())
    }
}
