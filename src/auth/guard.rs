//! The email-compromise guard. On a `high_value` identity a sign-in without a passkey is
//! restricted until a passkey is saved in it; without a guard, whoever reads the mailbox would get
//! full access by saving their own. So a passkey saved from a restricted session:
//! - is announced at once on every confirmed address, with "This wasn't me", which removes it
//!   and undoes what its sessions did (the passkeys they saved, the backup codes they made, the
//!   sessions they made or lifted, the session it was saved in);
//! - waits out `policy.high_value.new_passkey_cooldown`: until then its sessions stay
//!   restricted (never privileged, whatever their level), unless an established passkey named
//!   in a step-up, or a backup code made before it, confirms it (`policy::decide` says which).

use serde::Serialize;
use time::Duration;
use url::Url;
use uuid::Uuid;

use super::passkeys::Saving;
use super::{AuthCore, Presented};
use crate::audit::{Action as Audited, Event, Origin};
use crate::courier::{MailTemplate, Requester};
use crate::domain::{Method, PasskeyCredential};
use crate::error::Error;
use crate::methods::backup_codes::BackupCodeMethod;
use crate::policy::{Action, Confirmation, PasskeyState};
use crate::secret::{Secret, link_with_token};
use crate::sessions::IssuedSession;

/// What the guard's notice needs.
pub struct GuardSettings {
    pub cooldown: Duration,
    pub base_url: Url,
    pub product: String,
}

/// What "This wasn't me" took back.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Undone {
    pub passkeys_removed: usize,
    pub sessions_ended: usize,
    pub backup_codes_deleted: u64,
}

#[derive(Serialize)]
struct NoticeContext<'a> {
    product: &'a str,
    #[serde(flatten)]
    requester: Requester,
    name: &'a str,
    /// The way in of the session it was saved from.
    way: Method,
    /// How long its sessions stay limited, if at all.
    cooldown_seconds: Option<i64>,
    disown_link: String,
}

impl AuthCore {
    /// Saves a passkey from a restricted session under the guard: its cooldown and its "This
    /// wasn't me" token are written with it, and every confirmed address is told.
    pub(super) async fn save_guarded(
        &self,
        passkey: &mut PasskeyCredential,
        origin: &Origin,
        saving: Saving,
        way: Method,
    ) -> Result<(), Error> {
        let now = self.clock.now();
        let cooldown = self.settings.guard.cooldown;
        passkey.cooldown_until = (cooldown > Duration::ZERO).then_some(now + cooldown);
        let disown = Secret::generate()?;
        self.store.add_passkey(passkey, Some(&disown.hash())).await?;
        self.passkey_added(passkey, origin, saving).await?;
        let guard = &self.settings.guard;
        let context = NoticeContext {
            product: &guard.product,
            requester: Requester::new(origin.user_agent_or_empty(), now),
            name: &passkey.name,
            way,
            cooldown_seconds: (cooldown > Duration::ZERO).then(|| cooldown.whole_seconds()),
            disown_link: link_with_token(&guard.base_url, "ui/passkey/disown", &disown),
        };
        // "This wasn't me" is worth delivering for as long as anyone would act on it.
        self.courier
            .notify_confirmed(
                passkey.identity_id,
                MailTemplate::PasskeyAddedFromEmail,
                &context,
                now + Duration::days(7),
            )
            .await?;
        self.audit
            .record(
                Event::by_identity(passkey.identity_id, Audited::PasskeyGuarded)
                    .details(serde_json::json!({
                        "passkey_id": passkey.id,
                        "cooldown_until": passkey.cooldown_until.map(|t| t.unix_timestamp()),
                    }))
                    .from(origin),
            )
            .await
            .map(drop)
    }

    /// Ends the cooldown of one passkey of the identity (policy already accepted `by`).
    pub(super) async fn confirm_passkey(
        &self,
        identity_id: Uuid,
        target: Uuid,
        by: Confirmation,
        origin: &Origin,
    ) -> Result<(), Error> {
        if !self.store.confirm_passkey(identity_id, target).await? {
            return Err(Error::InvalidRequest(
                "That passkey is not one of yours waiting for confirmation.".into(),
            ));
        }
        self.audit
            .record(
                Event::by_identity(identity_id, Audited::PasskeyConfirmed)
                    .details(serde_json::json!({
                        "passkey_id": target,
                        "by": if matches!(by, Confirmation::BackupCode { .. }) { "backup_code" } else { "passkey" },
                    }))
                    .from(origin),
            )
            .await
            .map(drop)
    }

    /// A session made by a passkey still cooling: a backup code made before that passkey
    /// confirms it, and a session no longer restricted replaces this one. Returns it with the
    /// number of codes left.
    pub(crate) async fn confirm_with_backup_code(
        &self,
        presented: Presented<'_>,
        codes: &BackupCodeMethod,
        typed: &str,
        origin: &Origin,
    ) -> Result<(IssuedSession, i64), Error> {
        let active = presented.active;
        let identity = &active.identity;
        let now = self.clock.now();
        let cooling = match active.session.passkey_id {
            Some(id) => self.store.passkey(identity.id, id).await?,
            None => None,
        }
        .filter(|p| matches!(PasskeyState::at(p.cooldown_until, now), PasskeyState::Cooling { .. }))
        .ok_or_else(|| {
            Error::InvalidRequest("This session was not made by a passkey that waits for confirmation.".into())
        })?;
        let made = codes.status(identity).await?.created_at;
        let by = Confirmation::BackupCode {
            older: made.is_some_and(|made| made < cooling.created_at),
        };
        // Decided before the code is spent: a refused confirmation costs no code.
        self.require(active, &Action::ConfirmCoolingPasskey(by)).await?;
        let remaining = codes
            .confirm(identity, typed, cooling.created_at, origin.user_agent_or_empty())
            .await?;
        self.confirm_passkey(identity.id, cooling.id, by, origin).await?;
        let session = self.sessions.after_backup_code(active, presented.token).await?;
        Ok((session, remaining))
    }

    /// "This wasn't me": removes the passkey the notice's token names and undoes what its
    /// sessions did — the passkeys they saved (and, in turn, what those did), the backup codes
    /// they made, the sessions any of them made or lifted.
    pub(crate) async fn disown(&self, token: &str, origin: &Origin) -> Result<Undone, Error> {
        let disowned = self
            .store
            .disown_passkey(&Secret::from_client(token).hash())
            .await?
            .ok_or(Error::LinkInvalid)?;
        let mut undone = Undone::default();
        let mut to_undo = vec![disowned.clone()];
        while let Some(passkey) = to_undo.pop() {
            undone.passkeys_removed += 1;
            undone.sessions_ended += self.sessions.revoke_made_by(&passkey, None).await?;
            undone.backup_codes_deleted += self.store.delete_backup_codes_made_by(passkey.id).await?;
            to_undo.extend(self.store.remove_passkeys_added_by(passkey.id).await?);
        }
        self.audit
            .record(
                Event::by_identity(disowned.identity_id, Audited::PasskeyDisowned)
                    .details(serde_json::json!({ "passkey_id": disowned.id, "undone": undone }))
                    .from(origin),
            )
            .await?;
        Ok(undone)
    }
}
