//! Aggregating many institutions' bundles, as a group, an association or a prefecture does:
//! the latest bundle per institution, fiscal year and kind; per-question distributions (survey)
//! and per-item はい／いいえ／未回答 (checklist), broken down by size band and prefecture;
//! critical gaps ([`gaps`]); the institutions that have not answered. Reading the files is
//! the io crate's job; everything here is pure. Documented in `docs/aggregate.md`.

mod band;
mod count;
pub mod gaps;
mod roster;
pub mod svg;

pub use band::SizeBand;
pub use count::{Measure, QuestionReport, RowLabel, RowReport, Tally, ratio};
pub use gaps::Gap;
pub use roster::{Missing, MissingReason, RosterEntry};

use crate::assessment::{Facts, Slot, YesNo};
use crate::{catalog, survey};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Who a bundle is from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Institution {
    pub name: String,
    /// JIS code 1–47.
    pub prefecture: u8,
    pub medical_code: Option<String>,
    pub beds: Option<u32>,
}

impl Institution {
    /// The 医療機関コード when there is one, otherwise name and prefecture.
    pub fn key(&self) -> String {
        match self.medical_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => format!("code:{code}"),
            None => self.name_key(),
        }
    }

    pub fn name_key(&self) -> String {
        format!("name:{}|{}", self.name.trim(), self.prefecture)
    }

    pub fn band(&self) -> SizeBand {
        SizeBand::of(self.beds)
    }
}

/// What a bundle answers.
#[derive(Debug, Clone)]
pub enum Content {
    /// A survey edition's valid answers (only applicable questions) and which questions applied.
    Survey { edition: &'static survey::Edition, answers: survey::Answers, applicable: BTreeSet<String> },
    /// A checklist edition's はい／いいえ per slot.
    Checklist { edition: &'static catalog::Edition, facts: Facts, answers: BTreeMap<Slot, YesNo> },
}

impl Content {
    pub fn kind(&self) -> &'static str {
        match self {
            Content::Survey { .. } => "survey",
            Content::Checklist { .. } => "checklist",
        }
    }

    pub fn edition_id(&self) -> &'static str {
        match self {
            Content::Survey { edition, .. } => &edition.id,
            Content::Checklist { edition, .. } => &edition.id,
        }
    }

    /// The critical gaps these answers show.
    pub fn gaps(&self) -> Vec<Gap> {
        let rules = gaps::rules();
        match self {
            Content::Survey { edition, answers, .. } => rules.survey_gaps(&edition.id, answers),
            Content::Checklist { answers, .. } => {
                rules.checklist_gaps(answers.iter().map(|(slot, v)| (slot.key.as_str(), Some(*v))))
            }
        }
    }
}

/// One bundle, read and checked.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The file it came from, as the person named it.
    pub file: String,
    pub institution: Institution,
    pub fiscal_year: i32,
    /// When it was written, in seconds since 1970 (from `exported_at`).
    pub exported_at: i64,
    pub content: Content,
}

/// A bundle left out because a later one of the same institution, year and kind was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Superseded {
    pub file: String,
    pub by: String,
}

/// One institution with critical gaps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapRow {
    pub fiscal_year: i32,
    pub edition: String,
    pub file: String,
    pub institution: Institution,
    pub gaps: Vec<Gap>,
}

/// The distributions of one edition.
#[derive(Debug, Clone, Serialize)]
pub struct EditionReport {
    pub kind: &'static str,
    pub id: String,
    pub title: String,
    pub fiscal_year: i32,
    /// The institutions whose bundle was counted, by band and prefecture.
    pub institutions: Tally,
    /// How many institutions show each critical gap.
    pub gaps: Vec<(Gap, Tally)>,
    pub questions: Vec<QuestionReport>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Bundles given (and readable).
    pub bundles: usize,
    /// Bundles counted: the latest per institution, fiscal year and kind.
    pub counted: usize,
    pub superseded: Vec<Superseded>,
    /// Distinct institutions among the counted bundles.
    pub institutions: usize,
    /// The latest fiscal year in the bundles: the year the not-answered list is for.
    pub latest_year: Option<i32>,
    pub editions: Vec<EditionReport>,
    pub gaps: Vec<GapRow>,
    pub not_answered: Vec<Missing>,
}

/// Keeps the latest bundle per institution, fiscal year and kind (by `exported_at`, then the
/// file name, so the result never depends on the order files were given).
fn latest(submissions: Vec<Submission>) -> (Vec<Submission>, Vec<Superseded>) {
    let mut kept: BTreeMap<(String, i32, &'static str), Submission> = BTreeMap::new();
    let mut superseded = Vec::new();
    for s in submissions {
        let key = (s.institution.key(), s.fiscal_year, s.content.kind());
        match kept.remove(&key) {
            None => {
                kept.insert(key, s);
            }
            Some(old) => {
                let (newer, older) =
                    if (s.exported_at, &s.file) > (old.exported_at, &old.file) { (s, old) } else { (old, s) };
                superseded.push(Superseded { file: older.file, by: newer.file.clone() });
                kept.insert(key, newer);
            }
        }
    }
    superseded.sort_by(|a, b| a.file.cmp(&b.file));
    (kept.into_values().collect(), superseded)
}

/// Aggregates the bundles; `roster` is the list of institutions expected to answer (empty
/// when none was given).
pub fn aggregate(submissions: Vec<Submission>, roster: &[RosterEntry]) -> Report {
    let bundles = submissions.len();
    let (kept, superseded) = latest(submissions);
    let institutions: BTreeSet<String> = kept.iter().map(|s| s.institution.key()).collect();
    let latest_year = kept.iter().map(|s| s.fiscal_year).max();

    let mut by_edition: BTreeMap<(i32, &'static str, &'static str), Vec<&Submission>> = BTreeMap::new();
    for s in &kept {
        by_edition.entry((s.fiscal_year, s.content.kind(), s.content.edition_id())).or_default().push(s);
    }
    let editions = by_edition.values().map(|group| count::edition_report(group)).collect();

    let mut gaps: Vec<GapRow> = kept
        .iter()
        .filter_map(|s| {
            let found = s.content.gaps();
            (!found.is_empty()).then(|| GapRow {
                fiscal_year: s.fiscal_year,
                edition: s.content.edition_id().to_owned(),
                file: s.file.clone(),
                institution: s.institution.clone(),
                gaps: found,
            })
        })
        .collect();
    gaps.sort_by(|a, b| {
        (b.fiscal_year, a.institution.prefecture, &a.institution.name).cmp(&(
            a.fiscal_year,
            b.institution.prefecture,
            &b.institution.name,
        ))
    });
    let not_answered = latest_year.map(|year| roster::not_answered(&kept, roster, year)).unwrap_or_default();
    Report {
        bundles,
        counted: kept.len(),
        superseded,
        institutions: institutions.len(),
        latest_year,
        editions,
        gaps,
        not_answered,
    }
}

#[cfg(test)]
mod tests;
