//! The asset ledger in and out of spreadsheets. Import maps columns by header synonyms (the
//! person may correct the mapping), reads every row, and reports every problem by row and
//! column; export writes every field under its Japanese header, which import reads back.

use crate::cells::column_letter;
use crate::table::{Source, Synonyms, for_each_row_beside, on_sheet};
use crate::xlsx_date::{DATE_WIDTH, date_format, write_day};
use iryosec_core::Message;
use iryosec_core::date::DateStyle;
use iryosec_core::ledger::{Asset, Field, parse_asset};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Which field each column holds (`None`: ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Mapping(pub Vec<Option<Field>>);

/// Guesses the field of each column from its header; a field is taken by its first column only.
/// Each header is looked up once among every field's spellings, so a wide file costs its width.
pub fn guess_mapping(headers: &[String]) -> Mapping {
    let spellings = Synonyms::new(Field::ALL.iter().map(|f| (*f, f.names())));
    let mut taken = HashSet::new();
    Mapping(
        headers
            .iter()
            .map(|h| {
                let found = spellings.fields_of(h).find(|f| !taken.contains(f));
                if let Some(f) = found {
                    taken.insert(f);
                }
                found
            })
            .collect(),
    )
}

/// A problem at a row and column of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: u32,
    /// Excel column letter, or empty for the file as a whole.
    pub column: String,
    pub header: String,
    #[serde(skip)]
    pub message: Message,
}

/// What reading a ledger file found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerRead {
    pub headers: Vec<String>,
    pub mapping: Mapping,
    /// Data rows (the non-blank rows after the header).
    pub rows: usize,
    pub errors: Vec<RowError>,
    /// The first rows as read, for the preview.
    pub sample: Vec<(u32, Vec<String>)>,
}

const SAMPLE_ROWS: usize = 5;

/// Reads a ledger file with `mapping`, or with the mapping guessed from its headers when that
/// is `None` or does not fit them, and checks every row.
///
/// While every row so far is fine, the assets are handed to `accept` in file order, `batch` at a
/// time, so that they can be written while the rest of the file is still being read. Once a
/// problem is found nothing more is handed on (the rows are still checked, to report every
/// problem), and what was handed on must be discarded unless `errors` ends up empty.
pub fn read_ledger(
    source: Source<'_>,
    mapping: Option<Mapping>,
    batch: usize,
    accept: &mut (dyn FnMut(Vec<Asset>) + Send),
) -> Result<LedgerRead, Message> {
    let mut mapping = mapping;
    let mut reader: Option<RowReader> = None;
    let (mut rows, mut sample, mut pending) = (0, Vec::new(), Vec::new());
    let sheet = for_each_row_beside(source, &mut |n, cells| {
        let Some(r) = reader.as_mut() else {
            reader = Some(RowReader::new(n, cells, mapping.take()));
            return;
        };
        rows += 1;
        if sample.len() < SAMPLE_ROWS {
            sample.push((n, cells.iter().map(|c| (*c).to_owned()).collect()));
        }
        if let Some(asset) = r.read(n, cells)
            && r.errors.is_empty()
        {
            pending.push(asset);
            if pending.len() >= batch {
                accept(std::mem::replace(&mut pending, Vec::with_capacity(batch)));
            }
        }
    })?;
    let mut r = reader.ok_or_else(|| Message::new("io.error.empty_file"))?;
    if r.errors.is_empty() && !pending.is_empty() {
        accept(pending);
    }
    for e in r.errors.iter_mut().filter(|e| e.row == r.header_row) {
        e.message = on_sheet(e.message.clone(), sheet.as_deref());
    }
    Ok(LedgerRead { headers: r.headers, mapping: r.mapping, rows, errors: r.errors, sample })
}

/// Reads the rows under one header row, remembering every problem.
struct RowReader {
    header_row: u32,
    headers: Vec<String>,
    mapping: Mapping,
    /// The column of each field, indexed by `Field as usize`.
    column_of: [Option<usize>; Field::ALL.len()],
    /// False when a required column is missing: then no row is read at all.
    usable: bool,
    /// 管理番号 → the row it was first read in.
    seen: HashMap<String, u32>,
    errors: Vec<RowError>,
}

impl RowReader {
    fn new(header_row: u32, cells: &[&str], mapping: Option<Mapping>) -> RowReader {
        let headers: Vec<String> = cells.iter().map(|c| (*c).to_owned()).collect();
        let mapping = match mapping {
            Some(m) if m.0.len() == headers.len() => m,
            _ => guess_mapping(&headers),
        };
        let mut column_of = [None; Field::ALL.len()];
        // A field mapped to two columns is read from the last of them.
        for (i, f) in mapping.0.iter().enumerate() {
            if let Some(f) = f {
                column_of[*f as usize] = Some(i);
            }
        }
        let errors: Vec<RowError> = [Field::AssetNo, Field::Name, Field::Kind]
            .into_iter()
            .filter(|f| column_of[*f as usize].is_none())
            .map(|f| RowError {
                row: header_row,
                column: String::new(),
                header: f.label_ja().to_owned(),
                message: Message::new("ledger.error.missing_column").arg("column", f.label_ja()),
            })
            .collect();
        RowReader {
            header_row,
            headers,
            mapping,
            column_of,
            usable: errors.is_empty(),
            seen: HashMap::new(),
            errors,
        }
    }

    /// The row's asset, or `None` with its problems added to `errors`.
    fn read(&mut self, row: u32, cells: &[&str]) -> Option<Asset> {
        if !self.usable {
            return None;
        }
        let column_of = &self.column_of;
        let parsed =
            parse_asset(&|f| column_of[f as usize].and_then(|i| cells.get(i)).copied().unwrap_or(""));
        match parsed {
            Ok(asset) => match self.seen.get(&asset.asset_no) {
                Some(first) => {
                    let message = Message::new("ledger.error.duplicate").arg("row", first);
                    self.fail(row, Field::AssetNo, message);
                    None
                }
                None => {
                    self.seen.insert(asset.asset_no.clone(), row);
                    Some(asset)
                }
            },
            Err(problems) => {
                for p in problems {
                    self.fail(row, p.field, p.message);
                }
                None
            }
        }
    }

    /// A problem in the field's column, or in the row when the field has no column.
    fn fail(&mut self, row: u32, field: Field, message: Message) {
        self.errors.push(match self.column_of[field as usize] {
            Some(c) => RowError {
                row,
                column: column_letter(c),
                header: self.headers.get(c).cloned().unwrap_or_default(),
                message,
            },
            None => RowError { row, column: String::new(), header: field.label_ja().to_owned(), message },
        });
    }
}

/// Every field under its Japanese header, one asset a row, dates in the person's `style`.
pub fn write_xlsx(assets: &[Asset], style: DateStyle) -> Result<Vec<u8>, XlsxError> {
    let mut book = LedgerWorkbook::new(style)?;
    for a in assets {
        book.push(a)?;
    }
    book.finish()
}

/// The ledger workbook, written an asset at a time as the ledger is read from the database.
///
/// Each row goes to a temporary file as soon as it is complete, with its text in the cell
/// (no shared-string table to build), and the file is packed at Excel's own compression level:
/// a 100,000-asset ledger is written in well under a second, in little memory.
pub struct LedgerWorkbook {
    workbook: Workbook,
    rows: u32,
    day: Format,
}

/// The ledger's dates, written as Excel dates.
fn is_date(f: Field) -> bool {
    matches!(
        f,
        Field::IntroducedOn
            | Field::SupportEndsOn
            | Field::LastPatchedOn
            | Field::ConfirmedOn
            | Field::RetiredOn
    )
}

/// Column width in characters: dates, short codes, and names or notes.
fn width(f: Field) -> f64 {
    match f {
        _ if is_date(f) => DATE_WIDTH,
        Field::Name | Field::Location | Field::Software | Field::CompensatingControl | Field::Notes => 24.0,
        _ => 14.0,
    }
}

/// Excel's own setting; the default (6) takes twice as long for a file a fifth smaller.
const COMPRESSION_LEVEL: u8 = 3;

impl LedgerWorkbook {
    /// A workbook whose dates show in `style` (和暦 or Western), as the person reading it chose.
    pub fn new(style: DateStyle) -> Result<LedgerWorkbook, XlsxError> {
        let mut workbook = Workbook::new();
        workbook.set_zip_compression_level(COMPRESSION_LEVEL);
        let ws = workbook.add_worksheet_with_constant_memory()?;
        ws.set_name("情報機器台帳")?;
        ws.set_freeze_panes(1, 2)?;
        let bold = Format::new().set_bold();
        for (col, f) in (0u16..).zip(Field::ALL) {
            ws.set_column_width(col, width(f))?;
            ws.write_string_with_format(0, col, f.label_ja(), &bold)?;
        }
        Ok(LedgerWorkbook { workbook, rows: 0, day: date_format(style) })
    }

    pub fn push(&mut self, a: &Asset) -> Result<(), XlsxError> {
        self.rows += 1;
        let ws = self.workbook.worksheet_from_index(0)?;
        for (col, f) in (0u16..).zip(Field::ALL) {
            let v = a.text(f);
            if is_date(f) {
                write_day(ws, self.rows, col, &v, &self.day)?;
            } else if !v.is_empty() {
                ws.write_string(self.rows, col, v)?;
            }
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        let last_column = u16::try_from(Field::ALL.len() - 1).unwrap_or(0);
        self.workbook.worksheet_from_index(0)?.autofilter(0, 0, self.rows, last_column)?;
        self.workbook.save_to_buffer()
    }
}

/// CSV with a UTF-8 BOM, formula-safe.
pub fn write_csv(assets: &[Asset]) -> Vec<u8> {
    let mut out = csv_head();
    for a in assets {
        out.push_str(&csv_line(a));
    }
    out.into_bytes()
}

/// The CSV's BOM and header line, for a ledger written a row at a time.
pub fn csv_head() -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&csv_cells(Field::ALL.iter().map(|f| f.label_ja().to_owned())));
    out
}

/// One asset as a CSV line.
pub fn csv_line(a: &Asset) -> String {
    csv_cells(Field::ALL.iter().map(|f| a.text(*f)))
}

fn csv_cells(cells: impl Iterator<Item = String>) -> String {
    let mut line = cells.map(|c| crate::assessment_sheet::csv_cell(&c)).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::test_table as read_table;
    use iryosec_core::CancelToken;

    #[test]
    fn real_world_headers_are_recognised() {
        let headers: Vec<String> = ["No.", "機器名", "種類", "ＩＰアドレス", "設置 場所", "メモ", "謎の列"]
            .map(String::from)
            .to_vec();
        let m = guess_mapping(&headers);
        assert_eq!(
            m.0,
            vec![
                Some(Field::AssetNo),
                Some(Field::Name),
                Some(Field::Kind),
                Some(Field::Ip),
                Some(Field::Location),
                Some(Field::Notes),
                None
            ]
        );
    }

    /// Reads a file, collecting what is handed on batch by batch.
    fn read_all(bytes: &[u8], batch: usize) -> (Vec<Vec<Asset>>, LedgerRead) {
        let mut batches = Vec::new();
        let read = read_ledger(Source::new("t.csv", bytes, &CancelToken::never()), None, batch, &mut |b| {
            batches.push(b)
        })
        .unwrap();
        (batches, read)
    }

    #[test]
    fn every_problem_is_named_by_row_and_column() {
        let csv = "管理番号,名称,種別,導入日,IPアドレス\r\nA-1,サーバ,サーバ,R3.4.1,10.0.0.1\r\nA-2,受付PC,宇宙船,2021/4/1,\r\nA-1,重複,端末,,999.1.1.1\r\n";
        let (batches, read) = read_all(csv.as_bytes(), 100);
        assert!(batches.is_empty(), "nothing is handed on from a file with problems");
        assert_eq!(read.rows, 3);
        let places: Vec<_> = read.errors.iter().map(|e| (e.row, e.column.as_str(), e.message.key)).collect();
        assert_eq!(
            places,
            vec![(3, "C", "ledger.error.choice"), (4, "E", "ledger.error.ip")],
            "the duplicate is reported once its row parses"
        );
        let fixed = csv.replace("999.1.1.1", "10.0.0.9");
        let (_, read) = read_all(fixed.as_bytes(), 100);
        assert!(
            read.errors
                .iter()
                .any(|e| e.row == 4 && e.column == "A" && e.message.key == "ledger.error.duplicate")
        );
    }

    fn terminals(n: usize, bad: Option<usize>) -> String {
        let mut csv = String::from("管理番号,名称,種別\r\n");
        for i in 0..n {
            let kind = if Some(i) == bad { "宇宙船" } else { "端末" };
            csv.push_str(&format!("PC-{i},端末{i},{kind}\r\n"));
        }
        csv
    }

    #[test]
    fn a_large_file_is_handed_on_in_batches_until_its_first_problem() {
        let (batches, read) = read_all(terminals(9_001, None).as_bytes(), 1_000);
        assert!(read.errors.is_empty());
        assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [vec![1_000; 9], vec![1]].concat());
        let all: Vec<Asset> = batches.into_iter().flatten().collect();
        assert!(all.iter().enumerate().all(|(i, a)| a.asset_no == format!("PC-{i}")), "in file order");

        let mut csv = terminals(9_000, Some(7_000));
        csv.push_str("PC-5,重複,端末\r\n");
        let (batches, read) = read_all(csv.as_bytes(), 1_000);
        assert_eq!(batches.len(), 7, "the rows before the first problem");
        assert_eq!(read.rows, 9_001, "every row is still read");
        let places: Vec<_> = read.errors.iter().map(|e| (e.row, e.column.as_str(), e.message.key)).collect();
        assert_eq!(places, vec![(7_002, "C", "ledger.error.choice"), (9_002, "A", "ledger.error.duplicate")]);
        assert_eq!(read.sample.len(), 5);
        assert_eq!(read.sample[0], (2, vec!["PC-0".to_owned(), "端末0".to_owned(), "端末".to_owned()]));
    }

    #[test]
    fn a_workbook_keeps_excel_row_numbers() {
        let (batches, _) = read_all(terminals(9_000, None).as_bytes(), 10_000);
        let assets = batches.concat();
        let xlsx = write_xlsx(&assets, DateStyle::Wareki).unwrap();
        let back = read_table(&xlsx).unwrap();
        assert_eq!(back.rows.len(), 9_000);
        assert_eq!(back.rows[8_999].0, 9_001);
        assert_eq!(back.rows[8_999].1[0], "PC-8999");
        let (again, read) = read_all(&xlsx, 10_000);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        assert_eq!(again.concat(), assets);
    }

    #[test]
    fn a_file_without_the_key_columns_is_refused_whole() {
        let (batches, read) = read_all("名称,備考\r\nx,y\r\n".as_bytes(), 100);
        assert!(batches.is_empty());
        assert_eq!(read.rows, 1);
        assert_eq!(
            read.errors.iter().map(|e| e.header.as_str()).collect::<Vec<_>>(),
            vec!["管理番号", "種別"]
        );
    }

    #[test]
    fn a_mapping_that_fits_the_headers_is_used() {
        let csv = "番号,機器,分類\r\nA-1,受付PC,端末\r\n";
        let given = Mapping(vec![Some(Field::AssetNo), Some(Field::Name), Some(Field::Kind)]);
        let mut got = Vec::new();
        let read = read_ledger(
            Source::new("t.csv", csv.as_bytes(), &CancelToken::never()),
            Some(given.clone()),
            10,
            &mut |b| got.extend(b),
        )
        .unwrap();
        assert_eq!((read.mapping, read.errors.len(), got.len()), (given, 0, 1));
        let wrong = Mapping(vec![Some(Field::AssetNo)]);
        let read = read_ledger(
            Source::new("t.csv", csv.as_bytes(), &CancelToken::never()),
            Some(wrong),
            10,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(read.mapping, guess_mapping(&read.headers), "a mapping for another file is not used");
    }

    #[test]
    fn export_reads_back_as_the_same_ledger() {
        let csv = "管理番号,名称,種別,ネットワーク区分,リモート保守,サポート終了日,MAC\r\nSV-1,電子カルテ,サーバ,閉域,有,令和10年3月31日,001a2b3c4d5e\r\nPC-1,受付,端末PC,院内,無,,\r\n";
        let (batches, read) = read_all(csv.as_bytes(), 100);
        assert!(read.errors.is_empty(), "{:?}", read.errors);
        let assets = batches.concat();
        assert_eq!(assets.len(), 2);
        let empty = read_table(&write_xlsx(&[], DateStyle::Wareki).unwrap()).unwrap();
        assert_eq!((empty.headers.len(), empty.rows.len()), (Field::ALL.len(), 0));
        let western = write_xlsx(&assets, DateStyle::Western).unwrap();
        let formats = crate::xlsx_date::tests::number_formats(&western);
        assert!(formats.contains("yyyy/mm/dd") && !formats.contains("ggge"), "the chosen style: {formats}");
        for bytes in [write_xlsx(&assets, DateStyle::Wareki).unwrap(), western, write_csv(&assets)] {
            let (again, read) = read_all(&bytes, 100);
            assert!(read.errors.is_empty(), "{:?}", read.errors);
            assert_eq!(again.concat(), assets);
        }
    }
}
