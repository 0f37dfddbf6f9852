//! The rules a survey edition must follow beyond its shape. Every problem is reported, each
//! with the question and field it is in, so a person fixing a file sees them all at once.

use super::condition::{Condition, Literal, RowCondition, Test};
use super::model::{AnswerType, Choice, Column, Edition, FORMAT_VERSION, KIND_SURVEY, Question};
use crate::date::{FiscalYear, parse_date};
use crate::message::Message;
use std::collections::HashSet;

/// Where in an edition a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Edition(&'static str),
    /// A question by position, and the field.
    Question(usize, &'static str),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub message: Message,
}

struct Report(Vec<Problem>);

impl Report {
    fn add(&mut self, place: Place, message: Message) {
        self.0.push(Problem { place, message });
    }

    fn key(&mut self, place: Place, key: &'static str) {
        self.add(place, Message::new(key));
    }
}

fn is_edition_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Question ids are written as printed (`Q6-1`), so any visible characters are allowed.
fn is_question_id(s: &str) -> bool {
    !s.is_empty() && s.chars().count() <= 40 && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

fn is_column_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Checks an edition; an empty list means it is valid.
pub fn validate(e: &Edition) -> Vec<Problem> {
    let mut r = Report(Vec::new());
    if e.format != FORMAT_VERSION {
        r.add(Place::Edition("format"), Message::new("catalog.error.format").arg("expected", FORMAT_VERSION));
    }
    if !is_edition_id(&e.id) {
        r.key(Place::Edition("id"), "catalog.error.id");
    }
    if e.kind != KIND_SURVEY {
        r.key(Place::Edition("kind"), "survey.definition.kind");
    }
    if e.title.trim().is_empty() {
        r.key(Place::Edition("title"), "catalog.error.empty");
    }
    if !(2000..=2100).contains(&e.fiscal_year) {
        r.key(Place::Edition("fiscal_year"), "catalog.error.fiscal_year");
    }
    check_dates(e, &mut r);
    if e.questions.is_empty() {
        r.key(Place::Edition("questions"), "survey.definition.no_questions");
    }
    let mut ids = HashSet::new();
    for (i, q) in e.questions.iter().enumerate() {
        if !is_question_id(&q.id) {
            r.key(Place::Question(i, "id"), "survey.definition.question_id");
        } else if !ids.insert(q.id.as_str()) {
            r.key(Place::Question(i, "id"), "survey.definition.duplicate_id");
        }
        check_question(e, i, q, &mut r);
    }
    for id in &e.retired {
        if !is_question_id(id) || ids.contains(id.as_str()) {
            r.add(Place::Edition("retired"), Message::new("survey.definition.retired").arg("id", id));
        }
    }
    r.0
}

fn check_dates(e: &Edition, r: &mut Report) {
    match parse_date(&e.issued) {
        Err(_) => r.key(Place::Edition("issued"), "catalog.error.date"),
        Ok(day) if !FiscalYear(e.fiscal_year).contains(day) => {
            r.key(Place::Edition("issued"), "survey.definition.issued_outside_year")
        }
        Ok(_) => {}
    }
    let mut period = Vec::new();
    for (field, text) in [("period_start", &e.period_start), ("period_end", &e.period_end)] {
        if text.is_empty() {
            continue;
        }
        match parse_date(text) {
            Ok(day) => period.push(day),
            Err(_) => r.key(Place::Edition(field), "catalog.error.date"),
        }
    }
    if let [start, end] = period.as_slice()
        && start > end
    {
        r.key(Place::Edition("period_end"), "survey.definition.period_order");
    }
}

fn check_question(e: &Edition, i: usize, q: &Question, r: &mut Report) {
    if q.text.trim().is_empty() {
        r.key(Place::Question(i, "text"), "catalog.error.empty");
    }
    if !q.printed && q.reading.trim().is_empty() {
        r.key(Place::Question(i, "reading"), "survey.definition.unprinted_reading");
    }
    check_answer_type(&q.answer, Place::Question(i, "answer"), false, r);
    if let Some(c) = &q.show_if {
        check_condition(e, i, c, r);
    }
}

fn check_answer_type(ty: &AnswerType, place: Place, in_table: bool, r: &mut Report) {
    match ty {
        AnswerType::YesNo => {}
        AnswerType::Single { options } => check_options(options, false, place, r),
        AnswerType::Multiple { options } => check_options(options, true, place, r),
        AnswerType::Text { max_chars } => {
            if *max_chars == Some(0) {
                r.key(place, "survey.definition.max_chars");
            }
        }
        AnswerType::Number { min: Some(min), max: Some(max), .. } if min > max => {
            r.key(place, "survey.definition.number_range")
        }
        AnswerType::Number { .. } => {}
        AnswerType::Table { .. } if in_table => r.key(place, "survey.definition.nested_table"),
        AnswerType::Table { columns, min_rows, max_rows, when_empty, .. } => {
            if max_rows.is_some_and(|max| max == 0 || max < *min_rows) {
                r.key(place, "survey.definition.rows");
            }
            if !when_empty.is_empty() && *min_rows > 0 {
                r.key(place, "survey.definition.when_empty");
            }
            check_columns(columns, place, r);
        }
    }
}

fn check_options(options: &[Choice], multiple: bool, place: Place, r: &mut Report) {
    if options.len() < 2 {
        r.key(place, "survey.definition.few_options");
    }
    let mut numbers = HashSet::new();
    for c in options {
        if c.number == 0 {
            r.key(place, "survey.definition.option_number");
        } else if !numbers.insert(c.number) {
            r.add(place, Message::new("survey.definition.duplicate_option").arg("number", c.number));
        }
        if c.label.trim().is_empty() {
            r.add(place, Message::new("survey.definition.empty_option").arg("number", c.number));
        }
        if c.exclusive && !multiple {
            r.key(place, "survey.definition.exclusive_single");
        }
    }
}

fn check_columns(columns: &[Column], place: Place, r: &mut Report) {
    if columns.is_empty() {
        r.key(place, "survey.definition.no_columns");
    }
    let mut ids = HashSet::new();
    for c in columns {
        if !is_column_id(&c.id) {
            r.add(place, Message::new("survey.definition.column_id").arg("column", &c.id));
        } else if !ids.insert(c.id.as_str()) {
            r.add(place, Message::new("survey.definition.duplicate_column").arg("column", &c.id));
        }
        if c.label.trim().is_empty() {
            r.add(place, Message::new("survey.definition.empty_label").arg("column", &c.id));
        }
        check_answer_type(&c.answer, place, true, r);
    }
}

/// The question a condition of question `i` refers to, if it exists and comes before `i`.
fn earlier<'e>(e: &'e Edition, i: usize, id: &str, r: &mut Report) -> Option<&'e Question> {
    let place = Place::Question(i, "show_if");
    match e.position(id) {
        None => {
            r.add(place, Message::new("survey.definition.unknown_question").arg("id", id));
            None
        }
        Some(at) if at >= i => {
            r.add(place, Message::new("survey.definition.not_earlier").arg("id", id));
            None
        }
        Some(at) => e.questions.get(at),
    }
}

fn check_condition(e: &Edition, i: usize, c: &Condition, r: &mut Report) {
    let place = Place::Question(i, "show_if");
    match c {
        Condition::Is { question, test } => {
            if let Some(q) = earlier(e, i, question, r) {
                check_test(&q.answer, question, test, place, r);
            }
        }
        Condition::AnyRow { question, row } => match earlier(e, i, question, r).map(|q| &q.answer) {
            Some(AnswerType::Table { columns, .. }) => {
                if let Some(row) = row {
                    check_row_condition(columns, row, place, r);
                }
            }
            Some(other) => r.add(place, wrong_type(question, "any_row", other)),
            None => {}
        },
        Condition::And(list) | Condition::Or(list) => {
            if list.is_empty() {
                r.key(place, "survey.definition.empty_list");
            }
            list.iter().for_each(|c| check_condition(e, i, c, r));
        }
        Condition::Not(inner) => check_condition(e, i, inner, r),
    }
}

fn check_row_condition(columns: &[Column], c: &RowCondition, place: Place, r: &mut Report) {
    match c {
        RowCondition::Is { column, test } => match columns.iter().find(|col| &col.id == column) {
            Some(col) => check_test(&col.answer, column, test, place, r),
            None => r.add(place, Message::new("survey.definition.unknown_column").arg("column", column)),
        },
        RowCondition::And(list) | RowCondition::Or(list) => {
            if list.is_empty() {
                r.key(place, "survey.definition.empty_list");
            }
            list.iter().for_each(|c| check_row_condition(columns, c, place, r));
        }
        RowCondition::Not(inner) => check_row_condition(columns, inner, place, r),
    }
}

fn wrong_type(subject: &str, test: &str, ty: &AnswerType) -> Message {
    Message::new("survey.definition.condition_type")
        .arg("id", subject)
        .arg("test", test)
        .arg("type", ty.code())
}

/// Whether a test suits the answer type of what it tests, with options that exist.
fn check_test(ty: &AnswerType, subject: &str, test: &Test, place: Place, r: &mut Report) {
    let literals: &[Literal] = match test {
        Test::Yes | Test::No if matches!(ty, AnswerType::YesNo) => &[],
        Test::Yes => return r.add(place, wrong_type(subject, "yes", ty)),
        Test::No => return r.add(place, wrong_type(subject, "no", ty)),
        Test::Contains(n) if matches!(ty, AnswerType::Multiple { .. }) => {
            if ty.option(*n).is_none() {
                r.add(place, no_option(subject, i64::from(*n)));
            }
            &[]
        }
        Test::Contains(_) => return r.add(place, wrong_type(subject, "contains", ty)),
        Test::Equals(l) => std::slice::from_ref(l),
        Test::In(ls) if ls.is_empty() => return r.key(place, "survey.definition.empty_list"),
        Test::In(ls) => ls,
    };
    let name = if matches!(test, Test::In(_)) { "in" } else { "equals" };
    for l in literals {
        match (ty, l) {
            (AnswerType::Single { .. }, Literal::Number(n)) => {
                if !u32::try_from(*n).is_ok_and(|n| ty.option(n).is_some()) {
                    r.add(place, no_option(subject, *n));
                }
            }
            (AnswerType::Number { .. }, Literal::Number(_)) | (AnswerType::Text { .. }, Literal::Text(_)) => {
            }
            _ => return r.add(place, wrong_type(subject, name, ty)),
        }
    }
}

fn no_option(subject: &str, n: i64) -> Message {
    Message::new("survey.definition.unknown_option").arg("id", subject).arg("number", n)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = test_edition!(
        r#"[[questions]]
id = "A"
text = "はい／いいえ"
answer = { type = "yes_no" }

[[questions]]
id = "B"
text = "一つ選ぶ"
answer = { type = "single", options = [{ number = 1, label = "一" }, { number = 2, label = "二" }] }

[[questions]]
id = "C"
text = "表"
answer = { type = "table", columns = [{ id = "maker", label = "メーカー", answer = { type = "text" } }] }

[[questions]]
id = "D"
text = "数"
answer = { type = "number", min = 1 }
"#
    );

    /// The problems of HEAD plus one more question, as (field, key).
    fn problems_with(question: &str) -> Vec<(Place, &'static str)> {
        let text = format!("{HEAD}\n[[questions]]\nid = \"Z\"\ntext = \"問い\"\n{question}\n");
        let edition: Edition = toml::from_str(&text).unwrap();
        validate(&edition).into_iter().map(|p| (p.place, p.message.key)).collect()
    }

    fn keys(question: &str) -> Vec<&'static str> {
        problems_with(question).into_iter().map(|(_, k)| k).collect()
    }

    #[test]
    fn the_head_is_valid() {
        assert_eq!(keys("answer = { type = \"yes_no\" }\nshow_if = { yes = \"A\" }"), Vec::<&str>::new());
    }

    #[test]
    fn conditions_may_only_look_back() {
        let z = "answer = { type = \"yes_no\" }\n";
        assert_eq!(keys(&format!("{z}show_if = {{ yes = \"Z\" }}")), vec!["survey.definition.not_earlier"]);
        assert_eq!(
            keys(&format!("{z}show_if = {{ yes = \"Q99\" }}")),
            vec!["survey.definition.unknown_question"]
        );
        let place = problems_with(&format!("{z}show_if = {{ yes = \"Q99\" }}"))[0].0;
        assert_eq!(place, Place::Question(4, "show_if"));
    }

    #[test]
    fn a_test_must_suit_the_answer_type() {
        let z = "answer = { type = \"yes_no\" }\n";
        let cases = [
            ("{ yes = \"B\" }", "survey.definition.condition_type"),
            ("{ question = \"B\", contains = 1 }", "survey.definition.condition_type"),
            ("{ question = \"A\", equals = 1 }", "survey.definition.condition_type"),
            ("{ question = \"D\", equals = \"x\" }", "survey.definition.condition_type"),
            ("{ any_row = \"A\" }", "survey.definition.condition_type"),
            ("{ question = \"B\", equals = 3 }", "survey.definition.unknown_option"),
            ("{ question = \"B\", in = [1, 7] }", "survey.definition.unknown_option"),
            ("{ question = \"B\", in = [] }", "survey.definition.empty_list"),
            ("{ and = [] }", "survey.definition.empty_list"),
            (
                "{ any_row = \"C\", where = { column = \"model\", equals = \"x\" } }",
                "survey.definition.unknown_column",
            ),
            ("{ any_row = \"C\", where = { yes = \"maker\" } }", "survey.definition.condition_type"),
            ("{ not = { or = [{ yes = \"A\" }, { no = \"D\" }] } }", "survey.definition.condition_type"),
        ];
        for (cond, key) in cases {
            assert_eq!(keys(&format!("{z}show_if = {cond}")), vec![key], "{cond}");
        }
        let fine = "{ or = [{ question = \"B\", in = [1, 2] }, { any_row = \"C\", where = { column = \"maker\", equals = \"Fortinet\" } }, { question = \"D\", equals = 2 }] }";
        assert_eq!(keys(&format!("{z}show_if = {fine}")), Vec::<&str>::new());
    }

    #[test]
    fn answer_types_are_checked() {
        let cases = [
            (
                "answer = { type = \"single\", options = [{ number = 1, label = \"一\" }] }",
                "survey.definition.few_options",
            ),
            (
                "answer = { type = \"single\", options = [{ number = 0, label = \"零\" }, { number = 1, label = \"一\" }] }",
                "survey.definition.option_number",
            ),
            (
                "answer = { type = \"single\", options = [{ number = 1, label = \"一\", exclusive = true }, { number = 2, label = \"二\" }] }",
                "survey.definition.exclusive_single",
            ),
            (
                "answer = { type = \"multiple\", options = [{ number = 1, label = \"一\" }, { number = 2, label = \" \" }] }",
                "survey.definition.empty_option",
            ),
            ("answer = { type = \"table\", columns = [] }", "survey.definition.no_columns"),
            (
                "answer = { type = \"table\", columns = [{ id = \"Maker\", label = \"メーカー\", answer = { type = \"text\" } }] }",
                "survey.definition.column_id",
            ),
            (
                "answer = { type = \"table\", columns = [{ id = \"a\", label = \"\", answer = { type = \"text\" } }] }",
                "survey.definition.empty_label",
            ),
            (
                "answer = { type = \"table\", columns = [{ id = \"a\", label = \"一\", answer = { type = \"text\" } }, { id = \"a\", label = \"二\", answer = { type = \"text\" } }] }",
                "survey.definition.duplicate_column",
            ),
            (
                "answer = { type = \"table\", columns = [{ id = \"a\", label = \"一\", answer = { type = \"table\", columns = [] } }] }",
                "survey.definition.nested_table",
            ),
            (
                "answer = { type = \"table\", min_rows = 3, max_rows = 2, columns = [{ id = \"a\", label = \"一\", answer = { type = \"text\" } }] }",
                "survey.definition.rows",
            ),
            ("answer = { type = \"number\", min = 5, max = 1 }", "survey.definition.number_range"),
            ("answer = { type = \"text\", max_chars = 0 }", "survey.definition.max_chars"),
        ];
        for (answer, key) in cases {
            assert_eq!(keys(answer), vec![key], "{answer}");
        }
    }

    #[test]
    fn questions_need_text_an_id_as_printed_and_unnumbered_ones_a_reading() {
        let e = |extra: &str| {
            let text = format!("{HEAD}\n[[questions]]\n{extra}\nanswer = {{ type = \"yes_no\" }}\n");
            let edition: Edition = toml::from_str(&text).unwrap();
            validate(&edition).into_iter().map(|p| (p.place, p.message.key)).collect::<Vec<_>>()
        };
        assert_eq!(
            e("id = \"Q 5\"\ntext = \"問い\""),
            vec![(Place::Question(4, "id"), "survey.definition.question_id")]
        );
        assert_eq!(
            e("id = \"A\"\ntext = \"問い\""),
            vec![(Place::Question(4, "id"), "survey.definition.duplicate_id")]
        );
        assert_eq!(e("id = \"Z\"\ntext = \"  \""), vec![(Place::Question(4, "text"), "catalog.error.empty")]);
        assert_eq!(
            e("id = \"pre-Z\"\ntext = \"問い\"\nprinted = false"),
            vec![(Place::Question(4, "reading"), "survey.definition.unprinted_reading")]
        );
        assert_eq!(e("id = \"pre-Z\"\ntext = \"問い\"\nprinted = false\nreading = \"分岐のため\""), vec![]);
    }

    #[test]
    fn edition_fields_are_checked() {
        let text = HEAD
            .replace("kind = \"survey\"", "kind = \"checklist\"")
            .replace("id = \"test-survey\"", "id = \"Test Survey\"")
            .replace(
                "issued = \"2025-01-31\"",
                "issued = \"2025-01-31\"\nperiod_start = \"2025-03-01\"\nperiod_end = \"2025-02-01\"",
            );
        let edition: Edition = toml::from_str(&text).unwrap();
        let found: Vec<_> = validate(&edition).into_iter().map(|p| (p.place, p.message.key)).collect();
        assert_eq!(
            found,
            vec![
                (Place::Edition("id"), "catalog.error.id"),
                (Place::Edition("kind"), "survey.definition.kind"),
                (Place::Edition("period_end"), "survey.definition.period_order"),
            ]
        );
        let empty = "format = 1\nid = \"x\"\nkind = \"survey\"\ntitle = \"\"\nfiscal_year = 2024\nissued = \"いつか\"\nquestions = []\n";
        let edition: Edition = toml::from_str(empty).unwrap();
        let found: Vec<_> = validate(&edition).into_iter().map(|p| p.message.key).collect();
        assert_eq!(
            found,
            vec!["catalog.error.empty", "catalog.error.date", "survey.definition.no_questions"]
        );
    }
}
