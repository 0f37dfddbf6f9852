//! The survey page's form, read into answers in the answer-file convention. Field names:
//! `a.{id}` for an answer (repeated for a multiple choice), `t.{id}.{row}.{column}` for a table
//! cell, `a.{id}` = `none` for a table that may have no rows. A blank answer is no answer; a
//! table row left blank is ignored. Input that does not
//! fit its type is kept as text, so the evaluator names what is wrong with it.

use iryosec_core::survey::{AnswerType, Edition};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The form field that carries a question's answer: `a.{id}`.
pub fn answer_field(question: &str) -> String {
    format!("a.{question}")
}

/// The form field of one table cell: `t.{id}.{row}.{column}`.
pub fn cell_field(question: &str, row: usize, column: &str) -> String {
    format!("{}{row}.{column}", cell_prefix(question))
}

/// What every cell field of a question's table starts with.
fn cell_prefix(question: &str) -> String {
    format!("t.{question}.")
}

/// The answers of the form, by question id.
pub fn form_answers(edition: &Edition, pairs: &[(String, String)]) -> Map<String, Value> {
    let mut out = Map::new();
    for q in edition.questions() {
        let key = answer_field(&q.id);
        let given: Vec<&str> = pairs
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        let value = match &q.answer {
            AnswerType::Multiple { .. } if !given.is_empty() => Some(Value::Array(
                given.iter().map(|v| scalar(&AnswerType::Single { options: Vec::new() }, v)).collect(),
            )),
            AnswerType::Multiple { .. } => None,
            AnswerType::Table { columns, min_rows, .. } => {
                let prefix = cell_prefix(&q.id);
                let mut rows: BTreeMap<usize, Map<String, Value>> = BTreeMap::new();
                for (k, v) in pairs.iter().filter(|(_, v)| !v.trim().is_empty()) {
                    let Some((row, column)) = k.strip_prefix(&prefix).and_then(|rest| rest.split_once('.'))
                    else {
                        continue;
                    };
                    let (Ok(row), Some(c)) = (row.parse::<usize>(), columns.iter().find(|c| c.id == column))
                    else {
                        continue;
                    };
                    rows.entry(row).or_default().insert(c.id.clone(), scalar(&c.answer, v.trim()));
                }
                // "No rows" is an answer where a table may be empty (`a.{id}` = `none`).
                let none = *min_rows == 0 && given.contains(&"none");
                (!rows.is_empty() || none)
                    .then(|| Value::Array(rows.into_values().map(Value::Object).collect()))
            }
            ty => given.first().map(|v| scalar(ty, v)),
        };
        if let Some(v) = value {
            out.insert(q.id.clone(), v);
        }
    }
    out
}

/// One typed value; input of the wrong shape stays text.
fn scalar(ty: &AnswerType, raw: &str) -> Value {
    let half: String = raw.chars().map(iryosec_core::text::half_width).collect();
    match ty {
        AnswerType::YesNo => match raw {
            "true" | "はい" => Value::Bool(true),
            "false" | "いいえ" => Value::Bool(false),
            _ => Value::String(raw.to_owned()),
        },
        AnswerType::Single { .. } | AnswerType::Multiple { .. } | AnswerType::Number { .. } => {
            half.replace(',', "").parse::<i64>().map_or_else(|_| Value::String(raw.to_owned()), Value::from)
        }
        _ => Value::String(raw.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iryosec_core::survey::builtin::edition;
    use serde_json::json;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn every_kind_of_field_reads_into_the_answer_file_convention() {
        let e = edition("mhlw-survey-fy2022-hospital").unwrap();
        let got = form_answers(
            e,
            &pairs(&[
                ("a.Q2", "true"),
                ("a.Q3", "false"),
                ("a.Q8", "2"),
                ("a.Q4", ""),
                ("t.Q17.0.maker", "ヤマハ"),
                ("t.Q17.0.count", "２"),
                ("t.Q17.0.os_version", "15.02"),
                ("t.Q17.1.maker", ""),
                ("t.Q17.1.count", " "),
                ("t.Q17.2.count", "三"),
                ("t.Q17.2.surprise", "x"),
            ]),
        );
        let want = json!({ "Q2": true, "Q3": false, "Q8": 2,
            "Q17": [{ "maker": "ヤマハ", "count": 2, "os_version": "15.02" }, { "count": "三" }] });
        assert_eq!(Value::Object(got), want, "blank answers and rows are left out; bad numbers stay text");
        let e = edition("mhlw-survey-fy2023-hospital").unwrap();
        let got = form_answers(e, &pairs(&[("a.Q6", "1"), ("a.Q6", "4")]));
        assert_eq!(Value::Object(got), json!({ "Q6": [1, 4] }));
        let e = edition("mhlw-survey-fy2022-hospital").unwrap();
        let got = form_answers(e, &pairs(&[("a.Q15", "none"), ("a.Q17", "none")]));
        assert_eq!(Value::Object(got), json!({ "Q15": [] }), "only a table that may be empty");
    }
}
