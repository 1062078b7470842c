//! The pages' look: every colour is a CSS custom property (`--lk-<name>`), with a light and a
//! dark palette; `/ui/static/theme.css` sets them (the operator's `ui.colors` / `ui.dark_colors`
//! over these defaults) and `latchkey.css` only uses them. The dark palette applies under
//! `prefers-color-scheme: dark`.
//!
//! Every pair of colours people read together is held to WCAG 2.2 AA contrast (4.5:1 for text,
//! 3:1 for borders and the focus ring) when the configuration loads, so an operator's colours
//! cannot make a page unreadable.

use std::collections::BTreeMap;
use std::fmt;

/// The palette's names with their light and dark defaults.
const DEFAULTS: [(&str, &str, &str); 20] = [
    ("background", "#f7f7f9", "#121317"),
    ("surface", "#ffffff", "#1d1f24"),
    ("text", "#1b1b1f", "#e8e8ec"),
    ("muted", "#4b4b55", "#b4b4be"),
    ("border", "#767680", "#8a8a94"),
    ("rule", "#dddddd", "#34363d"),
    ("primary", "#1d4ed8", "#8ab4f8"),
    ("on_primary", "#ffffff", "#0b1a33"),
    ("secondary", "#0f5132", "#7dd3a8"),
    ("on_secondary", "#ffffff", "#052e1b"),
    ("link", "#1d4ed8", "#8ab4f8"),
    ("danger", "#b3261e", "#f2b8b5"),
    ("on_danger", "#ffffff", "#3b0a08"),
    ("focus", "#b45309", "#fbbf24"),
    ("error_background", "#fef2f2", "#3b1113"),
    ("error_text", "#7f1d1d", "#fecaca"),
    ("error_border", "#b91c1c", "#f87171"),
    ("notice_background", "#fffbeb", "#33270a"),
    ("notice_border", "#92400e", "#fbbf24"),
    ("code_background", "#f3f4f6", "#2a2c33"),
];

/// Colours read together, and the contrast they need: text 4.5:1, borders and focus 3:1.
const PAIRS: [(&str, &str, f64); 14] = [
    ("text", "background", 4.5),
    ("text", "surface", 4.5),
    ("muted", "surface", 4.5),
    ("link", "surface", 4.5),
    ("link", "notice_background", 4.5),
    ("text", "notice_background", 4.5),
    ("text", "code_background", 4.5),
    ("on_primary", "primary", 4.5),
    ("on_secondary", "secondary", 4.5),
    ("on_danger", "danger", 4.5),
    ("error_text", "error_background", 4.5),
    ("border", "surface", 3.0),
    ("focus", "surface", 3.0),
    ("focus", "background", 3.0),
];

/// The palette's colour names (`ui.colors.<name>`).
pub fn names() -> impl Iterator<Item = &'static str> {
    DEFAULTS.iter().map(|(name, _, _)| *name)
}

/// A colour written `#rgb` or `#rrggbb`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb([u8; 3]);

impl Rgb {
    pub fn parse(text: &str) -> Option<Self> {
        let hex = text.trim().strip_prefix('#')?;
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
            .collect::<Option<_>>()?;
        match digits.as_slice() {
            [r, g, b] => Some(Self([r * 17, g * 17, b * 17])),
            [r1, r2, g1, g2, b1, b2] => Some(Self([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2])),
            _ => None,
        }
    }

    /// WCAG 2.2 relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0;
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// WCAG 2.2 contrast ratio, 1 to 21.
    pub fn contrast(self, other: Self) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

/// Which palette: the light one, or the dark one (`prefers-color-scheme: dark`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    /// The configuration key of its colours.
    pub fn key(self) -> &'static str {
        match self {
            Self::Light => "ui.colors",
            Self::Dark => "ui.dark_colors",
        }
    }
}

/// Two colours of a palette that people could not tell apart well enough.
#[derive(Debug, Clone, PartialEq)]
pub struct TooLittleContrast {
    pub scheme: Scheme,
    pub foreground: (&'static str, Rgb),
    pub background: (&'static str, Rgb),
    pub ratio: f64,
    pub needed: f64,
}

/// The pages' colours and font: the defaults with the operator's choices laid over them.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    light: BTreeMap<&'static str, Rgb>,
    dark: BTreeMap<&'static str, Rgb>,
    font_family: Option<String>,
}

impl Default for Theme {
    fn default() -> Self {
        let palette = |pick: fn(&(&'static str, &'static str, &'static str)) -> &'static str| {
            DEFAULTS
                .iter()
                .filter_map(|entry| Rgb::parse(pick(entry)).map(|rgb| (entry.0, rgb)))
                .collect()
        };
        Self {
            light: palette(|(_, light, _)| light),
            dark: palette(|(_, _, dark)| dark),
            font_family: None,
        }
    }
}

impl Theme {
    /// Sets colour `name` (one of [`names`]) of `scheme`; false for a name the palette lacks.
    pub fn set(&mut self, scheme: Scheme, name: &str, colour: Rgb) -> bool {
        let Some(known) = names().find(|n| *n == name) else {
            return false;
        };
        let palette = match scheme {
            Scheme::Light => &mut self.light,
            Scheme::Dark => &mut self.dark,
        };
        palette.insert(known, colour);
        true
    }

    /// A CSS font stack (checked by the caller to hold no CSS syntax).
    pub fn set_font_family(&mut self, family: String) {
        self.font_family = Some(family);
    }

    /// The first pair of either scheme that falls short of its contrast.
    pub fn too_little_contrast(&self) -> Option<TooLittleContrast> {
        [(Scheme::Light, &self.light), (Scheme::Dark, &self.dark)]
            .into_iter()
            .flat_map(|(scheme, palette)| {
                PAIRS.iter().filter_map(move |(fg, bg, needed)| {
                    let (fg_colour, bg_colour) = (*palette.get(fg)?, *palette.get(bg)?);
                    let ratio = fg_colour.contrast(bg_colour);
                    (ratio < *needed).then_some(TooLittleContrast {
                        scheme,
                        foreground: (fg, fg_colour),
                        background: (bg, bg_colour),
                        ratio,
                        needed: *needed,
                    })
                })
            })
            .next()
    }

    /// `/ui/static/theme.css`.
    pub fn css(&self) -> String {
        let variables = |palette: &BTreeMap<&str, Rgb>| -> String {
            palette
                .iter()
                .map(|(name, rgb)| format!("  --lk-{}: {rgb};\n", name.replace('_', "-")))
                .collect()
        };
        let font = self.font_family.as_deref().unwrap_or("system-ui, sans-serif");
        format!(
            ":root {{\n  color-scheme: light dark;\n  --lk-font: {font};\n{}}}\n@media (prefers-color-scheme: dark) {{\n:root {{\n{}}}\n}}\n",
            variables(&self.light),
            variables(&self.dark)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_palettes_pass_their_own_contrast_rules() {
        assert_eq!(Theme::default().too_little_contrast(), None);
    }

    #[test]
    fn contrast_follows_wcag() {
        let (black, white) = (Rgb::parse("#000").unwrap(), Rgb::parse("#ffffff").unwrap());
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // #767676 on white is the well-known 4.54:1.
        let grey = Rgb::parse("#767676").unwrap();
        assert!((grey.contrast(white) - 4.54).abs() < 0.01, "{}", grey.contrast(white));
        for bad in ["767676", "#12", "#gggggg", "red", "#1234567", "rgb(0,0,0)"] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_unreadable_choice_is_named_with_its_partner_and_ratio() {
        let mut theme = Theme::default();
        assert!(theme.set(Scheme::Dark, "primary", Rgb::parse("#1d4ed8").unwrap()));
        let problem = theme.too_little_contrast().unwrap();
        assert_eq!(problem.scheme, Scheme::Dark);
        assert_eq!(problem.background.0, "primary");
        assert_eq!(problem.foreground.0, "on_primary");
        assert!(problem.ratio < 4.5);
        assert!(!theme.set(Scheme::Light, "sparkle", Rgb::parse("#fff").unwrap()));
    }

    #[test]
    fn the_stylesheet_sets_every_colour_for_both_schemes() {
        let mut theme = Theme::default();
        theme.set(Scheme::Light, "primary", Rgb::parse("#0B6E4F").unwrap());
        theme.set_font_family("Inter, system-ui, sans-serif".into());
        let css = theme.css();
        assert!(css.contains("--lk-primary: #0b6e4f;") && css.contains("--lk-on-primary: #ffffff;"));
        assert!(css.contains("--lk-font: Inter, system-ui, sans-serif;"));
        let dark = css.split("prefers-color-scheme: dark").nth(1).unwrap();
        assert!(
            dark.contains("--lk-primary: #8ab4f8;"),
            "the dark palette keeps its own default"
        );
        assert_eq!(css.matches("--lk-").count(), 2 * DEFAULTS.len() + 1);
    }
}
