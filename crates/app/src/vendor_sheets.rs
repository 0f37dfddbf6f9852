//! 事業者確認用: the vendor sheet of a checklist edition, made per vendor (prefilled with the
//! institution and that vendor's systems), sent, returned and read back. The answers are kept
//! per vendor and speak to the institution's own items of the same key.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::assessment::YesNo;
use iryosec_core::audit::Actor;
use iryosec_core::catalog::{Edition, Sheet};
use iryosec_core::date::FiscalYear;
use iryosec_core::register::Register;
use iryosec_core::{InstitutionId, Message};
use iryosec_io::CellError;
use iryosec_io::assessment_sheet::{RowKind, SheetHead, read_xlsx, rows, write_xlsx};
use iryosec_store::VendorSheet;
use std::collections::BTreeMap;
use time::Date;

/// Answers as stored: item key → scope code (`general` when the item has none) → `yes`/`no`.
pub type SheetAnswers = BTreeMap<String, BTreeMap<String, String>>;

/// Item key → answered はい for every scope (false as soon as one scope says いいえ).
pub fn answered_yes(stored: &str) -> BTreeMap<String, bool> {
    let answers: SheetAnswers = serde_json::from_str(stored).unwrap_or_default();
    answers
        .into_iter()
        .filter(|(_, scopes)| !scopes.is_empty())
        .map(|(key, scopes)| (key, scopes.values().all(|v| v == "yes")))
        .collect()
}

impl App {
    /// The vendor editions there are, newest first.
    pub async fn vendor_editions(&self) -> AppResult<Vec<Edition>> {
        let mut all: Vec<Edition> = self
            .editions()
            .await?
            .into_iter()
            .map(|e| e.edition)
            .filter(|e| e.sheet == Sheet::Vendor)
            .collect();
        all.sort_by(|a, b| b.fiscal_year.cmp(&a.fiscal_year).then(a.id.cmp(&b.id)));
        Ok(all)
    }

    async fn vendor_edition(&self, edition_id: &str) -> AppResult<Edition> {
        let edition = self.edition(edition_id).await?.edition;
        if edition.sheet != Sheet::Vendor {
            return Err(AppError::NotFound);
        }
        Ok(edition)
    }

    /// The sheets of one vendor, by edition.
    pub async fn sheets_of(&self, institution: InstitutionId, vendor: i64) -> AppResult<Vec<VendorSheet>> {
        Ok(self
            .store
            .vendor_sheets(institution)
            .await?
            .into_iter()
            .filter(|s| s.vendor_id == vendor)
            .collect())
    }

    /// The Excel sheet to send: the edition's items, headed with the institution, the vendor
    /// and the systems it provides. Returns the file name too.
    pub async fn vendor_sheet_xlsx(
        &self,
        institution: InstitutionId,
        vendor: i64,
        edition_id: &str,
    ) -> AppResult<(String, Vec<u8>)> {
        let entry = self.entry(institution, Register::Vendors, vendor).await?;
        let name = entry.record.text("name").to_owned();
        let edition = self.vendor_edition(edition_id).await?;
        let systems: Vec<String> = self
            .referring(institution, Register::Systems, "vendors", &name)
            .await?
            .into_iter()
            .map(|e| e.record.text("name").to_owned())
            .collect();
        let head = SheetHead {
            institution: self.institution(institution).await?.profile.name,
            fiscal_year_label: FiscalYear(edition.fiscal_year).label_ja(),
            edition_id: edition.id.clone(),
            edition_title: edition.title.clone(),
            second_check: edition.confirmations >= 2,
            date_style: iryosec_core::date::DateStyle::default(),
            extra: vec![("事業者".into(), name.clone()), ("対象システム".into(), systems.join("、"))],
        };
        let previous = self.sheet_answers(institution, vendor, edition_id).await?.unwrap_or_default();
        let answers = previous
            .iter()
            .flat_map(|(key, scopes)| {
                scopes.iter().map(move |(scope, v)| {
                    let scope = iryosec_core::catalog::Scope::parse(scope);
                    let value = if v == "yes" { YesNo::Yes } else { YesNo::No };
                    (
                        iryosec_core::assessment::Slot::new(key, scope),
                        iryosec_core::assessment::Answer { value: Some(value), ..Default::default() },
                    )
                })
            })
            .collect();
        let bytes = write_xlsx(&head, &rows(&edition, &answers, &|_| false))
            .map_err(|e| AppError::Internal(format!("vendor sheet: {e}")))?;
        Ok((format!("事業者確認用_{name}_{}.xlsx", edition.fiscal_year), bytes))
    }

    async fn sheet_answers(
        &self,
        institution: InstitutionId,
        vendor: i64,
        edition_id: &str,
    ) -> AppResult<Option<SheetAnswers>> {
        let sheets = self.sheets_of(institution, vendor).await?;
        let stored = sheets.into_iter().find(|s| s.edition_id == edition_id).and_then(|s| s.answers);
        Ok(stored.and_then(|s| serde_json::from_str(&s).ok()))
    }

    /// Records the day the sheet was sent (and keeps what was returned so far).
    pub async fn mark_sheet_sent(
        &self,
        institution: InstitutionId,
        vendor: i64,
        edition_id: &str,
        sent_on: Date,
        actor: &Actor,
    ) -> AppResult<()> {
        self.vendor_edition(edition_id).await?;
        let existing =
            self.sheets_of(institution, vendor).await?.into_iter().find(|s| s.edition_id == edition_id);
        let sheet = VendorSheet {
            vendor_id: vendor,
            edition_id: edition_id.to_owned(),
            sent_on: Some(sent_on),
            returned_on: existing.as_ref().and_then(|s| s.returned_on),
            answers: existing.and_then(|s| s.answers),
            updated_at: self.clock.now(),
        };
        Ok(self.store.save_vendor_sheet(institution, &sheet, actor, self.clock.now()).await?)
    }

    /// Reads a returned sheet: every answer must be はい, いいえ or empty; the file must be the
    /// sheet of this edition. All or nothing; problems name their cells.
    pub async fn import_vendor_sheet(
        &self,
        institution: InstitutionId,
        vendor: i64,
        edition_id: &str,
        returned_on: Date,
        bytes: &[u8],
        actor: &Actor,
    ) -> AppResult<Result<usize, Vec<CellError>>> {
        self.entry(institution, Register::Vendors, vendor).await?;
        let edition = self.vendor_edition(edition_id).await?;
        let sheet = match read_xlsx(bytes) {
            Ok(sheet) => sheet,
            Err(problems) => return Ok(Err(problems)),
        };
        if sheet.edition_id != edition.id {
            let m = Message::new("vendor_sheet.error.other_edition")
                .arg("found", &sheet.edition_id)
                .arg("expected", &edition.id);
            return Ok(Err(vec![CellError::new(iryosec_io::assessment_sheet::SHEET, 2, "F", m)]));
        }
        let mut answers = SheetAnswers::new();
        let mut errors = Vec::new();
        for row in sheet.rows.iter().filter(|r| r.kind == RowKind::Answer) {
            if edition.item(&row.slot.key).is_none() {
                continue;
            }
            let value = match YesNo::parse(&row.input.value) {
                Some(YesNo::Yes) => "yes",
                Some(YesNo::No) => "no",
                None if row.input.value.trim().is_empty() => continue,
                None => {
                    errors.push(CellError::new(
                        iryosec_io::assessment_sheet::SHEET,
                        row.row,
                        &sheet.column_of("value"),
                        Message::new("vendor_sheet.error.answer").arg("value", &row.input.value),
                    ));
                    continue;
                }
            };
            let scope = row.slot.scope.map_or("general", |s| s.code()).to_owned();
            answers.entry(row.slot.key.clone()).or_default().insert(scope, value.to_owned());
        }
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        let count = answers.values().map(BTreeMap::len).sum();
        let existing = self.sheets_of(institution, vendor).await?;
        let sent_on = existing.into_iter().find(|s| s.edition_id == edition_id).and_then(|s| s.sent_on);
        let json =
            serde_json::to_string(&answers).map_err(|e| AppError::Internal(format!("sheet answers: {e}")))?;
        let record = VendorSheet {
            vendor_id: vendor,
            edition_id: edition_id.to_owned(),
            sent_on,
            returned_on: Some(returned_on),
            answers: Some(json),
            updated_at: self.clock.now(),
        };
        self.store.save_vendor_sheet(institution, &record, actor, self.clock.now()).await?;
        Ok(Ok(count))
    }
}
