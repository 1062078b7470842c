//! Token signing keys: made once, rotated by `latchkey keys rotate`, published in the JWKS.

use super::*;

/// Where a signing key is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningKeyState {
    /// Published, not signing yet: relying parties learn it before the first token it signs.
    Next,
    /// Signs every new token.
    Current,
    /// Rotated out: still published until the tokens it signed have expired.
    Retired,
}

impl SigningKeyState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Next => "next",
            Self::Current => "current",
            Self::Retired => "retired",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "next" => Some(Self::Next),
            "current" => Some(Self::Current),
            "retired" => Some(Self::Retired),
            _ => None,
        }
    }
}

/// A signing key as stored: the private half sealed.
#[derive(Debug, Clone)]
pub struct StoredSigningKey {
    pub kid: String,
    pub alg: String,
    pub sealed_key: String,
    pub public_jwk: String,
    pub state: SigningKeyState,
    pub created_at: OffsetDateTime,
    pub retired_at: Option<OffsetDateTime>,
}

impl Store {
    /// Every signing key kept, newest first.
    pub async fn signing_keys(&self) -> Result<Vec<StoredSigningKey>, Error> {
        let rows = sqlx::query(
            "SELECT kid, alg, sealed_key, public_jwk, state, created_at, retired_at FROM token_signing_keys ORDER BY created_at DESC",
        )
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(signing_key_from_row).collect()
    }

    /// Stores the first `current` and `next` keys of their algorithm, unless one of it already
    /// signs (another replica made them first): then nothing is stored and the answer is false.
    pub async fn insert_first_signing_keys(
        &self,
        current: &StoredSigningKey,
        next: &StoredSigningKey,
    ) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        for key in [current, next] {
            let inserted = insert_signing_key(&mut tx, key).await;
            match inserted {
                Err(sqlx::Error::Database(db)) if db.is_unique_violation() => return Ok(false),
                other => other?,
            }
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Rotates the keys of `new_next`'s algorithm in one transaction: the `next` key signs from
    /// now on, the `current` one retires at `now`, and `new_next` waits its turn.
    pub async fn rotate_signing_keys(&self, new_next: &StoredSigningKey, now: OffsetDateTime) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "UPDATE token_signing_keys SET state = 'retired', retired_at = $1 WHERE state = 'current' AND alg = $2",
        )
        .bind(ms(now))
        .bind(&new_next.alg)
        .execute(&mut *tx)
        .await?;
        let promoted = sqlx::query("UPDATE token_signing_keys SET state = 'current' WHERE state = 'next' AND alg = $1")
            .bind(&new_next.alg)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if promoted != 1 {
            return Err(Error::Internal(
                "no next signing key to rotate to: start latchkey once to make the first keys".into(),
            ));
        }
        insert_signing_key(&mut tx, new_next).await?;
        tx.commit().await?;
        Ok(())
    }
}

async fn insert_signing_key(
    tx: &mut Transaction<'static, sqlx::Any>,
    key: &StoredSigningKey,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO token_signing_keys (kid, alg, sealed_key, public_jwk, state, created_at, retired_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&key.kid)
    .bind(&key.alg)
    .bind(&key.sealed_key)
    .bind(&key.public_jwk)
    .bind(key.state.as_str())
    .bind(ms(key.created_at))
    .bind(key.retired_at.map(ms))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn signing_key_from_row(row: &AnyRow) -> Result<StoredSigningKey, Error> {
    let state: String = row.try_get("state")?;
    Ok(StoredSigningKey {
        kid: row.try_get("kid")?,
        alg: row.try_get("alg")?,
        sealed_key: row.try_get("sealed_key")?,
        public_jwk: row.try_get("public_jwk")?,
        state: SigningKeyState::parse(&state)
            .ok_or_else(|| Error::Internal(format!("unknown signing key state {state}")))?,
        created_at: time(row, "created_at")?,
        retired_at: optional_time(row, "retired_at")?,
    })
}
