//! The one domain error type. Every variant has a stable `id` that clients may match on; the HTTP
//! edge (`http::error`) maps it to a status and a JSON body or an HTML page.
//!
//! # Security
//! Messages are written for the person at the keyboard and never carry internals: a store or
//! crypto failure is logged server-side and answered as `internal_error`. Failures of a passkey
//! ceremony share one id (`passkey_verification_failed`) whether the credential is unknown, the
//! signature is wrong or the origin is foreign, so the answer does not tell an attacker which
//! accounts or credentials exist.

use fluent_bundle::FluentValue;

use crate::i18n::{Catalog, Language};

/// Errors the core can answer with.
#[derive(Debug)]
pub enum Error {
    /// The request carries no valid session (none, expired, revoked or forged).
    SessionMissing,
    /// The ceremony's challenge (its flow) is unknown or was already used.
    ChallengeInvalid,
    /// The ceremony's challenge exists but its lifetime ran out.
    ChallengeExpired,
    /// A flow of one kind was used to finish another (a login flow at the registration endpoint).
    FlowMismatch,
    /// The WebAuthn response failed verification (origin, rp id, signature, credential, handle).
    PasskeyVerificationFailed,
    /// The presented credential belongs to no identity at all (removed, or never registered here).
    /// The page tells the passkey provider (`signalUnknownCredential`) so it stops offering it.
    /// Never answered for a bad signature or an inactive account: those keep
    /// `passkey_verification_failed`, so a provider is never told to drop a passkey that works.
    PasskeyUnknown,
    /// The authenticator did not verify the user (no PIN or biometric check).
    PasskeyUserVerificationRequired,
    /// The sign counter went backwards: the credential may have been cloned.
    PasskeyPossibleClone,
    /// The credential id is already registered (to this or another account).
    PasskeyAlreadyRegistered,
    /// The email address belongs to an existing account.
    IdentityExists,
    /// New accounts never get a password.
    PasswordRegistrationForbidden,
    /// The account is disabled.
    IdentityInactive,
    /// A browser request failed the CSRF check (token or origin).
    CsrfViolation,
    /// Our own page, opened at an address that is not one of the site's origins (the seed's
    /// "wrong RP ID: passkey not prompted").
    WrongAddress {
        opened: String,
        site: String,
    },
    /// No live code grant: the flow is unknown, used, expired or was replaced.
    CodeExpired,
    /// A wrong code (or a code for another address); the grant has tries left.
    CodeInvalid {
        tries_left: u32,
    },
    /// The last allowed wrong code: the grant is dead.
    CodeAttemptsExhausted,
    /// A magic link that is unknown, used or expired.
    LinkInvalid,
    /// Too many requests of this kind; the client may try again after the given seconds (the
    /// `Retry-After` header says them as a number; people read minutes).
    RateLimited {
        retry_after_seconds: u64,
    },
    /// Sign-up needs the emailed code first (the address is proven before the account exists).
    SignUpCodeRequired,
    /// A backup code that is wrong, used, or for no account: one answer for all.
    BackupCodeInvalid,
    /// The email address or the password is wrong, or the account has no password: one answer.
    CredentialsInvalid,
    /// Removing the identity's only passkey is refused.
    LastPasskey,
    /// A sensitive setting needs a recent passkey sign-in (the privileged window).
    StepUpRequired,
    /// The identity has no unconfirmed address left to confirm.
    AddressAlreadyVerified,
    /// The sign-in method is switched off in the configuration.
    MethodDisabled,
    /// Malformed input; the message says what is wrong.
    AdminKeyMissing,
    AdminKeyInvalid,
    AdminForbidden(String),
    RecoveryReasonRequired,
    RecoveryNotPending,
    RecoveryLinkInvalid,
    RecoveryLinkNotYetValid {
        usable_from: String,
    },
    SessionEnrolmentRequired,
    AalTooLow {
        step_up: String,
    },
    SessionRestricted,
    /// A passkey still in its cooldown can be confirmed only by an established passkey (named
    /// in a step-up) or a backup code made before it.
    PasskeyConfirmationRefused,
    /// A passkey without a dialog (conditional create) is taken only right after a password
    /// sign-in.
    AutomaticUpgradeRefused,
    InvalidRequest(String),
    /// What a person typed cannot be used (`invalid_request`, with a message for people).
    InvalidInput(Invalid),
    /// The body is larger than this endpoint accepts.
    PayloadTooLarge,
    /// Nothing answers here.
    NotFound,
    /// The path exists but not with this HTTP method.
    MethodNotAllowed,
    /// The request took longer than `serve.request_timeout`.
    RequestTimeout,
    /// The database cannot be reached (down, restarting, or every connection busy past the
    /// pool's wait): a 503 the client may retry, the cause kept for the log (as text, so every
    /// caller waiting on one failed batch gets it).
    StoreUnavailable(String),
    /// A failure of ours; the detail goes to the log, never to the client.
    Internal(String),
    /// The store failed; answered like [`Error::Internal`], the cause kept as the source.
    Store(sqlx::Error),
    /// Stored or sent data did not (de)serialise; answered like [`Error::Internal`].
    Serialisation(serde_json::Error),
}

/// What a person typed that cannot be used; answered as `invalid_request` with its own message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    Email,
    EmailUndeliverable,
    PasskeyName,
    ThisSession,
    /// The consent page opened without the app's authorization request.
    ConsentWithoutRequest,
}

impl Invalid {
    fn message_id(self) -> &'static str {
        match self {
            Self::Email => "invalid-email",
            Self::EmailUndeliverable => "invalid-email-undeliverable",
            Self::PasskeyName => "invalid-passkey-name",
            Self::ThisSession => "invalid-this-session",
            Self::ConsentWithoutRequest => "invalid-consent-request",
        }
    }
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
            Self::InvalidRequest(_) | Self::InvalidInput(_) => "invalid_request",
            Self::PayloadTooLarge => "payload_too_large",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::RequestTimeout => "request_timeout",
            Self::StoreUnavailable(_) => "store_unavailable",
            Self::Internal(_) | Self::Store(_) | Self::Serialisation(_) => "internal_error",
        }
    }

    /// The message a person reads, in `language`: free text for the few errors that carry their
    /// own (developer-facing request errors, admin refusals), else the catalog's `error-<id>`.
    pub fn message(&self, catalog: &Catalog, language: Language) -> String {
        let args: Vec<(&str, FluentValue<'static>)> = match self {
            Self::InvalidRequest(text) | Self::AdminForbidden(text) => return text.clone(),
            Self::InvalidInput(why) => return catalog.text(language, why.message_id(), &[]),
            Self::WrongAddress { opened, site } => {
                vec![("opened", opened.clone().into()), ("site", site.clone().into())]
            }
            Self::CodeInvalid { tries_left } => vec![("tries", (*tries_left).into())],
            Self::RateLimited { retry_after_seconds } => {
                vec![("wait", catalog.duration(language, *retry_after_seconds).into())]
            }
            Self::RecoveryLinkNotYetValid { usable_from } => vec![("usable_from", usable_from.clone().into())],
            _ => Vec::new(),
        };
        catalog.text(language, &format!("error-{}", self.id()), &args)
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

/// In English, from the embedded catalog: what logs and the command line show.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match crate::i18n::embedded() {
            Some(catalog) => f.write_str(&self.message(catalog, catalog.default_language())),
            None => f.write_str(self.id()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Store(source) => Some(source),
            Self::Serialisation(source) => Some(source),
            _ => None,
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
