//! A spreadsheet as people make them: the first sheet of an XLSX, or a CSV in UTF-8, UTF-8
//! with BOM, or Shift_JIS (what Excel on Japanese Windows writes). Read into plain text cells
//! with the row numbers a person sees in Excel.

use crate::parallel::parallel_map;
use calamine::{Reader, Xlsx, open_workbook_from_rs};
use iryosec_core::Message;
use std::io::Cursor;

/// The header row and the data rows of a file; rows are numbered as in Excel (1-based).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub header_row: u32,
    pub rows: Vec<(u32, Vec<String>)>,
}

/// Reads a table; XLSX is recognised by content, everything else is read as CSV.
pub fn read_table(bytes: &[u8]) -> Result<Table, Message> {
    if bytes.starts_with(b"PK\x03\x04") { read_xlsx(bytes) } else { read_csv(&decode(bytes)) }
}

/// UTF-8 (with or without BOM) when it is valid UTF-8, otherwise Shift_JIS.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::SHIFT_JIS.decode(bytes).0.into_owned(),
    }
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, Message> {
    let mut wb: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| Message::new("io.error.not_xlsx"))?;
    let name = wb.sheet_names().first().cloned().ok_or_else(|| Message::new("io.error.empty_file"))?;
    let range = wb.worksheet_range(&name).map_err(|_| Message::new("io.error.not_xlsx"))?;
    let first = range.start().map_or(0, |(r, _)| r);
    let offset = range.start().map_or(0, |(_, c)| c as usize);
    let raw: Vec<&[calamine::Data]> = range.rows().collect();
    let texts = parallel_map(&raw, |r| {
        let mut cells: Vec<String> = vec![String::new(); offset];
        cells.extend(r.iter().map(crate::assessment_sheet::cell_text));
        cells
    });
    let mut rows = (first + 1..).zip(texts);
    into_table(&mut rows)
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

fn read_csv(text: &str) -> Result<Table, Message> {
    let mut rows =
        parse_csv(text).into_iter().enumerate().map(|(i, r)| (u32::try_from(i).unwrap_or(0) + 1, r));
    into_table(&mut rows)
}

/// The first non-empty row is the header; empty rows after it are skipped.
fn into_table(rows: &mut impl Iterator<Item = (u32, Vec<String>)>) -> Result<Table, Message> {
    let blank = |r: &[String]| r.iter().all(|c| c.trim().is_empty());
    let (header_row, headers) =
        rows.find(|(_, r)| !blank(r)).ok_or_else(|| Message::new("io.error.empty_file"))?;
    let headers = headers.into_iter().map(|h| h.trim().to_owned()).collect();
    let rows =
        rows.filter(|(_, r)| !blank(r)).map(|(n, r)| (n, r.into_iter().map(trimmed).collect())).collect();
    Ok(Table { headers, header_row, rows })
}

/// The cell without surrounding spaces; most cells have none and are kept as they are.
fn trimmed(cell: String) -> String {
    if cell.trim().len() == cell.len() { cell } else { cell.trim().to_owned() }
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
