//! The hosted pages as a browser and a screen reader meet them: structure, no password field,
//! no inline script, cookies and security headers.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{Db, Device, Harness};

#[tokio::test]
async fn the_login_page_follows_the_seed() {
    let h = Harness::new(Db::Sqlite).await;
    let page = h.browser().get("/ui/login").await;
    assert_eq!(page.status, StatusCode::OK);
    let html = &page.text;
    let order = [
        "<h1>Sign in</h1>",
        ">Sign in with passkey</button>",
        "<details",
        "<summary>Can&#x27;t use passkey?</summary>",
        "We&#x27;ll email you a one-time code and a sign-in link.",
        "type=\"email\"",
        ">Send link</button>",
    ];
    let positions: Vec<usize> = order
        .iter()
        .map(|needle| html.find(needle).unwrap_or_else(|| panic!("missing {needle}")))
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "seed order: {positions:?}");
    assert!(
        html.contains(r#"autocomplete="username webauthn""#),
        "conditional mediation field"
    );
    assert!(
        html.contains("<noscript>") && html.contains("Passkeys need JavaScript"),
        "readable without JavaScript"
    );
    assert!(html.contains(r#"<label for="email">"#), "the email field is labelled");
    assert!(
        html.contains(r#"role="alert""#) && html.contains(r#"aria-live="polite""#),
        "errors and progress reach screen readers"
    );
    assert!(html.contains(r#"<html lang="en" dir="ltr">"#));
}

#[tokio::test]
async fn no_page_has_a_password_field_or_inline_script() {
    let h = Harness::new(Db::Sqlite).await;
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("pages@example.com", &mut Device::new()).await;
    for path in ["/ui/login", "/ui/registration", "/ui/settings"] {
        let page = browser.get(path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let html = page.text.to_lowercase();
        assert!(
            !html.contains("type=\"password\"")
                && !html.contains("autocomplete=\"current-password\"")
                && !html.contains("new-password"),
            "{path} has no password field"
        );
        for script in page.text.match_indices("<script").map(|(i, _)| &page.text[i..]) {
            // The page's messages travel as a JSON data block, which browsers never run.
            assert!(
                script.starts_with(r#"<script type="module" src="/ui/static/latchkey.js"></script>"#)
                    || script.starts_with(r#"<script type="application/json" id="messages">{"#),
                "{path}: inline script"
            );
        }
        let csp = page.header("content-security-policy");
        assert!(
            csp.contains("script-src 'self'")
                && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(page.header("referrer-policy"), "no-referrer");
        assert_eq!(page.header("x-frame-options"), "DENY");
        assert_eq!(page.header("cache-control"), "no-store");
    }
}

#[tokio::test]
async fn the_csrf_cookie_is_http_only_and_same_site() {
    let h = Harness::new(Db::Sqlite).await;
    let page = h.browser().get("/ui/login").await;
    let cookie = page
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("latchkey_csrf="))
        .expect("csrf cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
}

#[tokio::test]
async fn over_https_cookies_are_host_prefixed_and_secure() {
    let h = Harness::with_config(Db::Sqlite, |config| {
        *config = latchkey::config::load(
            None,
            [
                (
                    "LATCHKEY_SERVE__PUBLIC__BASE_URL".to_owned(),
                    "https://auth.example.com/".to_owned(),
                ),
                ("LATCHKEY_DSN".to_owned(), config.dsn.clone()),
            ],
            false,
        )
        .unwrap();
        config.courier.delivery = latchkey::config::Delivery::DevOutbox;
    })
    .await;
    let mut browser = h.browser();
    browser.origin = "https://auth.example.com".into();
    browser.open().await;
    assert!(browser.cookies.contains_key("__Host-latchkey_csrf"));
    let mut device = Device {
        origin: url::Url::parse("https://auth.example.com").unwrap(),
        ..Device::new()
    };
    let reply = browser.sign_up("secure@example.com", &mut device).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    let cookie = reply
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("__Host-latchkey_session="))
        .expect("host-prefixed session cookie");
    for attribute in ["Path=/", "HttpOnly", "SameSite=Lax", "Secure", "Max-Age=86400"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert!(!cookie.contains("Domain="), "host-only: {cookie}");
}

#[tokio::test]
async fn the_account_page_needs_a_session() {
    let h = Harness::new(Db::Sqlite).await;
    let mut browser = h.browser();
    let away = browser.get("/ui/settings").await;
    assert_eq!(away.status, StatusCode::SEE_OTHER);
    assert_eq!(away.header("location"), "/ui/login?return_to=/ui/settings");
    browser.open().await;
    browser.sign_up("acct@example.com", &mut Device::new()).await;
    let page = browser.get("/ui/settings").await;
    assert!(
        page.text.contains("acct@example.com") && page.text.contains("Chrome on Linux"),
        "{}",
        page.text
    );
    assert!(
        page.text.contains("Add another on a second device"),
        "one passkey: the page suggests a backup"
    );
}

#[tokio::test]
async fn return_to_is_honoured_only_on_this_site() {
    let h = Harness::new(Db::Sqlite).await;
    let mut browser = h.browser();
    let page = browser.get("/ui/registration?return_to=//evil.example/x").await;
    assert!(
        page.text.contains(r#"data-return-to="http:"#) && !page.text.contains("evil.example"),
        "unsafe return_to falls back to the default"
    );
    let mut device = Device::new();
    let start = browser.registration_options("ret@example.com").await;
    let credential = device.register(&start.json()["options"]).await;
    let reply = browser.post("/self-service/registration/passkey/verify", json!({ "flow_id": start.json()["flow_id"], "credential": credential, "return_to": "/ui/settings?tab=keys" })).await;
    assert_eq!(
        reply.json()["redirect_to"],
        "http://localhost:4433/ui/settings?tab=keys"
    );
}

#[tokio::test]
async fn the_page_script_and_styles_are_served() {
    let h = Harness::new(Db::Sqlite).await;
    let script = h.browser().get("/ui/static/latchkey.js").await;
    assert_eq!(script.header("content-type"), "text/javascript; charset=utf-8");
    assert!(script.text.contains("navigator.credentials.get") && script.text.contains("mediation"));
    let css = h.browser().get("/ui/static/latchkey.css").await;
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
}

/// Browsers ask every listener for `/favicon.ico`; a 404 there is a console error on every first
/// visit.
#[tokio::test]
async fn both_listeners_answer_for_the_favicon() {
    use tower::ServiceExt;
    let h = Harness::new(Db::Sqlite).await;
    let public = h.browser().get("/favicon.ico").await;
    assert_eq!(public.status, StatusCode::OK);
    assert_eq!(public.header("content-type"), "image/svg+xml");
    assert!(public.text.starts_with("<svg"));
    let request = axum::http::Request::get("/favicon.ico")
        .body(axum::body::Body::empty())
        .unwrap();
    let admin = h.admin_router.clone().oneshot(request).await.unwrap();
    assert_eq!(admin.status(), StatusCode::OK);
    let page = h.browser().get("/ui/login").await.text;
    assert!(page.contains(r#"<link rel="icon" href="/favicon.ico""#));
}

#[tokio::test]
async fn an_operators_look_and_templates_are_served_without_a_rebuild() {
    let dir = std::env::temp_dir().join(format!("latchkey-look-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("pages")).unwrap();
    std::fs::write(dir.join("logo.png"), b"\x89PNG\r\n\x1a\nnot really").unwrap();
    std::fs::write(
        dir.join("brand.css"),
        "main { border-top: 6px solid var(--lk-primary); }",
    )
    .unwrap();
    std::fs::write(
        dir.join("pages/login.html"),
        "{% extends \"base.html\" %}{% block main %}<h1>{{ t(\"login-heading\") }} · Acme</h1><p>Call us.</p>{% endblock %}",
    )
    .unwrap();
    let primary = latchkey::config::ui::Rgb::parse("#0b6e4f").unwrap();
    let h = Harness::with_config(Db::Sqlite, |c| {
        c.ui.name = "Acme Health".into();
        c.ui.logo = Some(latchkey::config::ui::Logo {
            content_type: "image/png",
            bytes: std::fs::read(dir.join("logo.png")).unwrap(),
        });
        c.ui.stylesheet = Some(std::fs::read_to_string(dir.join("brand.css")).unwrap());
        c.ui.template_override_path = Some(dir.join("pages"));
        assert!(c.ui.theme.set(latchkey::config::ui::Scheme::Light, "primary", primary));
    })
    .await;
    let mut browser = h.browser();
    let page = browser.get("/ui/login").await;
    assert!(
        page.text.contains("<h1>Sign in · Acme</h1><p>Call us.</p>"),
        "{}",
        page.text
    );
    assert!(
        page.text
            .contains(r#"<img class="logo" src="/ui/static/logo" alt="Acme Health">"#)
    );
    assert!(
        page.text
            .contains(r#"<link rel="stylesheet" href="/ui/static/custom.css">"#)
    );
    assert!(page.text.contains("<title>Sign in · Acme Health</title>"));
    let registration = browser.get("/ui/registration").await;
    assert!(
        registration.text.contains("Create account with passkey"),
        "other templates stay embedded"
    );

    let theme = browser.get("/ui/static/theme.css").await;
    assert_eq!(theme.header("content-type"), "text/css; charset=utf-8");
    assert!(theme.text.contains("--lk-primary: #0b6e4f;") && theme.text.contains("prefers-color-scheme: dark"));
    assert!(
        browser
            .get("/ui/static/custom.css")
            .await
            .text
            .contains("border-top: 6px")
    );
    let logo = browser.get("/ui/static/logo").await;
    assert_eq!(
        (logo.status, logo.header("content-type")),
        (StatusCode::OK, "image/png")
    );
    let admin_theme = h.admin("desk", "support").await.get("/admin/ui/static/theme.css").await;
    assert!(
        admin_theme.text.contains("--lk-primary: #0b6e4f;"),
        "the admin page shares the look"
    );
    std::fs::remove_dir_all(dir).unwrap();

    let plain = Harness::new(Db::Sqlite).await;
    let mut browser = plain.browser();
    let page = browser.get("/ui/login").await;
    assert!(
        !page.text.contains("custom.css") && !page.text.contains("<img"),
        "nothing configured, nothing linked"
    );
    assert_eq!(browser.get("/ui/static/custom.css").await.status, StatusCode::NOT_FOUND);
    assert_eq!(browser.get("/ui/static/logo").await.status, StatusCode::NOT_FOUND);
}
