//! Suggested answers for a fiscal year's checklist, from the institution's registers.

use crate::{App, AppError, AppResult};
use iryosec_core::InstitutionId;
use iryosec_core::catalog::{Edition, Scope};
use iryosec_core::date::FiscalYear;
use iryosec_core::suggest::{Evidence, Suggested, needs, suggest};
use serde::Serialize;

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
        // Most items have no rule, and a rule reads one register: the item page loads only that.
        let needs = needs(key);
        let assets = if needs.assets { self.ledger(institution).await? } else { Vec::new() };
        let reviews = if needs.account_reviews {
            self.reviewed_accounts(institution, fiscal_year).await?
        } else {
            Vec::new()
        };
        let evidence = Evidence {
            today: self.as_of(fiscal_year),
            fiscal_year: FiscalYear(fiscal_year),
            assets: &assets,
            account_reviews: &reviews,
        };
        Ok(scopes.iter().map(|s| suggest(key, s.unwrap_or(Scope::General), &evidence)).collect())
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
        let assets = self.ledger(institution).await?;
        let reviews = self.reviewed_accounts(institution, fiscal_year).await?;
        let evidence = Evidence {
            today: self.as_of(fiscal_year),
            fiscal_year: FiscalYear(fiscal_year),
            assets: &assets,
            account_reviews: &reviews,
        };
        let slots = edition
            .items
            .iter()
            .flat_map(|item| item.slots().into_iter().map(move |scope| (item, scope)))
            .map(|(item, scope)| SlotSuggestion {
                key: item.key.clone(),
                number: item.number.clone(),
                title: item.title.clone(),
                scope,
                suggested: suggest(&item.key, scope.unwrap_or(Scope::General), &evidence),
            })
            .collect();
        Ok((edition, slots))
    }

    /// The day a year's registers are judged at: its last day, or today while it runs.
    fn as_of(&self, fiscal_year: i32) -> time::Date {
        let today = self.today();
        FiscalYear(fiscal_year).end().map_or(today, |end| end.min(today))
    }
}
