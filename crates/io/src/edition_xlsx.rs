//! A checklist edition as an Excel workbook, so next year's items can be typed in Excel:
//! `iryosec definitions template` writes one (empty or filled from an edition) and
//! `iryosec definitions import` reads it back. Columns are found by their header, so moving
//! them around is fine; every problem names sheet, row and column.

use crate::cells::{CellError, column_letter, header_columns, text};
use calamine::{Data, Range};
use iryosec_core::Message;
use iryosec_core::catalog::Place;
use iryosec_core::catalog::{Condition, Edition, Item, Scope, Section, Sheet, Verification, validate};
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};
use std::collections::BTreeMap;

pub const SHEET_EDITION: &str = "版";
pub const SHEET_SECTIONS: &str = "節";
pub const SHEET_ITEMS: &str = "項目";

/// Edition fields: name, explanation.
const EDITION_FIELDS: [(&str, &str); 11] = [
    ("format", "書式の版（1）"),
    ("id", "版の ID（半角英小文字・数字・ハイフン）"),
    ("kind", "checklist"),
    ("title", "題名"),
    ("fiscal_year", "年度（西暦の開始年。令和8年度なら 2026）"),
    ("sheet", "hospital / pharmacy / vendor / hospital_pharmacy"),
    ("confirmations", "確認日の欄の数（1 または 2）"),
    ("published", "公表日（2026-05-16。月までしか分からなければ 2026-06）"),
    ("provisional", "iryosec が組み立てた暫定版なら TRUE（様式の原文ではない）"),
    ("source", "出典"),
    ("note", "注記"),
];

const SECTION_FIELDS: [(&str, &str); 2] = [("number", "※節番号"), ("title", "※節の題名")];

/// Item columns: header, explanation, column width.
const ITEM_FIELDS: [(&str, &str, f64); 13] = [
    ("number", "※番号（様式のまま: 2-⑤）", 9.0),
    ("key", "※安定キー（access.remove_unneeded_accounts）", 30.0),
    ("section", "※節番号", 7.0),
    ("title", "※項目の文言", 50.0),
    ("scopes", "※区分（server, terminal, network, general をカンマ区切り。空欄は項目全体）", 22.0),
    ("due", "※対応年度（2026）", 8.0),
    ("due_by_scope", "※区分ごとの対応年度（terminal=2027）", 16.0),
    ("applies_if", "※適用条件（vendor_contract）", 14.0),
    ("gate", "※前提の質問なら TRUE", 8.0),
    ("guidance", "※説明", 40.0),
    ("guideline", "※ガイドラインの章（改行区切り）", 20.0),
    ("verification", "※final（最終版と照合済み）/ draft（案と照合）/ inferred（推定）", 12.0),
    ("source_note", "※出典・未確認の点", 30.0),
];

#[derive(Debug, thiserror::Error)]
#[error("xlsx: {0}")]
pub struct WriteError(#[from] XlsxError);

/// Writes the template; filled with `edition` when given (start next year from this year).
pub fn write_template(edition: Option<&Edition>) -> Result<Vec<u8>, WriteError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let note = Format::new().set_font_color(rust_xlsxwriter::Color::Gray).set_text_wrap();
    write_edition_sheet(&mut wb, edition, &bold)?;
    write_sections_sheet(&mut wb, edition, &bold, &note)?;
    write_items_sheet(&mut wb, edition, &bold, &note)?;
    Ok(wb.save_to_buffer()?)
}

fn write_edition_sheet(wb: &mut Workbook, e: Option<&Edition>, bold: &Format) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_EDITION)?;
    ws.set_column_width(0, 16)?;
    ws.set_column_width(1, 60)?;
    ws.set_column_width(2, 48)?;
    for (row, (field, help)) in (0u32..).zip(EDITION_FIELDS) {
        ws.write_string_with_format(row, 0, field, bold)?;
        ws.write_string(row, 2, help)?;
        let value = match (e, field) {
            (None, "format") => "1".to_owned(),
            (None, "kind") => "checklist".to_owned(),
            (None, "confirmations") => "1".to_owned(),
            (None, _) => String::new(),
            (Some(e), _) => edition_value(e, field),
        };
        ws.write_string(row, 1, &value)?;
    }
    let sheets: Vec<&str> = Sheet::ALL.iter().map(|s| s.code()).collect();
    ws.add_data_validation(5, 1, 5, 1, &DataValidation::new().allow_list_strings(&sheets)?)?;
    Ok(())
}

fn edition_value(e: &Edition, field: &str) -> String {
    match field {
        "format" => e.format.to_string(),
        "id" => e.id.clone(),
        "kind" => e.kind.clone(),
        "title" => e.title.clone(),
        "fiscal_year" => e.fiscal_year.to_string(),
        "sheet" => e.sheet.code().to_owned(),
        "confirmations" => e.confirmations.to_string(),
        "published" => e.published.clone(),
        "provisional" => if e.provisional { "TRUE" } else { "" }.to_owned(),
        "source" => e.source.clone(),
        "note" => e.note.clone(),
        _ => String::new(),
    }
}

pub(crate) fn write_header(
    ws: &mut rust_xlsxwriter::Worksheet,
    fields: &[(&str, &str)],
    bold: &Format,
    note: &Format,
) -> Result<(), XlsxError> {
    for (col, (field, help)) in (0u16..).zip(fields) {
        ws.write_string_with_format(0, col, *field, bold)?;
        ws.write_string_with_format(1, col, *help, note)?;
    }
    ws.set_freeze_panes(2, 0)?;
    Ok(())
}

fn write_sections_sheet(
    wb: &mut Workbook,
    e: Option<&Edition>,
    bold: &Format,
    note: &Format,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_SECTIONS)?;
    ws.set_column_width(1, 40)?;
    write_header(ws, &SECTION_FIELDS, bold, note)?;
    for (row, s) in (2u32..).zip(e.map(|e| e.sections.as_slice()).unwrap_or(&[])) {
        ws.write_string(row, 0, &s.number)?;
        ws.write_string(row, 1, &s.title)?;
    }
    Ok(())
}

fn write_items_sheet(
    wb: &mut Workbook,
    e: Option<&Edition>,
    bold: &Format,
    note: &Format,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_ITEMS)?;
    let fields: Vec<(&str, &str)> = ITEM_FIELDS.iter().map(|(f, h, _)| (*f, *h)).collect();
    write_header(ws, &fields, bold, note)?;
    for (col, (_, _, width)) in (0u16..).zip(ITEM_FIELDS) {
        ws.set_column_width(col, width)?;
    }
    for (row, item) in (2u32..).zip(e.map(|e| e.items.as_slice()).unwrap_or(&[])) {
        for (col, (field, ..)) in (0u16..).zip(ITEM_FIELDS) {
            ws.write_string(row, col, item_value(item, field))?;
        }
    }
    let last = 2 + 500;
    ws.add_data_validation(2, 8, last, 8, &DataValidation::new().allow_list_strings(&["TRUE", "FALSE"])?)?;
    let verifications = Verification::ALL.map(Verification::code);
    ws.add_data_validation(2, 11, last, 11, &DataValidation::new().allow_list_strings(&verifications)?)?;
    Ok(())
}

fn item_value(i: &Item, field: &str) -> String {
    let join = |v: Vec<&str>, sep: &str| v.join(sep);
    match field {
        "number" => i.number.clone(),
        "key" => i.key.clone(),
        "section" => i.section.clone(),
        "title" => i.title.clone(),
        "scopes" => join(i.scopes.iter().map(|s| s.code()).collect(), ", "),
        "due" => i.due.to_string(),
        "due_by_scope" => {
            i.due_by_scope.iter().map(|(s, y)| format!("{}={y}", s.code())).collect::<Vec<_>>().join(", ")
        }
        "applies_if" => join(i.applies_if.iter().map(|c| c.code()).collect(), ", "),
        "gate" => if i.gate { "TRUE" } else { "" }.to_owned(),
        "guidance" => i.guidance.clone(),
        "guideline" => i.guideline.join("\n"),
        "verification" => i.verification.code().to_owned(),
        "source_note" => i.source_note.clone(),
        _ => String::new(),
    }
}

/// Whether a workbook is this template (it has the items sheet), not some other form such as
/// the ministry's own workbook. A workbook that cannot be opened is not.
pub fn is_template(bytes: &[u8]) -> bool {
    use calamine::Reader;
    crate::workbook::open(bytes).is_ok_and(|wb| wb.sheet_names().iter().any(|n| n == SHEET_ITEMS))
}

/// Reads an edition from a workbook and validates it.
pub fn read_edition(bytes: &[u8]) -> Result<Edition, Vec<CellError>> {
    let [es, ss, is] = required_sheets(bytes, [SHEET_EDITION, SHEET_SECTIONS, SHEET_ITEMS])?;
    let mut reader = Read { errors: Vec::new() };
    let (mut edition, field_rows) = reader.edition(&es);
    let section_rows = reader.sections(&ss, &mut edition);
    let (item_rows, columns) = reader.items(&is, &mut edition);
    let problems = validate(&edition);
    if problems.is_empty() && reader.errors.is_empty() {
        return Ok(edition);
    }
    // What could not be read comes first; the rules' verdicts on the rest follow.
    let mut errors = reader.errors;
    errors.extend(problems.into_iter().map(|p| match p.place {
        Place::Edition(field) => {
            let row = field_rows.get(field).copied().unwrap_or(0);
            CellError::new(SHEET_EDITION, row, if row > 0 { "B" } else { "" }, p.message)
        }
        Place::Section(i) => {
            CellError::new(SHEET_SECTIONS, section_rows.get(i).copied().unwrap_or(0), "", p.message)
        }
        Place::Item(i, field) => {
            let column = columns.get(field).map(|c| column_letter(*c)).unwrap_or_default();
            CellError::new(SHEET_ITEMS, item_rows.get(i).copied().unwrap_or(0), &column, p.message)
        }
    }));
    Err(errors)
}

struct Read {
    errors: Vec<CellError>,
}

/// The template's sheets, each read within the limits; every sheet missing or unreadable is
/// named, so one answer lists them all.
pub(crate) fn required_sheets<const N: usize>(
    bytes: &[u8],
    names: [&str; N],
) -> Result<[Range<Data>; N], Vec<CellError>> {
    let mut wb = crate::workbook::open(bytes).map_err(|m| vec![CellError::new("", 0, "", m)])?;
    let mut errors = Vec::new();
    let mut found = Vec::with_capacity(N);
    for name in names {
        match crate::workbook::grid(&mut wb, name) {
            Ok(Some(r)) => found.push(r),
            Ok(None) => errors.push(CellError::new(name, 0, "", Message::new("io.error.missing_sheet"))),
            Err(m) => errors.push(CellError::new(name, 0, "", m)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    found.try_into().map_err(|_| Vec::new())
}

/// Rows of data: skipping blank rows and `※` explanation rows; with the Excel row number.
pub(crate) fn data_rows(range: &Range<Data>, skip_header: bool) -> impl Iterator<Item = (u32, &[Data])> {
    let first = range.start().map_or(0, |(r, _)| r);
    range
        .rows()
        .enumerate()
        .skip(usize::from(skip_header))
        .map(move |(i, row)| (first + u32::try_from(i).unwrap_or(0) + 1, row))
        .filter(|(_, row)| {
            let first_text = row.iter().map(|c| text(Some(c))).find(|t| !t.is_empty());
            first_text.is_some_and(|t| !t.starts_with('※'))
        })
}

impl Read {
    fn fail(&mut self, sheet: &str, row: u32, column: &str, message: Message) {
        self.errors.push(CellError::new(sheet, row, column, message));
    }

    fn edition(&mut self, range: &Range<Data>) -> (Edition, BTreeMap<&'static str, u32>) {
        let mut e = Edition {
            format: 0,
            id: String::new(),
            kind: String::new(),
            title: String::new(),
            fiscal_year: 0,
            sheet: Sheet::Hospital,
            confirmations: 1,
            published: String::new(),
            provisional: false,
            source: String::new(),
            note: String::new(),
            official_file: String::new(),
            official_sha256: String::new(),
            sections: Vec::new(),
            items: Vec::new(),
        };
        let mut rows = BTreeMap::new();
        let col_offset = range.start().map_or(0, |(_, c)| c as usize);
        let value_col = column_letter(col_offset + 1);
        for (row, cells) in data_rows(range, false) {
            let field = text(cells.first());
            let value = text(cells.get(1));
            let Some((name, _)) = EDITION_FIELDS.iter().find(|(f, _)| *f == field) else {
                self.fail(
                    SHEET_EDITION,
                    row,
                    &column_letter(col_offset),
                    Message::new("io.error.unknown_field").arg("field", &field),
                );
                continue;
            };
            rows.insert(*name, row);
            let number = |v: &str| v.parse::<i64>().ok();
            match *name {
                "format" => e.format = number(&value).and_then(|n| u32::try_from(n).ok()).unwrap_or(0),
                "id" => e.id = value,
                "kind" => e.kind = value,
                "title" => e.title = value,
                "fiscal_year" if value.is_empty() => {}
                "fiscal_year" => match parse_year(&value) {
                    Some(y) => e.fiscal_year = y,
                    None => self.fail(SHEET_EDITION, row, &value_col, Message::new("io.error.not_a_year")),
                },
                "sheet" if value.is_empty() => {
                    self.fail(SHEET_EDITION, row, &value_col, Message::new("error.required"))
                }
                "sheet" => match Sheet::parse(&value) {
                    Some(s) => e.sheet = s,
                    None => self.fail(
                        SHEET_EDITION,
                        row,
                        &value_col,
                        Message::new("io.error.unknown_value").arg("value", &value),
                    ),
                },
                "confirmations" => {
                    e.confirmations = number(&value).and_then(|n| u8::try_from(n).ok()).unwrap_or(0)
                }
                "published" => e.published = value,
                "provisional" => match parse_flag(&value) {
                    Some(flag) => e.provisional = flag,
                    None => self.fail(
                        SHEET_EDITION,
                        row,
                        &value_col,
                        Message::new("io.error.unknown_value").arg("value", &value),
                    ),
                },
                "source" => e.source = value,
                _ => e.note = value,
            }
        }
        (e, rows)
    }

    fn sections(&mut self, range: &Range<Data>, e: &mut Edition) -> Vec<u32> {
        let columns = self.columns(SHEET_SECTIONS, range, &["number", "title"]);
        let mut rows = Vec::new();
        for (row, cells) in data_rows(range, true) {
            let get = |f: &str| columns.get(f).map(|c| text(cells.get(*c))).unwrap_or_default();
            e.sections.push(Section { number: get("number"), title: get("title") });
            rows.push(row);
        }
        rows
    }

    /// The columns of a sheet by header; unknown headers and missing required ones are errors.
    fn columns(
        &mut self,
        sheet: &str,
        range: &Range<Data>,
        known: &[&'static str],
    ) -> BTreeMap<&'static str, usize> {
        let required: Vec<&str> = known
            .iter()
            .copied()
            .filter(|k| matches!(*k, "number" | "key" | "section" | "title" | "due"))
            .collect();
        header_columns(sheet, range, known, &required, &mut self.errors)
    }

    fn items(&mut self, range: &Range<Data>, e: &mut Edition) -> (Vec<u32>, BTreeMap<&'static str, usize>) {
        let known: Vec<&'static str> = ITEM_FIELDS.iter().map(|(f, ..)| *f).collect();
        let columns = self.columns(SHEET_ITEMS, range, &known);
        let offset = range.start().map_or(0, |(_, c)| c as usize);
        let mut rows = Vec::new();
        for (row, cells) in data_rows(range, true) {
            let get = |f: &str| columns.get(f).map(|c| text(cells.get(*c))).unwrap_or_default();
            let col = |f: &str| columns.get(f).map(|c| column_letter(offset + c)).unwrap_or_default();
            let item = self.item(row, &get, &col);
            e.items.push(item);
            rows.push(row);
        }
        let absolute = columns.into_iter().map(|(k, c)| (k, offset + c)).collect();
        (rows, absolute)
    }

    fn item(&mut self, row: u32, get: &dyn Fn(&str) -> String, col: &dyn Fn(&str) -> String) -> Item {
        let mut bad = |field: &str, message: Message| {
            self.errors.push(CellError::new(SHEET_ITEMS, row, &col(field), message))
        };
        let scopes = split(&get("scopes"))
            .filter_map(|s| {
                parse_scope(s).or_else(|| {
                    bad("scopes", Message::new("io.error.unknown_value").arg("value", s));
                    None
                })
            })
            .collect();
        let due = parse_year(&get("due")).unwrap_or_else(|| {
            bad("due", Message::new("io.error.not_a_year"));
            0
        });
        let mut due_by_scope = BTreeMap::new();
        for pair in split(&get("due_by_scope")) {
            match pair.split_once('=').and_then(|(s, y)| Some((parse_scope(s)?, parse_year(y)?))) {
                Some((s, y)) => {
                    due_by_scope.insert(s, y);
                }
                None => bad("due_by_scope", Message::new("io.error.unknown_value").arg("value", pair)),
            }
        }
        let applies_if = split(&get("applies_if"))
            .filter_map(|c| {
                Condition::parse(c).or_else(|| {
                    bad("applies_if", Message::new("io.error.unknown_value").arg("value", c));
                    None
                })
            })
            .collect();
        let gate_text = get("gate");
        let gate = parse_flag(&gate_text).unwrap_or_else(|| {
            bad("gate", Message::new("io.error.unknown_value").arg("value", &gate_text));
            false
        });
        let verification_text = get("verification");
        let verification = if verification_text.is_empty() {
            Verification::default()
        } else {
            parse_verification(&verification_text).unwrap_or_else(|| {
                bad("verification", Message::new("io.error.unknown_value").arg("value", &verification_text));
                Verification::default()
            })
        };
        Item {
            number: get("number"),
            key: get("key"),
            section: get("section"),
            title: get("title"),
            scopes,
            due,
            due_by_scope,
            applies_if,
            gate,
            guidance: get("guidance"),
            guideline: get("guideline")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            verification,
            source_note: get("source_note"),
            checked_by: String::new(),
            checked_on: String::new(),
        }
    }
}

fn split(s: &str) -> impl Iterator<Item = &str> {
    s.split([',', '、', '・', '，']).map(str::trim).filter(|p| !p.is_empty())
}

fn parse_scope(s: &str) -> Option<Scope> {
    Scope::parse(s).or_else(|| match s.trim() {
        "全般" | "医療情報システム全般" => Some(Scope::General),
        "サーバ" | "サーバー" => Some(Scope::Server),
        "端末PC" | "端末ＰＣ" | "端末" => Some(Scope::Terminal),
        "ネットワーク機器" | "ネットワーク" => Some(Scope::Network),
        _ => None,
    })
}

/// A code, an older name, or the label as pages print it (「公表前の案と照合」).
fn parse_verification(s: &str) -> Option<Verification> {
    Verification::parse(s).or_else(|| Verification::ALL.into_iter().find(|v| v.name_ja() == s.trim()))
}

/// A TRUE/FALSE cell as people fill it in; empty is false.
fn parse_flag(s: &str) -> Option<bool> {
    match s.trim().to_uppercase().as_str() {
        "" | "FALSE" | "0" | "いいえ" | "NO" => Some(false),
        "TRUE" | "1" | "はい" | "YES" | "○" => Some(true),
        _ => None,
    }
}

/// "2026", "2026.0", "令和8", "令和8年度", "R8".
pub(crate) fn parse_year(s: &str) -> Option<i32> {
    let s = iryosec_core::text::to_half_width(s).replace("年度", "");
    let digits = |t: &str| t.trim().parse::<i32>().ok();
    if let Some(n) = s.strip_prefix("令和").or_else(|| s.strip_prefix('R')).or_else(|| s.strip_prefix('r'))
    {
        return digits(n).filter(|n| (1..=99).contains(n)).map(|n| 2018 + n);
    }
    digits(&s).filter(|y| (1900..=2200).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use iryosec_core::catalog::builtin;

    #[test]
    fn every_shipped_edition_round_trips_through_excel() {
        for e in builtin::editions() {
            let bytes = write_template(Some(e)).unwrap();
            let back = read_edition(&bytes).unwrap_or_else(|errs| panic!("{}: {errs:?}", e.id));
            assert_eq!(&back, e, "{}", e.id);
        }
    }

    #[test]
    fn an_empty_template_reads_back_as_an_incomplete_edition() {
        let bytes = write_template(None).unwrap();
        let errors = read_edition(&bytes).unwrap_err();
        let places: Vec<_> = errors.iter().map(|e| (e.place(), e.message.key)).collect();
        assert!(places.contains(&("版!B2".to_owned(), "catalog.error.id")), "{places:?}");
        assert!(places.contains(&("版!B5".to_owned(), "catalog.error.fiscal_year")), "{places:?}");
        assert!(places.contains(&("版!B6".to_owned(), "error.required")), "{places:?}");
        assert!(places.iter().any(|(_, k)| *k == "catalog.error.no_items"), "{places:?}");
    }

    #[test]
    fn years_are_read_as_people_write_them() {
        assert_eq!(parse_year("2026"), Some(2026));
        assert_eq!(parse_year("令和8年度"), Some(2026));
        assert_eq!(parse_year("R9"), Some(2027));
        assert_eq!(parse_year("らいねん"), None);
    }

    #[test]
    fn moved_columns_are_fine_and_bad_cells_are_named() {
        let r7 = builtin::edition("mhlw-checklist-r7-hospital").unwrap();
        // Rebuild the items sheet with the columns in another order and two bad cells.
        let mut wb = Workbook::new();
        let bold = Format::new();
        write_edition_sheet(&mut wb, Some(r7), &bold).unwrap();
        write_sections_sheet(&mut wb, Some(r7), &bold, &bold).unwrap();
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_ITEMS).unwrap();
        let order = ["title", "due", "section", "scopes", "key", "number"];
        for (col, field) in (0u16..).zip(order) {
            ws.write_string(0, col, field).unwrap();
        }
        for (row, item) in (1u32..).zip(&r7.items) {
            for (col, field) in (0u16..).zip(order) {
                ws.write_string(row, col, item_value(item, field)).unwrap();
            }
        }
        ws.write_string(3, 1, "来年").unwrap();
        ws.write_string(4, 3, "printer").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let errors = read_edition(&bytes).unwrap_err();
        let places: Vec<_> = errors.iter().map(|e| (e.place(), e.message.key)).collect();
        assert_eq!(
            places[..2],
            [("項目!B4".to_owned(), "io.error.not_a_year"), ("項目!D5".to_owned(), "io.error.unknown_value")]
        );
    }

    #[test]
    fn garbage_is_not_a_workbook() {
        let errors = read_edition(b"not a workbook").unwrap_err();
        assert_eq!(errors[0].message.key, "io.error.not_xlsx");
    }
}
