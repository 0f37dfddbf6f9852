//! The staff check counted per department and job role — never per person. A group of fewer
//! than [`MIN_GROUP`] people would point at them, so such groups are folded into one line.

use super::answer::{Answers, JobRole, Respondent};
use super::tally::Counts;
use serde::Serialize;
use std::collections::BTreeMap;

/// The fewest people a department and job role are shown for on their own.
pub const MIN_GROUP: usize = 3;

/// One department and job role (or, with both `None`, the small groups folded together).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffGroup {
    pub department: Option<String>,
    pub job_role: Option<JobRole>,
    pub respondents: usize,
    /// Every mark its people gave.
    pub counts: Counts,
}

impl StaffGroup {
    pub fn is_folded(&self) -> bool {
        self.job_role.is_none()
    }
}

/// The groups in department and job-role order, the folded small groups last.
pub fn staff_groups(answers: &[(&Respondent, &Answers)]) -> Vec<StaffGroup> {
    let mut by: BTreeMap<&Respondent, (usize, Counts)> = BTreeMap::new();
    for (who, given) in answers {
        let (n, counts) = by.entry(who).or_default();
        *n += 1;
        for a in given.values() {
            counts.add(a.mark);
        }
    }
    let mut out = Vec::new();
    let mut folded =
        StaffGroup { department: None, job_role: None, respondents: 0, counts: Counts::default() };
    for (who, (n, counts)) in by {
        if n >= MIN_GROUP {
            out.push(StaffGroup {
                department: Some(who.department.clone()),
                job_role: Some(who.job_role),
                respondents: n,
                counts,
            });
        } else {
            folded.respondents += n;
            folded.counts = folded.counts.plus(counts);
        }
    }
    if folded.respondents > 0 {
        out.push(folded);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roles::{ItemAnswer, Mark};

    #[test]
    fn groups_of_fewer_than_three_are_folded_together() {
        let nurse = Respondent { department: "看護部".into(), job_role: JobRole::Nurse };
        let doctor = Respondent { department: "医局".into(), job_role: JobRole::Doctor };
        let answer =
            |m: Mark| -> Answers { [("a".to_owned(), ItemAnswer { mark: m, note: String::new() })].into() };
        let (yes, no) = (answer(Mark::Yes), answer(Mark::No));
        let given = [(&nurse, &yes), (&nurse, &yes), (&nurse, &no), (&doctor, &no)];
        let groups = staff_groups(&given);
        assert_eq!(groups.len(), 2);
        assert_eq!((groups[0].department.as_deref(), groups[0].respondents), (Some("看護部"), 3));
        assert_eq!((groups[0].counts.yes, groups[0].counts.no), (2, 1));
        assert!(groups[1].is_folded());
        assert_eq!((groups[1].respondents, groups[1].counts.no), (1, 1), "the one doctor is not shown alone");
    }
}
