//! The languages people read: pages, error text and emails follow the browser's
//! `Accept-Language`, a pick from the menu is remembered, error ids never change, and an
//! operator's `.ftl` files replace messages or add a language.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::{Db, Device, Harness};

const GERMAN_BROWSER: &str = "de-DE,de;q=0.9,en;q=0.5";

/// The language menu's links: (tag, href, current).
fn menu(html: &str) -> Vec<(String, String, bool)> {
    let nav = html.split("<nav class=\"languages\"").nth(1).unwrap_or_default();
    let nav = nav.split("</nav>").next().unwrap_or_default();
    nav.split("<a ")
        .skip(1)
        .map(|link| {
            let attribute = |name: &str| {
                link.split(&format!("{name}=\""))
                    .nth(1)
                    .and_then(|rest| rest.split('"').next())
                    .unwrap_or_default()
                    .replace("&amp;", "&")
                    .replace("&#x2f;", "/")
            };
            (attribute("hreflang"), attribute("href"), link.contains("aria-current"))
        })
        .collect()
}

#[tokio::test]
async fn pages_speak_the_browsers_language_and_remember_a_pick_from_the_menu() {
    let h = Harness::new(Db::Sqlite).await;
    let mut browser = h.browser();
    browser.accept_language = Some(GERMAN_BROWSER.to_owned());
    let page = browser.get("/ui/login?return_to=/ui/settings").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains(r#"<html lang="de" dir="ltr">"#), "{}", page.text);
    assert!(page.text.contains("<h1>Anmelden</h1>") && page.text.contains("Mit Passkey anmelden"));
    assert!(page.text.contains("<title>Anmelden · "), "the title too");
    assert!(
        page.text.contains("Angemeldet."),
        "the script's messages come in German"
    );
    assert!(
        !page.text.contains("Sign in with passkey"),
        "no English left on the page"
    );
    let links = menu(&page.text);
    let tags: Vec<&str> = links.iter().map(|(tag, _, _)| tag.as_str()).collect();
    assert_eq!(tags, ["en", "de", "fr"]);
    assert!(
        links.iter().all(|(tag, _, current)| *current == (tag == "de")),
        "{links:?}"
    );
    assert!(
        page.text.contains(r#"lang="fr" dir="ltr" hreflang="fr""#),
        "each name in its own language"
    );
    let (_, french, _) = links.iter().find(|(tag, _, _)| tag == "fr").unwrap();
    assert!(
        french.starts_with("/ui/login?") && french.contains("return_to=%2Fui%2Fsettings") && french.contains("lang=fr"),
        "the menu keeps where the page returns to: {french}"
    );
    assert!(
        page.set_cookies().iter().all(|c| !c.starts_with("latchkey_lang=")),
        "no pick, no cookie"
    );

    let picked = browser.get(french).await;
    assert!(picked.text.contains(r#"<html lang="fr" dir="ltr">"#) && picked.text.contains("<h1>Connexion</h1>"));
    let cookie = picked
        .set_cookies()
        .into_iter()
        .find(|c| c.starts_with("latchkey_lang=fr"))
        .expect("the pick is remembered");
    assert!(
        cookie.contains("Path=/") && cookie.contains("Max-Age=31536000") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    // The cookie outweighs the browser's languages on every later page.
    let later = browser.get("/ui/registration").await;
    assert!(later.text.contains(r#"<html lang="fr" dir="ltr">"#) && later.text.contains("Créer votre compte"));
    let unknown = browser.get("/ui/login?lang=xx").await;
    assert!(
        unknown.text.contains(r#"<html lang="fr" dir="ltr">"#),
        "an unknown pick changes nothing"
    );
    assert!(unknown.set_cookies().iter().all(|c| !c.starts_with("latchkey_lang=")));

    let mut elsewhere = h.browser();
    elsewhere.accept_language = Some("es-ES,es;q=0.9,it;q=0.8".to_owned());
    let page = elsewhere.get("/ui/login").await;
    assert!(
        page.text.contains(r#"<html lang="en" dir="ltr">"#) && page.text.contains("<h1>Sign in</h1>"),
        "none of ours: English"
    );
}

#[tokio::test]
async fn the_account_page_counts_in_the_readers_language() {
    let h = Harness::new(Db::Sqlite).await;
    let mut browser = h.browser();
    browser.open().await;
    browser.sign_up("zaehler@example.com", &mut Device::new()).await;
    browser.post("/self-service/settings/backup-codes", json!({})).await;
    browser.accept_language = Some(GERMAN_BROWSER.to_owned());
    let page = browser.get("/ui/settings").await;
    assert!(
        page.text.contains("Sie haben 10 unbenutzte Backup-Codes."),
        "{}",
        page.text
    );
    assert!(page.text.contains("mit einem Passkey"), "the way in, in words");
    browser.accept_language = Some("fr".to_owned());
    let page = browser.get("/ui/settings").await;
    assert!(
        page.text.contains("Il vous reste 10 codes de secours inutilisés."),
        "{}",
        page.text
    );
}

#[tokio::test]
async fn errors_keep_their_id_and_speak_the_language() {
    let h = Harness::new(Db::Sqlite).await;
    let mut browser = h.browser();
    browser.accept_language = Some(GERMAN_BROWSER.to_owned());
    browser.open().await;
    let malformed = browser
        .post("/self-service/login/code", json!({ "email": "not an address" }))
        .await;
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    let error = &malformed.json()["error"];
    assert_eq!(error["id"], "invalid_request");
    assert_eq!(
        error["message"],
        "Geben Sie eine gültige E-Mail-Adresse ein, etwa name@example.com."
    );

    let anonymous = browser.get("/sessions/whoami").await;
    assert_eq!(anonymous.json()["error"]["id"], "session_missing");
    assert!(
        anonymous.json()["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("Keine gültige Sitzung")
    );

    let mut device = Device::new();
    let mut owner = h.browser();
    owner.open().await;
    owner.sign_up("fehler@example.com", &mut device).await;
    let flow = browser.request_code("fehler@example.com").await;
    let wrong = browser.enter_code(&flow, "000000").await;
    let error = &wrong.json()["error"];
    assert_eq!(error["id"], "code_invalid", "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("Dieser Code stimmt nicht. Noch "),
        "{error}"
    );

    // Without a language the API answers in the default, as before.
    let english = h.browser().get("/sessions/whoami").await;
    assert_eq!(
        english.json()["error"]["message"],
        "No valid session was found. Sign in and try again."
    );
}

#[tokio::test]
async fn an_email_speaks_the_language_of_the_browser_that_asked_for_it() {
    let h = Harness::new(Db::Sqlite).await;
    let mut owner = h.browser();
    owner.open().await;
    owner.sign_up("post@example.com", &mut Device::new()).await;
    let mut browser = h.browser();
    browser.accept_language = Some(GERMAN_BROWSER.to_owned());
    browser.open().await;
    browser.request_code("post@example.com").await;
    let mail = h.mail_to("post@example.com").await;
    assert!(mail.subject.starts_with("Ihr Anmeldecode für"), "{}", mail.subject);
    assert!(mail.subject.contains(&mail.code()));
    assert!(
        mail.text.contains("10 Minuten") && mail.text.contains("Wenn Sie das nicht waren"),
        "{}",
        mail.text
    );
    assert!(mail.html.contains(r#"<html lang="de" dir="ltr">"#) && mail.html.contains(&mail.code()));
    assert!(mail.link().contains("#token="), "the link stays whole");

    let mut french = h.browser();
    french.accept_language = Some("fr-CA".to_owned());
    french.open().await;
    french.request_code("nobody@example.com").await;
    let mail = h.mail_to("nobody@example.com").await;
    assert!(mail.subject.starts_with("Demande de connexion"), "{}", mail.subject);
}

#[tokio::test]
async fn an_operators_files_replace_messages_and_add_a_language() {
    let dir = std::env::temp_dir().join(format!("latchkey-messages-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(dir.join("de")).unwrap();
    std::fs::create_dir_all(dir.join("es")).unwrap();
    std::fs::create_dir_all(dir.join("ar")).unwrap();
    std::fs::write(
        dir.join("ar/pages.ftl"),
        "language-name = العربية\nlogin-heading = تسجيل الدخول\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("de/brand.ftl"),
        "login-heading = Willkommen bei { $product }\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("es/pages.ftl"),
        "language-name = Español\nlogin-heading = Iniciar sesión\nerror-session_missing = No hay sesión.\n",
    )
    .unwrap();
    let h = Harness::with_config(Db::Sqlite, |c| c.ui.translation_override_path = Some(dir.clone())).await;
    let mut browser = h.browser();
    browser.accept_language = Some(GERMAN_BROWSER.to_owned());
    let page = browser.get("/ui/login").await;
    assert!(page.text.contains("<h1>Willkommen bei "), "{}", page.text);
    assert!(page.text.contains("Mit Passkey anmelden"), "the rest stays embedded");
    assert!(
        menu(&page.text).iter().any(|(tag, _, _)| tag == "es"),
        "the new language is in the menu"
    );
    assert!(page.text.contains(">Español</a>"));

    browser.accept_language = Some("es-MX".to_owned());
    let page = browser.get("/ui/login").await;
    assert!(page.text.contains(r#"<html lang="es" dir="ltr">"#) && page.text.contains("<h1>Iniciar sesión</h1>"));
    assert!(
        page.text.contains("Sign in with passkey"),
        "what it lacks reads in English"
    );
    let error = browser.get("/sessions/whoami").await;
    assert_eq!(error.json()["error"]["message"], "No hay sesión.");

    browser.accept_language = Some("ar".to_owned());
    let page = browser.get("/ui/login").await;
    assert!(
        page.text.contains(r#"<html lang="ar" dir="rtl">"#),
        "a right-to-left language is laid out so"
    );
    assert!(
        page.text.contains(r#"lang="ar" dir="rtl" hreflang="ar""#),
        "its name in the menu too"
    );
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_notice_goes_out_in_the_owners_language_not_the_support_agents() {
    let h = Harness::new(Db::Sqlite).await;
    let mut owner = h.browser();
    owner.accept_language = Some(GERMAN_BROWSER.to_owned());
    owner.open().await;
    owner.sign_up("eigen@example.com", &mut Device::new()).await;
    h.mails_to("eigen@example.com").await;
    // Support works in English (the admin API takes no language); the owner reads German.
    let desk = h.admin("Desk", "admin").await;
    let found = desk.get("/admin/identities?email=eigen@example.com").await.json();
    let id = found["identities"][0]["id"].as_str().unwrap().to_owned();
    let issued = desk
        .post(
            "/admin/recovery/link",
            json!({ "identity_id": id, "reason": "passkey_lost_no_email", "verification": "video_call" }),
        )
        .await;
    assert_eq!(issued.status, StatusCode::CREATED, "{}", issued.text);
    let notice = h.mail_to("eigen@example.com").await;
    assert!(
        notice
            .subject
            .starts_with("Der Support hat einen Wiederherstellungslink"),
        "{}",
        notice.subject
    );
    assert!(notice.html.contains(r#"<html lang="de" dir="ltr">"#));

    // Someone else's session in another language does not outweigh the owner's passkey sessions.
    let mut stranger = h.browser();
    stranger.accept_language = Some("fr".to_owned());
    stranger.open().await;
    let flow = stranger.request_code("eigen@example.com").await;
    let code = h.mail_to("eigen@example.com").await.code();
    assert_eq!(stranger.enter_code(&flow, &code).await.status, StatusCode::OK);
    let again = desk
        .post(
            "/admin/recovery/link",
            json!({ "identity_id": id, "reason": "passkey_lost_no_email", "verification": "video_call" }),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
    let notice = h.mail_to("eigen@example.com").await;
    assert!(notice.subject.starts_with("Der Support"), "{}", notice.subject);
}
