//! Reading a role list from TOML, with every problem tied to a line of the file.

use super::model::RoleList;
use super::validate::{Place, validate};
use crate::catalog::DefinitionError;
use crate::catalog::parse::{field_line, line_at, syntax_error};
use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::Spanned;

/// Where each item table starts, to point validation problems at lines.
#[derive(Deserialize)]
struct Layout {
    #[serde(default)]
    items: Vec<Spanned<IgnoredAny>>,
}

/// Parses and validates a list. Syntax errors, unknown fields and unknown values (an area that
/// is not one of the matrix's) come first, as they stop the parse; otherwise every rule that
/// fails is reported, each with its line.
pub fn parse_toml(text: &str) -> Result<RoleList, Vec<DefinitionError>> {
    let list: RoleList = toml::from_str(text).map_err(|e| syntax_error(text, &e))?;
    let problems = validate(&list);
    if problems.is_empty() {
        return Ok(list);
    }
    let layout: Option<Layout> = toml::from_str(text).ok();
    let item_start =
        |i: usize| layout.as_ref().and_then(|l| l.items.get(i)).map(|s| line_at(text, s.span().start));
    Err(problems
        .into_iter()
        .map(|p| {
            let (line, place) = match p.place {
                Place::List(field) => (field_line(text, 0, field), field.to_owned()),
                Place::Item(i, field) => {
                    let number = list.items.get(i).map(|it| it.number.as_str()).unwrap_or("");
                    let line = item_start(i).map(|start| field_line(text, start, field).unwrap_or(start));
                    (line, format!("items[{}] {number}.{field}", i + 1))
                }
            };
            DefinitionError { line, place, message: p.message }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::{Audience, Author, Control, Layer};

    const GOOD: &str = r#"format = 1
id = "test-executive"
kind = "role_checklist"
audience = "executive"
author = "mhlw"
title = "経営層向け"
fiscal_year = 2021
source = "研修教材"

[[items]]
number = "1"
key = "policy"
viewpoint = "予防"
text = "方針を策定しているか"
layer = "structure"
control = "preventive"

[[items]]
number = "2"
key = "audit"
viewpoint = "発見"
text = "監査をしているか"
layer = "人的"
control = "発見的"
measure = "監査の計画を立てる"
"#;

    #[test]
    fn a_good_file_parses_with_areas_by_code_or_in_japanese() {
        let list = parse_toml(GOOD).unwrap();
        assert_eq!((list.audience, list.author, list.items.len()), (Audience::Executive, Author::Mhlw, 2));
        assert_eq!((list.items[1].layer, list.items[1].control), (Layer::Staff, Control::Detective));
        assert_eq!(list.viewpoints(), ["予防", "発見"]);
    }

    #[test]
    fn an_unknown_field_or_area_stops_the_parse_at_its_line() {
        let typo = GOOD.replace("measure = ", "mesure = ");
        let errors = parse_toml(&typo).unwrap_err();
        assert_eq!(
            (errors.len(), errors[0].line, errors[0].message.key),
            (1, Some(25), "catalog.error.syntax")
        );
        assert!(errors[0].message.args[0].1.contains("mesure"), "{errors:?}");

        let area = GOOD.replace("layer = \"人的\"", "layer = \"物理的\"");
        let errors = parse_toml(&area).unwrap_err();
        assert_eq!(errors[0].line, Some(23));
        assert!(errors[0].message.args[0].1.contains("物理的"), "{errors:?}");
    }

    #[test]
    fn every_rule_violation_is_named_with_its_line_and_item() {
        let bad = GOOD
            .replace("kind = \"role_checklist\"", "kind = \"checklist\"")
            .replace("source = \"研修教材\"", "source = \" \"")
            .replace("number = \"2\"", "number = \"1\"")
            .replace("key = \"audit\"", "key = \"Audit!\"")
            .replace("text = \"監査をしているか\"", "text = \"\"");
        let errors = parse_toml(&bad).unwrap_err();
        let found: Vec<_> = errors.iter().map(|e| (e.line, e.place.as_str(), e.message.key)).collect();
        assert_eq!(
            found,
            vec![
                (Some(3), "kind", "roles.error.kind"),
                (Some(8), "source", "catalog.error.empty"),
                (Some(19), "items[2] 1.number", "catalog.error.duplicate_number"),
                (Some(20), "items[2] 1.key", "catalog.error.key"),
                (Some(22), "items[2] 1.text", "catalog.error.empty"),
            ]
        );
    }

    #[test]
    fn a_self_check_must_cover_the_nine_areas() {
        let text = GOOD.replace("audience = \"executive\"", "audience = \"self_check\"");
        let errors = parse_toml(&text).unwrap_err();
        assert_eq!((errors[0].place.as_str(), errors[0].message.key), ("items", "roles.error.areas_missing"));
        let missing = &errors[0].message.args[0].1;
        assert!(missing.contains("組織的・是正的") && !missing.contains("組織的・予防的"), "{missing}");
    }
}
