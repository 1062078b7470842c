//! Serving a router on a socket, against slow and idle clients.
//!
//! # Security
//! `axum::serve` sets no timeouts and no cap: 600 half-sent requests stayed open past 75 s, and
//! 1,100 idle sockets from one client exhausted the file descriptors so `/health/ready` timed out
//! for everyone. Here:
//! - a request's head must arrive within `serve.header_read_timeout`, and a kept-alive connection
//!   waiting for its next request is closed after the same time (hyper's header read timer runs
//!   while a connection is idle);
//! - at most `serve.max_connections` connections are open at once: the next waits in the kernel's
//!   accept queue until one closes, so the connections already open keep being served;
//! - a handler that runs longer than `serve.request_timeout` answers `request_timeout` (503);
//! - on shutdown, connections finish the request in flight (for at most the request timeout)
//!   and are closed.

use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tower::ServiceExt;

/// How connections are held to account (`serve.*`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    pub max_connections: usize,
    pub header_read_timeout: Duration,
    pub request_timeout: Duration,
}

/// Serves `router` on `listener` until `shutdown` completes, then lets open connections finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (closing, closed) = watch::channel(false);
    let mut shutdown = pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors, or the peer gave up mid-handshake: wait a moment rather
                    // than spin on the error.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = tower::service_fn(move |mut request: hyper::Request<Incoming>| {
            // The peer address feeds the per-client limits (unless a proxy header is configured).
            request.extensions_mut().insert(ConnectInfo(peer));
            router.clone().oneshot(request.map(Body::new))
        });
        let mut closed = closed.clone();
        tokio::spawn(async move {
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout)
                .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            let mut connection = pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = async { closed.wait_for(|closing| *closing).await.map(drop) } => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(limits.request_timeout, connection).await;
                }
            }
            drop(permit);
        });
    }
    let _ = closing.send(true);
    // Every permit back means every connection is done.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(
        limits.request_timeout + Duration::from_secs(1),
        permits.acquire_many(all),
    )
    .await;
}

/// Answers a request whose answer takes longer than `limit` with `request_timeout`.
pub async fn within(
    limit: Duration,
    answer: impl Future<Output = axum::response::Response>,
) -> Result<axum::response::Response, Infallible> {
    use axum::response::IntoResponse;
    Ok(match tokio::time::timeout(limit, answer).await {
        Ok(response) => response,
        Err(_) => crate::error::Error::RequestTimeout.into_response(),
    })
}

/// Raises the soft limit on open files to the hard limit, so the connection cap, not the
/// descriptor table, decides when new connections wait. Returns the limit now in force.
pub fn raise_file_limit() -> std::io::Result<u64> {
    rlimit::increase_nofile_limit(u64::MAX)
}

#[cfg(test)]
mod tests {
    use axum::http::{Request, StatusCode};

    use super::*;

    #[tokio::test]
    async fn a_request_that_runs_too_long_answers_request_timeout() {
        let router = Router::new()
            .fallback(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "late"
            })
            .layer(axum::middleware::from_fn(|request, next: axum::middleware::Next| {
                within(Duration::from_millis(50), next.run(request))
            }));
        let reply = router
            .oneshot(Request::get("/").body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(reply.status(), StatusCode::SERVICE_UNAVAILABLE);
        let body = http_body_util::BodyExt::collect(reply.into_body())
            .await
            .unwrap()
            .to_bytes();
        assert!(String::from_utf8_lossy(&body).contains("\"request_timeout\""));
    }
}
