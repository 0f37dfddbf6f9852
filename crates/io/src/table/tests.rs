use super::*;

#[test]
fn csv_in_every_encoding_reads_the_same() {
    let text = "管理番号,名称,備考\r\nA-001,\"電子カルテ サーバ\",\"改行\nあり\"\r\n\r\nA-002,受付PC,\"引用\"\"符\"\"\"\r\n";
    let utf8 = test_table(text.as_bytes()).unwrap();
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(text.as_bytes());
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    assert_eq!(test_table(&bom).unwrap(), utf8);
    assert_eq!(test_table(&sjis).unwrap(), utf8);
    assert_eq!(utf8.headers, vec!["管理番号", "名称", "備考"]);
    assert_eq!(utf8.rows.len(), 2);
    // Numbered as Excel shows the file: a newline inside quotes stays in its row.
    assert_eq!(utf8.rows[0].1[2], "改行\nあり");
    assert_eq!(utf8.rows[1], (4, vec!["A-002".into(), "受付PC".into(), "引用\"符\"".into()]));
}

#[test]
fn a_sheet_is_read_where_excel_shows_each_cell() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let day = Format::new().set_num_format("yyyy/mm/dd");
    ws.write_string(2, 1, " 管理番号 ").unwrap();
    ws.write_string(2, 3, "導入日").unwrap();
    ws.write_string(3, 1, "A-1").unwrap();
    ws.write_number(3, 2, 2026.0).unwrap();
    ws.write_datetime_with_format(3, 3, ExcelDateTime::from_ymd(2025, 4, 1).unwrap(), &day).unwrap();
    ws.write_string(5, 4, "　 ").unwrap();
    ws.write_boolean(6, 1, true).unwrap();
    let t = test_table(&wb.save_to_buffer().unwrap()).unwrap();
    assert_eq!(
        (t.header_row, t.headers),
        (3, vec!["".to_owned(), "管理番号".into(), "".into(), "導入日".into()])
    );
    let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    assert_eq!(t.rows, vec![(4, row(&["", "A-1", "2026", "2025-04-01"])), (7, row(&["", "TRUE", "", ""]))]);
}

#[test]
fn rows_checked_beside_the_reading_arrive_whole_and_in_order() {
    let mut csv = String::from("番号,名称,空,備考\r\n");
    for i in 0..1_000 {
        csv.push_str(&format!("{i},機器{i},,{}\r\n", if i % 3 == 0 { "点検" } else { "" }));
    }
    let table = test_table(csv.as_bytes()).unwrap();
    let mut beside = Vec::new();
    let never = CancelToken::never();
    let mut opened = Opened::open(Source::new("t.csv", csv.as_bytes(), &never)).unwrap();
    let words = crate::ledger_sheet::words();
    let found =
        crate::finder::find_table(&mut opened, words, &Default::default(), &[], false, &never).unwrap();
    assert_eq!((found.header_row, &found.headers), (table.header_row, &table.headers));
    data_rows_beside(&mut opened, &found, &never, &mut |sheet, n, cells| {
        assert_eq!(sheet, 0);
        beside.push((n, cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>()));
    })
    .unwrap();
    assert_eq!(beside.len(), 1_000);
    assert_eq!(beside[..], table.rows[..]);
}

#[test]
fn an_empty_file_is_named() {
    assert_eq!(test_table(b"").unwrap_err().key, "io.error.empty_file");
    assert_eq!(test_table(b",,\r\n,,").unwrap_err().key, "io.error.empty_file");
}

fn refusal(name: &str, bytes: &[u8]) -> Message {
    read_table(Source::new(name, bytes, &CancelToken::never())).unwrap_err()
}

fn arg<'m>(m: &'m Message, name: &str) -> &'m str {
    m.args.iter().find(|(n, _)| *n == name).map_or("", |(_, v)| v.as_str())
}

#[test]
fn old_mac_line_ends_are_rows_too() {
    let t = test_table("ログインID,氏名\r\ryamada,山田\rsato,佐藤\r".as_bytes()).unwrap();
    assert_eq!(t.headers, vec!["ログインID", "氏名"]);
    assert_eq!(
        t.rows,
        vec![(3, vec!["yamada".into(), "山田".into()]), (4, vec!["sato".into(), "佐藤".into()])]
    );
}

#[test]
fn far_cells_are_refused_by_their_place_without_costing_their_coordinates() {
    for far in ["ZZZZZZ1", "ZZZZZ1", "XFD1048576"] {
        let started = std::time::Instant::now();
        let m = refusal("far.xlsx", &crate::hostile::workbook(&[("A1", "管理番号"), (far, "x")]));
        assert_eq!((m.key, arg(&m, "place")), ("io.error.too_far_right", format!("Sheet1!{far}").as_str()));
        assert_eq!(arg(&m, "letter"), "ALL");
        assert!(started.elapsed().as_secs() < 2);
    }
}

#[test]
fn a_csv_header_of_200000_columns_is_refused_at_once() {
    let header = vec!["列"; 200_000].join(",");
    let started = std::time::Instant::now();
    let m = refusal("wide.csv", header.as_bytes());
    assert_eq!((m.key, arg(&m, "place")), ("io.error.too_far_right", "ALM1"));
    assert!(started.elapsed().as_secs() < 3, "{:?}", started.elapsed());
}

#[test]
fn too_many_rows_cells_or_characters_are_refused_with_the_limit() {
    let rows = "x\n".repeat(LIMITS.rows + 1);
    let m = refusal("rows.csv", rows.as_bytes());
    assert_eq!((m.key, arg(&m, "max")), ("io.error.too_many_rows", "500000"));
    let row = format!("{}\n", vec!["x"; LIMITS.columns].join(","));
    let m = refusal("cells.csv", row.repeat(LIMITS.cells / LIMITS.columns + 1).as_bytes());
    assert_eq!(m.key, "io.error.too_many_cells");
    let long = "あ".repeat(LIMITS.cell_chars + 1);
    let m = refusal("long.xlsx", &crate::hostile::workbook(&[("A1", "備考"), ("B2", &long)]));
    assert_eq!((m.key, arg(&m, "place")), ("io.error.cell_too_long", "Sheet1!B2"));
    let m = refusal("long.csv", format!("備考\n\"{long}\"\n").as_bytes());
    assert_eq!((m.key, arg(&m, "place")), ("io.error.cell_too_long", "A2"));
    // Exactly at the limit is fine.
    assert!(test_table(format!("備考\n{}\n", "あ".repeat(LIMITS.cell_chars)).as_bytes()).is_ok());
}

#[test]
fn files_that_are_no_table_say_what_they_are() {
    assert_eq!(refusal("台帳.xlsx", "管理番号,名称\n".as_bytes()).key, "io.error.not_xlsx_named");
    assert_eq!(refusal("台帳.XLSM", b"not a zip").key, "io.error.not_xlsx_named");
    let ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest";
    assert_eq!(refusal("台帳.csv", ole).key, "io.error.old_excel");
    assert_eq!(refusal("台帳.xls", b"a,b\n").key, "io.error.old_excel");
    assert_eq!(refusal("台帳.csv", b"a,b\n\0\0\n").key, "io.error.not_text");
    assert_eq!(refusal("台帳.csv", b"PK\x03\x04 cut short").key, "io.error.not_xlsx");
}

#[test]
fn mixed_encodings_read_without_failing() {
    // UTF-8 with one Shift_JIS cell is not UTF-8: read as Shift_JIS, every row still there.
    let mut bytes = "名称,備考\n".as_bytes().to_vec();
    bytes.extend(encoding_rs::SHIFT_JIS.encode("受付,備考\n").0.iter());
    bytes.extend(b"\xff\xfe,x\n");
    let t = test_table(&bytes).unwrap();
    assert_eq!(t.rows.len(), 2);
}

#[test]
fn a_cancelled_read_stops() {
    let token = CancelToken::new();
    token.cancel();
    let csv = "x\n".repeat(CANCEL_EVERY * 2);
    let m = read_table(Source::new("t.csv", csv.as_bytes(), &token)).unwrap_err();
    assert_eq!(m.key, "io.error.cancelled");
}

#[test]
fn the_sheet_read_is_named() {
    let bytes =
        crate::hostile::workbook_of_sheets(&[("表紙", &[("A1", "説明")]), ("台帳", &[("A1", "管理番号")])]);
    assert_eq!(test_table(&bytes).unwrap().sheet.as_deref(), Some("表紙"));
    assert_eq!(test_table(b"a\n").unwrap().sheet, None);
}
