//! Sessions: issued on every sign-in, resolved on every `whoami`, revoked on sign-out.
//!
//! # Security
//! - A new session (and token) on every sign-in: nothing a browser held before signing in names
//!   the new session, so a planted token cannot be promoted (no fixation).
//! - Only the token's SHA-256 is stored; see [`crate::secret`].
//!
//! # Speed, and how a cached answer stays true
//! `whoami` runs on every request of every app, so resolved sessions are kept in an in-process
//! cache keyed by token hash. An entry stays as long as nothing it shows changed:
//! - Triggers in the store log every change a cached answer shows (a session revoked or
//!   restricted, an identity changed or deleted, an address added, confirmed or removed), from
//!   any writer: this replica, another one, the CLI, an operator's SQL.
//! - Every replica reads that log each second ([`Sessions::follow_store_changes`]) and drops the
//!   cached sessions of the identities it names. On PostgreSQL revocations are also announced
//!   (LISTEN/NOTIFY) and evicted on receipt, within milliseconds.
//! - An answer is served from the cache only while the log was read within
//!   `session.whoami.cache_ttl` (default 5s) of it: if the store stops answering, entries go
//!   stale after the TTL, as they did when the TTL alone bounded them. A replica that missed part
//!   of the log (it could not read it for longer than the log's window) drops its whole cache.
//! - Expiry and inactivity are checked against the clock on every call; an entry that looks idle
//!   (another replica may have seen a later use) is read again from the store.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, RwLock};
use std::time::Instant;

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::clock::Clock;
use crate::config::{PolicyConfig, SessionConfig};
use crate::domain::{Address, Identity, IdentityState, Method, PasskeyCredential, Session, Tier};
use crate::error::Error;
use crate::policy;
use crate::secret::{Secret, TokenHash};
use crate::store::{Revoked, SESSION_CHANGES_WINDOW, SessionChange, Store};
use crate::telemetry::CacheCounters;

/// Whether a passkey is still in its cooldown at `now`.
fn cooling(passkey: &PasskeyCredential, now: OffsetDateTime) -> bool {
    passkey.cooldown_until.is_some_and(|until| now < until)
}

/// How often a session's last use is written: inactivity timeouts are this coarse.
const TOUCH_INTERVAL: Duration = Duration::minutes(1);

/// Entries kept before the cache makes room: above the 100,000 sessions in use of the whoami
/// benchmark (bench/growth), so each is read from the store once, not once per round.
const CACHE_CAPACITY: usize = 150_000;

/// How often each replica reads the store's change log.
const FOLLOW_INTERVAL: std::time::Duration = std::time::Duration::from_secs(1);

/// A session together with what `whoami` shows of its identity.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub session: Session,
    pub identity: Identity,
    pub addresses: Vec<Address>,
}

impl ActiveSession {
    /// Whether the identity's email (the one pages and tokens show) is a confirmed address.
    pub fn email_verified(&self) -> bool {
        self.addresses
            .iter()
            .any(|a| a.value == self.identity.email && a.verified)
    }
}

/// A session just issued, with the token to hand to the client (once).
#[derive(Debug)]
pub struct IssuedSession {
    pub active: Arc<ActiveSession>,
    pub token: Secret,
}

/// A session made but not yet stored: nothing accepts its token until [`Sessions::activate`].
/// A sign-in records its audit entry in between, so a process that dies there leaves an entry
/// for a session nobody holds, never a session without its entry.
#[derive(Debug)]
pub struct MintedSession {
    pub session: Session,
    token: Secret,
}

pub struct Sessions {
    store: Store,
    clock: Arc<dyn Clock>,
    session_config: SessionConfig,
    policy: PolicyConfig,
    cache_ttl: Duration,
    cache: RwLock<Cache>,
    counters: CacheCounters,
}

#[derive(Default)]
struct Cache {
    entries: HashMap<TokenHash, CachedSession>,
    /// When the last read of the change log that succeeded began: everything committed before
    /// then that an entry shows is applied.
    synced_at: Option<OffsetDateTime>,
    /// Counts evictions. A resolution that read the store before an eviction may have read what
    /// the eviction was for, so it does not cache what it read (see [`Sessions::remember`]).
    evictions: u64,
}

impl Cache {
    /// Whether the entry may answer at `now`: within the TTL of when it was cached or of the last
    /// read of the change log, whichever is later.
    fn usable(&self, entry: &CachedSession, now: OffsetDateTime, ttl: Duration) -> bool {
        let known_current = self
            .synced_at
            .map_or(entry.cached_at, |synced| synced.max(entry.cached_at));
        now < known_current + ttl
    }

    fn evict(&mut self, keep: impl FnMut(&TokenHash, &mut CachedSession) -> bool) {
        self.entries.retain(keep);
        self.evictions += 1;
    }
}

struct CachedSession {
    active: Arc<ActiveSession>,
    cached_at: OffsetDateTime,
}

/// What [`Sessions::follow_store_changes`] remembers between two reads of the change log.
#[derive(Default)]
struct ChangeFollower {
    /// The `seq`s the last read returned: rows come again while inside the log's window.
    seen: HashSet<i64>,
    /// When the last read that succeeded began.
    last_read: Option<Instant>,
}

impl ChangeFollower {
    /// The identities named by changes not seen before, and whether some may have been missed
    /// (the previous read is older than the window, so rows may have left it unread).
    fn take(&mut self, changes: Vec<SessionChange>, began: Instant) -> (HashSet<Uuid>, bool) {
        let missed = self
            .last_read
            .is_some_and(|last| began.duration_since(last) + FOLLOW_INTERVAL > SESSION_CHANGES_WINDOW.unsigned_abs());
        let changed = changes
            .iter()
            .filter(|change| !self.seen.contains(&change.seq))
            .map(|change| change.identity_id)
            .collect();
        self.seen = changes.iter().map(|change| change.seq).collect();
        self.last_read = Some(began);
        (changed, missed)
    }
}

impl Sessions {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        session_config: SessionConfig,
        policy: PolicyConfig,
        counters: CacheCounters,
    ) -> Self {
        Self {
            store,
            clock,
            cache_ttl: session_config.whoami_cache_ttl,
            session_config,
            policy,
            cache: RwLock::new(Cache::default()),
            counters,
        }
    }

    /// Makes the session of a completed sign-in, at the assurance policy gives the method, for
    /// [`Sessions::activate`] once its audit entry is recorded. `passkey`: the passkey that signed
    /// in, if one did. Only the auth core calls this.
    pub(crate) fn sign_in(
        &self,
        identity: &Identity,
        method: Method,
        user_verified: bool,
        passkey: Option<&PasskeyCredential>,
        user_agent: Option<&str>,
    ) -> Result<MintedSession, Error> {
        let now = self.clock.now();
        let tier = policy::tier(identity, &self.policy);
        let lifetimes = policy::lifetimes(tier, &self.session_config, &self.policy);
        let cooling = passkey.is_some_and(|p| cooling(p, now));
        let grant = policy::session_for_sign_in(method, user_verified, tier, now, lifetimes, cooling);
        mint(identity, grant, now, passkey.map(|p| p.id), user_agent)
    }

    /// Stores a minted session: from now on its token works.
    pub(crate) async fn activate(&self, minted: MintedSession, identity: &Identity) -> Result<IssuedSession, Error> {
        let MintedSession { session, token } = minted;
        let hash = token.hash();
        let now = self.clock.now();
        let evictions = self.evictions();
        let language = crate::i18n::current_reader_tag();
        self.store.insert_session(&session, &hash, language.as_deref()).await?;
        let addresses = self.store.addresses(identity.id).await?;
        // The caller shows the session at once (and apps ask whoami right after): cache it now
        // rather than reading back what was just written.
        let active = Arc::new(ActiveSession {
            session,
            identity: identity.clone(),
            addresses,
        });
        self.remember(hash, active.clone(), now, evictions);
        Ok(IssuedSession { active, token })
    }

    /// The tier that applies to an identity under this deployment's policy.
    pub fn tier(&self, identity: &Identity) -> Tier {
        policy::tier(identity, &self.policy)
    }

    /// Replaces the session `old` names with a new one (new token) after a user-verified passkey
    /// ceremony in it (a passkey saved, or a step-up); the old token stops working at once. Only
    /// the auth core calls this.
    pub(crate) async fn after_passkey(
        &self,
        active: &ActiveSession,
        old: &Secret,
        passkey: &PasskeyCredential,
    ) -> Result<IssuedSession, Error> {
        let now = self.clock.now();
        let tier = policy::tier(&active.identity, &self.policy);
        let lifetimes = policy::lifetimes(tier, &self.session_config, &self.policy);
        let grant = policy::session_after_passkey(&active.session, now, lifetimes, cooling(passkey, now));
        let minted = mint(
            &active.identity,
            grant,
            now,
            Some(passkey.id),
            active.session.user_agent.as_deref(),
        )?;
        self.replace(active, old, minted).await
    }

    /// Replaces a session made by a passkey in its cooldown once a backup code confirmed it. Only
    /// the auth core calls this.
    pub(crate) async fn after_backup_code(&self, active: &ActiveSession, old: &Secret) -> Result<IssuedSession, Error> {
        let now = self.clock.now();
        let tier = policy::tier(&active.identity, &self.policy);
        let lifetimes = policy::lifetimes(tier, &self.session_config, &self.policy);
        let grant = policy::session_after_backup_code(&active.session, now, lifetimes);
        let minted = mint(
            &active.identity,
            grant,
            now,
            active.session.passkey_id,
            active.session.user_agent.as_deref(),
        )?;
        self.replace(active, old, minted).await
    }

    /// Puts `minted` in the place of the session `old` names. What apps were granted in the old
    /// one (OpenID Connect refresh tokens) lives on in the new one: a step-up is not a sign-out.
    async fn replace(
        &self,
        active: &ActiveSession,
        old: &Secret,
        minted: MintedSession,
    ) -> Result<IssuedSession, Error> {
        let issued = self.activate(minted, &active.identity).await?;
        self.store
            .carry_oauth2_grants(active.session.id, &issued.active.session)
            .await?;
        self.revoke(old).await?;
        Ok(issued)
    }

    /// The active session a token names, or `SessionMissing`.
    pub async fn resolve(&self, token: &Secret) -> Result<Arc<ActiveSession>, Error> {
        let hash = token.hash();
        let now = self.clock.now();
        let (cached, evictions) = self.cached(&hash, now);
        let active = match cached {
            Some(active) => {
                self.counters.hits.inc();
                active
            }
            None => {
                self.counters.misses.inc();
                self.load(hash, now, evictions).await?
            }
        };
        self.mark_used(hash, active, now, evictions).await
    }

    async fn load(&self, hash: TokenHash, now: OffsetDateTime, evictions: u64) -> Result<Arc<ActiveSession>, Error> {
        let session = self.store.session_by_token(&hash).await?.ok_or(Error::SessionMissing)?;
        if !session.is_active(now) {
            return Err(Error::SessionMissing);
        }
        let identity = self
            .store
            .identity(session.identity_id)
            .await?
            .ok_or(Error::SessionMissing)?;
        if identity.state != IdentityState::Active {
            return Err(Error::SessionMissing);
        }
        let addresses = self.store.addresses(identity.id).await?;
        let active = Arc::new(ActiveSession {
            session,
            identity,
            addresses,
        });
        self.remember(hash, active.clone(), now, evictions);
        Ok(active)
    }

    /// Records a use for the inactivity timeout, at most once per [`TOUCH_INTERVAL`] and only for
    /// sessions that have one: the hot path of `whoami` stays free of writes.
    async fn mark_used(
        &self,
        hash: TokenHash,
        active: Arc<ActiveSession>,
        now: OffsetDateTime,
        evictions: u64,
    ) -> Result<Arc<ActiveSession>, Error> {
        if active.session.idle_timeout.is_none() || now - active.session.last_active_at < TOUCH_INTERVAL {
            return Ok(active);
        }
        self.store.touch_session(active.session.id, now).await?;
        let mut touched = (*active).clone();
        touched.session.last_active_at = now;
        let touched = Arc::new(touched);
        self.remember(hash, touched.clone(), now, evictions);
        Ok(touched)
    }

    /// The live session with this id and its active identity, read from the store (for what
    /// outlives a request: OpenID Connect grants).
    pub async fn active_by_id(&self, id: Uuid) -> Result<Option<ActiveSession>, Error> {
        let Some(session) = self.store.session_by_id(id).await? else {
            return Ok(None);
        };
        if !session.is_active(self.clock.now()) {
            return Ok(None);
        }
        let identity = self.store.identity(session.identity_id).await?;
        let Some(identity) = identity.filter(|i| i.state == IdentityState::Active) else {
            return Ok(None);
        };
        let addresses = self.store.addresses(identity.id).await?;
        Ok(Some(ActiveSession {
            session,
            identity,
            addresses,
        }))
    }

    /// Revokes the session a token names, here and in the store.
    pub async fn revoke(&self, token: &Secret) -> Result<(), Error> {
        let hash = token.hash();
        self.write_cache().evict(|cached, _| *cached != hash);
        self.store.revoke_session(&hash, self.clock.now()).await?;
        // Again: a whoami that read the session just before the revocation committed may have
        // cached it meanwhile.
        self.write_cache().evict(|cached, _| *cached != hash);
        Ok(())
    }

    /// Revokes every session of an identity (but `except`), here, in the store and, through the
    /// store's announcements, on other replicas. Returns how many were live.
    pub async fn revoke_identity(&self, identity_id: Uuid, except: Option<Uuid>) -> Result<usize, Error> {
        let revoked = self
            .store
            .revoke_identity_sessions(identity_id, except, self.clock.now())
            .await?;
        Ok(self.evict(&revoked))
    }

    /// Revokes every session a passkey made or lifted, and the one it was saved in (but
    /// `except`), everywhere. Returns how many were live.
    pub async fn revoke_made_by(&self, passkey: &PasskeyCredential, except: Option<Uuid>) -> Result<usize, Error> {
        let revoked = self
            .store
            .revoke_passkey_sessions(passkey, except, self.clock.now())
            .await?;
        Ok(self.evict(&revoked))
    }

    /// Revokes one session of an identity by id; true when it was live.
    pub async fn revoke_by_id(&self, identity_id: Uuid, id: Uuid) -> Result<bool, Error> {
        let revoked = self
            .store
            .revoke_session_by_id(identity_id, id, self.clock.now())
            .await?;
        Ok(self.evict(&revoked) > 0)
    }

    /// Revokes every restricted session of an identity but `except`. Returns how many were live.
    pub async fn revoke_restricted(&self, identity_id: Uuid, except: Uuid) -> Result<usize, Error> {
        let revoked = self
            .store
            .revoke_restricted_sessions(identity_id, except, self.clock.now())
            .await?;
        Ok(self.evict(&revoked))
    }

    /// Restricts every live `aal1` session of an identity at once (its tier was raised), here
    /// and, through the store's announcements, on other replicas. Returns how many.
    pub async fn restrict_aal1(&self, identity_id: Uuid) -> Result<usize, Error> {
        let changed = self.store.restrict_aal1_sessions(identity_id).await?;
        self.forget_identity(identity_id);
        Ok(changed.len())
    }

    /// The identity's live sessions at `now`, newest first.
    pub async fn live(&self, identity_id: Uuid) -> Result<Vec<Session>, Error> {
        let now = self.clock.now();
        let sessions = self.store.live_sessions(identity_id, now).await?;
        Ok(sessions.into_iter().filter(|s| s.is_active(now)).collect())
    }

    fn evict(&self, hashes: &[TokenHash]) -> usize {
        if !hashes.is_empty() {
            self.write_cache().evict(|cached, _| !hashes.contains(cached));
        }
        hashes.len()
    }

    /// Applies a revocation announced by another replica.
    pub fn forget(&self, revoked: Revoked) {
        let mut cache = self.write_cache();
        match revoked {
            Revoked::Token(hash) => cache.evict(|cached, _| *cached != hash),
            Revoked::Unknown => cache.evict(|_, _| false),
        }
    }

    /// Drops this replica's cached sessions of an identity whose shown data changed (a confirmed
    /// address) at once; other replicas read the change from the store's log within a second.
    pub fn forget_identity(&self, identity_id: Uuid) {
        self.write_cache()
            .evict(|_, entry| entry.active.identity.id != identity_id);
    }

    /// Reads the store's change log every second, for ever, dropping the cached sessions of
    /// the identities it names (see the module's documentation).
    pub async fn follow_store_changes(&self) {
        let mut follower = ChangeFollower::default();
        let mut tick = tokio::time::interval(FOLLOW_INTERVAL);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut failing = false;
        loop {
            tick.tick().await;
            // Said once when reads start failing and once when they work again, not every second.
            match self.catch_up(&mut follower).await {
                Err(e) if !failing => {
                    failing = true;
                    tracing::warn!(error = %e.detail(), "cannot read the session change log; cached sessions go stale after the cache TTL");
                }
                Ok(()) if failing => {
                    failing = false;
                    tracing::info!("reading the session change log again");
                }
                _ => {}
            }
        }
    }

    /// One read of the change log, applied to the cache.
    async fn catch_up(&self, follower: &mut ChangeFollower) -> Result<(), Error> {
        let began = (Instant::now(), self.clock.now());
        let changes = self.store.recent_session_changes().await?;
        let (changed, missed) = follower.take(changes, began.0);
        let mut cache = self.write_cache();
        if missed {
            cache.evict(|_, _| false);
        } else if !changed.is_empty() {
            cache.evict(|_, entry| !changed.contains(&entry.active.identity.id));
        }
        cache.synced_at = Some(began.1);
        Ok(())
    }

    /// The usable entry for `hash`, if any, and the eviction count read under the same lock (one
    /// lock per whoami).
    fn cached(&self, hash: &TokenHash, now: OffsetDateTime) -> (Option<Arc<ActiveSession>>, u64) {
        let cache = self.cache.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        let hit = cache
            .entries
            .get(hash)
            .filter(|entry| cache.usable(entry, now, self.cache_ttl) && entry.active.session.is_active(now))
            .map(|entry| entry.active.clone());
        (hit, cache.evictions)
    }

    fn evictions(&self) -> u64 {
        self.cache
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .evictions
    }

    /// Caches what a resolution read, unless an eviction happened since it began (`evictions`
    /// then): the store may have changed after the read, and the eviction came too early to drop
    /// the entry.
    fn remember(&self, hash: TokenHash, active: Arc<ActiveSession>, now: OffsetDateTime, evictions: u64) {
        if self.cache_ttl <= Duration::ZERO {
            return;
        }
        let mut cache = self.write_cache();
        if cache.evictions != evictions {
            return;
        }
        make_room(&mut cache.entries, |entry| entry.cached_at, CACHE_CAPACITY);
        cache.entries.insert(hash, CachedSession { active, cached_at: now });
    }

    fn write_cache(&self) -> std::sync::RwLockWriteGuard<'_, Cache> {
        self.cache.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Keeps `cache` under `capacity` by keeping the half cached most recently (more sessions in
/// use than it holds). Dropping everything instead made every request a miss once the sessions
/// in rotation outnumbered the capacity.
fn make_room<K, V>(cache: &mut HashMap<K, V>, cached_at: impl Fn(&V) -> OffsetDateTime, capacity: usize) {
    if cache.len() < capacity {
        return;
    }
    let mut times: Vec<OffsetDateTime> = cache.values().map(&cached_at).collect();
    let middle = times.len() / 2;
    let (_, median, _) = times.select_nth_unstable(middle);
    let median = *median;
    cache.retain(|_, entry| cached_at(entry) > median);
    if cache.len() >= capacity {
        cache.clear();
    }
}

/// A new session under `grant`, with a fresh token, not yet stored.
fn mint(
    identity: &Identity,
    grant: policy::SessionGrant,
    now: OffsetDateTime,
    passkey_id: Option<Uuid>,
    user_agent: Option<&str>,
) -> Result<MintedSession, Error> {
    Ok(MintedSession {
        session: Session {
            id: Uuid::new_v4(),
            identity_id: identity.id,
            aal: grant.aal,
            methods: grant.methods,
            restricted: grant.restricted,
            issued_at: now,
            authenticated_at: grant.authenticated_at,
            expires_at: grant.expires_at,
            last_active_at: now,
            idle_timeout: grant.idle_timeout,
            passkey_id,
            user_agent: user_agent.map(str::to_owned),
        },
        token: Secret::generate()?,
    })
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    #[test]
    fn a_full_cache_keeps_the_half_it_cached_most_recently() {
        let now = datetime!(2026-11-30 12:00 UTC);
        // 100 entries cached over the last 10 s.
        let mut cache: HashMap<u32, OffsetDateTime> = (1..=100)
            .map(|i| (i, now - Duration::milliseconds(10_000 - i64::from(i) * 100)))
            .collect();
        make_room(&mut cache, |t| *t, 101);
        assert_eq!(cache.len(), 100, "below capacity: nothing dropped");

        make_room(&mut cache, |t| *t, 100);
        assert_eq!(cache.len(), 49, "the half cached most recently stays");
        assert!(cache.keys().all(|&i| i > 51));

        let mut same_instant: HashMap<u32, OffsetDateTime> = (1..=10).map(|i| (i, now)).collect();
        make_room(&mut same_instant, |t| *t, 10);
        assert!(
            same_instant.len() < 10,
            "room is made even when every entry was cached at once"
        );
    }

    #[test]
    fn the_change_follower_reports_each_change_once_and_notices_a_gap() {
        let id = |n: u128| Uuid::from_u128(n);
        let change = |seq, n| SessionChange {
            seq,
            identity_id: id(n),
        };
        let start = Instant::now();
        let mut follower = ChangeFollower::default();
        let (changed, missed) = follower.take(vec![change(1, 1), change(2, 2)], start);
        assert_eq!((changed, missed), (HashSet::from([id(1), id(2)]), false));

        // The next read returns the same rows (still in the window), a new one, and one that
        // committed late with a lower seq.
        let a_second_later = start + FOLLOW_INTERVAL;
        let (changed, missed) = follower.take(
            vec![change(1, 1), change(2, 2), change(3, 3), change(5, 5)],
            a_second_later,
        );
        assert_eq!((changed, missed), (HashSet::from([id(3), id(5)]), false));
        let (changed, _) = follower.take(
            vec![change(3, 3), change(4, 4), change(5, 5)],
            a_second_later + FOLLOW_INTERVAL,
        );
        assert_eq!(changed, HashSet::from([id(4)]));

        let much_later = a_second_later + std::time::Duration::from_secs(60);
        let (changed, missed) = follower.take(vec![], much_later);
        assert!(changed.is_empty());
        assert!(missed, "a minute without a read: rows may have left the window unread");
    }
}
