//! A one-sheet workbook written a row at a time straight into its compressed zip entry, for the
//! exports of a whole register at hospital scale.
//!
//! A general workbook writer keeps every cell in its tables (or in a temporary file) and packs
//! the sheet only when the workbook is saved; for a 100,000-asset ledger that bookkeeping took
//! two thirds of the export. Here each row becomes XML as it arrives and is deflated at once, so
//! the file is packed while the database is still being read, and only the compressed file is
//! held. The workbook is what a person expects from an export: the header in bold, the header
//! row and the first columns frozen, an autofilter over every row, column widths, text in the
//! cells (no shared-string table to build) and dates as Excel day numbers under one date format.

use crate::cells::column_letter;
use std::fmt::Write as _;
use std::io::{Cursor, Write};
use zip::ZipWriter;
use zip::result::ZipResult;
use zip::write::SimpleFileOptions;

/// The fast end of deflate: on a 100,000-asset ledger (110 MiB of XML) level 2 took half the
/// time of level 3 for a file 5% larger (11.0 MiB against 10.5), and level 1 a little less
/// again for a file 40% larger.
pub const COMPRESSION_LEVEL: i64 = 2;

/// The sheet's name, headers, widths (in characters), how many columns stay in view when
/// scrolling sideways, and the date format's code.
pub struct SheetLayout<'a> {
    pub name: &'a str,
    pub headers: &'a [&'a str],
    pub widths: &'a [f64],
    pub frozen_columns: u16,
    pub date_format: &'a str,
}

/// One cell of a data row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    Empty,
    Text(&'a str),
    /// An Excel day number, shown under the layout's date format.
    Day(f64),
}

/// The style numbers of `styles.xml`: 0 plain, 1 the bold header, 2 a date.
const BOLD: u8 = 1;
const DATE: u8 = 2;

/// The workbook being written; [`SheetStream::finish`] gives the file.
pub struct SheetStream {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    name: String,
    letters: Vec<String>,
    date_format: String,
    /// Rows written, the header included.
    rows: u32,
    /// One row's XML, reused from row to row.
    line: String,
}

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(COMPRESSION_LEVEL))
}

impl SheetStream {
    /// Starts the sheet with its header row.
    pub fn new(layout: &SheetLayout<'_>) -> ZipResult<SheetStream> {
        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("xl/worksheets/sheet1.xml", options())?;
        zip.write_all(sheet_start(layout).as_bytes())?;
        let mut sheet = SheetStream {
            zip,
            name: layout.name.to_owned(),
            letters: (0..layout.headers.len()).map(column_letter).collect(),
            date_format: layout.date_format.to_owned(),
            rows: 0,
            line: String::new(),
        };
        let header: Vec<Cell<'_>> = layout.headers.iter().map(|h| Cell::Text(h)).collect();
        sheet.write_row(&header, BOLD)?;
        Ok(sheet)
    }

    /// Adds a data row; cells beyond the header's columns are left out.
    pub fn push(&mut self, cells: &[Cell<'_>]) -> ZipResult<()> {
        self.write_row(cells, 0)
    }

    fn write_row(&mut self, cells: &[Cell<'_>], style: u8) -> ZipResult<()> {
        self.rows += 1;
        let (row, line) = (self.rows, &mut self.line);
        line.clear();
        let _ = write!(line, "<row r=\"{row}\">");
        for (letter, cell) in self.letters.iter().zip(cells) {
            match cell {
                Cell::Empty => {}
                Cell::Text("") => {}
                Cell::Text(text) => {
                    let _ = write!(line, "<c r=\"{letter}{row}\"");
                    if style != 0 {
                        let _ = write!(line, " s=\"{style}\"");
                    }
                    line.push_str(" t=\"inlineStr\"><is><t");
                    if text.starts_with([' ', '\t', '\n']) || text.ends_with([' ', '\t', '\n']) {
                        line.push_str(" xml:space=\"preserve\"");
                    }
                    line.push('>');
                    push_escaped(line, text);
                    line.push_str("</t></is></c>");
                }
                Cell::Day(day) => {
                    let _ = write!(line, "<c r=\"{letter}{row}\" s=\"{DATE}\"><v>{day}</v></c>");
                }
            }
        }
        line.push_str("</row>");
        self.zip.write_all(line.as_bytes())?;
        Ok(())
    }

    /// Closes the sheet (its autofilter over every row) and adds the workbook's other parts.
    pub fn finish(mut self) -> ZipResult<Vec<u8>> {
        let last = self.letters.last().cloned().unwrap_or_else(|| "A".to_owned());
        let range = format!("A1:{last}{}", self.rows);
        self.zip.write_all(
            format!("</sheetData><autoFilter ref=\"{range}\"/>{MARGINS}</worksheet>").as_bytes(),
        )?;
        let filter = format!("'{}'!$A$1:${last}${}", self.name.replace('\'', "''"), self.rows);
        let parts = [
            ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
            ("_rels/.rels", ROOT_RELS.to_owned()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_owned()),
            ("xl/workbook.xml", workbook(&self.name, &filter)),
            ("xl/styles.xml", styles(&self.date_format)),
        ];
        for (name, text) in parts {
            self.zip.start_file(name, options())?;
            self.zip.write_all(text.as_bytes())?;
        }
        Ok(self.zip.finish()?.into_inner())
    }
}

/// Text as XML character data; control characters as Excel writes them (`_x0001_`).
fn push_escaped(out: &mut String, text: &str) {
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' => out.push(ch),
            '\0'..='\x1f' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "_x{:04X}_", u32::from(ch));
            }
            _ => out.push(ch),
        }
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text);
    out.replace('"', "&quot;")
}

/// Everything of the sheet before its rows: the frozen panes, the widths, the start of the data.
fn sheet_start(layout: &SheetLayout<'_>) -> String {
    let mut out = String::from(XML_HEAD);
    out.push_str(
        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">",
    );
    out.push_str(&panes(layout.frozen_columns));
    out.push_str("<sheetFormatPr defaultRowHeight=\"15\"/><cols>");
    for (i, width) in (1..).zip(layout.widths) {
        // Excel stores a width with the padding of its default font added.
        let _ =
            write!(out, "<col min=\"{i}\" max=\"{i}\" width=\"{}\" customWidth=\"1\"/>", width + 0.7109375);
    }
    out.push_str("</cols><sheetData>");
    out
}

/// The header row frozen, and the first `columns` columns with it.
fn panes(columns: u16) -> String {
    if columns == 0 {
        return "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"><pane ySplit=\"1\" \
                topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\"/>\
                </sheetView></sheetViews>"
            .to_owned();
    }
    let first = column_letter(usize::from(columns));
    format!(
        "<sheetViews><sheetView tabSelected=\"1\" workbookViewId=\"0\"><pane xSplit=\"{columns}\" ySplit=\"1\" \
         topLeftCell=\"{first}2\" activePane=\"bottomRight\" state=\"frozen\"/><selection pane=\"topRight\" \
         activeCell=\"{first}1\" sqref=\"{first}1\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>\
         <selection pane=\"bottomRight\"/></sheetView></sheetViews>"
    )
}

fn workbook(sheet: &str, filter: &str) -> String {
    format!(
        "{XML_HEAD}<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><bookViews>\
         <workbookView xWindow=\"240\" yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews>\
         <sheets><sheet name=\"{}\" sheetId=\"1\" r:id=\"rId1\"/></sheets><definedNames><definedName \
         name=\"_xlnm._FilterDatabase\" localSheetId=\"0\" hidden=\"1\">{}</definedName></definedNames>\
         <calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>",
        escape(sheet),
        escape(filter)
    )
}

fn styles(date_format: &str) -> String {
    const FONT: &str = "<sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/>";
    format!(
        "{XML_HEAD}<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">\
         <numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"{}\"/></numFmts><fonts count=\"2\">\
         <font>{FONT}</font><font><b/>{FONT}</font></fonts><fills count=\"2\"><fill><patternFill \
         patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>\
         <borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
         <cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>\
         <cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>\
         <xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>\
         <xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>\
         </cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>\
         <dxfs count=\"0\"/><tableStyles count=\"0\"/></styleSheet>",
        escape(date_format)
    )
}

const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

const MARGINS: &str =
    "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" \
ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" \
ContentType=\"application/xml\"/><Override PartName=\"/xl/styles.xml\" \
ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/><Override \
PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\
<Override PartName=\"/xl/worksheets/sheet1.xml\" \
ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" \
Target=\"xl/workbook.xml\"/></Relationships>";

const WORKBOOK_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" \
Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" \
Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
</Relationships>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_as_excel_writes_it() {
        let mut out = String::new();
        push_escaped(&mut out, "A&B <C> \u{1}\t改行\n");
        assert_eq!(out, "A&amp;B &lt;C&gt; _x0001_\t改行\n");
    }
}
