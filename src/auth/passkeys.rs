//! Passkeys on an account: saving one (plain, re-enrolment, the end of a recovery), stepping up,
//! confirming one still cooling, removing one, and disowning one ("This wasn't me").
//!
//! # Security: the email-compromise guard
//! On a `high_value` identity a sign-in without a passkey is restricted until a passkey is saved
//! in it; without a guard, whoever reads the mailbox would get full access by saving their own.
//! So a passkey saved from a restricted session:
//! - is announced at once on every confirmed address, with "This wasn't me", which removes it
//!   and undoes what its sessions did (backup codes made, passkeys added, sessions made or
//!   lifted);
//! - waits out `policy.high_value.new_passkey_cooldown`: until then its sessions stay
//!   restricted (never privileged, whatever their level), unless an established passkey named
//!   in a step-up, or a backup code made before it, confirms it.

use serde::Serialize;
use time::Duration;
use url::Url;
use uuid::Uuid;
use webauthn_rs::prelude::CreationChallengeResponse;

use super::{AuthCore, Presented, refusal, user_agent};
use crate::audit::{Action as Audited, Event, Origin};
use crate::courier::{MailTemplate, Requester};
use crate::domain::PasskeyCredential;
use crate::error::Error;
use crate::methods::Starter;
use crate::methods::backup_codes::BackupCodeMethod;
use crate::methods::passkey::{OtherDevice, PasskeyMethod, PasskeySignIn};
use crate::policy::{self, Action, Confirmation, Decision, Facts, PasskeyState, Restriction};
use crate::secret::{Secret, link_with_token};
use crate::sessions::{ActiveSession, IssuedSession};
use crate::store::PasskeyRemoval;

/// What the guard's notice needs.
pub struct GuardSettings {
    pub cooldown: Duration,
    pub base_url: Url,
    pub product: String,
}

/// How a saved passkey changed the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Saved {
    /// Another passkey on an unrestricted session: the session stays as it was.
    Added,
    /// Saved from a restricted session: guarded; `lifted` when the new session is unrestricted
    /// (no cooldown to wait out).
    ReEnrolled { lifted: bool },
    /// Saved from a recovery link's session: the recovery is complete.
    Recovered,
}

/// A passkey just saved, and the session that replaced the caller's, if one did.
#[derive(Debug)]
pub struct SavedPasskey {
    pub passkey: PasskeyCredential,
    pub session: Option<IssuedSession>,
    pub saved: Saved,
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
    cooldown: Option<String>,
    disown_link: String,
}

impl AuthCore {
    /// Saves a verified new passkey in the presented session. What follows depends on the
    /// session: nothing more on an unrestricted one; the guard and a new session on a restricted
    /// one; the end of the recovery on a recovery link's session.
    pub async fn save_passkey(
        &self,
        presented: Presented<'_>,
        mut passkey: PasskeyCredential,
        origin: &Origin,
    ) -> Result<SavedPasskey, Error> {
        let active = presented.active;
        let facts = self.require(active, &Action::AddPasskey).await?;
        passkey.added_by_passkey = active.session.passkey_id;
        passkey.added_in_session = Some(active.session.id);
        let saved = match facts.restriction {
            None => {
                self.store.add_passkey(&passkey, None).await?;
                self.passkey_added(&passkey, origin).await?;
                return Ok(SavedPasskey {
                    passkey,
                    session: None,
                    saved: Saved::Added,
                });
            }
            Some(Restriction::Enrolment) => {
                self.store.add_passkey(&passkey, None).await?;
                self.passkey_added(&passkey, origin).await?;
                Saved::Recovered
            }
            Some(Restriction::Fallback | Restriction::Cooling { .. }) => {
                self.save_guarded(&mut passkey, origin).await?;
                Saved::ReEnrolled { lifted: false }
            }
        };
        let session = self.sessions.after_passkey(active, presented.token, &passkey).await?;
        let saved = match saved {
            Saved::Recovered => {
                self.recovery_completed(&session, origin).await?;
                Saved::Recovered
            }
            _ => {
                let lifted = !session.active.session.restricted;
                if lifted {
                    self.audit
                        .record(
                            Event::by_identity(passkey.identity_id, Audited::RestrictionLifted)
                                .details(serde_json::json!({ "passkey_id": passkey.id, "session_id": session.active.session.id }))
                                .from(origin),
                        )
                        .await?;
                }
                Saved::ReEnrolled { lifted }
            }
        };
        Ok(SavedPasskey {
            passkey,
            session: Some(session),
            saved,
        })
    }

    async fn passkey_added(&self, passkey: &PasskeyCredential, origin: &Origin) -> Result<(), Error> {
        self.audit
            .record(
                Event::by_identity(passkey.identity_id, Audited::PasskeyAdded)
                    .details(serde_json::json!({ "passkey_id": passkey.id, "name": passkey.name, "device": passkey.device_kind }))
                    .from(origin),
            )
            .await
            .map(drop)
    }

    /// Saves a passkey from a restricted session under the guard: its cooldown and its "This
    /// wasn't me" token are written with it, and every confirmed address is told.
    async fn save_guarded(&self, passkey: &mut PasskeyCredential, origin: &Origin) -> Result<(), Error> {
        let now = self.clock.now();
        let cooldown = self.settings.guard.cooldown;
        passkey.cooldown_until = (cooldown > Duration::ZERO).then_some(now + cooldown);
        let disown = Secret::generate()?;
        self.store.add_passkey(passkey, Some(&disown.hash())).await?;
        self.passkey_added(passkey, origin).await?;
        let guard = &self.settings.guard;
        let context = NoticeContext {
            product: &guard.product,
            requester: Requester::new(user_agent(origin), now),
            name: &passkey.name,
            cooldown: (cooldown > Duration::ZERO).then(|| crate::config::duration::format(cooldown)),
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

    /// A recovery is complete: no other link of the identity stays open, and the other sessions
    /// end (all of them, or with `recovery.revoke_other_sessions: false` the restricted ones,
    /// which include other recovery sessions).
    async fn recovery_completed(&self, session: &IssuedSession, origin: &Origin) -> Result<(), Error> {
        let now = self.clock.now();
        let identity_id = session.active.identity.id;
        let this = session.active.session.id;
        for link in self.store.cancel_open_links(identity_id, None, now).await? {
            self.audit
                .record(
                    Event::by_identity(identity_id, Audited::RecoveryCancelled)
                        .reason("recovery completed")
                        .details(serde_json::json!({ "link_id": link.id }))
                        .from(origin),
                )
                .await?;
        }
        let ended = if self.settings.recovery_ends_other_sessions {
            self.sessions.revoke_identity(identity_id, Some(this)).await?
        } else {
            self.sessions.revoke_restricted(identity_id, this).await?
        };
        self.audit
            .record(
                Event::by_identity(identity_id, Audited::RecoveryCompleted)
                    .details(serde_json::json!({ "other_sessions_ended": ended }))
                    .from(origin),
            )
            .await
            .map(drop)
    }

    /// A step-up: the person confirms with one of their own passkeys and a new `aal2` session
    /// replaces this one. `confirm`: a cooling passkey of theirs the step-up vouches for; only an
    /// established passkey may, and only the one it names (never implicitly).
    pub async fn step_up(
        &self,
        presented: Presented<'_>,
        confirmed: PasskeySignIn,
        confirm: Option<Uuid>,
        origin: &Origin,
    ) -> Result<IssuedSession, Error> {
        let active = presented.active;
        let identity = &active.identity;
        self.require(active, &Action::ReadAccount).await?;
        // A passkey of another account proves nothing about this session's owner.
        if confirmed.identity.id != identity.id {
            return Err(Error::PasskeyVerificationFailed);
        }
        if !confirmed.user_verified {
            return Err(Error::PasskeyUserVerificationRequired);
        }
        if let Some(target) = confirm {
            let by = if target == confirmed.passkey.id {
                Confirmation::Itself
            } else {
                Confirmation::Passkey(PasskeyState::at(confirmed.passkey.cooldown_until, self.clock.now()))
            };
            self.may_confirm(active, by).await?;
            self.mark_confirmed(identity.id, target, by, origin).await?;
        }
        let session = self
            .sessions
            .after_passkey(active, presented.token, &confirmed.passkey)
            .await?;
        self.audit
            .record(
                Event::by_identity(identity.id, Audited::SteppedUp)
                    .details(serde_json::json!({
                        "session_id": session.active.session.id,
                        "passkey_id": confirmed.passkey.id,
                        "was_restricted": active.session.restricted,
                    }))
                    .from(origin),
            )
            .await?;
        Ok(session)
    }

    /// Whether policy accepts `by` as confirming a cooling passkey in this session.
    async fn may_confirm(&self, active: &ActiveSession, by: Confirmation) -> Result<(), Error> {
        let facts = self.facts(active).await?;
        match policy::decide(&Facts::Session(facts), &Action::ConfirmCoolingPasskey(by)) {
            Decision::Allow => Ok(()),
            Decision::Deny(denial) => Err(refusal(denial)),
        }
    }

    /// Ends the cooldown of one passkey of the identity (policy already accepted `by`).
    async fn mark_confirmed(
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
    pub async fn confirm_with_backup_code(
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
        self.may_confirm(active, by).await?;
        let remaining = codes
            .confirm(identity, typed, cooling.created_at, user_agent(origin))
            .await?;
        self.mark_confirmed(identity.id, cooling.id, by, origin).await?;
        let session = self.sessions.after_backup_code(active, presented.token).await?;
        Ok((session, remaining))
    }

    /// Removes one of the identity's passkeys (never the last) and ends every other session it
    /// made or lifted.
    pub async fn remove_passkey(&self, active: &ActiveSession, id: Uuid, origin: &Origin) -> Result<usize, Error> {
        self.require(active, &Action::RemovePasskey).await?;
        let identity_id = active.identity.id;
        let passkey = self.store.passkey(identity_id, id).await?.ok_or(Error::NotFound)?;
        match self.store.remove_passkey(identity_id, id, self.clock.now()).await? {
            PasskeyRemoval::Removed => {}
            PasskeyRemoval::LastOne => return Err(Error::LastPasskey),
            PasskeyRemoval::NotFound => return Err(Error::NotFound),
        }
        // The session removing it stays: it is the owner acting.
        let ended = self.sessions.revoke_made_by(&passkey, Some(active.session.id)).await?;
        self.audit
            .record(
                Event::by_identity(identity_id, Audited::PasskeyRemoved)
                    .details(serde_json::json!({ "passkey_id": id, "sessions_ended": ended }))
                    .from(origin),
            )
            .await?;
        Ok(ended)
    }

    /// "This wasn't me": removes the passkey the notice's token names and undoes what its
    /// sessions did — the passkeys they saved (and, in turn, what those did), the backup codes
    /// they made, the sessions any of them made or lifted.
    pub async fn disown(&self, token: &str, origin: &Origin) -> Result<Undone, Error> {
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

    /// Starts saving another passkey, if policy lets this session.
    pub async fn start_saving_passkey(
        &self,
        active: &ActiveSession,
        passkeys: &PasskeyMethod,
        starter: Starter<'_>,
        device: Option<OtherDevice>,
    ) -> Result<(Uuid, CreationChallengeResponse), Error> {
        self.require(active, &Action::AddPasskey).await?;
        passkeys.start_add_passkey(&active.identity, starter, device).await
    }
}
