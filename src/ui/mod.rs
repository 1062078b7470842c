//! The hosted pages: server-rendered templates plus one small ES module, all embedded in the
//! binary so `latchkey serve` needs no front-end build and no files beside it.

use minijinja::Environment;
use serde::Serialize;

use crate::error::Error;

/// The one script of the hosted pages.
pub const SCRIPT: &str = include_str!("static/latchkey.js");
/// The hosted pages' stylesheet.
pub const STYLESHEET: &str = include_str!("static/latchkey.css");

/// The icon browsers show in the tab (`/favicon.ico` on both listeners).
pub const ICON: &str = include_str!("static/icon.svg");

/// The admin page's script, served on the admin listener only.
pub const ADMIN_SCRIPT: &str = include_str!("static/admin.js");

/// Compiled page templates.
pub struct Templates {
    env: Environment<'static>,
}

impl Templates {
    pub fn new() -> Result<Self, Error> {
        let mut env = Environment::new();
        for (name, source) in [
            ("base.html", include_str!("templates/base.html")),
            ("login.html", include_str!("templates/login.html")),
            ("registration.html", include_str!("templates/registration.html")),
            ("settings.html", include_str!("templates/settings.html")),
            ("offer_passkey.html", include_str!("templates/offer_passkey.html")),
            ("verify_step.html", include_str!("templates/verify_step.html")),
            (
                "backup_codes_sheet.html",
                include_str!("templates/backup_codes_sheet.html"),
            ),
            ("login_link.html", include_str!("templates/login_link.html")),
            (
                "verification_link.html",
                include_str!("templates/verification_link.html"),
            ),
            ("outbox.html", include_str!("templates/outbox.html")),
            ("recovery.html", include_str!("templates/recovery.html")),
            ("step_up.html", include_str!("templates/step_up.html")),
            ("re_enrol.html", include_str!("templates/re_enrol.html")),
            ("passkey_disown.html", include_str!("templates/passkey_disown.html")),
            ("admin.html", include_str!("templates/admin.html")),
            ("recovery_cancel.html", include_str!("templates/recovery_cancel.html")),
            ("consent.html", include_str!("templates/consent.html")),
            ("logout.html", include_str!("templates/logout.html")),
        ] {
            env.add_template(name, source)
                .map_err(|e| Error::Internal(format!("template {name}: {e}")))?;
        }
        Ok(Self { env })
    }

    /// Renders `name` with `context`; HTML-escaped by file extension.
    pub fn render(&self, name: &str, context: impl Serialize) -> Result<String, Error> {
        self.env
            .get_template(name)
            .and_then(|template| template.render(minijinja::value::Serde(context)))
            .map_err(|e| Error::Internal(format!("render {name}: {e}")))
    }
}
