//! Imported identities and the legacy passwords they brought.

use super::*;

/// An identity to import: created as given, or (its address taken) skipped or brought in line.
#[derive(Debug, Clone)]
pub struct ImportRow {
    pub identity: Identity,
    pub address: Address,
    pub password_hash: Option<String>,
}

/// The migration prompts' state of an identity that has a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PromptState {
    pub put_off_at: Option<OffsetDateTime>,
}

/// What importing one row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportedRow {
    Created(Uuid),
    /// Its address was taken; left as it was.
    Skipped(Uuid),
    /// Its address was taken; state, tier, address confirmation and password brought in line.
    Updated(Uuid),
    /// Its address was taken by an identity without a password and the row carries one:
    /// nothing changed, because latchkey never gives a password to an account that has none.
    RefusedPassword(Uuid),
}

impl Store {
    /// Imports `rows` in one transaction, in order. An address already in use is skipped, or
    /// with `update` the identity holding it is brought in line with the row.
    pub async fn import_identities(&self, rows: &[ImportRow], update: bool) -> Result<Vec<ImportedRow>, Error> {
        let mut tx = self.begin_write().await?;
        let mut outcomes = Vec::with_capacity(rows.len());
        for row in rows {
            let holder = sqlx::query("SELECT identity_id FROM addresses WHERE value = $1")
                .bind(&row.address.value)
                .fetch_optional(&mut *tx)
                .await?;
            let outcome = match holder {
                None => {
                    create_imported(&mut tx, row).await?;
                    ImportedRow::Created(row.identity.id)
                }
                Some(holder) if !update => ImportedRow::Skipped(uuid(&holder, "identity_id")?),
                Some(holder) => reimport(&mut tx, uuid(&holder, "identity_id")?, row).await?,
            };
            outcomes.push(outcome);
        }
        tx.commit().await?;
        Ok(outcomes)
    }

    /// Replaces an identity's password hash (a legacy one by Argon2id after a sign-in); false when
    /// it has none, which is never added here.
    pub async fn replace_password_hash(
        &self,
        identity_id: Uuid,
        hash: &str,
        at: OffsetDateTime,
    ) -> Result<bool, Error> {
        let replaced = sqlx::query("UPDATE passwords SET hash = $1, updated_at = $2 WHERE identity_id = $3")
            .bind(hash)
            .bind(ms(at))
            .bind(identity_id.to_string())
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(replaced.rows_affected() == 1)
    }

    /// The identity's password, if it has one: when its prompts were last put off ("Continue",
    /// "Not now"). `None` when it has no password.
    pub async fn password_prompt_state(&self, identity_id: Uuid) -> Result<Option<PromptState>, Error> {
        let row = sqlx::query("SELECT prompt_put_off_at FROM passwords WHERE identity_id = $1")
            .bind(identity_id.to_string())
            .fetch_optional(&mut *self.connection().await?)
            .await?;
        row.map(|row| {
            Ok(PromptState {
                put_off_at: optional_time(&row, "prompt_put_off_at")?,
            })
        })
        .transpose()
    }

    /// Records "Continue" on the prompt; false when the identity has no password.
    pub async fn put_off_password_prompt(&self, identity_id: Uuid, at: OffsetDateTime) -> Result<bool, Error> {
        let updated = sqlx::query("UPDATE passwords SET prompt_put_off_at = $1 WHERE identity_id = $2")
            .bind(ms(at))
            .bind(identity_id.to_string())
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(updated.rows_affected() == 1)
    }

    /// Deletes an identity's password; false when it had none.
    pub async fn delete_password(&self, identity_id: Uuid) -> Result<bool, Error> {
        let deleted = sqlx::query("DELETE FROM passwords WHERE identity_id = $1")
            .bind(identity_id.to_string())
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(deleted.rows_affected() == 1)
    }

    /// The stored password hash of an identity, if it has one.
    pub async fn password_hash(&self, identity_id: Uuid) -> Result<Option<String>, Error> {
        let row = sqlx::query("SELECT hash FROM passwords WHERE identity_id = $1")
            .bind(identity_id.to_string())
            .fetch_optional(&mut *self.connection().await?)
            .await?;
        row.map(|r| r.try_get("hash")).transpose().map_err(Error::from)
    }
}

async fn create_imported(tx: &mut Transaction<'_, sqlx::Any>, row: &ImportRow) -> Result<(), Error> {
    // The address was found free in this transaction: no second look, as `insert_identity` takes.
    let (identity, address) = (&row.identity, &row.address);
    insert_identity_row(tx, identity, Some(identity.created_at)).await?;
    insert_address(tx, address).await?;
    if let Some(hash) = &row.password_hash {
        sqlx::query("INSERT INTO passwords (identity_id, hash, created_at, updated_at) VALUES ($1, $2, $3, $3)")
            .bind(identity.id.to_string())
            .bind(hash)
            .bind(ms(identity.created_at))
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

async fn reimport(
    tx: &mut Transaction<'_, sqlx::Any>,
    identity_id: Uuid,
    row: &ImportRow,
) -> Result<ImportedRow, Error> {
    let at = ms(row.identity.updated_at);
    if let Some(hash) = &row.password_hash {
        let replaced = sqlx::query("UPDATE passwords SET hash = $1, updated_at = $2 WHERE identity_id = $3")
            .bind(hash)
            .bind(at)
            .bind(identity_id.to_string())
            .execute(&mut **tx)
            .await?;
        if replaced.rows_affected() == 0 {
            return Ok(ImportedRow::RefusedPassword(identity_id));
        }
    }
    sqlx::query("UPDATE identities SET state = $1, tier = $2, updated_at = $3 WHERE id = $4")
        .bind(row.identity.state.as_str())
        .bind(row.identity.tier.as_str())
        .bind(at)
        .bind(identity_id.to_string())
        .execute(&mut **tx)
        .await?;
    // A confirmed address keeps the time it was first confirmed.
    let verified = row.address.verified;
    sqlx::query(
        "UPDATE addresses SET verified = $1, verified_at = CASE WHEN CAST($2 AS BIGINT) IS NULL THEN NULL ELSE COALESCE(verified_at, $2) END, updated_at = $3 WHERE identity_id = $4",
    )
    .bind(i64::from(verified))
    .bind(verified.then_some(at))
    .bind(at)
    .bind(identity_id.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(ImportedRow::Updated(identity_id))
}

/// Milliseconds in a day: days are counted in UTC from the Unix epoch.
const DAY_MS: i64 = 86_400_000;

/// Imported identities of one import day, and how far they have moved to passkeys.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Cohort {
    /// Days since the Unix epoch (UTC) of the import.
    pub day: i64,
    pub accounts: i64,
    pub with_passkey: i64,
    pub password_on: i64,
}

impl Store {
    /// The imported identities by import day.
    pub async fn migration_cohorts(&self) -> Result<Vec<Cohort>, Error> {
        let rows = sqlx::query(
            "SELECT i.imported_at / $1 AS day, COUNT(*) AS accounts, \
             SUM(CASE WHEN EXISTS (SELECT 1 FROM passkeys p WHERE p.identity_id = i.id) THEN 1 ELSE 0 END) AS with_passkey, \
             SUM(CASE WHEN EXISTS (SELECT 1 FROM passwords w WHERE w.identity_id = i.id) THEN 1 ELSE 0 END) AS password_on \
             FROM identities i WHERE i.imported_at IS NOT NULL GROUP BY i.imported_at / $1 ORDER BY day",
        )
        .bind(DAY_MS)
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Cohort {
                    day: row.try_get("day")?,
                    accounts: row.try_get("accounts")?,
                    with_passkey: row.try_get("with_passkey")?,
                    password_on: row.try_get("password_on")?,
                })
            })
            .collect()
    }

    /// Audit entries of `action` whose details hold `fragment`, per day since `since`: (day, count).
    pub async fn audited_per_day(
        &self,
        action: &str,
        fragment: &str,
        since: OffsetDateTime,
    ) -> Result<Vec<(i64, i64)>, Error> {
        let rows = sqlx::query(
            "SELECT at / $1 AS day, COUNT(*) AS n FROM audit_log \
             WHERE action = $2 AND details LIKE $3 AND at >= $4 GROUP BY at / $1 ORDER BY day",
        )
        .bind(DAY_MS)
        .bind(action)
        .bind(format!("%{fragment}%"))
        .bind(ms(since))
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("day")?, row.try_get("n")?)))
            .collect()
    }
}
