//! iryosec's own gate questions (`printed = false`, such as `pre-Q14`) have no field in G-MIS,
//! so an answer file written from the printed survey leaves them out. Their answer follows
//! from the printed answers: a gate is はい when a later question it opens was answered, and
//! いいえ otherwise — as the guide says, a hospital without VPN devices answers nothing after
//! Q13.

use super::evaluate::evaluate_json;
use super::model::{AnswerType, Edition};
use serde_json::{Map, Value};

/// The answers with every absent gate question that applies derived from the others, and the
/// gates derived with their values, in the printed order.
pub fn with_derived_gates(
    edition: &Edition,
    answers: &Map<String, Value>,
) -> (Map<String, Value>, Vec<(String, bool)>) {
    let mut answers = answers.clone();
    let mut derived = Vec::new();
    for (at, gate) in edition.questions.iter().enumerate() {
        let absent = answers.get(&gate.id).is_none_or(Value::is_null);
        if gate.printed || gate.answer != AnswerType::YesNo || !absent {
            continue;
        }
        if !evaluate_json(edition, &answers).applicable.contains(&gate.id) {
            continue;
        }
        let opens_an_answered_question = edition.questions.iter().skip(at + 1).any(|q| {
            q.show_if.as_ref().is_some_and(|c| c.questions().contains(&gate.id.as_str()))
                && answers.get(&q.id).is_some_and(|v| !v.is_null())
        });
        answers.insert(gate.id.clone(), Value::Bool(opens_an_answered_question));
        derived.push((gate.id.clone(), opens_an_answered_question));
    }
    (answers, derived)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::builtin::edition;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn gates_follow_the_printed_answers() {
        let e = edition("mhlw-survey-fy2022-hospital").unwrap();
        let no_vpn = obj(json!({"Q13": true}));
        assert_eq!(with_derived_gates(e, &no_vpn).1, vec![("pre-Q14".to_owned(), false)]);
        let fortinet_only = obj(
            json!({"Q14": true, "Q15": [{"model": "FortiGate 60F", "count": 1, "os_version": "7.2"}], "Q16": true}),
        );
        assert_eq!(
            with_derived_gates(e, &fortinet_only).1,
            vec![("pre-Q14".to_owned(), true), ("pre-Q17".to_owned(), false)]
        );
        let both = obj(
            json!({"Q14": true, "Q15": [{"model": "FortiGate 60F", "os_version": "7.2"}], "Q17": [{"maker": "Y", "model": "RTX", "os_version": "1"}]}),
        );
        assert_eq!(
            with_derived_gates(e, &both).1,
            vec![("pre-Q14".to_owned(), true), ("pre-Q17".to_owned(), true)]
        );
        let given = obj(json!({"pre-Q14": false}));
        assert!(with_derived_gates(e, &given).1.is_empty(), "an answer given is kept");
    }
}
