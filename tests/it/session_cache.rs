//! The whoami cache against every way the store can change under it: another replica, the CLI
//! or someone with database access. A replica keeps answering from its cache for as long as
//! nothing changed (past the TTL), and hears of every change within about a second.

use axum::http::StatusCode;
use serde_json::Value;

use crate::on_both_stores;
use crate::support::{Admin, Db, Device, Harness, Reply};

on_both_stores!(
    a_cached_answer_follows_every_change_made_behind_the_back,
    an_unchanged_session_stays_cached_past_the_ttl,
);

/// What happens to a signed-in identity behind latchkey's back, and what its whoami must then
/// show on a replica that cached it.
struct Change {
    what: &'static str,
    sql: fn(&str) -> String,
    seen: fn(&Reply) -> bool,
}

fn refused(reply: &Reply) -> bool {
    reply.status == StatusCode::UNAUTHORIZED && reply.error_id() == "session_missing"
}

fn addresses(reply: &Reply) -> usize {
    reply.json()["identity"]["verifiable_addresses"]
        .as_array()
        .map_or(0, Vec::len)
}

fn changes() -> Vec<Change> {
    vec![
        Change {
            what: "session revoked",
            sql: |id| format!("UPDATE sessions SET revoked_at = 1 WHERE identity_id = '{id}'"),
            seen: refused,
        },
        Change {
            what: "session restricted",
            sql: |id| format!("UPDATE sessions SET restricted = 1 WHERE identity_id = '{id}'"),
            seen: |reply| reply.json()["restricted"] == Value::Bool(true),
        },
        Change {
            what: "identity deactivated",
            sql: |id| format!("UPDATE identities SET state = 'inactive' WHERE id = '{id}'"),
            seen: refused,
        },
        Change {
            what: "identity deleted",
            sql: |id| format!("DELETE FROM identities WHERE id = '{id}'"),
            seen: refused,
        },
        Change {
            what: "address added",
            sql: |id| {
                format!(
                    "INSERT INTO addresses (id, identity_id, via, value, verified, created_at, updated_at) \
                     VALUES ('{}', '{id}', 'email', 'second-{id}@example.com', 1, 1, 1)",
                    uuid::Uuid::new_v4()
                )
            },
            seen: |reply| addresses(reply) == 2,
        },
        Change {
            what: "address removed",
            sql: |id| format!("DELETE FROM addresses WHERE identity_id = '{id}'"),
            seen: |reply| reply.status == StatusCode::OK && addresses(reply) == 0,
        },
    ]
}

async fn a_cached_answer_follows_every_change_made_behind_the_back(db: Db) {
    let a = Harness::new(db).await;
    let b = a.replica().await;
    for change in changes() {
        let mut on_a = a.api();
        let signed_up = on_a
            .sign_up(
                &format!("{}@example.com", change.what.replace(' ', "-")),
                &mut Device::new(),
            )
            .await;
        let id = signed_up.json()["session"]["identity"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let mut on_b = b.api();
        on_b.token = on_a.token.clone();
        for _ in 0..2 {
            let before = on_b.get("/sessions/whoami").await;
            assert!(!(change.seen)(&before), "{}: not yet", change.what);
        }

        assert!(
            a.behind_the_back(&(change.sql)(&id)).await.unwrap() > 0,
            "{}",
            change.what
        );
        // The test's clock stands still: the cache TTL never runs out, so only the change log
        // can tell replica B.
        let mut seen = false;
        for _ in 0..250 {
            if (change.seen)(&on_b.get("/sessions/whoami").await) {
                seen = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(
            seen,
            "{}: replica B still answered from its cache after 5 s",
            change.what
        );
    }
}

async fn an_unchanged_session_stays_cached_past_the_ttl(db: Db) {
    let a = Harness::new(db).await;
    let b = a.replica().await;
    let mut on_a = a.api();
    on_a.sign_up("steady@example.com", &mut Device::new()).await;
    let mut on_b = b.api();
    on_b.token = on_a.token.clone();
    assert_eq!(on_b.get("/sessions/whoami").await.status, StatusCode::OK);
    // The sign-up's own changes (address, passkey) may reach B's log reader after B cached the
    // session, and drop it once: let that pass first.
    tokio::time::sleep(FOLLOWER_CAUGHT_UP).await;
    assert_eq!(on_b.get("/sessions/whoami").await.status, StatusCode::OK);
    let (scraper_a, scraper_b) = (
        a.admin("Prometheus A", "support").await,
        b.admin("Prometheus B", "support").await,
    );
    let misses = cache_misses(&scraper_b).await;

    for _ in 0..2 {
        a.clock.advance(a.app.config.session.whoami_cache_ttl * 2);
        // B reads the change log each second: nothing changed, so what it cached still holds.
        tokio::time::sleep(FOLLOWER_CAUGHT_UP).await;
        assert_eq!(on_b.get("/sessions/whoami").await.status, StatusCode::OK);
    }
    assert_eq!(
        cache_misses(&scraper_b).await,
        misses,
        "answered from the cache, four TTLs later"
    );

    // A replica that does not follow the log (A) keeps the TTL alone.
    assert_eq!(on_a.get("/sessions/whoami").await.status, StatusCode::OK);
    let misses_on_a = cache_misses(&scraper_a).await;
    a.clock.advance(a.app.config.session.whoami_cache_ttl);
    assert_eq!(on_a.get("/sessions/whoami").await.status, StatusCode::OK);
    assert_eq!(
        cache_misses(&scraper_a).await,
        misses_on_a + 1,
        "past the TTL A asks the store"
    );
}

/// Longer than the change log reader's interval (1 s), with room for a loaded CI machine.
const FOLLOWER_CAUGHT_UP: std::time::Duration = std::time::Duration::from_millis(2_500);

async fn cache_misses(scraper: &Admin<'_>) -> u64 {
    let scrape = scraper.get("/metrics").await;
    scrape
        .text
        .lines()
        .find_map(|line| line.strip_prefix("latchkey_session_cache_misses_total "))
        .unwrap()
        .parse()
        .unwrap()
}
