//! Identities and their email addresses.

use super::*;

impl Store {
    /// Creates an identity, its address and its first passkey in one transaction.
    pub async fn create_identity_with_passkey(
        &self,
        identity: &Identity,
        address: &Address,
        passkey: &PasskeyCredential,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        insert_identity(&mut tx, identity, address).await?;
        insert_passkey(&mut tx, passkey).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Creates an identity with its address and no credential yet (admin API): its first way in
    /// is an emailed code, after which it is offered a passkey.
    pub async fn create_identity(&self, identity: &Identity, address: &Address) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        insert_identity(&mut tx, identity, address).await?;
        tx.commit().await?;
        Ok(())
    }

    /// True when an account already holds this (normalised) address.
    pub async fn address_in_use(&self, value: &str) -> Result<bool, Error> {
        address_exists(&mut *self.connection().await?, value).await
    }

    pub async fn identity(&self, id: Uuid) -> Result<Option<Identity>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            identity_columns!(),
            " FROM identities WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(identity_from_row).transpose()
    }

    pub async fn addresses(&self, identity_id: Uuid) -> Result<Vec<Address>, Error> {
        let rows = sqlx::query("SELECT id, identity_id, value, verified, verified_at, created_at, updated_at FROM addresses WHERE identity_id = $1 ORDER BY created_at")
            .bind(identity_id.to_string())
            .fetch_all(&mut *self.connection().await?)
            .await?;
        rows.iter().map(address_from_row).collect()
    }

    /// The address row holding this (normalised) value, verified or not.
    pub async fn address_by_value(&self, value: &str) -> Result<Option<Address>, Error> {
        let row = sqlx::query("SELECT id, identity_id, value, verified, verified_at, created_at, updated_at FROM addresses WHERE value = $1")
            .bind(value)
            .fetch_optional(&mut *self.connection().await?)
            .await?;
        row.as_ref().map(address_from_row).transpose()
    }

    /// Marks an identity's address verified. Returns false when the identity holds no such address.
    pub async fn mark_address_verified(
        &self,
        identity_id: Uuid,
        value: &str,
        at: OffsetDateTime,
    ) -> Result<bool, Error> {
        let result = sqlx::query("UPDATE addresses SET verified = 1, verified_at = COALESCE(verified_at, $1), updated_at = $1 WHERE identity_id = $2 AND value = $3")
            .bind(ms(at))
            .bind(identity_id.to_string())
            .bind(value)
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(result.rows_affected() == 1)
    }
}
