//! Cell references calamine cannot read. calamine 0.38 adds up a reference's column letters and
//! row digits in a `u32` without checking, so `<c r="AAAAAAAA1">` or `<row r="99999999999">`
//! overflows: a panic where overflow is checked (tests, fuzzing), a cell at a wrong place where
//! it is not. Excel's last cell is XFD1048576, so a reference of more than [`MAX_LETTERS`]
//! letters or [`MAX_DIGITS`] digits comes from no spreadsheet program: every sheet is scanned for
//! one as it is unpacked, before calamine reads anything.
//!
//! Six letters (ZZZZZZ, column 321,272,406) still fit, so that a far reference that calamine
//! can read keeps its own message, which names the cell ([`crate::limits`]).

use std::io::Read;

const MAX_LETTERS: usize = 6;
const MAX_DIGITS: usize = 9;

/// The first reference in a sheet's XML that calamine would overflow on, if any. The attributes
/// holding references are `r` (cells, rows) and `ref`/`sqref` (dimension, merged cells, shared
/// formulas, selections); a value may hold several references (`A1:B2 C3`).
pub(super) fn overflowing(part: impl Read) -> std::io::Result<Option<String>> {
    let mut scan = Scan::default();
    let mut chunk = vec![0; 64 * 1024];
    let mut part = part;
    loop {
        let read = part.read(&mut chunk)?;
        if read == 0 {
            return Ok(None);
        }
        for &b in chunk.get(..read).unwrap_or_default() {
            if let Some(reference) = scan.byte(b) {
                return Ok(Some(reference));
            }
        }
    }
}

/// Where the scan is: the last bytes before a quote outside a value, or inside a reference value.
#[derive(Default)]
struct Scan {
    /// The last four bytes, the latest lowest.
    recent: u32,
    /// Inside a reference attribute's value: what it holds so far.
    value: Option<Reference>,
}

#[derive(Default)]
struct Reference {
    text: String,
    letters: usize,
    digits: usize,
}

impl Scan {
    fn byte(&mut self, b: u8) -> Option<String> {
        if let Some(value) = &mut self.value {
            match b {
                b'"' => {
                    (self.value, self.recent) = (None, 0);
                    return None;
                }
                b':' | b' ' => (value.letters, value.digits) = (0, 0),
                b'A'..=b'Z' | b'a'..=b'z' => value.letters += 1,
                b'0'..=b'9' => value.digits += 1,
                _ => {}
            }
            if value.text.len() < 32 {
                value.text.push(char::from(b));
            }
            if value.letters > MAX_LETTERS || value.digits > MAX_DIGITS {
                return Some(std::mem::take(&mut value.text));
            }
            return None;
        }
        if b == b'"' && self.names_a_reference() {
            self.value = Some(Reference::default());
        }
        self.recent = (self.recent << 8) | u32::from(b);
        None
    }

    /// Whether the bytes before this quote are ` r=` or `ref=` (which `sqref=` ends in too).
    fn names_a_reference(&self) -> bool {
        let [before, r, equals] = [(self.recent >> 16) as u8, (self.recent >> 8) as u8, self.recent as u8];
        (equals == b'=' && r == b'r' && before.is_ascii_whitespace())
            || self.recent == u32::from_be_bytes(*b"ref=")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(xml: &str) -> Option<String> {
        overflowing(xml.as_bytes()).ok().flatten()
    }

    #[test]
    fn references_excel_and_calamine_can_hold_pass() {
        let xml = r#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1048576" spans="1:2">
            <c r="ZZZZZZ999999999" t="s"><v>123456789012345</v></c></row></sheetData>
            <mergeCells><mergeCell ref="A1:B2"/></mergeCells><selection sqref="A1 $B$2:C3"/></worksheet>"#;
        assert_eq!(first(xml), None);
    }

    #[test]
    fn references_that_would_overflow_are_found_wherever_they_are() {
        assert_eq!(first(r#"<c r="AAAAAAA1">"#).as_deref(), Some("AAAAAAA"));
        assert_eq!(first(r#"<row r="4294967296">"#).as_deref(), Some("4294967296"));
        assert_eq!(first(r#"<dimension ref="A1:A9999999999"/>"#).as_deref(), Some("A1:A9999999999"));
        assert_eq!(first(r#"<selection sqref="A1 ABCDEFGH2"/>"#).as_deref(), Some("A1 ABCDEFG"));
        // Other attributes may hold anything.
        assert_eq!(first(r#"<c r="A1" t="AAAAAAAAAAAA"><v>99999999999</v></c>"#), None);
    }

    #[test]
    fn a_reference_split_across_reads_is_found() {
        let xml = format!("{}<c r=\"AAAAAAAA1\">", " ".repeat(64 * 1024 - 4));
        assert_eq!(first(&xml).as_deref(), Some("AAAAAAA"));
    }
}
