//! A spreadsheet as people make them: the first sheet of an XLSX, or a CSV in UTF-8, UTF-8
//! with BOM, or Shift_JIS (what Excel on Japanese Windows writes). Read into plain text cells
//! with the row numbers a person sees in Excel.
//!
//! Whatever the file holds, reading it costs what its filled cells hold, never what their
//! coordinates are: a cell further right than [`LIMITS`]`.columns`, more rows or cells than the
//! limits, or a cell longer than Excel allows refuses the whole file (a message naming the limit
//! and the cell), as does a workbook whose parts unpack too large ([`crate::workbook`]).

use crate::cells::column_letter;
use crate::limits::Budget;
#[cfg(test)]
use crate::limits::CANCEL_EVERY;
#[cfg(test)]
use crate::limits::LIMITS;
use crate::workbook::ZIP_MAGIC;
use calamine::{Cell, Data, DataRef, DataType, Reader};
use iryosec_core::{CancelToken, Message};
use std::borrow::Cow;
use std::collections::HashMap;

/// The header row and the data rows of a file; rows are numbered as in Excel (1-based).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub header_row: u32,
    pub rows: Vec<(u32, Vec<String>)>,
    /// The sheet that was read (a workbook's first), `None` for CSV.
    pub sheet: Option<String>,
}

/// A file to read as a table: its name says what it claims to be, its bytes what it is.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
    /// Checked every few thousand rows; a cancelled read ends with an error.
    pub cancel: &'a CancelToken,
}

impl<'a> Source<'a> {
    pub fn new(name: &'a str, bytes: &'a [u8], cancel: &'a CancelToken) -> Source<'a> {
        Source { name, bytes, cancel }
    }
}

/// Reads a table; XLSX is recognised by content, text as CSV, anything else is refused. Every
/// row has at least as many cells as the header.
pub fn read_table(source: Source<'_>) -> Result<Table, Message> {
    let mut header: Option<(u32, Vec<String>)> = None;
    let mut rows = Vec::new();
    let sheet = for_each_row(source, &mut |n, cells| {
        let cells = cells.iter().map(|c| c.as_ref().to_owned()).collect();
        if header.is_none() { header = Some((n, cells)) } else { rows.push((n, cells)) }
    })?;
    let (header_row, headers) = header.ok_or_else(|| Message::new("io.error.empty_file"))?;
    // A workbook row ends at its last filled cell; give every row the header's width, as CSV has.
    for (_, cells) in &mut rows {
        if cells.len() < headers.len() {
            cells.resize(headers.len(), String::new());
        }
    }
    Ok(Table { headers, header_row, rows, sheet })
}

/// Calls `row` with every non-blank row in file order, the header first: its number as Excel
/// shows it and its cells' text, trimmed, column A first (a row ends at its last filled cell).
/// A workbook is read as it is unpacked, without holding the whole sheet, so a caller can act
/// on the first rows while the rest is still being read. Returns the sheet read (`None` for
/// CSV); on an error, rows already handed on must be discarded.
pub fn for_each_row(
    source: Source<'_>,
    row: &mut dyn FnMut(u32, &[Cow<'_, str>]),
) -> Result<Option<String>, Message> {
    let mut budget = Budget::new(source.cancel);
    match kind(source.name, source.bytes)? {
        Kind::Xlsx => xlsx_rows(source.bytes, &mut budget, row).map(Some),
        Kind::Csv => csv_rows(&decode(source.bytes), &mut budget, row).map(|()| None),
    }
}

/// [`for_each_row`], with `row` called on a second thread: for a large ledger, checking the rows
/// takes about half as long as unpacking them, and this way the two overlap.
pub fn for_each_row_beside(
    source: Source<'_>,
    row: &mut (dyn FnMut(u32, &[&str]) + Send),
) -> Result<Option<String>, Message> {
    let (blocks, received) = std::sync::mpsc::sync_channel::<RowBlock>(BLOCKS_WAITING);
    std::thread::scope(|s| {
        let checker = s.spawn(move || {
            for block in received {
                block.each(row);
            }
        });
        let mut block = RowBlock::default();
        let read = for_each_row(source, &mut |n, cells| {
            block.push(n, cells);
            if block.rows.len() == BLOCK_ROWS {
                let next = block.emptied();
                // Fails only if the checker panicked, which is raised below.
                let _ = blocks.send(std::mem::replace(&mut block, next));
            }
        });
        let _ = blocks.send(block);
        drop(blocks);
        checker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        read
    })
}

const BLOCK_ROWS: usize = 256;
const BLOCKS_WAITING: usize = 4;

/// Rows on their way to the checking thread: every cell's text in one string, so that a row
/// costs no allocation of its own.
#[derive(Default)]
struct RowBlock {
    text: String,
    /// Where each cell's text ends in `text`.
    ends: Vec<usize>,
    /// Each row's number and how many cells it has.
    rows: Vec<(u32, usize)>,
}

impl RowBlock {
    fn push(&mut self, n: u32, cells: &[Cow<'_, str>]) {
        for c in cells {
            self.text.push_str(c);
            self.ends.push(self.text.len());
        }
        self.rows.push((n, cells.len()));
    }

    /// An empty block the size of this one, so that the next is not grown step by step.
    fn emptied(&self) -> RowBlock {
        RowBlock {
            text: String::with_capacity(self.text.capacity()),
            ends: Vec::with_capacity(self.ends.capacity()),
            rows: Vec::with_capacity(self.rows.capacity()),
        }
    }

    #[allow(
        clippy::indexing_slicing,
        reason = "the row ends and cells were sized for these indices while reading"
    )]
    fn each(&self, row: &mut (dyn FnMut(u32, &[&str]) + Send)) {
        let mut cells: Vec<&str> = Vec::new();
        let (mut start, mut end) = (0, 0);
        for &(n, count) in &self.rows {
            cells.clear();
            for &e in &self.ends[end..end + count] {
                cells.push(self.text.get(start..e).unwrap_or(""));
                start = e;
            }
            end += count;
            row(n, &cells);
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
fn csv_rows(
    text: &str,
    budget: &mut Budget<'_>,
    row: &mut dyn FnMut(u32, &[Cow<'_, str>]),
) -> Result<(), Message> {
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
        row(n, &cells);
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
    bytes: &[u8],
    budget: &mut Budget<'_>,
    row: &mut dyn FnMut(u32, &[Cow<'_, str>]),
) -> Result<String, Message> {
    let mut wb = crate::workbook::open(bytes)?;
    let name = wb.sheet_names().first().cloned().ok_or_else(|| Message::new("io.error.empty_file"))?;
    let mut reader = wb.worksheet_cells_reader(&name).map_err(|_| crate::workbook::unreadable())?;
    // The row's cells are kept until it is complete, so that their text is lent, not copied.
    let mut cells = Vec::new();
    let mut at = None;
    while let Some(cell) = reader.next_cell().map_err(|_| crate::workbook::unreadable())? {
        let (r, c) = cell.get_position();
        if at != Some(r) {
            emit(at, &cells, budget, row)?;
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
    Ok(name)
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
    row: &mut dyn FnMut(u32, &[Cow<'_, str>]),
) -> Result<(), Message> {
    let Some(r) = at else { return Ok(()) };
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
    if !texts.is_empty() {
        budget.row()?;
        row(r + 1, &texts);
    }
    Ok(())
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

/// Header spellings of many fields, each header looked up in one step whatever the number of
/// fields and spellings (a file of many columns costs its width, not width × spellings).
pub struct Synonyms<T> {
    by_key: HashMap<String, Vec<T>>,
}

impl<T: Copy + PartialEq> Synonyms<T> {
    /// Fields with their spellings, in the order a header that fits several should prefer.
    pub fn new<'a>(fields: impl IntoIterator<Item = (T, &'a [&'a str])>) -> Synonyms<T> {
        let mut by_key: HashMap<String, Vec<T>> = HashMap::new();
        for (field, names) in fields {
            for name in names {
                let fits = by_key.entry(header_key(name)).or_default();
                if !fits.contains(&field) {
                    fits.push(field);
                }
            }
        }
        Synonyms { by_key }
    }

    /// The fields `header` may name, preferred first.
    pub fn fields_of(&self, header: &str) -> impl Iterator<Item = T> + '_ {
        self.by_key.get(&header_key(header)).into_iter().flatten().copied()
    }
}

/// A missing-column message that also names the sheet read, when a workbook's first sheet was
/// read: the data may well be on another sheet.
pub fn on_sheet(message: Message, sheet: Option<&str>) -> Message {
    let Some(sheet) = sheet else { return message };
    let key = match message.key {
        "ledger.error.missing_column" => "ledger.error.missing_column_on_sheet",
        "accounts.error.missing_column" => "accounts.error.missing_column_on_sheet",
        "io.error.missing_column" => "io.error.missing_column_on_sheet",
        _ => return message,
    };
    Message { key, args: message.args }.arg("sheet", sheet)
}

/// A header as compared with synonyms: half-width, lower case, no spaces or punctuation.
pub fn header_key(h: &str) -> String {
    iryosec_core::text::to_half_width(h)
        .to_lowercase()
        .chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '_' | '-' | '・' | '.' | '(' | ')' | '（' | '）' | '/' | '／')
        })
        .collect()
}

/// A file read for a test, named by its content's kind.
#[cfg(test)]
pub(crate) fn test_table(bytes: &[u8]) -> Result<Table, Message> {
    let name = if bytes.starts_with(ZIP_MAGIC) { "test.xlsx" } else { "test.csv" };
    read_table(Source::new(name, bytes, &CancelToken::never()))
}

#[cfg(test)]
mod tests;
