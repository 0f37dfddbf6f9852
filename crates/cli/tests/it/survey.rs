use crate::harness::*;
use serde_json::{Value, json};

const FY2022: &str = "mhlw-survey-fy2022-hospital";
const FY2023: &str = "mhlw-survey-fy2023-hospital";

fn json_out(o: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

/// A complete FY2023 answer file for a hospital without an electronic health record.
fn fy2023_without_ehr() -> Value {
    json!({
        "Q1": [{"name": "山田 花子", "corporation": "医療法人さくら会", "hospital": "さくら記念病院", "contact": "03-1234-5678"}],
        "Q2": true, "Q3": true, "Q4": false, "Q5": true, "Q6": [1, 2], "Q7": true, "Q8": true, "Q9": false,
        "Q10": true, "Q10-1": false, "Q11": false, "Q13-1": true, "Q13-2": false
    })
}

fn check(dir: &std::path::Path, edition: &str, answers: &Value, extra: &[&str]) -> std::process::Output {
    std::fs::write(dir.join("answers.json"), answers.to_string()).unwrap();
    let mut args = vec!["survey", "check", "--edition", edition, "--answers", "answers.json"];
    args.extend_from_slice(extra);
    run(dir, &args, "")
}

#[test]
fn list_and_show_the_shipped_editions_without_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["survey", "list", "--format", "json"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    let found: Vec<_> = json_out(&o)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_owned(), e["fiscal_year"].as_i64(), e["questions"].as_i64()))
        .collect();
    assert_eq!(
        found,
        vec![(FY2022.to_owned(), Some(2022), Some(25)), (FY2023.to_owned(), Some(2023), Some(21))],
        "the questions the survey prints"
    );
    let text = stdout(&run(dir.path(), &["survey", "list"], ""));
    assert!(text.contains("令和4年度") && text.contains("2024-01-31"), "{text}");
    assert!(text.contains("25問（ほかに iryosec の確認 2問）") && text.contains(" 21問 "), "{text}");

    let outline = stdout(&run(dir.path(), &["survey", "show", "--edition", FY2022], ""));
    assert!(outline.contains("pre-Q14（調査票に番号なし）"), "{outline}");
    assert!(
        outline.contains("Q9  バックアップデータの作成方式") && outline.contains("表示の条件: Q8 = 2"),
        "{outline}"
    );
    let v = json_out(&run(dir.path(), &["survey", "show", "--edition", FY2023, "--format", "json"], ""));
    assert_eq!(v["questions"][5]["id"], "Q6");
    assert_eq!(v["questions"][5]["answer"]["type"], "multiple");
    assert_eq!(v["questions"][10]["show_if"], json!({"yes": "Q10"}));
    assert!(!dir.path().join("iryosec-data").exists(), "nothing is created");
}

#[test]
fn a_complete_answer_file_exits_0_with_the_json_shape() {
    let dir = tempfile::tempdir().unwrap();
    let o = check(dir.path(), FY2023, &fy2023_without_ehr(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let v = json_out(&o);
    let mut keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(keys, ["applicable", "complete", "derived", "invalid", "missing"]);
    assert_eq!(
        v["applicable"],
        json!([
            "Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Q8", "Q9", "Q10", "Q10-1", "Q11", "Q13-1", "Q13-2"
        ])
    );
    assert_eq!(
        (v["missing"].clone(), v["invalid"].clone(), v["complete"].clone()),
        (json!([]), json!([]), json!(true))
    );
    let text = stdout(&check(dir.path(), FY2023, &fy2023_without_ehr(), &[]));
    assert!(text.contains("すべて回答済みです（mhlw-survey-fy2023-hospital、対象の質問 14 問）"), "{text}");
}

#[test]
fn missing_and_wrong_answers_exit_1_with_japanese_reasons() {
    let dir = tempfile::tempdir().unwrap();
    let mut answers = fy2023_without_ehr();
    let map = answers.as_object_mut().unwrap();
    map.insert("Q11".into(), json!(true));
    map.insert("Q6".into(), json!([1, 5]));
    map.insert("Q10".into(), json!(false));
    map.insert(
        "Q1".into(),
        json!([{"name": "山田 花子", "corporation": "医療法人さくら会", "hospital": "さくら記念病院", "contact": 3}]),
    );
    let o = check(dir.path(), FY2023, &answers, &["--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(v["complete"], false);
    assert_eq!(v["missing"], json!(["Q12"]), "Q11 はい opens Q12");
    let invalid: Vec<(String, String)> = v["invalid"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["id"].as_str().unwrap().to_owned(), i["reason"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        invalid,
        vec![
            ("Q1".to_owned(), "1行目の「連絡先」: 文字列で書いてください。".to_owned()),
            ("Q6".to_owned(), "選択肢 5「相談先がない(相談先を求めている)」は、ほかの選択肢と一緒には選べません。".to_owned()),
            ("Q10-1".to_owned(), "前の回答により、この質問には答えません（表示の条件: yes(Q10)）。この回答を削除してください。".to_owned()),
        ]
    );
    let text = stdout(&check(dir.path(), FY2023, &answers, &[]));
    assert!(
        text.contains("未回答\tQ12\t電子カルテシステムのバックアップデータを作成していますか。"),
        "{text}"
    );
    assert!(text.contains("誤り\tQ10-1\t前の回答により"), "{text}");
    assert!(text.contains("対象の質問 14 問のうち、未回答 1 問、誤り 3 件です"), "{text}");
}

/// The FY2022 answers of a hospital with a Fortinet VPN device only, written from the printed
/// survey: no iryosec gate question in it.
fn fy2022_printed_only() -> Value {
    json!({
        "Q1": [{"name": "山田 花子", "corporation": "医療法人さくら会", "hospital": "さくら記念病院", "contact": "03-1234-5678"}],
        "Q2": true, "Q3": true, "Q4": true, "Q5": false, "Q6": false, "Q7": false,
        "Q11": true, "Q12": true, "Q13": true,
        "Q14": true, "Q15": [{"model": "FortiGate 60F", "os_version": "FortiOS 7.0.12"}],
        "Q16": false, "Q16-1": false, "Q16-2": true
    })
}

#[test]
fn a_file_of_the_printed_questions_only_is_complete() {
    let dir = tempfile::tempdir().unwrap();
    let o = check(dir.path(), FY2022, &fy2022_printed_only(), &["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v = json_out(&o);
    assert_eq!(v["derived"], json!({"pre-Q14": true, "pre-Q17": false}));
    assert!(v["applicable"].as_array().unwrap().contains(&json!("Q16-1")), "Q16-1 follows Q16 いいえ");
    let text = stdout(&check(dir.path(), FY2022, &fy2022_printed_only(), &[]));
    assert!(
        text.contains("pre-Q14（G-MIS には入力しない確認）はほかの回答から「はい」としました。"),
        "{text}"
    );

    let mut no_vpn = fy2022_printed_only();
    for id in ["Q14", "Q15", "Q16", "Q16-1", "Q16-2"] {
        no_vpn.as_object_mut().unwrap().remove(id);
    }
    let v = json_out(&check(dir.path(), FY2022, &no_vpn, &["--format", "json"]));
    assert_eq!((v["derived"].clone(), v["complete"].clone()), (json!({"pre-Q14": false}), json!(true)));
}

#[test]
fn answers_the_branching_skips_say_skipped_and_one_wrong_answer_is_told_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut answers = fy2022_printed_only();
    answers.as_object_mut().unwrap().insert("Q9".into(), json!(1));
    let v = json_out(&check(dir.path(), FY2022, &answers, &["--format", "json"]));
    assert_eq!(v["invalid"][0]["id"], "Q9");
    let reason = v["invalid"][0]["reason"].as_str().unwrap();
    assert!(
        reason.starts_with("前の回答により、この質問には答えません"),
        "Q7 いいえ skips Q8 and so Q9: {reason}"
    );

    let mut answers = fy2022_printed_only();
    let map = answers.as_object_mut().unwrap();
    map.insert("Q7".into(), json!(true));
    map.insert("Q8".into(), json!(7));
    for id in ["Q9", "Q9-1", "Q10", "Q10-1", "Q10-2"] {
        map.insert(id.into(), json!(1));
    }
    let v = json_out(&check(dir.path(), FY2022, &answers, &["--format", "json"]));
    let wrong: Vec<&str> =
        v["invalid"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        wrong,
        ["Q8", "Q9-1", "Q10-1", "Q10-2"],
        "Q8's choice is wrong; the others are told only their own problems"
    );
}

#[test]
fn an_unusable_file_or_edition_exits_2_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let args = |file: &'static str| ["survey", "check", "--edition", FY2022, "--answers", file];
    let missing = run(dir.path(), &args("nowhere.json"), "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nowhere.json を読めません"), "{}", stderr(&missing));

    std::fs::write(dir.path().join("broken.json"), "{\"Q2\": tru").unwrap();
    let broken = run(dir.path(), &args("broken.json"), "");
    assert_eq!(broken.status.code(), Some(2));
    assert!(stderr(&broken).contains("broken.json: JSON として読めません（1行"), "{}", stderr(&broken));

    std::fs::write(dir.path().join("list.json"), "[true, false]").unwrap();
    let list = run(dir.path(), &args("list.json"), "");
    assert_eq!(list.status.code(), Some(2));
    assert!(stderr(&list).contains("list.json の中身は、質問の ID をキー"), "{}", stderr(&list));
    assert!(stdout(&list).is_empty(), "nothing is printed as a result");

    std::fs::write(dir.path().join("answers.json"), "{}").unwrap();
    let unknown =
        run(dir.path(), &["survey", "check", "--edition", "fy2099", "--answers", "answers.json"], "");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("調査の版「fy2099」はありません"), "{}", stderr(&unknown));
}

#[test]
fn an_answer_file_with_a_byte_order_mark_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("\u{feff}{}", fy2023_without_ehr());
    std::fs::write(dir.path().join("bom.json"), text).unwrap();
    let o = run(dir.path(), &["survey", "check", "--edition", FY2023, "--answers", "bom.json"], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

const OWN_EDITION: &str = r#"format = 1
id = "example-fy2024-hospital"
kind = "survey"
title = "試験用の調査（令和6年度）"
fiscal_year = 2024
issued = "2025-01-31"

[[questions]]
id = "Q1"
text = "VPN 機器がありますか。"
answer = { type = "yes_no" }

[[questions]]
id = "Q2"
text = "VPN 機器を書いてください。"
show_if = { yes = "Q1" }

[questions.answer]
type = "table"
min_rows = 1
columns = [
  { id = "maker", label = "メーカー名", answer = { type = "text" } },
  { id = "count", label = "台数", answer = { type = "number", min = 1 } },
]

[[questions]]
id = "Q3"
text = "Fortinet 製品の FortiOS を更新しましたか。"
answer = { type = "yes_no" }
show_if = { any_row = "Q2", where = { column = "maker", equals = "Fortinet" } }
"#;

#[test]
fn an_edition_can_be_a_definition_file_checked_strictly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("fy2024.toml"), OWN_EDITION).unwrap();
    let answers = json!({"Q1": true, "Q2": [{"maker": "fortinet", "count": 1}]});
    let v = json_out(&check(dir.path(), "fy2024.toml", &answers, &["--format", "json"]));
    assert_eq!((v["missing"].clone(), v["complete"].clone()), (json!(["Q3"]), json!(false)));
    let answers = json!({"Q1": true, "Q2": [{"maker": "Cisco", "count": 1}]});
    assert_eq!(check(dir.path(), "fy2024.toml", &answers, &[]).status.code(), Some(0));

    std::fs::write(dir.path().join("bad.toml"), OWN_EDITION.replace("yes = \"Q1\"", "yes = \"Q3\"")).unwrap();
    let bad = check(dir.path(), "bad.toml", &answers, &[]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad)
            .contains("bad.toml:16: questions[2] Q2.show_if: 条件は、この質問より前の質問だけを参照できます"),
        "{}",
        stderr(&bad)
    );
    assert_eq!(run(dir.path(), &["survey", "show", "--edition", "bad.toml"], "").status.code(), Some(2));
}

/// A bundle of FY2023 answers for さくら記念病院, as the web page downloads it.
fn bundle(answers: Value) -> Value {
    json!({
        "format": "iryosec-survey", "version": 1, "exported_at": "2024-02-20T10:00:00+09:00",
        "institution": { "name": "さくら記念病院", "kind": "hospital", "prefecture": 13, "medical_code": null, "beds": 120 },
        "fiscal_year": 2023,
        "edition": { "id": FY2023, "title": "x", "fiscal_year": 2023 },
        "answers": answers, "confirmed": ["Q2"], "sources": { "Q2": "連絡体制図: 医療情報システム安全管理責任者 山田" },
        "complete": true
    })
}

#[test]
fn a_bundle_goes_in_and_comes_out_as_json_and_as_the_transcription_sheet() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    std::fs::write(dir.path().join("in.json"), bundle(fy2023_without_ehr()).to_string()).unwrap();
    let o = run(dir.path(), &["survey", "import", "in.json", "--format", "json"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json_out(&o)["answers"], 14);
    assert_eq!(json_out(&o)["complete"], true);

    let o = run(dir.path(), &["survey", "export", "--fiscal-year", "2023", "-o", "out.json"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    let out: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.json")).unwrap()).unwrap();
    assert_eq!((out["format"].as_str(), out["fiscal_year"].as_i64()), (Some("iryosec-survey"), Some(2023)));
    assert_eq!(out["answers"], fy2023_without_ehr());
    assert_eq!(out["confirmed"], json!(["Q2"]));
    assert_eq!(out["sources"]["Q2"], "連絡体制図: 医療情報システム安全管理責任者 山田");
    assert_eq!(out["institution"]["name"], "さくら記念病院");

    let o = run(dir.path(), &["survey", "export", "--fiscal-year", "2023", "-o", "転記用.xlsx"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(dir.path().join("転記用.xlsx")).unwrap().starts_with(b"PK"));
    // The audit log says who imported what.
    let log = sqlite_scalar(
        &db_path(dir.path()),
        "SELECT CAST(COUNT(*) AS TEXT) FROM audit_log WHERE action = 'survey.imported'",
    );
    assert_eq!(log, "1");

    let o = run(dir.path(), &["survey", "export", "--fiscal-year", "2019", "-o", "x.json"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("令和元年度の G-MIS 調査は iryosec にありません"), "{}", stderr(&o));
    let o = run(dir.path(), &["survey", "export", "--fiscal-year", "2023", "-o", "x.csv"], "");
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_bundle_answering_a_skipped_question_is_refused_whole_naming_the_file_and_the_question() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &["--medical-code", "1311234567"]);
    let mut answers = fy2023_without_ehr();
    answers["Q12"] = json!(true); // Q11 = いいえ skips Q12
    std::fs::write(dir.path().join("回答.json"), bundle(answers).to_string()).unwrap();
    let o = run(dir.path(), &["survey", "import", "回答.json"], "");
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("回答.json は取り込みませんでした（何も変わっていません）"), "{err}");
    assert!(err.contains("回答.json: Q12: 前の回答により、この質問には答えません"), "{err}");
    let stored = sqlite_scalar(&db_path(dir.path()), "SELECT CAST(COUNT(*) AS TEXT) FROM survey_answers");
    assert_eq!(stored, "0", "nothing was written");

    let mut elsewhere = bundle(fy2023_without_ehr());
    elsewhere["institution"]["medical_code"] = json!("1319999999");
    std::fs::write(dir.path().join("よその病院.json"), elsewhere.to_string()).unwrap();
    let o = run(dir.path(), &["survey", "import", "よその病院.json"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("別の医療機関（さくら記念病院）のものです"), "{}", stderr(&o));

    std::fs::write(dir.path().join("other.json"), r#"{"format":"iryosec-assessment","version":1}"#).unwrap();
    let o = run(dir.path(), &["survey", "import", "other.json"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("other.json: iryosec の G-MIS 調査の回答（format: iryosec-survey）ではありません"),
        "{}",
        stderr(&o)
    );
}
