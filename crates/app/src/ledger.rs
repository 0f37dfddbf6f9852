//! The asset ledger: records, the marks that ask for a look, and the export. (Imports from the
//! spreadsheets hospitals already keep: [`crate::ledger_import`].)

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::audit::Actor;
use iryosec_core::date::DateStyle;
use iryosec_core::ledger::{Asset, AssetKind, AssetMark, Field, MarkDays, marks, parse_asset};
use iryosec_core::{FieldError, InstitutionId, Message};
use iryosec_io::ledger_sheet::{LedgerWorkbook, csv_head, csv_line};
use iryosec_store::{AssetFilter, AssetRecord, MarkCounts, StoreError};
use std::collections::HashMap;

/// Which assets the ledger list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LedgerQuery {
    /// Part of the 管理番号, name, place, department or IP address.
    pub text: String,
    pub kind: Option<AssetKind>,
    pub include_retired: bool,
    /// Only assets in use that carry this mark today.
    pub mark: Option<AssetMark>,
}

/// One asset, its marks as of today and its history.
#[derive(Debug, Clone)]
pub struct AssetPage {
    pub record: AssetRecord,
    pub marks: Vec<AssetMark>,
    pub history: Vec<crate::audit_details::DescribedEntry>,
}

/// An asset of the list, with its marks as of today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkedAsset {
    pub record: AssetRecord,
    pub marks: Vec<AssetMark>,
}

/// Assets handed from reading to writing at a time (in imports and exports), and how many such
/// batches may wait: enough to keep the writer busy, while a large ledger is never held whole.
pub(crate) const FEED_BATCH: usize = 1_000;
pub(crate) const FEED_DEPTH: usize = 4;

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
    pub async fn asset_page(&self, institution: InstitutionId, id: i64) -> AppResult<AssetPage> {
        let record = self.asset(institution, id).await?;
        let history = self.described_history(institution, "asset", id, 50).await?;
        let marks = self.asset_marks(&record.asset);
        Ok(AssetPage { record, marks, history })
    }

    pub async fn asset(&self, institution: InstitutionId, id: i64) -> AppResult<AssetRecord> {
        self.store.asset(institution, id).await?.ok_or(AppError::NotFound)
    }

    /// A page of the ledger list, each asset with its marks as of today.
    pub async fn ledger_page(
        &self,
        institution: InstitutionId,
        query: &LedgerQuery,
        limit: i64,
        offset: i64,
    ) -> AppResult<(Vec<MarkedAsset>, i64)> {
        let today = self.today();
        let filter = AssetFilter {
            text: Some(query.text.clone()),
            kind: query.kind,
            include_retired: query.include_retired,
            mark: query.mark.map(|m| (m, MarkDays::at(today))),
        };
        let (records, total) = self.store.assets(institution, &filter, limit, offset).await?;
        let rows = records
            .into_iter()
            .map(|record| MarkedAsset { marks: marks(&record.asset, today), record })
            .collect();
        Ok((rows, total))
    }

    /// The marks of one asset as of today.
    pub fn asset_marks(&self, asset: &Asset) -> Vec<AssetMark> {
        marks(asset, self.today())
    }

    /// How many assets in use carry each mark today: what the home page warns of.
    pub async fn ledger_mark_counts(&self, institution: InstitutionId) -> AppResult<MarkCounts> {
        Ok(self.store.asset_mark_counts(institution, MarkDays::at(self.today())).await?)
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
        written.map_err(AppError::internal("ledger export"))?.map_err(AppError::internal("ledger export"))
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
