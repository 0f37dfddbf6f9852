//! The asset ledger: records, and imports from the spreadsheets hospitals already keep.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::audit::Actor;
use iryosec_core::ledger::{Asset, Field, parse_asset};
use iryosec_core::{FieldError, InstitutionId, Message};
use iryosec_io::ledger_sheet::{Mapping, RowError, guess_mapping, parse_rows};
use iryosec_io::table::read_table;
use iryosec_store::{AssetFilter, AssetRecord, ImportCounts, StoreError};
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

    pub async fn asset(&self, institution: InstitutionId, id: i64) -> AppResult<AssetRecord> {
        self.store.asset(institution, id).await?.ok_or(AppError::NotFound)
    }

    fn parse_input(input: &AssetInput) -> AppResult<Asset> {
        parse_asset(&|f: Field| input.get(f.code()).cloned().unwrap_or_default()).map_err(field_errors)
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
    pub async fn import_ledger(
        &self,
        institution: InstitutionId,
        source: &str,
        bytes: &[u8],
        mapping: Option<Mapping>,
        dry_run: bool,
        actor: &Actor,
    ) -> AppResult<LedgerImport> {
        // Reading and checking a large file takes seconds of CPU: off the async workers, so other
        // requests keep being answered meanwhile.
        let owned = bytes.to_vec();
        let (table, mapping, assets, errors) = tokio::task::spawn_blocking(move || {
            let table = read_table(&owned).map_err(|m| AppError::field("file", m))?;
            let mapping = match mapping {
                Some(m) if m.0.len() == table.headers.len() => m,
                _ => guess_mapping(&table.headers),
            };
            let (assets, errors) = parse_rows(&table, &mapping);
            Ok::<_, AppError>((table, mapping, assets, errors))
        })
        .await
        .map_err(|e| AppError::Internal(format!("ledger check: {e}")))??;
        let rows = table.rows.len();
        let sample = table.rows.iter().take(5).cloned().collect();
        let imported = if errors.is_empty() && !dry_run {
            let assets: Vec<Asset> = assets.into_iter().map(|(_, a)| a).collect();
            Some(self.store.import_assets(institution, &assets, source, actor, self.clock.now()).await?)
        } else {
            None
        };
        Ok(LedgerImport { headers: table.headers, mapping, rows, errors, imported, sample })
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
    ) -> AppResult<(String, LedgerImport)> {
        let (name, bytes) = self.store.staged_file(institution, token).await?.ok_or(AppError::NotFound)?;
        let report = self.import_ledger(institution, &name, &bytes, mapping, dry_run, actor).await?;
        if report.imported.is_some() {
            self.store.drop_staged(institution, token).await?;
        }
        Ok((name, report))
    }

    pub async fn ledger(&self, institution: InstitutionId) -> AppResult<Vec<Asset>> {
        Ok(self.store.all_assets(institution).await?.into_iter().map(|r| r.asset).collect())
    }
}

fn taken(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict("asset_no") => AppError::field("asset_no", Message::new("ledger.error.taken")),
        other => other.into(),
    }
}
