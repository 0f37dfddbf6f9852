use crate::harness::*;

const AD: &str = "\u{feff}\"SamAccountName\",\"Name\",\"Enabled\",\"LastLogonDate\",\"EmployeeID\"\r\n\
\"yamada\",\"山田 太郎\",\"True\",\"2026/11/01 8:30:00\",\"0012\"\r\n\
\"sato\",\"佐藤花子\",\"True\",\"2026/11/10 9:00:00\",\"0013\"\r\n\
\"suzuki\",\"鈴木一郎\",\"True\",\"2026/01/05 17:00:00\",\"0014\"\r\n\
\"admin\",\"Administrator\",\"True\",\"2026/11/20 7:00:00\",\"\"\r\n\
\"tanaka\",\"田中次郎\",\"False\",\"2025/01/01 7:00:00\",\"0099\"\r\n\
\"takahashi\",\"髙橋 誠\",\"True\",\"2026/11/18 7:00:00\",\"\"\r\n";

const ROSTER: &str = "職員番号,氏名,部署,入職日,退職日,休職\r\n\
0012,山田太郎,医事課,平成20年4月1日,令和8年3月31日,\r\n\
0013,佐藤花子,看護部,2019-04-01,,○\r\n\
0014,鈴木一郎,放射線科,2020-04-01,,\r\n\
0015,高橋誠,薬剤部,2021-04-01,,\r\n";

fn findings(o: &std::process::Output) -> Vec<(String, String)> {
    let v: serde_json::Value =
        serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(o)));
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["login"].as_str().unwrap().to_owned(), f["kind"].as_str().unwrap().to_owned()))
        .collect()
}

#[test]
fn leavers_staff_on_leave_unused_and_shared_accounts_are_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ad.csv"), AD).unwrap();
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(ROSTER);
    std::fs::write(dir.path().join("名簿.csv"), &sjis).unwrap();
    let args = [
        "accounts",
        "review",
        "--accounts",
        "AD=ad.csv",
        "--roster",
        "名簿.csv",
        "--today",
        "令和8年11月21日",
    ];
    let o = run(dir.path(), &[&args[..], &["--format", "json"]].concat(), "");
    assert_eq!(o.status.code(), Some(1), "findings exit 1: {}", stderr(&o));
    let mut got = findings(&o);
    got.sort();
    let want: Vec<(String, String)> = [
        ("admin", "generic"),
        ("sato", "on_leave_enabled"),
        ("suzuki", "unused"),
        ("yamada", "leaver_enabled"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(got, want, "tanaka is disabled and 髙橋 matches 高橋 by name");
    let text = run(dir.path(), &args, "");
    assert!(stdout(&text).contains("320日間使われていません"), "{}", stdout(&text));
    for file in ["指摘.xlsx", "指摘.csv"] {
        let written = run(dir.path(), &[&args[..], &["-o", file]].concat(), "");
        assert_eq!(written.status.code(), Some(1), "{}", stderr(&written));
        let bytes = std::fs::read(dir.path().join(file)).unwrap();
        let never = iryosec_core::CancelToken::never();
        let back =
            iryosec_io::table::read_table(iryosec_io::table::Source::new(file, &bytes, &never)).unwrap();
        assert_eq!(back.headers[1], "ログインID");
        assert_eq!(back.rows.len(), 4, "{file}");
        let suzuki = back.rows.iter().find(|(_, r)| r[1] == "suzuki").unwrap();
        assert_eq!((suzuki.1[4].as_str(), suzuki.1[5].as_str()), ("320", "320日間使われていません。"));
    }
    let again = run(dir.path(), &[&args[..], &["-o", "指摘.xlsx"]].concat(), "");
    assert_eq!(again.status.code(), Some(2), "an existing file is never overwritten");
}

#[test]
fn a_clean_review_exits_zero_and_a_wider_limit_forgives_old_logons() {
    let dir = tempfile::tempdir().unwrap();
    let ad = "ログインID,氏名,状態,最終ログイン\r\nsuzuki,鈴木一郎,有効,2026-01-05\r\n";
    std::fs::write(dir.path().join("emr.csv"), ad).unwrap();
    std::fs::write(dir.path().join("roster.csv"), ROSTER).unwrap();
    let base =
        ["accounts", "review", "--accounts", "emr.csv", "--roster", "roster.csv", "--today", "2026-11-21"];
    assert_eq!(run(dir.path(), &base, "").status.code(), Some(1));
    let wide = run(dir.path(), &[&base[..], &["--unused-days", "365", "--format", "json"]].concat(), "");
    assert_eq!(wide.status.code(), Some(0), "{}", stderr(&wide));
    assert!(findings(&wide).is_empty());
}

#[test]
fn an_unreadable_cell_is_named_and_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("emr.csv"), "ログインID,状態\r\nsuzuki,たぶん\r\n").unwrap();
    std::fs::write(dir.path().join("roster.csv"), ROSTER).unwrap();
    let o = run(dir.path(), &["accounts", "review", "--accounts", "emr.csv", "--roster", "roster.csv"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("emr.csv:2:B"), "{}", stderr(&o));
    let missing =
        run(dir.path(), &["accounts", "review", "--accounts", "nope.csv", "--roster", "roster.csv"], "");
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nope.csv"));
}

#[test]
fn a_recorded_review_is_kept_and_grounds_the_suggestion_for_unneeded_accounts() {
    let dir = tempfile::tempdir().unwrap();
    assert!(create_admin(dir.path(), &[]).status.success());
    std::fs::write(dir.path().join("ad.csv"), AD).unwrap();
    std::fs::write(dir.path().join("roster.csv"), ROSTER).unwrap();
    let args = [
        "accounts",
        "record",
        "--accounts",
        "AD=ad.csv",
        "--roster",
        "roster.csv",
        "--reviewed-on",
        "2026-04-10",
        "--format",
        "json",
    ];
    let o = run(dir.path(), &args, "");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (v["fiscal_year"].as_i64(), v["accounts"].as_i64(), v["staff"].as_i64()),
        (Some(2026), Some(6), Some(4))
    );
    assert!(v["findings"].as_i64().unwrap() >= 3, "{v}");

    let evidence = run(dir.path(), &["evidence", "--fiscal-year", "2026", "--format", "json"], "");
    let text = stdout(&evidence);
    let items: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    let item = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "access.remove_unneeded_accounts")
        .unwrap_or_else(|| panic!("{items}"));
    assert_eq!(item["suggestion"], "no", "the leaver's enabled account has no decision yet: {item}");
    assert!(item["records"].to_string().contains("yamada"), "{item}");
}

#[test]
fn a_review_with_a_bad_file_or_date_records_nothing() {
    let dir = tempfile::tempdir().unwrap();
    assert!(create_admin(dir.path(), &[]).status.success());
    std::fs::write(dir.path().join("emr.csv"), "ログインID,状態\r\nsuzuki,たぶん\r\n").unwrap();
    std::fs::write(dir.path().join("roster.csv"), ROSTER).unwrap();
    let o = run(dir.path(), &["accounts", "record", "--accounts", "emr.csv", "--roster", "roster.csv"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("emr.csv:2:B"), "{}", stderr(&o));
    std::fs::write(dir.path().join("ad.csv"), AD).unwrap();
    let future = [
        "accounts",
        "record",
        "--accounts",
        "ad.csv",
        "--roster",
        "roster.csv",
        "--reviewed-on",
        "2999-01-01",
    ];
    let o = run(dir.path(), &future, "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--reviewed-on"), "{}", stderr(&o));
    let evidence = run(dir.path(), &["evidence", "--fiscal-year", "2025", "--format", "json"], "");
    assert!(!stdout(&evidence).contains("yamada"), "nothing was recorded");
}
