//! Request ids: every request gets one (`X-Request-Id`), echoed in the answer, carried by the
//! request's tracing span (so every log line of the request names it, in text and JSON) and put
//! in typed error bodies (`error.request_id`), so a screenshot of an error finds its log lines.
//!
//! # Security
//! An incoming `X-Request-Id` is kept only behind a configured reverse proxy
//! (`serve.*.client_ip_header` set), which is where a load balancer assigns one; directly
//! exposed, the client's value is replaced. A kept value must be 1 to 128 characters of
//! `A-Z a-z 0-9 . _ -`, so it cannot forge log lines or smuggle markup into a page.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::{MatchedPath, Request};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

pub const HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// The id of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(Arc<str>);

impl RequestId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

tokio::task_local! {
    static CURRENT: RequestId;
}

/// The id of the request being answered on this task, if any.
pub fn current() -> Option<RequestId> {
    CURRENT.try_with(Clone::clone).ok()
}

/// Makes request ids: a random prefix per process (replicas differ) and a counter, so making one
/// costs no system call on the `whoami` path.
pub struct RequestIds {
    prefix: String,
    next: AtomicU64,
    trust_incoming: bool,
}

impl RequestIds {
    /// `trust_incoming`: a reverse proxy in front assigns ids (see the module's security note).
    pub fn new(trust_incoming: bool) -> Self {
        let mut bytes = [0u8; 4];
        // An id only correlates log lines: without OS randomness a fixed prefix still works.
        let _ = getrandom::fill(&mut bytes);
        Self {
            prefix: bytes.iter().map(|b| format!("{b:02x}")).collect(),
            next: AtomicU64::new(1),
            trust_incoming,
        }
    }

    fn assign(&self, request: &Request) -> RequestId {
        let incoming = request
            .headers()
            .get(&HEADER)
            .and_then(|v| v.to_str().ok())
            .filter(|v| self.trust_incoming && well_formed(v));
        match incoming {
            Some(id) => RequestId(id.into()),
            None => {
                let n = self.next.fetch_add(1, Ordering::Relaxed);
                RequestId(format!("{}-{n:x}", self.prefix).into())
            }
        }
    }
}

fn well_formed(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The middleware: assigns the id, answers the request with it in the task-local (for error
/// bodies) and echoes it in the answer. The span ([`request_span`]) reads it from the request.
pub async fn with_request_id(ids: Arc<RequestIds>, mut request: Request, next: Next) -> Response {
    let id = ids.assign(&request);
    request.extensions_mut().insert(id.clone());
    let mut response = CURRENT.scope(id.clone(), next.run(request)).await;
    if let Ok(value) = HeaderValue::from_str(id.as_str()) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}

/// The span of a request (tower-http's trace layer): its id, method and route template. Never
/// the URI itself, whose query may carry what a client typed.
pub fn request_span<B>(request: &axum::http::Request<B>) -> tracing::Span {
    let id = request.extensions().get::<RequestId>().map_or("-", RequestId::as_str);
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str);
    tracing::info_span!("request", id, method = %request.method(), route)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_with(id: &str) -> Request {
        Request::builder()
            .header(HEADER, id)
            .body(axum::body::Body::empty())
            .unwrap()
    }

    #[test]
    fn a_proxys_id_is_kept_only_behind_a_proxy_and_only_when_well_formed() {
        let behind = RequestIds::new(true);
        assert_eq!(behind.assign(&request_with("lb-42.a_b")).as_str(), "lb-42.a_b");
        for forged in ["", "a b", "x\tforged: line", "<script>", &"a".repeat(129)] {
            assert_ne!(behind.assign(&request_with(forged)).as_str(), forged, "{forged:?}");
        }
        let exposed = RequestIds::new(false);
        assert_ne!(exposed.assign(&request_with("lb-42")).as_str(), "lb-42");
    }

    #[test]
    fn made_ids_differ_and_are_well_formed() {
        let ids = RequestIds::new(false);
        let empty = Request::builder().body(axum::body::Body::empty()).unwrap();
        let (a, b) = (ids.assign(&empty), ids.assign(&empty));
        assert_ne!(a, b);
        assert!(well_formed(a.as_str()) && well_formed(b.as_str()));
    }
}
