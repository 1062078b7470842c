//! `POST /self-service/beacon`: the hosted pages report what the server never sees — a passkey
//! ceremony the browser ended (by its error name), "Use email instead" shown and pressed — so the
//! funnel counts them (`telemetry`).
//!
//! # Security
//! Only our pages may report (a browser caller with the CSRF token), only from fixed lists of
//! events and causes (nothing a person typed, no identifier), and at most
//! [`PER_CLIENT`] reports per client address per [`WINDOW`], so nobody can flood the numbers.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use serde::Deserialize;

use crate::error::Error;
use crate::http::App;
use crate::http::extract::{Caller, ClientIp, Json};
use crate::telemetry::Step;

/// Reports one client address may make per [`WINDOW`].
pub const PER_CLIENT: u32 = 60;
pub const WINDOW: time::Duration = time::Duration::minutes(15);

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/self-service/beacon", post(report))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Report {
    event: Event,
    #[serde(default)]
    cause: Option<Cause>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Event {
    PasskeyFailed,
    EmailOffered,
    EmailChosen,
}

/// How the browser ended a passkey ceremony: its `DOMException` name, or what the page saw.
#[derive(Debug, Clone, Copy, Deserialize)]
enum Cause {
    NotAllowedError,
    SecurityError,
    InvalidStateError,
    AbortError,
    NotSupportedError,
    #[serde(rename = "timeout")]
    Timeout,
    #[serde(rename = "no_credential")]
    NoCredential,
    #[serde(rename = "other")]
    Other,
}

impl Cause {
    fn as_str(self) -> &'static str {
        match self {
            Self::NotAllowedError => "NotAllowedError",
            Self::SecurityError => "SecurityError",
            Self::InvalidStateError => "InvalidStateError",
            Self::AbortError => "AbortError",
            Self::NotSupportedError => "NotSupportedError",
            Self::Timeout => "timeout",
            Self::NoCredential => "no_credential",
            Self::Other => "other",
        }
    }
}

async fn report(
    State(app): State<Arc<App>>,
    caller: Caller,
    ClientIp(client): ClientIp,
    Json(report): Json<Report>,
) -> Result<StatusCode, Error> {
    if !matches!(caller, Caller::Browser(_)) {
        return Err(Error::CsrfViolation);
    }
    app.store
        .take_rate_slot(&format!("beacon:client:{client}"), PER_CLIENT, WINDOW, app.clock.now())
        .await?;
    let (step, cause) = match report.event {
        Event::PasskeyFailed => (Step::PasskeyFailed, report.cause.unwrap_or(Cause::Other).as_str()),
        Event::EmailOffered => (Step::EmailOffered, ""),
        Event::EmailChosen => (Step::EmailChosen, ""),
    };
    app.telemetry.funnel.record(step, None, cause);
    Ok(StatusCode::NO_CONTENT)
}
