//! The OpenAPI document matches the router: every route in `src/http` is documented, and every
//! documented operation is answered by a handler (not the not-found fallback).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};

use crate::support::{Db, Harness};

/// `(method, path)` of every `.route("path", method(...))` in the public HTTP modules (the files of
/// `src/http`; the admin API lives in `src/http/admin/`), except the hosted pages and their
/// assets (HTML, not API).
fn routes_in_source(dir: &str, pages: &str) -> Vec<(String, String)> {
    let mut routes = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue;
        }
        let source = std::fs::read_to_string(path).unwrap();
        let source = source
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace(".route( \"", ".route(\"");
        for piece in source.split(".route(\"").skip(1) {
            let (path, rest) = piece.split_once('"').unwrap();
            let method = rest
                .trim_start_matches([',', ' '])
                .split('(')
                .next()
                .unwrap()
                .trim()
                .rsplit("::")
                .next()
                .unwrap()
                .to_owned();
            if path != "/" && !path.starts_with(pages) {
                routes.push((method, path.to_owned()));
            }
        }
    }
    routes
}

/// Every route in `routes` is documented, and every documented operation is routed; returns the
/// documented `(method, path)` pairs for the caller to send.
fn assert_same_operations(
    paths: &serde_json::Map<String, serde_json::Value>,
    routes: &[(String, String)],
    source: &str,
) -> Vec<(String, String)> {
    for (method, path) in routes {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} is not documented"
        );
    }
    let mut documented = Vec::new();
    for (path, operations) in paths {
        for method in operations.as_object().unwrap().keys() {
            assert!(
                routes.iter().any(|(m, p)| m == method && p == path),
                "{method} {path} is documented but not routed in {source}"
            );
            documented.push((method.clone(), path.clone()));
        }
    }
    documented
}

/// A request of a documented operation, without credentials or body.
fn request(method: &str, path: &str) -> Request<Body> {
    Request::builder()
        .method(Method::from_bytes(method.to_uppercase().as_bytes()).unwrap())
        .uri(path)
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn the_document_and_the_router_agree() {
    let h = Harness::new(Db::Sqlite).await;
    let reply = h.send(Request::get("/openapi.json").body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK);
    let document = reply.json();
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();

    let routes = routes_in_source(concat!(env!("CARGO_MANIFEST_DIR"), "/src/http"), "/ui/");
    assert!(routes.len() >= 12, "found the routes: {routes:?}");
    for (method, path) in assert_same_operations(paths, &routes, "src/http") {
        let reply = h.send(request(&method, &path)).await;
        assert_ne!(reply.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            reply.status != StatusCode::NOT_FOUND || reply.error_id() != "not_found",
            "{method} {path} has no handler"
        );
    }
}

/// The same check for the admin listener's document and routes (`src/http/admin/`).
#[tokio::test]
async fn the_admin_document_and_the_admin_router_agree() {
    use tower::ServiceExt;
    let h = Harness::new(Db::Sqlite).await;
    let send = |request: Request<Body>| {
        let router = h.admin_router.clone();
        async move { router.oneshot(request).await.unwrap() }
    };
    let reply = send(Request::get("/admin/openapi.json").body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status(), StatusCode::OK);
    let body = http_body_util::BodyExt::collect(reply.into_body())
        .await
        .unwrap()
        .to_bytes();
    let document: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(document["openapi"], "3.1.0");
    let paths = document["paths"].as_object().unwrap();
    let routes = routes_in_source(concat!(env!("CARGO_MANIFEST_DIR"), "/src/http/admin"), "/admin/ui");
    assert!(routes.len() >= 11, "found the routes: {routes:?}");
    for (method, path) in assert_same_operations(paths, &routes, "src/http/admin") {
        let reply = send(request(&method, &path)).await;
        assert_ne!(reply.status(), StatusCode::NOT_FOUND, "{method} {path} has no handler");
        assert_ne!(reply.status(), StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
    }
}

/// Every error id `src/error.rs` can answer with, and only those, is in both documents' `Error`
/// schema: a client (and schemathesis) validating an answer against the document accepts each.
#[test]
fn both_documents_list_every_error_id() {
    let source = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/error.rs")).unwrap();
    let body = source
        .split("pub fn id(&self)")
        .nth(1)
        .unwrap()
        .split("pub fn detail")
        .next()
        .unwrap();
    let mut ids: Vec<&str> = body
        .split("=> \"")
        .skip(1)
        .map(|piece| piece.split('"').next().unwrap())
        .collect();
    ids.sort();
    assert!(ids.len() >= 40, "read the ids: {ids:?}");
    for file in ["src/http/openapi.json", "src/http/admin/openapi.json"] {
        let text = std::fs::read_to_string(format!("{}/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        let document: serde_json::Value = serde_json::from_str(&text).unwrap();
        let listed = &document["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["id"]["enum"];
        let mut listed: Vec<&str> = listed.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        listed.sort();
        assert_eq!(listed, ids, "{file}");
    }
}
