//! Reading cells as people fill them in Excel.

use calamine::{Data, Range};
use iryosec_core::Message;

/// A problem at a place in a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub sheet: String,
    /// 1-based, as Excel shows it; 0 when the problem is the sheet itself.
    pub row: u32,
    /// Column letter as Excel shows it; empty when the problem is a whole row or sheet.
    pub column: String,
    pub message: Message,
}

impl CellError {
    pub fn new(sheet: &str, row: u32, column: &str, message: Message) -> CellError {
        CellError { sheet: sheet.to_owned(), row, column: column.to_owned(), message }
    }

    /// "項目!D12" or "項目" (for the whole sheet).
    pub fn place(&self) -> String {
        match (self.row, self.column.is_empty()) {
            (0, _) => self.sheet.clone(),
            (r, true) => format!("{}!{r}", self.sheet),
            (r, false) => format!("{}!{}{r}", self.sheet, self.column),
        }
    }
}

/// "A", "B", … "Z", "AA" for a 0-based column index.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    out.iter().rev().collect()
}

/// A cell's text, trimmed; numbers as written (2026, not 2026.0).
pub fn text(cell: Option<&Data>) -> String {
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.trim().to_owned(),
        Some(Data::Float(f)) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{f:.0}"),
        Some(Data::Float(f)) => f.to_string(),
        Some(Data::Int(i)) => i.to_string(),
        Some(Data::Bool(b)) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Some(other) => other.to_string().trim().to_owned(),
    }
}

/// The header row (row 1) of a sheet: column index by header text.
pub fn headers(range: &Range<Data>) -> Vec<(usize, String)> {
    let Some(first) = range.rows().next() else { return Vec::new() };
    first.iter().enumerate().map(|(i, c)| (i, text(Some(c)))).filter(|(_, h)| !h.is_empty()).collect()
}

/// The columns of a sheet by their header (row 1): unknown headers and missing required ones are
/// added to `errors`, naming the sheet, row and column.
pub fn header_columns(
    sheet: &str,
    range: &Range<Data>,
    known: &[&'static str],
    required: &[&str],
    errors: &mut Vec<CellError>,
) -> std::collections::BTreeMap<&'static str, usize> {
    let offset = range.start().map_or(0, |(_, c)| c as usize);
    let header_row = range.start().map_or(1, |(r, _)| r + 1);
    let mut found = std::collections::BTreeMap::new();
    for (i, name) in headers(range) {
        match known.iter().find(|k| **k == name) {
            Some(k) => {
                found.insert(*k, i);
            }
            None => errors.push(CellError::new(
                sheet,
                header_row,
                &column_letter(offset + i),
                Message::new("io.error.unknown_column").arg("column", &name),
            )),
        }
    }
    for column in required.iter().filter(|r| !found.contains_key(**r)) {
        errors.push(CellError::new(
            sheet,
            header_row,
            "",
            Message::new("io.error.missing_column").arg("column", *column),
        ));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn cell_text_reads_numbers_as_written() {
        assert_eq!(text(Some(&Data::Float(2026.0))), "2026");
        assert_eq!(text(Some(&Data::String("  はい ".into()))), "はい");
        assert_eq!(text(Some(&Data::Bool(true))), "TRUE");
        assert_eq!(text(None), "");
    }
}
