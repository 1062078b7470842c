//! The password migration in numbers (`GET /admin/migration`): how many imported accounts there
//! are, how many have saved a passkey, how many still have a password, and how often passwords
//! are still used, by import day.

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::error::Error;
use crate::store::Store;

/// How far back the daily password sign-ins go.
const DAYS_SHOWN: i64 = 30;

#[derive(Debug, Serialize)]
pub struct MigrationNumbers {
    /// Identities brought in by an import.
    pub legacy_accounts: i64,
    /// Of those, the ones with at least one passkey.
    pub with_passkey: i64,
    /// Of those, the ones that still have a password.
    pub password_on: i64,
    /// Passwords turned off, ever (from the audit trail).
    pub passwords_disabled: i64,
    /// "Switch to passwordless sign-in?" asked after password sign-ins, ever.
    pub switch_prompts_shown: i64,
    /// "Disable password?" asked after passkey sign-ins, ever.
    pub disable_prompts_shown: i64,
    /// Either put off with "Continue" or "Not now", ever.
    pub prompts_put_off: i64,
    /// Passkeys saved through the dialog in a session a password sign-in made ("Save passkey"
    /// after "Switch to passwordless sign-in?"), ever.
    pub switch_prompts_accepted: i64,
    /// Passkeys the password manager saved without a dialog right after a password sign-in, ever.
    pub automatic_upgrades: i64,
    /// Password sign-ins per day over the last 30 days (days without any are left out).
    pub password_sign_ins_per_day: Vec<DayCount>,
    /// The same figures per import day.
    pub cohorts: Vec<CohortNumbers>,
}

#[derive(Debug, Serialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`, UTC.
    pub day: String,
    pub count: i64,
}

#[derive(Debug, Serialize)]
pub struct CohortNumbers {
    /// `YYYY-MM-DD`, UTC.
    pub imported_on: String,
    pub accounts: i64,
    pub with_passkey: i64,
    pub password_on: i64,
}

/// The numbers as they stand at `now`.
pub async fn numbers(store: &Store, now: OffsetDateTime) -> Result<MigrationNumbers, Error> {
    let cohorts = store.migration_cohorts().await?;
    let sign_ins = store
        .audited_per_day(
            "session.signed_in",
            "\"method\":\"password\"",
            now - Duration::days(DAYS_SHOWN),
        )
        .await?;
    let ever = |action: &'static str, fragment: &'static str| async move {
        let days = store
            .audited_per_day(action, fragment, OffsetDateTime::UNIX_EPOCH)
            .await?;
        Ok::<i64, Error>(days.iter().map(|(_, n)| n).sum())
    };
    Ok(MigrationNumbers {
        legacy_accounts: cohorts.iter().map(|c| c.accounts).sum(),
        with_passkey: cohorts.iter().map(|c| c.with_passkey).sum(),
        password_on: cohorts.iter().map(|c| c.password_on).sum(),
        passwords_disabled: ever("password.disabled", "").await?,
        switch_prompts_shown: ever("password.prompt_shown", "\"prompt\":\"switch\"").await?,
        disable_prompts_shown: ever("password.prompt_shown", "\"prompt\":\"disable\"").await?,
        prompts_put_off: ever("password.prompt_put_off", "").await?,
        switch_prompts_accepted: ever("passkey.added", "\"how\":\"dialog_after_password\"").await?,
        automatic_upgrades: ever("passkey.added", "\"how\":\"automatic\"").await?,
        password_sign_ins_per_day: sign_ins
            .into_iter()
            .map(|(day, count)| DayCount { day: date(day), count })
            .collect(),
        cohorts: cohorts
            .into_iter()
            .map(|c| CohortNumbers {
                imported_on: date(c.day),
                accounts: c.accounts,
                with_passkey: c.with_passkey,
                password_on: c.password_on,
            })
            .collect(),
    })
}

/// The date `days` days after the Unix epoch, as `YYYY-MM-DD`.
fn date(days: i64) -> String {
    (OffsetDateTime::UNIX_EPOCH + Duration::days(days)).date().to_string()
}
