//! Walks every branch of the shipped editions: for each gate, both sides (every option of a
//! branching choice), with the exact list of questions that apply.

use super::builtin::{FILES, edition, editions};
use super::*;
use serde_json::json;

/// A valid answer for any question: はい, the first option, one row of a table.
fn default_answer(q: &Question) -> Answer {
    value_for(&q.answer)
}

fn value_for(ty: &AnswerType) -> Answer {
    match ty {
        AnswerType::YesNo => Answer::YesNo(true),
        AnswerType::Single { options } => Answer::Choice(options[0].number),
        AnswerType::Multiple { options } => Answer::Choices(vec![options[0].number]),
        AnswerType::Text { .. } => Answer::Text("記入例".into()),
        AnswerType::Number { min, .. } => Answer::Number(min.unwrap_or(1)),
        AnswerType::Table { columns, .. } => {
            Answer::Table(vec![columns.iter().map(|c| (c.id.clone(), value_for(&c.answer))).collect()])
        }
    }
}

/// Answers as a person would, question by question: the override where one is given,
/// otherwise a valid default, until nothing applicable is left unanswered.
fn walk(edition_id: &str, overrides: &[(&str, Answer)]) -> Evaluation {
    let e = edition(edition_id).unwrap();
    let mut answers = Answers::new();
    loop {
        let eval = evaluate(e, &answers);
        assert!(eval.invalid.is_empty(), "{edition_id}: {:?}", eval.invalid);
        let Some(next) = eval.missing.first() else { return eval };
        let q = e.question(next).unwrap();
        let answer = overrides
            .iter()
            .find(|(id, _)| id == next)
            .map(|(_, a)| a.clone())
            .unwrap_or_else(|| default_answer(q));
        answers.insert(next.clone(), answer);
    }
}

fn applicable(edition_id: &str, overrides: &[(&str, Answer)]) -> Vec<String> {
    let eval = walk(edition_id, overrides);
    assert!(eval.complete && eval.missing.is_empty());
    eval.applicable
}

fn all_but(full: &[&str], left_out: &[&str]) -> Vec<String> {
    full.iter().filter(|id| !left_out.contains(id)).map(|s| (*s).to_owned()).collect()
}

const FY2022: &str = "mhlw-survey-fy2022-hospital";
const FY2023: &str = "mhlw-survey-fy2023-hospital";

const FULL_2022: [&str; 27] = [
    "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q6-1", "Q7", "Q8", "Q9", "Q9-1", "Q10", "Q10-1", "Q10-2", "Q11",
    "Q12", "Q13", "pre-Q14", "Q14", "Q15", "Q16", "Q16-1", "Q16-2", "pre-Q17", "Q17", "Q17-1", "Q17-2",
];

const FULL_2023: [&str; 21] = [
    "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "Q10", "Q10-1", "Q11", "Q12", "Q12-1", "Q12-2",
    "Q12-3", "Q12-4", "Q12-5", "Q12-6", "Q13-1", "Q13-2",
];

fn yes(v: bool) -> Answer {
    Answer::YesNo(v)
}

fn fortigate() -> Answer {
    Answer::Table(vec![Row::from([
        ("model".into(), Answer::Text("FortiGate 60F".into())),
        ("count".into(), Answer::Number(2)),
        ("os_version".into(), Answer::Text("FortiOS 7.0.9".into())),
    ])])
}

/// With Q8 = ② every question of FY2022 applies (the other gates default to はい / a row).
fn widest_2022() -> Vec<(&'static str, Answer)> {
    vec![("Q8", Answer::Choice(2)), ("Q15", fortigate())]
}

fn with(mut base: Vec<(&'static str, Answer)>, extra: (&'static str, Answer)) -> Vec<(&'static str, Answer)> {
    base.retain(|(id, _)| *id != extra.0);
    base.insert(0, extra);
    base
}

#[test]
fn both_editions_ship_and_are_valid() {
    for (file, text) in FILES {
        if let Err(errors) = parse_toml(text) {
            panic!("{file}: {errors:?}");
        }
    }
    let ids: Vec<_> = editions().iter().map(|e| (e.id.as_str(), e.fiscal_year, e.issued.as_str())).collect();
    assert_eq!(ids, vec![(FY2022, 2022, "2023-01-27"), (FY2023, 2023, "2024-01-31")]);
    let order: Vec<_> = edition(FY2022).unwrap().questions().map(|q| q.id.as_str()).collect();
    assert_eq!(order, FULL_2022);
    let order: Vec<_> = edition(FY2023).unwrap().questions().map(|q| q.id.as_str()).collect();
    assert_eq!(order, FULL_2023);
}

#[test]
fn every_question_has_help_and_unnumbered_ones_say_why() {
    for e in editions() {
        for q in e.questions() {
            assert!(!q.help.trim().is_empty(), "{} {} has no help", e.id, q.id);
            assert!(q.printed || q.id.starts_with("pre-"), "{} {}", e.id, q.id);
        }
    }
    let unnumbered: Vec<_> =
        edition(FY2022).unwrap().questions().filter(|q| !q.printed).map(|q| q.id.as_str()).collect();
    assert_eq!(unnumbered, vec!["pre-Q14", "pre-Q17"]);
    assert!(edition(FY2023).unwrap().questions().all(|q| q.printed));
    assert_eq!(edition(FY2022).unwrap().printed_count(), 25, "the survey prints Q1–Q17-2");
    assert_eq!(edition(FY2023).unwrap().printed_count(), 21);
}

#[test]
fn fy2022_widest_path_asks_everything() {
    assert_eq!(applicable(FY2022, &widest_2022()), all_but(&FULL_2022, &[]));
}

#[test]
fn fy2022_q6_yes_asks_q6_1_and_no_goes_to_q7() {
    let yes_path = applicable(FY2022, &with(widest_2022(), ("Q6", yes(true))));
    assert_eq!(yes_path, all_but(&FULL_2022, &[]));
    let no_path = applicable(FY2022, &with(widest_2022(), ("Q6", yes(false))));
    assert_eq!(no_path, all_but(&FULL_2022, &["Q6-1"]));
}

#[test]
fn fy2022_q7_no_goes_to_q11() {
    let no_path = applicable(FY2022, &with(widest_2022(), ("Q7", yes(false))));
    assert_eq!(no_path, all_but(&FULL_2022, &["Q8", "Q9", "Q9-1", "Q10", "Q10-1", "Q10-2"]));
}

#[test]
fn fy2022_q8_each_option_has_its_own_path() {
    let two = applicable(FY2022, &with(widest_2022(), ("Q8", Answer::Choice(2))));
    assert_eq!(two, all_but(&FULL_2022, &[]), "② → Q9, Q9-1, Q10…");
    let one = applicable(FY2022, &with(widest_2022(), ("Q8", Answer::Choice(1))));
    assert_eq!(one, all_but(&FULL_2022, &["Q9", "Q9-1"]), "① → Q10");
    let three = applicable(FY2022, &with(widest_2022(), ("Q8", Answer::Choice(3))));
    assert_eq!(three, all_but(&FULL_2022, &["Q9", "Q9-1", "Q10", "Q10-1", "Q10-2"]), "③ → Q11");
}

#[test]
fn fy2022_no_vpn_device_ends_the_survey() {
    let none = applicable(FY2022, &with(widest_2022(), ("pre-Q14", yes(false))));
    let end = FULL_2022.iter().position(|id| *id == "pre-Q14").unwrap();
    assert_eq!(none, all_but(&FULL_2022[..=end], &[]));
}

#[test]
fn fy2022_only_other_makers_skip_the_fortinet_questions() {
    let others = applicable(FY2022, &with(widest_2022(), ("Q15", Answer::Table(vec![]))));
    assert_eq!(others, all_but(&FULL_2022, &["Q16", "Q16-1", "Q16-2", "pre-Q17"]));
}

#[test]
fn fy2022_fortinet_only_skips_q17() {
    let fortinet_only = applicable(FY2022, &with(widest_2022(), ("pre-Q17", yes(false))));
    assert_eq!(fortinet_only, all_but(&FULL_2022, &["Q17", "Q17-1", "Q17-2"]));
}

#[test]
fn fy2022_both_makers_answer_q16_and_q17() {
    let both = applicable(FY2022, &with(widest_2022(), ("pre-Q17", yes(true))));
    assert!(both.ends_with(&all_but(&["Q16", "Q16-1", "Q16-2", "pre-Q17", "Q17", "Q17-1", "Q17-2"], &[])));
}

#[test]
fn fy2022_q16_1_is_asked_of_every_fortinet_user_even_after_q16_no() {
    let not_checked = applicable(FY2022, &with(widest_2022(), ("Q16", yes(false))));
    assert_eq!(not_checked, all_but(&FULL_2022, &[]), "Q16-1 follows Q16 いいえ");
    let e = edition(FY2022).unwrap();
    assert_eq!(
        e.question("Q16-1").and_then(|q| q.show_if.as_ref()).map(ToString::to_string).as_deref(),
        Some("any_row(Q15)")
    );
    assert!(e.question("Q16-1").unwrap().reading.contains("本文に従い"));
    assert!(e.is_retired("pre-Q16-1"), "answers saved for the old gate are ignored");
}

#[test]
fn fy2022_q15_says_used_or_not_used_in_words() {
    let q15 = edition(FY2022).unwrap().question("Q15").unwrap();
    assert_eq!(answer_words(q15, &Answer::Table(vec![])), "使用していない");
    assert_eq!(
        answer_words(q15, &fortigate()),
        "使用している\n機種名: FortiGate 60F / 台数: 2 台 / OS のバージョン: FortiOS 7.0.9"
    );
    assert!(
        q15.parse_answer(&json!([{"model": "FortiGate 60F", "os_version": "7.2"}])).is_ok(),
        "the count may be unknown"
    );
}

#[test]
fn the_printed_definitions_are_in_the_question_and_the_reading_says_which_passage_is_followed() {
    for (id, q) in [(FY2022, "Q7"), (FY2023, "Q11")] {
        let q = edition(id).unwrap().question(q).unwrap();
        assert!(q.text.contains("※電子カルテシステムは「オ"), "{id} {}", q.text);
        assert!(q.reading.contains("本問でいう電子カルテシステム"), "{id}");
    }
    assert!(
        edition(FY2022).unwrap().question("Q14").unwrap().text.contains("※自組織が設置したものだけでなく")
    );
    assert!(edition(FY2023).unwrap().note.contains("PHR"), "FY2023 says what 医療情報システム is");
    assert!(edition(FY2023).unwrap().question("Q9").unwrap().text.contains("開示書(MDS/SDS)"));
    for e in editions() {
        let q1 = e.question("Q1").unwrap();
        assert!(q1.answer.column("corporation").unwrap().required, "{}: 法人名 is asked", e.id);
        assert!(!q1.help.contains("空けて"), "{}", e.id);
    }
}

#[test]
fn help_texts_ask_no_more_than_the_question() {
    let help = |id: &str, q: &str| edition(id).unwrap().question(q).unwrap().help.clone();
    assert!(!help(FY2022, "Q4").contains("すぐ動ける体制があれば「はい」"));
    assert!(!help(FY2023, "Q4").contains("運用していれば「はい」"));
    assert!(!help(FY2023, "Q5").contains("見張って"));
}

#[test]
fn a_file_of_printed_answers_only_is_complete_once_the_gates_are_derived() {
    let e = edition(FY2022).unwrap();
    let mut printed: serde_json::Map<String, serde_json::Value> = serde_json::Map::new();
    let path = with(widest_2022(), ("pre-Q17", yes(false)));
    for id in applicable(FY2022, &path) {
        let q = e.question(&id).unwrap();
        if q.printed {
            let given = path.iter().find(|(p, _)| *p == id).map(|(_, a)| a.clone());
            printed.insert(id, serde_json::to_value(given.unwrap_or_else(|| default_answer(q))).unwrap());
        }
    }
    assert!(!evaluate_json(e, &printed).complete, "the gates are iryosec's own");
    let (answers, derived) = with_derived_gates(e, &printed);
    assert_eq!(derived, vec![("pre-Q14".to_owned(), true), ("pre-Q17".to_owned(), false)]);
    let eval = evaluate_json(e, &answers);
    assert!(eval.complete, "{eval:?}");
}

#[test]
fn fy2022_before_any_answer_only_the_unconditional_questions_apply() {
    let eval = evaluate(edition(FY2022).unwrap(), &Answers::new());
    let unconditional = ["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q11", "Q12", "Q13", "pre-Q14"]
        .map(str::to_owned)
        .to_vec();
    assert_eq!((eval.applicable, eval.missing.clone()), (unconditional.clone(), unconditional));
    assert!(!eval.complete);
}

#[test]
fn fy2022_q17_waits_for_q15() {
    let e = edition(FY2022).unwrap();
    let answers = Answers::from([("pre-Q14".to_owned(), yes(true))]);
    let eval = evaluate(e, &answers);
    assert!(eval.applicable.contains(&"Q15".to_owned()));
    assert!(!eval.applicable.iter().any(|id| id.starts_with("Q16") || id.starts_with("Q17")), "{eval:?}");
}

#[test]
fn fy2023_widest_path_asks_everything() {
    assert_eq!(applicable(FY2023, &[]), all_but(&FULL_2023, &[]));
}

#[test]
fn fy2023_q10_yes_asks_q10_1_and_no_goes_to_q11() {
    assert_eq!(applicable(FY2023, &[("Q10", yes(true))]), all_but(&FULL_2023, &[]));
    assert_eq!(applicable(FY2023, &[("Q10", yes(false))]), all_but(&FULL_2023, &["Q10-1"]));
}

#[test]
fn fy2023_q11_yes_asks_q12_and_no_goes_to_q13_1() {
    assert_eq!(applicable(FY2023, &[("Q11", yes(true))]), all_but(&FULL_2023, &[]));
    let six = ["Q12", "Q12-1", "Q12-2", "Q12-3", "Q12-4", "Q12-5", "Q12-6"];
    assert_eq!(applicable(FY2023, &[("Q11", yes(false))]), all_but(&FULL_2023, &six));
}

#[test]
fn fy2023_q12_yes_asks_q12_1_to_6_and_no_goes_to_q13_1() {
    assert_eq!(applicable(FY2023, &[("Q12", yes(true))]), all_but(&FULL_2023, &[]));
    let six = ["Q12-1", "Q12-2", "Q12-3", "Q12-4", "Q12-5", "Q12-6"];
    assert_eq!(applicable(FY2023, &[("Q12", yes(false))]), all_but(&FULL_2023, &six));
}

#[test]
fn fy2023_q6_none_excludes_the_other_advisers() {
    let e = edition(FY2023).unwrap();
    let q6 = e.question("Q6").unwrap();
    assert!(q6.parse_answer(&json!([1, 2, 4])).is_ok());
    assert!(q6.parse_answer(&json!([5])).is_ok());
    let problems = q6.parse_answer(&json!([2, 6])).unwrap_err();
    assert_eq!(problems[0].message.key, "survey.error.exclusive");
    assert!(q6.parse_answer(&json!([5, 6])).is_err(), "both 相談先がない options exclude each other");
}

#[test]
fn a_skipped_answer_is_reported_not_kept() {
    let e = edition(FY2022).unwrap();
    let path = walk(FY2022, &with(widest_2022(), ("Q7", yes(false)))).applicable;
    let mut answers: Answers =
        path.iter().map(|id| (id.clone(), default_answer(e.question(id).unwrap()))).collect();
    answers.insert("Q7".into(), yes(false));
    answers.insert("Q8".into(), Answer::Choice(2));
    let eval = evaluate(e, &answers);
    assert!(!eval.complete);
    let skipped: Vec<_> = eval.invalid.iter().map(|i| (i.id.as_str(), i.reason.key)).collect();
    assert_eq!(skipped, vec![("Q8", "survey.error.skipped")]);
    assert_eq!(eval.invalid[0].reason.args, vec![("condition", "yes(Q7)".to_owned())]);
}

#[test]
fn the_example_in_the_format_document_is_valid() {
    let doc = include_str!("../../../../docs/survey-format.md");
    let example = doc.split("```toml\n").nth(1).and_then(|rest| rest.split("```").next()).unwrap();
    let e = parse_toml(example).unwrap_or_else(|errors| panic!("{errors:?}"));
    let eval = evaluate(&e, &Answers::from([("Q10".to_owned(), yes(false)), ("Q11".to_owned(), yes(false))]));
    assert_eq!((eval.applicable, eval.complete), (vec!["Q10".to_owned(), "Q11".to_owned()], true));
}
