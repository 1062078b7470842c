//! `/admin/identities`: find, inspect, create, change, delete identities; end their sessions.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use uuid::Uuid;

use super::AdminCaller;
use crate::admin::identities::IdentityChange;
use crate::admin::import::{Imported, OnConflict, RecordRefused};
use crate::domain::{Identity, IdentityState, Tier};
use crate::error::Error;
use crate::http::App;
use crate::http::extract::{Json, Query};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/admin/identities", get(list))
        .route("/admin/identities", post(create))
        .route("/admin/identities/{id}", get(show))
        .route("/admin/identities/{id}", patch(update))
        .route("/admin/identities/{id}", delete(remove))
        .route("/admin/identities/{id}/sessions", delete(revoke_sessions))
        .route("/admin/identities/{id}/apps", get(apps))
        .route("/admin/identities/{id}/apps/{client_id}", delete(forget_app))
}

#[derive(Debug, Serialize)]
struct IdentityListed {
    id: Uuid,
    email: String,
    state: IdentityState,
    tier: Tier,
    #[serde(with = "time::serde::rfc3339")]
    created_at: OffsetDateTime,
}

impl From<Identity> for IdentityListed {
    fn from(i: Identity) -> Self {
        Self {
            id: i.id,
            email: i.email,
            state: i.state,
            tier: i.tier,
            created_at: i.created_at,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    /// Part of the email address to look for.
    email: Option<String>,
    page_size: Option<u32>,
    /// The `next_page_token` of the page before.
    page_token: Option<String>,
}

async fn list(State(app): State<Arc<App>>, _: AdminCaller, Query(query): Query<ListQuery>) -> Result<Response, Error> {
    let size = query.page_size.unwrap_or(50);
    let found = app
        .identity_admin
        .search(query.email.as_deref(), query.page_token.as_deref(), size)
        .await?;
    let next = (found.len() as u32 == size.clamp(1, crate::admin::identities::MAX_PAGE))
        .then(|| found.last().map(|i| i.email.clone()))
        .flatten();
    let identities: Vec<IdentityListed> = found.into_iter().map(IdentityListed::from).collect();
    Ok(axum::Json(json!({ "identities": identities, "next_page_token": next })).into_response())
}

/// A path id; anything else is a bad request in our error shape.
pub(super) fn identity_id(raw: &str) -> Result<Uuid, Error> {
    Uuid::parse_str(raw).map_err(|_| Error::InvalidRequest("That is not an identity id.".into()))
}

async fn show(State(app): State<Arc<App>>, _: AdminCaller, Path(id): Path<String>) -> Result<Response, Error> {
    let summary = app.identity_admin.summary(identity_id(&id)?).await?;
    Ok(axum::Json(summary).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    email: String,
    /// The address was confirmed out of band, so it may receive sign-in codes at once.
    #[serde(default)]
    verified: bool,
    #[serde(default)]
    tier: Option<Tier>,
}

/// Creates an identity: from `{email, verified, tier}`, or from a record of Kratos's identity
/// import shape (`traits`, `verifiable_addresses`, `state`, `credentials.password`, `tier`),
/// which needs an admin key.
async fn create(
    State(app): State<Arc<App>>,
    caller: AdminCaller,
    Json(body): Json<serde_json::Value>,
) -> Result<Response, Error> {
    let id = if body.get("traits").is_some() {
        import(&app, &caller, &body).await?
    } else {
        let body: CreateBody = serde_path_to_error::deserialize(body)
            .map_err(|e| Error::InvalidRequest(format!("{}: {}", e.path(), e.inner())))?;
        app.identity_admin
            .create(&caller.key, &caller.origin, &body.email, body.verified, body.tier)
            .await?
            .id
    };
    let summary = app.identity_admin.summary(id).await?;
    Ok((StatusCode::CREATED, axum::Json(summary)).into_response())
}

async fn import(app: &App, caller: &AdminCaller, record: &serde_json::Value) -> Result<uuid::Uuid, Error> {
    app.identity_admin.may_import(&caller.key)?;
    let outcome = app
        .importer
        .import(record, OnConflict::Skip, &caller.key.actor(), &caller.origin)
        .await?;
    match outcome {
        Ok(Imported::Created(id)) => Ok(id),
        Ok(Imported::Skipped(_) | Imported::Updated(_)) => Err(Error::IdentityExists),
        Err(RecordRefused { field, reason }) => Err(Error::InvalidRequest(format!("{field}: {reason}"))),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateBody {
    /// `active` or `inactive` (`disabled` is read as `inactive`).
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    tier: Option<Tier>,
}

async fn update(
    State(app): State<Arc<App>>,
    caller: AdminCaller,
    Path(id): Path<String>,
    Json(body): Json<UpdateBody>,
) -> Result<Response, Error> {
    let id = identity_id(&id)?;
    let state = body.state.as_deref().map(parse_state).transpose()?;
    app.identity_admin
        .update(
            &caller.key,
            &caller.origin,
            id,
            IdentityChange { state, tier: body.tier },
        )
        .await?;
    Ok(axum::Json(app.identity_admin.summary(id).await?).into_response())
}

fn parse_state(text: &str) -> Result<IdentityState, Error> {
    match text {
        "disabled" => Ok(IdentityState::Inactive),
        other => IdentityState::parse(other)
            .ok_or_else(|| Error::InvalidRequest("state is `active` or `inactive` (`disabled`).".into())),
    }
}

async fn remove(State(app): State<Arc<App>>, caller: AdminCaller, Path(id): Path<String>) -> Result<StatusCode, Error> {
    app.identity_admin
        .delete(&caller.key, &caller.origin, identity_id(&id)?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The apps the person signed in to through latchkey's OpenID Connect provider.
async fn apps(State(app): State<Arc<App>>, _: AdminCaller, Path(id): Path<String>) -> Result<Response, Error> {
    let id = identity_id(&id)?;
    app.store.identity(id).await?.ok_or(Error::NotFound)?;
    Ok(axum::Json(json!({ "apps": app.oidc.apps(id).await? })).into_response())
}

/// Takes an app's access away: its tokens stop working and a third-party app asks consent again.
async fn forget_app(
    State(app): State<Arc<App>>,
    caller: AdminCaller,
    Path((id, client_id)): Path<(String, String)>,
) -> Result<StatusCode, Error> {
    let id = identity_id(&id)?;
    app.store.identity(id).await?.ok_or(Error::NotFound)?;
    let forgot = app
        .oidc
        .forget_app(id, &client_id, caller.key.actor(), "revoked_by_admin", &caller.origin)
        .await?;
    if forgot {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Error::NotFound)
    }
}

async fn revoke_sessions(
    State(app): State<Arc<App>>,
    caller: AdminCaller,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let revoked = app
        .identity_admin
        .revoke_sessions(&caller.key, &caller.origin, identity_id(&id)?)
        .await?;
    Ok(axum::Json(json!({ "revoked": revoked })).into_response())
}
