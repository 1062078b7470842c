//! `GET /admin/audit`: the audit trail, newest first, filtered and paged.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;
use time::OffsetDateTime;

use super::AdminCaller;
use super::identities::identity_id;
use crate::audit::{Filter, MAX_PAGE};
use crate::error::Error;
use crate::http::App;
use crate::http::extract::Query;

pub fn router() -> Router<Arc<App>> {
    Router::new().route("/admin/audit", get(entries))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AuditQuery {
    identity_id: Option<String>,
    /// An identity id or an admin key id.
    actor: Option<String>,
    action: Option<String>,
    /// RFC 3339 times: entries at or after `since`, before `until`.
    since: Option<String>,
    until: Option<String>,
    /// The `next_before` of the page before.
    before: Option<i64>,
    limit: Option<u32>,
}

async fn entries(
    State(app): State<Arc<App>>,
    _: AdminCaller,
    Query(query): Query<AuditQuery>,
) -> Result<Response, Error> {
    let limit = query.limit.unwrap_or(100).clamp(1, MAX_PAGE);
    let filter = Filter {
        subject_id: query.identity_id.as_deref().map(identity_id).transpose()?,
        actor_id: query.actor,
        action: query.action,
        since: query.since.as_deref().map(|t| rfc3339("since", t)).transpose()?,
        until: query.until.as_deref().map(|t| rfc3339("until", t)).transpose()?,
        before_seq: query.before,
        limit,
    };
    let entries = app.audit.entries(&filter).await?;
    let next_before = (entries.len() as u32 == limit)
        .then(|| entries.last().map(|e| e.seq))
        .flatten();
    Ok(axum::Json(json!({ "entries": entries, "next_before": next_before })).into_response())
}

fn rfc3339(name: &str, text: &str) -> Result<OffsetDateTime, Error> {
    OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map_err(|_| Error::InvalidRequest(format!("{name} is an RFC 3339 time, such as 2026-11-26T09:00:00Z.")))
}
