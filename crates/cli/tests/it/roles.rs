//! `iryosec roles`: the shipped lists without a database, a list file checked with its lines,
//! imported (also from the Excel template), and refused with exit 2 when unusable.
use crate::harness::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

const OFFICIAL: &str = r#"format = 1
id = "mhlw-r8-system-admin"
kind = "role_checklist"
audience = "system_admin"
author = "mhlw"
title = "システム管理者向けチェックリスト"
fiscal_year = 2026
source = "厚生労働省（試験用）"

[[items]]
number = "1"
key = "ledger"
viewpoint = "予防"
text = "台帳を整備しているか"
layer = "システム的"
control = "予防的"
"#;

#[test]
fn list_and_show_say_whose_each_list_is() {
    let dir = tempfile::tempdir().unwrap();
    let v = json(&run(dir.path(), &["roles", "list", "--format", "json"], ""));
    let lists = v.as_array().unwrap();
    assert_eq!(lists.len(), 4);
    let exec = lists.iter().find(|l| l["id"] == "mhlw-r3-executive").unwrap();
    assert_eq!((exec["author"].as_str(), exec["items"].as_i64()), (Some("mhlw"), Some(9)));
    let text = stdout(&run(dir.path(), &["roles", "list"], ""));
    assert!(text.lines().any(|l| l.starts_with("iryosec-clinical") && l.contains("iryosec 独自")), "{text}");

    let shown = stdout(&run(dir.path(), &["roles", "show", "mhlw-r3-nine-areas"], ""));
    assert!(shown.contains("[予防・システム的・予防的] 最新リスクの把握がされているか"), "{shown}");
    assert!(shown.contains("対策例: 最新リスクへの対策セキュリティパッチの適用"), "{shown}");
    assert!(shown.contains("教材の表のこのセルには対策例が印刷されていません。"), "{shown}");
    let own = stdout(&run(dir.path(), &["roles", "show", "iryosec-clinical"], ""));
    assert!(own.contains("厚生労働省のチェックリストではありません"), "{own}");
    let none = run(dir.path(), &["roles", "show", "nothing"], "");
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("iryosec roles list"), "{}", stderr(&none));
    assert!(!dir.path().join("iryosec-data").exists(), "reading creates nothing");
}

#[test]
fn a_file_is_checked_line_by_line_and_imported_as_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        OFFICIAL.replace("text = \"台帳を整備しているか\"", "text = \"\""),
    )
    .unwrap();
    let bad = run(dir.path(), &["roles", "check", "bad.toml"], "");
    assert_eq!(bad.status.code(), Some(1));
    assert!(stdout(&bad).contains("bad.toml:14: items[1] 1.text: 空欄にできません。"), "{}", stdout(&bad));
    let refused = run(dir.path(), &["roles", "import", "bad.toml"], "");
    assert_eq!(refused.status.code(), Some(2), "nothing is stored");
    assert!(!dir.path().join("iryosec-data").exists());

    std::fs::write(dir.path().join("official.toml"), OFFICIAL).unwrap();
    let checked = run(dir.path(), &["roles", "check", "official.toml"], "");
    assert!(checked.status.success(), "{}", stdout(&checked));
    let o = run(dir.path(), &["roles", "import", "official.toml", "--format", "json"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["version"], 1);
    let v = json(&run(dir.path(), &["roles", "list", "--format", "json"], ""));
    let imported = v.as_array().unwrap().iter().find(|l| l["id"] == "mhlw-r8-system-admin").unwrap();
    assert_eq!((imported["origin"].as_str(), imported["version"].as_i64()), (Some("imported"), Some(1)));
    let v = json(&run(dir.path(), &["audit", "verify", "--format", "json"], ""));
    assert_eq!(v["ok"], true, "the import is in the audit log, and it holds");
}

#[test]
fn the_excel_template_round_trips_and_a_shipped_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["roles", "template", "exec.xlsx", "--from", "mhlw-r3-executive"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(run(dir.path(), &["roles", "check", "exec.xlsx"], "").status.success());
    let taken = run(dir.path(), &["roles", "import", "exec.xlsx"], "");
    assert_eq!(taken.status.code(), Some(2));
    assert!(stderr(&taken).contains("組み込まれたリスト"), "{}", stderr(&taken));

    assert!(run(dir.path(), &["roles", "template", "empty.xlsx"], "").status.success());
    let empty = run(dir.path(), &["roles", "check", "empty.xlsx"], "");
    assert_eq!(empty.status.code(), Some(1));
    assert!(stdout(&empty).contains("empty.xlsx: リスト!B2: id は"), "{}", stdout(&empty));
}
