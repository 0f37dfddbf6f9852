//! A recorded account review as a file to keep or hand on: every finding with the decision on
//! it, as an Excel workbook (the findings, and a second sheet saying which review it is) or as
//! CSV with a BOM. The caller gives the texts in the reader's language.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// The findings sheet: a header row and one row per finding; `about` is the review's facts as
/// label and value, for the second sheet.
pub struct ReviewSheet {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub about: Vec<(String, String)>,
}

/// Workbook with the sheets アカウント点検 (filterable, header frozen) and 点検の概要.
pub fn write_review_xlsx(sheet: &ReviewSheet) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let ws = wb.add_worksheet();
    ws.set_name("アカウント点検")?;
    for (col, h) in (0u16..).zip(&sheet.headers) {
        ws.write_string_with_format(0, col, h, &bold)?;
    }
    for (row, cells) in (1u32..).zip(&sheet.rows) {
        for (col, v) in (0u16..).zip(cells) {
            ws.write_string_with_format(row, col, v, &wrap)?;
        }
    }
    let last_col = u16::try_from(sheet.headers.len().saturating_sub(1)).unwrap_or(0);
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, u32::try_from(sheet.rows.len()).unwrap_or(0), last_col)?;
    for col in 0..=last_col {
        ws.set_column_width(col, 16)?;
    }
    let about = wb.add_worksheet();
    about.set_name("点検の概要")?;
    for (row, (label, value)) in (0u32..).zip(&sheet.about) {
        about.write_string_with_format(row, 0, label, &bold)?;
        about.write_string(row, 1, value)?;
    }
    about.set_column_width(0, 24)?;
    about.set_column_width(1, 60)?;
    wb.save_to_buffer()
}

/// The findings sheet as CSV with a UTF-8 BOM (Excel on Japanese Windows opens it as UTF-8),
/// formula-safe.
pub fn write_review_csv(sheet: &ReviewSheet) -> Vec<u8> {
    crate::csv_out::document(&sheet.headers, &sheet.rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::test_table as read_table;

    fn sheet() -> ReviewSheet {
        ReviewSheet {
            headers: vec!["ログインID".into(), "対応".into(), "理由".into()],
            rows: vec![
                vec!["yamada".into(), "無効化".into(), String::new()],
                vec!["=cmd".into(), "維持".into(), "保守用, 作業時のみ".into()],
            ],
            about: vec![("点検日".into(), "2026-03-31".into())],
        }
    }

    #[test]
    fn both_files_read_back_with_their_decisions() {
        let csv = write_review_csv(&sheet());
        assert!(csv.starts_with(b"\xef\xbb\xbf"));
        let back = read_table(&csv).unwrap();
        assert_eq!(back.headers, vec!["ログインID", "対応", "理由"]);
        assert_eq!(back.rows[1].1, vec!["'=cmd", "維持", "保守用, 作業時のみ"], "formula-safe, quoted");
        let xlsx = write_review_xlsx(&sheet()).unwrap();
        let back = read_table(&xlsx).unwrap();
        assert_eq!(back.rows[0].1, vec!["yamada", "無効化", ""]);
    }
}
