//! `POST /admin/recovery/link` (Kratos's body and answer field names, plus the reason and how the
//! person was verified), the two-person approval, and an identity's recovery history.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

use super::AdminCaller;
use super::identities::identity_id;
use crate::clock::rfc3339;
use crate::config::duration;
use crate::domain::RecoveryLink;
use crate::error::Error;
use crate::http::App;
use crate::http::extract::Json;
use crate::methods::recovery::{IssuedLink, LinkRequest, Reason, Requested, UNSPECIFIED, Verification};

pub fn router() -> Router<Arc<App>> {
    Router::new()
        .route("/admin/recovery/link", post(issue))
        .route("/admin/recovery/requests", get(pending))
        .route("/admin/recovery/requests/{id}/approve", post(approve))
        .route("/admin/identities/{id}/recovery-links", get(history))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IssueBody {
    identity_id: Uuid,
    /// A duration such as `1h` or `30m` (Kratos's form).
    #[serde(default)]
    expires_in: Option<String>,
    #[serde(default)]
    reason: Option<Reason>,
    #[serde(default)]
    reason_text: Option<String>,
    #[serde(default)]
    verification: Option<Verification>,
    #[serde(default)]
    verification_text: Option<String>,
}

async fn issue(
    State(app): State<Arc<App>>,
    caller: AdminCaller,
    Json(body): Json<IssueBody>,
) -> Result<Response, Error> {
    let expires_in = body
        .expires_in
        .as_deref()
        .map(|text| {
            duration::parse(text).map_err(|fix| Error::InvalidRequest(format!("expires_in is not a duration: {fix}")))
        })
        .transpose()?;
    let request = LinkRequest {
        identity_id: body.identity_id,
        expires_in,
        reason: body.reason,
        reason_text: body.reason_text,
        verification: body.verification,
        verification_text: body.verification_text,
    };
    match app.recovery.request(&caller.key, &caller.origin, request).await? {
        Requested::Issued(issued) => Ok(issued_reply(&issued)),
        Requested::PendingApproval(link) => Ok((
            StatusCode::ACCEPTED,
            axum::Json(json!({
                "id": link.id,
                "status": link.status,
                "message": "This account needs a second person's approval: a key of another person approves it with POST /admin/recovery/requests/{id}/approve, and gets the link.",
            })),
        )
            .into_response()),
    }
}

fn issued_reply(issued: &IssuedLink) -> Response {
    (
        StatusCode::CREATED,
        axum::Json(json!({
            "recovery_link": issued.url,
            "expires_at": issued.link.expires_at.map(rfc3339),
            "usable_from": issued.link.usable_from.map(rfc3339),
            "id": issued.link.id,
            "notified_addresses": issued.notified,
        })),
    )
        .into_response()
}

async fn approve(State(app): State<Arc<App>>, caller: AdminCaller, Path(id): Path<String>) -> Result<Response, Error> {
    let id = Uuid::parse_str(&id).map_err(|_| Error::InvalidRequest("That is not a recovery request id.".into()))?;
    let issued = app.recovery.approve(&caller.key, &caller.origin, id).await?;
    Ok(issued_reply(&issued))
}

/// A link as support sees it: never its token.
#[derive(Debug, Serialize)]
struct LinkView<'a> {
    #[serde(flatten)]
    link: &'a RecoveryLink,
    /// Requested without a reason (`recovery.require_reason: false`): worth a second look.
    flagged: bool,
}

fn views(links: &[RecoveryLink]) -> Vec<LinkView<'_>> {
    links
        .iter()
        .map(|link| LinkView {
            link,
            flagged: link.reason == UNSPECIFIED || link.verification == UNSPECIFIED,
        })
        .collect()
}

async fn pending(State(app): State<Arc<App>>, _: AdminCaller) -> Result<Response, Error> {
    let links = app.recovery.pending().await?;
    Ok(axum::Json(json!({ "requests": views(&links) })).into_response())
}

async fn history(State(app): State<Arc<App>>, _: AdminCaller, Path(id): Path<String>) -> Result<Response, Error> {
    let links = app.recovery.links_of(identity_id(&id)?).await?;
    Ok(axum::Json(json!({ "recovery_links": views(&links) })).into_response())
}
