//! How a file will be read before its rows are: where the table is ([`crate::finder`]), which
//! field each column holds ([`crate::mapping`]), with what the person chose, what the
//! institution's last import of the same headers remembered, or a mapping file — and the
//! problems of the header itself (a required column missing, a question not answered), which
//! are reported with the rows' problems, in one round.

use crate::cells::column_letter;
use crate::finder::{TableChoice, TableFound, each_data_row, find_table, skipped_row};
use crate::layout::Layout;
use crate::limits::Budget;
use crate::mapping::{ColumnMapping, Found, HeaderWords, Untaken, header_key};
use crate::sheets::{Flow, Opened};
use crate::table::{Source, Table};
use iryosec_core::Message;
use serde::Serialize;
use std::hash::Hash;

/// A problem (or a note) at a row and column of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// The sheet of a workbook, where the reader knows it; empty for CSV.
    pub sheet: String,
    pub row: u32,
    /// Excel column letter, or empty for the file as a whole.
    pub column: String,
    pub header: String,
    #[serde(skip)]
    pub message: Message,
}

impl RowError {
    pub fn new(row: u32, column: Option<usize>, header: &str, message: Message) -> RowError {
        RowError {
            sheet: String::new(),
            row,
            column: column.map(column_letter).unwrap_or_default(),
            header: header.to_owned(),
            message,
        }
    }
}

/// What the person (or a file, or memory) says about reading a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportChoice<T> {
    pub table: TableChoice,
    /// The field of every column, in order, as a preview's form sends it; used when it has
    /// exactly as many columns as the header.
    pub columns: Option<Vec<Option<T>>>,
    /// Columns named by their header: `--map 列名=項目`.
    pub by_header: Vec<(String, Option<T>)>,
    /// A mapping file given for this import: applied whatever the headers, by header.
    pub layout_file: Option<Layout>,
    /// The institution's remembered layouts: one applies only to the same headers.
    pub remembered: Vec<Layout>,
}

impl<T> Default for ImportChoice<T> {
    fn default() -> Self {
        ImportChoice {
            table: TableChoice::default(),
            columns: None,
            by_header: Vec::new(),
            layout_file: None,
            remembered: Vec::new(),
        }
    }
}

/// How the file will be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan<T> {
    pub found: TableFound,
    pub mapping: ColumnMapping<T>,
    pub untaken: Vec<Untaken<T>>,
    /// Whether a remembered layout was applied.
    pub remembered: bool,
    /// The header's problems: required columns missing, questions unanswered, `--map` headers
    /// the file does not have.
    pub problems: Vec<RowError>,
}

impl<T: Copy + Eq + Hash> Plan<T> {
    pub fn header(&self, column: usize) -> &str {
        self.found.headers.get(column).map_or("", String::as_str)
    }
}

/// Finds the table and decides every column. `required`: fields a file must have.
pub fn plan<T: Copy + Eq + Hash>(
    opened: &mut Opened<'_>,
    words: &HeaderWords<T>,
    choice: &ImportChoice<T>,
    required: &[T],
    several: bool,
    cancel: &iryosec_core::CancelToken,
) -> Result<Plan<T>, Message> {
    let mut table = choice.table.clone();
    let known: Vec<_> =
        choice.layout_file.iter().chain(&choice.remembered).map(Layout::known_header).collect();
    if let Some(file) = &choice.layout_file
        && table.sheet.is_none()
        && opened.sheets().iter().flatten().any(|s| Some(s) == file.sheet.as_ref())
    {
        table.sheet = file.sheet.clone();
    }
    let found = find_table(opened, words, &table, &known, several, cancel)?;
    let mut mapping = ColumnMapping::propose(words, &found.headers);
    let mut problems = Vec::new();
    let remembered = choice.remembered.iter().find(|l| l.fits(&found.headers));
    if let Some(layout) = remembered {
        apply_layout(&mut mapping, layout, &found.headers, words, Found::Remembered);
    }
    if let Some(file) = &choice.layout_file {
        apply_layout(&mut mapping, file, &found.headers, words, Found::Chosen);
    }
    for (header, field) in &choice.by_header {
        match column_named(&found.headers, header) {
            Some(col) => mapping.decide(col, *field, Found::Chosen),
            None => problems.push(RowError::new(
                found.header_row,
                None,
                header,
                Message::new("io.error.map_no_column")
                    .arg("column", header)
                    .arg("headers", listed(&found.headers)),
            )),
        }
    }
    if let Some(columns) = choice.columns.as_ref().filter(|c| c.len() == found.headers.len()) {
        for (col, field) in columns.iter().enumerate() {
            mapping.decide(col, *field, Found::Chosen);
        }
    }
    let untaken = mapping.untaken(words, &found.headers);
    problems.extend(header_problems(&found, &mapping, words, required));
    Ok(Plan { found, mapping, untaken, remembered: remembered.is_some(), problems })
}

/// Decides each column the layout names (by header, the first column of that header).
fn apply_layout<T: Copy + Eq + Hash>(
    mapping: &mut ColumnMapping<T>,
    layout: &Layout,
    headers: &[String],
    words: &HeaderWords<T>,
    how: Found,
) {
    for c in &layout.columns {
        let Some(col) = column_named(headers, &c.header) else { continue };
        let field = c.field.as_deref().and_then(|code| words.by_code(code));
        // A code this version does not know is left to the proposal.
        if c.field.is_none() || field.is_some() {
            mapping.decide(col, field, how);
        }
    }
}

/// The column whose header is `name` (compared as headers are), or whose letter it is.
fn column_named(headers: &[String], name: &str) -> Option<usize> {
    let key = header_key(name);
    headers.iter().position(|h| header_key(h) == key).or_else(|| {
        let letters = name.trim();
        (0..headers.len()).find(|c| column_letter(*c).eq_ignore_ascii_case(letters))
    })
}

fn listed(headers: &[String]) -> String {
    headers.iter().filter(|h| !h.is_empty()).map(|h| format!("「{h}」")).collect::<Vec<_>>().join("、")
}

/// Required fields without a column, and the questions still open.
fn header_problems<T: Copy + Eq + Hash>(
    found: &TableFound,
    mapping: &ColumnMapping<T>,
    words: &HeaderWords<T>,
    required: &[T],
) -> Vec<RowError> {
    let row = found.header_row;
    let mut problems: Vec<RowError> = mapping
        .questions
        .iter()
        .map(|q| {
            let columns: Vec<String> = q
                .columns
                .iter()
                .map(|c| {
                    format!("{}「{}」", column_letter(*c), found.headers.get(*c).map_or("", String::as_str))
                })
                .collect();
            let label = words.label(q.field);
            let message = Message::new("io.error.column_question")
                .arg("field", label)
                .arg("columns", columns.join("、"));
            RowError::new(row, q.columns.first().copied(), label, message)
        })
        .collect();
    for f in required.iter().filter(|f| mapping.column_of(**f).is_none()) {
        let label = words.label(*f);
        let asked = mapping.questions.iter().any(|q| q.field == *f);
        if !asked {
            let message = match &found.sheet {
                Some(sheet) => Message::new("io.error.missing_column_in").arg("sheet", sheet),
                None => Message::new("io.error.missing_column_at"),
            };
            let message = message
                .arg("column", label)
                .arg("row", found.header_rows_text())
                .arg("names", words.examples(*f));
            problems.push(RowError::new(row, None, label, message));
        }
    }
    problems
}

/// Reads a whole table as planned (the registers, account lists and rosters: small files):
/// rows under the header of the sheet chosen, totals rows and remarks skipped with a note.
pub fn read_planned<T: Copy + Eq + Hash>(
    source: Source<'_>,
    words: &HeaderWords<T>,
    choice: &ImportChoice<T>,
    required: &[T],
) -> Result<(Table, Plan<T>), Message> {
    let mut opened = Opened::open(source)?;
    let plan = plan(&mut opened, words, choice, required, false, source.cancel)?;
    let width = plan.found.headers.len();
    let mut table = Table {
        headers: plan.found.headers.clone(),
        header_row: plan.found.header_row,
        rows: Vec::new(),
        sheet: plan.found.sheet.clone(),
        notes: Vec::new(),
    };
    let mut budget = Budget::new(source.cancel);
    each_data_row(&mut opened, &plan.found, &mut budget, &mut |_, n, cells| {
        match skipped_row(cells) {
            Some(note) => table.notes.push(RowError::new(n, None, "", note)),
            None => {
                let mut cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
                cells.resize(cells.len().max(width), String::new());
                table.rows.push((n, cells));
            }
        }
        Flow::More
    })?;
    Ok((table, plan))
}
