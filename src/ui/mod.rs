//! The hosted pages: server-rendered templates plus one small ES module, all embedded in the
//! binary so `latchkey serve` needs no front-end build and no files beside it.

pub mod theme;

use std::path::Path;
use std::sync::Arc;

use minijinja::Environment;
use serde::Serialize;

use crate::error::Error;
use crate::i18n::{Catalog, Language};

/// The one script of the hosted pages.
pub const SCRIPT: &str = include_str!("static/latchkey.js");
/// The message formatter both scripts import.
pub const MESSAGES_SCRIPT: &str = include_str!("static/messages.js");
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
    /// The embedded templates, each replaced by a file of the same name in `override_dir`
    /// (`ui.template_override_path`) when there is one.
    pub fn new(catalog: Arc<Catalog>, override_dir: Option<&Path>) -> Result<Self, Error> {
        let mut env = Environment::new();
        add_translation(&mut env, catalog);
        let embedded = [
            ("base.html", include_str!("templates/base.html")),
            ("language_menu.html", include_str!("templates/language_menu.html")),
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
        ];
        add_templates(&mut env, embedded, override_dir, "page template")?;
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

/// Compiles `embedded` (name, source) into `env`, each replaced by a file of the same name in
/// `override_dir` when there is one (the operator's pages or emails). Compiled now, at start, so
/// a broken file stops the server with its name; `kind` says which templates in that error.
pub fn add_templates<'a>(
    env: &mut Environment<'static>,
    embedded: impl IntoIterator<Item = (&'a str, &'a str)>,
    override_dir: Option<&Path>,
    kind: &str,
) -> Result<(), Error> {
    for (name, source) in embedded {
        let source = match override_dir.map(|dir| dir.join(name)).filter(|p| p.is_file()) {
            Some(path) => std::fs::read_to_string(&path)
                .map_err(|e| Error::Internal(format!("{kind} {}: {e}", path.display())))?,
            None => source.to_owned(),
        };
        env.add_template_owned(name.to_owned(), source)
            .map_err(|e| Error::Internal(format!("{kind} {name}: {e}")))?;
    }
    Ok(())
}

/// `t("id", name=value, ...)` in templates: the message in the page's language (`lang` in the
/// context), with `product` passed along unless given; and `duration(seconds)`, a span of time
/// in words. Escaped like any other value.
pub fn add_translation(env: &mut Environment<'static>, catalog: Arc<Catalog>) {
    let durations = catalog.clone();
    env.add_function("duration", move |state: &minijinja::State, seconds: u64| {
        durations.duration(language_of(&durations, state), seconds)
    });
    env.add_function(
        "t",
        move |state: &minijinja::State,
              id: &str,
              kwargs: minijinja::value::Kwargs|
              -> Result<String, minijinja::Error> {
            let mut args = Vec::new();
            for name in kwargs.args() {
                let value: minijinja::Value = kwargs.get(name)?;
                args.push((name, fluent_value(&value)));
            }
            if !kwargs.has("product")
                && let Some(product) = state.lookup("product")
            {
                args.push(("product", fluent_value(&product)));
            }
            Ok(catalog.text(language_of(&catalog, state), id, &args))
        },
    );
}

/// The template's language (`lang` in its context), else the default.
fn language_of(catalog: &Catalog, state: &minijinja::State) -> Language {
    state
        .lookup("lang")
        .as_ref()
        .and_then(|l| l.as_str())
        .and_then(|tag| catalog.find(tag))
        .unwrap_or_else(|| catalog.default_language())
}

/// Numbers stay numbers (they choose plural forms); anything else is put in as text.
fn fluent_value(value: &minijinja::Value) -> fluent_bundle::FluentValue<'static> {
    match i64::try_from(value.clone()) {
        Ok(number) if value.kind() == minijinja::value::ValueKind::Number => number.into(),
        _ if value.is_undefined() || value.is_none() => "".into(),
        _ => value.to_string().into(),
    }
}
