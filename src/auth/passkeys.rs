//! Passkeys on an account: saving one (plain, re-enrolment under the guard, the end of a
//! recovery), stepping up (which may confirm a cooling passkey it names), removing one.

use serde::Serialize;
use uuid::Uuid;
use webauthn_rs::prelude::CreationChallengeResponse;

use super::{AuthCore, Presented};
use crate::audit::{Action as Audited, Event, Origin};
use crate::domain::{AddedVia, Method, PasskeyCredential};
use crate::error::Error;
use crate::methods::Starter;
use crate::methods::passkey::{NewPasskeyRequest, PasskeyMethod, PasskeySignIn, VerifiedNewPasskey};
use crate::policy::{Action, Confirmation, PasskeyState, Restriction};
use crate::sessions::{ActiveSession, IssuedSession};
use crate::store::PasskeyRemoval;
use crate::telemetry::Step;

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
    /// Saved without a dialog right after a password sign-in: the session stays as it was.
    Automatic,
}

/// How a passkey came to be saved, as the audit trail (and the migration's numbers) tell it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Saving {
    /// Through the browser's dialog.
    Dialog,
    /// Through the dialog, in a session a password sign-in made: "Switch to passwordless
    /// sign-in?" answered with "Save passkey".
    DialogAfterPassword,
    /// Without a dialog, right after a password sign-in.
    Automatic,
}

impl Saving {
    fn of(new: &VerifiedNewPasskey, session: &crate::domain::Session) -> Self {
        let by_password = matches!(session.methods.as_slice(), [only] if only.method == Method::Password);
        match (new.automatic, by_password) {
            (true, _) => Self::Automatic,
            (false, true) => Self::DialogAfterPassword,
            (false, false) => Self::Dialog,
        }
    }
}

/// A passkey just saved, and the session that replaced the caller's, if one did.
#[derive(Debug)]
pub struct SavedPasskey {
    pub passkey: PasskeyCredential,
    pub session: Option<IssuedSession>,
    pub saved: Saved,
}

impl AuthCore {
    /// Saves a verified new passkey in the presented session. What follows depends on the
    /// session: nothing more on an unrestricted one; the guard and a new session on a restricted
    /// one; the end of the recovery on a recovery link's session.
    ///
    /// # Security
    /// A passkey saved automatically (no dialog) proves the password sign-in it followed and no
    /// more: no person was seen to be present. It never replaces the session (no `aal2`, no
    /// restriction lifted); on a restricted session it is guarded like any other.
    pub(crate) async fn save_passkey(
        &self,
        presented: Presented<'_>,
        new: VerifiedNewPasskey,
        origin: &Origin,
    ) -> Result<SavedPasskey, Error> {
        let saved = self.save(presented, new, origin).await?;
        let identity = &presented.active.identity;
        let cause = match saved.saved {
            Saved::Automatic => "automatic",
            _ => presented
                .active
                .session
                .methods
                .first()
                .map_or("", |m| m.method.as_str()),
        };
        self.count(Step::PasskeySaved, identity, cause);
        Ok(saved)
    }

    async fn save(
        &self,
        presented: Presented<'_>,
        new: VerifiedNewPasskey,
        origin: &Origin,
    ) -> Result<SavedPasskey, Error> {
        let active = presented.active;
        let facts = self.require(active, &Action::AddPasskey).await?;
        let saving = Saving::of(&new, &active.session);
        let way_in = active.session.methods.first().map_or(Method::Code, |m| m.method);
        let mut passkey = new.credential;
        passkey.added_by_passkey = active.session.passkey_id;
        passkey.added_in_session = Some(active.session.id);
        passkey.added_via = Some(match (facts.restriction, saving) {
            (Some(Restriction::Enrolment), _) => AddedVia::Recovery,
            (_, Saving::Automatic | Saving::DialogAfterPassword) => AddedVia::Upgrade,
            (Some(_), Saving::Dialog) => AddedVia::ReEnrol,
            (None, Saving::Dialog) => AddedVia::Account,
        });
        if saving == Saving::Automatic {
            self.require_automatic(active).await?;
            if facts.restriction.is_some() {
                self.save_guarded(&mut passkey, origin, saving, way_in).await?;
            } else {
                self.store.add_passkey(&passkey, None).await?;
                self.passkey_added(&passkey, origin, saving).await?;
            }
            return Ok(SavedPasskey {
                passkey,
                session: None,
                saved: Saved::Automatic,
            });
        }
        match facts.restriction {
            None => {
                self.store.add_passkey(&passkey, None).await?;
                self.passkey_added(&passkey, origin, saving).await?;
                Ok(SavedPasskey {
                    passkey,
                    session: None,
                    saved: Saved::Added,
                })
            }
            Some(Restriction::Enrolment) => {
                self.store.add_passkey(&passkey, None).await?;
                self.passkey_added(&passkey, origin, saving).await?;
                let session = self.sessions.after_passkey(active, presented.token, &passkey).await?;
                self.recovery_completed(&session, origin).await?;
                Ok(SavedPasskey {
                    passkey,
                    session: Some(session),
                    saved: Saved::Recovered,
                })
            }
            Some(Restriction::Fallback | Restriction::Cooling { .. }) => {
                self.save_guarded(&mut passkey, origin, saving, way_in).await?;
                let session = self.sessions.after_passkey(active, presented.token, &passkey).await?;
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
                Ok(SavedPasskey {
                    passkey,
                    session: Some(session),
                    saved: Saved::ReEnrolled { lifted },
                })
            }
        }
    }

    pub(super) async fn passkey_added(
        &self,
        passkey: &PasskeyCredential,
        origin: &Origin,
        saving: Saving,
    ) -> Result<(), Error> {
        self.audit
            .record(
                Event::by_identity(passkey.identity_id, Audited::PasskeyAdded)
                    .details(serde_json::json!({
                        "passkey_id": passkey.id,
                        "name": passkey.name,
                        "device": passkey.device_kind,
                        "how": saving,
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
    pub(crate) async fn step_up(
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
            self.require(active, &Action::ConfirmCoolingPasskey(by)).await?;
            self.confirm_passkey(identity.id, target, by, origin).await?;
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

    /// Removes one of the identity's passkeys (never the last) and ends every other session it
    /// made or lifted.
    pub(crate) async fn remove_passkey(
        &self,
        active: &ActiveSession,
        id: Uuid,
        origin: &Origin,
    ) -> Result<usize, Error> {
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

    /// Starts saving another passkey, if policy lets this session (and, without a dialog, only
    /// right after a password sign-in).
    pub(crate) async fn start_saving_passkey(
        &self,
        active: &ActiveSession,
        passkeys: &PasskeyMethod,
        starter: Starter<'_>,
        request: NewPasskeyRequest,
    ) -> Result<(Uuid, CreationChallengeResponse), Error> {
        self.require(active, &Action::AddPasskey).await?;
        if request == NewPasskeyRequest::Automatic {
            self.require_automatic(active).await?;
        }
        passkeys.start_add_passkey(&active.identity, starter, request).await
    }

    /// May this session save a passkey without a dialog now? Asked at the start and again at the
    /// finish, where a passkey saved meanwhile or a session grown stale ends it.
    async fn require_automatic(&self, active: &ActiveSession) -> Result<(), Error> {
        let has_passkey = !self.store.passkeys(active.identity.id).await?.is_empty();
        self.require(active, &Action::AddPasskeyAutomatically { has_passkey })
            .await
            .map(drop)
    }
}
