//! Property tests for every parser of untrusted input: whatever arrives, a typed answer, never a
//! panic, and the guarantees each parser gives (a return URL stays on allowed sites, a canonical
//! mailbox is stable, a client address is one the request or the connection gave).

use std::net::IpAddr;

use axum::http::HeaderMap;
use axum::http::header::COOKIE;
use proptest::prelude::*;
use url::Url;

use crate::config::duration;
use crate::http::ReturnTo;
use crate::http::client_ip::{TrustedProxies, client_address};
use crate::http::extract::cookie;
use crate::methods::backup_codes::{normalise_code, slot_and_secret};
use crate::methods::email_code::{canonical_mailbox, mask_address};
use crate::methods::passkey::normalise_email;

/// Text an attacker might send: any Unicode, and the characters parsers split on, often.
fn hostile() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::string::string_regex(r"[a-zA-Z0-9@+.,:;/\\?#%=\[\]\- éø🦀\t\r\n\x00]{0,40}").unwrap(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn a_duration_parses_or_says_why(text in hostile()) {
        if let Ok(parsed) = duration::parse(&text) {
            prop_assert_eq!(duration::parse(&duration::format(parsed)), Ok(parsed));
        }
    }

    #[test]
    fn an_address_normalises_stably_or_is_refused(text in hostile()) {
        if let Ok(address) = normalise_email(&text) {
            prop_assert_eq!(normalise_email(&address).ok(), Some(address.clone()));
            let mailbox = canonical_mailbox(&address);
            prop_assert_eq!(canonical_mailbox(&mailbox), mailbox.clone());
            // The tag is the local part's: a `+` in the domain is no tag.
            prop_assert!(!mailbox.rsplit_once('@').map_or(mailbox.as_str(), |(local, _)| local).contains('+'));
            prop_assert!(mask_address(&address).ends_with(address.rsplit_once('@').map_or("", |(_, d)| d)));
        }
    }

    #[test]
    fn a_typed_backup_code_splits_without_panicking(text in hostile()) {
        let code = normalise_code(&text);
        let (slot, secret) = slot_and_secret(&code);
        prop_assert_eq!(format!("{slot}{secret}"), code);
    }

    #[test]
    fn a_return_url_is_this_site_an_allowed_one_or_the_default(text in prop_oneof![hostile(), url_like()]) {
        let base = Url::parse("https://auth.example.com/").unwrap();
        let allowed = Url::parse("https://app.example.com/dashboard").unwrap();
        let policy = ReturnTo::new(base.clone(), vec![allowed.clone()], base.join("ui/settings").unwrap());
        let target = policy.resolve(Some(&text));
        let on_site = target.origin() == base.origin();
        let on_allowed = target.origin() == allowed.origin()
            && (target.path() == "/dashboard" || target.path().starts_with("/dashboard/"));
        prop_assert!(on_site || on_allowed, "{} from {:?}", target, text);
    }

    #[test]
    fn a_cookie_header_yields_a_value_or_nothing(value in hostile(), name in "[a-z_]{1,20}") {
        let mut headers = HeaderMap::new();
        if let Ok(value) = value.parse() {
            headers.insert(COOKIE, value);
        }
        let _ = cookie(&headers, &name);
    }

    #[test]
    fn a_client_address_comes_from_the_header_or_the_peer(
        lines in proptest::collection::vec(prop_oneof![hostile(), "[0-9., :\\[\\]a-f]{0,40}"], 0..4),
        proxies in 1usize..4,
    ) {
        let peer: IpAddr = "10.0.0.2".parse().unwrap();
        let found = client_address(lines.iter().map(String::as_str), &TrustedProxies::Count(proxies), Some(peer));
        let from_an_entry = |ip: IpAddr| {
            lines.iter().flat_map(|l| l.split(',')).map(str::trim).any(|entry| {
                entry.parse::<IpAddr>().ok() == Some(ip)
                    || entry.parse::<std::net::SocketAddr>().ok().map(|s| s.ip()) == Some(ip)
            })
        };
        prop_assert!(found.is_some_and(|ip| ip == peer || from_an_entry(ip)), "{:?} from {:?}", found, lines);
    }
}

/// Return targets shaped like URLs, so the generator reaches the allow-list's edges.
fn url_like() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["https://", "http://", "//", "/", "https:", "\\\\", "", "HTTPS://"]),
        prop::sample::select(vec![
            "app.example.com",
            "auth.example.com",
            "app.example.com:8443",
            "evil.com",
            "app.example.com.evil.com",
            "auth.example.com@evil.com",
            "",
        ]),
        prop::sample::select(vec![
            "",
            "/",
            "/dashboard",
            "/dashboard-evil",
            "/dashboard/x",
            "/ui/settings",
            "/%2e%2e/",
            "\\evil",
        ]),
        hostile(),
    )
        .prop_map(|(scheme, host, path, tail)| format!("{scheme}{host}{path}{tail}"))
}
