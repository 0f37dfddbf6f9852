//! Which questions a set of answers makes applicable, which of them are still unanswered,
//! and which answers are wrong — including answers to questions the branching skips, which
//! are reported rather than silently kept.
//!
//! A question whose condition is not known to be true is either skipped (what decides it is
//! answered, or skipped itself: no later answer can open it) or undecided (an answer it
//! depends on is missing, or wrong). An answer to a skipped question says it is skipped; to
//! one waiting for a missing answer, to answer that first; to one waiting for a wrong answer,
//! nothing beyond its own problems — that one wrong answer is reported once, not again on
//! every question after it.

use super::answer::{Answer, AnswerProblem, Answers};
use super::condition::Known;
use super::model::{Edition, Question};
use crate::message::Message;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A wrong answer: the question id as written in the answers, where in a table (row
/// 1-based, column id), and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invalid {
    pub id: String,
    pub row: Option<usize>,
    pub column: Option<String>,
    pub reason: Message,
}

impl Invalid {
    fn new(id: &str, p: AnswerProblem) -> Invalid {
        Invalid { id: id.to_owned(), row: p.row, column: p.column, reason: p.message }
    }
}

/// The state of a set of answers to an edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// The questions to answer, in the printed order, given the answers so far.
    pub applicable: Vec<String>,
    /// Applicable questions without an answer.
    pub missing: Vec<String>,
    /// Wrong answers, in question order, then answers to ids the edition does not have.
    pub invalid: Vec<Invalid>,
    /// Every applicable question answered and nothing wrong.
    pub complete: bool,
}

/// Where a question stands after the walk reached it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Answered,
    Missing,
    Invalid,
    /// Not asked, and no answer still to come can change that.
    Skipped,
    /// Not decided yet: an answer it depends on is missing.
    AwaitsMissing,
    /// Not decided yet: an answer it depends on is wrong.
    AwaitsInvalid,
}

/// Why a question whose condition is unknown is not asked, from what it depends on.
fn undecided(refs: &[&str], states: &BTreeMap<&str, State>) -> State {
    let any = |wanted: &[State]| refs.iter().any(|r| states.get(r).is_some_and(|s| wanted.contains(s)));
    if any(&[State::Missing, State::AwaitsMissing]) {
        State::AwaitsMissing
    } else if any(&[State::Invalid, State::AwaitsInvalid]) {
        State::AwaitsInvalid
    } else {
        State::Skipped
    }
}

/// Evaluates typed answers (from a form or a prefill).
pub fn evaluate(edition: &Edition, answers: &Answers) -> Evaluation {
    walk(
        edition,
        |q| answers.get(&q.id).map(|a| q.check_answer(a).map(|()| a.clone())),
        answers.keys().map(String::as_str),
    )
}

/// Evaluates an answer file's object (question id → JSON value). A `null` value counts as
/// no answer, so a template listing every id can be filled in gradually.
pub fn evaluate_json(edition: &Edition, answers: &Map<String, Value>) -> Evaluation {
    let given = || answers.iter().filter(|(_, v)| !v.is_null());
    walk(
        edition,
        |q| answers.get(&q.id).filter(|v| !v.is_null()).map(|v| q.parse_answer(v)),
        given().map(|(id, _)| id.as_str()),
    )
}

/// Reads an answer file's object into typed answers, keeping only those that are right for
/// their question (wrong ones are reported by [`evaluate_json`]).
pub fn answers_from_json(edition: &Edition, answers: &Map<String, Value>) -> Answers {
    edition
        .questions()
        .filter_map(|q| {
            let value = answers.get(&q.id).filter(|v| !v.is_null())?;
            q.parse_answer(value).ok().map(|a| (q.id.clone(), a))
        })
        .collect()
}

/// One pass in the printed order: conditions only look at earlier questions, so each
/// question's applicability is known when it is reached.
fn walk<'a>(
    edition: &'a Edition,
    answer_of: impl Fn(&Question) -> Option<Result<Answer, Vec<AnswerProblem>>>,
    given_ids: impl Iterator<Item = &'a str>,
) -> Evaluation {
    let mut accepted: Vec<(&str, Answer)> = Vec::new();
    let mut states: BTreeMap<&str, State> = BTreeMap::new();
    let (mut applicable, mut missing, mut invalid) = (Vec::new(), Vec::new(), Vec::new());
    for q in edition.questions() {
        let shown = match &q.show_if {
            None => Some(true),
            Some(cond) => {
                let known: Known<'_> = accepted.iter().map(|(id, a)| (*id, a)).collect();
                cond.eval(&known)
            }
        };
        let given = answer_of(q);
        if shown != Some(true) {
            let refs = q.show_if.as_ref().map(|c| c.questions()).unwrap_or_default();
            let state = if shown == Some(false) { State::Skipped } else { undecided(&refs, &states) };
            states.insert(q.id.as_str(), state);
            let key = match (state, &given) {
                (_, None) => continue,
                (State::AwaitsInvalid, Some(Err(problems))) => {
                    invalid.extend(problems.iter().cloned().map(|p| Invalid::new(&q.id, p)));
                    continue;
                }
                (State::AwaitsInvalid, Some(Ok(_))) => continue,
                (State::AwaitsMissing, _) => "survey.error.undecided",
                _ => "survey.error.skipped",
            };
            let condition = q.show_if.as_ref().map(ToString::to_string).unwrap_or_default();
            let reason = Message::new(key).arg("condition", condition);
            invalid.push(Invalid { id: q.id.clone(), row: None, column: None, reason });
            continue;
        }
        applicable.push(q.id.clone());
        let state = match given {
            None => {
                missing.push(q.id.clone());
                State::Missing
            }
            Some(Ok(answer)) => {
                accepted.push((q.id.as_str(), answer));
                State::Answered
            }
            Some(Err(problems)) => {
                invalid.extend(problems.into_iter().map(|p| Invalid::new(&q.id, p)));
                State::Invalid
            }
        };
        states.insert(q.id.as_str(), state);
    }
    for id in given_ids.filter(|id| edition.question(id).is_none() && !edition.is_retired(id)) {
        let reason = Message::new("survey.error.unknown_question").arg("id", id);
        invalid.push(Invalid { id: id.to_owned(), row: None, column: None, reason });
    }
    let complete = missing.is_empty() && invalid.is_empty();
    Evaluation { applicable, missing, invalid, complete }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::parse_toml;
    use serde_json::json;

    const EDITION: &str = test_edition!(
        r#"[[questions]]
id = "A"
text = "はい／いいえ"
answer = { type = "yes_no" }

[[questions]]
id = "B"
text = "一つ選ぶ"
answer = { type = "single", options = [{ number = 1, label = "一" }, { number = 2, label = "二" }, { number = 3, label = "三" }] }

[[questions]]
id = "C"
text = "いくつでも選ぶ"
answer = { type = "multiple", options = [{ number = 1, label = "一" }, { number = 2, label = "二" }, { number = 3, label = "どれもない", exclusive = true }] }

[[questions]]
id = "D"
text = "書く"
answer = { type = "text", max_chars = 5 }

[[questions]]
id = "E"
text = "数える"
answer = { type = "number", min = 1, max = 10 }

[[questions]]
id = "F"
text = "VPN 機器"
answer = { type = "table", min_rows = 1, max_rows = 2, columns = [{ id = "maker", label = "メーカー名", answer = { type = "text" } }, { id = "count", label = "台数", answer = { type = "number", min = 1 } }, { id = "note", label = "備考", answer = { type = "text" }, required = false }] }

[[questions]]
id = "G"
text = "Fortinet がある"
answer = { type = "yes_no" }
show_if = { any_row = "F", where = { column = "maker", equals = "Fortinet" } }

[[questions]]
id = "H"
text = "A がいいえで C に二を含む"
answer = { type = "yes_no" }
show_if = { and = [{ no = "A" }, { question = "C", contains = 2 }] }

[[questions]]
id = "I"
text = "G がはい"
answer = { type = "yes_no" }
show_if = { yes = "G" }
"#
    );

    fn edition() -> Edition {
        parse_toml(EDITION).unwrap()
    }

    fn good() -> Map<String, Value> {
        let v = json!({"A": true, "B": 2, "C": [1, 2], "D": "はい", "E": 3, "F": [{"maker": "Cisco", "count": 1}]});
        v.as_object().unwrap().clone()
    }

    /// The reasons for one question's answer, as (row, column, key).
    fn reasons(id: &str, value: Value) -> Vec<(Option<usize>, Option<String>, &'static str)> {
        let mut answers = good();
        answers.insert(id.to_owned(), value);
        let eval = evaluate_json(&edition(), &answers);
        assert!(!eval.complete);
        eval.invalid.into_iter().filter(|i| i.id == id).map(|i| (i.row, i.column, i.reason.key)).collect()
    }

    fn key(id: &str, value: Value) -> Vec<&'static str> {
        reasons(id, value).into_iter().map(|(_, _, k)| k).collect()
    }

    #[test]
    fn good_answers_are_complete() {
        let eval = evaluate_json(&edition(), &good());
        assert_eq!(eval.applicable, ["A", "B", "C", "D", "E", "F"]);
        assert!(eval.complete && eval.missing.is_empty() && eval.invalid.is_empty(), "{eval:?}");
        assert_eq!(answers_from_json(&edition(), &good()).len(), 6);
    }

    #[test]
    fn wrong_types_say_what_is_expected() {
        assert_eq!(key("A", json!("はい")), ["survey.error.yes_no"]);
        assert_eq!(key("B", json!(true)), ["survey.error.option"]);
        assert_eq!(key("B", json!("②")), ["survey.error.option"]);
        assert_eq!(key("C", json!(2)), ["survey.error.options"]);
        assert_eq!(key("C", json!(["1"])), ["survey.error.options"]);
        assert_eq!(key("D", json!(5)), ["survey.error.text"]);
        assert_eq!(key("E", json!(1.5)), ["survey.error.number"]);
        assert_eq!(key("F", json!({"maker": "Cisco"})), ["survey.error.table"]);
    }

    #[test]
    fn values_are_checked_against_the_question() {
        assert_eq!(key("B", json!(4)), ["survey.error.no_such_option"]);
        assert_eq!(key("B", json!(0)), ["survey.error.no_such_option"]);
        assert_eq!(key("C", json!([1, 3])), ["survey.error.exclusive"]);
        assert_eq!(key("C", json!([1, 1])), ["survey.error.chosen_twice"]);
        assert_eq!(key("C", json!([])), ["survey.error.none_chosen"]);
        assert_eq!(key("C", json!([9])), ["survey.error.no_such_option"]);
        assert_eq!(key("D", json!("  ")), ["survey.error.empty"]);
        assert_eq!(key("D", json!("六文字の回答")), ["survey.error.too_long"]);
        assert_eq!(key("E", json!(0)), ["survey.error.too_small"]);
        assert_eq!(key("E", json!(11)), ["survey.error.too_large"]);
        let mut answers = good();
        answers.insert("C".into(), json!([3]));
        assert!(evaluate_json(&edition(), &answers).complete, "an exclusive option alone is fine");
    }

    #[test]
    fn table_problems_name_row_and_column() {
        let row = |r: usize, c: Option<&str>, k| (Some(r), c.map(str::to_owned), k);
        assert_eq!(reasons("F", json!([])), vec![(None, None, "survey.error.too_few_rows")]);
        let three =
            json!([{"maker": "a", "count": 1}, {"maker": "b", "count": 1}, {"maker": "c", "count": 1}]);
        assert_eq!(reasons("F", three), vec![(None, None, "survey.error.too_many_rows")]);
        assert_eq!(
            reasons("F", json!([{"maker": "Cisco", "count": "2", "model": "x"}, 5])),
            vec![
                row(1, None, "survey.error.unknown_column"),
                row(1, Some("count"), "survey.error.number"),
                row(2, None, "survey.error.row"),
            ]
        );
        assert_eq!(
            reasons("F", json!([{"maker": "", "note": null}])),
            vec![row(1, Some("maker"), "survey.error.empty"), row(1, Some("count"), "survey.error.required")]
        );
    }

    #[test]
    fn unknown_ids_and_skipped_answers_are_invalid_and_null_is_no_answer() {
        let mut answers = good();
        answers.insert("Q99".into(), json!(true));
        answers.insert("G".into(), json!(true));
        answers.insert("H".into(), Value::Null);
        let eval = evaluate_json(&edition(), &answers);
        let found: Vec<_> = eval.invalid.iter().map(|i| (i.id.as_str(), i.reason.key)).collect();
        assert_eq!(found, vec![("G", "survey.error.skipped"), ("Q99", "survey.error.unknown_question")]);
        assert_eq!(
            eval.invalid[0].reason.args,
            vec![("condition", "any_row(F, maker = \"Fortinet\")".to_owned())]
        );
        assert!(!eval.complete);
    }

    #[test]
    fn an_answer_whose_question_is_not_decided_yet_says_so() {
        let mut answers = good();
        answers.remove("A");
        answers.insert("H".into(), json!(true));
        let eval = evaluate_json(&edition(), &answers);
        let found: Vec<_> = eval.invalid.iter().map(|i| (i.id.as_str(), i.reason.key)).collect();
        assert_eq!(found, vec![("H", "survey.error.undecided")]);
        assert_eq!(eval.missing, ["A"]);
    }

    #[test]
    fn an_answer_to_a_question_skipped_further_down_the_branching_says_skipped() {
        let mut answers = good();
        answers.insert("I".into(), json!(true));
        let eval = evaluate_json(&edition(), &answers);
        let found: Vec<_> = eval.invalid.iter().map(|i| (i.id.as_str(), i.reason.key)).collect();
        assert_eq!(
            found,
            vec![("I", "survey.error.skipped")],
            "G is skipped, so I is too: nothing is missing"
        );
    }

    #[test]
    fn one_wrong_answer_does_not_cascade_into_the_questions_after_it() {
        let mut answers = good();
        answers.insert("F".into(), json!([{"maker": "Fortinet", "count": "二"}]));
        answers.insert("G".into(), json!(true));
        answers.insert("I".into(), json!(true));
        let eval = evaluate_json(&edition(), &answers);
        let found: Vec<_> = eval.invalid.iter().map(|i| (i.id.as_str(), i.reason.key)).collect();
        assert_eq!(found, vec![("F", "survey.error.number")], "G and I wait for F to be put right");
        answers.insert("G".into(), json!("はい"));
        let eval = evaluate_json(&edition(), &answers);
        let found: Vec<_> = eval.invalid.iter().map(|i| (i.id.as_str(), i.reason.key)).collect();
        assert_eq!(
            found,
            vec![("F", "survey.error.number"), ("G", "survey.error.yes_no")],
            "its own problem is told"
        );
    }

    #[test]
    fn answers_to_retired_questions_are_ignored() {
        let mut e = edition();
        e.retired = vec!["pre-G".into()];
        let mut answers = good();
        answers.insert("pre-G".into(), json!(true));
        assert!(evaluate_json(&e, &answers).complete);
        assert!(!evaluate_json(&edition(), &answers).complete, "unknown where not retired");
    }

    #[test]
    fn a_table_row_can_open_a_question_and_text_matches_loosely() {
        let mut answers = good();
        answers.insert(
            "F".into(),
            json!([{"maker": "Cisco", "count": 1}, {"maker": "ＦＯＲＴＩＮＥＴ", "count": 2}]),
        );
        let eval = evaluate_json(&edition(), &answers);
        assert_eq!(eval.missing, ["G"]);
        answers.insert("G".into(), json!(false));
        assert!(evaluate_json(&edition(), &answers).complete);
    }

    #[test]
    fn and_needs_both_and_an_invalid_answer_opens_nothing() {
        let mut answers = good();
        answers.insert("A".into(), json!(false));
        assert_eq!(evaluate_json(&edition(), &answers).missing, ["H"]);
        answers.insert("C".into(), json!([1]));
        assert!(evaluate_json(&edition(), &answers).complete, "C without 二 closes H");
        answers.insert("C".into(), json!([2, 3]));
        let eval = evaluate_json(&edition(), &answers);
        assert!(eval.missing.is_empty() && !eval.applicable.contains(&"H".to_owned()), "{eval:?}");
        assert_eq!(eval.invalid.len(), 1);
    }

    #[test]
    fn typed_answers_are_checked_too() {
        let e = edition();
        let mut answers = answers_from_json(&e, &good());
        assert!(evaluate(&e, &answers).complete);
        answers.insert("A".into(), Answer::Choice(1));
        answers.insert("B".into(), Answer::Choice(7));
        let found: Vec<_> =
            evaluate(&e, &answers).invalid.into_iter().map(|i| (i.id, i.reason.key)).collect();
        assert_eq!(
            found,
            vec![("A".to_owned(), "survey.error.yes_no"), ("B".to_owned(), "survey.error.no_such_option")]
        );
        let back = serde_json::to_value(answers_from_json(&e, &good())).unwrap();
        assert_eq!(back.as_object().unwrap(), &good(), "answers write back in the answer-file convention");
    }
}
