//! `ui`: how the hosted pages speak and look. The language for browsers that name none of ours
//! and the operator's own messages (`.ftl` files per language); the product name, logo, colours,
//! font, an extra stylesheet and page templates of the operator's own (read at start: no rebuild).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::ConfigError;
use crate::i18n::{Catalog, LoadError};
pub use crate::ui::theme::{Rgb, Scheme, Theme};
use crate::ui::theme::{TooLittleContrast, names};

/// The largest logo and stylesheet served (they travel with every page).
const MAX_ASSET_BYTES: u64 = 256 * 1024;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUi {
    pub default_language: Option<String>,
    pub translation_override_path: Option<String>,
    pub name: Option<String>,
    pub logo_path: Option<String>,
    pub font_family: Option<String>,
    pub colors: Option<BTreeMap<String, String>>,
    pub dark_colors: Option<BTreeMap<String, String>>,
    pub stylesheet_path: Option<String>,
    pub template_override_path: Option<String>,
}

/// An image of the operator's, served at `/ui/static/logo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone)]
pub struct UiConfig {
    /// `ui.default_language` (`en` unless set).
    pub default_language: String,
    /// `ui.translation_override_path/<language>/*.ftl`.
    pub translation_override_path: Option<PathBuf>,
    /// `ui.name`: the product name on pages and in emails (the rp display name unless set).
    pub name: String,
    pub logo: Option<Logo>,
    /// Colours and font (`/ui/static/theme.css`).
    pub theme: Theme,
    /// `ui.stylesheet_path`'s text, served at `/ui/static/custom.css` after latchkey's.
    pub stylesheet: Option<String>,
    /// `ui.template_override_path`: files replacing the embedded page templates of the same name.
    pub template_override_path: Option<PathBuf>,
}

impl UiConfig {
    /// The catalog this configuration asks for.
    pub fn catalog(&self) -> Result<Catalog, LoadError> {
        Catalog::load(self.translation_override_path.as_deref(), &self.default_language)
    }
}

/// `product`: the rp display name, the product name unless `ui.name` says otherwise.
pub(super) fn ui(raw: RawUi, product: &str) -> Result<UiConfig, ConfigError> {
    let config = UiConfig {
        default_language: raw.default_language.unwrap_or_else(|| "en".to_owned()),
        translation_override_path: folder(
            "ui.translation_override_path",
            raw.translation_override_path,
            "point it at a folder with one folder per language (de/, fr/) holding .ftl files (see the README)",
        )?,
        name: name(raw.name, product)?,
        logo: raw.logo_path.map(|path| logo(Path::new(&path))).transpose()?,
        theme: theme(raw.colors, raw.dark_colors, raw.font_family)?,
        stylesheet: raw
            .stylesheet_path
            .map(|path| stylesheet(Path::new(&path)))
            .transpose()?,
        template_override_path: folder(
            "ui.template_override_path",
            raw.template_override_path,
            "point it at a folder of page templates named like the embedded ones (login.html, base.html; see src/ui/templates)",
        )?,
    };
    // Loading now names a broken file or an unknown language before anything serves.
    match config.catalog() {
        Ok(_) => Ok(config),
        Err(LoadError::DefaultLanguage(problem)) => Err(ConfigError::new(
            "ui.default_language",
            &config.default_language,
            &problem,
            "use en, de or fr, or a language you added",
        )),
        Err(LoadError::Override(problem) | LoadError::Embedded(problem)) => Err(ConfigError::new(
            "ui.translation_override_path",
            config
                .translation_override_path
                .as_deref()
                .map_or_else(String::new, |p| p.display().to_string()),
            &problem,
            "fix the file named, or remove it to use the embedded messages",
        )),
    }
}

fn folder(key: &str, raw: Option<String>, fix: &str) -> Result<Option<PathBuf>, ConfigError> {
    let Some(path) = raw.map(PathBuf::from) else {
        return Ok(None);
    };
    if path.is_dir() {
        Ok(Some(path))
    } else {
        Err(ConfigError::new(key, path.display(), "not a readable folder", fix))
    }
}

fn name(raw: Option<String>, product: &str) -> Result<String, ConfigError> {
    let Some(name) = raw else {
        return Ok(product.to_owned());
    };
    let trimmed = name.trim();
    if trimmed.is_empty() || trimmed.chars().count() > 64 || trimmed.chars().any(char::is_control) {
        return Err(ConfigError::new(
            "ui.name",
            &name,
            "not a product name",
            "write 1 to 64 characters on one line, e.g. Acme",
        ));
    }
    Ok(trimmed.to_owned())
}

/// A file the pages serve, read now: a missing or oversized one stops the start with its key.
fn asset(key: &str, path: &Path) -> Result<Vec<u8>, ConfigError> {
    let unreadable = |e: std::io::Error| {
        ConfigError::new(
            key,
            path.display(),
            &format!("cannot be read ({e})"),
            "point it at a readable file",
        )
    };
    let size = std::fs::metadata(path).map_err(unreadable)?.len();
    if size > MAX_ASSET_BYTES {
        return Err(ConfigError::new(
            key,
            path.display(),
            &format!("{size} bytes: every page loads it"),
            "use a file of at most 256 KiB",
        ));
    }
    std::fs::read(path).map_err(unreadable)
}

fn logo(path: &Path) -> Result<Logo, ConfigError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let content_type = match extension.as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "webp" => "image/webp",
        "jpg" | "jpeg" => "image/jpeg",
        _ => {
            return Err(ConfigError::new(
                "ui.logo_path",
                path.display(),
                "not an image type the pages serve",
                "use an .svg, .png, .webp or .jpg file",
            ));
        }
    };
    Ok(Logo {
        content_type,
        bytes: asset("ui.logo_path", path)?,
    })
}

fn stylesheet(path: &Path) -> Result<String, ConfigError> {
    String::from_utf8(asset("ui.stylesheet_path", path)?).map_err(|_| {
        ConfigError::new(
            "ui.stylesheet_path",
            path.display(),
            "not UTF-8 text",
            "save the stylesheet as UTF-8",
        )
    })
}

fn theme(
    light: Option<BTreeMap<String, String>>,
    dark: Option<BTreeMap<String, String>>,
    font_family: Option<String>,
) -> Result<Theme, ConfigError> {
    let mut theme = Theme::default();
    for (scheme, colours) in [(Scheme::Light, light), (Scheme::Dark, dark)] {
        for (name, value) in colours.unwrap_or_default() {
            let key = format!("{}.{name}", scheme.key());
            let colour = Rgb::parse(&value).ok_or_else(|| {
                ConfigError::new(
                    &key,
                    &value,
                    "not a colour",
                    "write it as #rrggbb or #rgb, e.g. #0b6e4f",
                )
            })?;
            if !theme.set(scheme, &name, colour) {
                let known: Vec<&str> = names().collect();
                return Err(ConfigError::new(
                    &key,
                    &value,
                    "no such colour in the palette",
                    format!("use one of {}", known.join(", ")),
                ));
            }
        }
    }
    if let Some(family) = font_family {
        let safe = family.len() <= 200
            && !family.trim().is_empty()
            && family.chars().all(|c| c.is_alphanumeric() || " ,-_'\"".contains(c));
        if !safe {
            return Err(ConfigError::new(
                "ui.font_family",
                &family,
                "not a font list",
                "list font names separated by commas, e.g. Inter, system-ui, sans-serif (the font must be installed or loaded by ui.stylesheet_path)",
            ));
        }
        theme.set_font_family(family);
    }
    match theme.too_little_contrast() {
        None => Ok(theme),
        Some(problem) => Err(contrast_error(&problem)),
    }
}

fn contrast_error(problem: &TooLittleContrast) -> ConfigError {
    let key = problem.scheme.key();
    let (fg, fg_colour) = problem.foreground;
    let (bg, bg_colour) = problem.background;
    ConfigError::new(
        &format!("{key}.{fg}"),
        fg_colour,
        &format!(
            "{fg} {fg_colour} on {bg} {bg_colour} has a contrast of {:.1}:1; WCAG 2.2 AA needs {}:1, or some people cannot read the pages",
            problem.ratio, problem.needed
        ),
        format!("choose {key}.{fg} or {key}.{bg} further apart in lightness"),
    )
}
