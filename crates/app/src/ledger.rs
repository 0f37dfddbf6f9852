//! The asset ledger: records, and imports from the spreadsheets hospitals already keep.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::CancelToken;
use iryosec_core::audit::Actor;
use iryosec_core::date::DateStyle;
use iryosec_core::ledger::{Asset, Field, parse_asset};
use iryosec_core::{FieldError, InstitutionId, Message};
use iryosec_io::ledger_sheet::{
    LedgerRead, LedgerWorkbook, Mapping, RowError, csv_head, csv_line, read_ledger,
};
use iryosec_io::table::Source;
use iryosec_store::{AssetFilter, AssetRecord, ImportCounts, ImportFeed, StoreError};
use std::collections::HashMap;

/// What an import found, and did (nothing, unless every row was fine and it was not a dry run).
#[derive(Debug, Clone)]
pub struct LedgerImport {
    pub headers: Vec<String>,
    pub mapping: Mapping,
    pub rows: usize,
    pub errors: Vec<RowError>,
    pub imported: Option<ImportCounts>,
    /// The first rows as read, for the preview.
    pub sample: Vec<(u32, Vec<String>)>,
}

/// Assets handed from reading to writing at a time (in imports and exports), and how many such
/// batches may wait: enough to keep the writer busy, while a large ledger is never held whole.
const FEED_BATCH: usize = 1_000;
const FEED_DEPTH: usize = 4;

/// Form or API input for one asset: field code → text.
pub type AssetInput = HashMap<String, String>;

fn field_errors(problems: Vec<iryosec_core::ledger::FieldProblem>) -> AppError {
    // Field codes are 'static; FieldError wants the form's field name, which is the code.
    AppError::Invalid(problems.into_iter().map(|p| FieldError::new(p.field.code(), p.message)).collect())
}

impl App {
    pub async fn assets(
        &self,
        institution: InstitutionId,
        filter: &AssetFilter,
        limit: i64,
        offset: i64,
    ) -> AppResult<(Vec<AssetRecord>, i64)> {
        Ok(self.store.assets(institution, filter, limit, offset).await?)
    }

    /// The asset's page: the asset and its last 50 changes.
    pub async fn asset_page(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> AppResult<crate::audit_view::WithHistory<AssetRecord>> {
        let record = self.asset(institution, id).await?;
        let history = self.history(institution, "asset", id, 50).await?;
        Ok(crate::audit_view::WithHistory { record, history })
    }

    pub async fn asset(&self, institution: InstitutionId, id: i64) -> AppResult<AssetRecord> {
        self.store.asset(institution, id).await?.ok_or(AppError::NotFound)
    }

    fn parse_input(input: &AssetInput) -> AppResult<Asset> {
        parse_asset(&|f: Field| input.get(f.code()).map_or("", String::as_str)).map_err(field_errors)
    }

    pub async fn create_asset(
        &self,
        institution: InstitutionId,
        input: &AssetInput,
        actor: &Actor,
    ) -> AppResult<i64> {
        let asset = Self::parse_input(input)?;
        self.store.create_asset(institution, &asset, actor, self.clock.now()).await.map_err(taken)
    }

    pub async fn update_asset(
        &self,
        institution: InstitutionId,
        id: i64,
        input: &AssetInput,
        actor: &Actor,
    ) -> AppResult<()> {
        let asset = Self::parse_input(input)?;
        self.store.update_asset(institution, id, &asset, actor, self.clock.now()).await.map_err(taken)
    }

    /// Reads a ledger file; writes it only if every row is fine and `dry_run` is false.
    ///
    /// The file is read and checked off the async workers (a second of CPU for a large file), and
    /// its rows are written into the import's transaction while the rest is still being read;
    /// the transaction is committed only once the whole file was found fine.
    pub async fn import_ledger(
        &self,
        institution: InstitutionId,
        file: Source<'_>,
        mapping: Option<Mapping>,
        dry_run: bool,
        actor: &Actor,
    ) -> AppResult<LedgerImport> {
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
            let read = read_ledger(Source::new(&name, &owned, &token), mapping, FEED_BATCH, &mut send);
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
            .map_err(|e| AppError::Internal(format!("ledger check: {e}")))?
            .map_err(|m| AppError::unread_file("file", m, cancel))?;
        // A file with problems was rolled back whatever the writer met on the way.
        let imported = if read.errors.is_empty() { imported? } else { None };
        let LedgerRead { headers, mapping, rows, errors, sample } = read;
        Ok(LedgerImport { headers, mapping, rows, errors, imported, sample })
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

    /// Reads a staged file with a mapping (guessed when `None`); imports it unless `dry_run`.
    /// The staged file is dropped once imported.
    pub async fn staged_ledger(
        &self,
        institution: InstitutionId,
        token: &str,
        mapping: Option<Mapping>,
        dry_run: bool,
        actor: &Actor,
        cancel: &CancelToken,
    ) -> AppResult<(String, LedgerImport)> {
        let (name, bytes) = self.store.staged_file(institution, token).await?.ok_or(AppError::NotFound)?;
        let report = self
            .import_ledger(
                institution,
                iryosec_io::table::Source::new(&name, &bytes, cancel),
                mapping,
                dry_run,
                actor,
            )
            .await?;
        if report.imported.is_some() {
            self.store.drop_staged(institution, token).await?;
        }
        Ok((name, report))
    }

    /// Every asset, as the suggestion rules read them.
    pub async fn ledger(&self, institution: InstitutionId) -> AppResult<Vec<Asset>> {
        Ok(self.store.ledger_assets(institution).await?)
    }

    /// The whole ledger as an Excel workbook, its dates in the reader's `style`. The workbook is
    /// written off the async workers, from the first assets read while the rest are still being read.
    pub async fn ledger_xlsx(&self, institution: InstitutionId, style: DateStyle) -> AppResult<Vec<u8>> {
        let (to, mut batches) = tokio::sync::mpsc::channel::<Vec<Asset>>(FEED_DEPTH);
        let writing = tokio::task::spawn_blocking(move || {
            let mut book = LedgerWorkbook::new(style)?;
            while let Some(assets) = batches.blocking_recv() {
                for a in &assets {
                    book.push(a)?;
                }
            }
            book.finish()
        });
        let reading = self.store.send_all_assets(institution, FEED_BATCH, to);
        let (written, read) = tokio::join!(writing, reading);
        read?;
        written
            .map_err(|e| AppError::Internal(format!("ledger export: {e}")))?
            .map_err(|e| AppError::Internal(format!("ledger export: {e}")))
    }

    /// The whole ledger as CSV, written while it is read, so only the file is held, not the assets.
    pub async fn ledger_csv(&self, institution: InstitutionId) -> AppResult<Vec<u8>> {
        let (to, mut batches) = tokio::sync::mpsc::channel::<Vec<Asset>>(FEED_DEPTH);
        let writing = async {
            let mut out = csv_head();
            while let Some(assets) = batches.recv().await {
                assets.iter().for_each(|a| out.push_str(&csv_line(a)));
            }
            out.into_bytes()
        };
        let reading = self.store.send_all_assets(institution, FEED_BATCH, to);
        let (written, read) = tokio::join!(writing, reading);
        read?;
        Ok(written)
    }
}

fn taken(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict("asset_no") => AppError::field("asset_no", Message::new("ledger.error.taken")),
        other => other.into(),
    }
}
