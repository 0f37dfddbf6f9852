//! The ledger import's preview, as a page shows it: the sheets and the one read, the header row
//! and why, each column's field and how it was matched, the questions the person answers, the
//! columns not taken, and every note and problem of the file — all in catalog messages, so that
//! a page or the command line words them in the person's language and date style.

use crate::App;
use crate::error::AppResult;
use crate::ledger_import::{LedgerChoice, LedgerImport};
use iryosec_core::audit::Actor;
use iryosec_core::ledger::Field;
use iryosec_core::{CancelToken, InstitutionId, Message};
use iryosec_io::cells::column_letter;
use iryosec_io::finder::{HeaderReason, SheetReason, TableFound};
use iryosec_io::mapping::Found;
use iryosec_io::plan::RowError;
use iryosec_store::ImportCounts;

/// A sheet of the workbook, to choose from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetOption {
    pub name: String,
    /// How many ledger fields its best header row names.
    pub fields: usize,
    pub chosen: bool,
}

/// One column of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewColumn {
    pub index: usize,
    /// 「A」, 「B」 … as Excel names it.
    pub letter: String,
    pub header: String,
    pub field: Option<Field>,
    /// How its field was matched: 項目名, 別名, 推定, as remembered, as chosen.
    pub found: Option<Found>,
    /// Two or more columns claim one field and this is one of them.
    pub in_question: bool,
    /// The first rows' cells, as read.
    pub samples: Vec<String>,
}

/// Two or more columns that claim one field: the person picks one (or none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewQuestion {
    pub field: Field,
    /// Each column: its index, letter and header.
    pub columns: Vec<(usize, String, String)>,
}

/// A column no field is read from, and why when another column took its field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewUntaken {
    pub letter: String,
    pub header: String,
    pub why: Option<Message>,
}

/// Everything the preview page shows of a file read but not saved.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerPreview {
    pub file: String,
    /// Data rows read.
    pub rows: usize,
    /// The workbook's sheets (empty for a CSV file).
    pub sheets: Vec<SheetOption>,
    pub sheet: Option<String>,
    pub sheet_reason: Option<Message>,
    /// The (first) header row as Excel numbers it, and 「4」 or 「4〜5」 for a two-row header.
    pub header_row: u32,
    pub header_rows: String,
    pub header_reason: Message,
    /// The person named the sheet or the header row (kept on every later reading).
    pub table_chosen: bool,
    /// The title and note rows above the header, read past.
    pub skipped_above: Option<Message>,
    /// Other sheets of the same header read with the chosen one.
    pub more_sheets: Option<Message>,
    /// The mapping came from the institution's last import of these headers.
    pub remembered: bool,
    pub columns: Vec<PreviewColumn>,
    pub questions: Vec<PreviewQuestion>,
    pub untaken: Vec<PreviewUntaken>,
    pub notes: Vec<RowError>,
    pub more_notes: usize,
    pub errors: Vec<RowError>,
}

/// A staged file read again: saved (its counts), or its preview.
#[derive(Debug, Clone, PartialEq)]
pub enum StagedLedger {
    Imported(ImportCounts),
    Preview(Box<LedgerPreview>),
}

impl App {
    /// Reads a staged file as `choice` says and shows it; imports it when `commit` and every
    /// row is fine (the staged file is then dropped, and how it was read remembered).
    pub async fn staged_ledger_preview(
        &self,
        institution: InstitutionId,
        token: &str,
        choice: &LedgerChoice,
        commit: bool,
        actor: &Actor,
        cancel: &CancelToken,
    ) -> AppResult<StagedLedger> {
        let report = self.staged_ledger(institution, token, choice, !commit, actor, cancel).await?;
        Ok(match report.imported {
            Some(counts) => StagedLedger::Imported(counts),
            None => StagedLedger::Preview(Box::new(preview_of(&report))),
        })
    }
}

/// The preview of what an import read.
pub fn preview_of(report: &LedgerImport) -> LedgerPreview {
    let read = &report.read;
    let found = &read.plan.found;
    let mapping = &read.plan.mapping;
    let columns = found
        .headers
        .iter()
        .enumerate()
        .map(|(index, header)| PreviewColumn {
            index,
            letter: column_letter(index),
            header: header.clone(),
            field: mapping.fields.get(index).copied().flatten(),
            found: mapping.found.get(index).copied().flatten(),
            in_question: mapping.questions.iter().any(|q| q.columns.contains(&index)),
            samples: read
                .sample
                .iter()
                .map(|(_, cells)| cells.get(index).cloned().unwrap_or_default())
                .collect(),
        })
        .collect();
    let named = |c: usize| (c, column_letter(c), read.plan.header(c).to_owned());
    let questions = mapping
        .questions
        .iter()
        .map(|q| PreviewQuestion { field: q.field, columns: q.columns.iter().map(|c| named(*c)).collect() })
        .collect();
    let untaken = read
        .plan
        .untaken
        .iter()
        .filter(|u| !read.plan.header(u.column).is_empty())
        .filter(|u| !mapping.questions.iter().any(|q| q.columns.contains(&u.column)))
        .map(|u| PreviewUntaken {
            letter: column_letter(u.column),
            header: read.plan.header(u.column).to_owned(),
            why: u.lost_to.map(|(f, other)| {
                Message::new("ledger.read.lost_to")
                    .arg("field", f.label_ja())
                    .arg("column", column_letter(other))
                    .arg("header", read.plan.header(other))
            }),
        })
        .collect();
    LedgerPreview {
        file: report.file.clone(),
        rows: read.rows,
        sheets: sheet_options(found),
        sheet: found.sheet.clone(),
        sheet_reason: sheet_reason(found),
        header_row: found.header_row,
        header_rows: found.header_rows_text(),
        header_reason: header_reason(found),
        table_chosen: found.header_reason == HeaderReason::Chosen
            || found.sheet_reason == SheetReason::Chosen,
        skipped_above: skipped_above(found),
        more_sheets: more_sheets(found),
        remembered: read.plan.remembered,
        columns,
        questions,
        untaken,
        notes: read.notes.clone(),
        more_notes: read.more_notes,
        errors: read.errors.clone(),
    }
}

fn sheet_options(found: &TableFound) -> Vec<SheetOption> {
    found
        .sheets
        .iter()
        .map(|s| SheetOption {
            name: s.name.clone(),
            fields: s.fields,
            chosen: found.sheet.as_deref() == Some(s.name.as_str()),
        })
        .collect()
}

fn quoted(names: impl Iterator<Item = String>) -> String {
    names.map(|n| format!("「{n}」")).collect::<Vec<_>>().join("、")
}

/// Why this sheet was read (`None` for a CSV file).
pub fn sheet_reason(found: &TableFound) -> Option<Message> {
    found.sheet.as_ref()?;
    Some(match found.sheet_reason {
        SheetReason::Only => Message::new("ledger.read.sheet_only"),
        SheetReason::Chosen => Message::new("ledger.read.sheet_chosen"),
        SheetReason::Remembered => Message::new("ledger.read.sheet_remembered"),
        SheetReason::MostFields => Message::new("ledger.read.sheet_most_fields")
            .arg("sheets", quoted(found.sheets.iter().map(|s| s.name.clone()))),
        SheetReason::First => Message::new("ledger.read.sheet_first"),
    })
}

/// Why this row was taken for the header.
pub fn header_reason(found: &TableFound) -> Message {
    match found.header_reason {
        HeaderReason::Chosen => Message::new("ledger.read.header_chosen"),
        HeaderReason::Remembered => Message::new("ledger.read.header_remembered"),
        HeaderReason::MostFields => {
            Message::new("ledger.read.header_most_fields").arg("fields", found.fields_named)
        }
        HeaderReason::FirstRow => Message::new("ledger.read.header_first_row"),
    }
}

/// 「それより上の行（1〜3行目）は表題・注記として読み飛ばします。」
pub fn skipped_above(found: &TableFound) -> Option<Message> {
    let (first, last) = (found.above.first()?, found.above.last()?);
    let rows = if first.0 == last.0 { first.0.to_string() } else { format!("{}〜{}", first.0, last.0) };
    Some(Message::new("ledger.read.above").arg("rows", rows))
}

/// The other sheets of the same header, read on after the first.
pub fn more_sheets(found: &TableFound) -> Option<Message> {
    (!found.more_sheets.is_empty()).then(|| {
        Message::new("ledger.read.more_sheets")
            .arg("sheets", quoted(found.more_sheets.iter().map(|s| s.name.clone())))
    })
}
