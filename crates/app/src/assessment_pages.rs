//! The checklist pages in one call each: the list (every assessment with its totals, and what
//! the start form offers) and one item (its answers, suggestions, evidence and review).

use crate::App;
use crate::assessments::AssessmentView;
use crate::error::{AppError, AppResult};
use iryosec_core::InstitutionId;
use iryosec_core::assessment::SectionStatus;
use iryosec_core::catalog::{Edition, Item, Scope};
use iryosec_core::suggest::Suggested;
use iryosec_store::{AssessmentRecord, EvidenceMeta, SuggestionReview};
use time::Date;

/// The first fiscal year the start form offers.
const FIRST_YEAR: i32 = 2023;

/// The list of assessments and the start form's choices.
pub struct AssessmentList {
    /// Newest first.
    pub assessments: Vec<Listed>,
    /// The fiscal years the start form offers, newest first (up to next year).
    pub years: Vec<i32>,
    pub current_year: i32,
    /// The editions the institution's kind answers.
    pub editions: Vec<Edition>,
    /// The edition proposed for the current year.
    pub proposed: Option<Edition>,
}

/// One assessment with its edition's title and totals; `None` when its edition cannot be
/// read (a later-deleted import, say), which must not take the whole list down with it.
pub struct Listed {
    pub record: AssessmentRecord,
    pub summary: Option<(String, SectionStatus)>,
}

/// One checklist item's page.
pub struct ItemPage {
    pub view: AssessmentView,
    pub item: Item,
    /// The registers' suggestion for each of the item's scopes, in the item's order.
    pub suggestions: Vec<(Option<Scope>, Suggested)>,
    /// The files kept for this item.
    pub evidence: Vec<EvidenceMeta>,
    /// A person's word on this item's suggestion, if given.
    pub review: Option<SuggestionReview>,
    pub today: Date,
}

impl App {
    pub async fn assessment_item_page(
        &self,
        institution: InstitutionId,
        id: i64,
        key: &str,
    ) -> AppResult<ItemPage> {
        let view = self.assessment_view(institution, id).await?;
        let item = view.edition.item(key).ok_or(AppError::NotFound)?.clone();
        let scopes = item.slots();
        let suggested = self.suggestions_for_item(institution, view.record.fiscal_year, key, &scopes).await?;
        let mut evidence = self.evidence_of(institution, id).await?;
        evidence.retain(|e| e.item_key == key);
        let reviews = self.suggestion_reviews(institution, id).await?;
        Ok(ItemPage {
            suggestions: scopes.into_iter().zip(suggested).collect(),
            evidence,
            review: reviews.into_iter().find(|r| r.item_key == key),
            today: self.today(),
            view,
            item,
        })
    }

    pub async fn assessment_list(&self, institution: InstitutionId) -> AppResult<AssessmentList> {
        let kind = self.institution(institution).await?.profile.kind;
        let mut assessments = Vec::new();
        for record in self.assessments(institution).await? {
            let summary = match self.assessment_view(institution, record.id).await {
                Ok(view) => Some((view.edition.title.clone(), view.status.total())),
                Err(e) => {
                    tracing::error!(assessment = record.id, error = %e, "assessment cannot be shown");
                    None
                }
            };
            assessments.push(Listed { record, summary });
        }
        let current_year = self.current_fiscal_year().0;
        Ok(AssessmentList {
            assessments,
            years: (FIRST_YEAR..=current_year + 1).rev().collect(),
            current_year,
            editions: self.editions_for(kind).await?,
            proposed: self.proposed_edition(kind, current_year).await?,
        })
    }
}
