//! The languages people read latchkey in: the hosted pages, the admin page, their scripts, emails
//! and error text come from Project Fluent catalogs, one folder per language under `src/i18n/locales`, embedded
//! in the binary. Operators replace any message, or add a language, with `.ftl` files in
//! `ui.translation_override_path/<language>/` (read at start, no rebuild).
//!
//! A message missing from a language falls back to English, so an operator's partial language
//! still reads whole; the embedded languages are complete (a unit test holds them to English's
//! ids).

mod script;

pub use script::Script;

use std::path::Path;
use std::sync::{Arc, LazyLock};

use axum::http::header::{ACCEPT_LANGUAGE, COOKIE as COOKIE_HEADER};
use axum::http::{HeaderMap, HeaderValue};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

use crate::error::Error;

/// The embedded languages: English (the fallback) first.
const EMBEDDED: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            include_str!("locales/en/pages.ftl"),
            include_str!("locales/en/script.ftl"),
            include_str!("locales/en/errors.ftl"),
            include_str!("locales/en/emails.ftl"),
            include_str!("locales/en/admin.ftl"),
        ],
    ),
    (
        "de",
        &[
            include_str!("locales/de/pages.ftl"),
            include_str!("locales/de/script.ftl"),
            include_str!("locales/de/errors.ftl"),
            include_str!("locales/de/emails.ftl"),
            include_str!("locales/de/admin.ftl"),
        ],
    ),
    (
        "fr",
        &[
            include_str!("locales/fr/pages.ftl"),
            include_str!("locales/fr/script.ftl"),
            include_str!("locales/fr/errors.ftl"),
            include_str!("locales/fr/emails.ftl"),
            include_str!("locales/fr/admin.ftl"),
        ],
    ),
];

/// The cookie that remembers a language picked from the menu.
pub const COOKIE: &str = "latchkey_lang";

/// One of the catalog's languages (an index into it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language(usize);

tokio::task_local! {
    static READER: Reader;
}

/// What a request says about the language of the person behind it, kept while it is answered
/// so error text and emails queued on its behalf speak it. Read lazily: most requests (every
/// whoami) never need it.
pub struct Reader {
    catalog: Arc<Catalog>,
    cookie: Option<HeaderValue>,
    accept_language: Option<HeaderValue>,
}

impl Reader {
    pub fn new(catalog: Arc<Catalog>, headers: &HeaderMap) -> Self {
        Self {
            catalog,
            cookie: headers.get(COOKIE_HEADER).cloned(),
            accept_language: headers.get(ACCEPT_LANGUAGE).cloned(),
        }
    }

    fn language(&self) -> Language {
        let picked = text_of(self.cookie.as_ref()).and_then(|c| crate::http::extract::cookie_in(c, COOKIE));
        self.catalog.negotiate(picked, text_of(self.accept_language.as_ref()))
    }

    /// Runs `answer` with this reader as the current one.
    pub async fn reading<F: Future>(self, answer: F) -> F::Output {
        READER.scope(self, answer).await
    }
}

fn text_of(value: Option<&HeaderValue>) -> Option<&str> {
    value.and_then(|v| v.to_str().ok())
}

/// The tag of the language of the request being answered on this task, if any.
pub fn current_reader_tag() -> Option<String> {
    current_reader().map(|(catalog, language)| catalog.tag(language).to_owned())
}

/// The catalog and language of the request being answered on this task, if any.
pub fn current_reader() -> Option<(Arc<Catalog>, Language)> {
    READER
        .try_with(|reader| (reader.catalog.clone(), reader.language()))
        .ok()
}

/// Arguments of a message: numbers choose plural forms, text is put in as it is.
pub type Args<'a> = &'a [(&'a str, FluentValue<'static>)];

type Bundle = FluentBundle<Arc<FluentResource>>;

/// A language's tag and its parsed files.
type LanguageFiles = (String, Vec<Arc<FluentResource>>);

/// Why the catalog could not load, by the setting to change.
#[derive(Debug)]
pub enum LoadError {
    /// A file in `ui.translation_override_path` (named in the text).
    Override(String),
    /// `ui.default_language` names no language we have.
    DefaultLanguage(String),
    /// The embedded catalogs themselves (a unit test keeps this from shipping).
    Embedded(String),
}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Override(why) => Error::Internal(format!("ui.translation_override_path: {why}")),
            LoadError::DefaultLanguage(why) => Error::Internal(format!("ui.default_language: {why}")),
            LoadError::Embedded(why) => Error::Internal(format!("embedded catalog: {why}")),
        }
    }
}

/// One language: its tag, as browsers and the menu name it, and its messages (English behind).
struct Entry {
    tag: String,
    id: LanguageIdentifier,
    bundle: Bundle,
    /// The hosted pages' and the admin page's script messages, made once at load.
    page_script: serde_json::Value,
    admin_script: serde_json::Value,
}

/// Every language's messages.
pub struct Catalog {
    /// English, always there: the fallback of every message.
    english: Entry,
    others: Vec<Entry>,
    default: Language,
}

/// The embedded catalogs alone, English by default: what logs and the command line say.
static EMBEDDED_CATALOG: LazyLock<Option<Catalog>> = LazyLock::new(|| Catalog::load(None, "en").ok());

/// The embedded catalogs (a unit test holds them to loading; without them errors read as ids).
pub fn embedded() -> Option<&'static Catalog> {
    EMBEDDED_CATALOG.as_ref()
}

impl Catalog {
    /// The embedded languages plus the operator's files in `override_dir/<language>/*.ftl`;
    /// `default` is the language for a browser that names none we have.
    pub fn load(override_dir: Option<&Path>, default: &str) -> Result<Self, LoadError> {
        let mut languages: Vec<LanguageFiles> = Vec::new();
        for (tag, files) in EMBEDDED {
            let resources = files
                .iter()
                .map(|source| parse(&format!("embedded catalog {tag}"), source))
                .collect::<Result<_, _>>()
                .map_err(LoadError::Embedded)?;
            languages.push(((*tag).to_owned(), resources));
        }
        let overrides = match override_dir {
            Some(dir) => read_override_dir(dir).map_err(LoadError::Override)?,
            None => Vec::new(),
        };
        for (tag, _) in &overrides {
            if !languages.iter().any(|(known, _)| known == tag) {
                languages.push((tag.clone(), Vec::new()));
            }
        }
        let operators = |tag: &str| -> Vec<Arc<FluentResource>> {
            overrides
                .iter()
                .filter(|(t, _)| t == tag)
                .flat_map(|(_, r)| r.iter().cloned())
                .collect()
        };
        let embedded_english = languages
            .iter()
            .filter(|(tag, _)| tag == "en")
            .flat_map(|(_, r)| r.iter().cloned());
        let english: Vec<Arc<FluentResource>> = operators("en").into_iter().chain(embedded_english).collect();
        let script_ids: Vec<String> = message_ids(&english)
            .filter(|id| Script::Pages.owns(id) || Script::Admin.owns(id))
            .collect();
        let mut entries = Vec::new();
        for (tag, own) in &languages {
            let id: LanguageIdentifier = tag.parse().map_err(|_| {
                LoadError::Override(format!(
                    "the folder {tag:?} is not named by a language tag; name each folder by its language (de, pt-BR)"
                ))
            })?;
            let mut bundle = FluentBundle::new_concurrent(vec![id.clone()]);
            // Pages put text into HTML and emails themselves; direction marks around every
            // placeable would show up in copied codes and addresses.
            bundle.set_use_isolating(false);
            for resource in own {
                add(&mut bundle, resource.clone(), tag).map_err(LoadError::Embedded)?;
            }
            for resource in operators(tag) {
                bundle.add_resource_overriding(resource);
            }
            for resource in &english {
                // English fills what a language lacks (an operator's new language may be
                // partial); the language's own messages win, so the refusals are expected.
                let _ = bundle.add_resource(resource.clone());
            }
            // An override the script could not show fails here, not in someone's browser.
            let script_messages =
                |script| script::messages(&bundle, &script_ids, script).map_err(|e| LoadError::Override(e.detail()));
            entries.push(Entry {
                tag: tag.clone(),
                id,
                page_script: script_messages(Script::Pages)?,
                admin_script: script_messages(Script::Admin)?,
                bundle,
            });
        }
        let mut entries = entries.into_iter();
        let english = entries
            .next()
            .ok_or_else(|| LoadError::Embedded("English is missing".into()))?;
        let mut catalog = Self {
            english,
            others: entries.collect(),
            default: Language(0),
        };
        catalog.default = catalog.find(default).ok_or_else(|| {
            let tags: Vec<&str> = catalog.entries().map(|e| e.tag.as_str()).collect();
            LoadError::DefaultLanguage(format!(
                "not one of the languages ({}); pick one of them or add its folder to ui.translation_override_path",
                tags.join(", ")
            ))
        })?;
        Ok(catalog)
    }

    fn entries(&self) -> impl Iterator<Item = &Entry> {
        std::iter::once(&self.english).chain(&self.others)
    }

    fn entry(&self, language: Language) -> &Entry {
        language
            .0
            .checked_sub(1)
            .and_then(|i| self.others.get(i))
            .unwrap_or(&self.english)
    }

    /// The language for a request: a supported language the person picked (the cookie), else the
    /// best match of `Accept-Language`, else the default.
    pub fn negotiate(&self, picked: Option<&str>, accept_language: Option<&str>) -> Language {
        if let Some(language) = picked.and_then(|tag| self.find(tag)) {
            return language;
        }
        let requested = fluent_langneg::accepted_languages::parse(accept_language.unwrap_or_default());
        let available: Vec<&LanguageIdentifier> = self.entries().map(|e| &e.id).collect();
        let default = &self.entry(self.default).id;
        let chosen = fluent_langneg::negotiate_languages(
            &requested,
            &available,
            Some(&default),
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        chosen
            .first()
            .and_then(|id| self.entries().position(|e| e.id == ***id))
            .map_or(self.default, Language)
    }

    /// The language with exactly this tag (as the menu and the cookie name it).
    pub fn find(&self, tag: &str) -> Option<Language> {
        self.entries()
            .position(|e| e.tag.eq_ignore_ascii_case(tag))
            .map(Language)
    }

    /// The language for a browser that names none of ours (`ui.default_language`).
    pub fn default_language(&self) -> Language {
        self.default
    }

    /// The tag of [`Catalog::default_language`].
    pub fn default_tag(&self) -> &str {
        self.tag(self.default)
    }

    pub fn tag(&self, language: Language) -> &str {
        &self.entry(language).tag
    }

    /// The HTML `dir` of `language`: `rtl` for Arabic, Hebrew, Persian and the like (an operator
    /// may add them), else `ltr`.
    pub fn direction(&self, language: Language) -> &'static str {
        match self.entry(language).id.character_direction() {
            unic_langid::CharacterDirection::RTL => "rtl",
            _ => "ltr",
        }
    }

    /// Every language, English first, in the order of the menu.
    pub fn languages(&self) -> impl Iterator<Item = Language> {
        (0..=self.others.len()).map(Language)
    }

    /// The language's name in itself (`language-name`), for the menu.
    pub fn name(&self, language: Language) -> String {
        self.text(language, "language-name", &[])
    }

    /// The message `id` in `language`. A message no catalog has comes out as its id (a unit test
    /// keeps that from happening with the embedded ones).
    pub fn text(&self, language: Language, id: &str, args: Args) -> String {
        let entry = self.entry(language);
        let Some(pattern) = entry.bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::with_capacity(args.len());
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = entry.bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(
                message = id,
                language = entry.tag,
                ?errors,
                "a message did not format cleanly"
            );
        }
        text.into_owned()
    }

    /// A span of time as people say it in `language` ("15 minutes", "2 Stunden"): seconds under
    /// a minute, else minutes, hours from two hours (or a whole hour), days likewise; rounded up.
    pub fn duration(&self, language: Language, seconds: u64) -> String {
        const MINUTE: u64 = 60;
        const HOUR: u64 = 3600;
        const DAY: u64 = 24 * HOUR;
        let in_whole = |unit: u64| seconds.is_multiple_of(unit) || seconds >= 2 * unit;
        let (unit, count) = match seconds {
            0..MINUTE => ("second", seconds.max(1)),
            _ if in_whole(DAY) && seconds >= DAY => ("day", seconds.div_ceil(DAY)),
            _ if in_whole(HOUR) && seconds >= HOUR => ("hour", seconds.div_ceil(HOUR)),
            _ => ("minute", seconds.div_ceil(MINUTE)),
        };
        self.text(language, "duration", &[("unit", unit.into()), ("count", count.into())])
    }

    /// The messages `script` shows, in a form it formats itself: see [`script`].
    pub fn script_messages(&self, language: Language, script: Script) -> &serde_json::Value {
        let entry = self.entry(language);
        match script {
            Script::Pages => &entry.page_script,
            Script::Admin => &entry.admin_script,
        }
    }
}

/// The ids of the messages in `resources`, duplicates kept out.
fn message_ids(resources: &[Arc<FluentResource>]) -> impl Iterator<Item = String> + '_ {
    let mut seen = std::collections::HashSet::new();
    resources
        .iter()
        .flat_map(|r| r.entries())
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
            _ => None,
        })
        .filter(move |id| seen.insert(id.clone()))
}

fn add(bundle: &mut Bundle, resource: Arc<FluentResource>, tag: &str) -> Result<(), String> {
    bundle.add_resource(resource).map_err(|errors| {
        let ids: Vec<String> = errors
            .iter()
            .map(|e| match e {
                FluentError::Overriding { id, .. } => id.clone(),
                other => other.to_string(),
            })
            .collect();
        format!("{tag}: messages defined twice: {}", ids.join(", "))
    })
}

/// One `.ftl` file; a syntax error names the file and line.
fn parse(name: &str, source: &str) -> Result<Arc<FluentResource>, String> {
    FluentResource::try_new(source.to_owned())
        .map(Arc::new)
        .map_err(|(_, errors)| {
            let first = errors.first();
            let start = first.map_or(0, |e| e.pos.start);
            let line = source.get(..start).map_or(1, |before| before.matches('\n').count() + 1);
            let kind = first.map(|e| format!("{:?}", e.kind)).unwrap_or_default();
            format!("{name}, line {line}: not Fluent syntax ({kind}); see https://projectfluent.org/fluent/guide/")
        })
}

/// `dir/<language>/*.ftl`, each folder one language.
fn read_override_dir(dir: &Path) -> Result<Vec<LanguageFiles>, String> {
    let unreadable = |path: &Path, e: std::io::Error| format!("cannot read {}: {e}", path.display());
    let mut languages = Vec::new();
    let mut folders: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| unreadable(dir, e))?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .collect();
    folders.sort_by_key(std::fs::DirEntry::file_name);
    for folder in folders {
        let tag = folder.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(folder.path())
            .map_err(|e| unreadable(&folder.path(), e))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
            .collect();
        files.sort();
        let mut sources = Vec::new();
        for path in files {
            let source = std::fs::read_to_string(&path).map_err(|e| unreadable(&path, e))?;
            sources.push(parse(&path.display().to_string(), &source)?);
        }
        languages.push((tag, sources));
    }
    Ok(languages)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn ids_of(sources: &[&str]) -> BTreeSet<String> {
        let resources: Vec<_> = sources.iter().map(|s| parse("test", s).unwrap()).collect();
        message_ids(&resources).collect()
    }

    #[test]
    fn every_embedded_language_has_exactly_the_english_messages() {
        let english = ids_of(EMBEDDED[0].1);
        for (tag, sources) in &EMBEDDED[1..] {
            let own = ids_of(sources);
            let missing: Vec<_> = english.difference(&own).collect();
            let extra: Vec<_> = own.difference(&english).collect();
            assert!(missing.is_empty(), "{tag} lacks {missing:?}");
            assert!(extra.is_empty(), "{tag} has messages English does not: {extra:?}");
        }
    }

    /// The ids written as `<open>id"` in `text`, with `prefix` put back in front. Ids the code
    /// builds (`t("device-" ~ ...)`) end with `-` and are left to the caller.
    fn ids_after(text: &str, open: &str, prefix: &str, named: &mut BTreeSet<String>) {
        for piece in text.split(open).skip(1) {
            let id: String = piece
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            let closed = piece.get(id.len()..).is_some_and(|rest| rest.starts_with(['"', '\'']));
            if !id.ends_with('-') && closed {
                named.insert(format!("{prefix}{id}"));
            }
        }
    }

    /// Every message id the pages, emails, page script and errors name, found by reading them.
    fn ids_named_in_sources() -> BTreeSet<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap();
        let mut named = BTreeSet::new();
        let pages = std::fs::read_dir(root.join("ui/templates")).unwrap();
        let emails = std::fs::read_dir(root.join("courier/templates")).unwrap();
        for entry in pages.chain(emails) {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            ids_after(&text, "t(\"", "", &mut named);
            ids_after(&text, "t('", "", &mut named);
        }
        ids_after(&read("ui/static/latchkey.js"), "\"js-", "js-", &mut named);
        let admin = read("ui/static/admin.js");
        ids_after(&admin, "\"admin-js-", "admin-js-", &mut named);
        // The funnel's steps, named by `admin-js-step-${step}`.
        let steps = admin
            .split("const STEPS = [")
            .nth(1)
            .and_then(|rest| rest.split("];").next())
            .unwrap_or_default();
        ids_after(steps, "\"", "admin-js-step-", &mut named);
        let errors = read("error.rs");
        for line in errors.lines().map(str::trim_start).filter(|l| l.starts_with("Self::")) {
            let id = line.split("=> \"").nth(1).map(|id| id.trim_end_matches("\","));
            // Request and admin refusals carry their own text; `invalid-*` are found below.
            if let Some(id) =
                id.filter(|id| !matches!(*id, "invalid_request" | "admin_forbidden") && !id.starts_with("invalid-"))
            {
                named.insert(format!("error-{id}"));
            }
        }
        ids_after(&errors, "\"invalid-", "invalid-", &mut named);
        named
    }

    #[test]
    fn every_message_the_pages_script_and_errors_name_exists() {
        let english = ids_of(EMBEDDED[0].1);
        let mut named = ids_named_in_sources();
        // Ids the templates build from data: every value that can occur.
        for device in ["security_key", "phone", "built_in", "unknown"] {
            named.insert(format!("device-{device}"));
        }
        for way in ["passkey", "code", "lookup_secret", "recovery", "password"] {
            named.insert(format!("way-in-{way}"));
        }
        for via in ["sign_up", "account", "recovery", "upgrade", "re_enrol"] {
            named.insert(format!("added-via-{via}"));
        }
        for scope in crate::config::oauth2::SCOPES {
            named.insert(format!("scope-{scope}"));
        }
        assert!(
            named.len() > 150,
            "the scan found too few ids to be reading the sources: {named:?}"
        );
        let missing: Vec<_> = named.iter().filter(|id| !english.contains(*id)).collect();
        assert!(
            missing.is_empty(),
            "named in the code, missing from the English catalog: {missing:?}"
        );
    }

    #[test]
    fn plural_forms_follow_each_language() {
        let catalog = Catalog::load(None, "en").unwrap();
        let status = |tag: &str, n: i64| {
            catalog.text(
                catalog.find(tag).unwrap(),
                "account-backup-status",
                &[("remaining", n.into())],
            )
        };
        // French counts 0 and 1 as singular.
        for (tag, n, expected) in [
            ("en", 1, "You have 1 unused backup code."),
            ("en", 9, "You have 9 unused backup codes."),
            ("de", 1, "Sie haben 1 unbenutzten Backup-Code."),
            ("de", 9, "Sie haben 9 unbenutzte Backup-Codes."),
            ("fr", 0, "Il vous reste 0 code de secours inutilisé."),
            ("fr", 9, "Il vous reste 9 codes de secours inutilisés."),
        ] {
            let text = status(tag, n);
            assert!(text.starts_with(expected), "{tag} {n}: {text}");
        }
    }

    #[test]
    fn durations_read_as_people_say_them() {
        let catalog = Catalog::load(None, "en").unwrap();
        let (en, de) = (catalog.find("en").unwrap(), catalog.find("de").unwrap());
        for (seconds, english) in [
            (1, "1 second"),
            (45, "45 seconds"),
            (60, "1 minute"),
            (899, "15 minutes"),
            (5400, "90 minutes"),
            (3600, "1 hour"),
            (7201, "3 hours"),
            (86_400, "1 day"),
            (7 * 86_400, "7 days"),
        ] {
            assert_eq!(catalog.duration(en, seconds), english);
        }
        assert_eq!(catalog.duration(de, 900), "15 Minuten");
        assert_eq!(catalog.duration(de, 3600), "1 Stunde");
    }

    #[test]
    fn a_browsers_languages_choose_the_page_and_a_pick_wins() {
        let catalog = Catalog::load(None, "en").unwrap();
        let chosen =
            |picked: Option<&str>, accept: &str| catalog.tag(catalog.negotiate(picked, Some(accept))).to_owned();
        assert_eq!(chosen(None, "de-CH,de;q=0.9,en;q=0.8"), "de");
        assert_eq!(chosen(None, "fr-CA"), "fr");
        assert_eq!(chosen(None, "es,it;q=0.5"), "en", "none of ours: the default");
        assert_eq!(chosen(None, ""), "en");
        assert_eq!(chosen(Some("fr"), "de"), "fr", "the menu's pick wins");
        assert_eq!(chosen(Some("xx"), "de"), "de", "an unknown pick is ignored");
        let german_default = Catalog::load(None, "de").unwrap();
        assert_eq!(german_default.tag(german_default.negotiate(None, Some("es"))), "de");
    }

    fn folder_with(files: &[(&str, &str)]) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("latchkey-i18n-{}", uuid::Uuid::new_v4()));
        for (path, text) in files {
            let path = dir.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn an_operator_replaces_messages_and_adds_a_language_that_falls_back_to_english() {
        let dir = folder_with(&[
            ("de/brand.ftl", "login-heading = Willkommen bei { $product }\n"),
            (
                "es/pages.ftl",
                "language-name = Español\nlogin-heading = Iniciar sesión\n",
            ),
        ]);
        let catalog = Catalog::load(Some(&dir), "en").unwrap();
        let de = catalog.find("de").unwrap();
        let product = [("product", "Acme".into())];
        assert_eq!(catalog.text(de, "login-heading", &product), "Willkommen bei Acme");
        assert_eq!(
            catalog.text(de, "login-passkey", &[]),
            "Mit Passkey anmelden",
            "the rest stays embedded"
        );
        let es = catalog.find("es").unwrap();
        assert_eq!(catalog.text(es, "login-heading", &[]), "Iniciar sesión");
        assert_eq!(
            catalog.text(es, "login-passkey", &[]),
            "Sign in with passkey",
            "missing: English"
        );
        assert_eq!(catalog.name(es), "Español");
        assert_eq!(catalog.languages().last(), Some(es), "in the menu");
        assert_eq!(catalog.direction(es), "ltr");
        assert_eq!(catalog.tag(catalog.negotiate(None, Some("es-MX"))), "es");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_right_to_left_language_is_written_right_to_left() {
        let dir = folder_with(&[(
            "ar/pages.ftl",
            "language-name = العربية\nlogin-heading = تسجيل الدخول\n",
        )]);
        let catalog = Catalog::load(Some(&dir), "en").unwrap();
        assert_eq!(catalog.direction(catalog.find("ar").unwrap()), "rtl");
        assert_eq!(catalog.direction(catalog.find("de").unwrap()), "ltr");
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_broken_override_names_its_file_and_line() {
        let dir = folder_with(&[("de/broken.ftl", "login-heading = fine\n\nnot a message\n")]);
        let Err(LoadError::Override(why)) = Catalog::load(Some(&dir), "en") else {
            panic!("a broken file must not load");
        };
        assert!(why.contains("broken.ftl, line 3"), "{why}");
        let script = folder_with(&[("de/script.ftl", "js-signed-in = { NUMBER($x) }\n")]);
        let Err(LoadError::Override(why)) = Catalog::load(Some(&script), "en") else {
            panic!("a script message the page cannot format must not load");
        };
        assert!(why.contains("js-signed-in"), "{why}");
        assert!(matches!(Catalog::load(None, "xx"), Err(LoadError::DefaultLanguage(_))));
        std::fs::remove_dir_all(dir).unwrap();
        std::fs::remove_dir_all(script).unwrap();
    }

    #[test]
    fn script_messages_carry_plural_choices_for_the_page_to_make() {
        let catalog = Catalog::load(None, "en").unwrap();
        let messages = catalog.script_messages(catalog.find("de").unwrap(), Script::Pages);
        assert!(messages.get("admin-js-open").is_none(), "the admin page's stay with it");
        assert_eq!(messages["js-signed-in"], "Angemeldet.");
        let ended = &messages["js-sessions-ended"][0];
        assert_eq!(ended["select"], "count");
        assert!(
            ended["variants"]["one"].is_string() && ended["variants"]["other"].is_array(),
            "{ended}"
        );
    }
}
