use super::*;
use iryosec_core::aggregate::Content;
use serde_json::json;

fn read_roster(bytes: &[u8]) -> Result<Vec<RosterEntry>, Vec<Message>> {
    super::read_roster(Source::new("roster.csv", bytes, &iryosec_core::CancelToken::never()))
}

fn survey_json(answers: serde_json::Value) -> serde_json::Value {
    json!({
        "format": "iryosec-survey", "version": 1, "exported_at": "2024-02-20T10:00:00+09:00",
        "institution": { "name": "さくら記念病院", "kind": "hospital", "prefecture": 13,
                         "medical_code": "1311234567", "beds": 320 },
        "fiscal_year": 2023,
        "edition": { "id": "mhlw-survey-fy2023-hospital", "title": "t", "fiscal_year": 2023 },
        "answers": answers, "complete": false
    })
}

fn bytes(v: &serde_json::Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

fn keys(r: Result<Submission, Vec<Message>>) -> Vec<&'static str> {
    r.err().unwrap().iter().map(|m| m.key).collect()
}

#[test]
fn a_survey_bundle_becomes_a_submission_with_its_applicable_questions() {
    let s = read_submission("a.json", &bytes(&survey_json(json!({ "Q10": false, "Q11": false })))).unwrap();
    assert_eq!(s.file, "a.json");
    assert_eq!(s.institution.medical_code.as_deref(), Some("1311234567"));
    assert_eq!(s.institution.beds, Some(320));
    assert_eq!(s.exported_at, 1_708_390_800);
    let Content::Survey { answers, applicable, .. } = &s.content else { panic!() };
    assert_eq!(answers.len(), 2);
    assert!(applicable.contains("Q13-1") && !applicable.contains("Q10-1") && !applicable.contains("Q12"));
}

#[test]
fn bundles_that_cannot_be_counted_say_why() {
    assert_eq!(keys(read_submission("x", b"{ nope")), ["io.error.json"]);
    assert_eq!(keys(read_submission("x", br#"{"format":"something"}"#)), ["aggregate.error.format"]);
    let mut v = survey_json(json!({}));
    v["version"] = json!(2);
    assert_eq!(keys(read_submission("x", &bytes(&v))), ["io.error.bundle_version"]);
    let mut v = survey_json(json!({}));
    v["edition"]["id"] = json!("mhlw-survey-fy2030-hospital");
    assert_eq!(keys(read_submission("x", &bytes(&v))), ["aggregate.error.unknown_edition"]);
    let mut v = survey_json(json!({}));
    v["fiscal_year"] = json!(2022);
    assert_eq!(keys(read_submission("x", &bytes(&v))), ["aggregate.error.fiscal_year"]);
    let mut v = survey_json(json!({}));
    v["institution"]["prefecture"] = json!(48);
    assert_eq!(keys(read_submission("x", &bytes(&v))), ["io.error.bundle_field"]);
    let mut v = survey_json(json!({}));
    v["unexpected"] = json!(true);
    assert_eq!(keys(read_submission("x", &bytes(&v))), ["io.error.bundle_unknown_field"]);
    let mut v = survey_json(json!({}));
    v["fiscal_year"] = json!("令和5年度");
    let wrong = read_submission("x", &bytes(&v)).unwrap_err();
    assert_eq!((wrong[0].key, wrong[0].args[0].1.as_str()), ("io.error.bundle_wrong_value", "fiscal_year"));
    // An answer the evaluator refuses (skipped by the branching) refuses the bundle.
    let wrong = survey_json(json!({ "Q11": false, "Q12": true }));
    assert_eq!(
        keys(read_submission("x", &bytes(&wrong))),
        ["aggregate.error.answers", "survey.error.skipped"]
    );
}

#[test]
fn a_checklist_bundle_keeps_its_yes_and_no_per_slot() {
    let v = json!({
        "format": "iryosec-assessment", "version": 1, "exported_at": "2025-07-01",
        "institution": { "name": "みなと診療所", "kind": "clinic", "prefecture": 27, "medical_code": null },
        "fiscal_year": 2025,
        "edition": { "id": "mhlw-checklist-r7-hospital", "title": "t", "sheet": "hospital", "fiscal_year": 2025 },
        "vendor_contract": false,
        "answers": [
            { "key": "bcp.plan", "number": "3-③", "title": "t", "scope": null, "answer": "no",
              "confirmed_1": null, "confirmed_2": null, "target": null, "note": "", "confirmed_by": "", "draft": false },
            { "key": "access.logs", "number": "2-⑪", "title": "t", "scope": "server", "answer": null,
              "confirmed_1": null, "confirmed_2": null, "target": null, "note": "", "confirmed_by": "", "draft": false }
        ]
    });
    let s = read_submission("c.json", &bytes(&v)).unwrap();
    let Content::Checklist { answers, facts, .. } = &s.content else { panic!() };
    assert_eq!(answers.get(&Slot::new("bcp.plan", None)), Some(&YesNo::No));
    assert_eq!(answers.len(), 1);
    assert!(!facts.vendor_contract);
    assert_eq!(s.institution.medical_code, None);

    let mut unknown = v;
    unknown["answers"][0]["key"] = json!("no.such.item");
    assert_eq!(keys(read_submission("c.json", &bytes(&unknown))), ["aggregate.error.unknown_item"]);
}

#[test]
fn the_roster_is_read_by_header_and_every_bad_cell_is_named() {
    let good =
        "医療機関コード,名称,都道府県,病床数\r\n1311234567,さくら記念病院,東京都,320\r\n,みなと病院,27,\r\n";
    let roster = read_roster(good.as_bytes()).unwrap();
    assert_eq!(roster.len(), 2);
    assert_eq!(roster[0].institution.prefecture, 13);
    assert_eq!(roster[0].institution.beds, Some(320));
    assert_eq!(roster[1].institution.medical_code, None);
    let bad = "名称,都道府県,病床数\r\nA病院,どこか,多い\r\n";
    let problems = read_roster(bad.as_bytes()).unwrap_err();
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0].args.iter().find(|(k, _)| *k == "row").map(|(_, v)| v.as_str()), Some("2"));
    let no_name = "コード,都道府県\r\n1,13\r\n";
    assert_eq!(read_roster(no_name.as_bytes()).unwrap_err()[0].key, "io.error.missing_column");
}
