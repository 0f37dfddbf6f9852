use super::*;
use crate::samples::{Sheet, department_ledgers, hospital_ledger, workbook};
use crate::table::Source;

fn find(bytes: &[u8], choice: &TableChoice, known: &[KnownHeader]) -> Result<TableFound, Message> {
    let never = CancelToken::never();
    let name = if bytes.starts_with(b"PK") { "t.xlsx" } else { "t.csv" };
    let mut opened = Opened::open(Source::new(name, bytes, &never))?;
    find_table(&mut opened, crate::ledger_sheet::words(), choice, known, true, &never)
}

#[test]
fn the_ledger_sheet_and_its_two_row_header_are_found_below_the_title() {
    let found = find(&hospital_ledger(), &TableChoice::default(), &[]).unwrap();
    assert_eq!((found.sheet.as_deref(), found.sheet_reason), (Some("台帳"), SheetReason::MostFields));
    assert_eq!(
        found.sheets.iter().map(|s| (s.name.as_str(), s.fields)).collect::<Vec<_>>(),
        [("表紙", 0), ("台帳", 9)]
    );
    assert_eq!((found.header_row, found.header_rows, found.header_reason), (4, 2, HeaderReason::MostFields));
    assert_eq!(found.header_rows_text(), "4〜5");
    assert_eq!(
        found.above,
        vec![
            (1, "情報機器台帳（さくら病院）令和7年4月1日現在".to_owned()),
            (2, "※ 廃棄した機器は廃棄日を記入すること".to_owned())
        ]
    );
    assert_eq!(
        found.headers,
        [
            "No.",
            "管理番号",
            "機器名称",
            "種別",
            "IPアドレス",
            "保守 業者",
            "保守 連絡先",
            "サポート終了日",
            "設置部署",
            "利用者",
            "備考"
        ]
    );
    assert!(found.more_sheets.is_empty());
}

#[test]
fn a_person_may_name_the_sheet_and_the_header_row() {
    let bytes = hospital_ledger();
    let choice = TableChoice { sheet: Some("台帳".into()), header_row: Some(5) };
    let found = find(&bytes, &choice, &[]).unwrap();
    assert_eq!(
        (found.sheet_reason, found.header_row, found.header_rows, found.header_reason),
        (SheetReason::Chosen, 5, 1, HeaderReason::Chosen)
    );
    let wrong =
        find(&bytes, &TableChoice { sheet: Some("台帳2".into()), header_row: None }, &[]).unwrap_err();
    assert_eq!(wrong.key, "io.error.no_such_sheet");
    assert!(wrong.args.contains(&("sheets", "表紙、台帳".to_owned())));
    let blank =
        find(&bytes, &TableChoice { sheet: Some("台帳".into()), header_row: Some(3) }, &[]).unwrap_err();
    assert_eq!((blank.key, blank.args[0].1.as_str()), ("io.error.no_header_row", "3"));
}

#[test]
fn a_remembered_position_is_used_when_it_holds_the_same_headers() {
    let bytes = hospital_ledger();
    let found = find(&bytes, &TableChoice::default(), &[]).unwrap();
    let known = KnownHeader { sheet: Some("台帳".into()), header_row: 4, keys: keys(&found.headers) };
    let again = find(&bytes, &TableChoice::default(), std::slice::from_ref(&known)).unwrap();
    assert_eq!(
        (again.sheet_reason, again.header_reason, again.header_row),
        (SheetReason::Remembered, HeaderReason::Remembered, 4)
    );
    let elsewhere = KnownHeader { header_row: 6, ..known };
    let not_here = find(&bytes, &TableChoice::default(), &[elsewhere]).unwrap();
    assert_eq!(
        not_here.header_reason,
        HeaderReason::MostFields,
        "a row that holds other headers is not taken"
    );
}

#[test]
fn sheets_with_the_same_header_are_read_together() {
    let found = find(&department_ledgers(false), &TableChoice::default(), &[]).unwrap();
    assert_eq!((found.sheet.as_deref(), found.header_row), (Some("内科"), 3));
    assert_eq!(found.more_sheets, vec![SheetPart { name: "外科".into(), header_row: 3, header_rows: 1 }]);
    assert_eq!(found.parts(), vec![(Some("内科".to_owned()), 3), (Some("外科".to_owned()), 3)]);
    let one =
        find(&department_ledgers(false), &TableChoice { sheet: Some("外科".into()), header_row: None }, &[])
            .unwrap();
    assert!(one.more_sheets.is_empty(), "a named sheet is read alone");
}

#[test]
fn a_group_header_row_above_the_real_one_is_skipped() {
    let bytes = workbook(&[Sheet::new("Sheet1")
        .merged((1, 1), (0, 2), "基本情報")
        .merged((1, 1), (3, 4), "ネットワーク")
        .row(2, &["管理番号", "名称", "種別", "IPアドレス", "MACアドレス"])
        .row(3, &["A-1", "受付PC", "端末", "10.0.0.1", ""])]);
    let found = find(&bytes, &TableChoice::default(), &[]).unwrap();
    assert_eq!((found.header_row, found.header_rows, found.fields_named), (2, 1, 5));
    assert_eq!(found.sheet_reason, SheetReason::Only);
}

#[test]
fn a_file_without_any_known_header_reads_its_first_row() {
    let found = find("列1,列2\r\nx,y\r\n".as_bytes(), &TableChoice::default(), &[]).unwrap();
    assert_eq!((found.sheet, found.header_row, found.header_reason), (None, 1, HeaderReason::FirstRow));
}

#[test]
fn totals_and_remarks_are_no_records() {
    let key = |cells: &[&str]| skipped_row(cells).map(|m| m.key);
    assert_eq!(key(&["合計", "", "5台"]), Some("io.note.footer"));
    assert_eq!(key(&["", "", "計", "12"]), Some("io.note.footer"));
    assert_eq!(key(&["※ 以上は4月時点"]), Some("io.note.remark"));
    assert_eq!(key(&["A-1", "受付PC"]), None);
    assert_eq!(key(&["※A-1", "受付PC"]), None, "a remark stands alone in its row");
}
