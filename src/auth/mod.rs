//! The auth core: where every way in ends and every sensitive change to an account happens.
//!
//! HTTP handlers parse, call one function here, and shape the answer; they never issue a
//! session, write an audit entry or check a rule themselves. Every sign-in — passkey, email code,
//! magic link, backup code, recovery link — ends in [`AuthCore::complete_sign_in`]; every
//! passkey saved goes through [`AuthCore::save_passkey`] (plain, re-enrolment after a restricted
//! sign-in, or the end of a recovery); a step-up through [`AuthCore::step_up`]; confirming a
//! cooling passkey, by a step-up naming it or by [`AuthCore::confirm_with_backup_code`], ends in
//! one `confirm_passkey`. Each asks [`policy::decide`] first, with facts gathered in one place
//! ([`AuthCore::facts`]).
//!
//! # Security
//! Rules checked in the handler that needed them let combinations slip through (a restricted
//! session minting backup codes, a step-up silently confirming an intruder's passkey). Here a
//! new action is one more [`policy::Action`] and one more row of the generated table test.

mod guard;
mod passkeys;
mod sign_in;

use std::sync::Arc;

use time::Duration;
use uuid::Uuid;

use crate::audit::{Action as Audited, Audit, Event, Origin};
use crate::clock::Clock;
use crate::config::PolicyConfig;
use crate::courier::Courier;
use crate::domain::Session;
use crate::error::{Error, Invalid};
use crate::methods::backup_codes::BackupCodeMethod;
use crate::methods::passkey::PasskeyMethod;
use crate::methods::password::PasswordMethod;
use crate::policy::{self, Action, Decision, Denial, Facts, PasskeyState, SessionFacts};
use crate::sessions::{ActiveSession, Sessions};
use crate::store::Store;
use crate::telemetry::{Step, Telemetry};

pub use guard::GuardSettings;
pub use passkeys::Saved;
pub use sign_in::{NextStep, WayIn};

/// What the auth core needs from the configuration.
pub struct AuthSettings {
    pub policy: PolicyConfig,
    /// `selfservice.flows.settings.privileged_session_max_age`.
    pub privileged_window: Duration,
    /// `recovery.revoke_other_sessions`.
    pub recovery_ends_other_sessions: bool,
    pub guard: GuardSettings,
}

pub struct AuthCore {
    store: Store,
    clock: Arc<dyn Clock>,
    sessions: Arc<Sessions>,
    audit: Arc<Audit>,
    courier: Arc<Courier>,
    telemetry: Arc<Telemetry>,
    settings: AuthSettings,
}

/// The session a request presented, with its token (needed to replace it).
#[derive(Clone, Copy)]
pub struct Presented<'a> {
    pub active: &'a ActiveSession,
    pub token: &'a crate::secret::Secret,
}

impl AuthCore {
    pub(crate) fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        sessions: Arc<Sessions>,
        audit: Arc<Audit>,
        courier: Arc<Courier>,
        telemetry: Arc<Telemetry>,
        settings: AuthSettings,
    ) -> Self {
        Self {
            store,
            clock,
            sessions,
            audit,
            courier,
            telemetry,
            settings,
        }
    }

    /// Counts a funnel step of `identity` (its tier as policy sees it).
    fn count(&self, step: Step, identity: &crate::domain::Identity, cause: &'static str) {
        let tier = policy::tier(identity, &self.settings.policy);
        self.telemetry.funnel.record(step, Some(tier), cause);
    }

    /// What policy needs to know about a session, now. Reads the store only for a restricted
    /// session made by a passkey (is that passkey still cooling?), so `whoami` stays free of
    /// store round trips for everyone else.
    pub(crate) async fn facts(&self, active: &ActiveSession) -> Result<SessionFacts, Error> {
        let session = &active.session;
        let made_by = match session.passkey_id {
            Some(id) if session.restricted => self
                .store
                .passkey(session.identity_id, id)
                .await?
                .map(|p| PasskeyState::at(p.cooldown_until, self.clock.now())),
            _ => None,
        };
        Ok(self.facts_given(active, made_by))
    }

    /// The facts of a session whose making passkey's state is already known.
    fn facts_given(&self, active: &ActiveSession, made_by: Option<PasskeyState>) -> SessionFacts {
        policy::session_facts(
            &active.session,
            policy::tier(&active.identity, &self.settings.policy),
            made_by,
            self.clock.now(),
            self.settings.privileged_window,
        )
    }

    /// The session's facts when policy allows it `action`; the refusal as an error otherwise.
    pub(crate) async fn require(&self, active: &ActiveSession, action: &Action) -> Result<SessionFacts, Error> {
        let facts = self.facts(active).await?;
        permit(&Facts::Session(facts), action)?;
        Ok(facts)
    }

    /// The identity's other live sessions, newest first.
    pub(crate) async fn other_sessions(&self, active: &ActiveSession) -> Result<Vec<Session>, Error> {
        self.require(active, &Action::ReadAccount).await?;
        let sessions = self.sessions.live(active.identity.id).await?;
        Ok(sessions.into_iter().filter(|s| s.id != active.session.id).collect())
    }

    /// Ends one other session of the identity.
    pub(crate) async fn end_session(&self, active: &ActiveSession, id: Uuid, origin: &Origin) -> Result<(), Error> {
        self.require(active, &Action::EndOtherSessions).await?;
        if id == active.session.id {
            return Err(Error::InvalidInput(Invalid::ThisSession));
        }
        if !self.sessions.revoke_by_id(active.identity.id, id).await? {
            return Err(Error::NotFound);
        }
        self.sessions_ended(active, 1, origin).await
    }

    /// Ends every other session of the identity; returns how many.
    pub(crate) async fn end_other_sessions(&self, active: &ActiveSession, origin: &Origin) -> Result<usize, Error> {
        self.require(active, &Action::EndOtherSessions).await?;
        let ended = self
            .sessions
            .revoke_identity(active.identity.id, Some(active.session.id))
            .await?;
        self.sessions_ended(active, ended, origin).await?;
        Ok(ended)
    }

    async fn sessions_ended(&self, active: &ActiveSession, ended: usize, origin: &Origin) -> Result<(), Error> {
        self.audit
            .record(
                Event::by_identity(active.identity.id, Audited::SessionsRevoked)
                    .details(serde_json::json!({ "sessions": ended, "by_session": active.session.id }))
                    .from(origin),
            )
            .await
            .map(drop)
    }

    /// Signs the presented session out.
    pub(crate) async fn sign_out(&self, presented: Presented<'_>, origin: &Origin) -> Result<(), Error> {
        self.require(presented.active, &Action::SignOut).await?;
        self.sessions.revoke(presented.token).await?;
        let session = &presented.active.session;
        self.audit
            .record(
                Event::by_identity(session.identity_id, Audited::SignedOut)
                    .details(serde_json::json!({ "session_id": session.id }))
                    .from(origin),
            )
            .await
            .map(drop)
    }

    /// Makes a new set of backup codes; returns them to show once.
    pub(crate) async fn create_backup_codes(
        &self,
        active: &ActiveSession,
        codes: &BackupCodeMethod,
        origin: &Origin,
    ) -> Result<Vec<String>, Error> {
        self.require(active, &Action::CreateBackupCodes).await?;
        let identity = &active.identity;
        let made = codes
            .generate(identity, active.session.passkey_id, origin.user_agent_or_empty())
            .await?;
        self.audit
            .record(
                Event::by_identity(identity.id, Audited::BackupCodesGenerated)
                    .details(serde_json::json!({ "codes": made.len(), "session_id": active.session.id }))
                    .from(origin),
            )
            .await?;
        Ok(made)
    }

    /// Turns the account's legacy password off (a recent passkey sign-in needed, as for removing a
    /// passkey). False when it had none.
    pub(crate) async fn disable_password(
        &self,
        active: &ActiveSession,
        password: &PasswordMethod,
        origin: &Origin,
    ) -> Result<bool, Error> {
        self.require(active, &Action::DisablePassword).await?;
        let disabled = password.disable(&active.identity, origin).await?;
        if disabled {
            self.count(Step::PasswordDisabled, &active.identity, "");
        }
        Ok(disabled)
    }

    /// Renames one of the identity's passkeys.
    pub(crate) async fn rename_passkey(
        &self,
        active: &ActiveSession,
        passkeys: &PasskeyMethod,
        id: Uuid,
        name: &str,
    ) -> Result<(), Error> {
        self.require(active, &Action::RenamePasskey).await?;
        passkeys.rename(&active.identity, id, name).await
    }

    /// May this session change its addresses (add or confirm one)?
    pub(crate) async fn may_change_addresses(&self, active: &ActiveSession) -> Result<(), Error> {
        self.require(active, &Action::ChangeAddresses).await.map(drop)
    }
}

/// Whether policy lets whoever the facts describe do `action`; the refusal as an error otherwise.
pub(crate) fn permit(facts: &Facts, action: &Action) -> Result<(), Error> {
    match policy::decide(facts, action) {
        Decision::Allow => Ok(()),
        Decision::Deny(denial) => Err(refusal(denial)),
    }
}

/// A policy refusal as the error the edge answers with.
pub(crate) fn refusal(denial: Denial) -> Error {
    match denial {
        Denial::StepUpRequired => Error::StepUpRequired,
        Denial::Restricted => Error::SessionRestricted,
        Denial::EnrolmentRequired => Error::SessionEnrolmentRequired,
        Denial::LevelTooLow => Error::AalTooLow { step_up: String::new() },
        Denial::ConfirmationRefused => Error::PasskeyConfirmationRefused,
        Denial::NotRightAfterPassword => Error::AutomaticUpgradeRefused,
        Denial::Forbidden(why) => Error::AdminForbidden(why.to_owned()),
        Denial::ApprovalRequired => {
            Error::AdminForbidden("A second person must approve this (two-person rule).".to_owned())
        }
    }
}
