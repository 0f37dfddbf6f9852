use crate::harness::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {} {}", stdout(o), stderr(o)))
}

const BUNDLE: &str = r#"{
  "format": "iryosec-assessment",
  "version": 1,
  "exported_at": "2025-07-01T09:00:00+09:00",
  "institution": { "name": "さくら記念病院", "kind": "hospital", "prefecture": 13, "medical_code": null },
  "fiscal_year": 2025,
  "edition": { "id": "mhlw-checklist-r7-hospital", "title": "x", "sheet": "hospital", "fiscal_year": 2025 },
  "vendor_contract": true,
  "answers": [
    { "key": "governance.security_officer", "number": "1-①", "title": "x", "scope": null, "answer": "yes",
      "confirmed_1": "2025-05-20", "confirmed_2": null, "target": null, "note": "院長が任命", "confirmed_by": "医療 一郎", "draft": false },
    { "key": "access.logs", "number": "2-⑪", "title": "x", "scope": "server", "answer": "no",
      "confirmed_1": "2025-05-20", "confirmed_2": null, "target": "2026-03-31", "note": "", "confirmed_by": "医療 一郎", "draft": false },
    { "key": "assets.ledger", "number": "2-①", "title": "x", "scope": "general", "answer": "yes",
      "confirmed_1": null, "confirmed_2": null, "target": null, "note": "", "confirmed_by": "", "draft": true }
  ]
}"#;

#[test]
fn a_bundle_goes_in_and_comes_out_without_loss() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    std::fs::write(dir.path().join("in.json"), BUNDLE).unwrap();
    let imported = run(dir.path(), &["assessment", "import", "in.json", "--format", "json"], "");
    assert!(imported.status.success(), "{}", stderr(&imported));
    assert_eq!(json(&imported)["answers"], 3);

    let status = json(&run(dir.path(), &["assessment", "status", "--format", "json"], ""));
    assert_eq!(status["fiscal_year"], 2025);
    assert_eq!(status["open"][0]["key"], "access.logs");

    assert!(run(dir.path(), &["assessment", "export", "-o", "out.json"], "").status.success());
    let out: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("out.json")).unwrap()).unwrap();
    let original: serde_json::Value = serde_json::from_str(BUNDLE).unwrap();
    let pick = |v: &serde_json::Value| {
        let mut a: Vec<_> = v["answers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    a["key"].clone(),
                    a["scope"].clone(),
                    a["answer"].clone(),
                    a["confirmed_1"].clone(),
                    a["target"].clone(),
                    a["note"].clone(),
                    a["draft"].clone(),
                )
            })
            .map(|t| format!("{t:?}"))
            .collect();
        a.sort();
        a
    };
    assert_eq!(pick(&out), pick(&original));

    for (file, magic) in [("out.xlsx", &b"PK"[..]), ("out.csv", "\u{feff}".as_bytes())] {
        assert!(run(dir.path(), &["assessment", "export", "-o", file], "").status.success());
        assert!(std::fs::read(dir.path().join(file)).unwrap().starts_with(magic), "{file}");
    }
    let again = run(dir.path(), &["assessment", "export", "-o", "out.json"], "");
    assert_eq!(again.status.code(), Some(2), "never overwrites");
}

#[test]
fn bad_bundles_and_missing_ids_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    std::fs::write(dir.path().join("v2.json"), BUNDLE.replace("\"version\": 1", "\"version\": 2")).unwrap();
    let v2 = run(dir.path(), &["assessment", "import", "v2.json"], "");
    assert_eq!(v2.status.code(), Some(2));
    assert!(stderr(&v2).contains("v2.json: このデータの版（2）には対応していません"), "{}", stderr(&v2));
    std::fs::write(dir.path().join("bad.json"), BUNDLE.replace("\"2026-03-31\"", "\"2026-04-01\"")).unwrap();
    let bad = run(dir.path(), &["assessment", "import", "bad.json"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("answers[access.logs:server]"), "{}", stderr(&bad));

    assert!(run(dir.path(), &["assessment", "new", "--fiscal-year", "2025"], "").status.success());
    run(dir.path(), &["assessment", "export", "-o", "x.xlsx"], "");
    let no_id = run(dir.path(), &["assessment", "import", "x.xlsx"], "");
    assert_eq!(no_id.status.code(), Some(2));
    assert!(stderr(&no_id).contains("--id"));
}

#[test]
fn new_proposes_the_edition_in_force_and_carries_forward() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let first =
        json(&run(dir.path(), &["assessment", "new", "--fiscal-year", "2024", "--format", "json"], ""));
    assert_eq!(first["edition"], "mhlw-checklist-r6-hospital");
    let second = json(&run(
        dir.path(),
        &["assessment", "new", "--fiscal-year", "2025", "--carry-forward", "--format", "json"],
        "",
    ));
    assert_eq!(
        (second["edition"].as_str(), second["carried_from"].as_i64()),
        (Some("mhlw-checklist-r7-hospital"), first["id"].as_i64())
    );
    let r8 = run(dir.path(), &["assessment", "new", "--fiscal-year", "2026", "--carry-forward"], "");
    assert!(r8.status.success(), "{}", stderr(&r8));
    assert!(stdout(&r8).contains("令和8年度、mhlw-checklist-r8-hospital-pharmacy"), "{}", stdout(&r8));
    assert!(stderr(&r8).contains("mhlw-checklist-r8-hospital-pharmacy は暫定版です"), "{}", stderr(&r8));
    let dup = run(dir.path(), &["assessment", "new", "--fiscal-year", "2025"], "");
    assert_eq!(dup.status.code(), Some(2));
    assert!(stderr(&dup).contains("すでにあります"));
    let vendor = run(
        dir.path(),
        &["assessment", "new", "--fiscal-year", "2024", "--edition", "mhlw-checklist-r6-vendor"],
        "",
    );
    assert!(stderr(&vendor).contains("事業者確認用"));
}

#[test]
fn a_refused_bundle_leaves_no_empty_assessment_behind() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    std::fs::write(dir.path().join("bad.json"), BUNDLE.replace("\"2026-03-31\"", "\"2026-04-01\"")).unwrap();
    assert_eq!(run(dir.path(), &["assessment", "import", "bad.json"], "").status.code(), Some(2));
    let status = run(dir.path(), &["assessment", "status"], "");
    assert_eq!(status.status.code(), Some(2), "no assessment was created");
}

#[test]
fn an_answered_imported_edition_cannot_change_under_its_answers() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let edition = r#"format = 1
id = "local-r8-hospital"
kind = "checklist"
title = "試験用の版"
fiscal_year = 2025
sheet = "hospital"

[[sections]]
number = "1"
title = "体制構築"

[[items]]
number = "1-①"
key = "governance.security_officer"
section = "1"
title = "責任者を設置している。"
due = 2025
"#;
    std::fs::write(dir.path().join("e.toml"), edition).unwrap();
    assert!(run(dir.path(), &["definitions", "import", "e.toml"], "").status.success());
    assert!(
        run(
            dir.path(),
            &["assessment", "new", "--fiscal-year", "2025", "--edition", "local-r8-hospital"],
            ""
        )
        .status
        .success()
    );
    std::fs::write(dir.path().join("e2.toml"), edition.replace("責任者を設置している。", "別の文言"))
        .unwrap();
    let changed = run(dir.path(), &["definitions", "import", "e2.toml"], "");
    assert_eq!(changed.status.code(), Some(2));
    assert!(stderr(&changed).contains("すでに自己点検で使われている"), "{}", stderr(&changed));
    assert!(
        run(dir.path(), &["definitions", "import", "e.toml"], "").status.success(),
        "the same content again is fine"
    );
}
