//! Suggested answers for a fiscal year's checklist, from the institution's registers.

use crate::{App, AppError, AppResult};
use iryosec_core::InstitutionId;
use iryosec_core::catalog::{Edition, Scope};
use iryosec_core::register::{Record, Register, Registers};
use iryosec_core::suggest::Suggested;
use serde::Serialize;
use std::collections::BTreeMap;

/// One answer slot of the edition with its suggestion.
#[derive(Debug, Clone, Serialize)]
pub struct SlotSuggestion {
    pub key: String,
    pub number: String,
    pub title: String,
    pub scope: Option<Scope>,
    #[serde(flatten)]
    pub suggested: Suggested,
}

impl App {
    /// What the registers suggest for the given slots of one item, as of the year's end or today.
    pub async fn suggestions_for_item(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        key: &str,
        scopes: &[Option<Scope>],
    ) -> AppResult<Vec<Suggested>> {
        let facts = self.register_facts(institution, fiscal_year).await?;
        Ok(scopes.iter().map(|s| facts.suggest(key, s.unwrap_or(Scope::General))).collect())
    }

    /// Every slot of the edition in force for the year, with what the registers suggest. A past
    /// year is judged as at its last day; the current year as of today.
    pub async fn suggestions(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> AppResult<(Edition, Vec<SlotSuggestion>)> {
        let profile = self.institution(institution).await?.profile;
        let edition = self.proposed_edition(profile.kind, fiscal_year).await?.ok_or(AppError::NotFound)?;
        let slots = self.edition_suggestions(institution, fiscal_year, &edition).await?;
        Ok((edition, slots))
    }

    /// Every slot of the given edition with what the registers suggest for the year.
    pub async fn edition_suggestions(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        edition: &Edition,
    ) -> AppResult<Vec<SlotSuggestion>> {
        let facts = self.register_facts(institution, fiscal_year).await?;
        Ok(edition
            .items
            .iter()
            .flat_map(|item| item.slots().into_iter().map(move |scope| (item, scope)))
            .map(|(item, scope)| SlotSuggestion {
                key: item.key.clone(),
                number: item.number.clone(),
                title: item.title.clone(),
                scope,
                suggested: facts.suggest(&item.key, scope.unwrap_or(Scope::General)),
            })
            .collect())
    }

    /// Every register besides the ledger, with the answers of returned vendor sheets.
    pub async fn registers(&self, institution: InstitutionId) -> AppResult<Registers> {
        let mut all: BTreeMap<&str, Vec<Record>> = BTreeMap::new();
        let mut names: BTreeMap<i64, String> = BTreeMap::new();
        for entry in self.store.all_entries(institution).await? {
            if entry.register == Register::Vendors {
                names.insert(entry.id, entry.record.text("name").to_owned());
            }
            all.entry(entry.register.code()).or_default().push(entry.record);
        }
        let mut take = |r: Register| all.remove(r.code()).unwrap_or_default();
        let mut registers = Registers {
            systems: take(Register::Systems),
            vendors: take(Register::Vendors),
            backups: take(Register::Backups),
            restore_tests: take(Register::RestoreTests),
            contacts: take(Register::Contacts),
            documents: take(Register::Documents),
            paper_operations: take(Register::PaperOperations),
            drills: take(Register::Drills),
            drill_runs: self.drill_runs(institution).await?,
            connections: take(Register::Connections),
            vendor_answers: BTreeMap::new(),
        };
        for sheet in self.store.vendor_sheets(institution).await? {
            let (Some(name), Some(answers)) = (names.get(&sheet.vendor_id), sheet.answers.as_deref()) else {
                continue;
            };
            let answers = crate::vendor_sheets::answered_yes(answers);
            registers.vendor_answers.entry(name.clone()).or_default().extend(answers);
        }
        Ok(registers)
    }

    /// Records that a person confirmed (`accepted`) or overrode (`overridden`, reason required)
    /// what the registers suggest for an item, with the suggestion as it stood. Confirming it
    /// answers the item as suggested, confirmed today by `by`.
    pub async fn review_suggestion(
        &self,
        institution: InstitutionId,
        assessment: i64,
        key: &str,
        (decision, reason): (&str, &str),
        by: &str,
        actor: &iryosec_core::audit::Actor,
    ) -> AppResult<()> {
        let view = self.assessment_view(institution, assessment).await?;
        let item = view.edition.item(key).ok_or(AppError::NotFound)?;
        let reason = reason.trim();
        match decision {
            "accepted" => {}
            "overridden" if reason.is_empty() => {
                return Err(AppError::field(
                    "reason",
                    iryosec_core::Message::new("suggest.error.reason_required"),
                ));
            }
            "overridden" => {}
            _ => return Err(AppError::field("decision", iryosec_core::Message::new("error.choose_one"))),
        }
        if reason.chars().count() > 1000 {
            return Err(AppError::field(
                "reason",
                iryosec_core::Message::new("error.too_long").arg("max", 1000),
            ));
        }
        if decision == "accepted" {
            // The suggestion becomes the answer, through the same save as every answer.
            match self.accept_item_suggestion(institution, assessment, key, by, actor).await {
                Ok(true) => return Ok(()),
                Ok(false) => {}
                Err(crate::assessments::SaveError::Invalid(errors)) => {
                    return Err(AppError::Invalid(errors.into_iter().flat_map(|(_, e)| e).collect()));
                }
                Err(crate::assessments::SaveError::Other(e)) => return Err(e),
            }
        }
        let scopes = item.slots();
        let suggested = self.suggestions_for_item(institution, view.record.fiscal_year, key, &scopes).await?;
        let summary = scopes
            .iter()
            .zip(&suggested)
            .map(|(scope, s)| format!("{}:{}", scope.map_or("general", Scope::code), s.suggestion.code()))
            .collect::<Vec<_>>()
            .join(",");
        let review = iryosec_store::SuggestionReview {
            assessment_id: assessment,
            item_key: key.to_owned(),
            suggested: summary,
            decision: decision.to_owned(),
            reason: reason.to_owned(),
            decided_at: self.clock.now(),
            decided_by: actor.login.clone(),
        };
        Ok(self.store.save_suggestion_review(institution, &review, actor).await?)
    }

    pub async fn suggestion_reviews(
        &self,
        institution: InstitutionId,
        assessment: i64,
    ) -> AppResult<Vec<iryosec_store::SuggestionReview>> {
        Ok(self.store.suggestion_reviews(institution, assessment).await?)
    }
}
