use crate::harness::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {} {}", stdout(o), stderr(o)))
}

const SYSTEMS: &str = "システム名,種別,事業者,患者情報,契約更新日\r\n電子カルテ,電子カルテシステム,A社、B社,有,R8.3.31\r\nPACS,画像システム,C社,有,\r\n";

#[test]
fn registers_import_all_or_nothing_export_and_feed_the_evidence() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(SYSTEMS);
    std::fs::write(dir.path().join("システム.csv"), &sjis).unwrap();
    let done = run(dir.path(), &["registers", "import", "systems", "システム.csv", "--format", "json"], "");
    assert!(done.status.success(), "{}", stderr(&done));
    assert_eq!(json(&done), serde_json::json!({ "rows": 2, "imported": 2, "errors": [] }));

    let bad = "事業者名,MDS/SDS受領日\r\nA社,R7.4.1\r\nB社,いつか\r\n";
    std::fs::write(dir.path().join("vendors.csv"), bad).unwrap();
    let refused = run(dir.path(), &["registers", "import", "vendors", "vendors.csv", "--format", "json"], "");
    assert_eq!(refused.status.code(), Some(1));
    let v = json(&refused);
    assert_eq!((v["imported"].as_u64(), v["errors"][0]["row"].as_u64()), (Some(0), Some(3)));
    assert_eq!(v["errors"][0]["column"], "B");
    let listed = run(dir.path(), &["registers", "list", "vendors"], "");
    assert_eq!(json(&listed), serde_json::json!([]), "nothing of a refused file is kept");

    std::fs::write(dir.path().join("vendors.csv"), bad.replace("いつか", "2025-06-01")).unwrap();
    assert!(run(dir.path(), &["registers", "import", "vendors", "vendors.csv"], "").status.success());
    let evidence = run(dir.path(), &["evidence", "--fiscal-year", "2025", "--format", "json"], "");
    let v = json(&evidence);
    let mds = v["items"].as_array().unwrap().iter().find(|s| s["key"] == "vendor.mds_sds_obtained").unwrap();
    assert_eq!(mds["suggestion"], "no", "{mds}");
    assert_eq!(mds["records"], serde_json::json!(["C社"]));

    assert!(run(dir.path(), &["registers", "export", "systems", "-o", "out.xlsx"], "").status.success());
    let again = run(dir.path(), &["registers", "import", "systems", "out.xlsx", "--format", "json"], "");
    assert_eq!(json(&again)["imported"], 2, "an export imports back");
    let unknown = run(dir.path(), &["registers", "import", "spaceships", "out.xlsx"], "");
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn documents_and_system_settings_ground_the_policy_and_password_items() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let docs = "種類,文書名,最終改定日,保管場所\r\n運用管理規程,医療情報システム運用管理規程,令和7年4月1日,事務長室\r\n";
    std::fs::write(dir.path().join("文書.csv"), docs).unwrap();
    let done = run(dir.path(), &["registers", "import", "documents", "文書.csv", "--format", "json"], "");
    assert_eq!(json(&done)["imported"], 1, "{}", stderr(&done));
    let systems = "システム名,区分,パスワードの使い回し禁止,二要素認証\r\n電子カルテ,電子カルテ,有,無\r\nPACS,PACS,有,\r\n";
    std::fs::write(dir.path().join("systems.csv"), systems).unwrap();
    assert!(run(dir.path(), &["registers", "import", "systems", "systems.csv"], "").status.success());

    let v = json(&run(dir.path(), &["evidence", "--fiscal-year", "2025", "--format", "json"], ""));
    let item = |key: &str| v["items"].as_array().unwrap().iter().find(|s| s["key"] == key).unwrap().clone();
    let rules = item("policy.operation_rules");
    assert_eq!(rules["suggestion"], "yes", "{rules}");
    assert!(rules["reasons"][0].as_str().unwrap().contains("2025-04-01"), "{rules}");
    assert_eq!(item("password.no_reuse")["suggestion"], "yes");
    let two_factor = item("auth.two_factor");
    assert_eq!(
        (two_factor["suggestion"].as_str(), two_factor["records"].clone()),
        (Some("no"), serde_json::json!(["電子カルテ"]))
    );
    assert_eq!(item("bcp.plan")["suggestion"], "insufficient", "no BCP is registered");
}
