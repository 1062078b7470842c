//! `policy`: tiers, the deployment profile and what a `high_value` account gets (latchkey's own
//! section; Kratos has no tiers). A profile picks the defaults; every key can still be set.

use serde::Deserialize;
use time::Duration;

use super::{ConfigError, duration, positive_duration};
use crate::domain::Tier;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPolicy {
    pub profile: Option<String>,
    pub default_tier: Option<String>,
    pub high_value: Option<RawHighValue>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHighValue {
    pub email_domains: Option<Vec<String>>,
    pub new_passkey_cooldown: Option<String>,
    pub low_stakes_actions: Option<Vec<String>>,
    pub session_lifespan: Option<String>,
    pub inactivity_timeout: Option<String>,
}

/// Sensible defaults for a kind of deployment, side by side in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Email link is enough (B2C, notes, most SaaS): accounts are `standard` unless marked.
    Consumer,
    /// Mark the accounts that matter (admins of large customers) `high_value`, by hand or by
    /// email domain: their email sessions are restricted.
    Business,
    /// Financial, healthcare: every account is `high_value`, new passkeys from email sessions
    /// wait a day, sessions are short.
    Regulated,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consumer => "consumer",
            Self::Business => "business",
            Self::Regulated => "regulated",
        }
    }
}

#[derive(Debug, Clone)]
pub struct PolicyConfig {
    pub profile: Profile,
    /// The tier of new identities.
    pub default_tier: Tier,
    /// Lower-case domains whose identities are `high_value` whatever their stored tier.
    pub high_value_domains: Vec<String>,
    /// How long a passkey saved from an `aal1` session of a `high_value` identity signs in only
    /// restricted sessions (unless an older passkey or a backup code confirms it).
    pub new_passkey_cooldown: Duration,
    /// Actions the operator's apps treat as low-stakes; reported in `whoami` for apps to honour
    /// in restricted sessions.
    pub low_stakes_actions: Vec<String>,
    pub high_value_session_lifespan: Duration,
    pub high_value_inactivity_timeout: Duration,
}

pub fn policy(raw: RawPolicy, standard_lifespan: Duration) -> Result<PolicyConfig, ConfigError> {
    let profile = match raw.profile.as_deref() {
        None | Some("consumer") => Profile::Consumer,
        Some("business") => Profile::Business,
        Some("regulated") => Profile::Regulated,
        Some(other) => {
            return Err(ConfigError::new(
                "policy.profile",
                other,
                "not a profile",
                "use consumer (the default), business or regulated",
            ));
        }
    };
    let default_tier = match raw.default_tier.as_deref() {
        None if profile == Profile::Regulated => Tier::HighValue,
        None => Tier::Standard,
        Some(text) => Tier::parse(text)
            .ok_or_else(|| ConfigError::new("policy.default_tier", text, "not a tier", "use standard or high_value"))?,
    };
    let high = raw.high_value.unwrap_or_default();
    let high_value_domains = high
        .email_domains
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, d)| email_domain(&format!("policy.high_value.email_domains[{i}]"), d))
        .collect::<Result<Vec<_>, _>>()?;
    let new_passkey_cooldown = match high.new_passkey_cooldown.as_deref() {
        None if profile == Profile::Regulated => Duration::hours(24),
        None => Duration::ZERO,
        Some(text) => duration::parse(text)
            .map_err(|fix| ConfigError::new("policy.high_value.new_passkey_cooldown", text, "not a duration", fix))?,
    };
    let high_value_session_lifespan = match high.session_lifespan.as_deref() {
        Some(text) => positive_duration("policy.high_value.session_lifespan", text)?,
        None => Duration::hours(12).min(standard_lifespan),
    };
    let high_value_inactivity_timeout = match high.inactivity_timeout.as_deref() {
        Some(text) => positive_duration("policy.high_value.inactivity_timeout", text)?,
        None if profile == Profile::Regulated => Duration::minutes(15),
        None => Duration::minutes(30),
    };
    Ok(PolicyConfig {
        profile,
        default_tier,
        high_value_domains,
        new_passkey_cooldown,
        low_stakes_actions: high.low_stakes_actions.unwrap_or_default(),
        high_value_session_lifespan,
        high_value_inactivity_timeout,
    })
}

fn email_domain(key: &str, text: &str) -> Result<String, ConfigError> {
    let domain = text.trim().trim_start_matches('@').to_ascii_lowercase();
    if domain.is_empty() || !domain.contains('.') || domain.chars().any(|c| c.is_whitespace() || c == '@') {
        return Err(ConfigError::new(
            key,
            text,
            "not an email domain",
            "write the part after the @, such as example.com",
        ));
    }
    Ok(domain)
}
