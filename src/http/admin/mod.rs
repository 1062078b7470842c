//! The admin API, on its own listener (default port 4434): API-key authentication, identities,
//! recovery links, the audit trail, and a minimal web page over them. Nothing here is routed on
//! the public listener.
//!
//! # Security
//! Admin calls authenticate with `Authorization: Bearer <admin key>` only: no cookies, so no
//! ambient authority a cross-site page could borrow. Every call looks the key up afresh, so a
//! revoked key stops working at once, on every replica.

mod audit;
mod funnel;
mod identities;
mod metrics;
mod migration;
mod oauth2;
mod page;
mod recovery;

use std::sync::Arc;

use axum::Router;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;

use crate::admin::keys::AdminKey;
use crate::audit::Origin;
use crate::error::Error;
use crate::http::App;
use crate::http::extract::RequestOrigin;

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .merge(identities::router())
        .merge(funnel::router())
        .merge(migration::router())
        .merge(oauth2::router())
        .merge(recovery::router())
        .merge(audit::router())
        .merge(page::router())
}

/// `GET /metrics`, unless `metrics.enabled` is false.
pub fn metrics_router() -> Router<Arc<App>> {
    metrics::router()
}

/// The admin key calling, and where the call came from.
pub struct AdminCaller {
    pub key: AdminKey,
    pub origin: Origin,
}

impl FromRequestParts<Arc<App>> for AdminCaller {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, app: &Arc<App>) -> Result<Self, Self::Rejection> {
        let presented = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .ok_or(Error::AdminKeyMissing)?;
        let key = app.admin_keys.authenticate(presented).await?;
        let RequestOrigin(origin) = RequestOrigin::from_request_parts(parts, app).await?;
        Ok(Self { key, origin })
    }
}
