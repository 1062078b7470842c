//! Admin API keys.

use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use uuid::Uuid;

use super::{Store, identity_from_row, ms, optional_time, time, uuid};
use crate::admin::keys::{AdminKey, Role};
use crate::domain::{Identity, IdentityState, Tier};
use crate::error::Error;
use crate::secret::TokenHash;

macro_rules! admin_key_columns {
    () => {
        "id, name, owner, role, created_at, last_used_at, revoked_at"
    };
}

impl Store {
    pub async fn insert_admin_key(&self, key: &AdminKey, hash: &TokenHash) -> Result<(), Error> {
        sqlx::query(
            "INSERT INTO admin_keys (id, name, owner, role, key_hash, created_at, last_used_at, revoked_at) VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)",
        )
        .bind(key.id.to_string())
        .bind(&key.name)
        .bind(&key.owner)
        .bind(key.role.as_str())
        .bind(hash.0.to_vec())
        .bind(ms(key.created_at))
        .execute(&mut *self.connection().await?)
        .await?;
        Ok(())
    }

    /// Every key, revoked ones included, oldest first.
    pub async fn admin_keys(&self) -> Result<Vec<AdminKey>, Error> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            admin_key_columns!(),
            " FROM admin_keys ORDER BY created_at, id"
        ))
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(admin_key_from_row).collect()
    }

    /// True when a live key was revoked now.
    pub async fn revoke_admin_key(&self, id: Uuid, now: OffsetDateTime) -> Result<bool, Error> {
        let result = sqlx::query("UPDATE admin_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(ms(now))
            .bind(id.to_string())
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    /// The live key with this hash, marked used at `now`.
    pub async fn use_admin_key(&self, hash: &TokenHash, now: OffsetDateTime) -> Result<Option<AdminKey>, Error> {
        let row = sqlx::query(concat!(
            "UPDATE admin_keys SET last_used_at = $1 WHERE key_hash = $2 AND revoked_at IS NULL RETURNING ",
            admin_key_columns!()
        ))
        .bind(ms(now))
        .bind(hash.0.to_vec())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(admin_key_from_row).transpose()
    }

    pub async fn admin_key(&self, id: Uuid) -> Result<Option<AdminKey>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            admin_key_columns!(),
            " FROM admin_keys WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(admin_key_from_row).transpose()
    }
}

impl Store {
    /// Identities whose email contains `fragment` (all when `None`), by email, after `after`.
    pub async fn search_identities(
        &self,
        fragment: Option<&str>,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<Identity>, Error> {
        let pattern = fragment.map(|f| format!("%{}%", escape_like(&f.to_lowercase())));
        let rows = sqlx::query(concat!(
            "SELECT ",
            identity_columns!(),
            " FROM identities WHERE (CAST($1 AS TEXT) IS NULL OR email LIKE $1 ESCAPE '\\')",
            " AND (CAST($2 AS TEXT) IS NULL OR email > $2) ORDER BY email LIMIT $3"
        ))
        .bind(pattern)
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(identity_from_row).collect()
    }

    /// Sets an identity's state, tier and how long recovery still treats it as `high_value`;
    /// false when it does not exist.
    pub async fn update_identity(
        &self,
        id: Uuid,
        state: IdentityState,
        tier: Tier,
        high_value_until: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> Result<bool, Error> {
        let result = sqlx::query(
            "UPDATE identities SET state = $1, tier = $2, high_value_until = $3, updated_at = $4 WHERE id = $5",
        )
        .bind(state.as_str())
        .bind(tier.as_str())
        .bind(high_value_until.map(ms))
        .bind(ms(now))
        .bind(id.to_string())
        .execute(&mut *self.connection().await?)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Deletes an identity and, by cascade, everything it owns; false when it did not exist.
    pub async fn delete_identity(&self, id: Uuid) -> Result<bool, Error> {
        let result = sqlx::query("DELETE FROM identities WHERE id = $1")
            .bind(id.to_string())
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Live sessions of an identity at `now`.
    pub async fn live_session_count(&self, identity_id: Uuid, now: OffsetDateTime) -> Result<i64, Error> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM sessions WHERE identity_id = $1 AND revoked_at IS NULL AND expires_at > $2",
        )
        .bind(identity_id.to_string())
        .bind(ms(now))
        .fetch_one(&mut *self.connection().await?)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// When the identity last signed in, from the audit trail.
    pub async fn last_sign_in(&self, identity_id: Uuid) -> Result<Option<OffsetDateTime>, Error> {
        let row = sqlx::query(
            "SELECT at FROM audit_log WHERE subject_id = $1 AND action = 'session.signed_in' ORDER BY seq DESC LIMIT 1",
        )
        .bind(identity_id.to_string())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.map(|r| time(&r, "at")).transpose()
    }
}

/// `LIKE` treats `%` and `_` as wildcards; a search for them must find them literally.
fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

fn admin_key_from_row(row: &AnyRow) -> Result<AdminKey, Error> {
    let role: String = row.try_get("role")?;
    Ok(AdminKey {
        id: uuid(row, "id")?,
        name: row.try_get("name")?,
        // Keys made before owners were recorded belong to a person named like the key.
        owner: row
            .try_get::<Option<String>, _>("owner")?
            .map_or_else(|| row.try_get("name"), Ok)?,
        role: Role::parse(&role).ok_or_else(|| Error::Internal(format!("unknown admin role {role}")))?,
        created_at: time(row, "created_at")?,
        last_used_at: optional_time(row, "last_used_at")?,
        revoked_at: optional_time(row, "revoked_at")?,
    })
}
