//! A spreadsheet as people make them: the first sheet of an XLSX, or a CSV in UTF-8, UTF-8
//! with BOM, or Shift_JIS (what Excel on Japanese Windows writes). Read into plain text cells
//! with the row numbers a person sees in Excel.

use calamine::{Cell, Data, DataRef, DataType, Reader, Xlsx, open_workbook_from_rs};
use iryosec_core::Message;
use std::borrow::Cow;
use std::io::Cursor;

/// The header row and the data rows of a file; rows are numbered as in Excel (1-based).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub header_row: u32,
    pub rows: Vec<(u32, Vec<String>)>,
}

/// Reads a table; XLSX is recognised by content, everything else is read as CSV. Every row
/// has at least as many cells as the header.
pub fn read_table(bytes: &[u8]) -> Result<Table, Message> {
    let mut header: Option<(u32, Vec<String>)> = None;
    let mut rows = Vec::new();
    for_each_row(bytes, &mut |n, cells| {
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
    Ok(Table { headers, header_row, rows })
}

/// Calls `row` with every non-blank row in file order, the header first: its number as Excel
/// shows it and its cells' text, trimmed, column A first (a row ends at its last filled cell).
/// A workbook is read as it is unpacked, without holding the whole sheet, so a caller can act
/// on the first rows while the rest is still being read.
pub fn for_each_row(bytes: &[u8], row: &mut dyn FnMut(u32, &[Cow<'_, str>])) -> Result<(), Message> {
    if bytes.starts_with(b"PK\x03\x04") {
        xlsx_rows(bytes, row)
    } else {
        for (n, cells) in (1..).zip(parse_csv(&decode(bytes))) {
            let cells: Vec<Cow<'_, str>> = cells.iter().map(|c| Cow::Borrowed(c.trim())).collect();
            if cells.iter().any(|c| !c.is_empty()) {
                row(n, &cells);
            }
        }
        Ok(())
    }
}

/// [`for_each_row`], with `row` called on a second thread: for a large ledger, checking the rows
/// takes about half as long as unpacking them, and this way the two overlap.
pub fn for_each_row_beside(bytes: &[u8], row: &mut (dyn FnMut(u32, &[&str]) + Send)) -> Result<(), Message> {
    let (blocks, received) = std::sync::mpsc::sync_channel::<RowBlock>(BLOCKS_WAITING);
    std::thread::scope(|s| {
        let checker = s.spawn(move || {
            for block in received {
                block.each(row);
            }
        });
        let mut block = RowBlock::default();
        let read = for_each_row(bytes, &mut |n, cells| {
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

/// UTF-8 (with or without BOM) when it is valid UTF-8, otherwise Shift_JIS.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::SHIFT_JIS.decode(bytes).0.into_owned(),
    }
}

fn xlsx_rows(bytes: &[u8], row: &mut dyn FnMut(u32, &[Cow<'_, str>])) -> Result<(), Message> {
    let not_xlsx = |_| Message::new("io.error.not_xlsx");
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(not_xlsx)?;
    let name = wb.sheet_names().first().cloned().ok_or_else(|| Message::new("io.error.empty_file"))?;
    let mut reader = wb.worksheet_cells_reader(&name).map_err(not_xlsx)?;
    // The row's cells are kept until it is complete, so that their text is lent, not copied.
    let mut cells = Vec::new();
    let mut at = None;
    while let Some(cell) = reader.next_cell().map_err(not_xlsx)? {
        let r = cell.get_position().0;
        if at != Some(r) {
            emit(at, &cells, row);
            cells.clear();
            at = Some(r);
        }
        if !cell.get_value().is_empty() {
            cells.push(cell);
        }
    }
    emit(at, &cells, row);
    Ok(())
}

/// Hands on row `at` (0-based) if it has a filled cell.
fn emit(at: Option<u32>, cells: &[Cell<DataRef<'_>>], row: &mut dyn FnMut(u32, &[Cow<'_, str>])) {
    let Some(r) = at else { return };
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
        row(r + 1, &texts);
    }
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

/// Splits CSV text into rows of cells (RFC 4180: quotes, doubled quotes, newlines in quotes).
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_every_encoding_reads_the_same() {
        let text = "管理番号,名称,備考\r\nA-001,\"電子カルテ サーバ\",\"改行\nあり\"\r\n\r\nA-002,受付PC,\"引用\"\"符\"\"\"\r\n";
        let utf8 = read_table(text.as_bytes()).unwrap();
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(text);
        assert_eq!(read_table(&bom).unwrap(), utf8);
        assert_eq!(read_table(&sjis).unwrap(), utf8);
        assert_eq!(utf8.headers, vec!["管理番号", "名称", "備考"]);
        assert_eq!(utf8.rows.len(), 2);
        // Numbered as Excel shows the file: a newline inside quotes stays in its row.
        assert_eq!(utf8.rows[0].1[2], "改行\nあり");
        assert_eq!(utf8.rows[1], (4, vec!["A-002".into(), "受付PC".into(), "引用\"符\"".into()]));
    }

    #[test]
    fn a_sheet_is_read_where_excel_shows_each_cell() {
        use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let day = Format::new().set_num_format("yyyy/mm/dd");
        ws.write_string(2, 1, " 管理番号 ").unwrap();
        ws.write_string(2, 3, "導入日").unwrap();
        ws.write_string(3, 1, "A-1").unwrap();
        ws.write_number(3, 2, 2026.0).unwrap();
        ws.write_datetime_with_format(3, 3, ExcelDateTime::from_ymd(2025, 4, 1).unwrap(), &day).unwrap();
        ws.write_string(5, 4, "　 ").unwrap();
        ws.write_boolean(6, 1, true).unwrap();
        let t = read_table(&wb.save_to_buffer().unwrap()).unwrap();
        assert_eq!(
            (t.header_row, t.headers),
            (3, vec!["".to_owned(), "管理番号".into(), "".into(), "導入日".into()])
        );
        let row = |cells: &[&str]| cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            t.rows,
            vec![(4, row(&["", "A-1", "2026", "2025-04-01"])), (7, row(&["", "TRUE", "", ""]))]
        );
    }

    #[test]
    fn rows_checked_beside_the_reading_arrive_whole_and_in_order() {
        let mut csv = String::from("番号,名称,空,備考\r\n");
        for i in 0..1_000 {
            csv.push_str(&format!("{i},機器{i},,{}\r\n", if i % 3 == 0 { "点検" } else { "" }));
        }
        let table = read_table(csv.as_bytes()).unwrap();
        let mut beside = Vec::new();
        for_each_row_beside(csv.as_bytes(), &mut |n, cells| {
            beside.push((n, cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>()));
        })
        .unwrap();
        assert_eq!(beside.len(), 1_001);
        assert_eq!(beside[0], (table.header_row, table.headers));
        assert_eq!(beside[1..], table.rows[..]);
    }

    #[test]
    fn headers_compare_loosely() {
        assert_eq!(header_key("ＩＰ アドレス"), header_key("IPアドレス"));
        assert_eq!(header_key("MAC_Address"), "macaddress");
    }

    #[test]
    fn an_empty_file_is_named() {
        assert_eq!(read_table(b"").unwrap_err().key, "io.error.empty_file");
        assert_eq!(read_table(b",,\r\n,,").unwrap_err().key, "io.error.empty_file");
    }
}
