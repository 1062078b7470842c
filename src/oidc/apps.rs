//! The apps a person signed in to through latchkey, as the account and admin pages show them, and
//! taking an app's access away: its grants end (refresh and access tokens stop working) and what
//! the person allowed it is forgotten (a third-party app asks again).

use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use super::Provider;
use crate::audit::{Action as Audited, Actor, Event, Origin};
use crate::error::Error;
use crate::policy::Action;
use crate::sessions::ActiveSession;

/// One app on the account page.
#[derive(Debug, Serialize)]
pub struct AppView {
    pub client_id: String,
    /// The client's name, or its id when it is no longer configured.
    pub name: String,
    /// Sign-ins whose session still lives (each with its refresh tokens).
    pub active_grants: i64,
    #[serde(with = "time::serde::rfc3339::option")]
    pub last_signed_in_at: Option<OffsetDateTime>,
    /// What the person allowed a third-party app; empty for first-party apps.
    pub consented_scopes: Vec<String>,
}

impl Provider {
    /// The apps holding live grants of, or consents from, an identity.
    pub async fn apps(&self, identity_id: Uuid) -> Result<Vec<AppView>, Error> {
        let access = self.store.oauth2_apps(identity_id, self.clock.now()).await?;
        let consents = self.store.oauth2_consents(identity_id).await?;
        let mut ids: Vec<&str> = access
            .iter()
            .map(|a| a.client_id.as_str())
            .chain(consents.iter().map(|c| c.client_id.as_str()))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let registered = if ids.iter().all(|id| self.config.clients.iter().any(|c| c.id == *id)) {
            Vec::new()
        } else {
            self.store.oauth2_clients().await?
        };
        let name_of = |id: &str| {
            self.config
                .clients
                .iter()
                .chain(&registered)
                .find(|c| c.id == id)
                .map_or_else(|| id.to_owned(), |c| c.name.clone())
        };
        let mut apps = Vec::new();
        for id in ids {
            let live = access.iter().find(|a| a.client_id == id);
            apps.push(AppView {
                client_id: id.to_owned(),
                name: name_of(id),
                active_grants: live.map_or(0, |a| a.grants),
                last_signed_in_at: live.map(|a| a.last_granted_at),
                consented_scopes: consents
                    .iter()
                    .filter(|c| c.client_id == id)
                    .map(|c| c.scope.clone())
                    .collect(),
            });
        }
        Ok(apps)
    }

    /// The signed-in person takes an app's access away (a restricted session may not: like
    /// ending other sessions, it needs a session that is not restricted).
    pub async fn forget_app_of_session(
        &self,
        active: &ActiveSession,
        client_id: &str,
        origin: &Origin,
    ) -> Result<bool, Error> {
        self.auth.require(active, &Action::EndOtherSessions).await?;
        let by = Actor::Identity { id: active.identity.id };
        self.forget_app(active.identity.id, client_id, by, "revoked_by_user", origin)
            .await
    }

    /// Ends a client's grants of an identity and forgets its consents, audited; false when it
    /// had neither.
    pub async fn forget_app(
        &self,
        identity_id: Uuid,
        client_id: &str,
        by: Actor,
        why: &'static str,
        origin: &Origin,
    ) -> Result<bool, Error> {
        let (grants, consents) = self
            .store
            .forget_oauth2_app(identity_id, client_id, why, self.clock.now())
            .await?;
        if grants == 0 && consents == 0 {
            return Ok(false);
        }
        self.record(
            Event::new(by, Audited::OAuth2GrantRevoked, Some(identity_id))
                .details(serde_json::json!({
                    "client_id": client_id,
                    "grants": grants,
                    "consents_forgotten": consents,
                    "why": why,
                }))
                .from(origin),
        )
        .await?;
        Ok(true)
    }
}
