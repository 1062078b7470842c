//! `recovery`: how admin-issued recovery links are controlled (latchkey's own section; Kratos has
//! no equivalent of the help-desk controls).

use serde::Deserialize;
use time::Duration;

use super::{ConfigError, duration, positive_duration};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRecovery {
    pub require_reason: Option<bool>,
    pub require_approval: Option<String>,
    pub cooling_off: Option<String>,
    pub default_link_lifespan: Option<String>,
    pub max_link_lifespan: Option<String>,
    pub revoke_other_sessions: Option<bool>,
}

/// When a second admin key must approve a recovery link before it exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approval {
    Never,
    HighValue,
    Always,
}

impl Approval {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Never => "never",
            Self::HighValue => "high_value",
            Self::Always => "always",
        }
    }
}

#[derive(Debug, Clone)]
pub struct RecoveryConfig {
    /// A link request must say why and how the person was verified. `false` only for callers of
    /// the stock Kratos SDK, which cannot send the reason; such links are flagged.
    pub require_reason: bool,
    pub require_approval: Approval,
    /// How long after it is issued a link starts to work.
    pub cooling_off: Duration,
    pub default_link_lifespan: Duration,
    pub max_link_lifespan: Duration,
    /// After the new passkey is saved, end every other session of the identity.
    pub revoke_other_sessions: bool,
}

pub fn recovery(raw: RawRecovery, notes: &mut Vec<String>) -> Result<RecoveryConfig, ConfigError> {
    let require_approval = match raw.require_approval.as_deref() {
        None | Some("high_value") => Approval::HighValue,
        Some("always") => Approval::Always,
        Some("never") => Approval::Never,
        Some(other) => {
            return Err(ConfigError::new(
                "recovery.require_approval",
                other,
                "not a choice",
                "use high_value (the default), always or never",
            ));
        }
    };
    if require_approval == Approval::Never {
        notes.push(
            "recovery.require_approval is never: one key alone can issue a recovery link for a high-value account"
                .to_owned(),
        );
    }
    let cooling_off = match raw.cooling_off.as_deref() {
        None => Duration::ZERO,
        Some(text) => duration::parse(text)
            .map_err(|fix| ConfigError::new("recovery.cooling_off", text, "not a duration", fix))?,
    };
    let max_link_lifespan = match raw.max_link_lifespan.as_deref() {
        None => Duration::hours(24),
        Some(text) => positive_duration("recovery.max_link_lifespan", text)?,
    };
    let default_link_lifespan = match raw.default_link_lifespan.as_deref() {
        None => Duration::hours(1).min(max_link_lifespan),
        Some(text) => positive_duration("recovery.default_link_lifespan", text)?,
    };
    if default_link_lifespan > max_link_lifespan {
        return Err(ConfigError::new(
            "recovery.default_link_lifespan",
            duration::format(default_link_lifespan),
            "is longer than recovery.max_link_lifespan",
            "shorten it or raise the maximum",
        ));
    }
    // A link is usable from the end of its cooling-off until it expires: a cooling-off as long as
    // the lifespan would make links that expire the moment they start to work.
    if cooling_off >= default_link_lifespan {
        return Err(ConfigError::new(
            "recovery.cooling_off",
            duration::format(cooling_off),
            "is not shorter than the link lifespan (recovery.default_link_lifespan), so links would expire before they work",
            "shorten it, or raise recovery.default_link_lifespan and recovery.max_link_lifespan above it",
        ));
    }
    let require_reason = raw.require_reason.unwrap_or(true);
    if !require_reason {
        notes.push(
            "recovery.require_reason is false: links requested without a reason are audited as unspecified and flagged"
                .to_owned(),
        );
    }
    Ok(RecoveryConfig {
        require_reason,
        require_approval,
        cooling_off,
        default_link_lifespan,
        max_link_lifespan,
        revoke_other_sessions: raw.revoke_other_sessions.unwrap_or(true),
    })
}
