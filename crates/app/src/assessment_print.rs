//! The inspector's copy of an assessment: what its A4 print shows besides the answers — the
//! institution, and every answer that differs from what the registers suggest, with the reason
//! the person gave.

use crate::assessments::AssessmentView;
use crate::suggestions::SlotSuggestion;
use crate::{App, AppResult};
use iryosec_core::InstitutionId;
use iryosec_core::assessment::{Slot, YesNo, applicability};
use iryosec_core::catalog::Scope;
use iryosec_core::suggest::Suggestion;
use iryosec_store::SuggestionReview;

/// Everything the print of one assessment needs.
pub struct InspectionCopy {
    pub view: AssessmentView,
    pub differences: Vec<Difference>,
}

/// An answer that says the opposite of what the registers suggest today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    pub key: String,
    pub number: String,
    pub title: String,
    pub scope: Option<Scope>,
    pub answer: YesNo,
    pub suggested: Suggestion,
    /// The reason of the item's latest 「提案と異なる判断」; empty when none was recorded.
    pub reason: String,
}

impl App {
    /// The assessment with the institution and the answers that differ from the suggestions.
    pub async fn inspection_copy(&self, institution: InstitutionId, id: i64) -> AppResult<InspectionCopy> {
        let view = self.assessment_view(institution, id).await?;
        let suggested = self.edition_suggestions(institution, view.record.fiscal_year, &view.edition).await?;
        let reviews = self.suggestion_reviews(institution, id).await?;
        let differences = differences(&view, &suggested, &reviews);
        Ok(InspectionCopy { view, differences })
    }
}

/// Confirmed answers of applicable items that contradict a はい/いいえ suggestion. A suggestion
/// of 判断材料不足 contradicts nothing.
fn differences(
    view: &AssessmentView,
    suggested: &[SlotSuggestion],
    reviews: &[SuggestionReview],
) -> Vec<Difference> {
    suggested
        .iter()
        .filter_map(|s| {
            let item = view.edition.item(&s.key)?;
            if !applicability(&view.edition, item, view.record.facts, &view.answers).applies() {
                return None;
            }
            let answer = view.answers.get(&Slot::new(&s.key, s.scope)).filter(|a| !a.draft)?.value?;
            let contradicts = matches!(
                (answer, s.suggested.suggestion),
                (YesNo::Yes, Suggestion::No) | (YesNo::No, Suggestion::Yes)
            );
            contradicts.then(|| Difference {
                key: s.key.clone(),
                number: s.number.clone(),
                title: s.title.clone(),
                scope: s.scope,
                answer,
                suggested: s.suggested.suggestion,
                reason: override_reason(reviews, &s.key),
            })
        })
        .collect()
}

/// The reason of the item's latest review, if that review overrode the suggestion.
fn override_reason(reviews: &[SuggestionReview], key: &str) -> String {
    reviews
        .iter()
        .filter(|r| r.item_key == key)
        .max_by_key(|r| r.decided_at)
        .filter(|r| r.decision == "overridden")
        .map(|r| r.reason.clone())
        .unwrap_or_default()
}
