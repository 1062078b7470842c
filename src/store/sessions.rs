//! Sessions: issued, resolved by token hash, revoked (and announced to other replicas).

use super::*;

impl Store {
    /// `language`: the tag of the language the browser that made it reads.
    pub async fn insert_session(
        &self,
        session: &Session,
        token: &TokenHash,
        language: Option<&str>,
    ) -> Result<(), Error> {
        sqlx::query(concat!(
            "INSERT INTO sessions (token_hash, ",
            session_columns!(),
            ", language) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"
        ))
        .bind(token.0.to_vec())
        .bind(session.id.to_string())
        .bind(session.identity_id.to_string())
        .bind(session.aal.as_str())
        .bind(serde_json::to_string(&session.methods)?)
        .bind(i64::from(session.restricted))
        .bind(ms(session.issued_at))
        .bind(ms(session.authenticated_at))
        .bind(ms(session.expires_at))
        .bind(ms(session.last_active_at))
        .bind(session.idle_timeout.map(millis))
        .bind(session.passkey_id.map(|id| id.to_string()))
        .bind(session.user_agent.clone())
        .bind(language)
        .execute(&mut *self.connection().await?)
        .await?;
        Ok(())
    }

    /// The language the identity reads: that of its latest session a passkey made (the owner's
    /// own device, most likely), else of its latest session.
    pub async fn identity_language(&self, identity_id: Uuid) -> Result<Option<String>, Error> {
        let row = sqlx::query(
            "SELECT language FROM sessions WHERE identity_id = $1 AND language IS NOT NULL \
             ORDER BY CASE WHEN passkey_id IS NULL THEN 1 ELSE 0 END, issued_at DESC LIMIT 1",
        )
        .bind(identity_id.to_string())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        Ok(row.map(|r| r.try_get("language")).transpose()?)
    }

    /// Records that a session was used at `at` (for its inactivity timeout).
    pub async fn touch_session(&self, id: Uuid, at: OffsetDateTime) -> Result<(), Error> {
        sqlx::query("UPDATE sessions SET last_active_at = $1 WHERE id = $2")
            .bind(ms(at))
            .bind(id.to_string())
            .execute(&mut *self.connection().await?)
            .await?;
        Ok(())
    }

    /// The unrevoked session a token hash names, expired or not (the caller decides with its clock).
    pub async fn session_by_token(&self, token: &TokenHash) -> Result<Option<Session>, Error> {
        let row = sqlx::query(concat!(
            "SELECT token_hash, ",
            session_columns!(),
            " FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL"
        ))
        .bind(token.0.to_vec())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        let Some(row) = row else { return Ok(None) };
        // The index found the row; compare the full hash in constant time anyway so no code path
        // ever decides on a secret with a short-circuiting comparison.
        let stored: Vec<u8> = row.try_get("token_hash")?;
        match TokenHash::from_slice(&stored) {
            Some(stored) if stored.matches(token) => session_from_row(&row).map(Some),
            _ => Ok(None),
        }
    }

    /// The unrevoked session with this id, expired or not.
    pub async fn session_by_id(&self, id: Uuid) -> Result<Option<Session>, Error> {
        let row = sqlx::query(concat!(
            "SELECT ",
            session_columns!(),
            " FROM sessions WHERE id = $1 AND revoked_at IS NULL"
        ))
        .bind(id.to_string())
        .fetch_optional(&mut *self.connection().await?)
        .await?;
        row.as_ref().map(session_from_row).transpose()
    }

    /// Revokes the session a token names and, on PostgreSQL, announces it to every replica.
    /// Returns whether one was active.
    pub async fn revoke_session(&self, token: &TokenHash, at: OffsetDateTime) -> Result<bool, Error> {
        let result = sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL")
            .bind(ms(at))
            .bind(token.0.to_vec())
            .execute(&mut *self.connection().await?)
            .await?;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_notify($1, $2)")
                .bind(postgres::REVOCATION_CHANNEL)
                .bind(postgres::to_hex(token))
                .execute(&mut *self.connection().await?)
                .await?;
        }
        Ok(result.rows_affected() == 1)
    }

    /// Revokes every live session of an identity but `except`; returns their token hashes (for
    /// cache eviction) after announcing them to other replicas.
    pub async fn revoke_identity_sessions(
        &self,
        identity_id: Uuid,
        except: Option<Uuid>,
        at: OffsetDateTime,
    ) -> Result<Vec<TokenHash>, Error> {
        let rows = sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE identity_id = $2 AND revoked_at IS NULL AND (CAST($3 AS TEXT) IS NULL OR id <> $3) RETURNING token_hash",
        )
        .bind(ms(at))
        .bind(identity_id.to_string())
        .bind(except.map(|id| id.to_string()))
        .fetch_all(&mut *self.connection().await?)
        .await?;
        self.announce_revoked(&rows).await
    }

    /// Revokes every live session a passkey made or lifted, and the session it was saved in, but
    /// `except`; returns their token hashes after announcing them.
    pub async fn revoke_passkey_sessions(
        &self,
        passkey: &PasskeyCredential,
        except: Option<Uuid>,
        at: OffsetDateTime,
    ) -> Result<Vec<TokenHash>, Error> {
        let rows = sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE (passkey_id = $2 OR id = $4) AND revoked_at IS NULL AND (CAST($3 AS TEXT) IS NULL OR id <> $3) RETURNING token_hash",
        )
        .bind(ms(at))
        .bind(passkey.id.to_string())
        .bind(except.map(|id| id.to_string()))
        .bind(passkey.added_in_session.map(|id| id.to_string()))
        .fetch_all(&mut *self.connection().await?)
        .await?;
        self.announce_revoked(&rows).await
    }

    async fn announce_revoked(&self, rows: &[AnyRow]) -> Result<Vec<TokenHash>, Error> {
        let mut hashes = Vec::with_capacity(rows.len());
        for row in rows {
            let bytes: Vec<u8> = row.try_get("token_hash")?;
            let hash = TokenHash::from_slice(&bytes)
                .ok_or_else(|| Error::Internal("stored token hash is not 32 bytes".into()))?;
            if self.backend == Backend::Postgres {
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(postgres::REVOCATION_CHANNEL)
                    .bind(postgres::to_hex(&hash))
                    .execute(&mut *self.connection().await?)
                    .await?;
            }
            hashes.push(hash);
        }
        Ok(hashes)
    }

    /// A listener for session revocations announced by other replicas; `None` on SQLite, which
    /// has no other replicas to hear from.
    pub async fn revocation_listener(&self) -> Result<Option<RevocationListener>, Error> {
        match self.backend {
            Backend::Sqlite => Ok(None),
            Backend::Postgres => RevocationListener::connect(&self.dsn).await.map(Some),
        }
    }

    /// An identity's sessions that are neither revoked nor past their absolute end, newest
    /// first (the caller applies inactivity with its clock).
    pub async fn live_sessions(&self, identity_id: Uuid, now: OffsetDateTime) -> Result<Vec<Session>, Error> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            session_columns!(),
            " FROM sessions WHERE identity_id = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY issued_at DESC, id"
        ))
        .bind(identity_id.to_string())
        .bind(ms(now))
        .fetch_all(&mut *self.connection().await?)
        .await?;
        rows.iter().map(session_from_row).collect()
    }

    /// Revokes one session of an identity by its id; returns its token hash (announced) when it
    /// was live.
    pub async fn revoke_session_by_id(
        &self,
        identity_id: Uuid,
        id: Uuid,
        at: OffsetDateTime,
    ) -> Result<Vec<TokenHash>, Error> {
        let rows = sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE identity_id = $2 AND id = $3 AND revoked_at IS NULL RETURNING token_hash",
        )
        .bind(ms(at))
        .bind(identity_id.to_string())
        .bind(id.to_string())
        .fetch_all(&mut *self.connection().await?)
        .await?;
        self.announce_revoked(&rows).await
    }

    /// Revokes every live restricted session of an identity but `except` (what a completed
    /// recovery ends even when it keeps the others); returns their token hashes after announcing
    /// them.
    pub async fn revoke_restricted_sessions(
        &self,
        identity_id: Uuid,
        except: Uuid,
        at: OffsetDateTime,
    ) -> Result<Vec<TokenHash>, Error> {
        let rows = sqlx::query(
            "UPDATE sessions SET revoked_at = $1 WHERE identity_id = $2 AND restricted = 1 AND revoked_at IS NULL AND id <> $3 RETURNING token_hash",
        )
        .bind(ms(at))
        .bind(identity_id.to_string())
        .bind(except.to_string())
        .fetch_all(&mut *self.connection().await?)
        .await?;
        self.announce_revoked(&rows).await
    }

    /// Restricts every live `aal1` session of an identity (its tier was raised to `high_value`);
    /// returns their token hashes, announced so every replica drops what it cached of them.
    pub async fn restrict_aal1_sessions(&self, identity_id: Uuid) -> Result<Vec<TokenHash>, Error> {
        let rows = sqlx::query(
            "UPDATE sessions SET restricted = 1 WHERE identity_id = $1 AND aal = 'aal1' AND restricted = 0 AND revoked_at IS NULL RETURNING token_hash",
        )
        .bind(identity_id.to_string())
        .fetch_all(&mut *self.connection().await?)
        .await?;
        self.announce_revoked(&rows).await
    }
}

/// How far back [`Store::recent_session_changes`] reads: a change is seen if its transaction
/// commits within this long of writing the row (every writer's transactions are short).
pub const SESSION_CHANGES_WINDOW: time::Duration = time::Duration::seconds(5);

/// A row of `session_cache_changes`: what a cached `whoami` answer of this identity shows changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionChange {
    pub seq: i64,
    pub identity_id: Uuid,
}

impl Store {
    /// The changes to sessions, identities and addresses written in the last
    /// [`SESSION_CHANGES_WINDOW`] by the database's clock (triggers write them; see migration
    /// 0016). Rows come again on the next call while inside the window: callers skip the `seq`s
    /// they have seen.
    pub async fn recent_session_changes(&self) -> Result<Vec<SessionChange>, Error> {
        let rows = sqlx::query(self.recent_session_changes_sql())
            .bind(millis(SESSION_CHANGES_WINDOW))
            .fetch_all(&mut *self.connection().await?)
            .await?;
        rows.iter()
            .map(|row| {
                Ok(SessionChange {
                    seq: row.try_get("seq")?,
                    identity_id: uuid(row, "identity_id")?,
                })
            })
            .collect()
    }

    /// The statement [`Self::recent_session_changes`] runs here: its SQL differs per backend, as
    /// each reads its own clock (the index test explains both).
    pub fn recent_session_changes_sql(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => sqlite::RECENT_SESSION_CHANGES,
            Backend::Postgres => postgres::RECENT_SESSION_CHANGES,
        }
    }
}
