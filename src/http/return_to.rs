//! Where a browser may be sent after signing in.
//!
//! # Security
//! An open redirect on a sign-in page is a phishing tool, so `return_to` is only honoured when it
//! is a plain relative path on this site or an absolute URL under one of
//! `selfservice.allowed_return_urls` (or the public base URL). Anything else — `//evil`,
//! `/\evil`, `https:evil`, encoded tricks, other schemes — falls back to the default.

use url::Url;

/// Decides redirect targets.
#[derive(Debug, Clone)]
pub struct ReturnTo {
    base: Url,
    allowed: Vec<Url>,
    default: Url,
}

impl ReturnTo {
    pub fn new(base: Url, allowed: Vec<Url>, default: Url) -> Self {
        Self { base, allowed, default }
    }

    /// The target to redirect to: `requested` when it is safe, else the default.
    pub fn resolve(&self, requested: Option<&str>) -> Url {
        requested
            .and_then(|r| self.safe(r))
            .unwrap_or_else(|| self.default.clone())
    }

    /// Whether `requested` would be honoured (not replaced by the default).
    pub fn is_safe(&self, requested: &str) -> bool {
        self.safe(requested).is_some()
    }

    fn safe(&self, requested: &str) -> Option<Url> {
        if requested.chars().any(|c| c.is_control() || c == '\\') {
            return None;
        }
        let is_relative_path = requested.starts_with('/') && !requested.starts_with("//");
        let url = if is_relative_path {
            self.base.join(requested).ok()?
        } else {
            Url::parse(requested).ok()?
        };
        let under = |prefix: &Url| url.origin() == prefix.origin() && within(url.path(), prefix.path());
        (matches!(url.scheme(), "http" | "https") && (under(&self.base) || self.allowed.iter().any(under)))
            .then_some(url)
    }
}

/// `path` is `prefix` or below it at a `/` boundary: `/dashboard` admits `/dashboard` and
/// `/dashboard/a`, not `/dashboard-evil`. (The origin, compared before, fixes scheme, host and
/// port exactly.)
fn within(path: &str, prefix: &str) -> bool {
    match path.strip_prefix(prefix) {
        Some(rest) => prefix.ends_with('/') || rest.is_empty() || rest.starts_with('/'),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> ReturnTo {
        let base = Url::parse("https://auth.example.com/").unwrap();
        ReturnTo::new(
            base.clone(),
            vec![Url::parse("https://app.example.com/dashboard").unwrap()],
            base.join("ui/settings").unwrap(),
        )
    }

    #[test]
    fn relative_paths_and_allowed_urls_pass() {
        assert_eq!(
            policy().resolve(Some("/ui/settings?x=1")).as_str(),
            "https://auth.example.com/ui/settings?x=1"
        );
        assert_eq!(
            policy().resolve(Some("https://app.example.com/dashboard/a")).as_str(),
            "https://app.example.com/dashboard/a"
        );
        for exact in [
            "https://app.example.com/dashboard",
            "https://app.example.com/dashboard?tab=1",
        ] {
            assert_eq!(policy().resolve(Some(exact)).as_str(), exact);
        }
    }

    #[test]
    fn open_redirect_payloads_fall_back_to_the_default() {
        let default = "https://auth.example.com/ui/settings";
        for payload in [
            "//evil.com",
            "/\\evil.com",
            "\\\\evil.com",
            "https:evil.com",
            "https://evil.com",
            "https://app.example.com.evil.com/dashboard",
            "https://app.example.com/other",
            "https://app.example.com/dashboard-evil",
            "https://app.example.com/dashboardevil/x",
            "https://app.example.com:8443/dashboard",
            "http://app.example.com/dashboard",
            "javascript:alert(1)",
            "data:text/html,hi",
            "/\tevil",
            "https://auth.example.com@evil.com/",
            "",
        ] {
            assert_eq!(policy().resolve(Some(payload)).as_str(), default, "{payload:?}");
        }
        assert_eq!(policy().resolve(None).as_str(), default);
    }
}
