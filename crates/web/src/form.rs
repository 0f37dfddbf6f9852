//! Showing form problems next to their fields, in the user's language.

use crate::page::{REQUEST_DATE_STYLE, dated};
use iryosec_core::date::DateStyle;
use iryosec_core::{FieldError, Message};
use iryosec_i18n::Lang;

/// Renders a domain message in a language. `core` writes the days in its messages as ISO
/// dates (「今日は 2026-12-06」); they are shown in the person's 和暦/西暦 style.
pub fn message(lang: Lang, m: &Message) -> String {
    let style = REQUEST_DATE_STYLE.try_with(|s| *s).unwrap_or(DateStyle::Wareki);
    let args: Vec<(&str, String)> =
        m.args.iter().map(|(name, value)| (*name, dated(value, lang, style))).collect();
    lang.tr_args(m.key, &args)
}

/// Every problem of a refused form as one line each, for a list above the form.
pub fn messages(lang: Lang, errors: &[FieldError]) -> Vec<String> {
    errors.iter().map(|e| message(lang, &e.message)).collect()
}

#[derive(Debug, Clone, Default)]
pub struct FormErrors {
    lang: Lang,
    errors: Vec<FieldError>,
}

impl FormErrors {
    pub fn new(lang: Lang, errors: Vec<FieldError>) -> FormErrors {
        FormErrors { lang, errors }
    }

    pub fn none(lang: Lang) -> FormErrors {
        FormErrors { lang, errors: Vec::new() }
    }

    pub fn any(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The message of a field, or an empty string (templates test with `is_empty`).
    pub fn get(&self, field: &str) -> String {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| message(self.lang, &e.message))
            .unwrap_or_default()
    }

    /// `aria-invalid` value for a field.
    pub fn invalid(&self, field: &str) -> &'static str {
        if self.errors.iter().any(|e| e.field == field) { "true" } else { "false" }
    }
}
