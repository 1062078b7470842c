//! Passkeys: the credential records, their use, and the email-compromise guard's marks on them.

use super::*;

impl Store {
    /// Adds a passkey to an existing identity. The credential id is unique across identities.
    /// `disown`: the hash of its "This wasn't me" token when it is guarded (saved from a
    /// restricted session), written in the same transaction so no guarded passkey ever exists
    /// without its way back out.
    pub async fn add_passkey(&self, passkey: &PasskeyCredential, disown: Option<&TokenHash>) -> Result<(), Error> {
        let mut tx = self.transaction(None).await?;
        insert_passkey(&mut tx, passkey).await?;
        if let Some(disown) = disown {
            sqlx::query("UPDATE passkeys SET disown_hash = $1 WHERE id = $2")
                .bind(disown.0.to_vec())
                .bind(passkey.id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Renames one of an identity's passkeys. Returns false when it has no such passkey.
    pub async fn rename_passkey(&self, identity_id: Uuid, id: Uuid, name: &str) -> Result<bool, Error> {
        let result = sqlx::query("UPDATE passkeys SET name = $1 WHERE id = $2 AND identity_id = $3")
            .bind(name)
            .bind(id.to_string())
            .bind(identity_id.to_string())
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Removes one of an identity's passkeys unless it is the last. The identity row is written
    /// first, inside the transaction, so two removals racing for the last two passkeys take turns
    /// (PostgreSQL row lock; SQLite's single writer) and the second sees one left.
    pub async fn remove_passkey(
        &self,
        identity_id: Uuid,
        id: Uuid,
        at: OffsetDateTime,
    ) -> Result<PasskeyRemoval, Error> {
        let mut tx = self.transaction(None).await?;
        sqlx::query("UPDATE identities SET updated_at = $1 WHERE id = $2")
            .bind(ms(at))
            .bind(identity_id.to_string())
            .execute(&mut *tx)
            .await?;
        let row = sqlx::query("SELECT COUNT(*) AS n, SUM(CASE WHEN id = $2 THEN 1 ELSE 0 END) AS this FROM passkeys WHERE identity_id = $1")
            .bind(identity_id.to_string())
            .bind(id.to_string())
            .fetch_one(&mut *tx)
            .await?;
        let (count, this): (i64, Option<i64>) = (row.try_get("n")?, row.try_get("this")?);
        let outcome = match (count, this.unwrap_or(0)) {
            (_, 0) => PasskeyRemoval::NotFound,
            (1, _) => PasskeyRemoval::LastOne,
            _ => {
                sqlx::query("DELETE FROM passkeys WHERE id = $1 AND identity_id = $2")
                    .bind(id.to_string())
                    .bind(identity_id.to_string())
                    .execute(&mut *tx)
                    .await?;
                PasskeyRemoval::Removed
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    pub async fn passkeys(&self, identity_id: Uuid) -> Result<Vec<PasskeyCredential>, Error> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            passkey_columns!(),
            " FROM passkeys WHERE identity_id = $1 ORDER BY created_at, id"
        ))
        .bind(identity_id.to_string())
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(passkey_from_row).collect()
    }

    /// The passkey with this credential id and the identity it belongs to, in one round trip
    /// (a sign-in needs both before it can check the assertion).
    pub async fn passkey_with_owner(
        &self,
        credential_id: &[u8],
    ) -> Result<Option<(PasskeyCredential, Identity)>, Error> {
        let row = sqlx::query(concat!(
            "SELECT p.*, ",
            owner_columns!(),
            " FROM passkeys p JOIN identities o ON o.id = p.identity_id WHERE p.credential_id = $1"
        ))
        .bind(credential_id.to_vec())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref()
            .map(|row| Ok((passkey_from_row(row)?, identity_from_columns(row, &OWNER)?)))
            .transpose()
    }

    /// Records a successful assertion: new counter, flags and last use. The counter only moves
    /// forward: the update applies when the stored counter is still below the new one (or both
    /// are zero, as synced passkeys report), so two racing assertions cannot roll it back.
    /// Returns false when the counter moved past this one meanwhile.
    pub async fn record_passkey_use(
        &self,
        passkey: &PasskeyCredential,
        used_at: OffsetDateTime,
    ) -> Result<bool, Error> {
        let result = sqlx::query(
            "UPDATE passkeys SET passkey = $1, sign_count = $2, backup_eligible = $3, backup_state = $4, last_used_at = $5 \
             WHERE id = $6 AND (sign_count < $2 OR (sign_count = 0 AND $2 = 0))",
        )
        .bind(serde_json::to_string(&passkey.passkey)?)
        .bind(i64::from(passkey.sign_count))
        .bind(i64::from(passkey.backup_eligible))
        .bind(i64::from(passkey.backup_state))
        .bind(ms(used_at))
        .bind(passkey.id.to_string())
        .execute(&mut *self.connection().await?)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Records a refused assertion whose counter went backwards (a possible clone).
    pub async fn record_counter_regression(&self, credential_id: &[u8], at: OffsetDateTime) -> Result<(), Error> {
        sqlx::query("UPDATE passkeys SET counter_regressions = counter_regressions + 1, last_counter_regression_at = $1 WHERE credential_id = $2")
            .bind(ms(at))
            .bind(credential_id.to_vec())
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(())
    }

    /// How many refused counter regressions a credential has seen.
    pub async fn counter_regressions(&self, credential_id: &[u8]) -> Result<i64, Error> {
        let row = sqlx::query("SELECT counter_regressions FROM passkeys WHERE credential_id = $1")
            .bind(credential_id.to_vec())
            .fetch_optional(&mut *self.connection().await?)
            .await?;
        Ok(row.map(|r| r.try_get::<i64, _>(0)).transpose()?.unwrap_or(0))
    }

    /// Removes the passkey a "This wasn't me" token names (whatever else the identity has: it was
    /// not theirs). Once: the row is gone.
    pub async fn disown_passkey(&self, disown: &TokenHash) -> Result<Option<PasskeyCredential>, Error> {
        let row = sqlx::query(concat!(
            "DELETE FROM passkeys WHERE disown_hash = $1 RETURNING ",
            passkey_columns!()
        ))
        .bind(disown.0.to_vec())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(passkey_from_row).transpose()
    }

    /// Ends the cooldown of one passkey of an identity (confirmed by an established passkey or
    /// an older backup code) and retires its "This wasn't me" token: a credential the mailbox does
    /// not give vouched for it, so whoever reads the mailbox can no longer disown it. Returns
    /// whether it was waiting.
    pub async fn confirm_passkey(&self, identity_id: Uuid, id: Uuid) -> Result<bool, Error> {
        let result = sqlx::query(
            "UPDATE passkeys SET cooldown_until = NULL, disown_hash = NULL WHERE identity_id = $1 AND id = $2 AND cooldown_until IS NOT NULL",
        )
        .bind(identity_id.to_string())
        .bind(id.to_string())
        .execute(&mut *self.connection().await?)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// One passkey of an identity.
    pub async fn passkey(&self, identity_id: Uuid, id: Uuid) -> Result<Option<PasskeyCredential>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            passkey_columns!(),
            " FROM passkeys WHERE identity_id = $1 AND id = $2"
        ))
        .bind(identity_id.to_string())
        .bind(id.to_string())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(passkey_from_row).transpose()
    }

    /// Removes every passkey saved from a session of `added_by` (undoing a disowned passkey);
    /// returns them.
    pub async fn remove_passkeys_added_by(&self, added_by: Uuid) -> Result<Vec<PasskeyCredential>, Error> {
        let rows = sqlx::query(concat!(
            "DELETE FROM passkeys WHERE added_by_passkey = $1 RETURNING ",
            passkey_columns!()
        ))
        .bind(added_by.to_string())
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(passkey_from_row).collect()
    }
}
