//! The registers (systems, vendors, backups, restore tests, contacts) in and out of
//! spreadsheets. The table is found and its columns mapped as for the ledger
//! ([`crate::plan`]), by the header spellings of the register's field table; every problem is
//! reported by row and column; export writes the Japanese headers, with dropdowns for the
//! closed vocabularies, and reads back as the same records.

use crate::mapping::{FieldWords, HeaderWords};
use crate::plan::{ImportChoice, Plan, RowError, read_planned};
use crate::table::{Source, Table};
use crate::xlsx_date::{DATE_WIDTH, date_format, write_day};
use iryosec_core::Message;
use iryosec_core::date::DateStyle;
use iryosec_core::register::{Input, Record, Register, parse_record};
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};
use std::collections::HashMap;

/// Rows below the data that still get the dropdowns, for entries added in Excel.
const SPARE_ROWS: u32 = 200;

/// The register's header vocabulary; a field is named by its index in the field table.
pub fn words(register: Register) -> HeaderWords<usize> {
    HeaderWords::new(register.fields().iter().enumerate().map(|(i, f)| FieldWords {
        field: i,
        code: f.code,
        names: f.names,
        weak: &[],
    }))
}

fn required(register: Register) -> Vec<usize> {
    register.fields().iter().enumerate().filter(|(_, f)| f.required).map(|(i, _)| i).collect()
}

/// Finds the register's table in the file and decides its columns.
pub fn read_register(
    register: Register,
    source: Source<'_>,
    choice: &ImportChoice<usize>,
) -> Result<(Table, Plan<usize>), Message> {
    read_planned(source, &words(register), choice, &required(register))
}

/// Reads every row as planned; returns the records with their row numbers and every problem
/// found, the header's first (all in one round).
pub fn parse_rows(
    register: Register,
    table: &Table,
    plan: &Plan<usize>,
) -> (Vec<(u32, Record)>, Vec<RowError>) {
    let fields = register.fields();
    let column_of: HashMap<&str, usize> = plan
        .mapping
        .fields
        .iter()
        .enumerate()
        .filter_map(|(col, f)| f.and_then(|i| fields.get(i)).map(|f| (f.code, col)))
        .collect();
    let missing: Vec<&str> =
        fields.iter().filter(|f| f.required && !column_of.contains_key(f.code)).map(|f| f.code).collect();
    let mut errors = plan.problems.clone();
    let mut records = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let key_column = register.key_fields().first().and_then(|k| column_of.get(k)).copied();
    for (row, cells) in &table.rows {
        let get = |code: &str| column_of.get(code).and_then(|i| cells.get(*i)).cloned().unwrap_or_default();
        match parse_record(register, &get) {
            Ok(record) => {
                let key = record.key(register);
                match seen.get(&key) {
                    Some(first) => errors.push(cell_error(
                        table,
                        *row,
                        key_column,
                        Message::new("register.error.duplicate").arg("row", first),
                    )),
                    None => {
                        seen.insert(key, *row);
                        records.push((*row, record));
                    }
                }
            }
            Err(problems) => {
                // Left to right, as the person reads the row; a missing column was named once.
                let mut at: Vec<(Option<usize>, Message)> = problems
                    .into_iter()
                    .filter(|p| !(missing.contains(&p.field) && p.message.key == "error.required"))
                    .map(|p| (column_of.get(p.field).copied(), p.message))
                    .collect();
                at.sort_by_key(|(col, _)| *col);
                errors.extend(at.into_iter().map(|(col, m)| cell_error(table, *row, col, m)));
            }
        }
    }
    (records, errors)
}

fn cell_error(table: &Table, row: u32, col: Option<usize>, message: Message) -> RowError {
    let header = col.and_then(|c| table.headers.get(c)).cloned().unwrap_or_default();
    RowError::new(row, col, &header, message)
}

/// Every field under its Japanese header, one record a row, dropdowns where the values are fixed,
/// dates in the person's `style`.
pub fn write_xlsx(register: Register, records: &[Record], style: DateStyle) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(register.name_ja())?;
    let bold = Format::new().set_bold();
    let fields = register.fields();
    let day = date_format(style);
    for (col, f) in (0u16..).zip(fields) {
        ws.write_string_with_format(0, col, f.label_ja(), &bold)?;
        let width = match f.input {
            Input::Long | Input::List => 30.0,
            Input::Date => DATE_WIDTH,
            _ => 16.0,
        };
        ws.set_column_width(col, width)?;
    }
    for (row, r) in (1u32..).zip(records) {
        for (col, f) in (0u16..).zip(fields) {
            let v = r.display(f);
            if matches!(f.input, Input::Date) {
                write_day(ws, row, col, &v, &day)?;
            } else if !v.is_empty() {
                ws.write_string(row, col, &v)?;
            }
        }
    }
    let last = u32::try_from(records.len()).unwrap_or(0) + SPARE_ROWS;
    for (col, f) in (0u16..).zip(fields) {
        let names: Vec<&str> = match f.input {
            Input::Choice(all) => all.iter().map(|c| c.ja).collect(),
            Input::YesNo => vec!["はい", "いいえ"],
            _ => continue,
        };
        let dropdown = DataValidation::new().allow_list_strings(&names)?;
        ws.add_data_validation(1, col, last, col, &dropdown)?;
    }
    ws.set_freeze_panes(1, 1)?;
    wb.save_to_buffer()
}

/// CSV with a UTF-8 BOM, formula-safe.
pub fn write_csv(register: Register, records: &[Record]) -> Vec<u8> {
    let fields = register.fields();
    let rows = records.iter().map(|r| fields.iter().map(|f| r.display(f)).collect::<Vec<_>>());
    crate::csv_out::document(fields.iter().map(|f| f.label_ja()), rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use iryosec_core::CancelToken;
    use iryosec_core::register::{contacts, drills, vendors};

    fn read(register: Register, bytes: &[u8]) -> (Vec<(u32, Record)>, Vec<RowError>) {
        let name = if bytes.starts_with(b"PK") { "t.xlsx" } else { "t.csv" };
        let never = CancelToken::never();
        let (table, plan) =
            read_register(register, Source::new(name, bytes, &never), &ImportChoice::default()).unwrap();
        parse_rows(register, &table, &plan)
    }

    #[test]
    fn a_hand_made_vendor_list_is_read_and_its_problems_named_by_cell() {
        let csv = "会社名,電話,ＭＤＳ受領日,リモート保守,謎\r\nA社,03-1111-2222,R7.4.1,有,x\r\nB社,,2025年13月1日,たぶん,\r\nA社,,,,\r\n";
        let (records, errors) = read(Register::Vendors, csv.as_bytes());
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].1.text(vendors::MDS_SDS_RECEIVED_ON), "2025-04-01");
        let places: Vec<_> = errors.iter().map(|e| (e.row, e.column.as_str(), e.message.key)).collect();
        assert_eq!(
            places,
            vec![
                (3, "C", "error.date"),
                (3, "D", "ledger.error.yes_no"),
                (4, "A", "register.error.duplicate")
            ]
        );
    }

    #[test]
    fn a_file_without_a_required_column_is_refused_whole() {
        let (records, errors) = read(Register::Systems, "システム名,備考\r\n電子カルテ,\r\n".as_bytes());
        assert!(records.is_empty());
        assert_eq!(errors.iter().map(|e| e.header.as_str()).collect::<Vec<_>>(), vec!["区分"]);
    }

    #[test]
    fn dates_are_written_as_excel_dates_and_read_back() {
        let csv =
            "実施日,種類,訓練名,想定シナリオ\r\n令和7年6月1日,机上訓練,ランサムウェア想定,電子カルテ停止\r\n";
        let (records, errors) = read(Register::Drills, csv.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        let records: Vec<Record> = records.into_iter().map(|(_, r)| r).collect();
        let xlsx = write_xlsx(Register::Drills, &records, DateStyle::Wareki).unwrap();
        assert!(crate::xlsx_date::tests::number_formats(&xlsx).contains("ggge"), "和暦 by default");
        let western = write_xlsx(Register::Drills, &records, DateStyle::Western).unwrap();
        let formats = crate::xlsx_date::tests::number_formats(&western);
        assert!(formats.contains("yyyy/mm/dd") && !formats.contains("ggge"), "{formats}");
        let mut book: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx.clone())).unwrap();
        let range = calamine::Reader::worksheet_range(&mut book, "訓練").unwrap();
        let column = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .position(|c| crate::cells::text(Some(c)) == "実施日")
            .unwrap();
        let cell = range.get((1, column)).unwrap();
        assert!(matches!(cell, calamine::Data::DateTime(_)), "a real date: {cell:?}");
        let (back, errors) = read(Register::Drills, &xlsx);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(back[0].1.text(drills::HELD_ON), "2025-06-01");
    }

    #[test]
    fn every_register_exports_and_reads_back_the_same() {
        let csv = "役割,氏名,電話番号,連絡順\r\n院長,山田 一郎,内線100,1\r\n警察,サイバー犯罪相談窓口,\"=cmd\",2\r\n";
        let (records, errors) = read(Register::Contacts, csv.as_bytes());
        assert!(errors.is_empty(), "{errors:?}");
        let records: Vec<Record> = records.into_iter().map(|(_, r)| r).collect();
        let csv_out = write_csv(Register::Contacts, &records);
        assert!(String::from_utf8_lossy(&csv_out).contains("'=cmd"), "formulas are defused");
        let xlsx = write_xlsx(Register::Contacts, &records, DateStyle::Wareki).unwrap();
        for bytes in [xlsx, csv_out] {
            let (again, errors) = read(Register::Contacts, &bytes);
            assert!(errors.is_empty(), "{errors:?}");
            let again: Vec<Record> = again.into_iter().map(|(_, r)| r).collect();
            assert_eq!(again[0], records[0]);
            assert_eq!(again[1].text(contacts::PHONE).trim_start_matches('\''), "=cmd");
        }
    }
}
