//! The baseline for the whoami benchmark: a bare axum handler answering a JSON body of the same
//! shape and size as latchkey's whoami (read from a file), serialised on every request as whoami is.
//!
//! Usage: bare_axum PORT BODY_JSON_FILE

use std::sync::Arc;

use axum::routing::get;
use axum::{Json, Router};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let port: u16 = args.next().and_then(|p| p.parse().ok()).unwrap_or(4500);
    let file = args.next().unwrap_or_else(|| "whoami.json".into());
    let body: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let body = Arc::new(body);
    let app = Router::new().route(
        "/sessions/whoami",
        get(move || {
            let body = body.clone();
            async move { Json(body.as_ref().clone()) }
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
