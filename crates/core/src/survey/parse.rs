//! Reading a survey edition from TOML, with every problem tied to a line of the file.

use super::model::Edition;
use super::validate::{Place, validate};
use crate::catalog::DefinitionError;
use crate::catalog::parse::{line_at, syntax_error};
use serde::Deserialize;
use serde::de::IgnoredAny;
use std::collections::BTreeMap;
use toml::Spanned;

/// Where each key of a table is written.
type Fields = BTreeMap<String, Spanned<IgnoredAny>>;

/// Where each question and each of its fields starts, to point problems at lines.
#[derive(Deserialize)]
struct Layout {
    #[serde(default)]
    questions: Vec<Spanned<Fields>>,
}

/// Parses and validates an edition. Syntax errors, unknown fields and malformed conditions
/// come first (they stop the parse); otherwise every rule that fails is reported.
pub fn parse_toml(text: &str) -> Result<Edition, Vec<DefinitionError>> {
    let edition: Edition = toml::from_str(text).map_err(|e| syntax_error(text, &e))?;
    let problems = validate(&edition);
    if problems.is_empty() {
        return Ok(edition);
    }
    let top: Option<Fields> = toml::from_str(text).ok();
    let layout: Option<Layout> = toml::from_str(text).ok();
    let line_of = |fields: Option<&Fields>, field: &str| {
        fields.and_then(|f| f.get(field)).map(|s| line_at(text, s.span().start))
    };
    Err(problems
        .into_iter()
        .map(|p| {
            let (line, place) = match p.place {
                Place::Edition(field) => (line_of(top.as_ref(), field), field.to_owned()),
                Place::Question(i, field) => {
                    let question = layout.as_ref().and_then(|l| l.questions.get(i));
                    let start = question.map(|q| line_at(text, q.span().start));
                    let id = edition.questions.get(i).map(|q| q.id.as_str()).unwrap_or("");
                    let line = line_of(question.map(|q| q.get_ref()), field).or(start);
                    (line, format!("questions[{}] {id}.{field}", i + 1))
                }
            };
            DefinitionError { line, place, message: p.message }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = test_edition!(
        r#"[[questions]]
id = "Q1"
text = "バックアップを作成していますか。"
answer = { type = "yes_no" }

[[questions]]
id = "Q2"
text = "作成の頻度を選んでください。"
show_if = { yes = "Q1" }

[questions.answer]
type = "single"
options = [
  { number = 1, label = "毎日" },
  { number = 2, label = "週1回" },
]

[[questions]]
id = "Q3"
text = "VPN 機器を書いてください。"

[questions.answer]
type = "table"
columns = [
  { id = "maker", label = "メーカー名", answer = { type = "text" } },
  { id = "count", label = "台数", answer = { type = "number", min = 1 } },
]

[[questions]]
id = "Q4"
text = "管理画面へのアクセスを制限していますか。"
answer = { type = "yes_no" }
show_if = { any_row = "Q3", where = { column = "maker", equals = "Fortinet" } }
"#
    );

    fn found(text: &str) -> Vec<(Option<usize>, String, &'static str)> {
        parse_toml(text).unwrap_err().into_iter().map(|e| (e.line, e.place, e.message.key)).collect()
    }

    #[test]
    fn a_good_file_parses_and_round_trips() {
        let e = parse_toml(GOOD).unwrap();
        assert_eq!(e.questions.len(), 4);
        assert_eq!(e.question("Q2").unwrap().answer.options().len(), 2);
        assert_eq!(
            e.question("Q4").unwrap().show_if.as_ref().unwrap().to_string(),
            "any_row(Q3, maker = \"Fortinet\")"
        );
        let again: Edition = toml::from_str(&toml::to_string(&e).unwrap()).unwrap();
        assert_eq!(again, e, "what is written back reads the same");
    }

    #[test]
    fn unknown_keys_and_types_are_syntax_errors_with_their_line() {
        let typo = GOOD.replace(
            "answer = { type = \"yes_no\" }\n\n[[questions]]\nid = \"Q2\"",
            "answr = { type = \"yes_no\" }\n\n[[questions]]\nid = \"Q2\"",
        );
        let errors = parse_toml(&typo).unwrap_err();
        assert_eq!(errors[0].message.key, "catalog.error.syntax");
        assert!(errors[0].message.args[0].1.contains("answr"), "{errors:?}");
        let bad_type = GOOD.replace("type = \"single\"", "type = \"dropdown\"");
        let errors = parse_toml(&bad_type).unwrap_err();
        assert!(errors[0].line.is_some_and(|l| (19..=24).contains(&l)), "{errors:?}");
        let option_typo =
            GOOD.replace("{ number = 2, label = \"週1回\" }", "{ number = 2, lable = \"週1回\" }");
        assert_eq!(parse_toml(&option_typo).unwrap_err()[0].message.key, "catalog.error.syntax");
    }

    #[test]
    fn a_condition_with_two_forms_or_none_is_refused_with_its_line() {
        let two = GOOD.replace("show_if = { yes = \"Q1\" }", "show_if = { yes = \"Q1\", no = \"Q1\" }");
        let errors = parse_toml(&two).unwrap_err();
        assert_eq!(errors[0].line, Some(16), "{errors:?}");
        assert!(errors[0].message.args[0].1.contains("どれか一つ"), "{errors:?}");
        let half = GOOD.replace("show_if = { yes = \"Q1\" }", "show_if = { question = \"Q1\" }");
        assert_eq!(parse_toml(&half).unwrap_err()[0].line, Some(16));
        let stray =
            GOOD.replace("where = { column = \"maker\", equals", "where = { question = \"maker\", equals");
        assert_eq!(parse_toml(&stray).unwrap_err()[0].message.key, "catalog.error.syntax");
    }

    #[test]
    fn rule_violations_name_the_question_field_and_line() {
        let bad = GOOD
            .replace("id = \"Q4\"", "id = \"Q1\"")
            .replace("show_if = { yes = \"Q1\" }", "show_if = { yes = \"Q3\" }")
            .replace("{ number = 2, label = \"週1回\" }", "{ number = 1, label = \"\" }")
            .replace("equals = \"Fortinet\"", "equals = 3")
            .replace("issued = \"2025-01-31\"", "issued = \"2025-04-01\"");
        assert_eq!(
            found(&bad),
            vec![
                (Some(6), "issued".to_owned(), "survey.definition.issued_outside_year"),
                (Some(18), "questions[2] Q2.answer".to_owned(), "survey.definition.duplicate_option"),
                (Some(18), "questions[2] Q2.answer".to_owned(), "survey.definition.empty_option"),
                (Some(16), "questions[2] Q2.show_if".to_owned(), "survey.definition.not_earlier"),
                (Some(37), "questions[4] Q1.id".to_owned(), "survey.definition.duplicate_id"),
                (Some(40), "questions[4] Q1.show_if".to_owned(), "survey.definition.condition_type"),
            ]
        );
    }
}
