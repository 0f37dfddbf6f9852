//! The home page's start list, judged from what the institution has stored.

use crate::App;
use crate::error::AppResult;
use iryosec_core::InstitutionId;
use iryosec_core::start::{ChecklistFacts, SECOND_STEP_REGISTERS, StartFacts, StartItem, start_list};
use iryosec_store::AssetFilter;

impl App {
    /// The first day's steps in order, each with whether it is done.
    pub async fn start_list(&self, institution: InstitutionId) -> AppResult<Vec<StartItem>> {
        let (_, assets) = self.store.assets(institution, &AssetFilter::default(), 1, 0).await?;
        let mut empty_registers = Vec::new();
        for register in SECOND_STEP_REGISTERS {
            if self.store.entries(institution, register, None).await?.is_empty() {
                empty_registers.push(register);
            }
        }
        let current = self.current_fiscal_year().0;
        let record =
            self.store.assessments(institution).await?.into_iter().find(|r| r.fiscal_year == current);
        let checklist = match record {
            Some(r) => {
                let status = self.assessment_view(institution, r.id).await?.status;
                let total = status.total();
                let answered = total.unanswered == 0 && total.drafts == 0;
                Some(ChecklistFacts { id: r.id, answered, complete: answered && status.complete })
            }
            None => None,
        };
        Ok(start_list(&StartFacts { assets, empty_registers, checklist }))
    }
}
