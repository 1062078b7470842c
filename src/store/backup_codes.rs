//! Backup codes: ten one-time codes per identity, used once.

use super::*;

impl Store {
    /// Replaces an identity's whole set of backup codes, in one transaction: the old set stops
    /// working the moment the new one exists. `codes` are `(slot, Argon2id PHC)` pairs.
    pub async fn replace_backup_codes(
        &self,
        identity_id: Uuid,
        codes: &[(String, String)],
        at: OffsetDateTime,
        made_by_passkey: Option<Uuid>,
    ) -> Result<(), Error> {
        let mut tx = self.transaction(None).await?;
        sqlx::query("DELETE FROM backup_codes WHERE identity_id = $1")
            .bind(identity_id.to_string())
            .execute(&mut *tx)
            .await?;
        for (slot, code_hash) in codes {
            sqlx::query(
                "INSERT INTO backup_codes (id, identity_id, slot, code_hash, created_at, made_by_passkey) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(Uuid::new_v4().to_string())
            .bind(identity_id.to_string())
            .bind(slot)
            .bind(code_hash)
            .bind(ms(at))
            .bind(made_by_passkey.map(|id| id.to_string()))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The unused backup code of an identity in `slot`: `(row id, PHC string)`. `made_before`:
    /// only a code whose set was made before then counts.
    pub async fn unused_backup_code(
        &self,
        identity_id: Uuid,
        slot: &str,
        made_before: Option<OffsetDateTime>,
    ) -> Result<Option<(Uuid, String)>, Error> {
        let row = sqlx::query(
            "SELECT id, code_hash FROM backup_codes WHERE identity_id = $1 AND slot = $2 AND used_at IS NULL AND created_at < $3",
        )
        .bind(identity_id.to_string())
        .bind(slot)
        .bind(made_before.map_or(i64::MAX, ms))
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.map(|r| Ok((uuid(&r, "id")?, r.try_get("code_hash")?))).transpose()
    }

    /// Marks a backup code used; true for the one caller that did (single use under concurrency).
    pub async fn consume_backup_code(&self, id: Uuid, at: OffsetDateTime) -> Result<bool, Error> {
        let result = sqlx::query("UPDATE backup_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(ms(at))
            .bind(id.to_string())
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    /// How many unused backup codes an identity has, and when its set was made (`None`: no set).
    pub async fn backup_codes_status(&self, identity_id: Uuid) -> Result<(i64, Option<OffsetDateTime>), Error> {
        let row = sqlx::query("SELECT COUNT(*) - COUNT(used_at) AS remaining, MIN(created_at) AS created_at FROM backup_codes WHERE identity_id = $1")
            .bind(identity_id.to_string())
            .fetch_one(&mut *self.connection().await?)
            .await?;
        Ok((row.try_get("remaining")?, optional_time(&row, "created_at")?))
    }

    /// Deletes the sets made from a session of `passkey_id` (undoing a disowned passkey); returns
    /// how many codes went.
    pub async fn delete_backup_codes_made_by(&self, passkey_id: Uuid) -> Result<u64, Error> {
        let result = sqlx::query("DELETE FROM backup_codes WHERE made_by_passkey = $1")
            .bind(passkey_id.to_string())
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(result.rows_affected())
    }
}
