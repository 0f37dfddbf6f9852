//! Hostile input through the command line, built here at test time: zip bombs, far cell
//! references, huge cells, many columns, deep JSON, NUL bytes, invalid UTF-8, mixed encodings,
//! formulas, a non-zip .xlsx, old Mac line endings, an endless device, absurd numbers. Each is
//! refused (exit 2) with a Japanese message, quickly and in little memory, and writes nothing.

use crate::harness::*;
use iryosec_io::hostile;
use std::path::Path;

/// The most memory and time a refusal may take (the binary itself is about 20 MB).
const PEAK_MB: u64 = 200;
const SECONDS: u64 = 3;

fn refused(dir: &Path, args: &[&str], words: &str) {
    let m = run_measured(dir, args);
    let err = stderr(&m.output);
    assert_eq!(m.output.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(words), "{args:?}: expected 「{words}」 in {err}");
    assert!(m.peak_mb <= PEAK_MB, "{args:?}: peak {} MB", m.peak_mb);
    assert!(m.elapsed.as_secs() < SECONDS, "{args:?}: took {:?}", m.elapsed);
}

fn ledger_is_empty(dir: &Path) {
    assert!(run(dir, &["ledger", "export", "-o", "after.csv"], "").status.success());
    let text = std::fs::read_to_string(dir.join("after.csv")).unwrap();
    assert_eq!(text.lines().count(), 1, "nothing was imported: {text}");
    std::fs::remove_file(dir.join("after.csv")).unwrap();
}

#[test]
fn hostile_ledgers_are_refused_in_little_memory_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let long = "あ".repeat(40_000);
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("共有文字列爆弾.xlsx", hostile::shared_strings_bomb(1024), "展開すると大きすぎます"),
        ("セル爆弾.xlsx", hostile::cell_bomb(1024, None), "展開すると大きすぎます"),
        ("偽りのセル爆弾.xlsx", hostile::cell_bomb(1024, Some(1024)), "壊れているか"),
        ("圧縮爆弾.xlsx", hostile::cell_bomb(64, None), "異常に圧縮"),
        ("部品だらけ.xlsx", hostile::many_parts(2_000), "部品が多すぎます"),
        (
            "遠いセル.xlsx",
            hostile::workbook(&[("A1", "管理番号"), ("ZZZZZZ1", "x")]),
            "セル Sheet1!ZZZZZZ1 が右に寄りすぎています",
        ),
        ("右下の隅.xlsx", hostile::workbook(&[("A1", "管理番号"), ("XFD1048576", "x")]), "ALL 列"),
        (
            "ありえない番地.xlsx",
            hostile::workbook(&[("A1", "管理番号"), ("AAAAAAAA1", "x")]),
            "セル番地「AAAAAAA」は Excel のシートにありえない番地です",
        ),
        (
            "長いセル.xlsx",
            hostile::workbook(&[("A1", "管理番号"), ("B2", &long)]),
            "セル Sheet1!B2 の文字が多すぎます",
        ),
        ("列だらけ.csv", vec!["列"; 200_000].join(",").into_bytes(), "右に寄りすぎています"),
        ("NUL.csv", b"\xe7\xae\xa1\xe7\x90\x86\xe7\x95\xaa\xe5\x8f\xb7\n\0\0\0\n".to_vec(), "NUL 文字"),
        (
            "名前だけ.xlsx",
            "管理番号,名称,種別\nA-1,PC,端末\n".as_bytes().to_vec(),
            "中身は Excel のファイルではありません",
        ),
        ("古い形式.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec(), "古い形式の Excel"),
    ];
    for (name, bytes, words) in &cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        refused(dir.path(), &["ledger", "import", name], words);
    }
    refused(dir.path(), &["ledger", "import", "/dev/zero"], "ファイルが大きすぎます");
    ledger_is_empty(dir.path());
}

#[test]
fn formulas_are_kept_as_text_and_never_exported_as_formulas() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let csv = "管理番号,名称,種別,備考\r\nA-1,\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\",端末,@SUM(A1)\r\n";
    std::fs::write(dir.path().join("式.csv"), csv).unwrap();
    let o = run(dir.path(), &["ledger", "import", "式.csv"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(run(dir.path(), &["ledger", "export", "-o", "out.csv"], "").status.success());
    let text = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert!(text.contains("\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\""), "{text}");
    assert!(text.contains(",'@SUM(A1)"), "{text}");
}

#[test]
fn account_lists_with_old_mac_line_ends_or_mixed_encodings_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ad.csv"),
        "SamAccountName,DisplayName,Enabled\rtaro,山田 太郎,True\rhanako,佐藤 花子,True\r",
    )
    .unwrap();
    std::fs::write(dir.path().join("roster.csv"), "氏名\r山田 太郎\r").unwrap();
    let args = [
        "accounts",
        "review",
        "--accounts",
        "AD=ad.csv",
        "--roster",
        "roster.csv",
        "--today",
        "2026-04-01",
        "--format",
        "json",
    ];
    let o = run(dir.path(), &args, "");
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(&o)));
    let text = v.to_string();
    assert!(text.contains("hanako"), "the second account is read: {text}");
    assert_eq!(o.status.code(), Some(1), "a finding was made");
    // UTF-8 with stray bytes is read as Shift_JIS, without failing.
    let mut mixed = "SamAccountName,DisplayName\r\n".as_bytes().to_vec();
    mixed.extend(b"taro,\xff\xfe\x80\r\n");
    std::fs::write(dir.path().join("ad.csv"), mixed).unwrap();
    let o = run(dir.path(), &args, "");
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
}

#[test]
fn the_roster_is_found_on_its_sheet_and_the_sheet_read_is_named_when_a_column_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let book = hostile::workbook_of_sheets(&[
        ("説明", &[("A1", "この名簿について")]),
        ("名簿", &[("A1", "氏名"), ("A2", "山田")]),
    ]);
    std::fs::write(dir.path().join("roster.xlsx"), book).unwrap();
    std::fs::write(dir.path().join("ad.csv"), "SamAccountName\r\ntaro\r\n").unwrap();
    let args = ["accounts", "review", "--accounts", "ad.csv", "--roster", "roster.xlsx"];
    let o = run(dir.path(), &args, "");
    assert_eq!(o.status.code(), Some(1), "read from 名簿, with a finding: {}", stderr(&o));

    let book = hostile::workbook_of_sheets(&[
        ("説明", &[("A1", "この名簿について")]),
        ("名簿", &[("A1", "メモ"), ("A2", "山田")]),
    ]);
    std::fs::write(dir.path().join("roster.xlsx"), book).unwrap();
    let o = run(dir.path(), &args, "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("シート「説明」の見出し（1行目）に必須の列"), "{}", stderr(&o));
}

#[test]
fn absurd_unused_days_are_refused_by_the_one_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ad.csv"), "SamAccountName\r\ntaro\r\n").unwrap();
    std::fs::write(dir.path().join("roster.csv"), "氏名\r\n山田\r\n").unwrap();
    for days in ["4294967295", "1000000", "0", "-1", "九十"] {
        let args =
            ["accounts", "review", "--accounts", "ad.csv", "--roster", "roster.csv", "--unused-days", days];
        let o = run(dir.path(), &args, "");
        assert_eq!(o.status.code(), Some(2), "{days}: {}", stderr(&o));
        assert!(stderr(&o).contains("1〜3650 の日数"), "{days}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    }
}

#[test]
fn deep_or_broken_json_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("deep.json"), hostile::deep_json(100_000)).unwrap();
    std::fs::write(dir.path().join("nul.json"), b"{\"format\":\"iryosec-survey\0\"}").unwrap();
    let m = run_measured(dir.path(), &["aggregate", "deep.json", "nul.json"]);
    let err = stderr(&m.output);
    assert_eq!(m.output.status.code(), Some(2), "{err}");
    assert!(err.contains("deep.json: JSON の入れ子が深すぎます（32 段まで）"), "{err}");
    assert!(err.contains("nul.json: JSON として読めません"), "{err}");
    let answers = run(
        dir.path(),
        &["survey", "check", "--edition", "mhlw-survey-fy2023-hospital", "--answers", "deep.json"],
        "",
    );
    assert_eq!(answers.status.code(), Some(2));
    assert!(stderr(&answers).contains("入れ子が深すぎます"), "{}", stderr(&answers));
}
