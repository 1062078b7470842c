//! Backup codes (look-up secrets): ten one-time codes the user keeps on paper, a way in when the
//! passkey is lost and the email is out of reach. Unlike Kratos, where they are a second factor
//! only, here a code with the account's email address signs in (at `aal1`, method `lookup_secret`).
//!
//! # Security
//! - Each code is 12 Crockford base32 characters from the OS CSPRNG, shown as `xxxx-xxxx-xxxx`.
//!   The first two pick the code's slot (unique within the set, stored in the clear) so a sign-in
//!   checks one hash, not ten; the other ten (50 bits) are the secret, stored as Argon2id (NIST
//!   800-63B 5.1.2.2: below 112 bits a salted slow hash). Plain codes exist only in the answer
//!   that shows them once.
//! - A code signs in once: the store marks it used with `... WHERE used_at IS NULL`, and only the
//!   caller whose update took effect gets a session.
//! - Every try, right or wrong, for an account or not, counts against the fallback try limit
//!   shared with email codes (`try_limit`) before any hash is checked, takes one Argon2id
//!   computation, and fails with one answer: the response reveals neither the account nor which
//!   part was wrong.
//! - Making a new set replaces the whole old set in one transaction (policy decides who may:
//!   `policy::Action::CreateBackupCodes`, asked by the auth core); both making a set and using a
//!   code notify every confirmed address. A set records the passkey whose session made it, so
//!   "This wasn't me" on that passkey deletes it.

use std::sync::Arc;

use serde::Serialize;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::audit::Audit;
use crate::clock::Clock;
use crate::courier::{Courier, MailTemplate, Requester};
use crate::domain::{Identity, IdentityState};
use crate::error::Error;
use crate::methods::passkey::normalise_email;
use crate::secret::random_bytes;
use crate::slow_hash::SlowHasher;
use crate::store::Store;
use crate::try_limit::{self, Notice, Tried};

/// Codes in a set.
pub const CODES_PER_SET: usize = 10;
/// Crockford's base32: no I, L, O or U, so what people copy by hand reads back unambiguously.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
const SLOT_CHARS: usize = 2;
const SECRET_CHARS: usize = 10;
// At least 10 base32 characters (50 bits) of secret per code.
const _: () = assert!(SECRET_CHARS * 5 >= 50);

pub struct BackupCodeMethod {
    store: Store,
    clock: Arc<dyn Clock>,
    courier: Arc<Courier>,
    hasher: Arc<SlowHasher>,
    audit: Arc<Audit>,
    settings: BackupCodeSettings,
}

/// What the configuration decides about backup codes.
#[derive(Debug, Clone)]
pub struct BackupCodeSettings {
    pub enabled: bool,
    pub product: String,
    pub login_url: String,
}

/// How many codes are left, and when the set was made.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct BackupCodeStatus {
    pub remaining: i64,
    #[serde(with = "time::serde::rfc3339::option")]
    pub created_at: Option<OffsetDateTime>,
}

/// A completed backup-code sign-in.
#[derive(Debug)]
pub struct BackupCodeSignIn {
    pub identity: Identity,
    pub remaining: i64,
}

#[derive(Serialize)]
struct NoticeContext<'a> {
    product: &'a str,
    #[serde(flatten)]
    requester: Requester,
    remaining: i64,
    login_url: &'a str,
}

impl BackupCodeMethod {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        courier: Arc<Courier>,
        hasher: Arc<SlowHasher>,
        audit: Arc<Audit>,
        settings: BackupCodeSettings,
    ) -> Self {
        Self {
            store,
            clock,
            courier,
            hasher,
            audit,
            settings,
        }
    }

    /// Makes a new set for the signed-in identity, replacing any old one; returns the codes to
    /// show once.
    pub async fn generate(
        &self,
        identity: &Identity,
        made_by_passkey: Option<Uuid>,
        user_agent: &str,
    ) -> Result<Vec<String>, Error> {
        self.require_enabled()?;
        let now = self.clock.now();
        let codes = new_set()?;
        let mut stored = Vec::with_capacity(codes.len());
        for code in &codes {
            let (slot, secret) = code.split_at(SLOT_CHARS);
            stored.push((slot.to_owned(), self.hasher.hash(secret).await?));
        }
        self.store
            .replace_backup_codes(identity.id, &stored, now, made_by_passkey)
            .await?;
        self.notify(
            identity,
            MailTemplate::BackupCodesCreated,
            CODES_PER_SET as i64,
            user_agent,
        )
        .await?;
        Ok(codes.iter().map(|c| display(c)).collect())
    }

    pub async fn status(&self, identity: &Identity) -> Result<BackupCodeStatus, Error> {
        let (remaining, created_at) = self.store.backup_codes_status(identity.id).await?;
        Ok(BackupCodeStatus { remaining, created_at })
    }

    /// Signs in with the account's email address and one of its backup codes.
    pub async fn sign_in(&self, email: &str, typed: &str, user_agent: &str) -> Result<BackupCodeSignIn, Error> {
        self.require_enabled()?;
        let address = normalise_email(email).map_err(|_| Error::BackupCodeInvalid)?;
        let tried = try_limit::tried_on(&self.store, &address).await?;
        let owner = match tried {
            Tried::Identity(identity_id) => Some(identity_id),
            Tried::Address(_) => None,
        };
        self.spend(owner, tried, typed, None).await?;
        let identity_id = owner.ok_or(Error::BackupCodeInvalid)?;
        let identity = self
            .store
            .identity(identity_id)
            .await?
            .ok_or(Error::BackupCodeInvalid)?;
        if identity.state != IdentityState::Active {
            return Err(Error::IdentityInactive);
        }
        let remaining = self.store.backup_codes_status(identity.id).await?.0;
        self.notify(&identity, MailTemplate::BackupCodeUsed, remaining, user_agent)
            .await?;
        Ok(BackupCodeSignIn { identity, remaining })
    }

    /// Uses one of a signed-in identity's codes, from a set made before `made_before`, to confirm
    /// something (a passkey saved from an email session); returns how many are left. Counted and
    /// notified like a sign-in.
    pub async fn confirm(
        &self,
        identity: &Identity,
        typed: &str,
        made_before: OffsetDateTime,
        user_agent: &str,
    ) -> Result<i64, Error> {
        self.require_enabled()?;
        self.spend(
            Some(identity.id),
            Tried::Identity(identity.id),
            typed,
            Some(made_before),
        )
        .await?;
        let remaining = self.store.backup_codes_status(identity.id).await?.0;
        self.notify(identity, MailTemplate::BackupCodeUsed, remaining, user_agent)
            .await?;
        Ok(remaining)
    }

    /// Checks `typed` against the owner's unused code in its slot and uses it: one try counted
    /// first, one Argon2id computation whether or not there is a code to check.
    async fn spend(
        &self,
        owner: Option<Uuid>,
        tried: Tried<'_>,
        typed: &str,
        made_before: Option<OffsetDateTime>,
    ) -> Result<(), Error> {
        let now = self.clock.now();
        let notice = Notice {
            courier: &self.courier,
            product: &self.settings.product,
            login_url: &self.settings.login_url,
        };
        try_limit::take_try(&self.store, &self.audit, &notice, tried, now).await?;
        let code = normalise_code(typed);
        let (slot, secret) = slot_and_secret(&code);
        let stored = match owner {
            Some(identity_id) => self.store.unused_backup_code(identity_id, slot, made_before).await?,
            None => None,
        };
        let Some((id, code_hash)) = stored else {
            // The same work as a real check, so the answer takes as long either way.
            self.hasher.hash(secret).await?;
            return Err(Error::BackupCodeInvalid);
        };
        if !self.hasher.verify(secret, &code_hash).await? || !self.store.consume_backup_code(id, now).await? {
            return Err(Error::BackupCodeInvalid);
        }
        Ok(())
    }

    /// Tells every confirmed address of the identity.
    async fn notify(
        &self,
        identity: &Identity,
        template: MailTemplate,
        remaining: i64,
        user_agent: &str,
    ) -> Result<(), Error> {
        let now = self.clock.now();
        let context = NoticeContext {
            product: &self.settings.product,
            requester: Requester::new(user_agent, now),
            remaining,
            login_url: &self.settings.login_url,
        };
        // A notice is worth sending for a day; after that it only confuses.
        self.courier
            .notify_confirmed(identity.id, template, &context, now + Duration::days(1))
            .await?;
        Ok(())
    }

    fn require_enabled(&self) -> Result<(), Error> {
        if self.settings.enabled {
            Ok(())
        } else {
            Err(Error::MethodDisabled)
        }
    }
}

/// Ten codes whose slots (first two characters) differ.
fn new_set() -> Result<Vec<String>, Error> {
    let mut codes: Vec<String> = Vec::with_capacity(CODES_PER_SET);
    while codes.len() < CODES_PER_SET {
        let code = new_code()?;
        if !codes.iter().any(|c| c.get(..SLOT_CHARS) == code.get(..SLOT_CHARS)) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// 12 characters, each from 5 random bits (the alphabet has 32 symbols: no bias).
fn new_code() -> Result<String, Error> {
    let bytes = random_bytes::<{ SLOT_CHARS + SECRET_CHARS }>()?;
    Ok(bytes
        .iter()
        .filter_map(|b| ALPHABET.get(usize::from(b & 31)).copied().map(char::from))
        .collect())
}

/// `abcd-efgh-jkmn`, for reading and copying.
fn display(code: &str) -> String {
    code.as_bytes()
        .chunks(4)
        .map(|chunk| String::from_utf8_lossy(chunk).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// A typed code's slot and secret. Typed text may hold anything (an accented letter, an emoji):
/// no slot then, and the whole text as the secret, so it costs the same hashing work as any wrong
/// code.
pub(crate) fn slot_and_secret(code: &str) -> (&str, &str) {
    code.split_at_checked(SLOT_CHARS).unwrap_or(("", code))
}

/// What a person typed, as stored: lower case, no spaces or dashes, the look-alikes Crockford
/// maps (o -> 0, i and l -> 1).
pub(crate) fn normalise_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_lowercase() {
            'o' => '0',
            'i' | 'l' => '1',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn a_set_is_ten_codes_of_twelve_crockford_characters_with_distinct_slots() {
        let set = new_set().unwrap();
        assert_eq!(set.len(), 10);
        assert!(
            set.iter()
                .all(|c| c.len() == 12 && c.bytes().all(|b| ALPHABET.contains(&b)))
        );
        let slots: HashSet<&str> = set.iter().map(|c| c.get(..2).unwrap()).collect();
        assert_eq!(slots.len(), 10);
    }

    #[test]
    fn typed_codes_forgive_case_dashes_and_look_alikes() {
        assert_eq!(display("abcdefghjkmn"), "abcd-efgh-jkmn");
        assert_eq!(normalise_code(" ABCD-EFGH-JKMN "), "abcdefghjkmn");
        assert_eq!(normalise_code("O1Il"), "0111");
    }
}
