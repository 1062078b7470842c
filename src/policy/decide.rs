//! The one policy decision: may this session (or this admin key) do this? Every sensitive action
//! of latchkey asks [`decide`] and nothing else; no handler, method or store function writes a
//! rule of its own. No I/O: the caller gathers the [`Facts`] first, so the whole rulebook can be
//! walked as a table in tests (`every_combination_is_decided_as_the_table_says`).
//!
//! # Security
//! The rules that earlier handlers each checked for their own case, and that combinations slipped
//! through, are written once here:
//! - A restricted session is never privileged, whatever its level: a passkey saved from an email
//!   session (cooling) gives `aal2` but no privileged window until it is confirmed.
//! - A cooling passkey is confirmed only by an established passkey named in a step-up, by a
//!   backup code that existed before the cooling passkey was saved, or by time.
//! - Levels an app checks (`whoami?required_aal=aal2`) refuse restricted sessions too.
//! - Recovery follows the highest tier the identity held within [`TIER_LOWERING_WAIT`], and the
//!   two-person rule counts people, not keys.

use time::{Duration, OffsetDateTime};

use crate::admin::keys::Role;
use crate::config::Approval;
use crate::domain::{Aal, Tier};

/// How long a tier lowered from `high_value` still counts as `high_value` for recovery: lowering
/// then recovering at once would otherwise step around the two-person rule.
pub const TIER_LOWERING_WAIT: Duration = Duration::days(7);

/// How long after a password sign-in the page may still ask the browser for a passkey without a
/// dialog (the automatic upgrade): the page asks at once, so a few minutes cover a slow network.
pub const AUTOMATIC_UPGRADE_WINDOW: Duration = Duration::minutes(5);

/// Why a session is restricted (it may only do low-stakes things).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Restriction {
    /// Made without a passkey (email code or link, backup code, password) on a `high_value`
    /// identity: until a passkey is saved in it or a step-up lifts it.
    Fallback,
    /// Made or lifted by a passkey saved from such a session that waits out its cooldown.
    Cooling { until: OffsetDateTime },
    /// Made by a recovery link: it may only save a new passkey.
    Enrolment,
}

/// Where a passkey stands under the email-compromise guard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyState {
    Established,
    Cooling { until: OffsetDateTime },
}

impl PasskeyState {
    pub fn at(cooldown_until: Option<OffsetDateTime>, now: OffsetDateTime) -> Self {
        match cooldown_until {
            Some(until) if now < until => Self::Cooling { until },
            _ => Self::Established,
        }
    }
}

/// What is known about a session when it asks to act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionFacts {
    pub tier: Tier,
    pub aal: Aal,
    pub restriction: Option<Restriction>,
    /// It holds a user-verified passkey sign-in younger than the privileged window.
    pub recent_passkey: bool,
    /// It was signed in (by any way) no longer ago than the privileged window.
    pub recent_sign_in: bool,
    /// It is a password sign-in and nothing more, no older than [`AUTOMATIC_UPGRADE_WINDOW`].
    pub fresh_password_sign_in: bool,
}

/// What is known about an admin key when it asks to act on an identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminFacts {
    pub role: Role,
    /// The person the key belongs to (`latchkey admin keys create --owner`).
    pub person: String,
    /// The highest tier the identity held within [`TIER_LOWERING_WAIT`].
    pub recovery_tier: Tier,
    /// `recovery.require_approval`.
    pub approval: Approval,
}

/// Who asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Facts {
    Session(SessionFacts),
    Admin(AdminFacts),
}

/// How a cooling passkey is to be confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirmation {
    /// A step-up with another passkey of the identity, naming the cooling one.
    Passkey(PasskeyState),
    /// A backup code; `older`: its set existed before the cooling passkey was saved.
    BackupCode { older: bool },
    /// The cooling passkey vouching for itself.
    Itself,
}

/// The level an app asks `whoami` for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Aal1,
    Aal2,
}

/// Everything sensitive latchkey does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// See the account: passkeys, sessions, backup-code count.
    ReadAccount,
    RenamePasskey,
    AddPasskey,
    /// Save a passkey the browser's password manager creates without a dialog (conditional
    /// create), with no proof that a person was present; `has_passkey`: the identity has one.
    AddPasskeyAutomatically {
        has_passkey: bool,
    },
    RemovePasskey,
    /// Delete the account's (legacy) password.
    DisablePassword,
    ConfirmCoolingPasskey(Confirmation),
    CreateBackupCodes,
    /// Add or confirm an email address (a way in).
    ChangeAddresses,
    /// End another session of the identity (one or all), or an app's access (its grants and
    /// consents).
    EndOtherSessions,
    SignOut,
    /// An app's level check (`whoami?required_aal=`).
    MeetLevel(Level),
    /// Ask for a recovery link.
    RequestRecovery,
    /// Issue a link without a second person.
    IssueRecoveryAlone,
    /// Approve a request; `requester`: the person whose key asked, `requester_revoked`: that key
    /// has been revoked since.
    ApproveRecovery {
        requester: String,
        requester_revoked: bool,
    },
    ChangeTier,
    DeleteIdentity,
    /// Create identities from another system's records, passwords included.
    ImportIdentities,
    /// Register, change or remove an app of the OpenID Connect provider.
    ManageOAuthClients,
}

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Denial {
    /// A recent passkey sign-in is needed first (the privileged window).
    StepUpRequired,
    /// The session is restricted; saving a passkey here (or a step-up) comes first.
    Restricted,
    /// A recovery session must save its passkey first.
    EnrolmentRequired,
    /// The level asked for is not met (or the session is restricted).
    LevelTooLow,
    /// A cooling passkey cannot be confirmed that way.
    ConfirmationRefused,
    /// Only a password sign-in just made, of an identity without a passkey, may save a passkey
    /// without a dialog.
    NotRightAfterPassword,
    /// Admin keys: the role or the two-person rule forbids it; the text says which.
    Forbidden(&'static str),
    /// The two-person rule applies: a second person must approve.
    ApprovalRequired,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Deny(Denial),
}

impl Decision {
    pub fn allowed(&self) -> bool {
        *self == Self::Allow
    }
}

fn allow_if(condition: bool, denial: Denial) -> Decision {
    if condition {
        Decision::Allow
    } else {
        Decision::Deny(denial)
    }
}

/// May whoever the facts describe do `action`?
pub fn decide(facts: &Facts, action: &Action) -> Decision {
    match facts {
        Facts::Session(session) => decide_for_session(session, action),
        Facts::Admin(admin) => decide_for_admin(admin, action),
    }
}

fn decide_for_session(facts: &SessionFacts, action: &Action) -> Decision {
    use Action::*;
    let restriction = facts.restriction;
    if restriction == Some(Restriction::Enrolment) {
        return allow_if(matches!(action, AddPasskey | SignOut), Denial::EnrolmentRequired);
    }
    // A restricted session is never privileged, whatever its level.
    let privileged = facts.recent_passkey && restriction.is_none();
    match action {
        ReadAccount | RenamePasskey | SignOut => Decision::Allow,
        AddPasskey => match restriction {
            // The cooling passkey is already the way this session re-enrolled; more passkeys
            // from it would only be more of the intruder's.
            Some(Restriction::Cooling { .. }) => Decision::Deny(Denial::Restricted),
            _ => allow_if(privileged || facts.recent_sign_in, Denial::StepUpRequired),
        },
        // The password was typed moments ago, so the person is there; any other way in (email,
        // backup code, recovery, a passkey) offers the dialog instead. It is the upgrade from a
        // password: once the identity has a passkey, more come through the dialog.
        AddPasskeyAutomatically { has_passkey } => allow_if(
            facts.fresh_password_sign_in && !has_passkey,
            Denial::NotRightAfterPassword,
        ),
        RemovePasskey | CreateBackupCodes | DisablePassword => allow_if(privileged, Denial::StepUpRequired),
        ChangeAddresses | EndOtherSessions => allow_if(restriction.is_none(), Denial::Restricted),
        ConfirmCoolingPasskey(by) => allow_if(
            matches!(
                by,
                Confirmation::Passkey(PasskeyState::Established) | Confirmation::BackupCode { older: true }
            ),
            Denial::ConfirmationRefused,
        ),
        MeetLevel(Level::Aal1) => Decision::Allow,
        MeetLevel(Level::Aal2) => allow_if(facts.aal == Aal::Aal2 && restriction.is_none(), Denial::LevelTooLow),
        RequestRecovery
        | IssueRecoveryAlone
        | ApproveRecovery { .. }
        | ChangeTier
        | DeleteIdentity
        | ImportIdentities
        | ManageOAuthClients => Decision::Deny(Denial::Forbidden("Only an admin key may do this.")),
    }
}

fn decide_for_admin(facts: &AdminFacts, action: &Action) -> Decision {
    let high_value = facts.recovery_tier == Tier::HighValue;
    let role_may_recover = allow_if(
        !high_value || facts.role >= Role::Admin,
        Denial::Forbidden(
            "This account is high-value (or was within the last 7 days): only an admin key may recover it.",
        ),
    );
    match action {
        Action::RequestRecovery => role_may_recover,
        Action::IssueRecoveryAlone => match facts.approval {
            Approval::Always => Decision::Deny(Denial::ApprovalRequired),
            Approval::HighValue if high_value => Decision::Deny(Denial::ApprovalRequired),
            _ => role_may_recover,
        },
        Action::ApproveRecovery {
            requester,
            requester_revoked,
        } => {
            if *requester_revoked {
                Decision::Deny(Denial::Forbidden(
                    "The key that asked for this link has been revoked: the request ended with it.",
                ))
            } else if same_person(requester, &facts.person) {
                Decision::Deny(Denial::Forbidden(
                    "Another person must approve this request (two-person rule): this key belongs to the person who asked.",
                ))
            } else {
                role_may_recover
            }
        }
        Action::ChangeTier => allow_if(
            facts.role >= Role::Admin,
            Denial::Forbidden("Only an admin key may change a tier (a lower tier needs less to recover)."),
        ),
        Action::DeleteIdentity => allow_if(
            facts.role >= Role::Admin,
            Denial::Forbidden("Only an admin key may delete an identity."),
        ),
        // An import sets passwords and tiers: as much as changing a tier.
        Action::ImportIdentities => allow_if(
            facts.role >= Role::Admin,
            Denial::Forbidden("Only an admin key may import identities (they carry passwords and tiers)."),
        ),
        // An app signs people in and reads their email address.
        Action::ManageOAuthClients => allow_if(
            facts.role >= Role::Admin,
            Denial::Forbidden(
                "Only an admin key may register or remove apps (an app signs people in and reads their email).",
            ),
        ),
        _ => Decision::Deny(Denial::Forbidden("An admin key acts on identities, not as one.")),
    }
}

/// People are named by the key's owner; case and surrounding space do not make another person.
fn same_person(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}
