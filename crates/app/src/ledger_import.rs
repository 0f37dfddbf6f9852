//! Importing the ledger from the spreadsheet a hospital already keeps: the table found on its
//! sheet below titles and notes, the columns mapped honestly (with what the person chose, a
//! mapping file, or what the institution's last import of the same headers remembered), every
//! row read as people write it, and every problem reported in one round. The rows are written
//! while the file is still being read, and kept only if all are fine.

use crate::App;
use crate::error::{AppError, AppResult};
use crate::ledger::{FEED_BATCH, FEED_DEPTH};
use iryosec_core::CancelToken;
use iryosec_core::InstitutionId;
use iryosec_core::audit::Actor;
use iryosec_core::ledger::Field;
use iryosec_io::finder::TableChoice;
use iryosec_io::layout::Layout;
use iryosec_io::ledger_sheet::{IMPORT, LedgerRead, read_ledger, words};
use iryosec_io::plan::ImportChoice;
use iryosec_io::table::Source;
use iryosec_store::{ImportCounts, ImportFeed};

/// What the person says about reading a ledger file; everything left out is found or proposed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerChoice {
    pub table: TableChoice,
    /// Every column's field, in order, as a preview's form sends it.
    pub columns: Option<Vec<Option<Field>>>,
    /// Columns named by their header (`--map 列名=項目`).
    pub by_header: Vec<(String, Option<Field>)>,
    /// A mapping file (`--mapping`): its sheet, header row and columns.
    pub mapping_file: Option<Layout>,
}

/// What an import found, and did (nothing, unless every row was fine and it was not a dry
/// run): the view a preview shows.
#[derive(Debug, Clone)]
pub struct LedgerImport {
    /// The file's name.
    pub file: String,
    /// The sheets, the one read and why, the header row and why, each column's field and how
    /// surely, the questions, the columns not taken; the rows read, their problems and notes.
    pub read: LedgerRead,
    pub imported: Option<ImportCounts>,
    /// How the file was read: remembered once imported, or kept as a mapping file.
    pub layout: Layout,
}

/// Parses a field as a person names it: its code, its Japanese header or another of its names;
/// 「-」 or 「取り込まない」 for none. `None` when it names no field.
pub fn field_named(text: &str) -> Option<Option<Field>> {
    match text.trim() {
        "-" | "－" | "取り込まない" | "none" => Some(None),
        t => words().field_named(t).or_else(|| Field::parse(t)).map(Some),
    }
}

impl App {
    /// Reads a ledger file; writes it only if every row is fine and `dry_run` is false. Once
    /// written, how it was read is remembered for the next file with the same headers.
    ///
    /// The file is read and checked off the async workers (a second of CPU for a large file), and
    /// its rows are written into the import's transaction while the rest is still being read;
    /// the transaction is committed only once the whole file was found fine.
    pub async fn import_ledger(
        &self,
        institution: InstitutionId,
        file: Source<'_>,
        choice: &LedgerChoice,
        dry_run: bool,
        actor: &Actor,
    ) -> AppResult<LedgerImport> {
        let choice = ImportChoice {
            table: choice.table.clone(),
            columns: choice.columns.clone(),
            by_header: choice.by_header.clone(),
            layout_file: choice.mapping_file.clone(),
            remembered: self.remembered_layouts(institution, IMPORT).await?,
        };
        let (owned, name, token) = (file.bytes.to_vec(), file.name.to_owned(), file.cancel.clone());
        let (source, cancel) = (file.name, file.cancel);
        let (feed, rows) = tokio::sync::mpsc::channel(FEED_DEPTH);
        let reading = tokio::task::spawn_blocking(move || {
            let mut send = |assets| {
                // A closed feed means the writer failed; its error is the one reported.
                if !dry_run {
                    let _ = feed.blocking_send(ImportFeed::Assets(assets));
                }
            };
            let read = read_ledger(Source::new(&name, &owned, &token), &choice, FEED_BATCH, &mut send);
            if matches!(&read, Ok(r) if r.errors.is_empty()) && !dry_run {
                let _ = feed.blocking_send(ImportFeed::Commit);
            }
            read
        });
        let (read, imported) = if dry_run {
            (reading.await, Ok(None))
        } else {
            let writing = self.store.import_asset_feed(institution, rows, source, actor, self.clock.now());
            tokio::join!(reading, writing)
        };
        let read = read
            .map_err(AppError::internal("ledger check"))?
            .map_err(|m| AppError::unread_file("file", m, cancel))?;
        // A file with problems was rolled back whatever the writer met on the way.
        let imported = if read.errors.is_empty() { imported? } else { None };
        let layout = Layout::of(IMPORT, &read.plan.found, &read.plan.mapping, words());
        if imported.is_some() {
            self.remember_layout(institution, &layout, actor).await;
        }
        Ok(LedgerImport { file: source.to_owned(), read, imported, layout })
    }

    /// Keeps an uploaded file for the preview; returns the token that names it.
    pub async fn stage_ledger(
        &self,
        institution: InstitutionId,
        file_name: &str,
        bytes: &[u8],
    ) -> AppResult<String> {
        let token = crate::token::random_token();
        self.store.stage_file(institution, &token, file_name, bytes, self.clock.now()).await?;
        Ok(token)
    }

    /// Reads a staged file as `choice` says; imports it unless `dry_run`. The staged file is
    /// dropped once imported.
    pub async fn staged_ledger(
        &self,
        institution: InstitutionId,
        token: &str,
        choice: &LedgerChoice,
        dry_run: bool,
        actor: &Actor,
        cancel: &CancelToken,
    ) -> AppResult<LedgerImport> {
        let (name, bytes) = self.store.staged_file(institution, token).await?.ok_or(AppError::NotFound)?;
        let report = self
            .import_ledger(institution, Source::new(&name, &bytes, cancel), choice, dry_run, actor)
            .await?;
        if report.imported.is_some() {
            self.store.drop_staged(institution, token).await?;
        }
        Ok(report)
    }
}
