//! How far an assessment is: per section, what is still いいえ, what is overdue.

use super::Slot;
use super::answer::{Answer, YesNo};
use super::applicability::{Facts, applicability};
use crate::catalog::{Edition, Scope};
use serde::Serialize;
use std::collections::BTreeMap;
use time::Date;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SectionStatus {
    pub number: String,
    pub title: String,
    pub yes: usize,
    pub no: usize,
    pub unanswered: usize,
    pub not_applicable: usize,
    /// Carried from last year, not yet reconfirmed.
    pub drafts: usize,
}

impl SectionStatus {
    /// Answers to give in this section (not applicable ones excluded).
    pub fn to_answer(&self) -> usize {
        self.yes + self.no + self.unanswered
    }

    /// はい as a share of what is to be answered, 0–100.
    pub fn yes_percent(&self) -> usize {
        (self.yes * 100).checked_div(self.to_answer()).unwrap_or(0)
    }
}

/// An item still answered いいえ, with its 目標日.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenItem {
    pub number: String,
    pub key: String,
    pub title: String,
    pub scope: Option<Scope>,
    pub target: Option<Date>,
    pub overdue: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Status {
    pub sections: Vec<SectionStatus>,
    pub open: Vec<OpenItem>,
    /// Answered slots without a 確認日.
    pub missing_dates: usize,
    pub complete: bool,
}

impl Status {
    pub fn total(&self) -> SectionStatus {
        let mut t = SectionStatus::default();
        for s in &self.sections {
            t.yes += s.yes;
            t.no += s.no;
            t.unanswered += s.unanswered;
            t.not_applicable += s.not_applicable;
            t.drafts += s.drafts;
        }
        t
    }
}

pub fn status(edition: &Edition, answers: &BTreeMap<Slot, Answer>, facts: Facts, today: Date) -> Status {
    let mut out = Status::default();
    for section in &edition.sections {
        let mut s = SectionStatus {
            number: section.number.clone(),
            title: section.title.clone(),
            ..Default::default()
        };
        for item in edition.items_in(&section.number) {
            let applies = applicability(edition, item, facts, answers).applies();
            for scope in item.slots() {
                let answer = answers.get(&Slot::new(&item.key, scope));
                if !applies {
                    s.not_applicable += 1;
                    continue;
                }
                let Some(a) = answer.filter(|a| a.value.is_some() && !a.draft) else {
                    s.unanswered += 1;
                    s.drafts += usize::from(answer.is_some_and(|a| a.draft));
                    continue;
                };
                if a.confirmed[0].is_none() {
                    out.missing_dates += 1;
                }
                if item.gate {
                    // The preliminary question states a fact; either answer completes it.
                    continue;
                }
                if a.value == Some(YesNo::Yes) {
                    s.yes += 1;
                } else {
                    s.no += 1;
                    out.open.push(OpenItem {
                        number: item.number.clone(),
                        key: item.key.clone(),
                        title: item.title.clone(),
                        scope,
                        target: a.target,
                        overdue: a.target.is_some_and(|t| t < today),
                    });
                }
            }
        }
        out.sections.push(s);
    }
    out.complete = out.sections.iter().all(|s| s.unanswered == 0) && out.missing_dates == 0;
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin::edition;
    use time::macros::date;

    #[test]
    fn counts_per_section_with_overdue_targets() {
        let e = edition("mhlw-checklist-r6-hospital").unwrap();
        let mut a = BTreeMap::new();
        let yes = Answer {
            value: Some(YesNo::Yes),
            confirmed: [Some(date!(2024 - 06 - 01)), None],
            ..Default::default()
        };
        a.insert(Slot::new("system.in_use", None), yes.clone());
        a.insert(Slot::new("governance.security_officer", None), yes);
        let no = Answer {
            value: Some(YesNo::No),
            confirmed: [Some(date!(2024 - 06 - 01)), None],
            target: Some(date!(2024 - 09 - 30)),
            ..Default::default()
        };
        a.insert(Slot::new("access.logs", Some(Scope::Server)), no);
        a.insert(
            Slot::new("assets.ledger", Some(Scope::General)),
            Answer { value: Some(YesNo::Yes), draft: true, ..Default::default() },
        );
        let st = status(e, &a, Facts { vendor_contract: false }, date!(2024 - 10 - 01));
        let s2 = st.sections.iter().find(|s| s.number == "2").unwrap();
        assert_eq!((s2.yes, s2.no, s2.not_applicable, s2.drafts), (0, 1, 2, 1));
        assert_eq!(st.sections.iter().find(|s| s.number == "1").unwrap().yes_percent(), 100);
        assert_eq!(st.open.len(), 1);
        assert!(st.open[0].overdue);
        assert!(!st.complete);
    }

    #[test]
    fn no_system_means_complete_after_one_answer() {
        let e = edition("mhlw-checklist-r7-pharmacy").unwrap();
        let mut a = BTreeMap::new();
        let no = Answer {
            value: Some(YesNo::No),
            confirmed: [Some(date!(2025 - 06 - 01)), None],
            ..Default::default()
        };
        a.insert(Slot::new("system.in_use", None), no);
        let st = status(e, &a, Facts::default(), date!(2025 - 07 - 01));
        assert!(st.complete, "{st:?}");
        assert_eq!(st.total().not_applicable, e.items.iter().skip(1).map(|i| i.slots().len()).sum::<usize>());
        // The gate answered いいえ is not an open item to plan.
        assert!(st.open.is_empty());
    }
}
