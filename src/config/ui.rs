//! `ui`: how the hosted pages speak: the language for browsers that name none of ours, and the
//! operator's own messages (`.ftl` files per language, replacing or adding to the embedded ones).

use std::path::PathBuf;

use serde::Deserialize;

use super::ConfigError;
use crate::i18n::{Catalog, LoadError};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUi {
    pub default_language: Option<String>,
    pub translation_override_path: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UiConfig {
    /// `ui.default_language` (`en` unless set).
    pub default_language: String,
    /// `ui.translation_override_path/<language>/*.ftl`.
    pub translation_override_path: Option<PathBuf>,
}

impl UiConfig {
    /// The catalog this configuration asks for.
    pub fn catalog(&self) -> Result<Catalog, LoadError> {
        Catalog::load(self.translation_override_path.as_deref(), &self.default_language)
    }
}

pub(super) fn ui(raw: RawUi) -> Result<UiConfig, ConfigError> {
    let config = UiConfig {
        default_language: raw.default_language.unwrap_or_else(|| "en".to_owned()),
        translation_override_path: raw.translation_override_path.map(PathBuf::from),
    };
    if let Some(path) = &config.translation_override_path
        && !path.is_dir()
    {
        return Err(ConfigError::new(
            "ui.translation_override_path",
            path.display(),
            "not a readable folder",
            "point it at a folder with one folder per language (de/, fr/) holding .ftl files (see the README)",
        ));
    }
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
