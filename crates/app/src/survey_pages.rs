//! The survey pages in one call each: the list of years and the answers side by side over
//! the years.

use crate::App;
use crate::error::AppResult;
use crate::surveys::{HistoryLine, SurveyYear, sheet_lines};
use iryosec_core::InstitutionId;
use iryosec_core::survey::builtin;
use iryosec_store::SurveyArchive;

/// The survey list: every shipped survey, and whether this fiscal year's is missing.
pub struct SurveyList {
    /// Newest year first.
    pub years: Vec<SurveyYear>,
    /// The fiscal years iryosec carries a survey for, oldest first.
    pub carried: Vec<i32>,
    /// The current fiscal year, when iryosec carries no survey for it yet.
    pub missing_year: Option<i32>,
}

/// The answers over the years, and the archived answer sets.
pub struct SurveyHistory {
    /// Newest first.
    pub years: Vec<i32>,
    pub lines: Vec<HistoryLine>,
    pub archives: Vec<SurveyArchive>,
}

impl App {
    pub async fn survey_list(&self, institution: InstitutionId) -> AppResult<SurveyList> {
        let years = self.survey_years(institution).await?;
        let mut carried: Vec<i32> = years.iter().map(|y| y.edition.fiscal_year).collect();
        carried.sort_unstable();
        let current = self.current_fiscal_year().0;
        Ok(SurveyList { missing_year: (!carried.contains(&current)).then_some(current), carried, years })
    }

    /// For each question id answered in two or more years, the answers side by side.
    pub async fn survey_history(&self, institution: InstitutionId) -> AppResult<SurveyHistory> {
        let sets = self.store.survey_answer_sets(institution).await?;
        let mut lines: Vec<HistoryLine> = Vec::new();
        let mut years: Vec<i32> = Vec::new();
        for set in &sets {
            let Some(e) = builtin::edition(&set.edition_id) else { continue };
            years.push(set.fiscal_year);
            for line in sheet_lines(e, &set.answers).into_iter().filter(|l| !l.answer.is_empty()) {
                match lines.iter_mut().find(|l| l.id == line.id) {
                    Some(l) => l.by_year.push((set.fiscal_year, line.answer)),
                    None => lines.push(HistoryLine {
                        id: line.id,
                        text: line.text,
                        by_year: vec![(set.fiscal_year, line.answer)],
                    }),
                }
            }
        }
        lines.retain(|l| l.by_year.len() >= 2);
        years.sort_unstable_by(|a, b| b.cmp(a));
        years.dedup();
        Ok(SurveyHistory { years, lines, archives: self.survey_archives(institution).await? })
    }
}
