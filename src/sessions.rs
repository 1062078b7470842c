//! Sessions: issued on every sign-in, resolved on every `whoami`, revoked on sign-out.
//!
//! # Security
//! - A new session (and token) on every sign-in: nothing a browser held before signing in names
//!   the new session, so a planted token cannot be promoted (no fixation).
//! - Only the token's SHA-256 is stored; see [`crate::secret`].
//!
//! # Speed
//! `whoami` runs on every request of every app, so resolved sessions are kept in a small
//! in-process cache keyed by token hash, for `session.whoami.cache_ttl` (default 5s). Expiry is
//! still checked against the clock on every call. Sign-out evicts the entry at once on the replica
//! that served it. On PostgreSQL the revocation is announced (LISTEN/NOTIFY) and every other
//! replica evicts it on receipt, typically within milliseconds; if a notice is lost (the listening
//! connection dropped) the replica drops its whole cache, and in any case no cached entry outlives
//! the TTL.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::clock::Clock;
use crate::config::{PolicyConfig, SessionConfig};
use crate::domain::{Address, Identity, IdentityState, Method, PasskeyCredential, Session, Tier};
use crate::error::Error;
use crate::policy;
use crate::secret::{Secret, TokenHash};
use crate::store::{Revoked, Store};
use crate::telemetry::CacheCounters;

/// Whether a passkey is still in its cooldown at `now`.
fn cooling(passkey: &PasskeyCredential, now: OffsetDateTime) -> bool {
    passkey.cooldown_until.is_some_and(|until| now < until)
}

/// How often a session's last use is written: inactivity timeouts are this coarse.
const TOUCH_INTERVAL: Duration = Duration::minutes(1);

/// Entries kept before the cache sweeps out stale ones.
const CACHE_CAPACITY: usize = 100_000;

/// A session together with what `whoami` shows of its identity.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub session: Session,
    pub identity: Identity,
    pub addresses: Vec<Address>,
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
    cache: RwLock<HashMap<TokenHash, CachedSession>>,
    counters: CacheCounters,
}

#[derive(Clone)]
struct CachedSession {
    active: Arc<ActiveSession>,
    fresh_until: OffsetDateTime,
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
            cache: RwLock::new(HashMap::new()),
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
        self.store.insert_session(&session, &hash).await?;
        let addresses = self.store.addresses(identity.id).await?;
        // The caller shows the session at once (and apps ask whoami right after): cache it now
        // rather than reading back what was just written.
        let active = Arc::new(ActiveSession {
            session,
            identity: identity.clone(),
            addresses,
        });
        self.remember(hash, active.clone(), now);
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
        let issued = self.activate(minted, &active.identity).await?;
        self.revoke(old).await?;
        Ok(issued)
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
        let issued = self.activate(minted, &active.identity).await?;
        self.revoke(old).await?;
        Ok(issued)
    }

    /// The active session a token names, or `SessionMissing`.
    pub async fn resolve(&self, token: &Secret) -> Result<Arc<ActiveSession>, Error> {
        let hash = token.hash();
        let now = self.clock.now();
        let active = match self.cached(&hash, now) {
            Some(active) => {
                self.counters.hits.inc();
                active
            }
            None => {
                self.counters.misses.inc();
                self.load(hash, now).await?
            }
        };
        self.mark_used(hash, active, now).await
    }

    async fn load(&self, hash: TokenHash, now: OffsetDateTime) -> Result<Arc<ActiveSession>, Error> {
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
        self.remember(hash, active.clone(), now);
        Ok(active)
    }

    /// Records a use for the inactivity timeout, at most once per [`TOUCH_INTERVAL`] and only for
    /// sessions that have one: the hot path of `whoami` stays free of writes.
    async fn mark_used(
        &self,
        hash: TokenHash,
        active: Arc<ActiveSession>,
        now: OffsetDateTime,
    ) -> Result<Arc<ActiveSession>, Error> {
        if active.session.idle_timeout.is_none() || now - active.session.last_active_at < TOUCH_INTERVAL {
            return Ok(active);
        }
        self.store.touch_session(active.session.id, now).await?;
        let mut touched = (*active).clone();
        touched.session.last_active_at = now;
        let touched = Arc::new(touched);
        self.remember(hash, touched.clone(), now);
        Ok(touched)
    }

    /// Revokes the session a token names, here and in the store.
    pub async fn revoke(&self, token: &Secret) -> Result<(), Error> {
        let hash = token.hash();
        self.write_cache().remove(&hash);
        self.store.revoke_session(&hash, self.clock.now()).await?;
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
        let mut cache = self.write_cache();
        for hash in hashes {
            cache.remove(hash);
        }
        hashes.len()
    }

    /// Applies a revocation announced by another replica.
    pub fn forget(&self, revoked: Revoked) {
        let mut cache = self.write_cache();
        match revoked {
            Revoked::Token(hash) => {
                cache.remove(&hash);
            }
            Revoked::Unknown => cache.clear(),
        }
    }

    /// Drops this replica's cached sessions of an identity whose shown data changed (a confirmed
    /// address); other replicas catch up within the cache TTL.
    pub fn forget_identity(&self, identity_id: Uuid) {
        self.write_cache()
            .retain(|_, entry| entry.active.identity.id != identity_id);
    }

    fn cached(&self, hash: &TokenHash, now: OffsetDateTime) -> Option<Arc<ActiveSession>> {
        let cache = self.cache.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        let entry = cache.get(hash)?;
        (now < entry.fresh_until && entry.active.session.is_active(now)).then(|| entry.active.clone())
    }

    fn remember(&self, hash: TokenHash, active: Arc<ActiveSession>, now: OffsetDateTime) {
        if self.cache_ttl <= Duration::ZERO {
            return;
        }
        let mut cache = self.write_cache();
        make_room(
            &mut cache,
            |entry| entry.fresh_until,
            now,
            self.cache_ttl,
            CACHE_CAPACITY,
        );
        cache.insert(
            hash,
            CachedSession {
                active,
                fresh_until: now + self.cache_ttl,
            },
        );
    }

    fn write_cache(&self) -> std::sync::RwLockWriteGuard<'_, HashMap<TokenHash, CachedSession>> {
        self.cache.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Keeps `cache` under `capacity`: first drops stale entries; if it is still full of fresh ones
/// (more sessions in use than it holds), keeps the half cached most recently. Dropping everything
/// instead made every request a miss once the sessions in rotation outnumbered the capacity.
fn make_room<K, V>(
    cache: &mut HashMap<K, V>,
    fresh_until: impl Fn(&V) -> OffsetDateTime,
    now: OffsetDateTime,
    ttl: Duration,
    capacity: usize,
) {
    if cache.len() < capacity {
        return;
    }
    cache.retain(|_, entry| now < fresh_until(entry));
    if cache.len() >= capacity {
        let cached_lately = now + ttl / 2;
        cache.retain(|_, entry| fresh_until(entry) >= cached_lately);
    }
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
    fn a_full_cache_keeps_what_it_cached_lately_and_drops_what_went_stale() {
        let now = datetime!(2026-11-30 12:00 UTC);
        let ttl = Duration::seconds(10);
        // 100 entries cached over the last 10 s (fresh until now + 0.1 s ... now + 10 s), 20
        // stale ones.
        let mut cache: HashMap<u32, OffsetDateTime> = (1..=100)
            .map(|i| (i, now + Duration::milliseconds(i64::from(i) * 100)))
            .chain((101..=120).map(|i| (i, now - Duration::seconds(1))))
            .collect();
        make_room(&mut cache, |t| *t, now, ttl, 200);
        assert_eq!(cache.len(), 120, "below capacity: nothing dropped");

        make_room(&mut cache, |t| *t, now, ttl, 110);
        assert_eq!(cache.len(), 100, "the stale ones made room");

        make_room(&mut cache, |t| *t, now, ttl, 100);
        assert_eq!(cache.len(), 51, "the half cached most recently stays");
        assert!(cache.keys().all(|&i| i >= 50));
    }
}
