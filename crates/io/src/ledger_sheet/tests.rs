use super::*;
use crate::layout::Layout;
use crate::mapping::Found;
use crate::samples::{HOSPITAL_ASSET_NOS, department_ledgers, hospital_ledger};
use crate::table::test_table as read_table;
use iryosec_core::CancelToken;
use iryosec_core::ledger::{AddressKind, AssetKind};
use time::macros::date;

/// Reads a file with `choice`, collecting what is handed on batch by batch.
fn read_with(bytes: &[u8], choice: &ImportChoice<Field>, batch: usize) -> (Vec<Vec<Asset>>, LedgerRead) {
    let mut batches = Vec::new();
    let name = if bytes.starts_with(b"PK") { "t.xlsx" } else { "t.csv" };
    let read =
        read_ledger(Source::new(name, bytes, &CancelToken::never()), choice, batch, &mut |b| batches.push(b))
            .unwrap();
    (batches, read)
}

fn read_all(bytes: &[u8], batch: usize) -> (Vec<Vec<Asset>>, LedgerRead) {
    read_with(bytes, &ImportChoice::default(), batch)
}

fn places(list: &[RowError]) -> Vec<(u32, &str, &'static str)> {
    list.iter().map(|e| (e.row, e.column.as_str(), e.message.key)).collect()
}

#[test]
fn a_hand_made_hospital_ledger_is_read_from_its_second_sheet_with_the_file_s_own_numbers() {
    let (batches, read) = read_all(&hospital_ledger(), 100);
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    let found = &read.plan.found;
    assert_eq!((found.sheet.as_deref(), found.header_row, found.header_rows), (Some("台帳"), 4, 2));
    let m = &read.plan.mapping;
    assert_eq!(m.fields[0], None, "「No.」 is not the 管理番号");
    assert_eq!(m.column_of(Field::AssetNo), Some(1));
    assert_eq!(m.column_of(Field::Vendor), Some(5), "「保守」 over 「業者」");
    assert_eq!(
        read.plan.untaken.iter().map(|u| (u.column, u.lost_to)).collect::<Vec<_>>(),
        [(0, Some((Field::AssetNo, 1))), (6, None)]
    );
    assert_eq!(read.rows, 5, "the totals row is no device");
    let assets = batches.concat();
    assert_eq!(assets.iter().map(|a| a.asset_no.as_str()).collect::<Vec<_>>(), HOSPITAL_ASSET_NOS);
    let [server, reception, ct, echo, printer] = &assets[..] else { panic!("{assets:?}") };
    assert_eq!(server.support_ends_on, Some(date!(2029 - 03 - 31)));
    assert_eq!(
        (server.vendor.as_str(), server.department.as_str(), server.owner.as_str()),
        ("〇〇システム", "医療情報課", "山田")
    );
    assert_eq!((reception.address_kind, reception.ip.as_str()), (Some(AddressKind::Dhcp), ""));
    assert!(reception.support_ended && reception.support_ends_on.is_none());
    assert_eq!((ct.kind, ct.address_kind), (Some(AssetKind::MedicalDevice), Some(AddressKind::Dhcp)));
    assert_eq!(
        (echo.kind, echo.support_ends_on),
        (Some(AssetKind::MedicalDevice), Some(date!(2028 - 03 - 31)))
    );
    assert_eq!(printer.kind, Some(AssetKind::Printer));
    assert_eq!(
        places(&read.notes),
        vec![
            (6, "H", "ledger.note.month_end"),
            (7, "E", "ledger.note.dhcp"),
            (8, "E", "ledger.note.dhcp"),
            (9, "D", "ledger.note.kind_proposed"),
            (9, "H", "ledger.note.month_end"),
            (12, "", "io.note.footer"),
        ]
    );
}

#[test]
fn per_department_sheets_are_read_as_one_ledger_with_the_sheet_as_department() {
    let (batches, read) = read_all(&department_ledgers(false), 100);
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    let assets = batches.concat();
    let got: Vec<(&str, &str)> =
        assets.iter().map(|a| (a.asset_no.as_str(), a.department.as_str())).collect();
    assert_eq!(got, [("NA-001", "内科"), ("NA-002", "内科"), ("GE-001", "外科"), ("GE-002", "外科")]);
    let notes: Vec<(&str, &'static str)> =
        read.notes.iter().map(|n| (n.sheet.as_str(), n.message.key)).collect();
    assert_eq!(
        notes,
        [("内科", "ledger.note.department_from_sheet"), ("外科", "ledger.note.department_from_sheet")]
    );

    let (_, read) = read_all(&department_ledgers(true), 100);
    let e = &read.errors[0];
    assert_eq!(
        (e.sheet.as_str(), e.row, e.column.as_str(), e.message.key),
        ("外科", 5, "A", "ledger.error.duplicate_on_sheet")
    );
    assert!(e.message.args.contains(&("sheet", "内科".to_owned())));
}

#[test]
fn every_problem_comes_in_one_round_duplicates_included() {
    let csv = "管理番号,名称,種別,導入日,IPアドレス\r\nA-1,サーバ,サーバ,R3.4.1,10.0.0.1\r\nA-2,受付PC,宇宙船,2021/4/1,\r\nA-1,重複,端末,,999.1.1.1\r\n";
    let (batches, read) = read_all(csv.as_bytes(), 100);
    assert!(batches.is_empty(), "nothing is handed on from a file with problems");
    assert_eq!(read.rows, 3);
    assert_eq!(
        places(&read.errors),
        vec![
            (3, "C", "ledger.error.kind_unknown_proposed"),
            (4, "A", "ledger.error.duplicate"),
            (4, "E", "ledger.error.ip")
        ],
        "the duplicate with the other problem of its row"
    );
}

#[test]
fn a_missing_column_is_named_once_and_the_rows_are_still_checked() {
    let csv = "名称,種別,IPアドレス\r\n受付PC,端末,10.0.0.1\r\n事務PC,端末,10.0.0.300\r\n";
    let (batches, read) = read_all(csv.as_bytes(), 100);
    assert!(batches.is_empty());
    assert_eq!(
        places(&read.errors),
        vec![(1, "", "io.error.missing_column_at"), (3, "C", "ledger.error.ip")]
    );
    assert_eq!(read.errors[0].header, "管理番号");
}

#[test]
fn a_question_blocks_the_import_until_it_is_answered() {
    let csv = "資産番号,備品番号,名称,種別\r\nA-1,B-1,受付PC,端末\r\n";
    let (batches, read) = read_all(csv.as_bytes(), 100);
    assert!(batches.is_empty());
    assert_eq!(places(&read.errors), vec![(1, "A", "io.error.column_question")]);
    assert!(read.errors[0].message.args.contains(&("columns", "A「資産番号」、B「備品番号」".to_owned())));
    let answered = ImportChoice {
        by_header: vec![("備品番号".to_owned(), Some(Field::AssetNo))],
        ..ImportChoice::default()
    };
    let (batches, read) = read_with(csv.as_bytes(), &answered, 100);
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(batches.concat()[0].asset_no, "B-1");
    assert_eq!(read.plan.mapping.found[1], Some(Found::Chosen));
}

#[test]
fn a_remembered_layout_applies_to_the_same_headers_only() {
    let bytes = hospital_ledger();
    let (_, first) = read_all(&bytes, 100);
    let mut mapping = first.plan.mapping.clone();
    mapping.decide(9, None, Found::Chosen);
    let layout = Layout::of(IMPORT, &first.plan.found, &mapping, words());
    let choice = ImportChoice { remembered: vec![layout], ..ImportChoice::default() };
    let (batches, again) = read_with(&bytes, &choice, 100);
    assert!(again.plan.remembered);
    assert_eq!(
        (again.plan.found.header_reason, again.plan.mapping.fields[9]),
        (crate::finder::HeaderReason::Remembered, None)
    );
    assert!(batches.concat().iter().all(|a| a.owner.is_empty()), "利用者 no longer taken");
    let other = "管理番号,名称,種別,利用者\r\nA-1,受付PC,端末,佐藤\r\n";
    let (_, unrelated) = read_with(other.as_bytes(), &choice, 100);
    assert!(!unrelated.plan.remembered);
    assert_eq!(unrelated.plan.mapping.column_of(Field::Owner), Some(3));
}

#[test]
fn a_mapping_file_and_map_flags_name_columns_by_header() {
    let csv = "番号,機器,分類\r\nA-1,受付PC,端末\r\n";
    let choice = ImportChoice {
        by_header: vec![
            ("番号".into(), Some(Field::AssetNo)),
            ("機器".into(), Some(Field::Name)),
            ("C".into(), Some(Field::Kind)),
        ],
        ..ImportChoice::default()
    };
    let (batches, read) = read_with(csv.as_bytes(), &choice, 10);
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(batches.concat()[0].name, "受付PC");
    let unknown =
        ImportChoice { by_header: vec![("謎".into(), Some(Field::Name))], ..ImportChoice::default() };
    let (_, read) = read_with(csv.as_bytes(), &unknown, 10);
    assert_eq!(read.errors[0].message.key, "io.error.map_no_column");
    let layout = Layout::of(
        IMPORT,
        &read.plan.found,
        &{
            let mut m = read.plan.mapping.clone();
            m.decide(0, Some(Field::AssetNo), Found::Chosen);
            m.decide(1, Some(Field::Name), Found::Chosen);
            m
        },
        words(),
    );
    let back = Layout::from_json(&layout.to_json(), IMPORT).unwrap();
    assert_eq!(back, layout);
    assert_eq!(
        Layout::from_json(&layout.to_json(), "vendors").unwrap_err().key,
        "io.error.mapping_for_other"
    );
}

fn terminals(n: usize, bad: Option<usize>) -> String {
    let mut csv = String::from("管理番号,名称,種別\r\n");
    for i in 0..n {
        let kind = if Some(i) == bad { "宇宙船" } else { "端末" };
        csv.push_str(&format!("PC-{i},端末{i},{kind}\r\n"));
    }
    csv
}

#[test]
fn a_large_file_is_handed_on_in_batches_until_its_first_problem() {
    let (batches, read) = read_all(terminals(9_001, None).as_bytes(), 1_000);
    assert!(read.errors.is_empty());
    assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [vec![1_000; 9], vec![1]].concat());
    let all: Vec<Asset> = batches.into_iter().flatten().collect();
    assert!(all.iter().enumerate().all(|(i, a)| a.asset_no == format!("PC-{i}")), "in file order");

    let mut csv = terminals(9_000, Some(7_000));
    csv.push_str("PC-5,重複,端末\r\n");
    let (batches, read) = read_all(csv.as_bytes(), 1_000);
    assert_eq!(batches.len(), 7, "the rows before the first problem");
    assert_eq!(read.rows, 9_001, "every row is still read");
    assert_eq!(
        places(&read.errors),
        vec![(7_002, "C", "ledger.error.kind_unknown_proposed"), (9_002, "A", "ledger.error.duplicate")]
    );
    assert_eq!(read.sample.len(), 5);
    assert_eq!(read.sample[0], (2, vec!["PC-0".to_owned(), "端末0".to_owned(), "端末".to_owned()]));
}

#[test]
fn a_workbook_keeps_excel_row_numbers() {
    let (batches, _) = read_all(terminals(9_000, None).as_bytes(), 10_000);
    let assets = batches.concat();
    let xlsx = write_xlsx(&assets, DateStyle::Wareki).unwrap();
    let back = read_table(&xlsx).unwrap();
    assert_eq!(back.rows.len(), 9_000);
    assert_eq!(back.rows[8_999].0, 9_001);
    assert_eq!(back.rows[8_999].1[0], "PC-8999");
    let (again, read) = read_all(&xlsx, 10_000);
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(again.concat(), assets);
}

#[test]
fn a_mapping_that_fits_the_headers_is_used() {
    let csv = "番号,機器,分類\r\nA-1,受付PC,端末\r\n";
    let given = vec![Some(Field::AssetNo), Some(Field::Name), Some(Field::Kind)];
    let choice = ImportChoice { columns: Some(given.clone()), ..ImportChoice::default() };
    let (got, read) = read_with(csv.as_bytes(), &choice, 10);
    assert_eq!((read.mapping().0, read.errors.len(), got.concat().len()), (given, 0, 1));
    let wrong = ImportChoice { columns: Some(vec![Some(Field::AssetNo)]), ..ImportChoice::default() };
    let (_, read) = read_with(csv.as_bytes(), &wrong, 10);
    let proposed = crate::mapping::ColumnMapping::propose(words(), read.headers());
    assert_eq!(read.mapping().0, proposed.fields, "a mapping for another file is not used");
    assert_eq!(proposed.fields, vec![Some(Field::AssetNo), None, Some(Field::Kind)]);
}

#[test]
fn export_reads_back_as_the_same_ledger() {
    let csv = "管理番号,名称,種別,ネットワーク区分,リモート保守,サポート終了日,MAC,IPアドレス\r\nSV-1,電子カルテ,サーバ,閉域,有,令和10年3月31日,001a2b3c4d5e,DHCP\r\nPC-1,受付,端末PC,院内,無,サポート終了,,\r\n";
    let (batches, read) = read_all(csv.as_bytes(), 100);
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    let assets = batches.concat();
    assert_eq!(assets.len(), 2);
    let empty = read_table(&write_xlsx(&[], DateStyle::Wareki).unwrap()).unwrap();
    assert_eq!((empty.headers.len(), empty.rows.len()), (Field::ALL.len(), 0));
    let western = write_xlsx(&assets, DateStyle::Western).unwrap();
    let formats = crate::xlsx_date::tests::number_formats(&western);
    assert!(formats.contains("yyyy/mm/dd") && !formats.contains("ggge"), "the chosen style: {formats}");
    for bytes in [write_xlsx(&assets, DateStyle::Wareki).unwrap(), western, write_csv(&assets)] {
        let (again, read) = read_all(&bytes, 100);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        assert!(read.notes.is_empty(), "the export is read as written: {:?}", read.notes);
        assert_eq!(again.concat(), assets);
    }
}

/// The cells of the first sheet as calamine reads them, and the sheet's own XML.
fn sheet_of(xlsx: &[u8]) -> (calamine::Range<calamine::Data>, String) {
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    use std::io::Read;
    let mut book: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    assert_eq!(book.sheet_names(), ["情報機器台帳"]);
    let range = book.worksheet_range("情報機器台帳").unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    (range, xml)
}

#[test]
fn the_export_holds_real_dates_under_a_filtered_frozen_header() {
    let csv = "管理番号,名称,種別,導入日,サポート終了日\r\nSV-1,電子カルテ <本番> & 予備,サーバ,R3.4.1,令和10年3月31日\r\nPC-1,受付,端末,,\r\n";
    let (batches, read) = read_all(csv.as_bytes(), 100);
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    let assets = batches.concat();
    let xlsx = write_xlsx(&assets, DateStyle::Wareki).unwrap();
    let (range, xml) = sheet_of(&xlsx);
    let column = |f: Field| Field::ALL.iter().position(|g| *g == f).unwrap();
    let header: Vec<String> = range.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, Field::ALL.map(|f| f.label_ja().to_owned()));
    let introduced = range.get((1, column(Field::IntroducedOn))).unwrap();
    let calamine::Data::DateTime(introduced) = introduced else {
        panic!("not a real Excel date: {introduced:?}")
    };
    let day = time::Date::from_calendar_date(2021, time::Month::April, 1).unwrap();
    assert_eq!(introduced.as_f64(), serial(day));
    assert_eq!(range.get((2, column(Field::IntroducedOn))), Some(&calamine::Data::Empty));
    assert_eq!(range.get((1, column(Field::Name))).unwrap().to_string(), "電子カルテ <本番> & 予備");
    let last = crate::cells::column_letter(Field::ALL.len() - 1);
    assert!(xml.contains(&format!("<autoFilter ref=\"A1:{last}3\"/>")), "a filter over every row");
    assert!(xml.contains("xSplit=\"2\" ySplit=\"1\""), "header and 管理番号・名称 frozen");
    assert!(xml.contains("<c r=\"A1\" s=\"1\""), "the header in bold");
    let (again, read) = read_all(&xlsx, 100);
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(again.concat(), assets, "every row reads back through the importer");
}
