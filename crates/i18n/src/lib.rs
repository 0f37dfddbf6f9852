//! Message catalogs: `locales/ja.toml` (the reference) and `locales/en.toml`, embedded in the
//! binary. Keys are dotted paths (`nav.home`); values may hold `{name}` placeholders.
//!
//! The language is chosen per request (the user's setting), never globally. A key missing in
//! a catalog shows as the key itself, and the parity test keeps that from ever shipping.

use std::collections::BTreeMap;
use std::sync::LazyLock;

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Ja,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Looks a message up; the key itself if it is missing.
    pub fn tr(self, key: &str) -> &str {
        match catalog(self).get(key) {
            Some(text) => text.as_str(),
            None => key,
        }
    }

    /// Looks a message up and fills its `{name}` placeholders.
    pub fn tr_args<S: AsRef<str>>(self, key: &str, args: &[(&str, S)]) -> String {
        let mut text = self.tr(key).to_owned();
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value.as_ref());
        }
        text
    }
}

pub type Catalog = BTreeMap<String, String>;

static JA: LazyLock<Catalog> = LazyLock::new(|| parse_or_empty(include_str!("../locales/ja.toml")));
static EN: LazyLock<Catalog> = LazyLock::new(|| parse_or_empty(include_str!("../locales/en.toml")));

/// The whole catalog of a language, for the parity tests and for listing choices.
pub fn catalog(lang: Lang) -> &'static Catalog {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

/// Parses a catalog file into flat dotted keys.
pub fn parse_catalog(text: &str) -> Result<Catalog, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| e.to_string())?;
    let mut out = Catalog::new();
    flatten("", &toml::Value::Table(table), &mut out)?;
    Ok(out)
}

fn parse_or_empty(text: &str) -> Catalog {
    parse_catalog(text).unwrap_or_default()
}

fn flatten(prefix: &str, value: &toml::Value, out: &mut Catalog) -> Result<(), String> {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t {
                let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                flatten(&key, v, out)?;
            }
            Ok(())
        }
        toml::Value::String(s) => {
            out.insert(prefix.to_owned(), s.clone());
            Ok(())
        }
        other => Err(format!("{prefix}: expected text, found {}", other.type_str())),
    }
}

/// The `{name}` placeholders of a message, sorted.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_catalogs_parse() {
        parse_catalog(include_str!("../locales/ja.toml")).unwrap();
        parse_catalog(include_str!("../locales/en.toml")).unwrap();
        assert!(catalog(Lang::Ja).len() > 50);
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let ja: Vec<&String> = catalog(Lang::Ja).keys().collect();
        let en: Vec<&String> = catalog(Lang::En).keys().collect();
        let only_ja: Vec<_> = ja.iter().filter(|k| !catalog(Lang::En).contains_key(k.as_str())).collect();
        let only_en: Vec<_> = en.iter().filter(|k| !catalog(Lang::Ja).contains_key(k.as_str())).collect();
        assert!(only_ja.is_empty(), "keys missing in en.toml: {only_ja:?}");
        assert!(only_en.is_empty(), "keys missing in ja.toml: {only_en:?}");
    }

    #[test]
    fn no_message_is_empty_and_placeholders_agree() {
        for (key, ja) in catalog(Lang::Ja) {
            let en = catalog(Lang::En).get(key).map(String::as_str).unwrap_or("");
            assert!(!ja.trim().is_empty(), "empty ja message: {key}");
            assert!(!en.trim().is_empty(), "empty en message: {key}");
            assert_eq!(placeholders(ja), placeholders(en), "placeholders differ: {key}");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(
            Lang::Ja.tr_args("password.error.too_short", &[("min", "12")]),
            "パスワードは12文字以上にしてください。"
        );
        assert_eq!(
            Lang::En.tr_args("password.error.too_short", &[("min", "12")]),
            "Use at least 12 characters."
        );
    }

    #[test]
    fn a_missing_key_shows_as_itself() {
        assert_eq!(Lang::Ja.tr("no.such.key"), "no.such.key");
    }
}
