//! One limit on fallback tries (email codes, backup codes) per identity: every try is counted
//! before any secret is checked, whichever fallback it uses, so switching between them does not
//! buy an attacker more guesses. Tries against an address no account holds are counted per
//! address, so a limited answer tells nothing about accounts. Counters live in the store, so the
//! limit holds across replicas.

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

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

/// Counts one try, or answers `rate_limited` with the wait when the limit is reached.
pub async fn take_try(store: &Store, tried: Tried<'_>, now: OffsetDateTime) -> Result<(), Error> {
    let bucket = match tried {
        Tried::Identity(id) => format!("fallback_try:identity:{id}"),
        Tried::Address(address) => format!("fallback_try:address:{}", digest_hex(address)),
    };
    store.take_rate_slot(&bucket, MAX_TRIES, WINDOW, now).await
}
