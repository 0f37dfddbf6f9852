//! Answers to survey questions, read from the answer-file convention (DESIGN.md §6: はい／
//! いいえ as `true`/`false`, a single choice as the option number as printed, a multiple
//! choice as an array of numbers, text as a string, a table as an array of objects) and
//! checked against the question they answer.

use super::model::{AnswerType, Choice, Column, Question};
use crate::message::Message;
use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One answer, typed. Serialises back to the answer-file convention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Answer {
    YesNo(bool),
    /// The number of the chosen option.
    Choice(u32),
    /// The numbers of the chosen options.
    Choices(Vec<u32>),
    Text(String),
    Number(i64),
    Table(Vec<Row>),
}

/// One row of a table: cells by column id. A cell left out is unanswered.
pub type Row = BTreeMap<String, Answer>;

/// Answers by question id.
pub type Answers = BTreeMap<String, Answer>;

/// What is wrong with an answer; in a table, which row (1-based) and column (its id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerProblem {
    pub row: Option<usize>,
    pub column: Option<String>,
    pub message: Message,
}

impl AnswerProblem {
    fn whole(message: Message) -> AnswerProblem {
        AnswerProblem { row: None, column: None, message }
    }

    fn at(mut self, row: usize, column: Option<&str>) -> AnswerProblem {
        // A cell's own problem is reported at its row and column, not nested deeper.
        self.row = Some(row);
        if self.column.is_none() {
            self.column = column.map(str::to_owned);
        }
        self
    }
}

type Checked<T> = Result<T, Vec<AnswerProblem>>;

fn fail<T>(message: Message) -> Checked<T> {
    Err(vec![AnswerProblem::whole(message)])
}

impl Question {
    /// Reads this question's answer from an answer file's JSON value, checking its type and
    /// its value (options that exist, exclusive options alone, table rows and cells).
    pub fn parse_answer(&self, value: &Value) -> Checked<Answer> {
        from_json(&self.answer, value)
    }

    /// Checks an answer built in code (a form, a prefill) against this question.
    pub fn check_answer(&self, answer: &Answer) -> Checked<()> {
        check(&self.answer, answer)
    }
}

fn option_list(options: &[Choice]) -> String {
    options.iter().map(|c| c.number.to_string()).collect::<Vec<_>>().join(", ")
}

/// The message that says which JSON shape a type takes.
fn expected(ty: &AnswerType) -> Message {
    match ty {
        AnswerType::YesNo => Message::new("survey.error.yes_no"),
        AnswerType::Single { options } => {
            Message::new("survey.error.option").arg("options", option_list(options))
        }
        AnswerType::Multiple { options } => {
            Message::new("survey.error.options").arg("options", option_list(options))
        }
        AnswerType::Text { .. } => Message::new("survey.error.text"),
        AnswerType::Number { .. } => Message::new("survey.error.number"),
        AnswerType::Table { .. } => Message::new("survey.error.table"),
    }
}

fn option_number(value: &Value) -> Option<u32> {
    value.as_u64().and_then(|n| u32::try_from(n).ok())
}

/// Converts by shape, then checks the value.
pub(crate) fn from_json(ty: &AnswerType, value: &Value) -> Checked<Answer> {
    let answer = match (ty, value) {
        (AnswerType::YesNo, Value::Bool(b)) => Some(Answer::YesNo(*b)),
        (AnswerType::Single { .. }, v) => option_number(v).map(Answer::Choice),
        (AnswerType::Multiple { .. }, Value::Array(items)) => {
            items.iter().map(option_number).collect::<Option<Vec<u32>>>().map(Answer::Choices)
        }
        (AnswerType::Text { .. }, Value::String(s)) => Some(Answer::Text(s.clone())),
        (AnswerType::Number { .. }, v) => v.as_i64().map(Answer::Number),
        (AnswerType::Table { columns, .. }, Value::Array(rows)) => return table_from_json(ty, columns, rows),
        _ => None,
    };
    let Some(answer) = answer else { return fail(expected(ty)) };
    check(ty, &answer)?;
    Ok(answer)
}

/// Reads every row, keeping the cells that have the right shape; then checks the table,
/// leaving out what a cell's shape problem already says.
fn table_from_json(ty: &AnswerType, columns: &[Column], rows: &[Value]) -> Checked<Answer> {
    let mut shape_problems = Vec::new();
    let mut table = Vec::new();
    for (i, value) in rows.iter().enumerate() {
        let mut row = Row::new();
        let Value::Object(cells) = value else {
            shape_problems.push(AnswerProblem::whole(Message::new("survey.error.row")).at(i + 1, None));
            table.push(row);
            continue;
        };
        for (key, cell) in cells.iter().filter(|(_, v)| !v.is_null()) {
            match columns.iter().find(|c| &c.id == key) {
                // Unknown columns are reported by the check below.
                None => _ = row.insert(key.clone(), Answer::Text(String::new())),
                Some(column) => match from_json(&column.answer, cell) {
                    Ok(answer) => _ = row.insert(key.clone(), answer),
                    Err(problems) => {
                        shape_problems.extend(problems.into_iter().map(|p| p.at(i + 1, Some(key))))
                    }
                },
            }
        }
        table.push(row);
    }
    let answer = Answer::Table(table);
    // A row that is not an object has only that problem; a bad cell only its shape problem.
    let already = |p: &AnswerProblem| {
        shape_problems.iter().any(|s| s.row == p.row && (s.column.is_none() || s.column == p.column))
    };
    let mut problems: Vec<AnswerProblem> =
        check(ty, &answer).err().unwrap_or_default().into_iter().filter(|p| !already(p)).collect();
    problems.extend(shape_problems.iter().cloned());
    let position = |c: &Option<String>| c.as_ref().and_then(|c| columns.iter().position(|col| &col.id == c));
    problems.sort_by_key(|p| (p.row, position(&p.column)));
    if problems.is_empty() { Ok(answer) } else { Err(problems) }
}

/// Checks a typed answer against its question's type.
pub(crate) fn check(ty: &AnswerType, answer: &Answer) -> Checked<()> {
    match (ty, answer) {
        (AnswerType::YesNo, Answer::YesNo(_)) => Ok(()),
        (AnswerType::Single { options }, Answer::Choice(n)) => known_option(options, *n),
        (AnswerType::Multiple { options }, Answer::Choices(chosen)) => check_choices(options, chosen),
        (AnswerType::Text { max_chars }, Answer::Text(s)) => check_text(s, *max_chars),
        (AnswerType::Number { min, max, .. }, Answer::Number(n)) => check_number(*n, *min, *max),
        (AnswerType::Table { columns, min_rows, max_rows, .. }, Answer::Table(rows)) => {
            check_table(columns, *min_rows, *max_rows, rows)
        }
        _ => fail(expected(ty)),
    }
}

fn known_option(options: &[Choice], n: u32) -> Checked<()> {
    if options.iter().any(|c| c.number == n) {
        return Ok(());
    }
    fail(Message::new("survey.error.no_such_option").arg("number", n).arg("options", option_list(options)))
}

fn check_choices(options: &[Choice], chosen: &[u32]) -> Checked<()> {
    if chosen.is_empty() {
        return fail(Message::new("survey.error.none_chosen"));
    }
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for &n in chosen {
        if !seen.insert(n) {
            problems.push(AnswerProblem::whole(Message::new("survey.error.chosen_twice").arg("number", n)));
        } else if let Err(p) = known_option(options, n) {
            problems.extend(p);
        }
    }
    if seen.len() > 1 {
        for c in options.iter().filter(|c| c.exclusive && seen.contains(&c.number)) {
            let m = Message::new("survey.error.exclusive").arg("number", c.number).arg("label", &c.label);
            problems.push(AnswerProblem::whole(m));
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

fn check_text(s: &str, max_chars: Option<usize>) -> Checked<()> {
    if s.trim().is_empty() {
        return fail(Message::new("survey.error.empty"));
    }
    let count = s.chars().count();
    match max_chars {
        Some(max) if count > max => {
            fail(Message::new("survey.error.too_long").arg("max", max).arg("count", count))
        }
        _ => Ok(()),
    }
}

fn check_number(n: i64, min: Option<i64>, max: Option<i64>) -> Checked<()> {
    match (min, max) {
        (Some(min), _) if n < min => fail(Message::new("survey.error.too_small").arg("min", min)),
        (_, Some(max)) if n > max => fail(Message::new("survey.error.too_large").arg("max", max)),
        _ => Ok(()),
    }
}

fn check_table(columns: &[Column], min_rows: usize, max_rows: Option<usize>, rows: &[Row]) -> Checked<()> {
    let mut problems = Vec::new();
    if rows.len() < min_rows {
        problems.push(AnswerProblem::whole(Message::new("survey.error.too_few_rows").arg("min", min_rows)));
    }
    if let Some(max) = max_rows.filter(|max| rows.len() > *max) {
        problems.push(AnswerProblem::whole(Message::new("survey.error.too_many_rows").arg("max", max)));
    }
    let known: Vec<&str> = columns.iter().map(|c| c.id.as_str()).collect();
    for (i, row) in rows.iter().enumerate() {
        for key in row.keys().filter(|k| !known.contains(&k.as_str())) {
            let m = Message::new("survey.error.unknown_column")
                .arg("column", key)
                .arg("columns", known.join(", "));
            problems.push(AnswerProblem::whole(m).at(i + 1, None));
        }
        for column in columns {
            let found = match row.get(&column.id) {
                None if column.required => fail(Message::new("survey.error.required")),
                None => Ok(()),
                Some(cell) => check(&column.answer, cell),
            };
            if let Err(p) = found {
                problems.extend(p.into_iter().map(|p| p.at(i + 1, Some(&column.id))));
            }
        }
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}
