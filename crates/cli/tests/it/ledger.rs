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
    let v = json(&dry);
    assert_eq!(
        (v["rows"].clone(), v["imported"].clone(), v["saved"].clone()),
        (2.into(), 0.into(), false.into())
    );
    assert_eq!(v["errors"], serde_json::json!([]));
    assert_eq!(
        v["columns"][0]["found"], "guess",
        "「No.」 read as the 管理番号 only as a guess, and said so"
    );
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

/// Writes `bytes` as `name` in `dir`.
fn put(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// The 管理番号 of the ledger as exported.
fn exported_numbers(dir: &std::path::Path, name: &str) -> Vec<String> {
    assert!(run(dir, &["ledger", "export", "-o", name], "").status.success());
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    let mut numbers: Vec<String> =
        text.lines().skip(1).map(|l| l.split(',').next().unwrap().to_owned()).collect();
    numbers.sort();
    numbers
}

#[test]
fn a_hospital_ledger_is_found_on_its_sheet_mapped_honestly_and_imported_with_its_own_numbers() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    put(dir.path(), "台帳.xlsx", &iryosec_io::samples::hospital_ledger());
    let dry = run(dir.path(), &["ledger", "import", "台帳.xlsx", "--dry-run"], "");
    assert!(dry.status.success(), "{}{}", stdout(&dry), stderr(&dry));
    let text = stdout(&dry);
    assert!(text.contains("台帳.xlsx: シート「台帳」の4〜5行目を見出しとして読みます"), "{text}");
    assert!(text.contains("それより上の行（1〜2行目）は表題・注記として読み飛ばします"), "{text}");
    assert!(text.contains("A 「No.」 → 取り込まない（管理番号は B 列から読みます）"), "{text}");
    assert!(text.contains("F 「保守 業者」 → 保守事業者（見出しの別名から）"), "{text}");
    assert!(text.contains("台帳.xlsx:台帳!6:H: 注: 「2029年3月」には日がないため、その月の末日（2029-03-31）として読みました。"), "{text}");
    assert!(text.contains("台帳.xlsx:台帳!12: 注: 合計などの行（合計）のため、読み飛ばしました。"), "{text}");

    let done = run(dir.path(), &["ledger", "import", "台帳.xlsx", "--format", "json"], "");
    let v = json(&done);
    assert_eq!(
        (v["sheet"].clone(), v["header_row"].clone(), v["header_rows"].clone()),
        ("台帳".into(), 4.into(), 2.into())
    );
    assert_eq!(
        (v["columns"][0]["field"].clone(), v["columns"][1]["field"].clone()),
        (serde_json::Value::Null, "asset_no".into())
    );
    assert_eq!(v["untaken"], serde_json::json!(["A", "G"]));
    assert_eq!(v["inserted"], 5);
    let mut expected: Vec<String> =
        iryosec_io::samples::HOSPITAL_ASSET_NOS.iter().map(|n| (*n).to_owned()).collect();
    expected.sort();
    assert_eq!(exported_numbers(dir.path(), "out.csv"), expected, "the file's own 管理番号");
}

#[test]
fn the_sheet_header_row_and_columns_can_be_named() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    put(dir.path(), "部署別.xlsx", &iryosec_io::samples::department_ledgers(false));
    let one = run(
        dir.path(),
        &["ledger", "import", "部署別.xlsx", "--sheet", "外科", "--dry-run", "--format", "json"],
        "",
    );
    assert_eq!((json(&one)["rows"].clone(), json(&one)["sheet_reason"].clone()), (2.into(), "chosen".into()));
    let wrong_row =
        run(dir.path(), &["ledger", "import", "部署別.xlsx", "--header-row", "1", "--dry-run"], "");
    assert_eq!(wrong_row.status.code(), Some(1));
    assert!(
        stdout(&wrong_row).contains("シート「内科」の見出し（1行目）に必須の列「管理番号」がありません"),
        "{}",
        stdout(&wrong_row)
    );
    let all = run(dir.path(), &["ledger", "import", "部署別.xlsx", "--format", "json"], "");
    assert_eq!(json(&all)["inserted"], 4, "both departments' sheets");

    put(dir.path(), "二つの番号.csv", "資産番号,備品番号,名称,種別\r\nA-1,B-1,受付PC,端末\r\n".as_bytes());
    let asked = run(dir.path(), &["ledger", "import", "二つの番号.csv"], "");
    assert_eq!(asked.status.code(), Some(1));
    assert!(
        stdout(&asked).contains("「管理番号」として読める列が複数あります: A「資産番号」、B「備品番号」"),
        "{}",
        stdout(&asked)
    );
    let answered = run(
        dir.path(),
        &[
            "ledger",
            "import",
            "二つの番号.csv",
            "--map",
            "備品番号=管理番号",
            "--map",
            "資産番号=-",
            "--save-mapping",
            "map.json",
        ],
        "",
    );
    assert!(answered.status.success(), "{}{}", stdout(&answered), stderr(&answered));
    assert!(exported_numbers(dir.path(), "after.csv").contains(&"B-1".to_owned()));
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("map.json")).unwrap()).unwrap();
    assert_eq!(
        (saved["format"].clone(), saved["columns"][1]["field"].clone()),
        ("iryosec-mapping".into(), "asset_no".into())
    );

    // Another database knows nothing of that import: the mapping file answers the question there.
    let other = tempfile::tempdir().unwrap();
    create_admin(other.path(), &[]);
    put(other.path(), "二つの番号.csv", "資産番号,備品番号,名称,種別\r\nA-2,B-2,会計PC,端末\r\n".as_bytes());
    std::fs::copy(dir.path().join("map.json"), other.path().join("map.json")).unwrap();
    assert_eq!(run(other.path(), &["ledger", "import", "二つの番号.csv"], "").status.code(), Some(1));
    let reused = run(other.path(), &["ledger", "import", "二つの番号.csv", "--mapping", "map.json"], "");
    assert!(reused.status.success(), "{}{}", stdout(&reused), stderr(&reused));
    assert_eq!(exported_numbers(other.path(), "out.csv"), ["B-2"]);
}

#[test]
fn flags_that_cannot_be_used_are_named_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    put(dir.path(), "台帳.csv", LEDGER.as_bytes());
    put(dir.path(), "他の.json", br#"{"format":"iryosec-mapping","version":1,"import":"vendors","sheet":null,"header_row":1,"columns":[]}"#);
    for (args, words) in [
        (vec!["--map", "機器名"], "--map 機器名: 列名=項目 の形で"),
        (vec!["--map", "機器名=宇宙"], "「宇宙」は台帳の項目ではありません"),
        (vec!["--map", "謎=名称"], "列「謎」は見出しにありません"),
        (vec!["--sheet", "台帳"], "シート「台帳」はありません"),
        (vec!["--header-row", "9"], "9行目は空の行か"),
        (vec!["--mapping", "無い.json"], "無い.json"),
        (vec!["--mapping", "他の.json"], "この対応づけは「vendors」の取り込み用です"),
    ] {
        let mut all = vec!["ledger", "import", "台帳.csv"];
        all.extend(args.iter());
        let o = run(dir.path(), &all, "");
        assert!(matches!(o.status.code(), Some(1 | 2)), "{args:?}: {:?}", o.status);
        let said = format!("{}{}", stdout(&o), stderr(&o));
        assert!(said.contains(words), "{args:?}: {said}");
    }
    let unknown = run(dir.path(), &["ledger", "import", "台帳.csv", "--map", "謎=名称"], "");
    assert_eq!(unknown.status.code(), Some(2), "a --map naming no column is unusable input");
    assert!(stdout(&unknown).contains("台帳.csv:1: 謎 列「謎」は見出しにありません"), "{}", stdout(&unknown));
    let zero = run(dir.path(), &["ledger", "import", "台帳.csv", "--header-row", "0"], "");
    assert_eq!(zero.status.code(), Some(2));
    assert!(exported_numbers(dir.path(), "out.csv").is_empty(), "nothing was imported");
}
