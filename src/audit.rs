//! The audit trail: every admin action and security event, appended to a hash chain.
//!
//! # Security
//! - Append-only: the store refuses UPDATE and DELETE on the log (database triggers), so nothing
//!   in latchkey can change an entry, and an operator who disables the triggers to edit one is
//!   caught by the chain.
//! - Tamper-evident: each entry carries the SHA-256 of its own fields and of the entry before it,
//!   and an HMAC of that hash with a key from `secrets.default`, which the database never sees.
//!   [`Audit::verify`] walks the chain and names the first entry whose position, link, hash or
//!   signature does not hold: an edit, even with every later hash recomputed, fails the signature.
//!   The chain's head (last position and hash, kept beside the log and signed too) reveals a
//!   deleted tail; the store refuses to move the head back or delete it.
//! - Anchored outside the database: a [`Checkpoint`] (the head, signed) kept elsewhere by the
//!   operator proves later that the trail still extends it. Without one, someone with database
//!   access could restore an older head and its signature (a backup) to drop the entries after it;
//!   and someone with the key as well could rewrite the trail, but never behind a checkpoint.
//! - Entries hold no secrets: no tokens, codes or keys, only what happened, to whom, by whom.

use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

use crate::clock::Clock;
use crate::error::Error;
use crate::keys::{AuditKeys, Signature, Unverified};
use crate::store::Store;
use crate::store::Subscription;
use crate::telemetry::BatchSizes;

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Entries a page of `GET /admin/audit` holds at most.
pub const MAX_PAGE: u32 = 500;

/// Who did it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Actor {
    /// The person signed in (or signing in) to this identity.
    Identity { id: Uuid },
    /// An admin API key: support staff or an administrator.
    AdminKey { id: Uuid, name: String },
    /// latchkey itself (expiry sweeps) or an operator at the command line.
    System { name: String },
}

impl Actor {
    /// An operator at the command line (`cli:<user>`).
    pub fn cli(operator: &str) -> Self {
        Self::System {
            name: format!("cli:{operator}"),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Self::Identity { .. } => "identity",
            Self::AdminKey { .. } => "admin_key",
            Self::System { .. } => "system",
        }
    }

    fn id(&self) -> Option<String> {
        match self {
            Self::Identity { id } | Self::AdminKey { id, .. } => Some(id.to_string()),
            Self::System { .. } => None,
        }
    }

    fn name(&self) -> Option<&str> {
        match self {
            Self::AdminKey { name, .. } | Self::System { name } => Some(name),
            Self::Identity { .. } => None,
        }
    }

    /// Reads the stored columns back.
    pub fn from_columns(kind: &str, id: Option<&str>, name: Option<&str>) -> Result<Self, Error> {
        let id = || {
            id.and_then(|t| Uuid::parse_str(t).ok())
                .ok_or_else(|| Error::Internal(format!("audit actor {kind} without an id")))
        };
        match kind {
            "identity" => Ok(Self::Identity { id: id()? }),
            "admin_key" => Ok(Self::AdminKey {
                id: id()?,
                name: name.unwrap_or_default().to_owned(),
            }),
            "system" => Ok(Self::System {
                name: name.unwrap_or_default().to_owned(),
            }),
            other => Err(Error::Internal(format!("unknown audit actor kind {other}"))),
        }
    }
}

/// Where a request came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
}

impl Origin {
    /// The user agent, or nothing, for naming a device in a message.
    pub fn user_agent_or_empty(&self) -> &str {
        self.user_agent.as_deref().unwrap_or_default()
    }
}

/// What happened. The names are stable: auditors filter on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    SignedIn,
    SignedOut,
    SignInThrottled,
    PasswordRefused,
    PasswordRehashed,
    PasswordDisabled,
    PasswordPromptShown,
    PasswordPromptPutOff,
    SessionsRevoked,
    RestrictionLifted,
    SteppedUp,
    PasskeyAdded,
    PasskeyRemoved,
    PasskeyGuarded,
    PasskeyDisowned,
    PasskeyConfirmed,
    PasskeyCounterRegression,
    BackupCodesGenerated,
    IdentityCreated,
    IdentityUpdated,
    IdentityDeleted,
    AdminKeyCreated,
    AdminKeyRevoked,
    SigningKeyRotated,
    OAuth2Granted,
    OAuth2GrantRevoked,
    OAuth2ConsentGiven,
    OAuth2ClientRegistered,
    OAuth2ClientSecretRotated,
    OAuth2ClientRemoved,
    RecoveryRequested,
    RecoveryApproved,
    RecoveryIssued,
    RecoveryUsed,
    RecoveryCompleted,
    RecoveryCancelled,
    RecoveryExpired,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::SignedIn => "session.signed_in",
            Self::SignedOut => "session.signed_out",
            Self::SignInThrottled => "sign_in.throttled",
            Self::PasswordRefused => "password.refused",
            Self::PasswordRehashed => "password.rehashed",
            Self::PasswordDisabled => "password.disabled",
            Self::PasswordPromptShown => "password.prompt_shown",
            Self::PasswordPromptPutOff => "password.prompt_put_off",
            Self::SessionsRevoked => "sessions.revoked",
            Self::RestrictionLifted => "session.restriction_lifted",
            Self::SteppedUp => "session.stepped_up",
            Self::PasskeyAdded => "passkey.added",
            Self::PasskeyRemoved => "passkey.removed",
            Self::PasskeyGuarded => "passkey.guarded",
            Self::PasskeyDisowned => "passkey.disowned",
            Self::PasskeyConfirmed => "passkey.confirmed",
            Self::PasskeyCounterRegression => "passkey.counter_regression",
            Self::BackupCodesGenerated => "backup_codes.generated",
            Self::IdentityCreated => "identity.created",
            Self::IdentityUpdated => "identity.updated",
            Self::IdentityDeleted => "identity.deleted",
            Self::AdminKeyCreated => "admin_key.created",
            Self::AdminKeyRevoked => "admin_key.revoked",
            Self::SigningKeyRotated => "signing_key.rotated",
            Self::OAuth2Granted => "oauth2.granted",
            Self::OAuth2GrantRevoked => "oauth2.grant_revoked",
            Self::OAuth2ConsentGiven => "oauth2.consent_given",
            Self::OAuth2ClientRegistered => "oauth2.client_registered",
            Self::OAuth2ClientSecretRotated => "oauth2.client_secret_rotated",
            Self::OAuth2ClientRemoved => "oauth2.client_removed",
            Self::RecoveryRequested => "recovery.requested",
            Self::RecoveryApproved => "recovery.approved",
            Self::RecoveryIssued => "recovery.issued",
            Self::RecoveryUsed => "recovery.used",
            Self::RecoveryCompleted => "recovery.completed",
            Self::RecoveryCancelled => "recovery.cancelled",
            Self::RecoveryExpired => "recovery.expired",
        }
    }
}

/// An event about to be appended.
#[derive(Debug, Clone)]
pub struct Event {
    pub actor: Actor,
    pub subject: Option<Uuid>,
    pub action: Action,
    pub reason: Option<String>,
    pub details: Value,
    pub origin: Origin,
}

impl Event {
    pub fn new(actor: Actor, action: Action, subject: Option<Uuid>) -> Self {
        Self {
            actor,
            subject,
            action,
            reason: None,
            details: Value::Object(Default::default()),
            origin: Origin::default(),
        }
    }

    /// The person acting on their own identity (signing in, saving a passkey, ...).
    pub fn by_identity(id: Uuid, action: Action) -> Self {
        Self::new(Actor::Identity { id }, action, Some(id))
    }

    pub fn reason(self, reason: impl Into<String>) -> Self {
        Self {
            reason: Some(reason.into()),
            ..self
        }
    }

    pub fn details(self, details: Value) -> Self {
        Self { details, ..self }
    }

    pub fn from(self, origin: &Origin) -> Self {
        Self {
            origin: origin.clone(),
            ..self
        }
    }
}

/// An entry of the log, as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    pub seq: i64,
    pub id: Uuid,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub actor: Actor,
    pub subject_id: Option<Uuid>,
    pub action: String,
    pub reason: Option<String>,
    /// The details object, as stored (JSON text).
    #[serde(serialize_with = "as_json")]
    pub details: String,
    pub client_ip: Option<String>,
    pub user_agent: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// The HMAC of `hash` under a key from `secrets.default`; `None` only for entries written
    /// before the trail was keyed and not yet adopted.
    pub signature: Option<Signature>,
}

fn as_json<S: serde::Serializer>(text: &str, serializer: S) -> Result<S::Ok, S::Error> {
    serde_json::from_str::<Value>(text)
        .unwrap_or(Value::String(text.to_owned()))
        .serialize(serializer)
}

impl Entry {
    /// The chain hash: SHA-256 (hex) of every field but the hash itself, as stored, in a fixed
    /// order (a JSON array, so no field's text can run into the next).
    pub fn chain_hash(&self) -> String {
        let at = self.at.unix_timestamp_nanos() / 1_000_000;
        let fields = serde_json::json!([
            self.seq,
            self.id.to_string(),
            at.to_string(),
            self.actor.kind(),
            self.actor.id(),
            self.actor.name(),
            self.subject_id.map(|s| s.to_string()),
            self.action,
            self.reason,
            self.details,
            self.client_ip,
            self.user_agent,
            self.prev_hash,
        ]);
        crate::secret::hex(&Sha256::digest(fields.to_string().as_bytes()))
    }

    /// A new entry at position `seq` after the entry whose hash is `prev_hash`, signed.
    pub fn chained(
        event: &Event,
        seq: i64,
        prev_hash: &str,
        at: OffsetDateTime,
        keys: &AuditKeys,
    ) -> Result<Self, Error> {
        let mut entry = Self {
            seq,
            id: Uuid::new_v4(),
            at,
            actor: event.actor.clone(),
            subject_id: event.subject,
            action: event.action.as_str().to_owned(),
            reason: event.reason.clone(),
            details: event.details.to_string(),
            client_ip: event.origin.client_ip.clone(),
            user_agent: event.origin.user_agent.clone(),
            prev_hash: prev_hash.to_owned(),
            hash: String::new(),
            signature: None,
        };
        entry.hash = entry.chain_hash();
        entry.signature = Some(keys.sign(&signed_entry(&entry.hash))?);
        Ok(entry)
    }

    /// The actor's columns: kind, id, name.
    pub fn actor_columns(&self) -> (&'static str, Option<String>, Option<&str>) {
        (self.actor.kind(), self.actor.id(), self.actor.name())
    }
}

/// Which entries to read.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub subject_id: Option<Uuid>,
    /// An identity or admin key id.
    pub actor_id: Option<String>,
    pub action: Option<String>,
    pub since: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
    /// Entries before this position (paging backwards from the newest).
    pub before_seq: Option<i64>,
    pub limit: u32,
}

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Intact {
        entries: i64,
    },
    Broken {
        seq: i64,
        id: Option<Uuid>,
        problem: String,
    },
}

/// The chain's head as stored: the last position, its hash, and the head's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
    pub signature: Option<Signature>,
}

/// The head of the trail at one moment, signed, for the operator to keep outside the database
/// (`latchkey audit checkpoint`); `latchkey audit verify --checkpoint` proves the trail still
/// extends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
    pub hash: String,
    #[serde(with = "time::serde::rfc3339")]
    pub at: OffsetDateTime,
    pub signature: Signature,
}

/// What a signature covers, per kind of thing signed (so one can never stand for another).
fn signed_entry(hash: &str) -> Vec<u8> {
    serde_json::json!(["latchkey audit entry", hash])
        .to_string()
        .into_bytes()
}

fn signed_head(seq: i64, hash: &str) -> Vec<u8> {
    serde_json::json!(["latchkey audit head", seq, hash])
        .to_string()
        .into_bytes()
}

fn signed_checkpoint(seq: i64, hash: &str) -> Vec<u8> {
    serde_json::json!(["latchkey audit checkpoint", seq, hash])
        .to_string()
        .into_bytes()
}

impl Head {
    /// The head after the entry `seq` whose hash is `hash`, signed.
    pub fn signed(seq: i64, hash: String, keys: &AuditKeys) -> Result<Self, Error> {
        let signature = Some(keys.sign(&signed_head(seq, &hash))?);
        Ok(Self { seq, hash, signature })
    }
}

/// How a walk along the chain ended.
enum Walk {
    End { last: i64, last_hash: String },
    Broken(Verification),
}

/// Appends events and checks the chain.
///
/// # Speed
/// Every sign-in appends an entry, and appends are serialised on the chain's head. One appender
/// task per process takes the events waiting and writes them in one transaction (group commit):
/// under load a batch costs one head update and one commit instead of one per entry, and each
/// caller still waits for its own entry to be committed.
pub struct Audit {
    store: Store,
    keys: Arc<AuditKeys>,
    clock: Arc<dyn Clock>,
    appender: mpsc::Sender<Append>,
}

/// An event waiting for the appender, and where its committed entry goes.
struct Append {
    event: Event,
    done: oneshot::Sender<Result<Entry, Error>>,
}

/// Events written in one transaction at most.
const MAX_BATCH: usize = 64;

impl Audit {
    /// Starts the appender task; call inside the async runtime.
    /// `batches`: where each append's size is counted (`telemetry`); `webhooks`: who is told of
    /// which actions (a delivery is queued in the transaction that writes the entry).
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        keys: Arc<AuditKeys>,
        batches: BatchSizes,
        webhooks: Vec<Subscription>,
    ) -> Self {
        let (appender, queue) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(append_batches(
            store.clone(),
            clock.clone(),
            keys.clone(),
            queue,
            (batches, webhooks),
        ));
        Self {
            store,
            keys,
            clock,
            appender,
        }
    }

    /// Appends `event` once it is committed. A security event that cannot be recorded fails the
    /// operation that caused it rather than passing unrecorded.
    pub async fn record(&self, event: Event) -> Result<Entry, Error> {
        let (done, entry) = oneshot::channel();
        self.appender
            .send(Append { event, done })
            .await
            .map_err(|_| Error::Internal("the audit appender stopped".into()))?;
        entry
            .await
            .map_err(|_| Error::Internal("the audit appender dropped an event".into()))?
    }

    pub async fn entries(&self, filter: &Filter) -> Result<Vec<Entry>, Error> {
        self.store.audit_entries(filter).await
    }

    /// Walks the whole chain from the first entry; reports the first one that does not hold.
    pub async fn verify(&self) -> Result<Verification, Error> {
        self.verify_extending(&[]).await
    }

    /// [`Audit::verify`], and that the trail still holds every checkpoint given.
    pub async fn verify_extending(&self, checkpoints: &[Checkpoint]) -> Result<Verification, Error> {
        if let Some(broken) = checkpoints.iter().find_map(|c| self.forged(c)) {
            return Ok(broken);
        }
        let walked = self
            .walk(|entry| Ok(self.check_signature(entry).or_else(|| departs_from(entry, checkpoints))))
            .await?;
        let (last, last_hash) = match walked {
            Walk::End { last, last_hash } => (last, last_hash),
            Walk::Broken(broken) => return Ok(broken),
        };
        let head = self.store.audit_head().await?;
        let problem = self
            .check_head(&head, last, &last_hash)
            .or_else(|| outlived(checkpoints, last));
        Ok(match problem {
            Some(problem) => Verification::Broken {
                seq: last + 1,
                id: None,
                problem,
            },
            None => Verification::Intact { entries: last },
        })
    }

    /// Walks the chain in order, checking each entry's position and link, then `check`; stops at
    /// the first problem.
    async fn walk(&self, mut check: impl FnMut(&Entry) -> Result<Option<String>, Error>) -> Result<Walk, Error> {
        const BATCH: u32 = 1000;
        let mut expected_seq = 1;
        let mut prev_hash = GENESIS.to_owned();
        loop {
            let batch = self.store.audit_chain(expected_seq, BATCH).await?;
            for entry in &batch {
                let problem = match check_link(entry, expected_seq, &prev_hash) {
                    Some(problem) => Some(problem),
                    None => check(entry)?,
                };
                if let Some(problem) = problem {
                    return Ok(Walk::Broken(Verification::Broken {
                        seq: expected_seq,
                        id: Some(entry.id),
                        problem,
                    }));
                }
                expected_seq += 1;
                prev_hash = entry.hash.clone();
            }
            if batch.len() < BATCH as usize {
                return Ok(Walk::End {
                    last: expected_seq - 1,
                    last_hash: prev_hash,
                });
            }
        }
    }

    /// The head now, signed for keeping elsewhere, once the trail verifies.
    pub async fn checkpoint(&self) -> Result<Result<Checkpoint, Verification>, Error> {
        let verification = self.verify().await?;
        if !matches!(verification, Verification::Intact { .. }) {
            return Ok(Err(verification));
        }
        let head = self.store.audit_head().await?;
        Ok(Ok(Checkpoint {
            signature: self.keys.sign(&signed_checkpoint(head.seq, &head.hash))?,
            seq: head.seq,
            hash: head.hash,
            at: self.clock.now(),
        }))
    }

    /// Signs the entries written before the trail was keyed, once their chain verifies: an
    /// operator's one-time step after upgrading (`latchkey audit adopt`). Returns how many.
    pub async fn adopt_unsigned(&self) -> Result<Result<usize, Verification>, Error> {
        let mut unsigned = Vec::new();
        let walked = self
            .walk(|entry| {
                if entry.signature.is_none() {
                    unsigned.push((entry.seq, self.keys.sign(&signed_entry(&entry.hash))?));
                }
                Ok(None)
            })
            .await?;
        let (last, last_hash) = match walked {
            Walk::End { last, last_hash } => (last, last_hash),
            Walk::Broken(broken) => return Ok(Err(broken)),
        };
        let head = Head::signed(last, last_hash, &self.keys)?;
        self.store.sign_audit_entries(&unsigned, &head).await?;
        Ok(Ok(unsigned.len()))
    }

    fn check_signature(&self, entry: &Entry) -> Option<String> {
        let Some(signature) = &entry.signature else {
            return Some("it is not signed: it was written without the key (or before the trail was keyed: run `latchkey audit adopt` once after upgrading)".to_owned());
        };
        match self.keys.verify(&signed_entry(&entry.hash), signature) {
            Ok(()) => None,
            Err(Unverified::Mismatch) => Some(
                "its signature does not hold: it was edited, or the chain was recomputed without the key".to_owned(),
            ),
            Err(Unverified::UnknownKey(id)) => Some(unknown_key(&id)),
        }
    }

    fn check_head(&self, head: &Head, last: i64, last_hash: &str) -> Option<String> {
        if head.seq != last || head.hash != last_hash {
            return Some(format!(
                "the chain ends at entry {last} but its head records entry {}: entries after {last} were removed",
                head.seq
            ));
        }
        let fresh = head.seq == 0 && head.signature.is_none();
        match &head.signature {
            _ if fresh => None,
            None => Some("the head row is not signed: it was written without the key".to_owned()),
            Some(signature) => match self.keys.verify(&signed_head(head.seq, &head.hash), signature) {
                Ok(()) => None,
                Err(Unverified::Mismatch) => Some(format!(
                    "the head row's signature does not hold: it was moved without the key (entries after {last} may have been removed)"
                )),
                Err(Unverified::UnknownKey(id)) => Some(unknown_key(&id)),
            },
        }
    }

    /// A checkpoint this key ring did not sign proves nothing: say so before anything else.
    fn forged(&self, checkpoint: &Checkpoint) -> Option<Verification> {
        let problem = match self.keys.verify(
            &signed_checkpoint(checkpoint.seq, &checkpoint.hash),
            &checkpoint.signature,
        ) {
            Ok(()) => return None,
            Err(Unverified::Mismatch) => {
                "the checkpoint's signature does not hold: it was not made by latchkey with these secrets".to_owned()
            }
            Err(Unverified::UnknownKey(id)) => unknown_key(&id),
        };
        Some(Verification::Broken {
            seq: checkpoint.seq,
            id: None,
            problem,
        })
    }
}

fn unknown_key(id: &str) -> String {
    format!(
        "it is signed with key {id}, which no secret in secrets.default gives: put the retired secret back in the list, after the current one"
    )
}

/// The problem when `entry` is at a checkpoint's position with another hash.
fn departs_from(entry: &Entry, checkpoints: &[Checkpoint]) -> Option<String> {
    checkpoints
        .iter()
        .find(|c| c.seq == entry.seq && c.hash != entry.hash)
        .map(|c| {
            format!(
                "it differs from the checkpoint of {}: the trail was rewritten up to here",
                crate::clock::to_the_minute(c.at)
            )
        })
}

/// The problem when the trail ends before a checkpoint's position.
fn outlived(checkpoints: &[Checkpoint], last: i64) -> Option<String> {
    checkpoints
        .iter()
        .filter(|c| c.seq > last)
        .max_by_key(|c| c.seq)
        .map(|c| {
            format!(
                "the checkpoint of {} records entry {} but the trail ends at entry {last}: entries {}-{} were removed",
                crate::clock::to_the_minute(c.at),
                c.seq,
                last + 1,
                c.seq
            )
        })
}

/// The appender: waits for an event, takes every other one already waiting (up to
/// [`MAX_BATCH`]), writes them in one transaction and answers each caller.
async fn append_batches(
    store: Store,
    clock: Arc<dyn Clock>,
    keys: Arc<AuditKeys>,
    mut queue: mpsc::Receiver<Append>,
    (batches, webhooks): (BatchSizes, Vec<Subscription>),
) {
    while let Some(first) = queue.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        batches.0.observe(batch.len() as f64);
        let events: Vec<&Event> = batch.iter().map(|a| &a.event).collect();
        match store.append_audit(&events, clock.now(), &keys, &webhooks).await {
            Ok(entries) => {
                for (append, entry) in batch.into_iter().zip(entries) {
                    // A caller that gave up waiting changes nothing: its entry is committed.
                    let _ = append.done.send(Ok(entry));
                }
            }
            Err(e) => {
                for append in batch {
                    let _ = append.done.send(Err(match &e {
                        Error::StoreUnavailable(cause) => Error::StoreUnavailable(cause.clone()),
                        other => Error::Internal(format!("audit append: {}", other.detail())),
                    }));
                }
            }
        }
    }
}

fn check_link(entry: &Entry, expected_seq: i64, prev_hash: &str) -> Option<String> {
    if entry.seq != expected_seq {
        Some(format!(
            "entry {expected_seq} is missing (the next entry is {})",
            entry.seq
        ))
    } else if entry.prev_hash != prev_hash {
        Some("it does not link to the entry before it (prev_hash differs)".to_owned())
    } else if entry.chain_hash() != entry.hash {
        Some("its contents do not match its hash: it was edited".to_owned())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn event() -> Event {
        Event::new(Actor::Identity { id: Uuid::nil() }, Action::SignedIn, Some(Uuid::nil()))
            .details(serde_json::json!({ "method": "passkey" }))
    }

    fn keys() -> AuditKeys {
        let secret = vec!["a-test-secret-of-at-least-32-characters".to_owned()];
        crate::keys::Keys::load(&crate::config::SecretsConfig::Configured {
            default: secret.clone(),
            cipher: secret,
        })
        .unwrap()
        .audit
    }

    fn chained(seq: i64, prev_hash: &str) -> Entry {
        Entry::chained(&event(), seq, prev_hash, datetime!(2026-01-01 00:00 UTC), &keys()).unwrap()
    }

    #[test]
    fn every_field_is_covered_by_the_hash() {
        let entry = chained(1, GENESIS);
        assert_eq!(entry.chain_hash(), entry.hash);
        let edits: [fn(&mut Entry); 10] = [
            |e| e.seq = 2,
            |e| e.at += time::Duration::milliseconds(1),
            |e| e.actor = Actor::System { name: "x".into() },
            |e| e.subject_id = None,
            |e| e.action = "passkey.removed".into(),
            |e| e.reason = Some("because".into()),
            |e| e.details = "{}".into(),
            |e| e.client_ip = Some("10.0.0.1".into()),
            |e| e.user_agent = Some("curl".into()),
            |e| e.prev_hash = "1".repeat(64),
        ];
        for (i, edit) in edits.iter().enumerate() {
            let mut edited = entry.clone();
            edit(&mut edited);
            assert_ne!(edited.chain_hash(), entry.hash, "edit {i} went unnoticed");
        }
    }

    #[test]
    fn a_broken_link_is_named() {
        let first = chained(1, GENESIS);
        let second = chained(2, &first.hash);
        assert_eq!(check_link(&second, 2, &first.hash), None);
        assert!(check_link(&second, 2, GENESIS).unwrap().contains("prev_hash"));
        assert!(check_link(&second, 1, &first.hash).unwrap().contains("missing"));
    }
}
