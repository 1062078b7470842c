//! Imported identities and the legacy passwords they brought.

use super::*;

/// What re-importing a record did to an identity that already had its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reimported {
    Updated,
    /// The record carries a password and the identity has none: nothing was changed, because
    /// latchkey never gives a password to an account that has none.
    RefusedPassword,
}

impl Store {
    /// Creates an imported identity with its address and, when given, its password hash, in one
    /// transaction; `IdentityExists` when the address is taken.
    pub async fn import_identity(
        &self,
        identity: &Identity,
        address: &Address,
        password_hash: Option<&str>,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        insert_identity(&mut tx, identity, address).await?;
        sqlx::query("UPDATE identities SET imported_at = $1 WHERE id = $2")
            .bind(ms(identity.created_at))
            .bind(identity.id.to_string())
            .execute(&mut *tx)
            .await?;
        if let Some(hash) = password_hash {
            sqlx::query("INSERT INTO passwords (identity_id, hash, created_at, updated_at) VALUES ($1, $2, $3, $3)")
                .bind(identity.id.to_string())
                .bind(hash)
                .bind(ms(identity.created_at))
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Brings an identity in line with its record again (`--on-conflict update`): state, tier,
    /// whether the address is confirmed, and the password hash if the identity already has one.
    pub async fn reimport_identity(
        &self,
        identity_id: Uuid,
        state: IdentityState,
        tier: Tier,
        verified: bool,
        password_hash: Option<&str>,
        at: OffsetDateTime,
    ) -> Result<Reimported, Error> {
        let mut tx = self.begin_write().await?;
        if let Some(hash) = password_hash {
            let replaced = sqlx::query("UPDATE passwords SET hash = $1, updated_at = $2 WHERE identity_id = $3")
                .bind(hash)
                .bind(ms(at))
                .bind(identity_id.to_string())
                .execute(&mut *tx)
                .await?;
            if replaced.rows_affected() == 0 {
                return Ok(Reimported::RefusedPassword);
            }
        }
        sqlx::query("UPDATE identities SET state = $1, tier = $2, updated_at = $3 WHERE id = $4")
            .bind(state.as_str())
            .bind(tier.as_str())
            .bind(ms(at))
            .bind(identity_id.to_string())
            .execute(&mut *tx)
            .await?;
        // A confirmed address keeps the time it was first confirmed.
        sqlx::query(
            "UPDATE addresses SET verified = $1, verified_at = CASE WHEN CAST($2 AS BIGINT) IS NULL THEN NULL ELSE COALESCE(verified_at, $2) END, updated_at = $3 WHERE identity_id = $4",
        )
        .bind(i64::from(verified))
        .bind(verified.then(|| ms(at)))
        .bind(ms(at))
        .bind(identity_id.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Reimported::Updated)
    }

    /// The stored password hash of an identity, if it has one.
    pub async fn password_hash(&self, identity_id: Uuid) -> Result<Option<String>, Error> {
        let row = sqlx::query("SELECT hash FROM passwords WHERE identity_id = $1")
            .bind(identity_id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.try_get("hash")).transpose().map_err(Error::from)
    }
}
