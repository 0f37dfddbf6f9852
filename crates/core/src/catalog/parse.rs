//! Reading an edition from TOML, with every problem tied to a line of the file.

use super::model::Edition;
use super::validate::{Place, validate};
use crate::message::Message;
use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::Spanned;

/// A problem with a definition file: where (line, and the item or field) and what.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DefinitionError {
    /// 1-based line in the file, when known.
    pub line: Option<usize>,
    /// The item number or field the problem is in (`items[3] 2-(5).scopes`).
    pub place: String,
    pub message: Message,
}

/// Where each section and item table starts, to point validation problems at lines.
#[derive(Deserialize)]
struct Layout {
    #[serde(default)]
    sections: Vec<Spanned<IgnoredAny>>,
    #[serde(default)]
    items: Vec<Spanned<IgnoredAny>>,
}

/// The line of `field = …` in the table that starts at line `start`, if it is written there.
pub(crate) fn field_line(text: &str, start: usize, field: &str) -> Option<usize> {
    text.lines()
        .enumerate()
        .skip(start)
        .take_while(|(_, l)| !l.trim_start().starts_with('['))
        .find(|(_, l)| {
            l.trim_start().strip_prefix(field).is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|(n, _)| n + 1)
}

/// The line (from 1) of a byte offset into the text.
pub(crate) fn line_at(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |before| before.matches('\n').count()) + 1
}

/// A definition that is not TOML, or not of the expected shape, as one problem at its line.
pub(crate) fn syntax_error(text: &str, e: &toml::de::Error) -> Vec<DefinitionError> {
    vec![DefinitionError {
        line: e.span().map(|s| line_at(text, s.start)),
        place: String::new(),
        message: Message::new("catalog.error.syntax").arg("detail", e.message().trim()),
    }]
}

/// Parses and validates an edition. Syntax errors and unknown fields come first (they stop
/// the parse); otherwise every rule that fails is reported.
pub fn parse_toml(text: &str) -> Result<Edition, Vec<DefinitionError>> {
    let edition: Edition = toml::from_str(text).map_err(|e| syntax_error(text, &e))?;
    let problems = validate(&edition);
    if problems.is_empty() {
        return Ok(edition);
    }
    let layout: Option<Layout> = toml::from_str(text).ok();
    let line_of_item =
        |i: usize| layout.as_ref().and_then(|l| l.items.get(i)).map(|s| line_at(text, s.span().start));
    let line_of_field =
        |i: usize, field: &str| line_of_item(i).map(|start| field_line(text, start, field).unwrap_or(start));
    let line_of_section =
        |i: usize| layout.as_ref().and_then(|l| l.sections.get(i)).map(|s| line_at(text, s.span().start));
    Err(problems
        .into_iter()
        .map(|p| {
            let (line, place) = match p.place {
                Place::Edition(field) => (None, field.to_owned()),
                Place::Section(i) => (line_of_section(i), format!("sections[{}]", i + 1)),
                Place::Item(i, field) => {
                    let number = edition.items.get(i).map(|it| it.number.as_str()).unwrap_or("");
                    (line_of_field(i, field), format!("items[{}] {number}.{field}", i + 1))
                }
            };
            DefinitionError { line, place, message: p.message }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"format = 1
id = "test-edition"
kind = "checklist"
title = "テスト版"
fiscal_year = 2026
sheet = "hospital_pharmacy"

[[sections]]
number = "1"
title = "体制構築"

[[items]]
number = "1-①"
key = "governance.security_officer"
section = "1"
title = "責任者を設置している。"
due = 2026

[[items]]
number = "1-②"
key = "assets.ledger"
section = "1"
title = "台帳がある。"
scopes = ["server", "terminal"]
due = 2026
"#;

    #[test]
    fn a_good_file_parses() {
        let e = parse_toml(GOOD).unwrap();
        assert_eq!((e.items.len(), e.confirmations), (2, 1));
        assert_eq!(e.sheet, crate::catalog::Sheet::HospitalPharmacy);
    }

    #[test]
    fn syntax_errors_and_unknown_fields_name_the_line() {
        let typo = GOOD.replace("due = 2026\n\n[[items]]", "deu = 2026\n\n[[items]]");
        let errors = parse_toml(&typo).unwrap_err();
        assert_eq!(errors[0].message.key, "catalog.error.syntax");
        assert!(errors[0].line.is_some_and(|l| (13..=18).contains(&l)), "{errors:?}");

        let broken = GOOD.replace("title = \"台帳がある。\"", "title = \"台帳がある。");
        let errors = parse_toml(&broken).unwrap_err();
        assert_eq!(errors[0].line, Some(23));
    }

    #[test]
    fn rule_violations_name_the_item_and_its_line() {
        let bad = GOOD
            .replace("key = \"assets.ledger\"", "key = \"governance.security_officer\"")
            .replace("section = \"1\"\ntitle = \"台帳", "section = \"9\"\ntitle = \"台帳")
            .replace("scopes = [\"server\", \"terminal\"]", "scopes = [\"server\", \"server\"]");
        let errors = parse_toml(&bad).unwrap_err();
        let found: Vec<_> = errors.iter().map(|e| (e.line, e.place.as_str(), e.message.key)).collect();
        assert_eq!(
            found,
            vec![
                (Some(21), "items[2] 1-②.key", "catalog.error.duplicate_key"),
                (Some(22), "items[2] 1-②.section", "catalog.error.unknown_section"),
                (Some(24), "items[2] 1-②.scopes", "catalog.error.duplicate_scope"),
            ]
        );
    }

    #[test]
    fn an_unknown_scope_is_a_syntax_level_error_with_its_line() {
        let bad = GOOD.replace("[\"server\", \"terminal\"]", "[\"server\", \"printer\"]");
        let errors = parse_toml(&bad).unwrap_err();
        assert_eq!(errors[0].line, Some(24));
        assert!(errors[0].message.args[0].1.contains("printer"));
    }

    #[test]
    fn verification_takes_three_levels_and_the_older_names() {
        use crate::catalog::Verification;
        let with = |v: &str| {
            GOOD.replace(
                "due = 2026\n\n[[items]]",
                &format!("due = 2026\nverification = \"{v}\"\n\n[[items]]"),
            )
        };
        let level = |v: &str| parse_toml(&with(v)).map(|e| e.items[0].verification);
        assert_eq!(level("final"), Ok(Verification::Final));
        assert_eq!(level("draft"), Ok(Verification::Draft));
        assert_eq!(level("inferred"), Ok(Verification::Inferred));
        assert_eq!(level("verified"), Ok(Verification::Final), "files written before keep their meaning");
        assert_eq!(level("partial"), Ok(Verification::Inferred));
        assert_eq!(level("unverified"), Ok(Verification::Inferred));
        assert_eq!(
            parse_toml(GOOD).unwrap().items[0].verification,
            Verification::Inferred,
            "nobody said otherwise"
        );
        let errors = parse_toml(&with("checked")).unwrap_err();
        assert_eq!((errors[0].line, errors[0].message.key), (Some(18), "catalog.error.syntax"));
        assert!(errors[0].message.args[0].1.contains("checked"), "{errors:?}");
    }

    #[test]
    fn a_month_is_a_publication_date_but_a_made_up_shape_is_not() {
        let published = |p: &str| GOOD.replace("sheet = ", &format!("published = \"{p}\"\nsheet = "));
        assert_eq!(parse_toml(&published("2026-06")).unwrap().published, "2026-06");
        assert!(parse_toml(&published("2026-06-15")).is_ok());
        for bad in ["2026-6", "2026-13", "June 2026"] {
            let errors = parse_toml(&published(bad)).unwrap_err();
            assert_eq!(
                (errors[0].place.as_str(), errors[0].message.key),
                ("published", "catalog.error.published"),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_provisional_edition_cannot_claim_an_item_checked_against_the_final_text() {
        let text = GOOD
            .replace("sheet = ", "provisional = true\nsheet = ")
            .replace("due = 2026\n\n[[items]]", "due = 2026\nverification = \"final\"\n\n[[items]]");
        let errors = parse_toml(&text).unwrap_err();
        let found: Vec<_> = errors.iter().map(|e| (e.line, e.place.as_str(), e.message.key)).collect();
        assert_eq!(found, vec![(Some(19), "items[1] 1-①.verification", "catalog.error.provisional_final")]);
        assert!(parse_toml(&text.replace("\"final\"", "\"draft\"")).unwrap().provisional);
    }
}
