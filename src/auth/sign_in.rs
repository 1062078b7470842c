//! The end of every way in: one function decides the session's assurance and restriction (through
//! `policy`), writes the session and the audit entry, and says what the person must do next.

use serde::Serialize;

use super::AuthCore;
use crate::audit::{Action as Audited, Event, Origin};
use crate::domain::{Identity, Method, PasskeyCredential};
use crate::error::Error;
use crate::policy::{PasskeyState, Restriction};
use crate::sessions::IssuedSession;
use crate::telemetry::Step;

/// How a person proved who they are.
#[derive(Debug, Clone, Copy)]
pub enum WayIn<'a> {
    Passkey {
        passkey: &'a PasskeyCredential,
        user_verified: bool,
    },
    /// Registration: the passkey just made (the authenticator verified the user).
    SignUp {
        passkey: &'a PasskeyCredential,
    },
    EmailCode,
    MagicLink,
    BackupCode,
    RecoveryLink,
    /// A legacy account's password (the migration to passkeys).
    Password,
}

impl<'a> WayIn<'a> {
    fn method(self) -> Method {
        match self {
            Self::Passkey { .. } | Self::SignUp { .. } => Method::Passkey,
            Self::EmailCode | Self::MagicLink => Method::Code,
            Self::BackupCode => Method::LookupSecret,
            Self::RecoveryLink => Method::Recovery,
            Self::Password => Method::Password,
        }
    }

    /// Its name in the funnel's `cause` label.
    fn as_str(self) -> &'static str {
        match self {
            Self::Passkey { .. } => "passkey",
            Self::SignUp { .. } => "sign_up",
            Self::EmailCode => "email_code",
            Self::MagicLink => "magic_link",
            Self::BackupCode => "backup_code",
            Self::RecoveryLink => "recovery_link",
            Self::Password => "password",
        }
    }

    fn passkey(self) -> Option<&'a PasskeyCredential> {
        match self {
            Self::Passkey { passkey, .. } | Self::SignUp { passkey } => Some(passkey),
            _ => None,
        }
    }

    fn user_verified(self) -> bool {
        match self {
            Self::Passkey { user_verified, .. } => user_verified,
            Self::SignUp { .. } => true,
            _ => false,
        }
    }
}

/// What the person must do before anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NextStep {
    /// Nothing: carry on where they were going.
    Continue,
    /// Save a passkey on this device: a recovery link's session, or a restricted sign-in without
    /// a passkey on a `high_value` account (the seed: "require step-up via passkey re-enrollment
    /// immediately after email-link sign-in").
    SavePasskey,
}

/// A completed sign-in: the new session and the step that comes next.
#[derive(Debug)]
pub struct SignedIn {
    pub session: IssuedSession,
    pub next: NextStep,
}

impl AuthCore {
    /// Every way in ends here: a new session (never a reused one), at the assurance and with the
    /// restriction policy gives this way in on this identity's tier, recorded in the audit trail.
    pub(crate) async fn complete_sign_in(
        &self,
        identity: &Identity,
        way: WayIn<'_>,
        origin: &Origin,
    ) -> Result<SignedIn, Error> {
        let method = way.method();
        let minted = self.sessions.sign_in(
            identity,
            method,
            way.user_verified(),
            way.passkey(),
            origin.user_agent.as_deref(),
        )?;
        let made = &minted.session;
        self.audit
            .record(
                Event::by_identity(identity.id, Audited::SignedIn)
                    .details(serde_json::json!({
                        "method": method,
                        "aal": made.aal,
                        "restricted": made.restricted,
                        "session_id": made.id,
                    }))
                    .from(origin),
            )
            .await?;
        let session = self.sessions.activate(minted, identity).await?;
        self.count(Step::SignedIn, identity, way.as_str());
        let made_by = way
            .passkey()
            .map(|p| PasskeyState::at(p.cooldown_until, self.clock.now()));
        let facts = self.facts_given(&session.active, made_by);
        let next = match facts.restriction {
            Some(Restriction::Enrolment | Restriction::Fallback) => NextStep::SavePasskey,
            Some(Restriction::Cooling { .. }) | None => NextStep::Continue,
        };
        Ok(SignedIn { session, next })
    }
}
