use crate::harness::*;
use serde_json::{Value, json};
use std::path::Path;

fn bundle(
    code: Option<&str>,
    name: &str,
    prefecture: u8,
    beds: Option<u32>,
    year: i32,
    at: &str,
    answers: Value,
) -> Value {
    let edition = if year == 2022 { "mhlw-survey-fy2022-hospital" } else { "mhlw-survey-fy2023-hospital" };
    json!({
        "format": "iryosec-survey", "version": 1, "exported_at": at,
        "institution": { "name": name, "kind": "hospital", "prefecture": prefecture, "medical_code": code, "beds": beds },
        "fiscal_year": year,
        "edition": { "id": edition, "title": "調査", "fiscal_year": year },
        "answers": answers, "complete": false
    })
}

fn write(dir: &Path, file: &str, v: &Value) {
    std::fs::write(dir.join(file), v.to_string()).unwrap();
}

fn json_out(o: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}{}", stdout(o), stderr(o)))
}

fn fy2023(bcp: bool) -> Value {
    json!({ "Q2": true, "Q10": bcp, "Q11": true, "Q12": true, "Q12-5": true })
}

/// Three hospitals' FY2023 answers in `in/`.
fn three(dir: &Path) {
    let d = dir.join("in");
    std::fs::create_dir(&d).unwrap();
    write(
        &d,
        "a.json",
        &bundle(Some("1310000001"), "A病院", 13, Some(350), 2023, "2024-02-20T10:00:00+09:00", fy2023(true)),
    );
    write(
        &d,
        "b.json",
        &bundle(Some("2710000002"), "B病院", 27, Some(80), 2023, "2024-02-21T10:00:00+09:00", fy2023(false)),
    );
    write(&d, "c.json", &bundle(None, "C病院", 27, None, 2023, "2024-02-22", json!({ "Q2": false })));
    std::fs::write(d.join("notes.txt"), "not a bundle, not *.json").unwrap();
}

fn question<'a>(v: &'a Value, edition: &str, id: &str) -> &'a Value {
    let e = v["editions"].as_array().unwrap().iter().find(|e| e["id"] == edition).unwrap();
    e["questions"].as_array().unwrap().iter().find(|q| q["id"] == id).unwrap()
}

fn row<'a>(q: &'a Value, kind: &str) -> &'a Value {
    q["rows"].as_array().unwrap().iter().find(|r| r["label"]["kind"] == kind).unwrap()
}

#[test]
fn a_folder_of_bundles_is_counted_by_band_and_prefecture() {
    let dir = tempfile::tempdir().unwrap();
    three(dir.path());
    let o = run(dir.path(), &["aggregate", "in", "--format", "json"], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(
        (v["files"].as_u64(), v["counted"].as_u64(), v["institutions"].as_u64()),
        (Some(3), Some(3), Some(3))
    );
    assert_eq!(v["refused"], json!([]));
    let q2 = question(&v, "mhlw-survey-fy2023-hospital", "Q2");
    assert_eq!(row(q2, "yes")["count"]["total"], 2);
    assert_eq!(row(q2, "no")["count"]["prefectures"], json!({ "27": 1 }));
    assert_eq!(row(q2, "yes")["count"]["bands"]["300-399"], 1);
    assert_eq!(row(q2, "yes")["count"]["bands"]["20-99"], 1);
    assert!((row(q2, "yes")["ratio"].as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-9);
    // B has no BCP: a critical gap, named with the institution and the file.
    let gaps = v["gaps"].as_array().unwrap();
    assert_eq!(gaps.len(), 1);
    assert_eq!(gaps[0]["institution"]["name"], "B病院");
    assert_eq!(gaps[0]["gaps"], json!(["no_bcp"]));
}

#[test]
fn a_bad_file_is_named_with_its_reason_and_the_others_are_counted() {
    let dir = tempfile::tempdir().unwrap();
    three(dir.path());
    std::fs::write(dir.path().join("in/broken.json"), "{ 壊れている").unwrap();
    write(&dir.path().join("in"), "other.json", &json!({ "format": "iryosec-ledger", "version": 1 }));
    let mut unknown = bundle(Some("9"), "D病院", 1, None, 2023, "2024-02-20", json!({}));
    unknown["edition"]["id"] = json!("mhlw-survey-fy2031-hospital");
    write(&dir.path().join("in"), "unknown.json", &unknown);
    let o = run(dir.path(), &["aggregate", "in", "--format", "json"], "");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("broken.json: JSON として読めません"), "{err}");
    assert!(err.contains("other.json: iryosec の調査回答"), "{err}");
    assert!(
        err.contains("unknown.json: 版「mhlw-survey-fy2031-hospital」はこの iryosec にありません"),
        "{err}"
    );
    let v = json_out(&o);
    assert_eq!((v["files"].as_u64(), v["counted"].as_u64()), (Some(6), Some(3)));
    let refused: Vec<&str> =
        v["refused"].as_array().unwrap().iter().map(|r| r["file"].as_str().unwrap()).collect();
    assert_eq!(refused.len(), 3);
    assert!(refused.iter().any(|f| f.ends_with("broken.json")));
}

#[test]
fn nothing_usable_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.json"), "[]").unwrap();
    let o = run(dir.path(), &["aggregate", "x.json", "missing.json", "--format", "json"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("missing.json: ファイルを読めません"), "{}", stderr(&o));
    assert!(stderr(&o).contains("集計できる回答がありませんでした"));
    assert!(stdout(&o).is_empty());
}

#[test]
fn the_latest_bundle_per_institution_and_year_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "new.json",
        &bundle(Some("1"), "A病院", 13, Some(200), 2023, "2024-03-01T00:30:00Z", fy2023(true)),
    );
    // 09:00 in Japan, before new.json's 09:30, though its text sorts after it.
    write(
        d,
        "old.json",
        &bundle(Some("1"), "A病院", 13, Some(200), 2023, "2024-03-01T09:00:00+09:00", fy2023(false)),
    );
    let o = run(d, &["aggregate", "old.json", "new.json", "--format", "json"], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json_out(&o);
    assert_eq!((v["bundles"].as_u64(), v["counted"].as_u64()), (Some(2), Some(1)));
    assert_eq!(v["superseded"], json!([{ "file": "old.json", "by": "new.json" }]));
    assert_eq!(row(question(&v, "mhlw-survey-fy2023-hospital", "Q10"), "yes")["count"]["total"], 1);
    assert_eq!(v["gaps"], json!([]));
}

#[test]
fn the_roster_and_earlier_years_give_the_not_answered_list() {
    let dir = tempfile::tempdir().unwrap();
    three(dir.path());
    write(
        dir.path(),
        "e2022.json",
        &bundle(Some("4010000005"), "E病院", 40, Some(600), 2022, "2023-01-10", json!({ "Q6": true })),
    );
    let roster = "医療機関コード,名称,都道府県,病床数\r\n1310000001,A病院,東京都,350\r\n0110000009,F病院,北海道,120\r\n,C病院,大阪府,\r\n";
    std::fs::write(dir.path().join("roster.csv"), roster).unwrap();
    let o = run(
        dir.path(),
        &["aggregate", "in", "e2022.json", "--expected", "roster.csv", "--format", "json"],
        "",
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json_out(&o);
    assert_eq!(v["latest_year"], 2023);
    let missing: Vec<(&str, &str)> = v["not_answered"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["institution"]["name"].as_str().unwrap(), m["reason"]["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(missing, vec![("F病院", "roster"), ("E病院", "earlier_year")]);

    let text = run(dir.path(), &["aggregate", "in", "e2022.json", "--expected", "roster.csv"], "");
    assert!(stdout(&text).contains("令和5年度の未回答の医療機関: 2"), "{}", stdout(&text));

    std::fs::write(dir.path().join("bad.csv"), "名称,都道府県\r\nG病院,どこか\r\n").unwrap();
    let bad = run(dir.path(), &["aggregate", "in", "--expected", "bad.csv"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("2行目の「都道府県」の値「どこか」は使えません"), "{}", stderr(&bad));
}

#[test]
fn excel_and_csv_are_written_to_new_files() {
    let dir = tempfile::tempdir().unwrap();
    three(dir.path());
    let o = run(dir.path(), &["aggregate", "in", "--format", "xlsx"], "");
    assert_eq!(o.status.code(), Some(2), "xlsx needs -o");
    let o = run(dir.path(), &["aggregate", "in", "--format", "xlsx", "-o", "result.xlsx"], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read(dir.path().join("result.xlsx")).unwrap().starts_with(b"PK"));
    let again = run(dir.path(), &["aggregate", "in", "--format", "xlsx", "-o", "result.xlsx"], "");
    assert_eq!(again.status.code(), Some(2), "never overwrites");
    let o = run(dir.path(), &["aggregate", "in", "--format", "csv", "-o", "result.csv"], "");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.path().join("result.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}年度,版,設問,範囲,設問文,回答,件数,対象数,割合,20床未満"), "{csv}");
    assert!(csv.contains("はい,2,3,66.7%"), "{csv}");
}
