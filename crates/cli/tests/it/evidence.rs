use crate::harness::*;

const LEDGER: &str = "管理番号,機器名,種類,パッチ状況,接続元制限,最終確認日\r\n\
SV-1,電子カルテサーバ,サーバ,最新,有,2025-06-01\r\n\
SW-1,コアスイッチ,スイッチ,最新,無,2025-06-01\r\n\
PC-1,受付PC,端末,未適用あり,,2024-01-10\r\n";

fn by_key<'a>(v: &'a serde_json::Value, key: &str, scope: Option<&str>) -> &'a serde_json::Value {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == key && i["scope"].as_str() == scope)
        .unwrap_or_else(|| panic!("no {key} {scope:?}"))
}

#[test]
fn every_item_of_the_year_gets_a_suggestion_grounded_in_the_ledger() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    std::fs::write(dir.path().join("ledger.csv"), LEDGER).unwrap();
    assert!(run(dir.path(), &["ledger", "import", "ledger.csv"], "").status.success());
    let o = run(dir.path(), &["evidence", "--fiscal-year", "2025", "--format", "json"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["edition"], "mhlw-checklist-r7-hospital");
    let ledger = by_key(&v, "assets.ledger", Some("general"));
    assert_eq!(ledger["suggestion"], "no");
    assert_eq!(ledger["records"], serde_json::json!(["PC-1"]), "only PC-1 was not confirmed within a year");
    assert_eq!(by_key(&v, "patch.apply", Some("general"))["records"], serde_json::json!(["PC-1"]));
    let sources = by_key(&v, "network.restrict_sources", Some("network"));
    assert_eq!((sources["suggestion"].as_str(), sources["records"][0].as_str()), (Some("no"), Some("SW-1")));
    let bcp = by_key(&v, "bcp.plan", None);
    assert_eq!(bcp["suggestion"], "insufficient");
    assert!(bcp["reasons"][0].as_str().unwrap().contains("BCP（事業継続計画）が登録されていません"), "{bcp}");
    let accounts = by_key(&v, "access.remove_unneeded_accounts", Some("server"));
    assert_eq!(accounts["suggestion"], "insufficient", "no account review in the year");
    assert_eq!(accounts["source"]["kind"], "account_reviews");
    assert!(accounts["reasons"][0].as_str().unwrap().contains("アカウント点検の記録がありません"));
    let text = run(dir.path(), &["evidence", "--fiscal-year", "2025"], "");
    assert!(stdout(&text).contains("いいえ"), "{}", stdout(&text));
}

#[test]
fn a_year_without_an_edition_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let o = run(dir.path(), &["evidence", "--fiscal-year", "2019"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2019年度"), "{}", stderr(&o));
}
