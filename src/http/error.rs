//! How domain errors look on the wire: `{"error": {"id", "code", "status", "message"}}`, the shape
//! Kratos clients already parse. 5xx bodies never carry internals; the detail is logged here.

use axum::Json;
use axum::http::StatusCode;
use axum::http::header::RETRY_AFTER;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::error::Error;

/// The status each error answers with.
pub fn status(error: &Error) -> StatusCode {
    match error {
        Error::SessionMissing | Error::AdminKeyMissing | Error::AdminKeyInvalid => StatusCode::UNAUTHORIZED,
        Error::AdminForbidden(_)
        | Error::SessionEnrolmentRequired
        | Error::AalTooLow { .. }
        | Error::SessionRestricted
        | Error::PasskeyConfirmationRefused
        | Error::AutomaticUpgradeRefused => StatusCode::FORBIDDEN,
        Error::RecoveryReasonRequired | Error::RecoveryLinkInvalid | Error::RecoveryLinkNotYetValid { .. } => {
            StatusCode::BAD_REQUEST
        }
        Error::RecoveryNotPending => StatusCode::CONFLICT,
        Error::ChallengeInvalid
        | Error::ChallengeExpired
        | Error::FlowMismatch
        | Error::InvalidRequest(_)
        | Error::InvalidInput(_) => StatusCode::BAD_REQUEST,
        Error::PasskeyVerificationFailed
        | Error::PasskeyUnknown
        | Error::PasskeyUserVerificationRequired
        | Error::PasskeyPossibleClone => StatusCode::BAD_REQUEST,
        Error::CodeExpired
        | Error::CodeInvalid { .. }
        | Error::CodeAttemptsExhausted
        | Error::LinkInvalid
        | Error::SignUpCodeRequired
        | Error::BackupCodeInvalid
        | Error::CredentialsInvalid => StatusCode::BAD_REQUEST,
        Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        Error::PasskeyAlreadyRegistered
        | Error::IdentityExists
        | Error::AddressAlreadyVerified
        | Error::LastPasskey => StatusCode::CONFLICT,
        Error::MethodDisabled | Error::StepUpRequired => StatusCode::FORBIDDEN,
        Error::PasswordRegistrationForbidden
        | Error::IdentityInactive
        | Error::CsrfViolation
        | Error::WrongAddress { .. } => StatusCode::FORBIDDEN,
        Error::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Error::RequestTimeout | Error::StoreUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
        Error::NotFound => StatusCode::NOT_FOUND,
        Error::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        Error::Internal(_) | Error::Store(_) | Error::Serialisation(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let id = crate::error::ErrorId(self.id());
        let mut response = self.answer();
        response.extensions_mut().insert(id);
        response
    }
}

/// The message in the language of the person the request came from (English outside a request).
fn message_for_reader(error: &Error) -> String {
    match crate::i18n::current_reader() {
        Some((catalog, language)) => error.message(&catalog, language),
        None => error.to_string(),
    }
}

impl Error {
    fn answer(self) -> Response {
        let status = status(&self);
        if status == StatusCode::INTERNAL_SERVER_ERROR {
            tracing::error!(detail = %self.detail(), "internal error");
        }
        if let Error::StoreUnavailable(_) = &self {
            tracing::warn!(detail = %self.detail(), "database unavailable");
        }
        let mut error = json!({
            "id": self.id(),
            "code": status.as_u16(),
            "status": status.canonical_reason().unwrap_or_default(),
            "message": message_for_reader(&self),
        });
        if let (Some(id), Some(error)) = (super::request_id::current(), error.as_object_mut()) {
            error.insert("request_id".into(), json!(id.as_str()));
        }
        match &self {
            Error::RateLimited { retry_after_seconds } => {
                if let Some(error) = error.as_object_mut() {
                    error.insert("retry_after_seconds".into(), json!(retry_after_seconds));
                }
                let retry_after = [(RETRY_AFTER, retry_after_seconds.to_string())];
                (status, retry_after, Json(json!({ "error": error }))).into_response()
            }
            Error::StoreUnavailable(_) => {
                (status, [(RETRY_AFTER, "5")], Json(json!({ "error": error }))).into_response()
            }
            // Kratos answers `session_aal2_required` with where the browser should go to step up.
            Error::AalTooLow { step_up } => {
                (status, Json(json!({ "error": error, "redirect_browser_to": step_up }))).into_response()
            }
            _ => (status, Json(json!({ "error": error }))).into_response(),
        }
    }
}
