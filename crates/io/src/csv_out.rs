//! The one CSV writer of every export: a UTF-8 BOM first (Excel on Japanese Windows then opens
//! the file as UTF-8), CRLF line ends, quotes where a cell needs them, and no cell that Excel
//! would run as a formula.

/// The byte order mark every exported CSV starts with.
pub const BOM: &str = "\u{feff}";

/// One CSV cell: quoted when it must be, and never able to run as a formula in Excel.
pub fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_owned() };
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s }
}

/// One line of cells, CRLF-terminated.
pub fn line<S: AsRef<str>>(cells: impl IntoIterator<Item = S>) -> String {
    let mut out = cells.into_iter().map(|c| cell(c.as_ref())).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

/// The BOM and the header line, for a file written a row at a time.
pub fn head<S: AsRef<str>>(headers: impl IntoIterator<Item = S>) -> String {
    let mut out = String::from(BOM);
    out.push_str(&line(headers));
    out
}

/// A whole file: the BOM, the header line, then one line a row.
pub fn document<S, R>(headers: impl IntoIterator<Item = S>, rows: impl IntoIterator<Item = R>) -> Vec<u8>
where
    S: AsRef<str>,
    R: IntoIterator,
    R::Item: AsRef<str>,
{
    let mut out = head(headers);
    for row in rows {
        out.push_str(&line(row));
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_has_the_bom_crlf_and_quoted_cells() {
        let rows = vec![vec!["A-001", "改行\nあり"], vec!["=1+1", "引用\"符"]];
        let text = String::from_utf8(document(["番号", "備考"], rows)).unwrap();
        assert_eq!(text, "\u{feff}番号,備考\r\nA-001,\"改行\nあり\"\r\n'=1+1,\"引用\"\"符\"\r\n");
    }

    #[test]
    fn cells_never_become_formulas() {
        for risky in ["=SUM(A1)", "+1", "-1", "@x", "\tx"] {
            assert!(cell(risky).trim_start_matches('"').starts_with('\''), "{risky}");
        }
        assert_eq!(cell("普通"), "普通");
    }
}
