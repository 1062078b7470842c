//! Argon2id for low-entropy secrets (email codes; backup codes next): salted PHC strings, computed
//! off the async threads, at most one per core at a time, in memory reused while hashes keep
//! coming and given back once they stop.
//!
//! # Why not `Argon2::hash_password`
//! It allocates the 19 MiB of Argon2 memory on every call. Under glibc, freeing such a block raises
//! the allocator's mmap threshold, later blocks come from per-thread heaps that are never trimmed,
//! and a server asking for codes grew to 1.3 GiB (bench, 4 clients). Here a small pool of buffers
//! is reused: memory stays at one buffer per core and no page faults are paid per hash. Kept for
//! good, those buffers were most of a server's memory (80 MiB after a burst of codes, 16 MiB
//! idle), so they are dropped after [`IDLE_RELEASE`] without a hash. The
//! primitive (`hash_password_into_with_memory`), the PHC encoding and the constant-time output
//! comparison are the `argon2`/`phc` crates' own.
//!
//! # Security
//! Parameters are the crate's defaults (Argon2id v1.3, m = 19 MiB, t = 2, p = 1: OWASP's minimum
//! for passwords), the salt is 16 bytes from the OS CSPRNG, and a stored hash is verified with the
//! parameters it names, so defaults can rise later without invalidating what is stored.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::Semaphore;

use crate::error::Error;
use crate::secret::random_bytes;

const SALT_BYTES: usize = 16;
const OUTPUT_BYTES: usize = 32;

/// How long the buffers outlive the last hash: long enough to serve a burst without paying
/// for fresh memory on every hash, short enough that an idle server is small.
pub const IDLE_RELEASE: Duration = Duration::from_secs(2);

pub struct SlowHasher {
    permits: Semaphore,
    buffers: Arc<Mutex<Vec<Vec<Block>>>>,
    /// Counts hashes, so a release scheduled after one hash is skipped when another followed.
    hashes: Arc<AtomicU64>,
}

impl SlowHasher {
    /// A hasher running at most `concurrency` hashes at once (one per core is right: each is pure
    /// CPU work).
    pub fn new(concurrency: usize) -> Self {
        Self {
            permits: Semaphore::new(concurrency.max(1)),
            buffers: Arc::default(),
            hashes: Arc::default(),
        }
    }

    /// One per available core.
    pub fn per_core() -> Self {
        Self::new(std::thread::available_parallelism().map_or(2, usize::from))
    }

    /// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) of `secret` with a fresh salt.
    pub async fn hash(&self, secret: &str) -> Result<String, Error> {
        let salt = random_bytes::<SALT_BYTES>()?;
        let params = Params::default();
        let secret = secret.to_owned();
        let computed = self
            .with_memory(params.block_count(), move |memory| {
                let mut out = [0u8; OUTPUT_BYTES];
                argon2(params.clone())
                    .hash_password_into_with_memory(secret.as_bytes(), &salt, &mut out, memory)
                    .map_err(|e| format!("{e}"))?;
                let hash = PasswordHash {
                    algorithm: Algorithm::Argon2id.ident(),
                    version: Some(Version::V0x13.into()),
                    params: ParamsString::try_from(&params).map_err(|e| format!("{e}"))?,
                    salt: Some(Salt::new(&salt).map_err(|e| format!("{e}"))?),
                    hash: Some(Output::new(&out).map_err(|e| format!("{e}"))?),
                };
                Ok(hash.to_string())
            })
            .await?;
        computed.map_err(|e: String| Error::Internal(format!("argon2 hash: {e}")))
    }

    /// True when `secret` matches the stored PHC string (output compared in constant time).
    pub async fn verify(&self, secret: &str, stored: &str) -> Result<bool, Error> {
        let parsed = PasswordHash::new(stored).map_err(|e| Error::Internal(format!("stored hash: {e}")))?;
        let params = Params::try_from(&parsed).map_err(|e| Error::Internal(format!("stored hash params: {e}")))?;
        let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
            return Err(Error::Internal("stored hash has no salt or output".into()));
        };
        if parsed.algorithm != Algorithm::Argon2id.ident() {
            return Err(Error::Internal(format!(
                "stored hash is {}, not argon2id",
                parsed.algorithm
            )));
        }
        let secret = secret.to_owned();
        let computed = self
            .with_memory(params.block_count(), move |memory| {
                let mut out = vec![0u8; expected.len()];
                argon2(params)
                    .hash_password_into_with_memory(secret.as_bytes(), salt.as_ref(), &mut out, memory)
                    .map_err(|e| format!("{e}"))?;
                // `Output`'s equality is constant time (phc crate).
                Ok(Output::new(&out).map_err(|e| format!("{e}"))? == expected)
            })
            .await?;
        computed.map_err(|e: String| Error::Internal(format!("argon2 verify: {e}")))
    }

    /// Runs other CPU-bound hashing work (a legacy password hash) on a blocking thread, under the
    /// same one-per-core limit.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, Error> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| Error::Internal(format!("hash permits: {e}")))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| Error::Internal(format!("hash task: {e}")))
    }

    /// Runs `work` on a blocking thread with a buffer of `blocks` Argon2 blocks from the pool,
    /// once a permit is free.
    async fn with_memory<T: Send + 'static>(
        &self,
        blocks: usize,
        work: impl FnOnce(&mut [Block]) -> T + Send + 'static,
    ) -> Result<T, Error> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| Error::Internal(format!("hash permits: {e}")))?;
        let mut buffer = self.lock().pop().unwrap_or_default();
        buffer.resize(blocks, Block::new());
        let (result, buffer) = tokio::task::spawn_blocking(move || {
            let result = work(&mut buffer);
            (result, buffer)
        })
        .await
        .map_err(|e| Error::Internal(format!("hash task: {e}")))?;
        self.lock().push(buffer);
        self.release_when_idle();
        Ok(result)
    }

    /// Drops the pooled buffers once no hash has run for [`IDLE_RELEASE`].
    fn release_when_idle(&self) {
        let this_hash = self.hashes.fetch_add(1, Ordering::Relaxed) + 1;
        let (hashes, buffers) = (self.hashes.clone(), self.buffers.clone());
        tokio::spawn(async move {
            tokio::time::sleep(IDLE_RELEASE).await;
            if hashes.load(Ordering::Relaxed) == this_hash {
                lock(&buffers).clear();
            }
        });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Vec<Block>>> {
        lock(&self.buffers)
    }

    /// Buffers held for the next hashes.
    #[cfg(test)]
    fn pooled(&self) -> usize {
        self.lock().len()
    }
}

fn lock(buffers: &Mutex<Vec<Vec<Block>>>) -> std::sync::MutexGuard<'_, Vec<Vec<Block>>> {
    buffers.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn argon2(params: Params) -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::PasswordVerifier;

    use super::*;

    #[tokio::test]
    async fn hashes_are_salted_argon2id_phc_strings_that_verify() {
        let hasher = SlowHasher::new(2);
        let first = hasher.hash("123456").await.unwrap();
        let second = hasher.hash("123456").await.unwrap();
        assert!(first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{first}");
        assert_ne!(first, second, "each hash has its own salt");
        assert!(hasher.verify("123456", &first).await.unwrap());
        assert!(!hasher.verify("123457", &first).await.unwrap());
    }

    /// The strings are standard: the argon2 crate's own verifier accepts them, and ours accepts
    /// its hashes.
    #[tokio::test]
    async fn interoperates_with_the_argon2_crate() {
        let hasher = SlowHasher::new(1);
        let ours = hasher.hash("654321").await.unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"654321", &parsed).is_ok());
        let theirs = argon2::password_hash::PasswordHasher::hash_password(&Argon2::default(), b"654321")
            .unwrap()
            .to_string();
        assert!(hasher.verify("654321", &theirs).await.unwrap());
    }

    #[tokio::test]
    async fn buffers_are_kept_between_hashes_and_given_back_when_hashes_stop() {
        let hasher = SlowHasher::new(1);
        hasher.hash("123456").await.unwrap();
        assert_eq!(hasher.pooled(), 1);
        tokio::time::sleep(IDLE_RELEASE / 2).await;
        assert_eq!(hasher.pooled(), 1, "kept for the next hash");
        tokio::time::sleep(IDLE_RELEASE / 2 + Duration::from_millis(500)).await;
        assert_eq!(hasher.pooled(), 0, "given back once hashes stopped");
    }
}
