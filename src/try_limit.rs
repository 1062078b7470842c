//! One limit on fallback tries (email codes, backup codes) per identity: every try is counted
//! before any secret is checked, whichever fallback it uses, so switching between them does not
//! buy an attacker more guesses. Tries against an address no account holds are counted per
//! address, so a limited answer tells nothing about accounts. Counters live in the store, so the
//! limit holds across replicas.

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::audit::{Action, Actor, Audit, Event};
use crate::error::Error;
use crate::secret::digest_hex;
use crate::store::Store;

/// Fallback tries per identity (or per address without an account) within [`WINDOW`]: far below
/// NIST 800-63B 5.2.2's 100 consecutive failures.
pub const MAX_TRIES: u32 = 10;
pub const WINDOW: Duration = Duration::hours(1);

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

/// Counts one try, or answers `rate_limited` with the wait when the limit is reached. The try
/// that reaches the limit is audited (once per window, so a flood of refused tries cannot flood
/// the trail).
pub async fn take_try(store: &Store, audit: &Audit, tried: Tried<'_>, now: OffsetDateTime) -> Result<(), Error> {
    let (bucket, subject) = match tried {
        Tried::Identity(id) => (format!("fallback_try:identity:{id}"), Some(id)),
        Tried::Address(address) => (format!("fallback_try:address:{}", digest_hex(address)), None),
    };
    let taken = store.take_rate_slot(&bucket, MAX_TRIES, WINDOW, now).await?;
    if taken == MAX_TRIES {
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
                    "tries": MAX_TRIES,
                    "window_minutes": WINDOW.whole_minutes(),
                    "counted_per": if subject.is_some() { "identity" } else { "address without an account" },
                })),
            )
            .await?;
    }
    Ok(())
}
