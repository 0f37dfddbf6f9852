//! The questionnaire's questions as the template draws them, from the survey's state.

use crate::form::message;
use crate::page::PageCtx;
use iryosec_app::survey_form::{answer_field, cell_field};
use iryosec_app::surveys::SurveyState;
use iryosec_core::survey::{AnswerType, Question};
use serde_json::Value;

/// Blank rows offered under a table's rows, to add rows without JavaScript.
const BLANK_ROWS: usize = 3;

pub struct OptionView {
    pub value: String,
    pub label: String,
    pub checked: bool,
    pub exclusive: bool,
}

pub struct CellView {
    pub name: String,
    pub label: String,
    pub value: String,
    /// A choice cell (はい／いいえ or options) is a select; the others are inputs.
    pub options: Vec<OptionView>,
    pub number: bool,
}

pub struct QuestionView {
    pub id: String,
    /// The form field of the answer (see `iryosec_app::survey_form`).
    pub field: String,
    pub text: String,
    pub help: String,
    /// How iryosec read the answer guide where its passages differ (empty if nowhere).
    pub reading: String,
    /// False for iryosec's own gate questions, which G-MIS has no field for.
    pub printed: bool,
    /// `radio`, `checkbox`, `text`, `number` or `table`.
    pub kind: &'static str,
    pub options: Vec<OptionView>,
    pub value: String,
    pub unit: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<CellView>>,
    /// A table that may be empty offers "no rows" as an answer.
    pub may_be_empty: bool,
    pub empty_chosen: bool,
    /// More rows than one may be given (blank rows are offered, and more after a save).
    pub many_rows: bool,
    pub source: String,
    pub needs_confirm: bool,
    pub errors: Vec<String>,
}

fn text_of(v: Option<&Value>) -> String {
    match v {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn options(page: &PageCtx, ty: &AnswerType, chosen: &[String]) -> Vec<OptionView> {
    let is = |v: &str| chosen.iter().any(|c| c == v);
    match ty {
        AnswerType::YesNo => [("true", "survey.page.yes"), ("false", "survey.page.no")]
            .into_iter()
            .map(|(v, key)| OptionView {
                value: v.into(),
                label: page.t(key).into(),
                checked: is(v),
                exclusive: false,
            })
            .collect(),
        _ => ty
            .options()
            .iter()
            .map(|c| OptionView {
                value: c.number.to_string(),
                label: format!("{}. {}", c.number, c.label),
                checked: is(&c.number.to_string()),
                exclusive: c.exclusive,
            })
            .collect(),
    }
}

fn cells(
    page: &PageCtx,
    q: &Question,
    row: usize,
    values: Option<&serde_json::Map<String, Value>>,
) -> Vec<CellView> {
    q.answer
        .columns()
        .iter()
        .map(|c| {
            let value = text_of(values.and_then(|v| v.get(&c.id)));
            let choice = matches!(c.answer, AnswerType::YesNo | AnswerType::Single { .. });
            CellView {
                name: cell_field(&q.id, row, &c.id),
                label: c.label.clone(),
                options: if choice {
                    options(page, &c.answer, std::slice::from_ref(&value))
                } else {
                    Vec::new()
                },
                number: matches!(c.answer, AnswerType::Number { .. }),
                value,
            }
        })
        .collect()
}

fn errors(page: &PageCtx, state: &SurveyState, q: &Question) -> Vec<String> {
    state
        .evaluation
        .invalid
        .iter()
        .filter(|i| i.id == q.id)
        .map(|i| {
            let reason = message(page.lang, &i.reason);
            let column = i.column.as_deref().and_then(|c| q.answer.column(c)).map(|c| c.label.clone());
            match (i.row, column) {
                (Some(row), Some(column)) => page.lang.tr_args(
                    "survey.at_cell",
                    &[("row", row.to_string()), ("column", column), ("reason", reason)],
                ),
                (Some(row), None) => page.t2("survey.at_row", "row", row.to_string(), "reason", reason),
                _ => reason,
            }
        })
        .collect()
}

/// The applicable questions, in the printed order.
pub fn questions(page: &PageCtx, state: &SurveyState) -> Vec<QuestionView> {
    let e = state.edition;
    state
        .evaluation
        .applicable
        .iter()
        .filter_map(|id| e.question(id))
        .map(|q| {
            let v = state.answers.get(&q.id);
            let chosen: Vec<String> = match v {
                Some(Value::Array(items)) => items.iter().map(|i| text_of(Some(i))).collect(),
                other => vec![text_of(other)],
            };
            let (kind, unit) = match &q.answer {
                AnswerType::YesNo | AnswerType::Single { .. } => ("radio", String::new()),
                AnswerType::Multiple { .. } => ("checkbox", String::new()),
                AnswerType::Text { .. } => ("text", String::new()),
                AnswerType::Number { unit, .. } => ("number", unit.clone()),
                AnswerType::Table { .. } => ("table", String::new()),
            };
            let mut rows = Vec::new();
            let may_be_empty = matches!(q.answer, AnswerType::Table { min_rows: 0, .. });
            let empty_chosen = matches!(v, Some(Value::Array(items)) if items.is_empty());
            if let AnswerType::Table { max_rows, .. } = &q.answer {
                let given: Vec<&serde_json::Map<String, Value>> = match v {
                    Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
                    _ => Vec::new(),
                };
                let wanted =
                    (given.len() + BLANK_ROWS).min(max_rows.unwrap_or(usize::MAX)).max(given.len()).max(1);
                rows = (0..wanted).map(|r| cells(page, q, r, given.get(r).copied())).collect();
            }
            let source = state.sources.get(&q.id).cloned().unwrap_or_default();
            QuestionView {
                id: q.id.clone(),
                field: answer_field(&q.id),
                text: q.text.clone(),
                help: q.help.clone(),
                reading: q.reading.clone(),
                printed: q.printed,
                kind,
                options: options(page, &q.answer, &chosen),
                value: if kind == "text" || kind == "number" { text_of(v) } else { String::new() },
                unit,
                columns: q.answer.columns().iter().map(|c| c.label.clone()).collect(),
                rows,
                may_be_empty,
                empty_chosen,
                many_rows: !matches!(q.answer, AnswerType::Table { max_rows: Some(1), .. }),
                needs_confirm: !source.is_empty() && !state.confirmed.contains(&q.id),
                source,
                errors: errors(page, state, q),
            }
        })
        .collect()
}
