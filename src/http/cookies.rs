//! The two cookies latchkey sets: the session (named by `session.cookie.*`) and the CSRF token of
//! the hosted pages. Both HttpOnly; Secure and `__Host-` prefixed when served over https.

use axum::http::HeaderValue;
use time::Duration;

use crate::config::CookieConfig;
use crate::error::Error;

#[derive(Debug, Clone)]
pub struct Cookies {
    pub session: CookieConfig,
    pub csrf_name: String,
    lifespan: Duration,
}

impl Cookies {
    pub fn new(session: CookieConfig, lifespan: Duration) -> Self {
        let csrf_name = if session.secure {
            "__Host-latchkey_csrf".to_owned()
        } else {
            "latchkey_csrf".to_owned()
        };
        Self {
            session,
            csrf_name,
            lifespan,
        }
    }

    /// Set-Cookie for a new session token.
    pub fn session(&self, token: &str) -> Result<HeaderValue, Error> {
        let max_age = self.session.persistent.then(|| self.lifespan.whole_seconds());
        self.build(
            &self.session.name,
            token,
            max_age,
            self.session.domain.as_deref(),
            &self.session.path,
        )
    }

    /// Set-Cookie that removes the session cookie.
    pub fn clear_session(&self) -> Result<HeaderValue, Error> {
        self.build(
            &self.session.name,
            "",
            Some(0),
            self.session.domain.as_deref(),
            &self.session.path,
        )
    }

    /// Set-Cookie for the hosted pages' CSRF token (a browser-session cookie).
    pub fn csrf(&self, token: &str) -> Result<HeaderValue, Error> {
        self.build(&self.csrf_name, token, None, None, "/")
    }

    /// Set-Cookie remembering the language picked from the pages' menu, for a year.
    pub fn language(&self, tag: &str) -> Result<HeaderValue, Error> {
        self.build(crate::i18n::COOKIE, tag, Some(365 * 24 * 3600), None, "/")
    }

    fn build(
        &self,
        name: &str,
        value: &str,
        max_age: Option<i64>,
        domain: Option<&str>,
        path: &str,
    ) -> Result<HeaderValue, Error> {
        let mut cookie = format!(
            "{name}={value}; Path={path}; HttpOnly; SameSite={}",
            self.session.same_site.as_str()
        );
        if self.session.secure {
            cookie.push_str("; Secure");
        }
        if let Some(domain) = domain {
            cookie.push_str(&format!("; Domain={domain}"));
        }
        if let Some(seconds) = max_age {
            cookie.push_str(&format!("; Max-Age={seconds}"));
        }
        HeaderValue::from_str(&cookie).map_err(|e| Error::Internal(format!("cookie header: {e}")))
    }
}
