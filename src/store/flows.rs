//! WebAuthn ceremony flows: stored so any replica can finish what another started, taken once.

use super::*;

impl Store {
    pub async fn insert_flow(&self, flow: &Flow) -> Result<(), Error> {
        sqlx::query("INSERT INTO flows (id, kind, client, ceremony_state, email, identity_id, user_handle, csrf_hash, created_at, expires_at, address_verified) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
            .bind(flow.id.to_string())
            .bind(flow.kind.as_str())
            .bind(client_str(flow.client))
            .bind(&flow.ceremony_state)
            .bind(flow.email.clone())
            .bind(flow.identity_id.map(|id| id.to_string()))
            .bind(flow.user_handle.map(|id| id.to_string()))
            .bind(flow.csrf_hash.clone())
            .bind(ms(flow.created_at))
            .bind(ms(flow.expires_at))
            .bind(i64::from(flow.address_verified))
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(())
    }

    /// Removes the flow and returns it: whoever takes it first owns its challenge; a second take
    /// of the same flow (a replay, or a racing duplicate) finds nothing.
    pub async fn take_flow(&self, id: Uuid) -> Result<Option<Flow>, Error> {
        let row = sqlx::query("DELETE FROM flows WHERE id = $1 RETURNING id, kind, client, ceremony_state, email, identity_id, user_handle, csrf_hash, created_at, expires_at, address_verified")
            .bind(id.to_string())
            .fetch_optional(&mut *self.connection().await?)
            .await?;
        row.as_ref().map(flow_from_row).transpose()
    }
}
