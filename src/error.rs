//! The one domain error type. Every variant has a stable `id` that clients may match on; the HTTP
//! edge (`http::error`) maps it to a status and a JSON body or an HTML page.
//!
//! # Security
//! Messages are written for the person at the keyboard and never carry internals: a store or
//! crypto failure is logged server-side and answered as `internal_error`. Failures of a passkey
//! ceremony share one id (`passkey_verification_failed`) whether the credential is unknown, the
//! signature is wrong or the origin is foreign, so the answer does not tell an attacker which
//! accounts or credentials exist.

/// Errors the core can answer with.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request carries no valid session (none, expired, revoked or forged).
    #[error("No valid session was found. Sign in and try again.")]
    SessionMissing,
    /// The ceremony's challenge (its flow) is unknown or was already used.
    #[error("This sign-in attempt is no longer valid. Start again.")]
    ChallengeInvalid,
    /// The ceremony's challenge exists but its lifetime ran out.
    #[error("This sign-in attempt took too long and expired. Start again.")]
    ChallengeExpired,
    /// A flow of one kind was used to finish another (a login flow at the registration endpoint).
    #[error("This request does not belong to the flow it names.")]
    FlowMismatch,
    /// The WebAuthn response failed verification (origin, rp id, signature, credential, handle).
    #[error("The passkey could not be verified. Try again, or use another way to sign in.")]
    PasskeyVerificationFailed,
    /// The presented credential belongs to no identity at all (removed, or never registered here).
    /// The page tells the passkey provider (`signalUnknownCredential`) so it stops offering it.
    /// Never answered for a bad signature or an inactive account: those keep
    /// `passkey_verification_failed`, so a provider is never told to drop a passkey that works.
    #[error(
        "This passkey is not registered here any more (it may have been removed from your account). Use another passkey, or sign in by email."
    )]
    PasskeyUnknown,
    /// The authenticator did not verify the user (no PIN or biometric check).
    #[error("Your device did not verify it is you (PIN, fingerprint or face). Try again.")]
    PasskeyUserVerificationRequired,
    /// The sign counter went backwards: the credential may have been cloned.
    #[error(
        "This passkey was refused because it may have been copied. Use another way to sign in and contact support."
    )]
    PasskeyPossibleClone,
    /// The credential id is already registered (to this or another account).
    #[error("This passkey is already registered.")]
    PasskeyAlreadyRegistered,
    /// The email address belongs to an existing account.
    #[error("An account with this email address already exists. Sign in instead.")]
    IdentityExists,
    /// New accounts never get a password.
    #[error("latchkey does not create passwords for new accounts. Sign up with a passkey.")]
    PasswordRegistrationForbidden,
    /// The account is disabled.
    #[error("This account is disabled. Contact support.")]
    IdentityInactive,
    /// A browser request failed the CSRF check (token or origin).
    #[error("This request was refused because it did not come from this site. Reload the page and try again.")]
    CsrfViolation,
    /// Our own page, opened at an address that is not one of the site's origins (the seed's
    /// "wrong RP ID: passkey not prompted").
    #[error(
        "This page was opened at {opened}, but sign-in for this site lives at {site}. Open it there: passkeys only work at that address."
    )]
    WrongAddress { opened: String, site: String },
    /// No live code grant: the flow is unknown, used, expired or was replaced.
    #[error("This code has expired or was already used. Ask for a new one.")]
    CodeExpired,
    /// A wrong code (or a code for another address); the grant has tries left.
    #[error("That code is not right. {tries_left} {} left.", if *tries_left == 1 { "try" } else { "tries" })]
    CodeInvalid { tries_left: u32 },
    /// The last allowed wrong code: the grant is dead.
    #[error("That code was not right either, and it was the last try. Ask for a new code.")]
    CodeAttemptsExhausted,
    /// A magic link that is unknown, used or expired.
    #[error("This link has expired or was already used. Ask for a new one.")]
    LinkInvalid,
    /// Too many requests of this kind; the client may try again after the given seconds (the
    /// `Retry-After` header says them as a number; people read minutes).
    #[error(
        "Too many tries for now. Try again {}, or sign in with your passkey or a backup code meanwhile.",
        wait_in_words(*.retry_after_seconds)
    )]
    RateLimited { retry_after_seconds: u64 },
    /// Sign-up needs the emailed code first (the address is proven before the account exists).
    #[error(
        "Confirm your email address first: ask for a code with POST /self-service/registration/code, then send its flow_id and code."
    )]
    SignUpCodeRequired,
    /// A backup code that is wrong, used, or for no account: one answer for all.
    #[error("That backup code did not work. Check the email address and the code, or use another way to sign in.")]
    BackupCodeInvalid,
    /// The email address or the password is wrong, or the account has no password: one answer.
    #[error("The email address or password is not right. Sign in with a passkey, or use email instead.")]
    CredentialsInvalid,
    /// Removing the identity's only passkey is refused.
    #[error("This is your only passkey. Add another passkey first, then remove this one.")]
    LastPasskey,
    /// A sensitive setting needs a recent passkey sign-in (the privileged window).
    #[error("For your security, confirm it's you with your passkey first, then try again.")]
    StepUpRequired,
    /// The identity has no unconfirmed address left to confirm.
    #[error("Your email address is already confirmed.")]
    AddressAlreadyVerified,
    /// The sign-in method is switched off in the configuration.
    #[error("This way of signing in is not enabled on this server.")]
    MethodDisabled,
    /// Malformed input; the message says what is wrong.
    #[error("Send an admin API key: Authorization: Bearer <key> (create one with `latchkey admin keys create`).")]
    AdminKeyMissing,
    #[error("This admin API key is not valid: it is unknown or was revoked.")]
    AdminKeyInvalid,
    #[error("{0}")]
    AdminForbidden(String),
    #[error("Say why the link is needed and how the person was verified: send `reason` and `verification`.")]
    RecoveryReasonRequired,
    #[error("This recovery request is not waiting for approval any more.")]
    RecoveryNotPending,
    #[error("This recovery link has expired, was already used or was cancelled. Contact support for a new one.")]
    RecoveryLinkInvalid,
    #[error("This recovery link works from {usable_from} (a safety delay). Open it again then.")]
    RecoveryLinkNotYetValid { usable_from: String },
    #[error("This session comes from a recovery link: save a new passkey first.")]
    SessionEnrolmentRequired,
    #[error("This needs a sign-in with a passkey (aal2). Confirm it's you with your passkey.")]
    AalTooLow { step_up: String },
    #[error("This session was made without a passkey on a high-value account: save a passkey on this device first.")]
    SessionRestricted,
    /// A passkey still in its cooldown can be confirmed only by an established passkey (named
    /// in a step-up) or a backup code made before it.
    #[error(
        "This passkey can be confirmed only with one of your other passkeys, or with a backup code you made before it was saved. Otherwise it is confirmed when its waiting time ends."
    )]
    PasskeyConfirmationRefused,
    /// A passkey without a dialog (conditional create) is taken only right after a password
    /// sign-in.
    #[error(
        "A passkey is saved without a dialog only right after a password sign-in, to an account that has none yet. Save one with the Save passkey button instead."
    )]
    AutomaticUpgradeRefused,
    #[error("{0}")]
    InvalidRequest(String),
    /// The body is larger than this endpoint accepts.
    #[error("The request body is too large.")]
    PayloadTooLarge,
    /// Nothing answers here.
    #[error("Not found.")]
    NotFound,
    /// The path exists but not with this HTTP method.
    #[error("This method is not allowed here.")]
    MethodNotAllowed,
    /// The request took longer than `serve.request_timeout`.
    #[error("The server took too long to answer. Try again in a moment.")]
    RequestTimeout,
    /// The database cannot be reached (down, restarting, or every connection busy past the
    /// pool's wait): a 503 the client may retry, the cause kept for the log (as text, so every
    /// caller waiting on one failed batch gets it).
    #[error("The service is briefly unavailable. Try again in a few seconds.")]
    StoreUnavailable(String),
    /// A failure of ours; the detail goes to the log, never to the client.
    #[error("Something went wrong on our side. Try again in a moment.")]
    Internal(String),
    /// The store failed; answered like [`Error::Internal`], the cause kept as the source.
    #[error("Something went wrong on our side. Try again in a moment.")]
    Store(#[source] sqlx::Error),
    /// Stored or sent data did not (de)serialise; answered like [`Error::Internal`].
    #[error("Something went wrong on our side. Try again in a moment.")]
    Serialisation(#[source] serde_json::Error),
}

/// How long to wait, as a person says it: "in 15 minutes", rounded up.
fn wait_in_words(seconds: u64) -> String {
    let (count, unit) = match seconds {
        0..60 => (seconds.max(1), "second"),
        60..3600 => (seconds.div_ceil(60), "minute"),
        _ => (seconds.div_ceil(3600), "hour"),
    };
    format!("in {count} {unit}{}", if count == 1 { "" } else { "s" })
}

impl Error {
    /// The stable identifier clients match on.
    pub fn id(&self) -> &'static str {
        match self {
            Self::SessionMissing => "session_missing",
            Self::ChallengeInvalid => "passkey_challenge_invalid",
            Self::ChallengeExpired => "passkey_challenge_expired",
            Self::FlowMismatch => "flow_mismatch",
            Self::PasskeyVerificationFailed => "passkey_verification_failed",
            Self::PasskeyUnknown => "passkey_unknown",
            Self::PasskeyUserVerificationRequired => "passkey_user_verification_required",
            Self::PasskeyPossibleClone => "passkey_possible_clone",
            Self::PasskeyAlreadyRegistered => "passkey_already_registered",
            Self::IdentityExists => "identity_exists",
            Self::PasswordRegistrationForbidden => "password_registration_forbidden",
            Self::IdentityInactive => "identity_inactive",
            Self::CsrfViolation => "csrf_violation",
            Self::WrongAddress { .. } => "wrong_address",
            Self::CodeExpired => "code_expired",
            Self::CodeInvalid { .. } => "code_invalid",
            Self::CodeAttemptsExhausted => "code_attempts_exhausted",
            Self::LinkInvalid => "link_invalid",
            Self::RateLimited { .. } => "rate_limited",
            Self::AddressAlreadyVerified => "address_already_verified",
            Self::SignUpCodeRequired => "sign_up_code_required",
            Self::BackupCodeInvalid => "backup_code_invalid",
            Self::CredentialsInvalid => "credentials_invalid",
            Self::StepUpRequired => "step_up_required",
            Self::LastPasskey => "passkey_last_one",
            Self::MethodDisabled => "method_disabled",
            Self::AdminKeyMissing => "admin_key_missing",
            Self::AdminKeyInvalid => "admin_key_invalid",
            Self::AdminForbidden(_) => "admin_forbidden",
            Self::RecoveryReasonRequired => "recovery_reason_required",
            Self::RecoveryNotPending => "recovery_not_pending",
            Self::RecoveryLinkInvalid => "recovery_link_invalid",
            Self::RecoveryLinkNotYetValid { .. } => "recovery_link_not_yet_valid",
            Self::SessionEnrolmentRequired => "session_enrolment_required",
            Self::AalTooLow { .. } => "session_aal2_required",
            Self::SessionRestricted => "session_restricted",
            Self::PasskeyConfirmationRefused => "passkey_confirmation_refused",
            Self::AutomaticUpgradeRefused => "automatic_upgrade_refused",
            Self::InvalidRequest(_) => "invalid_request",
            Self::PayloadTooLarge => "payload_too_large",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::RequestTimeout => "request_timeout",
            Self::StoreUnavailable(_) => "store_unavailable",
            Self::Internal(_) | Self::Store(_) | Self::Serialisation(_) => "internal_error",
        }
    }

    /// What an operator needs to read: the internal detail where there is one (for logs and the
    /// CLI, never for HTTP clients), else the message.
    pub fn detail(&self) -> String {
        match self {
            Self::Internal(detail) => detail.clone(),
            Self::Store(source) => format!("store: {source}"),
            Self::StoreUnavailable(cause) => format!("store unavailable: {cause}"),
            Self::Serialisation(source) => format!("serialisation: {source}"),
            other => other.to_string(),
        }
    }
}

impl From<sqlx::Error> for Error {
    fn from(e: sqlx::Error) -> Self {
        if unreachable(&e) {
            Self::StoreUnavailable(e.to_string())
        } else {
            Self::Store(e)
        }
    }
}

/// Whether the database could not be reached, rather than refusing or failing a statement:
/// no connection in time, a connection lost, or the server shutting down or starting up
/// (SQLSTATE class 08, and 57P01-57P03).
fn unreachable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || ["57P01", "57P02", "57P03"].contains(&code.as_ref())),
        _ => false,
    }
}

/// The `error.id` an answer carried, kept on the response for what counts answers
/// (`telemetry`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorId(pub &'static str);

impl From<serde_json::Error> for Error {
    fn from(e: serde_json::Error) -> Self {
        Self::Serialisation(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rate_limit_says_how_long_in_words_and_the_other_ways_in() {
        let said = |seconds| {
            Error::RateLimited {
                retry_after_seconds: seconds,
            }
            .to_string()
        };
        assert!(said(899).contains("Try again in 15 minutes,"), "{}", said(899));
        assert!(said(60).contains("in 1 minute,"));
        assert!(said(61).contains("in 2 minutes,"));
        assert!(said(1).contains("in 1 second,"));
        assert!(said(0).contains("in 1 second,"));
        assert!(said(3600).contains("in 1 hour,"));
        assert!(said(86_399).contains("in 24 hours,"));
        assert!(said(899).contains("passkey or a backup code"));
    }

    #[test]
    fn an_unreachable_store_is_a_retryable_unavailability() {
        let error = Error::from(sqlx::Error::PoolTimedOut);
        assert_eq!(error.id(), "store_unavailable");
        assert!(error.detail().starts_with("store unavailable: "), "{}", error.detail());
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(Error::from(sqlx::Error::Io(refused)).id(), "store_unavailable");
    }

    #[test]
    fn a_store_failure_keeps_its_source_and_tells_the_client_nothing() {
        let error = Error::from(sqlx::Error::RowNotFound);
        assert_eq!(error.id(), "internal_error");
        assert!(std::error::Error::source(&error).is_some(), "the cause travels with it");
        assert!(error.detail().starts_with("store: "), "{}", error.detail());
        assert_eq!(
            error.to_string(),
            "Something went wrong on our side. Try again in a moment."
        );
    }

    /// Clients match on these ids; changing one is a breaking change.
    #[test]
    fn ids_are_stable() {
        assert_eq!(Error::SessionMissing.id(), "session_missing");
        assert_eq!(Error::ChallengeExpired.id(), "passkey_challenge_expired");
        assert_eq!(Error::PasskeyVerificationFailed.id(), "passkey_verification_failed");
        assert_eq!(Error::CsrfViolation.id(), "csrf_violation");
        assert_eq!(
            Error::Internal("x".into()).to_string(),
            "Something went wrong on our side. Try again in a moment."
        );
    }
}
