//! How much a file may hold before it is refused. Every reader of outside files (workbooks,
//! CSV, JSON bundles, files named on the command line) checks these before and while it
//! reads, so that no file — broken, hostile or just far too large — can take the memory or
//! the time of the server. A file over a limit is refused whole, with a message that names the
//! limit; nothing of it is written.
//!
//! The figures are fixed here, in one place: they are far above what a hospital's registers,
//! account lists or bundles hold (a 100,000-asset ledger is about 10 MB as a workbook and 3
//! million cells), and far below what would hurt a small server.

/// The caps, as one value so that tests and documentation read them from one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes of one file as given (an upload or a file named on the command line).
    pub file_bytes: u64,
    /// Parts (zip entries) of one workbook.
    pub zip_entries: u64,
    /// Bytes one part of a workbook may unpack to (a sheet, the shared strings).
    pub zip_entry_bytes: u64,
    /// Bytes all parts of a workbook together may unpack to.
    pub zip_total_bytes: u64,
    /// How many times larger than packed a part of more than [`Limits::zip_ratio_from`] bytes may
    /// unpack: real sheets pack 5–30 times; a bomb packs 1,000 times.
    pub zip_ratio: u64,
    pub zip_ratio_from: u64,
    /// Non-blank rows of one sheet or CSV file (the header included).
    pub rows: usize,
    /// Columns: a filled cell further right than this is refused (Excel's own last is XFD, 16,384).
    pub columns: usize,
    /// Filled cells of one sheet or CSV file.
    pub cells: usize,
    /// Characters of one cell (Excel's own limit).
    pub cell_chars: usize,
    /// Cells a form-like sheet (an assessment sheet, an edition template) may span from its
    /// first to its last filled cell, since such a sheet is read as a whole grid.
    pub grid_cells: usize,
    /// Bytes of one JSON file (a bundle, an answer file).
    pub json_bytes: u64,
    /// How deeply a JSON file's arrays and objects may nest.
    pub json_depth: usize,
}

pub const LIMITS: Limits = Limits {
    file_bytes: 64 * MIB,
    zip_entries: 1_000,
    zip_entry_bytes: 256 * MIB,
    zip_total_bytes: 512 * MIB,
    zip_ratio: 200,
    zip_ratio_from: MIB,
    rows: 500_000,
    columns: 1_000,
    cells: 5_000_000,
    cell_chars: 32_767,
    grid_cells: 1_000_000,
    json_bytes: 16 * MIB,
    json_depth: 32,
};

const MIB: u64 = 1024 * 1024;

use crate::cells::column_letter;
use iryosec_core::{CancelToken, Message};

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    Unreadable(std::io::Error),
    /// Over [`LIMITS`]`.file_bytes`.
    TooLarge(Message),
}

/// Reads a file of at most [`LIMITS`]`.file_bytes`, whatever it is: a file past the limit, or
/// an endless device such as /dev/zero, is refused once the limit is passed, not read whole.
/// Every command and every upload read from disk goes through here.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(ReadError::Unreadable)?;
    let max = LIMITS.file_bytes;
    let known = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(usize::try_from(known.min(max)).unwrap_or(0));
    file.take(max + 1).read_to_end(&mut bytes).map_err(ReadError::Unreadable)?;
    if bytes.len() as u64 > max {
        let size = if known > max { size_text(known) } else { format!("> {}", size_text(max)) };
        return Err(ReadError::TooLarge(
            Message::new("io.error.too_large").arg("size", size).arg("max", size_text(max)),
        ));
    }
    Ok(bytes)
}

/// A size as people read it: "64 MB", "512 KB", "10 B".
pub fn size_text(bytes: u64) -> String {
    if bytes >= MIB {
        format!("{} MB", bytes.div_ceil(MIB))
    } else if bytes >= 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{bytes} B")
    }
}

/// The limits as one file is read, and the cancel token: every row and cell passes here.
pub(crate) struct Budget<'a> {
    rows: usize,
    cells: usize,
    cancel: &'a CancelToken,
}

/// How many rows go by between looks at the cancel token.
pub(crate) const CANCEL_EVERY: usize = 4096;

impl<'a> Budget<'a> {
    pub(crate) fn new(cancel: &'a CancelToken) -> Budget<'a> {
        Budget { rows: 0, cells: 0, cancel }
    }

    pub(crate) fn row(&mut self) -> Result<(), Message> {
        self.rows += 1;
        if self.rows > LIMITS.rows {
            return Err(Message::new("io.error.too_many_rows").arg("max", LIMITS.rows));
        }
        if self.rows.is_multiple_of(CANCEL_EVERY) && self.cancel.is_cancelled() {
            return Err(Message::new("io.error.cancelled"));
        }
        Ok(())
    }

    /// A filled cell at 0-based `column`, with `text`; `place` names it for the person.
    pub(crate) fn cell(
        &mut self,
        column: usize,
        text: &str,
        place: &dyn Fn() -> String,
    ) -> Result<(), Message> {
        self.cells += 1;
        if column >= LIMITS.columns {
            return Err(Message::new("io.error.too_far_right")
                .arg("place", place())
                .arg("max", LIMITS.columns)
                .arg("letter", column_letter(LIMITS.columns - 1)));
        }
        if self.cells > LIMITS.cells {
            return Err(Message::new("io.error.too_many_cells").arg("max", LIMITS.cells));
        }
        // Bytes bound characters from above, so most cells need no counting.
        if text.len() > LIMITS.cell_chars && text.chars().count() > LIMITS.cell_chars {
            return Err(Message::new("io.error.cell_too_long")
                .arg("place", place())
                .arg("max", LIMITS.cell_chars));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(LIMITS.file_bytes), "64 MB");
        assert_eq!(size_text(1_500), "2 KB");
        assert_eq!(size_text(10), "10 B");
    }
}
