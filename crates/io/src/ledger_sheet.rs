//! The asset ledger in and out of spreadsheets. Import finds the table ([`crate::finder`]),
//! maps its columns honestly ([`crate::mapping`]; the person may correct the mapping, and the
//! institution's last one is remembered), reads every row as people write it, and reports
//! every problem by sheet, row and column, in one round; export writes every field under its
//! Japanese header, which import reads back.

use crate::finder::skipped_row;
use crate::mapping::{FieldWords, HeaderWords};
use crate::plan::{ImportChoice, Plan, plan};
use crate::sheets::Opened;
use crate::table::{Source, data_rows_beside};
use crate::xlsx_date::{DATE_WIDTH, format_code, serial};
use crate::xlsx_stream::{Cell, SheetLayout, SheetStream};
use iryosec_core::Message;
use iryosec_core::date::{DateStyle, parse_date};
use iryosec_core::ledger::{Asset, Field, read_asset};
use iryosec_core::text::to_half_width;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::LazyLock;
use zip::result::ZipResult;

pub use crate::plan::RowError;

/// Which field each column holds (`None`: not taken), in column order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Mapping(pub Vec<Option<Field>>);

/// What ledger imports are remembered and mapping files made for.
pub const IMPORT: &str = "ledger";

/// The ledger's header vocabulary.
pub fn words() -> &'static HeaderWords<Field> {
    static WORDS: LazyLock<HeaderWords<Field>> = LazyLock::new(|| {
        HeaderWords::new(Field::ALL.iter().map(|f| FieldWords {
            field: *f,
            code: f.code(),
            names: f.names(),
            weak: f.weak_names(),
        }))
    });
    &WORDS
}

/// Columns a ledger cannot do without. (The kind may be proposed from the name.)
pub const REQUIRED: [Field; 2] = [Field::AssetNo, Field::Name];

/// What reading a ledger file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerRead {
    pub plan: Plan<Field>,
    /// Data rows (the non-blank rows under the header, totals and remarks not counted).
    pub rows: usize,
    pub errors: Vec<RowError>,
    /// How values and rows were read where the person should know (the first [`MAX_NOTES`]).
    pub notes: Vec<RowError>,
    pub more_notes: usize,
    /// The first rows as read, for the preview.
    pub sample: Vec<(u32, Vec<String>)>,
}

impl LedgerRead {
    pub fn headers(&self) -> &[String] {
        &self.plan.found.headers
    }

    pub fn mapping(&self) -> Mapping {
        Mapping(self.plan.mapping.fields.clone())
    }
}

const SAMPLE_ROWS: usize = 5;
/// Notes kept; the rest are counted.
pub const MAX_NOTES: usize = 1_000;

/// Reads a ledger file as `choice` says, and checks every row.
///
/// While every row so far is fine, the assets are handed to `accept` in file order, `batch` at a
/// time, so that they can be written while the rest of the file is still being read. Once a
/// problem is found nothing more is handed on (the rows are still checked, to report every
/// problem), and what was handed on must be discarded unless `errors` ends up empty.
pub fn read_ledger(
    source: Source<'_>,
    choice: &ImportChoice<Field>,
    batch: usize,
    accept: &mut (dyn FnMut(Vec<Asset>) + Send),
) -> Result<LedgerRead, Message> {
    let mut opened = Opened::open(source)?;
    let plan = plan(&mut opened, words(), choice, &REQUIRED, true, source.cancel)?;
    let mut reader = RowReader::new(&plan);
    let mut pending = Vec::new();
    data_rows_beside(&mut opened, &plan.found, source.cancel, &mut |sheet, n, cells| {
        if let Some(asset) = reader.read(sheet, n, cells)
            && reader.errors.is_empty()
        {
            pending.push(asset);
            if pending.len() >= batch {
                accept(std::mem::replace(&mut pending, Vec::with_capacity(batch)));
            }
        }
    })?;
    reader.finish();
    if reader.errors.is_empty() && !pending.is_empty() {
        accept(pending);
    }
    let RowReader { rows, errors, notes, more_notes, sample, .. } = reader;
    Ok(LedgerRead { plan, rows, errors, notes, more_notes, sample })
}

/// Reads the rows under the header, remembering every problem and note.
struct RowReader {
    headers: Vec<String>,
    /// The column of each field, indexed by `Field as usize`.
    column_of: [Option<usize>; Field::ALL.len()],
    /// Required fields without a column: reported once for the header, not on every row.
    missing: Vec<Field>,
    /// Each sheet read (empty for CSV), named in every problem and note.
    sheets: Vec<String>,
    /// Whether several sheets are read (per-department sheets): then a row's 部署 defaults to
    /// its sheet's name.
    several: bool,
    /// The last row seen of each sheet (at first, the header's last), to note blank rows.
    last_row: Vec<u32>,
    /// How many rows of each sheet took the sheet's name as their 部署.
    department_from_sheet: Vec<usize>,
    /// 管理番号 → where it was first read.
    seen: HashMap<String, (usize, u32)>,
    rows: usize,
    errors: Vec<RowError>,
    notes: Vec<RowError>,
    more_notes: usize,
    sample: Vec<(u32, Vec<String>)>,
}

impl RowReader {
    #[allow(
        clippy::indexing_slicing,
        reason = "`column_of` is sized by `Field::ALL` and indexed by a field; `sheet` indexes the sheets read"
    )]
    fn new(plan: &Plan<Field>) -> RowReader {
        let mut column_of = [None; Field::ALL.len()];
        for (i, f) in plan.mapping.fields.iter().enumerate() {
            if let Some(f) = f {
                column_of[*f as usize] = Some(i);
            }
        }
        let parts = plan.found.parts();
        let several = parts.len() > 1;
        RowReader {
            headers: plan.found.headers.clone(),
            missing: REQUIRED.into_iter().filter(|f| column_of[*f as usize].is_none()).collect(),
            column_of,
            sheets: parts.iter().map(|(s, _)| s.clone().unwrap_or_default()).collect(),
            several,
            last_row: parts.iter().map(|(_, last)| *last).collect(),
            department_from_sheet: vec![0; parts.len()],
            seen: HashMap::new(),
            rows: 0,
            errors: plan.problems.clone(),
            notes: Vec::new(),
            more_notes: 0,
            sample: Vec::new(),
        }
    }

    /// The row's asset, or `None` with its problems added to `errors` (or, for a row that is
    /// no record, a note).
    #[allow(
        clippy::indexing_slicing,
        reason = "`column_of` is sized by `Field::ALL` and indexed by a field; `sheet` indexes the sheets read"
    )]
    fn read(&mut self, sheet: usize, row: u32, cells: &[&str]) -> Option<Asset> {
        if let Some(note) = skipped_row(cells) {
            self.note(sheet, row, None, note);
            return None;
        }
        let last = std::mem::replace(&mut self.last_row[sheet], row);
        if row > last + 1 {
            let blank = Message::new("io.note.blank_rows").arg("from", last + 1).arg("to", row - 1);
            self.note(sheet, last + 1, None, blank);
        }
        self.rows += 1;
        if self.sample.len() < SAMPLE_ROWS {
            self.sample.push((row, cells.iter().map(|c| (*c).to_owned()).collect()));
        }
        let column_of = self.column_of;
        let cell = |f: Field| column_of[f as usize].and_then(|i| cells.get(i)).copied().unwrap_or("");
        // Only when several sheets are read: then each is a department's.
        let from_sheet =
            (self.several && cell(Field::Department).is_empty() && !self.sheets[sheet].is_empty())
                .then(|| self.sheets[sheet].clone());
        if from_sheet.is_some() {
            self.department_from_sheet[sheet] += 1;
        }
        let duplicate = self.duplicate(sheet, row, cell(Field::AssetNo));
        let read = read_asset(&|f| match (f, &from_sheet) {
            (Field::Department, Some(name)) => name.as_str(),
            _ => cell(f),
        });
        match read {
            Ok(r) => {
                for n in r.notes {
                    let column = self.column_of[n.field as usize];
                    self.note(sheet, row, column, n.message);
                }
                if let Some(first) = duplicate {
                    self.fail(sheet, row, Field::AssetNo, first);
                    return None;
                }
                Some(r.asset)
            }
            Err(problems) => {
                if let Some(first) = duplicate {
                    self.fail(sheet, row, Field::AssetNo, first);
                }
                for p in problems {
                    if !(self.missing.contains(&p.field) && p.message.key == "error.required") {
                        self.fail(sheet, row, p.field, p.message);
                    }
                }
                None
            }
        }
    }

    /// The problem of a 管理番号 already read (even in a row with other problems, so that every
    /// problem comes in one round).
    #[allow(
        clippy::indexing_slicing,
        reason = "`column_of` is sized by `Field::ALL`; sheets are indexed by the position they were read at"
    )]
    fn duplicate(&mut self, sheet: usize, row: u32, asset_no: &str) -> Option<Message> {
        let key = to_half_width(asset_no);
        if key.is_empty() {
            return None;
        }
        match self.seen.get(&key) {
            Some((first_sheet, first_row)) => {
                let message = if self.sheets[*first_sheet].is_empty() || *first_sheet == sheet {
                    Message::new("ledger.error.duplicate").arg("row", first_row)
                } else {
                    Message::new("ledger.error.duplicate_on_sheet")
                        .arg("row", first_row)
                        .arg("sheet", &self.sheets[*first_sheet])
                };
                Some(message)
            }
            None => {
                self.seen.insert(key, (sheet, row));
                None
            }
        }
    }

    /// Notes what rows took their sheet's name as 部署.
    #[allow(
        clippy::indexing_slicing,
        reason = "`column_of` is sized by `Field::ALL`; sheets are indexed by the position they were read at"
    )]
    fn finish(&mut self) {
        let column = self.column_of[Field::Department as usize];
        for sheet in 0..self.sheets.len() {
            let count = self.department_from_sheet[sheet];
            if count > 0 {
                let name = self.sheets[sheet].clone();
                let note =
                    Message::new("ledger.note.department_from_sheet").arg("sheet", &name).arg("count", count);
                self.note(sheet, 0, column, note);
            }
        }
    }

    #[allow(
        clippy::indexing_slicing,
        reason = "`column_of` is sized by `Field::ALL`; sheets are indexed by the position they were read at"
    )]
    fn place(
        &self,
        sheet: usize,
        row: u32,
        column: Option<usize>,
        field: Option<Field>,
        message: Message,
    ) -> RowError {
        let header = match (column, field) {
            (Some(c), _) => self.headers.get(c).cloned().unwrap_or_default(),
            (None, Some(f)) => f.label_ja().to_owned(),
            (None, None) => String::new(),
        };
        let mut e = RowError::new(row, column, &header, message);
        e.sheet = self.sheets[sheet].clone();
        e
    }

    /// A problem in the field's column, or in the row when the field has no column.
    #[allow(
        clippy::indexing_slicing,
        reason = "`column_of` is sized by `Field::ALL` and indexed by a field; `sheet` indexes the sheets read"
    )]
    fn fail(&mut self, sheet: usize, row: u32, field: Field, message: Message) {
        let e = self.place(sheet, row, self.column_of[field as usize], Some(field), message);
        self.errors.push(e);
    }

    fn note(&mut self, sheet: usize, row: u32, column: Option<usize>, message: Message) {
        if self.notes.len() < MAX_NOTES {
            let n = self.place(sheet, row, column, None, message);
            self.notes.push(n);
        } else {
            self.more_notes += 1;
        }
    }
}

/// Every field under its Japanese header, one asset a row, dates in the person's `style`.
pub fn write_xlsx(assets: &[Asset], style: DateStyle) -> ZipResult<Vec<u8>> {
    let mut book = LedgerWorkbook::new(style)?;
    for a in assets {
        book.push(a)?;
    }
    book.finish()
}

/// The ledger workbook, written an asset at a time as the ledger is read from the database,
/// each row packed as soon as it is complete (see [`crate::xlsx_stream`]).
pub struct LedgerWorkbook {
    sheet: SheetStream,
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

impl LedgerWorkbook {
    /// A workbook whose dates show in `style` (和暦 or Western), as the person reading it chose.
    pub fn new(style: DateStyle) -> ZipResult<LedgerWorkbook> {
        let headers = Field::ALL.map(|f| f.label_ja());
        let widths = Field::ALL.map(width);
        let sheet = SheetStream::new(&SheetLayout {
            name: "情報機器台帳",
            headers: &headers,
            widths: &widths,
            // 管理番号 and 名称 stay in view.
            frozen_columns: 2,
            date_format: format_code(style),
        })?;
        Ok(LedgerWorkbook { sheet })
    }

    #[allow(
        clippy::indexing_slicing,
        reason = "`column_of` is sized by `Field::ALL`; sheets are indexed by the position they were read at"
    )]
    pub fn push(&mut self, a: &Asset) -> ZipResult<()> {
        let texts = Field::ALL.map(|f| a.text(f));
        let cells = Field::ALL.map(|f| {
            let text = texts[f as usize].as_str();
            match is_date(f).then(|| parse_date(text).ok()).flatten() {
                Some(day) => Cell::Day(serial(day)),
                None => Cell::Text(text),
            }
        });
        self.sheet.push(&cells)
    }

    pub fn finish(self) -> ZipResult<Vec<u8>> {
        self.sheet.finish()
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
    crate::csv_out::head(Field::ALL.iter().map(|f| f.label_ja()))
}

/// One asset as a CSV line.
pub fn csv_line(a: &Asset) -> String {
    crate::csv_out::line(Field::ALL.iter().map(|f| a.text(*f)))
}

#[cfg(test)]
mod tests;
