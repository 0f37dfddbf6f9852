//! An assessment as a spreadsheet in the form's order: Excel (with はい/いいえ dropdowns, to be
//! filled offline and imported back) and CSV (UTF-8 with BOM, so Excel opens it right).
//! Import goes by the hidden `key` and `scope` columns, and finds columns by header, so rows
//! and columns may be moved; every problem names sheet, row and column.

use crate::cells::{CellError, column_letter, text};
use crate::xlsx_date::{DATE_WIDTH, date_format, from_serial, write_day};
use calamine::Data;
use iryosec_core::Message;
use iryosec_core::assessment::{Answer, AnswerInput, Slot, YesNo};
use iryosec_core::catalog::{Edition, Scope, Verification};
use iryosec_core::date::{DateStyle, format_iso};
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};
use std::collections::BTreeMap;
use time::Date;

pub const SHEET: &str = "チェックリスト";
/// Shown instead of an answer where an item does not apply; import leaves such rows alone.
pub const NOT_APPLICABLE: &str = "対象外";
/// Appended to an answer carried from last year and not yet reconfirmed; import leaves it alone.
pub const DRAFT_MARK: &str = "（下書き）";

/// Column headers, in order. `key` and `scope` are what import goes by; 文言の確認 says how far
/// the item's wording is checked against the ministry's text, and is not read back.
const HEADERS: [&str; 13] = [
    "節",
    "番号",
    "項目",
    "区分",
    "回答",
    "確認日（1回目）",
    "確認日（2回目）",
    "目標日",
    "備考",
    "確認者",
    "文言の確認",
    "key",
    "scope",
];
const SECOND_CHECK: &str = "確認日（2回目）";
const DATE_HEADERS: [&str; 3] = ["確認日（1回目）", SECOND_CHECK, "目標日"];
/// Column widths in characters, per header.
const WIDTHS: [f64; 13] =
    [4.0, 7.0, 50.0, 16.0, 8.0, DATE_WIDTH, DATE_WIDTH, DATE_WIDTH, 30.0, 14.0, 16.0, 20.0, 10.0];
/// Beside the title in 版 for people, the edition's id in the hidden columns for import.
const EDITION_LABEL: &str = "edition";
/// The preliminary question's number in the edition files, and in the sheet.
const PRELIMINARY: (&str, &str) = ("pre", "前提");

/// The headers a sheet has: 確認日（2回目） only for an edition with a second check.
fn headers(second_check: bool) -> Vec<(usize, &'static str)> {
    HEADERS.iter().copied().enumerate().filter(|(_, h)| second_check || *h != SECOND_CHECK).collect()
}

/// One row of the sheet.
pub struct SheetRow {
    pub section: String,
    pub number: String,
    pub title: String,
    pub scope: Option<Scope>,
    pub key: String,
    /// はい / いいえ / 対象外 / empty.
    pub answer: String,
    pub answer_value: Option<YesNo>,
    pub confirmed: [String; 2],
    pub target: String,
    pub note: String,
    pub confirmed_by: String,
    pub verification: Verification,
}

/// The rows of an assessment; `not_applicable` says which items are 対象外 and why.
pub fn rows(
    edition: &Edition,
    answers: &BTreeMap<Slot, Answer>,
    not_applicable: &dyn Fn(&str) -> bool,
) -> Vec<SheetRow> {
    let mut out = Vec::new();
    for item in &edition.items {
        let na = not_applicable(&item.key);
        for scope in item.slots() {
            let a = answers.get(&Slot::new(&item.key, scope)).cloned().unwrap_or_default();
            let answer = match (na, a.value) {
                (true, _) => NOT_APPLICABLE.to_owned(),
                (false, Some(v)) if a.draft => format!("{}{DRAFT_MARK}", v.name_ja()),
                (false, Some(v)) => v.name_ja().to_owned(),
                (false, None) => String::new(),
            };
            let iso = |d: Option<Date>| d.map(format_iso).unwrap_or_default();
            let number = if item.number == PRELIMINARY.0 { PRELIMINARY.1 } else { &item.number };
            out.push(SheetRow {
                section: item.section.clone(),
                number: number.to_owned(),
                title: item.title.clone(),
                scope,
                key: item.key.clone(),
                answer,
                answer_value: a.value,
                confirmed: [iso(a.confirmed[0]), iso(a.confirmed[1])],
                target: iso(a.target),
                note: a.note,
                confirmed_by: a.confirmed_by,
                verification: item.verification,
            });
        }
    }
    out
}

fn cells(r: &SheetRow) -> [String; 13] {
    [
        r.section.clone(),
        r.number.clone(),
        r.title.clone(),
        r.scope.map_or("—", Scope::name_ja).to_owned(),
        r.answer.clone(),
        r.confirmed[0].clone(),
        r.confirmed[1].clone(),
        r.target.clone(),
        r.note.clone(),
        r.confirmed_by.clone(),
        r.verification.name_ja().to_owned(),
        r.key.clone(),
        r.scope.map_or("", Scope::code).to_owned(),
    ]
}

/// Who and what the sheet is for, printed above the table.
pub struct SheetHead {
    pub institution: String,
    pub fiscal_year_label: String,
    pub edition_id: String,
    pub edition_title: String,
    /// The edition has a 確認日（2回目） column.
    pub second_check: bool,
    /// How the dates show in Excel (they are real dates either way).
    pub date_style: DateStyle,
    /// Further label–value pairs for the line below (a vendor sheet's 事業者 and systems).
    pub extra: Vec<(String, String)>,
}

const FIRST_DATA_ROW: u32 = 4;

pub fn write_xlsx(head: &SheetHead, rows: &[SheetRow]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let day = date_format(head.date_style);
    let columns = headers(head.second_check);
    ws.write_string_with_format(0, 0, &head.edition_title, &bold)?;
    for (col, text) in (0u16..).zip([
        "医療機関",
        head.institution.as_str(),
        "年度",
        head.fiscal_year_label.as_str(),
        "版",
        head.edition_title.as_str(),
    ]) {
        ws.write_string(1, col, text)?;
    }
    for (col, text) in (0u16..).zip(head.extra.iter().flat_map(|(l, v)| [l.as_str(), v.as_str()])) {
        ws.write_string(2, col, text)?;
    }
    let hidden = u16::try_from(columns.len() - 2).unwrap_or(0);
    ws.write_string(1, hidden, EDITION_LABEL)?;
    ws.write_string(1, hidden + 1, &head.edition_id)?;
    for (col, (i, h)) in (0u16..).zip(&columns) {
        ws.write_string_with_format(3, col, *h, &bold)?;
        ws.set_column_width(col, WIDTHS[*i])?;
    }
    ws.set_column_hidden(hidden)?;
    ws.set_column_hidden(hidden + 1)?;
    for (row, r) in (FIRST_DATA_ROW..).zip(rows) {
        let values = cells(r);
        for (col, (i, h)) in (0u16..).zip(&columns) {
            let value = &values[*i];
            if DATE_HEADERS.contains(h) {
                write_day(ws, row, col, value, &day)?;
            } else if matches!(*h, "項目" | "備考") {
                ws.write_string_with_format(row, col, value, &wrap)?;
            } else {
                ws.write_string(row, col, value)?;
            }
        }
    }
    let last = FIRST_DATA_ROW + u32::try_from(rows.len()).unwrap_or(0);
    let choices = DataValidation::new().allow_list_strings(&["はい", "いいえ", "対象外"])?;
    ws.add_data_validation(FIRST_DATA_ROW, 4, last.max(FIRST_DATA_ROW), 4, &choices)?;
    ws.set_freeze_panes(FIRST_DATA_ROW, 3)?;
    wb.save_to_buffer()
}

/// One CSV cell: quoted when it must be, and never able to run as a formula in Excel.
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// CSV with a UTF-8 BOM; quotes every field that needs it. 確認日（2回目） only with `second_check`.
pub fn write_csv(rows: &[SheetRow], second_check: bool) -> Vec<u8> {
    let quote = |s: &str| csv_cell(s);
    let columns = headers(second_check);
    let mut out = String::from("\u{feff}");
    out.push_str(&columns.iter().map(|(_, h)| quote(h)).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for r in rows {
        let values = cells(r);
        out.push_str(&columns.iter().map(|(i, _)| quote(&values[*i])).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// What a row of the workbook says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    /// An answer (or an empty row) to save.
    Answer,
    /// Marked 対象外: fine where the item does not apply, an error where it does.
    NotApplicable,
    /// A carried draft left as it was: nothing to save.
    Draft,
}

/// An answer read from a row of the workbook.
pub struct ReadRow {
    pub row: u32,
    pub slot: Slot,
    pub kind: RowKind,
    pub input: AnswerInput,
}

/// What import needs to put problems back on cells: the column of each answer field.
pub struct ReadSheet {
    pub edition_id: String,
    pub rows: Vec<ReadRow>,
    columns: BTreeMap<&'static str, usize>,
}

impl ReadSheet {
    /// The Excel column of an answer field (value, confirmed_1, …).
    pub fn column_of(&self, field: &str) -> String {
        let header = match field {
            "value" => "回答",
            "confirmed_1" => "確認日（1回目）",
            "confirmed_2" => "確認日（2回目）",
            "target" => "目標日",
            "note" => "備考",
            "confirmed_by" => "確認者",
            _ => "",
        };
        self.columns.get(header).map(|c| column_letter(*c)).unwrap_or_default()
    }

    pub fn row_of(&self, slot: &Slot) -> u32 {
        self.rows.iter().find(|r| &r.slot == slot).map_or(0, |r| r.row)
    }
}

/// A cell's text, with Excel dates written as YYYY-MM-DD.
pub fn cell_text(cell: &Data) -> String {
    date_cell(Some(cell))
}

fn date_cell(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::DateTime(d)) => from_serial(d.as_f64()).map(format_iso).unwrap_or_default(),
        Some(Data::DateTimeIso(s)) => s.get(..10).unwrap_or(s).to_owned(),
        other => text(other),
    }
}

pub fn read_xlsx(bytes: &[u8]) -> Result<ReadSheet, Vec<CellError>> {
    let fail = |row, col: &str, m| vec![CellError::new(SHEET, row, col, m)];
    let mut wb = crate::workbook::open(bytes).map_err(|m| vec![CellError::new("", 0, "", m)])?;
    let range = crate::workbook::grid(&mut wb, SHEET)
        .map_err(|m| fail(0, "", m))?
        .ok_or_else(|| fail(0, "", Message::new("io.error.missing_assessment_sheet")))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let at = |r: usize| first_row + u32::try_from(r).unwrap_or(0) + 1;
    let all: Vec<&[Data]> = range.rows().collect();
    let header_at = all.iter().position(|r| r.iter().any(|c| text(Some(c)) == "key"));
    let Some(header_at) = header_at else {
        return Err(fail(0, "", Message::new("io.error.missing_column").arg("column", "key")));
    };
    let mut columns = BTreeMap::new();
    for (i, c) in all.get(header_at).map(|r| r.iter()).into_iter().flatten().enumerate() {
        if let Some(h) = HEADERS.iter().find(|h| **h == text(Some(c))) {
            columns.insert(*h, first_col as usize + i);
        }
    }
    for required in ["回答", "確認日（1回目）", "目標日", "key", "scope"] {
        if !columns.contains_key(required) {
            return Err(fail(
                at(header_at),
                "",
                Message::new("io.error.missing_column").arg("column", required),
            ));
        }
    }
    // The edition id stands right of its hidden label, somewhere above the table; sheets
    // written before the title took its place have it right of 版.
    let right_of = |label: &str| {
        all.iter()
            .take(header_at)
            .find_map(|r| r.iter().position(|c| text(Some(c)) == label).and_then(|i| r.get(i + 1)))
            .map(|c| text(Some(c)))
    };
    let edition_id = right_of(EDITION_LABEL).or_else(|| right_of("版")).unwrap_or_default();
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    for (i, cells) in all.iter().enumerate().skip(header_at + 1) {
        let get = |h: &str| columns.get(h).and_then(|c| cells.get(c - first_col as usize));
        let key = text(get("key"));
        if key.is_empty() {
            continue;
        }
        let scope_text = text(get("scope"));
        let scope = if scope_text.is_empty() { None } else { Scope::parse(&scope_text) };
        if !scope_text.is_empty() && scope.is_none() {
            let col = columns.get("scope").map(|c| column_letter(*c)).unwrap_or_default();
            errors.push(CellError::new(
                SHEET,
                at(i),
                &col,
                Message::new("io.error.unknown_value").arg("value", &scope_text),
            ));
            continue;
        }
        let value = text(get("回答"));
        let kind = if value == NOT_APPLICABLE {
            RowKind::NotApplicable
        } else if value.ends_with(DRAFT_MARK) {
            RowKind::Draft
        } else {
            RowKind::Answer
        };
        let input = AnswerInput {
            value: if kind == RowKind::Answer { value } else { String::new() },
            confirmed_1: date_cell(get("確認日（1回目）")),
            confirmed_2: date_cell(get("確認日（2回目）")),
            target: date_cell(get("目標日")),
            note: text(get("備考")),
            confirmed_by: text(get("確認者")),
        };
        rows.push(ReadRow { row: at(i), slot: Slot::new(&key, scope), kind, input });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ReadSheet { edition_id, rows, columns })
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Reader, Xlsx, open_workbook_from_rs};
    use iryosec_core::catalog::builtin::edition;
    use std::io::Cursor;
    use time::macros::date;

    fn sample() -> (Vec<SheetRow>, SheetHead) {
        let e = edition("mhlw-checklist-r6-hospital").unwrap();
        let mut a = BTreeMap::new();
        a.insert(
            Slot::new("access.logs", Some(Scope::Server)),
            Answer {
                value: Some(YesNo::No),
                confirmed: [Some(date!(2024 - 06 - 02)), Some(date!(2024 - 10 - 01))],
                target: Some(date!(2025 - 03 - 31)),
                note: "導入予定, \"年度内\"".into(),
                confirmed_by: "情報 太郎".into(),
                draft: false,
            },
        );
        let head = SheetHead {
            institution: "さくら記念病院".into(),
            fiscal_year_label: "令和6年度".into(),
            edition_id: e.id.clone(),
            edition_title: e.title.clone(),
            second_check: true,
            date_style: DateStyle::Wareki,
            extra: Vec::new(),
        };
        (rows(e, &a, &|k| k == "vendor.mds_sds_obtained"), head)
    }

    #[test]
    fn the_workbook_reads_back_every_answer() {
        let (rows, head) = sample();
        let bytes = write_xlsx(&head, &rows).unwrap();
        let read = read_xlsx(&bytes).unwrap();
        assert_eq!(read.edition_id, "mhlw-checklist-r6-hospital");
        assert_eq!(read.rows.len(), rows.len());
        let logs =
            read.rows.iter().find(|r| r.slot == Slot::new("access.logs", Some(Scope::Server))).unwrap();
        assert_eq!(logs.input.value, "いいえ");
        assert_eq!(
            (logs.input.confirmed_1.as_str(), logs.input.confirmed_2.as_str()),
            ("2024-06-02", "2024-10-01")
        );
        assert_eq!(logs.input.target, "2025-03-31");
        assert_eq!(logs.input.note, "導入予定, \"年度内\"");
        let na = read.rows.iter().find(|r| r.slot.key == "vendor.mds_sds_obtained").unwrap();
        assert_eq!(
            (na.kind, na.input.value.as_str()),
            (RowKind::NotApplicable, ""),
            "対象外 is not an answer"
        );
        assert_eq!(read.column_of("target"), "H");
    }

    #[test]
    fn csv_has_a_bom_and_quotes() {
        let (rows, _) = sample();
        let csv = String::from_utf8(write_csv(&rows, true)).unwrap();
        assert!(csv.starts_with("\u{feff}節,番号,項目"));
        assert!(csv.contains("\"導入予定, \"\"年度内\"\"\""));
        assert_eq!(csv.matches("\r\n").count(), rows.len() + 1);
    }

    #[test]
    fn every_row_says_how_far_its_wording_is_checked() {
        let e = edition("mhlw-checklist-r7-hospital").unwrap();
        let rows = rows(e, &BTreeMap::new(), &|_| false);
        let csv = String::from_utf8(write_csv(&rows, true)).unwrap();
        let line =
            |number: &str| csv.lines().find(|l| l.starts_with(&format!("2,{number},"))).unwrap().to_owned();
        assert!(csv.lines().next().unwrap().contains(",確認者,文言の確認,key,scope"));
        assert!(line("2-①").contains(",公表前の案と照合,assets.ledger,"), "{}", line("2-①"));
        assert!(line("2-④").contains(",文言は推定（原文と未照合）,access.role_based_rights,"));
        let (rows, head) = sample();
        let bytes = write_xlsx(&head, &rows).unwrap();
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range(SHEET).unwrap();
        let cell = |r: u32, c: u32| range.get_value((r, c)).map(ToString::to_string).unwrap_or_default();
        assert_eq!(cell(3, 10), "文言の確認");
        assert_eq!((cell(4, 1), cell(4, 10)), ("前提".to_owned(), "最終版の原文と照合済み".to_owned()));
    }

    #[test]
    fn dates_are_excel_dates_and_the_edition_is_named_by_its_title() {
        let (rows, head) = sample();
        let bytes = write_xlsx(&head, &rows).unwrap();
        let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let range = book.worksheet_range(SHEET).unwrap();
        let at = 4 + u32::try_from(rows.iter().position(|r| r.key == "access.logs").unwrap()).unwrap();
        for col in [5, 6, 7] {
            let cell = range.get_value((at, col)).unwrap();
            assert!(matches!(cell, Data::DateTime(_)), "column {col}: {cell:?}");
        }
        assert_eq!(range.get_value((1, 5)).unwrap().to_string(), head.edition_title, "版 shows the title");
        let (_, width) = range.get_size();
        let shown = u32::try_from(width).unwrap() - 2;
        let visible: Vec<String> = (0..range.height() as u32)
            .flat_map(|r| (0..shown).map(move |c| (r, c)))
            .filter_map(|p| range.get_value(p))
            .map(ToString::to_string)
            .collect();
        assert!(!visible.iter().any(|v| v.contains("mhlw-")), "no id outside the hidden columns");
    }

    #[test]
    fn csv_cells_never_become_formulas() {
        let (mut rows, _) = sample();
        rows[0].note = "=HYPERLINK(\"http://x\")".into();
        rows[1].note = "+81-3-1234-5678".into();
        let csv = String::from_utf8(write_csv(&rows, true)).unwrap();
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), "{csv}");
        assert!(csv.contains(",'+81-3-1234-5678,"));
    }

    #[test]
    fn a_workbook_without_the_sheet_is_named() {
        let bytes = crate::edition_xlsx::write_template(None).unwrap();
        let errors = read_xlsx(&bytes).err().unwrap();
        assert_eq!(
            (errors[0].sheet.as_str(), errors[0].message.key),
            (SHEET, "io.error.missing_assessment_sheet")
        );
    }
}
