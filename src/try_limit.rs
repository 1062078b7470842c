//! One limit on fallback tries (email codes, backup codes) per identity: every try is counted
//! before any secret is checked, whichever fallback it uses, so switching between them does not
//! buy an attacker more guesses. Tries against an address no account holds are counted per
//! address, so a limited answer tells nothing about accounts. Counters live in the store, so the
//! limit holds across replicas.
//!
//! # Security
//! Ten tries, then a wait that doubles after every further ten (1 h, 2 h, 4 h, ... at most a day),
//! counted over a week: guessing stays bounded over days (about 50 tries on the first day and 10
//! a day after, where a fixed 10 an hour allowed 240 a day against one 6-digit code). A
//! stranger's tries slow only the code and backup-code fallbacks: the owner's passkey and the
//! link in a sign-in email are never counted here. The owner is told by email the first time the
//! account is slowed down.

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::audit::{Action, Actor, Audit, Event};
use crate::courier::{Courier, MailTemplate};
use crate::error::Error;
use crate::secret::digest_hex;
use crate::store::{Counted, Store};

/// Fallback tries per identity (or per address without an account) before a wait: far below
/// NIST 800-63B 5.2.2's 100 consecutive failures.
pub const TRIES_PER_BLOCK: u32 = 10;
/// The wait after the first ten; each further ten doubles it, up to [`LONGEST_WAIT`].
pub const FIRST_WAIT: Duration = Duration::hours(1);
pub const LONGEST_WAIT: Duration = Duration::days(1);
/// How long a try counts.
pub const HORIZON: Duration = Duration::days(7);

/// How long after the last try the next may come, when `tries` were made within the horizon:
/// nothing inside a block of ten; after a full block, twice as long as after the one before.
pub fn wait_after(tries: u32) -> Duration {
    if tries == 0 || !tries.is_multiple_of(TRIES_PER_BLOCK) {
        return Duration::ZERO;
    }
    let doublings = tries / TRIES_PER_BLOCK - 1;
    let hours = 2i64.saturating_pow(doublings);
    FIRST_WAIT
        .saturating_mul(i32::try_from(hours).unwrap_or(i32::MAX))
        .min(LONGEST_WAIT)
}

/// Whether one more try may come now, given the tries within the horizon.
fn admit(counted: &Counted, now: OffsetDateTime) -> Result<(), Error> {
    let wait = wait_after(counted.count);
    match counted.newest {
        Some(last) if now - last < wait => Err(Error::RateLimited {
            retry_after_seconds: (last + wait - now).whole_seconds().max(1).unsigned_abs(),
        }),
        _ => Ok(()),
    }
}

/// Who to tell when an account is first slowed down.
pub struct Notice<'a> {
    pub courier: &'a Courier,
    pub product: &'a str,
    pub login_url: &'a str,
}

#[derive(serde::Serialize)]
struct SlowedContext<'a> {
    product: &'a str,
    tries: u32,
    login_url: &'a str,
}

/// Whose tries a try counts against.
pub enum Tried<'a> {
    Identity(Uuid),
    /// A normalised address no account holds.
    Address(&'a str),
}

/// Whose tries a try on `address` counts against: the identity holding it, whether the address
/// is confirmed or not, else the address itself.
///
/// # Security
/// Every fallback (email code, backup code) asks this one function, so a limit reached through
/// one is reached through the other for every kind of address alike: had the email code counted
/// an unconfirmed address's tries per address while backup codes counted them per identity, the
/// answer after the limit would tell an unconfirmed account from unknown and confirmed ones.
pub async fn tried_on<'a>(store: &Store, address: &'a str) -> Result<Tried<'a>, Error> {
    Ok(match store.address_by_value(address).await? {
        Some(held) => Tried::Identity(held.identity_id),
        None => Tried::Address(address),
    })
}

/// Counts one try, or answers `rate_limited` with the wait. The try that completes the first
/// block is audited and, for an account, announced on its confirmed addresses (once per horizon,
/// so a flood of refused tries cannot flood the trail or the inbox).
pub async fn take_try(
    store: &Store,
    audit: &Audit,
    notice: &Notice<'_>,
    tried: Tried<'_>,
    now: OffsetDateTime,
) -> Result<(), Error> {
    let (bucket, subject) = match tried {
        Tried::Identity(id) => (format!("fallback_try:identity:{id}"), Some(id)),
        Tried::Address(address) => (format!("fallback_try:address:{}", digest_hex(address)), None),
    };
    let taken = store
        .take_slot(&bucket, HORIZON, now, |counted| admit(counted, now))
        .await?;
    if taken != TRIES_PER_BLOCK {
        return Ok(());
    }
    audit
        .record(
            Event::new(
                Actor::System {
                    name: "fallback try limit".into(),
                },
                Action::SignInThrottled,
                subject,
            )
            .details(serde_json::json!({
                "tries": TRIES_PER_BLOCK,
                "next_wait_minutes": wait_after(TRIES_PER_BLOCK).whole_minutes(),
                "counted_per": if subject.is_some() { "identity" } else { "address without an account" },
            })),
        )
        .await?;
    if let Some(identity_id) = subject {
        let context = SlowedContext {
            product: notice.product,
            tries: TRIES_PER_BLOCK,
            login_url: notice.login_url,
        };
        notice
            .courier
            .notify_confirmed(
                identity_id,
                MailTemplate::SignInSlowed,
                &context,
                now + Duration::days(1),
            )
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_every_ten_tries_up_to_a_day() {
        let waits: Vec<i64> = [0, 1, 9, 10, 11, 20, 30, 40, 50, 60, 1000, 4_294_967_290]
            .into_iter()
            .map(|tries| wait_after(tries).whole_hours())
            .collect();
        assert_eq!(waits, vec![0, 0, 0, 1, 0, 2, 4, 8, 16, 24, 24, 24]);
    }
}
