//! A file opened once and read sheet by sheet, row by row: a workbook's sheets as calamine
//! unpacks them, or a CSV's text as one unnamed sheet. Every row passes the limits of
//! [`crate::limits`] as it is read; a reader may stop early (to look at the first rows only).

use crate::cells::column_letter;
use crate::limits::Budget;
use crate::table::Source;
use crate::workbook::{Workbook, ZIP_MAGIC};
use calamine::{Cell, Data, DataRef, DataType, Reader};
use iryosec_core::Message;
use std::borrow::Cow;

/// Whether to read on after a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    More,
    Stop,
}

/// The callback each non-blank row is handed to: its number as Excel shows it and its cells'
/// text, trimmed, column A first (a row ends at its last filled cell).
pub type RowFn<'f> = dyn FnMut(u32, &[Cow<'_, str>]) -> Flow + 'f;

/// An opened file.
pub enum Opened<'a> {
    Xlsx { book: Box<Workbook<'a>>, sheets: Vec<String> },
    Csv(Cow<'a, str>),
}

impl<'a> Opened<'a> {
    /// XLSX is recognised by content, text as CSV, anything else is refused by name.
    pub fn open(source: Source<'a>) -> Result<Opened<'a>, Message> {
        match kind(source.name, source.bytes)? {
            Kind::Xlsx => {
                let book = crate::workbook::open(source.bytes)?;
                let sheets = book.sheet_names();
                if sheets.is_empty() {
                    return Err(Message::new("io.error.empty_file"));
                }
                Ok(Opened::Xlsx { book: Box::new(book), sheets })
            }
            Kind::Csv => Ok(Opened::Csv(decode(source.bytes))),
        }
    }

    /// The sheets in the workbook's order; a CSV file has one, without a name.
    pub fn sheets(&self) -> Vec<Option<String>> {
        match self {
            Opened::Xlsx { sheets, .. } => sheets.iter().cloned().map(Some).collect(),
            Opened::Csv(_) => vec![None],
        }
    }

    /// Hands every non-blank row of `sheet` (`None`: the CSV, or a workbook's first sheet) to
    /// `row` until it says stop. A workbook is read as it is unpacked, without holding the sheet.
    pub(crate) fn rows(
        &mut self,
        sheet: Option<&str>,
        budget: &mut Budget<'_>,
        row: &mut RowFn<'_>,
    ) -> Result<(), Message> {
        match self {
            Opened::Xlsx { book, sheets } => {
                let name = sheet.or(sheets.first().map(String::as_str)).unwrap_or_default().to_owned();
                xlsx_rows(book, &name, budget, row)
            }
            Opened::Csv(text) => csv_rows(text, budget, row),
        }
    }
}

/// What a file is, by its content first and its name second.
enum Kind {
    Xlsx,
    Csv,
}

/// The start of every file of the old Office formats (.xls, .doc).
const OLE_MAGIC: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";

fn kind(name: &str, bytes: &[u8]) -> Result<Kind, Message> {
    let extension = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if bytes.starts_with(ZIP_MAGIC) {
        return Ok(Kind::Xlsx);
    }
    if bytes.starts_with(OLE_MAGIC) || extension == "xls" {
        return Err(Message::new("io.error.old_excel"));
    }
    if matches!(extension.as_str(), "xlsx" | "xlsm") {
        return Err(Message::new("io.error.not_xlsx_named"));
    }
    // Text has no NUL; a picture, a PDF or a UTF-16 file does.
    if bytes.contains(&0) {
        return Err(Message::new("io.error.not_text"));
    }
    Ok(Kind::Csv)
}

/// UTF-8 (with or without BOM) when it is valid UTF-8, otherwise Shift_JIS.
pub fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => encoding_rs::SHIFT_JIS.decode(bytes).0,
    }
}

/// CSV rows as Excel numbers them: a record a row, a newline inside quotes staying in its row,
/// blank lines counted; a line may end in CRLF, LF or a bare CR (old Mac files).
fn csv_rows(text: &str, budget: &mut Budget<'_>, row: &mut RowFn<'_>) -> Result<(), Message> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut n = 0u32;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(()),
            Err(e) => {
                let line = e.position().map_or(0, csv::Position::line);
                return Err(Message::new("io.error.csv").arg("line", line));
            }
        }
        let at = record.position().map_or(0, |p| usize::try_from(p.byte()).unwrap_or(0));
        let blank = u32::try_from(blank_lines_at(text, at)).unwrap_or(u32::MAX);
        n = n.saturating_add(blank).saturating_add(1);
        let cells: Vec<Cow<'_, str>> = record.iter().map(|c| Cow::Borrowed(c.trim())).collect();
        if cells.iter().all(|c| c.is_empty()) {
            continue;
        }
        budget.row()?;
        for (i, c) in cells.iter().enumerate().filter(|(_, c)| !c.is_empty()) {
            budget.cell(i, c, &|| format!("{}{n}", column_letter(i)))?;
        }
        if row(n, &cells) == Flow::Stop {
            return Ok(());
        }
    }
}

/// How many blank lines (ending in CRLF, LF or CR) the reader skipped before the record that
/// starts reading at `at`. The LF of the previous record's CRLF may still stand at `at`; it
/// ends no line of its own.
fn blank_lines_at(text: &str, at: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = at;
    if at > 0 && bytes.get(at - 1) == Some(&b'\r') && bytes.get(at) == Some(&b'\n') {
        i += 1;
    }
    let mut blank = 0;
    loop {
        match (bytes.get(i), bytes.get(i + 1)) {
            (Some(b'\r'), Some(b'\n')) => i += 2,
            (Some(b'\r' | b'\n'), _) => i += 1,
            _ => return blank,
        }
        blank += 1;
    }
}

fn xlsx_rows(
    book: &mut Workbook<'_>,
    name: &str,
    budget: &mut Budget<'_>,
    row: &mut RowFn<'_>,
) -> Result<(), Message> {
    let mut reader = book.worksheet_cells_reader(name).map_err(|_| crate::workbook::unreadable())?;
    // The row's cells are kept until it is complete, so that their text is lent, not copied.
    let mut cells = Vec::new();
    let mut at = None;
    while let Some(cell) = reader.next_cell().map_err(|_| crate::workbook::unreadable())? {
        let (r, c) = cell.get_position();
        if at != Some(r) {
            if emit(at, &cells, budget, row)? == Flow::Stop {
                return Ok(());
            }
            cells.clear();
            at = Some(r);
        }
        if !cell.get_value().is_empty() {
            let place = || format!("{name}!{}{}", column_letter(c as usize), u64::from(r) + 1);
            budget.cell(c as usize, crate::workbook::string_of(cell.get_value()), &place)?;
            cells.push(cell);
        }
    }
    emit(at, &cells, budget, row)?;
    Ok(())
}

/// Hands on row `at` (0-based) if it has a filled cell. Its cells were checked against the
/// column limit, so the row is at most that wide.
#[allow(
    clippy::indexing_slicing,
    reason = "the row ends and cells were sized for these indices while reading"
)]
fn emit(
    at: Option<u32>,
    cells: &[Cell<DataRef<'_>>],
    budget: &mut Budget<'_>,
    row: &mut RowFn<'_>,
) -> Result<Flow, Message> {
    let Some(r) = at else { return Ok(Flow::More) };
    let mut texts: Vec<Cow<'_, str>> = Vec::new();
    for cell in cells {
        let text = cell_text(cell.get_value());
        if !text.is_empty() {
            let c = cell.get_position().1 as usize;
            if texts.len() <= c {
                texts.resize(c + 1, Cow::Borrowed(""));
            }
            texts[c] = text;
        }
    }
    if texts.is_empty() {
        return Ok(Flow::More);
    }
    budget.row()?;
    Ok(row(r + 1, &texts))
}

/// A cell's text as [`crate::assessment_sheet::cell_text`] reads it; text is lent, not copied.
fn cell_text<'c>(value: &'c DataRef<'_>) -> Cow<'c, str> {
    match value {
        DataRef::Empty => Cow::Borrowed(""),
        DataRef::SharedString(s) => Cow::Borrowed(s.trim()),
        DataRef::String(s) => Cow::Borrowed(s.trim()),
        other => Cow::Owned(crate::assessment_sheet::cell_text(&Data::from(other.clone()))),
    }
}
