//! The sign-in funnel in numbers (`GET /admin/funnel`): each step's count over the last days, per
//! tier and cause and per hour or day, from the counts every replica stores
//! (`telemetry::Funnel`); and, from the audit trail, how many people fell back to email and how
//! many of them then saved a passkey.

use std::collections::BTreeMap;

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use crate::clock::{on_the_hour, rfc3339};
use crate::error::Error;
use crate::store::Store;

#[derive(Debug, Serialize)]
pub struct FunnelNumbers {
    /// The window's start (RFC 3339): `days` days before now, on the hour.
    pub since: String,
    /// `hour` for a window of one day, `day` otherwise.
    pub bucket: &'static str,
    /// Each step over the window, per tier and cause.
    pub totals: Vec<StepCount>,
    /// Each step per bucket (all tiers), oldest first.
    pub series: Vec<BucketCount>,
    /// People, not events: signed in by email in the window, and of them, saved a passkey after.
    pub email_fallbacks: EmailFallbackPeople,
}

#[derive(Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct StepCount {
    pub step: String,
    pub tier: String,
    pub cause: String,
    pub count: i64,
}

#[derive(Debug, Serialize)]
pub struct BucketCount {
    pub start: String,
    pub step: String,
    pub cause: String,
    pub count: i64,
}

#[derive(Debug, Serialize)]
pub struct EmailFallbackPeople {
    pub people: i64,
    pub then_saved_passkey: i64,
}

/// The funnel over the `days` (1 to 30) before `now`.
pub async fn numbers(store: &Store, now: OffsetDateTime, days: i64) -> Result<FunnelNumbers, Error> {
    let since = on_the_hour(now - Duration::days(days));
    let bucket = if days == 1 {
        Duration::hours(1)
    } else {
        Duration::days(1)
    };
    let counts = store.funnel_counts_since(since).await?;
    let mut totals: BTreeMap<(String, String, String), i64> = BTreeMap::new();
    let mut series: BTreeMap<(OffsetDateTime, String, String), i64> = BTreeMap::new();
    for c in counts {
        let start = since + bucket * ((c.hour - since).whole_seconds() / bucket.whole_seconds()) as i32;
        *series.entry((start, c.step.clone(), c.cause.clone())).or_default() += c.count;
        *totals.entry((c.step, c.tier, c.cause)).or_default() += c.count;
    }
    let fallbacks = store.email_fallbacks_since(since).await?;
    Ok(FunnelNumbers {
        since: rfc3339(since),
        bucket: if days == 1 { "hour" } else { "day" },
        totals: totals
            .into_iter()
            .map(|((step, tier, cause), count)| StepCount {
                step,
                tier,
                cause,
                count,
            })
            .collect(),
        series: series
            .into_iter()
            .map(|((start, step, cause), count)| BucketCount {
                start: rfc3339(start),
                step,
                cause,
                count,
            })
            .collect(),
        email_fallbacks: EmailFallbackPeople {
            people: fallbacks.people,
            then_saved_passkey: fallbacks.then_saved_passkey,
        },
    })
}
