//! A role checklist as an Excel workbook, so an official list can be typed or pasted in Excel:
//! `iryosec roles template` writes one (empty or filled from a list) and `iryosec roles import`
//! reads it back. Columns are found by their header; every problem names sheet, row and column.

use crate::cells::{CellError, column_letter, header_columns, text};
use crate::edition_xlsx::{data_rows, parse_year, write_header};
use calamine::{Data, Range};
use iryosec_core::Message;
use iryosec_core::roles::{Audience, Author, Control, Layer, Place, RoleItem, RoleList, validate};
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};
use std::collections::BTreeMap;

pub const SHEET_LIST: &str = "リスト";
pub const SHEET_ITEMS: &str = "項目";

/// List fields: name, explanation.
const LIST_FIELDS: [(&str, &str); 10] = [
    ("format", "書式の版（1）"),
    ("id", "リストの ID（半角英小文字・数字・ハイフン）"),
    ("kind", "role_checklist"),
    (
        "audience",
        "executive（経営層向け）/ system_admin（システム管理者向け）/ clinical（医療従事者・一般利用者向け）/ self_check（9領域）",
    ),
    ("author", "mhlw（厚生労働省の資料のとおり）/ iryosec（独自）"),
    ("title", "題名"),
    ("fiscal_year", "使い始める年度（西暦の開始年。令和8年度なら 2026）"),
    ("published", "公表日（2026-05-16。月までしか分からなければ 2026-06）"),
    ("source", "出典（必須）"),
    ("note", "注記"),
];

/// Item columns: header, explanation, width.
const ITEM_FIELDS: [(&str, &str, f64); 9] = [
    ("number", "※番号（印刷のまま）", 8.0),
    ("key", "※キー（半角英小文字・数字・_ と .）", 22.0),
    ("viewpoint", "※視点（予防・発見・是正など、印刷のまま）", 8.0),
    ("text", "※チェック項目の文言", 60.0),
    ("layer", "※9領域の列: 組織的 / システム的 / 人的", 10.0),
    ("control", "※9領域の行: 是正的 / 発見的 / 予防的", 10.0),
    ("measure", "※対策例（印刷がなければ空欄）", 30.0),
    ("guideline", "※根拠（改行区切り）", 20.0),
    ("note", "※出典・注記", 30.0),
];

const REQUIRED: [&str; 6] = ["number", "key", "viewpoint", "text", "layer", "control"];

#[derive(Debug, thiserror::Error)]
#[error("xlsx: {0}")]
pub struct WriteError(#[from] XlsxError);

/// Writes the template; filled with `list` when given.
pub fn write_template(list: Option<&RoleList>) -> Result<Vec<u8>, WriteError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let note = Format::new().set_font_color(rust_xlsxwriter::Color::Gray).set_text_wrap();
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_LIST)?;
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 60)?;
    ws.set_column_width(2, 60)?;
    for (row, (field, help)) in (0u32..).zip(LIST_FIELDS) {
        ws.write_string_with_format(row, 0, field, &bold)?;
        ws.write_string(row, 1, list.map_or_else(|| default_value(field), |l| list_value(l, field)))?;
        ws.write_string(row, 2, help)?;
    }
    ws.add_data_validation(
        3,
        1,
        3,
        1,
        &DataValidation::new().allow_list_strings(&Audience::ALL.map(Audience::code))?,
    )?;
    ws.add_data_validation(
        4,
        1,
        4,
        1,
        &DataValidation::new().allow_list_strings(&Author::ALL.map(Author::code))?,
    )?;

    let ws = wb.add_worksheet();
    ws.set_name(SHEET_ITEMS)?;
    let fields: Vec<(&str, &str)> = ITEM_FIELDS.iter().map(|(f, h, _)| (*f, *h)).collect();
    write_header(ws, &fields, &bold, &note)?;
    for (col, (_, _, width)) in (0u16..).zip(ITEM_FIELDS) {
        ws.set_column_width(col, width)?;
    }
    for (row, item) in (2u32..).zip(list.map(|l| l.items.as_slice()).unwrap_or(&[])) {
        for (col, (field, ..)) in (0u16..).zip(ITEM_FIELDS) {
            ws.write_string(row, col, item_value(item, field))?;
        }
    }
    let last = 2 + 300;
    ws.add_data_validation(
        2,
        4,
        last,
        4,
        &DataValidation::new().allow_list_strings(&Layer::ALL.map(Layer::name_ja))?,
    )?;
    ws.add_data_validation(
        2,
        5,
        last,
        5,
        &DataValidation::new().allow_list_strings(&Control::ALL.map(Control::name_ja))?,
    )?;
    Ok(wb.save_to_buffer()?)
}

fn default_value(field: &str) -> String {
    match field {
        "format" => "1",
        "kind" => "role_checklist",
        _ => "",
    }
    .to_owned()
}

fn list_value(l: &RoleList, field: &str) -> String {
    match field {
        "format" => l.format.to_string(),
        "id" => l.id.clone(),
        "kind" => l.kind.clone(),
        "audience" => l.audience.code().to_owned(),
        "author" => l.author.code().to_owned(),
        "title" => l.title.clone(),
        "fiscal_year" => l.fiscal_year.to_string(),
        "published" => l.published.clone(),
        "source" => l.source.clone(),
        _ => l.note.clone(),
    }
}

fn item_value(i: &RoleItem, field: &str) -> String {
    match field {
        "number" => i.number.clone(),
        "key" => i.key.clone(),
        "viewpoint" => i.viewpoint.clone(),
        "text" => i.text.clone(),
        "layer" => i.layer.name_ja().to_owned(),
        "control" => i.control.name_ja().to_owned(),
        "measure" => i.measure.clone(),
        "guideline" => i.guideline.join("\n"),
        _ => i.note.clone(),
    }
}

/// Reads a list from a workbook and validates it; every problem at once.
pub fn read_role_list(bytes: &[u8]) -> Result<RoleList, Vec<CellError>> {
    let mut wb = crate::workbook::open(bytes).map_err(|m| vec![CellError::new("", 0, "", m)])?;
    let mut errors = Vec::new();
    let mut sheet = |name: &str| match crate::workbook::grid(&mut wb, name) {
        Ok(Some(r)) => Some(r),
        Ok(None) => {
            errors.push(CellError::new(name, 0, "", Message::new("io.error.missing_sheet")));
            None
        }
        Err(m) => {
            errors.push(CellError::new(name, 0, "", m));
            None
        }
    };
    let (Some(ls), Some(is)) = (sheet(SHEET_LIST), sheet(SHEET_ITEMS)) else { return Err(errors) };
    let (mut list, field_rows) = read_list(&ls, &mut errors);
    let (item_rows, columns) = read_items(&is, &mut list, &mut errors);
    let problems = validate(&list);
    if problems.is_empty() && errors.is_empty() {
        return Ok(list);
    }
    errors.extend(problems.into_iter().map(|p| match p.place {
        Place::List(field) => {
            let row = field_rows.get(field).copied().unwrap_or(0);
            CellError::new(SHEET_LIST, row, if row > 0 { "B" } else { "" }, p.message)
        }
        Place::Item(i, field) => {
            let column = columns.get(field).map(|c| column_letter(*c)).unwrap_or_default();
            CellError::new(SHEET_ITEMS, item_rows.get(i).copied().unwrap_or(0), &column, p.message)
        }
    }));
    Err(errors)
}

fn read_list(range: &Range<Data>, errors: &mut Vec<CellError>) -> (RoleList, BTreeMap<&'static str, u32>) {
    let mut l = RoleList {
        format: 0,
        id: String::new(),
        kind: String::new(),
        audience: Audience::Executive,
        author: Author::Iryosec,
        title: String::new(),
        fiscal_year: 0,
        published: String::new(),
        source: String::new(),
        note: String::new(),
        items: Vec::new(),
    };
    let mut rows = BTreeMap::new();
    let col_offset = range.start().map_or(0, |(_, c)| c as usize);
    let value_col = column_letter(col_offset + 1);
    for (row, cells) in data_rows(range, false) {
        let (field, value) = (text(cells.first()), text(cells.get(1)));
        let Some((name, _)) = LIST_FIELDS.iter().find(|(f, _)| *f == field) else {
            let m = Message::new("io.error.unknown_field").arg("field", &field);
            errors.push(CellError::new(SHEET_LIST, row, &column_letter(col_offset), m));
            continue;
        };
        rows.insert(*name, row);
        let mut bad = |m: Message| errors.push(CellError::new(SHEET_LIST, row, &value_col, m));
        let unknown = || Message::new("io.error.unknown_value").arg("value", &value);
        match *name {
            "format" => l.format = value.parse().unwrap_or(0),
            "id" => l.id = value,
            "kind" => l.kind = value,
            "audience" => match Audience::parse(&value) {
                Some(a) => l.audience = a,
                None => bad(unknown()),
            },
            "author" => match Author::parse(&value) {
                Some(a) => l.author = a,
                None => bad(unknown()),
            },
            "title" => l.title = value,
            "fiscal_year" if value.is_empty() => {}
            "fiscal_year" => match parse_year(&value) {
                Some(y) => l.fiscal_year = y,
                None => bad(Message::new("io.error.not_a_year")),
            },
            "published" => l.published = value,
            "source" => l.source = value,
            _ => l.note = value,
        }
    }
    (l, rows)
}

fn read_items(
    range: &Range<Data>,
    list: &mut RoleList,
    errors: &mut Vec<CellError>,
) -> (Vec<u32>, BTreeMap<&'static str, usize>) {
    let known: Vec<&'static str> = ITEM_FIELDS.iter().map(|(f, ..)| *f).collect();
    let columns = header_columns(SHEET_ITEMS, range, &known, &REQUIRED, errors);
    let offset = range.start().map_or(0, |(_, c)| c as usize);
    let mut rows = Vec::new();
    for (row, cells) in data_rows(range, true) {
        let get = |f: &str| columns.get(f).map(|c| text(cells.get(*c))).unwrap_or_default();
        let col = |f: &str| columns.get(f).map(|c| column_letter(offset + c)).unwrap_or_default();
        let mut bad = |f: &str, v: &str| {
            errors.push(CellError::new(
                SHEET_ITEMS,
                row,
                &col(f),
                Message::new("io.error.unknown_value").arg("value", v),
            ))
        };
        let (layer_text, control_text) = (get("layer"), get("control"));
        let layer = Layer::parse(&layer_text).unwrap_or_else(|| {
            bad("layer", &layer_text);
            Layer::Structure
        });
        let control = Control::parse(&control_text).unwrap_or_else(|| {
            bad("control", &control_text);
            Control::Preventive
        });
        list.items.push(RoleItem {
            number: get("number"),
            key: get("key"),
            viewpoint: get("viewpoint"),
            text: get("text"),
            layer,
            control,
            measure: get("measure"),
            guideline: get("guideline")
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
            note: get("note"),
        });
        rows.push(row);
    }
    let absolute = columns.into_iter().map(|(k, c)| (k, offset + c)).collect();
    (rows, absolute)
}

#[cfg(test)]
mod tests {
    use super::*;
    use iryosec_core::roles::builtin;

    #[test]
    fn every_shipped_list_round_trips_through_excel() {
        for l in builtin::lists() {
            let bytes = write_template(Some(l)).unwrap();
            let back = read_role_list(&bytes).unwrap_or_else(|errs| panic!("{}: {errs:?}", l.id));
            assert_eq!(&back, l, "{}", l.id);
        }
    }

    #[test]
    fn bad_cells_are_named_by_sheet_row_and_column() {
        let mut list = builtin::list("mhlw-r3-executive").unwrap().clone();
        list.items[1].key = "policy".into();
        list.source.clear();
        let bytes = write_template(Some(&list)).unwrap();
        let errors = read_role_list(&bytes).unwrap_err();
        let places: Vec<_> = errors.iter().map(|e| (e.place(), e.message.key)).collect();
        assert_eq!(
            places,
            [
                ("リスト!B9".to_owned(), "catalog.error.empty"),
                ("項目!B4".to_owned(), "roles.error.duplicate_key")
            ]
        );
    }

    #[test]
    fn an_area_that_is_not_in_the_matrix_is_named() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_LIST).unwrap();
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_ITEMS).unwrap();
        for (col, h) in (0u16..).zip(["number", "key", "viewpoint", "text", "layer", "control"]) {
            ws.write_string(0, col, h).unwrap();
        }
        for (col, v) in (0u16..).zip(["1", "a", "予防", "文言", "物理的", "予防的"]) {
            ws.write_string(1, col, v).unwrap();
        }
        let errors = read_role_list(&wb.save_to_buffer().unwrap()).unwrap_err();
        let found = errors.iter().find(|e| e.message.key == "io.error.unknown_value").unwrap();
        assert_eq!((found.place(), found.message.args[0].1.as_str()), ("項目!E2".to_owned(), "物理的"));
    }

    #[test]
    fn garbage_is_not_a_workbook() {
        assert_eq!(read_role_list(b"not a workbook").unwrap_err()[0].message.key, "io.error.not_xlsx");
    }
}
