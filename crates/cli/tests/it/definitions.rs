use crate::harness::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

const R8: &str = r#"format = 1
id = "test-r8-hospital-pharmacy"
kind = "checklist"
title = "医療機関・薬局におけるサイバーセキュリティ対策チェックリスト（試験用）"
fiscal_year = 2026
sheet = "hospital_pharmacy"

[[sections]]
number = "1"
title = "体制構築"

[[items]]
number = "1-①"
key = "governance.security_officer"
section = "1"
title = "医療情報システム安全管理責任者を設置している。"
due = 2026
"#;

#[test]
fn list_shows_the_shipped_editions_without_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["definitions", "list", "--format", "json"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o);
    let r7 = v.as_array().unwrap().iter().find(|e| e["id"] == "mhlw-checklist-r7-hospital").unwrap();
    assert_eq!(
        (r7["kind"].as_str(), r7["sheet"].as_str(), r7["fiscal_year"].as_i64()),
        (Some("checklist"), Some("hospital"), Some(2025))
    );
    assert_eq!(r7["items"], 19);
    assert_eq!(v.as_array().unwrap().len(), 11);
    let r8 = v.as_array().unwrap().iter().find(|e| e["id"] == "mhlw-checklist-r8-hospital-pharmacy").unwrap();
    assert_eq!((r8["provisional"].as_bool(), r8["sheet"].as_str()), (Some(true), Some("hospital_pharmacy")));
    let text = stdout(&run(dir.path(), &["definitions", "list"], ""));
    assert!(
        text.lines().any(|l| l.starts_with("mhlw-checklist-r8-vendor") && l.ends_with("組み込み・暫定版")),
        "{text}"
    );
    assert!(!dir.path().join("iryosec-data").exists(), "listing creates nothing");
}

#[test]
fn show_prints_an_edition_with_its_items() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(&run(
        dir.path(),
        &["definitions", "show", "mhlw-checklist-r6-hospital", "--format", "json"],
        "",
    ));
    assert_eq!(v["items"].as_array().unwrap().len(), 14);
    assert_eq!(v["items"][0]["key"], "system.in_use");
    assert_eq!(v["items"][0]["gate"], true);
    let text = stdout(&run(dir.path(), &["definitions", "show", "mhlw-checklist-r6-hospital"], ""));
    assert!(text.contains("2-(5)") && text.contains("退職者や使用していないアカウント"));
    assert!(text.contains("2-(7)    セキュリティパッチ"), "{text}");
    assert!(text.contains("文言の確認: 最終版の原文と照合済み"), "{text}");
    assert!(text.contains("文言の確認: 文言は推定（原文と未照合）"), "{text}");
    let missing = run(dir.path(), &["definitions", "show", "no-such-edition"], "");
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn show_says_how_sure_each_item_is_and_what_a_provisional_edition_is() {
    let dir = tempfile::tempdir().unwrap();
    let id = "mhlw-checklist-r8-hospital-pharmacy";
    let text = stdout(&run(dir.path(), &["definitions", "show", id], ""));
    assert!(text.lines().next().unwrap().ends_with("医療機関・薬局確認用） 暫定版"), "{text}");
    assert!(text.contains("公表 2026-06") && text.contains("001716187.xlsx"), "{text}");
    assert_eq!(text.matches("文言の確認: 文言は推定（原文と未照合）").count(), 19, "{text}");
    let v = json(&run(dir.path(), &["definitions", "show", id, "--format", "json"], ""));
    assert_eq!((v["provisional"].as_bool(), v["published"].as_str()), (Some(true), Some("2026-06")));
    assert_eq!(v["items"][1]["verification"], "inferred");
    assert_eq!(v["items"][1]["verification_label"], "文言は推定（原文と未照合）");
    assert_eq!(v["not_final"].as_array().unwrap().len(), 19);
    let r7 = json(&run(
        dir.path(),
        &["definitions", "show", "mhlw-checklist-r7-hospital", "--format", "json"],
        "",
    ));
    let officer = r7["items"].as_array().unwrap().iter().find(|i| i["number"] == "1-①").unwrap();
    assert_eq!(
        (officer["verification"].as_str(), officer["verification_label"].as_str()),
        (Some("draft"), Some("公表前の案と照合"))
    );
}

#[test]
fn check_exits_0_1_2_and_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.toml"), R8).unwrap();
    assert!(run(dir.path(), &["definitions", "check", "good.toml"], "").status.success());
    std::fs::write(
        dir.path().join("bad.toml"),
        R8.replace("section = \"1\"\ntitle = \"医療", "section = \"7\"\ntitle = \"医療"),
    )
    .unwrap();
    let bad = run(dir.path(), &["definitions", "check", "bad.toml"], "");
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stdout(&bad).contains("bad.toml:15: items[1] 1-①.section: 節「7」は sections にありません。"),
        "{}",
        stdout(&bad)
    );
    let v = json(&run(dir.path(), &["definitions", "check", "bad.toml", "--format", "json"], ""));
    assert_eq!((v["valid"].as_bool(), v["errors"][0]["line"].as_i64()), (Some(false), Some(15)));
    assert_eq!(run(dir.path(), &["definitions", "check", "missing.toml"], "").status.code(), Some(2));
}

#[test]
fn diff_lists_what_r7_added() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(&run(
        dir.path(),
        &[
            "definitions",
            "diff",
            "mhlw-checklist-r6-hospital",
            "mhlw-checklist-r7-hospital",
            "--format",
            "json",
        ],
        "",
    ));
    let added: Vec<_> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["change"] == "added")
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(added.len(), 5);
    assert!(added.contains(&"auth.two_factor"));
    let text = stdout(&run(
        dir.path(),
        &["definitions", "diff", "mhlw-checklist-r6-hospital", "mhlw-checklist-r7-hospital"],
        "",
    ));
    assert!(text.contains("~ 2-(7) → 2-⑥  patch.apply  (number, scopes)"), "{text}");
    assert!(text.contains("~ 1-(1) → 1-①  governance.security_officer  (number)"), "{text}");
}

#[test]
fn import_stores_a_new_version_and_refuses_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r8.toml"), R8).unwrap();
    let o = run(dir.path(), &["definitions", "import", "r8.toml", "--format", "json"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["version"], 1);
    assert_eq!(
        json(&run(dir.path(), &["definitions", "import", "r8.toml", "--format", "json"], ""))["version"],
        2
    );
    let list = json(&run(dir.path(), &["definitions", "list", "--format", "json"], ""));
    let r8 = list.as_array().unwrap().iter().find(|e| e["id"] == "test-r8-hospital-pharmacy").unwrap();
    assert_eq!(
        (r8["origin"].as_str(), r8["version"].as_i64(), r8["sheet"].as_str()),
        (Some("imported"), Some(2), Some("hospital_pharmacy"))
    );

    std::fs::write(dir.path().join("bad.toml"), R8.replace("due = 2026", "due = 1990")).unwrap();
    let bad = run(dir.path(), &["definitions", "import", "bad.toml"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("bad.toml:17"), "{}", stderr(&bad));
    let shipped = R8.replace("test-r8-hospital-pharmacy", "mhlw-checklist-r7-hospital");
    std::fs::write(dir.path().join("shipped.toml"), shipped).unwrap();
    let refused = run(dir.path(), &["definitions", "import", "shipped.toml"], "");
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("組み込まれた版"));
    let v = json(&run(dir.path(), &["audit", "verify", "--format", "json"], ""));
    assert_eq!(v["ok"], true, "imports are in the audit log, and it holds");
}

#[test]
fn an_excel_template_round_trips_into_an_import() {
    let dir = tempfile::tempdir().unwrap();
    let o =
        run(dir.path(), &["definitions", "template", "r8.xlsx", "--from", "mhlw-checklist-r7-hospital"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    let again = run(dir.path(), &["definitions", "template", "r8.xlsx"], "");
    assert_eq!(again.status.code(), Some(2), "never overwrites");
    // As filled from R7 it still carries R7's id, which is taken: import names the cell.
    let taken = run(dir.path(), &["definitions", "import", "r8.xlsx"], "");
    assert_eq!(taken.status.code(), Some(2));
    assert!(stderr(&taken).contains("組み込まれた版"), "{}", stderr(&taken));
    let checked = run(dir.path(), &["definitions", "check", "r8.xlsx", "--format", "json"], "");
    assert!(checked.status.success(), "{}", stdout(&checked));

    let empty = run(dir.path(), &["definitions", "template", "empty.xlsx"], "");
    assert!(empty.status.success());
    let bad = run(dir.path(), &["definitions", "check", "empty.xlsx"], "");
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).contains("empty.xlsx: 版!B2: id は"), "{}", stdout(&bad));
}

#[test]
fn the_ministrys_workbook_becomes_a_draft_with_keys_and_can_be_published() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r8.xlsx"), iryosec_io::ministry_xlsx::sample::merged_sheet()).unwrap();
    let o = run(dir.path(), &["definitions", "import-workbook", "r8.xlsx", "--toml", "draft.toml"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("公表されたファイルとして記録されたものと一致しません"), "{text}");
    assert!(text.contains("mhlw-checklist-r8-hospital-pharmacy"), "matched to the provisional R8: {text}");
    assert!(text.contains("2-④      access.role_based_rights  番号と文言で前の版に対応 ← 2-④"), "{text}");
    assert!(text.contains("2-⑭      item.fy2026_2_14  新しい項目"), "{text}");
    let draft = std::fs::read_to_string(dir.path().join("draft.toml")).unwrap();
    assert!(draft.contains("id = \"mhlw-checklist-r8-hospital-pharmacy-workbook\""), "{draft}");
    let checked = run(dir.path(), &["definitions", "check", "draft.toml"], "");
    assert!(checked.status.success(), "the draft is a valid definition: {}", stdout(&checked));

    let published =
        run(dir.path(), &["definitions", "import-workbook", "r8.xlsx", "--publish", "--format", "json"], "");
    assert!(published.status.success(), "{}", stderr(&published));
    let v = json(&published);
    assert_eq!((v["published_version"].as_i64(), v["items"].as_i64()), (Some(1), Some(4)));
    assert_eq!(v["official"], serde_json::Value::Null);

    let no_table = iryosec_io::hostile::workbook(&[("A1", "令和8年度 事業者確認用"), ("B2", "連絡先")]);
    std::fs::write(dir.path().join("other.xlsx"), no_table).unwrap();
    let refused = run(dir.path(), &["definitions", "import-workbook", "other.xlsx"], "");
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        stderr(&refused).contains("other.xlsx: Sheet1: どのシートにも項目の表が見つかりません"),
        "{}",
        stderr(&refused)
    );
}
