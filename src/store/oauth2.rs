//! OpenID Connect grants: authorization codes, the refresh-token families they start, consents.
//! Every code and refresh token is stored as its SHA-256 and consumed by one atomic `UPDATE ...
//! RETURNING`, so two redemptions racing cannot both win.

use super::*;
use crate::config::ClientConfig;
use crate::tokens::SigningAlg;

macro_rules! oauth2_grant_columns {
    () => {
        "id, client_id, identity_id, session_id, scopes, nonce, redirect_uri, code_challenge, created_at, expires_at, revoked_at"
    };
}

macro_rules! oauth2_client_columns {
    () => {
        "id, name, secret_hash, redirect_uris, post_logout_redirect_uris, scopes, first_party, signing_alg"
    };
}

/// An authorization as stored (its code's hash stays in the store).
#[derive(Debug, Clone)]
pub struct OAuth2Grant {
    pub id: Uuid,
    pub client_id: String,
    pub identity_id: Uuid,
    /// The session it lives and dies with.
    pub session_id: Uuid,
    pub scopes: Vec<String>,
    pub nonce: Option<String>,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
    pub revoked_at: Option<OffsetDateTime>,
}

/// An app's live access to an identity: its grants whose session still lives.
#[derive(Debug, Clone)]
pub struct AppAccess {
    pub client_id: String,
    pub grants: i64,
    pub last_granted_at: OffsetDateTime,
}

/// A scope a person let a client have.
#[derive(Debug, Clone)]
pub struct Consent {
    pub client_id: String,
    pub scope: String,
    pub granted_at: OffsetDateTime,
}

/// What presenting a code or refresh token found.
#[derive(Debug)]
pub enum Redemption {
    /// First use: the grant it belongs to, unrevoked and unexpired.
    Redeemed(OAuth2Grant),
    /// Used before: the grant it belongs to, which the caller must end (someone holds a copy).
    Reused(Uuid),
    /// Unknown, expired or revoked.
    Refused,
}

impl Store {
    /// Records an authorization and its code (valid until `grant.expires_at`).
    pub async fn insert_oauth2_grant(&self, grant: &OAuth2Grant, code: &TokenHash) -> Result<(), Error> {
        sqlx::query(concat!(
            "INSERT INTO oauth2_grants (code_hash, ",
            oauth2_grant_columns!(),
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
        ))
        .bind(code.0.to_vec())
        .bind(grant.id.to_string())
        .bind(&grant.client_id)
        .bind(grant.identity_id.to_string())
        .bind(grant.session_id.to_string())
        .bind(grant.scopes.join(" "))
        .bind(grant.nonce.clone())
        .bind(&grant.redirect_uri)
        .bind(&grant.code_challenge)
        .bind(ms(grant.created_at))
        .bind(ms(grant.expires_at))
        .bind(grant.revoked_at.map(ms))
        .execute(&mut *self.connection().await?)
        .await?;
        Ok(())
    }

    /// Uses an authorization code, once.
    pub async fn redeem_oauth2_code(&self, code: &TokenHash, now: OffsetDateTime) -> Result<Redemption, Error> {
        let mut connection = self.connection().await?;
        let redeemed = sqlx::query(concat!(
            "UPDATE oauth2_grants SET code_used_at = $2 WHERE code_hash = $1 AND code_used_at IS NULL AND revoked_at IS NULL AND expires_at > $2 RETURNING code_hash, ",
            oauth2_grant_columns!()
        ))
        .bind(code.0.to_vec())
        .bind(ms(now))
        .fetch_optional(&mut *connection)
        .await?;
        if let Some(row) = redeemed.filter(|row| hash_matches(row, "code_hash", code)) {
            return Ok(Redemption::Redeemed(grant_from_row(&row)?));
        }
        let used =
            sqlx::query("SELECT id, code_hash FROM oauth2_grants WHERE code_hash = $1 AND code_used_at IS NOT NULL")
                .bind(code.0.to_vec())
                .fetch_optional(&mut *connection)
                .await?;
        match used.filter(|row| hash_matches(row, "code_hash", code)) {
            Some(row) => Ok(Redemption::Reused(uuid(&row, "id")?)),
            None => Ok(Redemption::Refused),
        }
    }

    /// A redeemed grant now lives until `until` (its session's end); `refresh`, if any, is its
    /// first refresh token.
    pub async fn start_oauth2_grant(
        &self,
        grant_id: Uuid,
        until: OffsetDateTime,
        refresh: Option<&TokenHash>,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE oauth2_grants SET expires_at = $2 WHERE id = $1")
            .bind(grant_id.to_string())
            .bind(ms(until))
            .execute(&mut *tx)
            .await?;
        if let Some(refresh) = refresh {
            insert_refresh(&mut tx, grant_id, refresh, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Uses a refresh token, once: marks it rotated and answers its grant. A token presented
    /// again after that is reuse.
    pub async fn take_oauth2_refresh(&self, token: &TokenHash, now: OffsetDateTime) -> Result<Redemption, Error> {
        let mut connection = self.connection().await?;
        let taken = sqlx::query(
            "UPDATE oauth2_refresh_tokens SET rotated_at = $2 WHERE token_hash = $1 AND rotated_at IS NULL RETURNING token_hash, grant_id",
        )
        .bind(token.0.to_vec())
        .bind(ms(now))
        .fetch_optional(&mut *connection)
        .await?;
        let Some(row) = taken.filter(|row| hash_matches(row, "token_hash", token)) else {
            let used = sqlx::query("SELECT token_hash, grant_id FROM oauth2_refresh_tokens WHERE token_hash = $1")
                .bind(token.0.to_vec())
                .fetch_optional(&mut *connection)
                .await?;
            return match used.filter(|row| hash_matches(row, "token_hash", token)) {
                Some(row) => Ok(Redemption::Reused(uuid(&row, "grant_id")?)),
                None => Ok(Redemption::Refused),
            };
        };
        drop(connection);
        match self.oauth2_grant(uuid(&row, "grant_id")?).await? {
            Some(grant) if grant.revoked_at.is_none() && now < grant.expires_at => Ok(Redemption::Redeemed(grant)),
            _ => Ok(Redemption::Refused),
        }
    }

    /// Adds the refresh token that replaces a rotated one.
    pub async fn add_oauth2_refresh(
        &self,
        grant_id: Uuid,
        token: &TokenHash,
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        insert_refresh(&mut tx, grant_id, token, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The grant a refresh token belongs to, and whether the token is still unused.
    pub async fn oauth2_refresh_grant(&self, token: &TokenHash) -> Result<Option<(OAuth2Grant, bool)>, Error> {
        let row =
            sqlx::query("SELECT token_hash, grant_id, rotated_at FROM oauth2_refresh_tokens WHERE token_hash = $1")
                .bind(token.0.to_vec())
                .fetch_optional(&mut *self.connection().await?)
                .await?;
        let Some(row) = row.filter(|row| hash_matches(row, "token_hash", token)) else {
            return Ok(None);
        };
        let unused = optional_time(&row, "rotated_at")?.is_none();
        Ok(self
            .oauth2_grant(uuid(&row, "grant_id")?)
            .await?
            .map(|grant| (grant, unused)))
    }

    pub async fn oauth2_grant(&self, id: Uuid) -> Result<Option<OAuth2Grant>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            oauth2_grant_columns!(),
            " FROM oauth2_grants WHERE id = $1"
        ))
        .bind(id.to_string())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(grant_from_row).transpose()
    }

    /// Ends a grant: its refresh tokens stop working and its access tokens stop being accepted.
    /// False when it had already ended.
    pub async fn revoke_oauth2_grant(&self, id: Uuid, why: &str, now: OffsetDateTime) -> Result<bool, Error> {
        let revoked = sqlx::query(
            "UPDATE oauth2_grants SET revoked_at = $2, revoked_why = $3 WHERE id = $1 AND revoked_at IS NULL",
        )
        .bind(id.to_string())
        .bind(ms(now))
        .bind(why)
        .execute(&mut *self.connection().await?)
        .await?
        .rows_affected();
        Ok(revoked > 0)
    }

    /// A session was replaced by a new one (a step-up, a passkey saved): the grants it made live
    /// on in the new one.
    pub async fn carry_oauth2_grants(&self, from: Uuid, to: &Session) -> Result<(), Error> {
        sqlx::query(
            "UPDATE oauth2_grants SET session_id = $2, expires_at = CASE WHEN code_used_at IS NULL THEN expires_at ELSE $3 END WHERE session_id = $1",
        )
        .bind(from.to_string())
        .bind(to.id.to_string())
        .bind(ms(to.expires_at))
        .execute(&mut *self.connection().await?)
        .await?;
        Ok(())
    }

    /// The apps holding live grants of an identity at `now`, by client.
    pub async fn oauth2_apps(&self, identity_id: Uuid, now: OffsetDateTime) -> Result<Vec<AppAccess>, Error> {
        let rows = sqlx::query(
            "SELECT g.client_id, COUNT(*) AS grants, MAX(g.created_at) AS last_granted_at FROM oauth2_grants g JOIN sessions s ON s.id = g.session_id \
             WHERE g.identity_id = $1 AND g.code_used_at IS NOT NULL AND g.revoked_at IS NULL AND g.expires_at > $2 \
             AND s.revoked_at IS NULL AND s.expires_at > $2 GROUP BY g.client_id ORDER BY g.client_id",
        )
        .bind(identity_id.to_string())
        .bind(ms(now))
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AppAccess {
                    client_id: row.try_get("client_id")?,
                    grants: row.try_get("grants")?,
                    last_granted_at: time(row, "last_granted_at")?,
                })
            })
            .collect()
    }

    /// Every scope an identity let third-party clients have.
    pub async fn oauth2_consents(&self, identity_id: Uuid) -> Result<Vec<Consent>, Error> {
        let rows = sqlx::query(
            "SELECT client_id, scope, granted_at FROM oauth2_consents WHERE identity_id = $1 ORDER BY client_id, scope",
        )
        .bind(identity_id.to_string())
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Consent {
                    client_id: row.try_get("client_id")?,
                    scope: row.try_get("scope")?,
                    granted_at: time(row, "granted_at")?,
                })
            })
            .collect()
    }

    /// Ends every grant a client holds of an identity and forgets what the person allowed it, in
    /// one transaction. Returns the grants ended and the consents forgotten.
    pub async fn forget_oauth2_app(
        &self,
        identity_id: Uuid,
        client_id: &str,
        why: &str,
        now: OffsetDateTime,
    ) -> Result<(u64, u64), Error> {
        let mut tx = self.begin_write().await?;
        let grants = sqlx::query(
            "UPDATE oauth2_grants SET revoked_at = $3, revoked_why = $4 WHERE identity_id = $1 AND client_id = $2 AND revoked_at IS NULL",
        )
        .bind(identity_id.to_string())
        .bind(client_id)
        .bind(ms(now))
        .bind(why)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let consents = sqlx::query("DELETE FROM oauth2_consents WHERE identity_id = $1 AND client_id = $2")
            .bind(identity_id.to_string())
            .bind(client_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok((grants, consents))
    }

    /// The scopes a person already let a client have.
    pub async fn oauth2_consented_scopes(&self, identity_id: Uuid, client_id: &str) -> Result<Vec<String>, Error> {
        let rows = sqlx::query("SELECT scope FROM oauth2_consents WHERE identity_id = $1 AND client_id = $2")
            .bind(identity_id.to_string())
            .bind(client_id)
            .fetch_all(&mut *self.connection().await?)
            .await?;
        rows.iter().map(|row| Ok(row.try_get("scope")?)).collect()
    }

    /// Remembers that a person let a client have `scopes`.
    pub async fn record_oauth2_consent(
        &self,
        identity_id: Uuid,
        client_id: &str,
        scopes: &[String],
        now: OffsetDateTime,
    ) -> Result<(), Error> {
        let mut tx = self.begin_write().await?;
        for scope in scopes {
            sqlx::query(
                "INSERT INTO oauth2_consents (identity_id, client_id, scope, granted_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            )
            .bind(identity_id.to_string())
            .bind(client_id)
            .bind(scope)
            .bind(ms(now))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

impl Store {
    /// Registers a client; false when its id is taken.
    pub async fn insert_oauth2_client(&self, client: &ClientConfig, now: OffsetDateTime) -> Result<bool, Error> {
        let inserted = sqlx::query(
            "INSERT INTO oauth2_clients (id, name, secret_hash, redirect_uris, post_logout_redirect_uris, scopes, first_party, signing_alg, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&client.id)
        .bind(&client.name)
        .bind(client.secret_hash.map(|h| h.to_vec()))
        .bind(serde_json::to_string(&client.redirect_uris)?)
        .bind(serde_json::to_string(&client.post_logout_redirect_uris)?)
        .bind(serde_json::to_string(&client.scopes)?)
        .bind(i64::from(client.first_party))
        .bind(client.signing_alg.as_str())
        .bind(ms(now))
        .execute(&mut *self.connection().await?)
        .await;
        match inserted {
            Ok(_) => Ok(true),
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => Ok(false),
            Err(other) => Err(other.into()),
        }
    }

    pub async fn oauth2_client(&self, id: &str) -> Result<Option<ClientConfig>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            oauth2_client_columns!(),
            " FROM oauth2_clients WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(client_from_row).transpose()
    }

    /// Every registered client, by id.
    pub async fn oauth2_clients(&self) -> Result<Vec<ClientConfig>, Error> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            oauth2_client_columns!(),
            " FROM oauth2_clients ORDER BY id"
        ))
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(client_from_row).collect()
    }

    /// Replaces a confidential client's secret; false when there is no such client or it is public.
    pub async fn set_oauth2_client_secret(&self, id: &str, secret_hash: [u8; 32]) -> Result<bool, Error> {
        let changed =
            sqlx::query("UPDATE oauth2_clients SET secret_hash = $2 WHERE id = $1 AND secret_hash IS NOT NULL")
                .bind(id)
                .bind(secret_hash.to_vec())
                .execute(&mut *self.connection().await?)
                .await?
                .rows_affected();
        Ok(changed > 0)
    }

    /// Removes a client and, in the same transaction, ends every grant it holds and forgets every
    /// consent given to it. False when there was no such client.
    pub async fn delete_oauth2_client(&self, id: &str, now: OffsetDateTime) -> Result<bool, Error> {
        let mut tx = self.begin_write().await?;
        let deleted = sqlx::query("DELETE FROM oauth2_clients WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        sqlx::query(
            "UPDATE oauth2_grants SET revoked_at = $2, revoked_why = 'client_removed' WHERE client_id = $1 AND revoked_at IS NULL",
        )
        .bind(id)
        .bind(ms(now))
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM oauth2_consents WHERE client_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(deleted > 0)
    }
}

fn client_from_row(row: &AnyRow) -> Result<ClientConfig, Error> {
    let list = |column: &str| -> Result<Vec<String>, Error> {
        let text: String = row.try_get(column)?;
        Ok(serde_json::from_str(&text)?)
    };
    let secret_hash: Option<Vec<u8>> = row.try_get("secret_hash")?;
    let signing_alg: String = row.try_get("signing_alg")?;
    Ok(ClientConfig {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        secret_hash: secret_hash.and_then(|h| h.try_into().ok()),
        redirect_uris: list("redirect_uris")?,
        post_logout_redirect_uris: list("post_logout_redirect_uris")?,
        scopes: list("scopes")?,
        first_party: row.try_get::<i64, _>("first_party")? != 0,
        signing_alg: SigningAlg::parse(&signing_alg)
            .ok_or_else(|| Error::Internal(format!("stored client signing algorithm {signing_alg}")))?,
    })
}

async fn insert_refresh(
    tx: &mut Transaction<'static, sqlx::Any>,
    grant_id: Uuid,
    token: &TokenHash,
    now: OffsetDateTime,
) -> Result<(), Error> {
    sqlx::query("INSERT INTO oauth2_refresh_tokens (token_hash, grant_id, created_at) VALUES ($1, $2, $3)")
        .bind(token.0.to_vec())
        .bind(grant_id.to_string())
        .bind(ms(now))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The index found the row by hash; the full hash is compared in constant time anyway, so no
/// decision on a secret rests on a short-circuiting comparison.
fn hash_matches(row: &AnyRow, column: &str, presented: &TokenHash) -> bool {
    row.try_get::<Vec<u8>, _>(column)
        .ok()
        .and_then(|stored| TokenHash::from_slice(&stored))
        .is_some_and(|stored| stored.matches(presented))
}

fn grant_from_row(row: &AnyRow) -> Result<OAuth2Grant, Error> {
    let scopes: String = row.try_get("scopes")?;
    Ok(OAuth2Grant {
        id: uuid(row, "id")?,
        client_id: row.try_get("client_id")?,
        identity_id: uuid(row, "identity_id")?,
        session_id: uuid(row, "session_id")?,
        scopes: scopes.split(' ').filter(|s| !s.is_empty()).map(str::to_owned).collect(),
        nonce: row.try_get("nonce")?,
        redirect_uri: row.try_get("redirect_uri")?,
        code_challenge: row.try_get("code_challenge")?,
        created_at: time(row, "created_at")?,
        expires_at: time(row, "expires_at")?,
        revoked_at: optional_time(row, "revoked_at")?,
    })
}
