//! Pure decisions, no I/O: what a sign-in yields. Later issues add tiers, restricted sessions and
//! the prompts ("save another passkey", "switch to passkey"); they belong here too.

use time::{Duration, OffsetDateTime};

use crate::domain::{Aal, AuthenticationMethod, Method, Session};

/// What the store must record for a new session.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionGrant {
    pub aal: Aal,
    pub methods: Vec<AuthenticationMethod>,
    pub restricted: bool,
    pub authenticated_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
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

/// The session a sign-in yields at `now` under the configured lifespan (a recovery link's
/// session lives at most [`RECOVERY_SESSION_LIFESPAN`]).
pub fn session_for_sign_in(
    method: Method,
    user_verified: bool,
    now: OffsetDateTime,
    lifespan: Duration,
) -> SessionGrant {
    let aal = assurance(method, user_verified);
    let lifespan = match method {
        Method::Recovery => lifespan.min(RECOVERY_SESSION_LIFESPAN),
        _ => lifespan,
    };
    SessionGrant {
        aal,
        methods: vec![AuthenticationMethod {
            method,
            aal,
            completed_at: now,
        }],
        restricted: false,
        authenticated_at: now,
        expires_at: now + lifespan,
    }
}

/// A session made by a recovery link alone may do one thing: save a new passkey. Until then it
/// is no sign-in an app may honour (`whoami` refuses it), so a stolen link cannot be used to act
/// as the person.
pub fn enrolment_only(session: &Session) -> bool {
    !session.methods.is_empty() && session.methods.iter().all(|m| m.method == Method::Recovery)
}

/// The session that replaces `session` once a passkey was created in it with user verification:
/// the ceremony counts as a passkey sign-in (`aal2`, opening the privileged window) added to
/// what the session already held. A new session, so a new token: nothing that held the old one
/// gains the higher level.
pub fn session_after_enrolment(session: &Session, now: OffsetDateTime, lifespan: Duration) -> SessionGrant {
    let mut methods = session.methods.clone();
    methods.push(AuthenticationMethod {
        method: Method::Passkey,
        aal: Aal::Aal2,
        completed_at: now,
    });
    SessionGrant {
        aal: Aal::Aal2,
        methods,
        restricted: false,
        authenticated_at: now,
        expires_at: now + lifespan,
    }
}

/// Whether a session may change sensitive settings (regenerate backup codes, remove a passkey):
/// it must hold a user-verified passkey sign-in no older than `window` (the privileged window).
/// An email code, a backup code or a recovery link never opens it.
pub fn is_privileged(session: &Session, now: OffsetDateTime, window: Duration) -> bool {
    session
        .methods
        .iter()
        .any(|m| m.method == Method::Passkey && m.aal == Aal::Aal2 && now - m.completed_at <= window)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn only_a_user_verified_passkey_is_aal2() {
        assert_eq!(assurance(Method::Passkey, true), Aal::Aal2);
        assert_eq!(assurance(Method::Passkey, false), Aal::Aal1);
        for method in [Method::Code, Method::LookupSecret, Method::Recovery, Method::Password] {
            assert_eq!(assurance(method, true), Aal::Aal1, "{method:?}");
        }
    }

    #[test]
    fn session_expires_after_the_lifespan() {
        let now = datetime!(2026-01-01 00:00 UTC);
        let grant = session_for_sign_in(Method::Passkey, true, now, Duration::hours(24));
        assert_eq!(grant.expires_at, datetime!(2026-01-02 00:00 UTC));
        assert_eq!(grant.methods[0].completed_at, now);
        assert!(!grant.restricted);
    }

    #[test]
    fn only_a_recent_passkey_sign_in_is_privileged() {
        let now = datetime!(2026-01-01 12:00 UTC);
        let session = |method, minutes_ago: i64| {
            let grant = session_for_sign_in(method, true, now - Duration::minutes(minutes_ago), Duration::hours(24));
            Session {
                id: uuid::Uuid::nil(),
                identity_id: uuid::Uuid::nil(),
                aal: grant.aal,
                methods: grant.methods,
                restricted: grant.restricted,
                issued_at: grant.authenticated_at,
                authenticated_at: grant.authenticated_at,
                expires_at: grant.expires_at,
            }
        };
        let window = Duration::minutes(15);
        assert!(is_privileged(&session(Method::Passkey, 15), now, window));
        assert!(!is_privileged(&session(Method::Passkey, 16), now, window));
        for fallback in [Method::Code, Method::LookupSecret, Method::Recovery] {
            assert!(!is_privileged(&session(fallback, 0), now, window), "{fallback:?}");
        }
    }

    #[test]
    fn a_recovery_session_only_enrols_until_a_passkey_is_saved_in_it() {
        let now = datetime!(2026-01-01 12:00 UTC);
        let grant = session_for_sign_in(Method::Recovery, false, now, Duration::hours(1));
        let session = Session {
            id: uuid::Uuid::nil(),
            identity_id: uuid::Uuid::nil(),
            aal: grant.aal,
            methods: grant.methods,
            restricted: grant.restricted,
            issued_at: now,
            authenticated_at: now,
            expires_at: grant.expires_at,
        };
        assert!(enrolment_only(&session));
        assert_eq!(session.aal, Aal::Aal1);
        assert_eq!(
            session.expires_at,
            now + Duration::minutes(30),
            "time to save a passkey, no more"
        );
        let after = session_after_enrolment(&session, now, Duration::hours(24));
        let lifted = Session {
            aal: after.aal,
            methods: after.methods,
            ..session
        };
        assert!(!enrolment_only(&lifted));
        assert_eq!(lifted.aal, Aal::Aal2);
        assert!(is_privileged(&lifted, now, Duration::minutes(15)));
        let methods: Vec<Method> = lifted.methods.iter().map(|m| m.method).collect();
        assert_eq!(methods, vec![Method::Recovery, Method::Passkey]);
    }
}
