//! `/admin/oauth2/clients`: the OpenID Connect provider's apps (admin keys manage them; any key
//! may list them).

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use serde_json::json;

use super::AdminCaller;
use crate::error::Error;
use crate::http::App;
use crate::http::extract::Json;
use crate::oidc::NewClient;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/admin/oauth2/clients", get(list))
        .route("/admin/oauth2/clients", post(register))
        .route("/admin/oauth2/clients/{id}", delete(remove))
        .route("/admin/oauth2/clients/{id}/secret", post(rotate_secret))
}

async fn list(State(app): State<Arc<App>>, _: AdminCaller) -> Result<Response, Error> {
    Ok(axum::Json(json!({ "clients": app.oidc.clients().await? })).into_response())
}

/// The secret of a confidential client is in this answer and nowhere else, ever.
async fn register(
    State(app): State<Arc<App>>,
    caller: AdminCaller,
    Json(new): Json<NewClient>,
) -> Result<Response, Error> {
    let (client, secret) = app.oidc.register_client(&caller.key, &caller.origin, new).await?;
    let body = json!({ "client": client, "client_secret": secret.as_ref().map(|s| s.expose()) });
    Ok((StatusCode::CREATED, axum::Json(body)).into_response())
}

async fn rotate_secret(
    State(app): State<Arc<App>>,
    caller: AdminCaller,
    Path(id): Path<String>,
) -> Result<Response, Error> {
    let secret = app.oidc.rotate_client_secret(&caller.key, &caller.origin, &id).await?;
    Ok(axum::Json(json!({ "client_secret": secret.expose() })).into_response())
}

async fn remove(State(app): State<Arc<App>>, caller: AdminCaller, Path(id): Path<String>) -> Result<StatusCode, Error> {
    app.oidc.remove_client(&caller.key, &caller.origin, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
