//! The registers (systems, vendors, backups, restore tests, contacts) in and out of
//! spreadsheets. Columns are found by the header spellings of the register's field table;
//! every problem is reported by row and column; export writes the Japanese headers, with
//! dropdowns for the closed vocabularies, and reads back as the same records.

use crate::assessment_sheet::csv_cell;
use crate::cells::column_letter;
use crate::ledger_sheet::RowError;
use crate::table::{Synonyms, Table, on_sheet};
use crate::xlsx_date::{DATE_WIDTH, date_format, write_day};
use iryosec_core::Message;
use iryosec_core::date::DateStyle;
use iryosec_core::register::{FieldSpec, Input, Record, Register, parse_record};
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};
use std::collections::HashMap;

/// Rows below the data that still get the dropdowns, for entries added in Excel.
const SPARE_ROWS: u32 = 200;

/// The field of each column (`None`: not a field of the register); a field takes its first
/// matching column only.
pub fn guess_columns(register: Register, headers: &[String]) -> Vec<Option<&'static FieldSpec>> {
    let fields = register.fields();
    let spellings = Synonyms::new(fields.iter().enumerate().map(|(i, f)| (i, f.names)));
    let mut taken: Vec<usize> = Vec::new();
    headers
        .iter()
        .map(|h| {
            let found = spellings.fields_of(h).find(|i| !taken.contains(i));
            if let Some(i) = found {
                taken.push(i);
            }
            found.and_then(|i| fields.get(i))
        })
        .collect()
}

/// Reads every row; returns the records with their row numbers and every problem found.
pub fn parse_rows(register: Register, table: &Table) -> (Vec<(u32, Record)>, Vec<RowError>) {
    let columns = guess_columns(register, &table.headers);
    let column_of: HashMap<&str, usize> =
        columns.iter().enumerate().filter_map(|(i, f)| f.map(|f| (f.code, i))).collect();
    let missing: Vec<RowError> = register
        .fields()
        .iter()
        .filter(|f| f.required && !column_of.contains_key(f.code))
        .map(|f| RowError {
            row: table.header_row,
            column: String::new(),
            header: f.label_ja().to_owned(),
            message: on_sheet(
                Message::new("ledger.error.missing_column").arg("column", f.label_ja()),
                table.sheet.as_deref(),
            ),
        })
        .collect();
    if !missing.is_empty() {
        return (Vec::new(), missing);
    }
    let mut errors = Vec::new();
    let mut records = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let key_column = register.key_fields().first().and_then(|k| column_of.get(k)).copied().unwrap_or(0);
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
                // Left to right, as the person reads the row.
                let mut at: Vec<(usize, Message)> = problems
                    .into_iter()
                    .map(|p| (column_of.get(p.field).copied().unwrap_or(0), p.message))
                    .collect();
                at.sort_by_key(|(col, _)| *col);
                errors.extend(at.into_iter().map(|(col, m)| cell_error(table, *row, col, m)));
            }
        }
    }
    (records, errors)
}

fn cell_error(table: &Table, row: u32, col: usize, message: Message) -> RowError {
    RowError {
        row,
        column: column_letter(col),
        header: table.headers.get(col).cloned().unwrap_or_default(),
        message,
    }
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
    let line = |cells: Vec<String>| cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(",");
    let mut out = String::from("\u{feff}");
    out.push_str(&line(fields.iter().map(|f| f.label_ja().to_owned()).collect()));
    out.push_str("\r\n");
    for r in records {
        out.push_str(&line(fields.iter().map(|f| r.display(f)).collect()));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::test_table as read_table;

    #[test]
    fn a_hand_made_vendor_list_is_read_and_its_problems_named_by_cell() {
        let csv = "会社名,電話,ＭＤＳ受領日,リモート保守,謎\r\nA社,03-1111-2222,R7.4.1,有,x\r\nB社,,2025年13月1日,たぶん,\r\nA社,,,,\r\n";
        let table = read_table(csv.as_bytes()).unwrap();
        let (records, errors) = parse_rows(Register::Vendors, &table);
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].1.text("mds_sds_received_on"), "2025-04-01");
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
        let table = read_table("システム名,備考\r\n電子カルテ,\r\n".as_bytes()).unwrap();
        let (records, errors) = parse_rows(Register::Systems, &table);
        assert!(records.is_empty());
        assert_eq!(errors.iter().map(|e| e.header.as_str()).collect::<Vec<_>>(), vec!["区分"]);
    }

    #[test]
    fn dates_are_written_as_excel_dates_and_read_back() {
        let csv =
            "実施日,種類,訓練名,想定シナリオ\r\n令和7年6月1日,机上訓練,ランサムウェア想定,電子カルテ停止\r\n";
        let (records, errors) = parse_rows(Register::Drills, &read_table(csv.as_bytes()).unwrap());
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
        let (back, errors) = parse_rows(Register::Drills, &read_table(&xlsx).unwrap());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(back[0].1.text("held_on"), "2025-06-01");
    }

    #[test]
    fn every_register_exports_and_reads_back_the_same() {
        let csv = "役割,氏名,電話番号,連絡順\r\n院長,山田 一郎,内線100,1\r\n警察,サイバー犯罪相談窓口,\"=cmd\",2\r\n";
        let table = read_table(csv.as_bytes()).unwrap();
        let (records, errors) = parse_rows(Register::Contacts, &table);
        assert!(errors.is_empty(), "{errors:?}");
        let records: Vec<Record> = records.into_iter().map(|(_, r)| r).collect();
        let csv_out = write_csv(Register::Contacts, &records);
        assert!(String::from_utf8_lossy(&csv_out).contains("'=cmd"), "formulas are defused");
        let xlsx = write_xlsx(Register::Contacts, &records, DateStyle::Wareki).unwrap();
        for bytes in [xlsx, csv_out] {
            let back = read_table(&bytes).unwrap();
            let (again, errors) = parse_rows(Register::Contacts, &back);
            assert!(errors.is_empty(), "{errors:?}");
            let again: Vec<Record> = again.into_iter().map(|(_, r)| r).collect();
            assert_eq!(again[0], records[0]);
            assert_eq!(again[1].text("phone").trim_start_matches('\''), "=cmd");
        }
    }
}
