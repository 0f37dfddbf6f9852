//! `iryosec discover` and `iryosec lifecycle` as a person uses them: files written here in the
//! formats the tools produce, exit codes, and the Japanese messages.

use crate::harness::*;
use std::path::Path;

fn json(o: &std::process::Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {} {}", stdout(o), stderr(o)))
}

const LEDGER: &str = "管理番号,名称,種別,IPアドレス,MACアドレス,OS・ファームウェア,バージョン,リモート保守\r\n\
    FW-01,FW01,VPN装置,192.168.1.1,00:09:0F:00:00:01,FortiOS,6.0.4,有\r\n\
    PC-01,RECEPT-01,端末PC,192.168.1.10,,,,\r\n";

const SCAN: &str = "<?xml version=\"1.0\"?>\n<nmaprun start=\"1747357200\">\n\
    <host><status state=\"up\"/><address addr=\"192.168.1.1\" addrtype=\"ipv4\"/>\
    <address addr=\"00:09:0F:00:00:01\" addrtype=\"mac\" vendor=\"Fortinet\"/>\n\
    <ports><port protocol=\"tcp\" portid=\"23\"><state state=\"open\"/><service name=\"telnet\"/></port></ports></host>\n\
    <host><status state=\"up\"/><address addr=\"192.168.1.20\" addrtype=\"ipv4\"/>\
    <hostnames><hostname name=\"recept-01.hospital.local\"/></hostnames></host>\n\
    <host><status state=\"up\"/><address addr=\"192.168.1.30\" addrtype=\"ipv4\"/>\
    <address addr=\"00:A0:DE:00:00:03\" addrtype=\"mac\"/></host>\n</nmaprun>\n";

fn with_ledger(dir: &Path) {
    create_admin(dir, &[]);
    std::fs::write(dir.join("台帳.csv"), LEDGER).unwrap();
    assert!(run(dir, &["ledger", "import", "台帳.csv"], "").status.success());
}

#[test]
fn a_scan_is_shown_against_the_ledger_and_only_confirmed_proposals_are_applied() {
    let dir = tempfile::tempdir().unwrap();
    with_ledger(dir.path());
    std::fs::write(dir.path().join("scan.xml"), SCAN).unwrap();
    let dry = run(dir.path(), &["discover", "import", "scan.xml", "--dry-run", "--format", "json"], "");
    assert_eq!(dry.status.code(), Some(1), "findings and proposals wait for a person: {}", stderr(&dry));
    assert!(stderr(&dry).contains("何も保存していません"));
    let v = json(&dry);
    let matched: Vec<(&str, &str)> = v["matched"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["asset_no"].as_str().unwrap(), m["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(matched, [("FW-01", "MAC アドレスが一致"), ("PC-01", "ホスト名が一致")]);
    let proposals = v["proposals"].as_array().unwrap();
    assert_eq!(proposals[0]["kind"], "add");
    assert_eq!(proposals[1]["proposed"], "192.168.1.20");
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["message"].as_str().unwrap().contains("Telnet（ポート 23）"))
    );

    let applied =
        run(dir.path(), &["discover", "import", "scan.xml", "--apply", "2", "--format", "json"], "");
    assert_eq!(json(&applied)["applied"], serde_json::json!({ "added": 0, "changed": 1, "seen": 2 }));
    let list = run(dir.path(), &["ledger", "export", "-o", "after.csv"], "");
    assert!(list.status.success());
    let after = std::fs::read_to_string(dir.path().join("after.csv")).unwrap();
    assert!(after.contains("192.168.1.20") && !after.contains("NW-00A0DE000003"), "only proposal 2: {after}");

    let bad = run(dir.path(), &["discover", "import", "scan.xml", "--apply", "9"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--apply「9」が読めません"), "{}", stderr(&bad));
}

#[test]
fn a_truncated_scan_or_an_unknown_file_is_refused_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    with_ledger(dir.path());
    let cut = &SCAN[..SCAN.find("<host><status state=\"up\"/><address addr=\"192.168.1.30\"").unwrap()];
    std::fs::write(dir.path().join("cut.xml"), cut).unwrap();
    let o = run(dir.path(), &["discover", "import", "cut.xml"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cut.xml:5: ファイルが途中で切れています"), "{}", stderr(&o));
    std::fs::write(dir.path().join("memo.txt"), "会議のメモ\n").unwrap();
    let o = run(dir.path(), &["discover", "import", "memo.txt"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("memo.txt: どの種類のファイルか判別できません"), "{}", stderr(&o));
    let kept = sqlite_scalar(&db_path(dir.path()), "SELECT CAST(COUNT(*) AS TEXT) FROM discovery_imports");
    assert_eq!(kept, "0", "nothing was written");
}

const FORTIOS_MD: &str = "---\ntitle: FortiOS\npermalink: /fortios\nreleases:\n  - releaseCycle: \"6.0\"\n    eol: 2031-09-29\n---\nFortiOS.\n";

const KEV_JSON: &str = r#"{"catalogVersion": "2027.01.05", "vulnerabilities": [
  {"cveID": "CVE-2027-0001", "vendorProject": "Fortinet", "product": "FortiOS", "vulnerabilityName": "Test", "dateAdded": "2027-01-05", "knownRansomwareCampaignUse": "Known"}]}"#;

#[test]
fn a_bundle_is_built_signed_verified_against_the_configured_keys_and_imported() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    with_ledger(d);
    let key = run(d, &["lifecycle", "keygen", "--out", "release.key"], "");
    assert!(key.status.success(), "{}", stderr(&key));
    let public = stdout(&key).trim().to_owned();
    assert!(public.starts_with("ed25519:"));
    std::fs::create_dir(d.join("eol")).unwrap();
    std::fs::write(d.join("eol/fortios.md"), FORTIOS_MD).unwrap();
    std::fs::write(d.join("kev.json"), KEV_JSON).unwrap();
    let args = [
        "lifecycle",
        "bundle",
        "build",
        "--endoflife",
        "eol",
        "--kev",
        "kev.json",
        "--key",
        "release.key",
        "--out",
        "b.json",
        "--created",
        "2027-01-06",
    ];
    let built = run(d, &args, "");
    assert!(built.status.success(), "{}", stderr(&built));

    let untrusted = run(d, &["lifecycle", "bundle", "verify", "b.json"], "");
    assert_eq!(untrusted.status.code(), Some(1));
    assert!(stderr(&untrusted).contains("信頼する鍵に含まれていません"));
    let refused = run(d, &["lifecycle", "import", "b.json"], "");
    assert_eq!(refused.status.code(), Some(2));

    std::fs::write(d.join("iryosec.toml"), format!("lifecycle_keys = [\"{public}\"]\n")).unwrap();
    assert!(run(d, &["lifecycle", "bundle", "verify", "b.json"], "").status.success());
    let tampered = std::fs::read_to_string(d.join("b.json")).unwrap().replace("2031-09-29", "2039-09-29");
    std::fs::write(d.join("t.json"), tampered).unwrap();
    let o = run(d, &["lifecycle", "bundle", "verify", "t.json"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("署名が内容と一致しません"));

    let before = run(d, &["lifecycle", "check", "--format", "json"], "");
    assert_eq!(before.status.code(), Some(1), "FortiOS 6.0.4 is past support and exploited");
    assert_eq!(json(&before)["support_ended"][0]["asset_no"], "FW-01");
    assert!(run(d, &["lifecycle", "import", "b.json"], "").status.success());
    let after = json(&run(d, &["lifecycle", "check", "--format", "json"], ""));
    assert!(after["support_ended"].as_array().unwrap().is_empty(), "the bundle's later date counts: {after}");
    assert_eq!(after["exploited"][0]["asset_no"], "FW-01");

    std::fs::write(d.join("iryosec.toml"), "lifecycle_keys = [\"ed25519:zz\"]\n").unwrap();
    let o = run(d, &["lifecycle", "bundle", "verify", "b.json"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("lifecycle_keys: 公開鍵「ed25519:zz」が読めません"), "{}", stderr(&o));
}

#[test]
fn external_connections_are_a_register_like_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    create_admin(d, &[]);
    let csv = "接続名,種類,機器（管理番号）,運用する事業者,接続するシステム,二要素認証,接続元の制限,最終確認日\r\n\
               電子カルテ保守VPN,リモートメンテナンス,FW-01,カルテ社,電子カルテ,なし,あり,R7.4.1\r\n\
               オン資回線,オン資,,,,,,\r\n";
    std::fs::write(d.join("接続.csv"), csv).unwrap();
    let o = run(d, &["registers", "import", "connections", "接続.csv", "--format", "json"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o)["imported"], 2);
    let list = json(&run(d, &["registers", "list", "connections"], ""));
    let entries = list.as_array().unwrap();
    let vpn = entries.iter().find(|e| e["record"]["name"] == "電子カルテ保守VPN").unwrap();
    let record = &vpn["record"];
    assert_eq!(
        (record["kind"].as_str(), record["two_factor"].as_bool()),
        (Some("remote_maintenance"), Some(false))
    );
    let bad = "接続名,種類\r\n回線,宇宙\r\n";
    std::fs::write(d.join("bad.csv"), bad).unwrap();
    let o = run(d, &["registers", "import", "connections", "bad.csv", "--format", "json"], "");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json(&o)["errors"][0]["column"], "B");
}
