//! Email grants: one code and one magic link per message, consumed once.

use super::*;

impl Store {
    /// Stores a grant together with the message that carries it, in one transaction: the message
    /// is in the outbox exactly when the grant exists. `replaces` (a grant of the same flow asked
    /// for again) is deleted in the same transaction.
    pub async fn insert_grant_with_message(
        &self,
        grant: &EmailGrant,
        replaces: Option<Uuid>,
        message: &OutgoingMessage,
    ) -> Result<(), Error> {
        let mut tx = self.transaction(None).await?;
        if let Some(old) = replaces {
            sqlx::query("DELETE FROM email_grants WHERE id = $1 AND purpose = $2")
                .bind(old.to_string())
                .bind(grant.purpose.as_str())
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(concat!(
            "INSERT INTO email_grants (",
            grant_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        ))
        .bind(grant.id.to_string())
        .bind(grant.purpose.as_str())
        .bind(client_str(grant.client))
        .bind(grant.csrf_hash.clone())
        .bind(&grant.address)
        .bind(grant.identity_id.map(|id| id.to_string()))
        .bind(&grant.code_hash)
        .bind(grant.link_hash.clone())
        .bind(i64::from(grant.attempts))
        .bind(grant.return_to.clone())
        .bind(ms(grant.created_at))
        .bind(ms(grant.expires_at))
        .execute(&mut *tx)
        .await?;
        insert_message(&mut tx, message).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Counts one code entry against the grant and returns it, or `None` when the grant is gone
    /// or has no entries left. The count is taken before the code is checked, atomically, so
    /// parallel guesses cannot exceed `max_attempts` between them.
    pub async fn reserve_code_attempt(&self, id: Uuid, max_attempts: u32) -> Result<Option<EmailGrant>, Error> {
        let row = sqlx::query(concat!(
            "UPDATE email_grants SET attempts = attempts + 1 WHERE id = $1 AND attempts < $2 RETURNING ",
            grant_columns!()
        ))
        .bind(id.to_string())
        .bind(i64::from(max_attempts))
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(grant_from_row).transpose()
    }

    /// Deletes a grant; true for the one caller that deleted it (single use under concurrency).
    pub async fn consume_grant(&self, id: Uuid) -> Result<bool, Error> {
        let result = sqlx::query("DELETE FROM email_grants WHERE id = $1")
            .bind(id.to_string())
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Takes (deletes and returns) the grant a link token names.
    pub async fn take_grant_by_link(
        &self,
        link_hash: &TokenHash,
        purpose: GrantPurpose,
    ) -> Result<Option<EmailGrant>, Error> {
        let row = sqlx::query(concat!(
            "DELETE FROM email_grants WHERE link_hash = $1 AND purpose = $2 RETURNING ",
            grant_columns!()
        ))
        .bind(link_hash.0.to_vec())
        .bind(purpose.as_str())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(grant_from_row).transpose()
    }

    /// The live grant a link names, without using it (the confirm page shows whose it is).
    pub async fn grant_by_link(
        &self,
        link_hash: &TokenHash,
        purpose: GrantPurpose,
    ) -> Result<Option<EmailGrant>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            grant_columns!(),
            " FROM email_grants WHERE link_hash = $1 AND purpose = $2"
        ))
        .bind(link_hash.0.to_vec())
        .bind(purpose.as_str())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(grant_from_row).transpose()
    }
}
