//! The result of an aggregation as files: an Excel workbook with one sheet per table (header
//! frozen, filterable; counts as numbers and ratios as percentages) or one table as CSV with a
//! BOM. The caller builds the tables in the reader's language.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// A cell: text, a count, or a ratio (0–1, shown as a percentage).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Count(u64),
    Ratio(Option<f64>),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// As written into CSV: a ratio with one decimal as a percentage (`37.5%`).
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Count(n) => n.to_string(),
            Cell::Ratio(Some(r)) => format!("{:.1}%", r * 100.0),
            Cell::Ratio(None) => String::new(),
        }
    }
}

/// One table: becomes one sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The sheet's name (at most 31 characters; cut if longer).
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Excel allows 31 characters and none of `[]:*?/\` in a sheet name.
fn sheet_name(name: &str) -> String {
    name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

pub fn write_tables_xlsx(tables: &[Table]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let percent = Format::new().set_num_format("0.0%");
    for table in tables {
        let ws = wb.add_worksheet();
        ws.set_name(sheet_name(&table.name))?;
        for (col, h) in (0u16..).zip(&table.headers) {
            ws.write_string_with_format(0, col, h, &bold)?;
            ws.set_column_width(col, if col == 0 { 14 } else { 12 })?;
        }
        for (row, cells) in (1u32..).zip(&table.rows) {
            for (col, cell) in (0u16..).zip(cells) {
                match cell {
                    Cell::Text(s) => ws.write_string(row, col, s)?,
                    // Counts stay below 2^53: exact as a worksheet number.
                    #[allow(clippy::cast_precision_loss)]
                    Cell::Count(n) => ws.write_number(row, col, *n as f64)?,
                    Cell::Ratio(Some(r)) => ws.write_number_with_format(row, col, *r, &percent)?,
                    Cell::Ratio(None) => ws,
                };
            }
        }
        let last_col = u16::try_from(table.headers.len().saturating_sub(1)).unwrap_or(0);
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, u32::try_from(table.rows.len()).unwrap_or(0), last_col)?;
    }
    wb.save_to_buffer()
}

/// One table as CSV with a UTF-8 BOM (Excel on Japanese Windows opens it as UTF-8),
/// formula-safe.
pub fn write_table_csv(table: &Table) -> Vec<u8> {
    let rows = table.rows.iter().map(|cells| cells.iter().map(Cell::plain).collect::<Vec<_>>());
    crate::csv_out::document(&table.headers, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
    use std::io::Cursor;

    fn tables() -> Vec<Table> {
        vec![
            Table {
                name: "設問別".into(),
                headers: vec!["設問".into(), "件数".into(), "割合".into()],
                rows: vec![
                    vec![Cell::text("Q2 はい"), Cell::Count(3), Cell::Ratio(Some(0.75))],
                    vec![Cell::text("=cmd"), Cell::Count(1), Cell::Ratio(None)],
                ],
            },
            Table {
                name: "読めなかったファイル[1]:長い名前のシートはExcelの上限の三十一文字で切られる".into(),
                headers: vec!["ファイル".into()],
                rows: vec![],
            },
        ]
    }

    #[test]
    fn every_table_is_a_sheet_with_numbers_as_numbers() {
        let bytes = write_tables_xlsx(&tables()).unwrap();
        let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        let names = wb.sheet_names();
        assert_eq!(names.len(), 2);
        assert_eq!(names[0], "設問別");
        assert!(
            names[1].starts_with("読めなかったファイル1") && names[1].chars().count() == 31,
            "{}",
            names[1]
        );
        let range = wb.worksheet_range("設問別").unwrap();
        assert_eq!(range.get_value((1, 0)), Some(&Data::String("Q2 はい".into())));
        assert_eq!(range.get_value((1, 1)), Some(&Data::Float(3.0)));
        assert_eq!(range.get_value((1, 2)), Some(&Data::Float(0.75)));
    }

    #[test]
    fn csv_has_a_bom_percentages_and_is_formula_safe() {
        let text = String::from_utf8(write_table_csv(&tables()[0])).unwrap();
        assert!(text.starts_with("\u{feff}設問,件数,割合\r\n"));
        assert!(text.contains("Q2 はい,3,75.0%\r\n"));
        assert!(text.contains("'=cmd,1,\r\n"));
    }
}
