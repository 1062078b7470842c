//! Pure decisions, no I/O: which tier an identity is in, what a sign-in yields (assurance,
//! restriction, lifetimes), and — in [`decide`] — what a session or an admin key may do.

mod decide;
#[cfg(test)]
mod table_tests;

pub use decide::{
    AUTOMATIC_UPGRADE_WINDOW, Action, AdminFacts, Confirmation, Decision, Denial, Facts, Level, PasskeyState,
    Restriction, SessionFacts, TIER_LOWERING_WAIT, decide,
};

use time::{Duration, OffsetDateTime};

use crate::config::{PolicyConfig, SessionConfig};
use crate::domain::{Aal, AuthenticationMethod, Identity, Method, Session, Tier};

/// What the store must record for a new session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionGrant {
    pub aal: Aal,
    pub methods: Vec<AuthenticationMethod>,
    pub restricted: bool,
    pub authenticated_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub idle_timeout: Option<Duration>,
}

/// How long a session lives: absolute, and without use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetimes {
    pub absolute: Duration,
    pub idle: Option<Duration>,
}

/// The tier that applies to an identity: its stored tier, raised to `high_value` when its email
/// domain is one the operator listed.
pub fn tier(identity: &Identity, policy: &PolicyConfig) -> Tier {
    let domain = identity.email.rsplit_once('@').map(|(_, d)| d).unwrap_or_default();
    if policy.high_value_domains.iter().any(|d| d == domain) {
        Tier::HighValue
    } else {
        identity.tier
    }
}

/// The tier recovery follows: the highest the identity held within [`TIER_LOWERING_WAIT`], so
/// lowering a tier and recovering at once cannot step around the rules of the higher one.
pub fn recovery_tier(identity: &Identity, policy: &PolicyConfig, now: OffsetDateTime) -> Tier {
    if identity.high_value_until.is_some_and(|until| now < until) {
        Tier::HighValue
    } else {
        tier(identity, policy)
    }
}

/// What setting an identity's stored tier to `to` at `now` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierChange {
    /// Until when recovery still treats the identity as `high_value`.
    pub high_value_until: Option<OffsetDateTime>,
    /// The identity became `high_value`: its `aal1` sessions are restricted now and its open
    /// recovery links, issued under the lower tier's rules, are cancelled.
    pub raised: bool,
}

/// Lowering a tier from `high_value` takes effect for recovery only after
/// [`TIER_LOWERING_WAIT`]; raising it takes effect at once.
pub fn tier_change(identity: &Identity, to: Tier, policy: &PolicyConfig, now: OffsetDateTime) -> TierChange {
    let lowered = identity.tier == Tier::HighValue && to == Tier::Standard;
    let after = Identity {
        tier: to,
        ..identity.clone()
    };
    TierChange {
        high_value_until: if lowered {
            Some(now + TIER_LOWERING_WAIT)
        } else {
            identity.high_value_until
        },
        raised: tier(identity, policy) == Tier::Standard && tier(&after, policy) == Tier::HighValue,
    }
}

/// Session lifetimes per tier (NIST SP 800-63B 4.2.3: at AAL2 at most 12 hours and 30 minutes
/// idle; the `high_value` defaults follow it, `standard` sessions keep `session.lifespan`).
pub fn lifetimes(tier: Tier, session: &SessionConfig, policy: &PolicyConfig) -> Lifetimes {
    match tier {
        Tier::Standard => Lifetimes {
            absolute: session.lifespan,
            idle: session.inactivity_timeout,
        },
        Tier::HighValue => Lifetimes {
            absolute: policy.high_value_session_lifespan,
            idle: Some(policy.high_value_inactivity_timeout),
        },
    }
}

/// The assurance a completed sign-in method yields.
///
/// # Security
/// Only a passkey ceremony in which the authenticator verified the user (PIN or biometric: two
/// factors in one device) is `aal2`. Everything else — email code or link, backup code, recovery
/// link, legacy password — is at most `aal1` (NIST SP 800-63B 5.1.3.1: email is not an
/// out-of-band authenticator). Kratos counts a passkey as aal1; latchkey does not.
pub fn assurance(method: Method, user_verified: bool) -> Aal {
    match method {
        Method::Passkey if user_verified => Aal::Aal2,
        _ => Aal::Aal1,
    }
}

/// How long a recovery link's session lasts at most: time to save a passkey, no more.
pub const RECOVERY_SESSION_LIFESPAN: Duration = Duration::minutes(30);

/// The session a sign-in yields at `now` for an identity of `tier`.
///
/// # Security
/// On a `high_value` identity an `aal1` sign-in (email, backup code, recovery link) is
/// restricted: whoever controls the mailbox must not get full access to what matters. So is a
/// sign-in with a passkey still `cooling` (saved from such a session, not yet confirmed). A
/// recovery link's session is restricted on every tier (it may only save a passkey) and lives at
/// most [`RECOVERY_SESSION_LIFESPAN`].
pub fn session_for_sign_in(
    method: Method,
    user_verified: bool,
    tier: Tier,
    now: OffsetDateTime,
    lifetimes: Lifetimes,
    cooling: bool,
) -> SessionGrant {
    let aal = assurance(method, user_verified);
    let absolute = match method {
        Method::Recovery => lifetimes.absolute.min(RECOVERY_SESSION_LIFESPAN),
        _ => lifetimes.absolute,
    };
    SessionGrant {
        aal,
        methods: vec![AuthenticationMethod {
            method,
            aal,
            completed_at: now,
        }],
        restricted: cooling || method == Method::Recovery || (tier == Tier::HighValue && aal == Aal::Aal1),
        authenticated_at: now,
        expires_at: now + absolute,
        idle_timeout: lifetimes.idle,
    }
}

/// A session made by a recovery link alone may do one thing: save a new passkey. Until then it
/// is no sign-in an app may honour (`whoami` refuses it), so a stolen link cannot be used to act
/// as the person.
pub fn enrolment_only(session: &Session) -> bool {
    !session.methods.is_empty() && session.methods.iter().all(|m| m.method == Method::Recovery)
}

/// The session that replaces `session` once a user-verified passkey ceremony completed in it
/// (a passkey saved, or a step-up with an existing one): it counts as a passkey sign-in (`aal2`,
/// opening the privileged window, lifting a restriction) added to what the session already held.
/// A new session, so a new token: nothing that held the old one gains the higher level.
/// A passkey still `cooling` keeps the session restricted.
pub fn session_after_passkey(
    session: &Session,
    now: OffsetDateTime,
    lifetimes: Lifetimes,
    cooling: bool,
) -> SessionGrant {
    let mut methods = session.methods.clone();
    methods.push(AuthenticationMethod {
        method: Method::Passkey,
        aal: Aal::Aal2,
        completed_at: now,
    });
    SessionGrant {
        aal: Aal::Aal2,
        methods,
        restricted: cooling,
        authenticated_at: now,
        expires_at: now + lifetimes.absolute,
        idle_timeout: lifetimes.idle,
    }
}

/// The session that replaces one made by a passkey still in its cooldown, once a backup code
/// confirmed that passkey: what it held plus the backup code, no longer restricted.
pub fn session_after_backup_code(session: &Session, now: OffsetDateTime, lifetimes: Lifetimes) -> SessionGrant {
    let mut methods = session.methods.clone();
    methods.push(AuthenticationMethod {
        method: Method::LookupSecret,
        aal: Aal::Aal1,
        completed_at: now,
    });
    SessionGrant {
        aal: session.aal,
        methods,
        restricted: false,
        authenticated_at: now,
        expires_at: now + lifetimes.absolute,
        idle_timeout: lifetimes.idle,
    }
}

/// Whether a session of an identity of `tier` is restricted: as it was issued, or because it is an
/// `aal1` session of an identity that is `high_value` now (a tier raised by an admin or by the
/// operator's domain rule after it was issued restricts it at once).
pub fn is_restricted(session: &Session, tier: Tier) -> bool {
    session.restricted || (tier == Tier::HighValue && session.aal == Aal::Aal1)
}

/// What policy knows about `session` at `now`: its tier, level, why it is restricted (`made_by`:
/// the state of the passkey that made or lifted it, when one did) and whether its privileged
/// window is open.
pub fn session_facts(
    session: &Session,
    tier: Tier,
    made_by: Option<PasskeyState>,
    now: OffsetDateTime,
    window: Duration,
) -> SessionFacts {
    let restriction = if enrolment_only(session) {
        Some(Restriction::Enrolment)
    } else if !is_restricted(session, tier) {
        None
    } else if let Some(PasskeyState::Cooling { until }) = made_by {
        Some(Restriction::Cooling { until })
    } else {
        Some(Restriction::Fallback)
    };
    SessionFacts {
        tier,
        aal: session.aal,
        restriction,
        recent_passkey: privileged_until(session, window).is_some_and(|until| now <= until),
        recent_sign_in: now - session.authenticated_at <= window,
        fresh_password_sign_in: match session.methods.as_slice() {
            [only] => only.method == Method::Password && now - only.completed_at <= AUTOMATIC_UPGRADE_WINDOW,
            _ => false,
        },
    }
}

/// When the privileged window of a session closes: `window` after its latest user-verified
/// passkey sign-in (`None` when it never had one).
pub fn privileged_until(session: &Session, window: Duration) -> Option<OffsetDateTime> {
    session
        .methods
        .iter()
        .filter(|m| m.method == Method::Passkey && m.aal == Aal::Aal2)
        .map(|m| m.completed_at + window)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const DAY: Lifetimes = Lifetimes {
        absolute: Duration::hours(24),
        idle: None,
    };

    /// The session a grant describes (no store involved).
    pub(super) fn session_of(grant: SessionGrant) -> Session {
        Session {
            id: uuid::Uuid::nil(),
            identity_id: uuid::Uuid::nil(),
            aal: grant.aal,
            methods: grant.methods,
            restricted: grant.restricted,
            issued_at: grant.authenticated_at,
            authenticated_at: grant.authenticated_at,
            expires_at: grant.expires_at,
            last_active_at: grant.authenticated_at,
            idle_timeout: grant.idle_timeout,
            passkey_id: None,
            user_agent: None,
        }
    }

    /// The privileged window is open at `now` (what `SessionFacts::recent_passkey` records).
    fn is_privileged(session: &Session, now: OffsetDateTime, window: Duration) -> bool {
        privileged_until(session, window).is_some_and(|until| now <= until)
    }

    #[test]
    fn only_a_user_verified_passkey_is_aal2() {
        assert_eq!(assurance(Method::Passkey, true), Aal::Aal2);
        assert_eq!(assurance(Method::Passkey, false), Aal::Aal1);
        for method in [Method::Code, Method::LookupSecret, Method::Recovery, Method::Password] {
            assert_eq!(assurance(method, true), Aal::Aal1, "{method:?}");
        }
    }

    #[test]
    fn aal1_is_restricted_on_high_value_identities_only() {
        let now = datetime!(2026-01-01 00:00 UTC);
        for (method, uv, tier, restricted) in [
            (Method::Passkey, true, Tier::HighValue, false),
            (Method::Passkey, false, Tier::HighValue, true),
            (Method::Code, false, Tier::HighValue, true),
            (Method::LookupSecret, false, Tier::HighValue, true),
            (Method::Passkey, true, Tier::Standard, false),
            (Method::Code, false, Tier::Standard, false),
            (Method::LookupSecret, false, Tier::Standard, false),
            (Method::Recovery, false, Tier::Standard, true),
        ] {
            let grant = session_for_sign_in(method, uv, tier, now, DAY, false);
            assert_eq!(grant.restricted, restricted, "{method:?} uv={uv} {tier:?}");
        }
        let cooling = session_for_sign_in(Method::Passkey, true, Tier::HighValue, now, DAY, true);
        assert!(
            cooling.restricted && cooling.aal == Aal::Aal2,
            "a passkey in its cooldown"
        );
    }

    #[test]
    fn session_expires_after_the_lifespan() {
        let now = datetime!(2026-01-01 00:00 UTC);
        let grant = session_for_sign_in(Method::Passkey, true, Tier::Standard, now, DAY, false);
        assert_eq!(grant.expires_at, datetime!(2026-01-02 00:00 UTC));
        assert_eq!(grant.methods[0].completed_at, now);
        assert!(!grant.restricted);
        let idle = Lifetimes {
            absolute: Duration::hours(12),
            idle: Some(Duration::minutes(30)),
        };
        let session = session_of(session_for_sign_in(
            Method::Passkey,
            true,
            Tier::HighValue,
            now,
            idle,
            false,
        ));
        assert!(session.is_active(now + Duration::minutes(29)));
        assert!(!session.is_active(now + Duration::minutes(30)), "idle for 30 minutes");
        let used = Session {
            last_active_at: now + Duration::hours(11),
            ..session
        };
        assert!(used.is_active(now + Duration::minutes(11 * 60 + 29)));
        assert!(
            !used.is_active(now + Duration::hours(12)),
            "12 hours at most, however busy"
        );
    }

    #[test]
    fn only_a_recent_passkey_sign_in_is_privileged() {
        let now = datetime!(2026-01-01 12:00 UTC);
        let session = |method, minutes_ago: i64| {
            session_of(session_for_sign_in(
                method,
                true,
                Tier::Standard,
                now - Duration::minutes(minutes_ago),
                DAY,
                false,
            ))
        };
        let window = Duration::minutes(15);
        assert!(is_privileged(&session(Method::Passkey, 15), now, window));
        assert!(!is_privileged(&session(Method::Passkey, 16), now, window));
        for fallback in [Method::Code, Method::LookupSecret, Method::Recovery] {
            assert!(!is_privileged(&session(fallback, 0), now, window), "{fallback:?}");
        }
    }

    #[test]
    fn only_a_password_sign_in_just_made_may_upgrade_automatically() {
        let signed_in = datetime!(2026-01-01 12:00 UTC);
        let window = Duration::minutes(15);
        let password = session_of(session_for_sign_in(
            Method::Password,
            false,
            Tier::Standard,
            signed_in,
            DAY,
            false,
        ));
        let fresh = |session: &Session, after: Duration| {
            session_facts(session, Tier::Standard, None, signed_in + after, window).fresh_password_sign_in
        };
        assert!(fresh(&password, AUTOMATIC_UPGRADE_WINDOW));
        assert!(!fresh(&password, AUTOMATIC_UPGRADE_WINDOW + Duration::seconds(1)));
        let with_passkey = session_of(session_after_passkey(&password, signed_in, DAY, false));
        assert!(
            !fresh(&with_passkey, Duration::ZERO),
            "a passkey saved in the session already did the upgrade"
        );
        for other in [Method::Passkey, Method::Code, Method::LookupSecret, Method::Recovery] {
            let session = session_of(session_for_sign_in(other, true, Tier::Standard, signed_in, DAY, false));
            assert!(!fresh(&session, Duration::ZERO), "{other:?}");
        }
    }

    #[test]
    fn a_recovery_session_only_enrols_until_a_passkey_is_saved_in_it() {
        let now = datetime!(2026-01-01 12:00 UTC);
        let session = session_of(session_for_sign_in(
            Method::Recovery,
            false,
            Tier::Standard,
            now,
            DAY,
            false,
        ));
        assert!(enrolment_only(&session));
        assert_eq!(session.aal, Aal::Aal1);
        assert_eq!(
            session.expires_at,
            now + Duration::minutes(30),
            "time to save a passkey, no more"
        );
        let after = session_after_passkey(&session, now, DAY, false);
        let lifted = Session {
            aal: after.aal,
            methods: after.methods,
            restricted: after.restricted,
            ..session
        };
        assert!(!enrolment_only(&lifted) && !lifted.restricted);
        assert_eq!(lifted.aal, Aal::Aal2);
        assert!(is_privileged(&lifted, now, Duration::minutes(15)));
        let methods: Vec<Method> = lifted.methods.iter().map(|m| m.method).collect();
        assert_eq!(methods, vec![Method::Recovery, Method::Passkey]);
    }
}
