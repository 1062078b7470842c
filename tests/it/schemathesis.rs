//! Schemathesis (from PyPI, pinned in `scripts/install-test-deps`) against the running server's
//! own OpenAPI documents, public and admin, on both stores: it generates requests from each
//! document (valid and invalid ones, and sequences), and every answer must be no 5xx and match
//! the document: status code, content type and body schema.

use std::process::Command;

use crate::on_both_stores;
use crate::support::{Db, Device, Harness};

on_both_stores!(
    the_public_api_answers_as_its_document_says,
    the_admin_api_answers_as_its_document_says,
);

/// Checks every answer must pass.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance";

/// Generated cases per operation and phase; the seed keeps a run reproducible (set
/// `LATCHKEY_SCHEMATHESIS_SEED` to explore others).
const MAX_EXAMPLES: &str = "25";

async fn the_public_api_answers_as_its_document_says(db: Db) {
    let h = Harness::new(db).await;
    let mut client = h.api();
    client.sign_up("fuzz@example.com", &mut Device::new()).await;
    let token = client.token.clone().expect("signed up");
    let port = h.serve_public().await;
    schemathesis(port, "/openapi.json", &format!("X-Session-Token: {token}")).await;
}

async fn the_admin_api_answers_as_its_document_says(db: Db) {
    let h = Harness::new(db).await;
    let mut client = h.api();
    client.sign_up("subject@example.com", &mut Device::new()).await;
    let admin = h.admin("Fuzzer", "admin").await;
    let key = admin.key.clone().expect("a key");
    let port = h.serve_admin().await;
    schemathesis(port, "/admin/openapi.json", &format!("Authorization: Bearer {key}")).await;
}

/// Runs schemathesis against the document at `path` on `port`, sending `header` with every
/// request; fails with its report unless every check passed.
async fn schemathesis(port: u16, path: &str, header: &str) {
    let base = format!("http://127.0.0.1:{port}");
    let seed = std::env::var("LATCHKEY_SCHEMATHESIS_SEED").unwrap_or_else(|_| "1".to_owned());
    // Its working folder holds a cache of earlier failures it would replay: start from none.
    let workdir = std::env::temp_dir().join(format!("latchkey-schemathesis-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&workdir).unwrap();
    let mut command = Command::new("schemathesis");
    command.current_dir(&workdir);
    command.args([
        "run",
        &format!("{base}{path}"),
        "--url",
        &base,
        "--checks",
        CHECKS,
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        &seed,
        // One worker: the same seed then sends the same requests in the same order.
        "--workers",
        "1",
        "--output-truncate",
        "false",
        "--header",
        header,
    ]);
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap_or_else(|e| panic!("schemathesis is required and did not start ({e}): run scripts/install-test-deps"));
    let _ = std::fs::remove_dir_all(&workdir);
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "schemathesis found answers that break {path}:\n{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
