//! The checklist list page in one call: every assessment with its totals, and what the start
//! form offers (the years, the editions for the institution's kind, the proposed edition).

use crate::App;
use crate::error::AppResult;
use iryosec_core::InstitutionId;
use iryosec_core::assessment::SectionStatus;
use iryosec_core::catalog::Edition;
use iryosec_store::AssessmentRecord;

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

impl App {
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
