//! Assessments in and out of files: the JSON bundle, the Excel sheet and CSV.

use crate::App;
use crate::assessments::{AssessmentView, SaveError, StartAssessment};
use crate::error::{AppError, AppResult};
use iryosec_core::assessment::{Facts, applicability};
use iryosec_core::audit::Actor;
use iryosec_core::date::{DateStyle, FiscalYear};
use iryosec_core::{InstitutionId, Message};
use iryosec_io::CellError;
use iryosec_io::assessment_bundle::{
    Bundle, BundleHead, EvidenceRef, InstitutionRef, read_bundle, to_bundle,
};
use iryosec_io::assessment_sheet::{ReadSheet, RowKind, SHEET, SheetHead, SheetRow, rows};
use iryosec_store::AssessmentRecord;

/// Why an import was refused: a message for the whole file, or problems at cells.
#[derive(Debug)]
pub enum ImportError {
    File(Message),
    Cells(Vec<CellError>),
    Other(AppError),
}

impl From<AppError> for ImportError {
    fn from(e: AppError) -> Self {
        ImportError::Other(e)
    }
}

impl App {
    pub async fn institution_ref(&self, institution: InstitutionId) -> AppResult<InstitutionRef> {
        let i = self.institution(institution).await?;
        Ok(InstitutionRef {
            name: i.profile.name,
            kind: i.profile.kind.code().to_owned(),
            prefecture: i.profile.prefecture.code(),
            medical_code: i.profile.medical_code,
            beds: i.profile.beds,
        })
    }

    /// Says `foreign` (a message naming the other institution) when a bundle is another
    /// institution's: by 医療機関コード where both have one, otherwise by name.
    pub(crate) async fn foreign_bundle(
        &self,
        institution: InstitutionId,
        theirs: &InstitutionRef,
        foreign: &'static str,
    ) -> AppResult<Option<Message>> {
        let own = self.institution_ref(institution).await?;
        let other = match (&theirs.medical_code, &own.medical_code) {
            (Some(t), Some(o)) => t.trim() != o.trim(),
            _ => theirs.name.trim() != own.name.trim(),
        };
        Ok(other.then(|| Message::new(foreign).arg("name", &theirs.name)))
    }

    pub async fn export_bundle(&self, institution: InstitutionId, id: i64) -> AppResult<Bundle> {
        let view = self.assessment_view(institution, id).await?;
        let now = self.clock.now().to_jst();
        let exported_at = now
            .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
            .unwrap_or_default();
        let evidence = self
            .evidence_of(institution, id)
            .await?
            .into_iter()
            .map(|e| EvidenceRef {
                key: e.item_key,
                file_name: e.file_name,
                size: e.size,
                sha256: e.sha256,
                uploaded_at: e
                    .uploaded_at
                    .to_jst()
                    .map(|t| iryosec_core::date::format_iso(t.date()))
                    .unwrap_or_default(),
            })
            .collect();
        let head = BundleHead {
            exported_at,
            institution: self.institution_ref(institution).await?,
            fiscal_year: view.record.fiscal_year,
            vendor_contract: view.record.facts.vendor_contract,
            evidence,
        };
        Ok(to_bundle(head, &view.edition, &view.answers))
    }

    /// The rows of the Excel/CSV sheet, with 対象外 shown where an item does not apply.
    pub async fn sheet(&self, institution: InstitutionId, id: i64) -> AppResult<(SheetHead, Vec<SheetRow>)> {
        let view = self.assessment_view(institution, id).await?;
        let name = self.institution(institution).await?.profile.name;
        let head = SheetHead {
            institution: name,
            fiscal_year_label: FiscalYear(view.record.fiscal_year).label_ja(),
            edition_id: view.edition.id.clone(),
            edition_title: view.edition.title.clone(),
            second_check: view.edition.confirmations >= 2,
            date_style: DateStyle::default(),
            extra: Vec::new(),
        };
        let na = |key: &str| {
            view.edition.item(key).is_some_and(|item| {
                !applicability(&view.edition, item, view.record.facts, &view.answers).applies()
            })
        };
        Ok((head, rows(&view.edition, &view.answers, &na)))
    }

    /// Reads answers back from the sheet of this assessment; all or nothing.
    pub async fn import_sheet(
        &self,
        institution: InstitutionId,
        id: i64,
        sheet: &ReadSheet,
        saved_by: &str,
        actor: &Actor,
    ) -> Result<usize, ImportError> {
        let view: AssessmentView = self.assessment_view(institution, id).await?;
        if sheet.edition_id != view.edition.id {
            let m = Message::new("assessment.error.other_edition")
                .arg("found", &sheet.edition_id)
                .arg("expected", &view.edition.id);
            return Err(ImportError::Cells(vec![CellError::new(SHEET, 2, "F", m)]));
        }
        // 対象外 rows stay as they are where the item does not apply and are an error where it
        // does; drafts left unchanged in the sheet stay drafts.
        let mut cells = Vec::new();
        let mut inputs = Vec::new();
        for r in &sheet.rows {
            let item = view.edition.item(&r.slot.key);
            match r.kind {
                RowKind::Answer => inputs.push((r.slot.clone(), r.input.clone())),
                RowKind::Draft => {}
                RowKind::NotApplicable => {
                    let applies = item.is_some_and(|i| {
                        applicability(&view.edition, i, view.record.facts, &view.answers).applies()
                    });
                    if applies {
                        cells.push(CellError::new(
                            SHEET,
                            r.row,
                            &sheet.column_of("value"),
                            Message::new("assessment.error.applies"),
                        ));
                    }
                }
            }
        }
        if !cells.is_empty() {
            return Err(ImportError::Cells(cells));
        }
        match self.save_answers(institution, id, &inputs, saved_by, actor).await {
            Ok(()) => Ok(inputs.len()),
            Err(SaveError::Invalid(errors)) => Err(ImportError::Cells(
                errors
                    .into_iter()
                    .flat_map(|(slot, fields)| {
                        let row = sheet.row_of(&slot);
                        fields.into_iter().map(move |f| (row, f))
                    })
                    .map(|(row, f)| CellError::new(SHEET, row, &sheet.column_of(f.field), f.message))
                    .collect(),
            )),
            Err(SaveError::Other(e)) => Err(e.into()),
        }
    }

    /// Imports a bundle into this institution: into its assessment of the same year and
    /// edition, or a new one; with `into`, only into that assessment. Every answer is checked
    /// before anything is written. Returns the assessment and how many answers it carried.
    pub async fn import_bundle(
        &self,
        institution: InstitutionId,
        text: &str,
        into: Option<i64>,
        saved_by: &str,
        actor: &Actor,
    ) -> Result<(AssessmentRecord, usize), ImportError> {
        let read = read_bundle(text.as_bytes()).map_err(ImportError::File)?;
        let b = &read.bundle;
        if let Some(m) =
            self.foreign_bundle(institution, &b.institution, "assessment.error.other_institution").await?
        {
            return Err(ImportError::File(m));
        }
        let existing = self
            .assessments(institution)
            .await?
            .into_iter()
            .find(|a| a.fiscal_year == b.fiscal_year && a.edition_id == b.edition.id);
        if let Some(wanted) = into
            && existing.as_ref().map(|a| a.id) != Some(wanted)
        {
            return Err(ImportError::File(Message::new("assessment.error.other_assessment")));
        }
        let edition = self
            .edition(&b.edition.id)
            .await
            .map_err(|_| {
                ImportError::File(Message::new("assessment.error.edition").arg("id", &b.edition.id))
            })?
            .edition;
        let answers =
            self.check_inputs(&edition, b.fiscal_year, &read.inputs, saved_by).map_err(|errors| {
                ImportError::Cells(
                    errors
                        .into_iter()
                        .flat_map(|(slot, fields)| {
                            let place = format!("answers[{}:{}]", slot.key, slot.scope_code());
                            fields.into_iter().map(move |f| CellError::new(&place, 0, f.field, f.message))
                        })
                        .collect(),
                )
            })?;
        let count = answers.len();
        let record = match existing {
            Some(r) => {
                self.store
                    .save_answers(institution, r.id, &answers, actor, self.clock.now())
                    .await
                    .map_err(AppError::from)?;
                r
            }
            None => {
                // A new assessment and its answers in one transaction: nothing half-made.
                let start = StartAssessment {
                    fiscal_year: b.fiscal_year,
                    edition_id: b.edition.id.clone(),
                    carry_from: None,
                    facts: Facts { vendor_contract: b.vendor_contract },
                };
                self.start_assessment_with(institution, &start, answers.into_iter().collect(), actor)
                    .await
                    .map_err(|e| match e {
                        AppError::Invalid(f) => ImportError::File(
                            f.into_iter()
                                .next()
                                .map(|f| f.message)
                                .unwrap_or(Message::new("error.choose_one")),
                        ),
                        other => ImportError::Other(other),
                    })?
            }
        };
        Ok((record, count))
    }
}
