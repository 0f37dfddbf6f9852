//! The yearly self-assessment: start (possibly from last year), answer, see where it stands.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::assessment::{
    Answer, AnswerInput, CarryFlag, Facts, Slot, Status, carry_forward, check_answer, status,
};
use iryosec_core::audit::Actor;
use iryosec_core::catalog::{Edition, Scope, Sheet};
use iryosec_core::date::FiscalYear;
use iryosec_core::institution::InstitutionKind;
use iryosec_core::{FieldError, InstitutionId, Message};
use iryosec_store::{AssessmentRecord, NewAssessment};
use std::collections::BTreeMap;
use time::Date;

/// An assessment with everything a page or an export needs.
#[derive(Debug, Clone)]
pub struct AssessmentView {
    pub record: AssessmentRecord,
    pub edition: Edition,
    pub answers: BTreeMap<Slot, Answer>,
    pub flags: BTreeMap<String, CarryFlag>,
    pub status: Status,
}

/// How to start an assessment.
#[derive(Debug, Clone)]
pub struct StartAssessment {
    pub fiscal_year: i32,
    pub edition_id: String,
    /// Start from this earlier assessment's answers.
    pub carry_from: Option<i64>,
    pub facts: Facts,
}

/// Problems with the answers of one or more slots.
pub type SlotErrors = Vec<(Slot, Vec<FieldError>)>;

/// The sheets an institution of this kind answers: its own, or from 令和8年度 the one sheet
/// for both (医療機関・薬局確認用). A hospital is never offered the pharmacy's sheet, nor a
/// pharmacy the hospital's; the vendor sheet is the vendor's to fill in.
pub fn sheets_for(kind: InstitutionKind) -> [Sheet; 2] {
    match kind {
        InstitutionKind::Pharmacy => [Sheet::Pharmacy, Sheet::HospitalPharmacy],
        _ => [Sheet::Hospital, Sheet::HospitalPharmacy],
    }
}

impl App {
    /// Today in Japan, from the clock.
    pub fn today(&self) -> Date {
        self.clock.now().to_jst().map_or(Date::MIN, |d| d.date())
    }

    pub fn current_fiscal_year(&self) -> FiscalYear {
        FiscalYear::containing(self.today())
    }

    /// The editions an institution of this kind may answer, newest year first.
    pub async fn editions_for(&self, kind: InstitutionKind) -> AppResult<Vec<Edition>> {
        let sheets = sheets_for(kind);
        let mut editions: Vec<Edition> = self
            .editions()
            .await?
            .into_iter()
            .map(|e| e.edition)
            .filter(|e| sheets.contains(&e.sheet))
            .collect();
        editions.sort_by_key(|e| std::cmp::Reverse(e.fiscal_year));
        Ok(editions)
    }

    /// The edition to propose for a fiscal year: the newest of the institution's sheets not
    /// newer than the year — the year's own edition when there is one. Of one year's editions,
    /// one taken from the ministry's text (imported) goes before a provisional one.
    pub async fn proposed_edition(
        &self,
        kind: InstitutionKind,
        fiscal_year: i32,
    ) -> AppResult<Option<Edition>> {
        Ok(self
            .editions_for(kind)
            .await?
            .into_iter()
            .filter(|e| e.fiscal_year <= fiscal_year)
            .max_by_key(|e| (e.fiscal_year, !e.provisional)))
    }

    pub async fn assessments(&self, institution: InstitutionId) -> AppResult<Vec<AssessmentRecord>> {
        Ok(self.store.assessments(institution).await?)
    }

    pub async fn start_assessment(
        &self,
        institution: InstitutionId,
        start: &StartAssessment,
        actor: &Actor,
    ) -> AppResult<AssessmentRecord> {
        self.start_assessment_with(institution, start, BTreeMap::new(), actor).await
    }

    /// Starts an assessment with answers already checked (an imported bundle's), in one step.
    pub async fn start_assessment_with(
        &self,
        institution: InstitutionId,
        start: &StartAssessment,
        given: BTreeMap<Slot, Answer>,
        actor: &Actor,
    ) -> AppResult<AssessmentRecord> {
        let current = self.current_fiscal_year().0;
        if !(2023..=current + 1).contains(&start.fiscal_year) {
            return Err(AppError::field(
                "fiscal_year",
                Message::new("assessment.error.fiscal_year").arg("max", current + 1),
            ));
        }
        let edition = self
            .edition(&start.edition_id)
            .await
            .map_err(|_| {
                AppError::field(
                    "edition_id",
                    Message::new("assessment.error.edition").arg("id", &start.edition_id),
                )
            })?
            .edition;
        if edition.sheet == Sheet::Vendor {
            return Err(AppError::field("edition_id", Message::new("assessment.error.vendor_sheet")));
        }
        if edition.fiscal_year > start.fiscal_year {
            return Err(AppError::field("edition_id", Message::new("assessment.error.edition_newer")));
        }
        let (answers, flags, carried_from) = match start.carry_from {
            None => (given, BTreeMap::new(), None),
            Some(id) => {
                let previous = self.assessment_view(institution, id).await?;
                let (answers, flags) = carry_forward(&previous.edition, &previous.answers, &edition);
                (answers, flags, Some(id))
            }
        };
        let new = NewAssessment {
            fiscal_year: start.fiscal_year,
            edition_id: edition.id.clone(),
            facts: start.facts,
            carried_from,
            carry_flags: serde_json::to_string(&flags).unwrap_or_else(|_| "{}".into()),
            answers,
        };
        self.store.create_assessment(institution, &new, actor, self.clock.now()).await.map_err(|e| match e {
            iryosec_store::StoreError::Conflict("assessment") => {
                AppError::field("edition_id", Message::new("assessment.error.exists"))
            }
            other => other.into(),
        })
    }

    pub async fn assessment_view(&self, institution: InstitutionId, id: i64) -> AppResult<AssessmentView> {
        let record = self.store.assessment(institution, id).await?.ok_or(AppError::NotFound)?;
        let edition = self.edition(&record.edition_id).await?.edition;
        let answers = self.store.answers(institution, id).await?;
        let flags: BTreeMap<String, CarryFlag> =
            serde_json::from_str(&record.carry_flags).unwrap_or_default();
        let status = status(&edition, &answers, record.facts, self.today());
        Ok(AssessmentView { record, edition, answers, flags, status })
    }

    /// Checks and saves the answers of some slots, all or none. `confirmed_by` defaults to
    /// the person saving.
    pub async fn save_answers(
        &self,
        institution: InstitutionId,
        id: i64,
        inputs: &[(Slot, AnswerInput)],
        saved_by: &str,
        actor: &Actor,
    ) -> Result<(), SaveError> {
        let inputs: Vec<(Slot, AnswerInput, bool)> =
            inputs.iter().map(|(s, i)| (s.clone(), i.clone(), false)).collect();
        self.save_answer_inputs(institution, id, &inputs, saved_by, actor).await
    }

    /// As [`App::save_answers`], with a draft flag per answer (drafts carried in an imported
    /// bundle stay drafts: they need no 確認日 and no 目標日 yet).
    pub async fn save_answer_inputs(
        &self,
        institution: InstitutionId,
        id: i64,
        inputs: &[(Slot, AnswerInput, bool)],
        saved_by: &str,
        actor: &Actor,
    ) -> Result<(), SaveError> {
        let view = self.assessment_view(institution, id).await?;
        let answers = self
            .check_inputs(&view.edition, view.record.fiscal_year, inputs, saved_by)
            .map_err(SaveError::Invalid)?;
        self.store
            .save_answers(institution, id, &answers, actor, self.clock.now())
            .await
            .map_err(AppError::from)?;
        Ok(())
    }

    /// Checks answers for an edition and fiscal year without saving anything.
    pub fn check_inputs(
        &self,
        edition: &Edition,
        fiscal_year: i32,
        inputs: &[(Slot, AnswerInput, bool)],
        saved_by: &str,
    ) -> Result<Vec<(Slot, Answer)>, SlotErrors> {
        let (fy, today) = (FiscalYear(fiscal_year), self.today());
        let mut errors = Vec::new();
        let mut answers = Vec::new();
        for (slot, input, draft) in inputs {
            let Some(item) = edition.item(&slot.key) else {
                errors.push((
                    slot.clone(),
                    vec![FieldError::new(
                        "item",
                        Message::new("assessment.error.unknown_item").arg("key", &slot.key),
                    )],
                ));
                continue;
            };
            if !item.slots().contains(&slot.scope) {
                errors.push((
                    slot.clone(),
                    vec![FieldError::new("scope", Message::new("assessment.error.unknown_scope"))],
                ));
                continue;
            }
            match check_answer(input, fy, edition.confirmations, item.gate, today) {
                Ok(mut a) => {
                    if a.value.is_some() && a.confirmed_by.is_empty() && !draft {
                        a.confirmed_by = saved_by.chars().take(60).collect();
                    }
                    a.draft = *draft;
                    answers.push((slot.clone(), a));
                }
                Err(e) if *draft => {
                    // Not yet confirmed is what a draft is: only its missing dates are forgiven.
                    let forgiven =
                        ["assessment.error.confirmed_required", "assessment.error.target_required"];
                    let real: Vec<FieldError> =
                        e.into_iter().filter(|f| !forgiven.contains(&f.message.key)).collect();
                    // Checked once more without the value, which is what those rules hang on.
                    let without_value = AnswerInput { value: String::new(), ..input.clone() };
                    match (
                        real.is_empty(),
                        check_answer(&without_value, fy, edition.confirmations, item.gate, today),
                    ) {
                        (true, Ok(mut a)) => {
                            a.value = iryosec_core::assessment::YesNo::parse(&input.value);
                            a.draft = true;
                            answers.push((slot.clone(), a));
                        }
                        (true, Err(e)) => errors.push((slot.clone(), e)),
                        (false, _) => errors.push((slot.clone(), real)),
                    }
                }
                Err(e) => errors.push((slot.clone(), e)),
            }
        }
        if errors.is_empty() { Ok(answers) } else { Err(errors) }
    }

    pub async fn set_assessment_facts(
        &self,
        institution: InstitutionId,
        id: i64,
        facts: Facts,
        actor: &Actor,
    ) -> AppResult<()> {
        Ok(self.store.set_assessment_facts(institution, id, facts, actor, self.clock.now()).await?)
    }
}

/// Why answers were not saved.
#[derive(Debug)]
pub enum SaveError {
    Invalid(SlotErrors),
    Other(AppError),
}

impl From<AppError> for SaveError {
    fn from(e: AppError) -> Self {
        SaveError::Other(e)
    }
}

/// Slots of an item in form order, for pages and sheets.
pub fn item_slots(edition: &Edition, key: &str) -> Vec<Option<Scope>> {
    edition.item(key).map(|i| i.slots()).unwrap_or_default()
}
