//! The scripts' messages, handed to them with the page: each `js-*` (`admin-js-*` for the admin
//! page) message as plain text, or
//! as parts the script fills in (`{"arg": name}`) and chooses between (`{"select": name,
//! "variants": {...}, "default": key}`, plural categories by `Intl.PluralRules`). That is the
//! part of Fluent those messages may use; anything else (functions, terms) is refused when the
//! catalog loads, so an operator's override cannot break the page unnoticed.

use fluent_syntax::ast::{Expression, InlineExpression, Pattern, PatternElement, VariantKey};
use serde_json::{Map, Value, json};

use super::Bundle;
use crate::error::Error;

/// A script of the pages, by the prefix of its messages' ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// The hosted pages' (`js-*`).
    Pages,
    /// The admin page's (`admin-js-*`).
    Admin,
}

impl Script {
    pub(super) fn owns(self, id: &str) -> bool {
        match self {
            Self::Pages => id.starts_with("js-"),
            Self::Admin => id.starts_with("admin-js-"),
        }
    }
}

/// The messages of `bundle` (each with English behind it) among `ids` that `script` shows, in
/// the form it formats.
pub(super) fn messages(bundle: &Bundle, ids: &[String], script: Script) -> Result<Value, Error> {
    let mut all = Map::new();
    for id in ids.iter().filter(|id| script.owns(id)) {
        let pattern = bundle
            .get_message(id)
            .and_then(|m| m.value())
            .ok_or_else(|| Error::Internal(format!("message {id} has no text")))?;
        let parts = parts(bundle, pattern).map_err(|why| Error::Internal(format!("message {id}: {why}")))?;
        all.insert(id.clone(), simplest(parts));
    }
    Ok(Value::Object(all))
}

fn parts(bundle: &Bundle, pattern: &Pattern<&str>) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => out.push(json!(value)),
            PatternElement::Placeable { expression } => out.push(placeable(bundle, expression)?),
        }
    }
    Ok(out)
}

fn placeable(bundle: &Bundle, expression: &Expression<&str>) -> Result<Value, String> {
    match expression {
        Expression::Inline(inline) => inline_part(bundle, inline),
        Expression::Select { selector, variants } => {
            let InlineExpression::VariableReference { id } = selector else {
                return Err("a choice in a script message must be on a variable ($count)".into());
            };
            let mut chosen = Map::new();
            let mut default = String::new();
            for variant in variants {
                let key = match &variant.key {
                    VariantKey::Identifier { name } => (*name).to_owned(),
                    VariantKey::NumberLiteral { value } => (*value).to_owned(),
                };
                if variant.default {
                    default.clone_from(&key);
                }
                chosen.insert(key, simplest(parts(bundle, &variant.value)?));
            }
            Ok(json!({ "select": id.name, "variants": chosen, "default": default }))
        }
    }
}

fn inline_part(bundle: &Bundle, inline: &InlineExpression<&str>) -> Result<Value, String> {
    match inline {
        InlineExpression::VariableReference { id } => Ok(json!({ "arg": id.name })),
        InlineExpression::StringLiteral { value } => Ok(json!(value)),
        InlineExpression::NumberLiteral { value } => Ok(json!(value)),
        InlineExpression::MessageReference { id, attribute: None } => {
            let pattern = bundle
                .get_message(id.name)
                .and_then(|m| m.value())
                .ok_or_else(|| format!("refers to {}, which has no text", id.name))?;
            let mut errors = Vec::new();
            Ok(json!(bundle.format_pattern(pattern, None, &mut errors)))
        }
        InlineExpression::Placeable { expression } => placeable(bundle, expression),
        _ => Err("script messages may hold text, $variables, choices and message references only".into()),
    }
}

/// Plain text stays a string; parts become an array.
fn simplest(parts: Vec<Value>) -> Value {
    if parts.iter().all(Value::is_string) {
        Value::String(parts.iter().filter_map(Value::as_str).collect())
    } else {
        Value::Array(parts)
    }
}
