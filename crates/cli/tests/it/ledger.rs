use crate::harness::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {} {}", stdout(o), stderr(o)))
}

const LEDGER: &str = "No.,機器名,種類,IPアドレス,導入日,リモート保守,備考\r\nSV-001,電子カルテサーバ,サーバー,192.168.10.5,H31.4.1,有,\r\nPC-101,受付PC,端末,192.168.20.11,令和3年4月1日,無,２階\r\n";

#[test]
fn a_shift_jis_ledger_is_checked_then_imported() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(LEDGER);
    std::fs::write(dir.path().join("台帳.csv"), &sjis).unwrap();
    let dry = run(dir.path(), &["ledger", "import", "台帳.csv", "--dry-run", "--format", "json"], "");
    assert!(dry.status.success(), "{}", stderr(&dry));
    assert_eq!(json(&dry), serde_json::json!({ "rows": 2, "imported": 0, "errors": [] }));
    let done = run(dir.path(), &["ledger", "import", "台帳.csv", "--format", "json"], "");
    assert_eq!(json(&done)["imported"], 2);
    assert!(run(dir.path(), &["ledger", "export", "-o", "out.xlsx"], "").status.success());
    let again = run(dir.path(), &["ledger", "import", "out.xlsx", "--format", "json"], "");
    assert_eq!(json(&again)["imported"], 2, "an export imports back");
}

#[test]
fn a_messy_ledger_is_refused_whole_with_rows_and_columns() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let bad = LEDGER.replace("H31.4.1", "昔").replace("受付PC,端末", "受付PC,宇宙船");
    std::fs::write(dir.path().join("bad.csv"), bad).unwrap();
    let o = run(dir.path(), &["ledger", "import", "bad.csv", "--format", "json"], "");
    assert_eq!(o.status.code(), Some(1));
    let v = json(&o);
    assert_eq!(v["imported"], 0);
    let errors: Vec<(u64, String)> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["column"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(errors, vec![(2, "E".to_owned()), (3, "C".to_owned())]);
    assert!(v["errors"][0]["message"].as_str().unwrap().contains("日付として読めません"));
    let export = run(dir.path(), &["ledger", "export", "-o", "empty.csv"], "");
    assert!(export.status.success());
    let text = std::fs::read_to_string(dir.path().join("empty.csv")).unwrap();
    assert_eq!(text.lines().count(), 1, "nothing was imported: {text}");
}
