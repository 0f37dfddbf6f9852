//! A spreadsheet as people make them: the first sheet of an XLSX, or a CSV in UTF-8, UTF-8
//! with BOM, or Shift_JIS (what Excel on Japanese Windows writes). Read into plain text cells
//! with the row numbers a person sees in Excel.
//!
//! Whatever the file holds, reading it costs what its filled cells hold, never what their
//! coordinates are: a cell further right than [`LIMITS`]`.columns`, more rows or cells than the
//! limits, or a cell longer than Excel allows refuses the whole file (a message naming the limit
//! and the cell), as does a workbook whose parts unpack too large ([`crate::workbook`]).

use crate::finder::{TableFound, each_data_row};
use crate::limits::Budget;
#[cfg(test)]
use crate::limits::CANCEL_EVERY;
#[cfg(test)]
use crate::limits::LIMITS;
use crate::plan::RowError;
use crate::sheets::{Flow, Opened};
#[cfg(test)]
use crate::workbook::ZIP_MAGIC;
use iryosec_core::{CancelToken, Message};
use std::borrow::Cow;

/// The header row and the data rows of a file; rows are numbered as in Excel (1-based).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub header_row: u32,
    pub rows: Vec<(u32, Vec<String>)>,
    /// The sheet that was read, `None` for CSV.
    pub sheet: Option<String>,
    /// Rows under the header that are no records (totals, remarks), skipped.
    pub notes: Vec<RowError>,
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

/// Reads a table from the first sheet (or the CSV), its first non-blank row as the header.
/// Every row has at least as many cells as the header. (Imports find their table instead:
/// [`crate::plan::read_planned`].)
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
    Ok(Table { headers, header_row, rows, sheet, notes: Vec::new() })
}

/// Calls `row` with every non-blank row of the first sheet (or the CSV) in file order: its
/// number as Excel shows it and its cells' text, trimmed, column A first. Returns the sheet
/// read (`None` for CSV).
pub fn for_each_row(
    source: Source<'_>,
    row: &mut dyn FnMut(u32, &[Cow<'_, str>]),
) -> Result<Option<String>, Message> {
    let mut budget = Budget::new(source.cancel);
    let mut opened = Opened::open(source)?;
    let sheet = opened.sheets().into_iter().next().flatten();
    opened.rows(sheet.as_deref(), &mut budget, &mut |n, cells| {
        row(n, cells);
        Flow::More
    })?;
    Ok(sheet)
}

/// The rows under the header of every sheet `found` reads ([`each_data_row`]), with `row`
/// called on a second thread with the sheet's index: for a large ledger, checking the rows
/// takes about half as long as unpacking them, and this way the two overlap. On an error, rows
/// already handed on must be discarded.
pub(crate) fn data_rows_beside(
    opened: &mut Opened<'_>,
    found: &TableFound,
    cancel: &CancelToken,
    row: &mut (dyn FnMut(usize, u32, &[&str]) + Send),
) -> Result<(), Message> {
    let (blocks, received) = std::sync::mpsc::sync_channel::<RowBlock>(BLOCKS_WAITING);
    std::thread::scope(|s| {
        let checker = s.spawn(move || {
            for block in received {
                block.each(row);
            }
        });
        let mut block = RowBlock::default();
        let mut budget = Budget::new(cancel);
        let read = each_data_row(opened, found, &mut budget, &mut |sheet, n, cells| {
            block.push(sheet, n, cells);
            if block.rows.len() == BLOCK_ROWS {
                let next = block.emptied();
                // Fails only if the checker panicked, which is raised below.
                let _ = blocks.send(std::mem::replace(&mut block, next));
            }
            Flow::More
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
    /// Each row's sheet, number and how many cells it has.
    rows: Vec<(usize, u32, usize)>,
}

impl RowBlock {
    fn push(&mut self, sheet: usize, n: u32, cells: &[Cow<'_, str>]) {
        for c in cells {
            self.text.push_str(c);
            self.ends.push(self.text.len());
        }
        self.rows.push((sheet, n, cells.len()));
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
    fn each(&self, row: &mut (dyn FnMut(usize, u32, &[&str]) + Send)) {
        let mut cells: Vec<&str> = Vec::new();
        let (mut start, mut end) = (0, 0);
        for &(sheet, n, count) in &self.rows {
            cells.clear();
            for &e in &self.ends[end..end + count] {
                cells.push(self.text.get(start..e).unwrap_or(""));
                start = e;
            }
            end += count;
            row(sheet, n, &cells);
        }
    }
}

/// A missing-column message that also names the sheet read, when a workbook's first sheet was
/// read: the data may well be on another sheet.
pub fn on_sheet(message: Message, sheet: Option<&str>) -> Message {
    let Some(sheet) = sheet else { return message };
    let key = match message.key {
        "io.error.missing_column" => "io.error.missing_column_on_sheet",
        _ => return message,
    };
    Message { key, args: message.args }.arg("sheet", sheet)
}

pub use crate::mapping::header_key;
pub use crate::sheets::decode;

/// A file read for a test, named by its content's kind.
#[cfg(test)]
pub(crate) fn test_table(bytes: &[u8]) -> Result<Table, Message> {
    let name = if bytes.starts_with(ZIP_MAGIC) { "test.xlsx" } else { "test.csv" };
    read_table(Source::new(name, bytes, &CancelToken::never()))
}

#[cfg(test)]
mod tests;
