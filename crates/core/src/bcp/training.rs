//! Who took security training in a fiscal year, per audience (経営層 / システム管理者 /
//! 医療従事者): the staff listed for each audience against the training records.

use crate::date::FiscalYear;
use crate::register::{AUDIENCES, Record};
use crate::register::{staff, trainings};
use serde::Serialize;
use std::collections::BTreeSet;

/// One audience's coverage in the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    /// `executive`, `system_admin` or `clinical`.
    pub audience: &'static str,
    pub audience_ja: &'static str,
    /// Staff listed for the audience.
    pub listed: usize,
    /// Of them, those with a training record in the year.
    pub trained: usize,
    /// Listed staff without one, by name.
    pub untrained: Vec<String>,
    /// Training records in the year for this audience by people not on the staff list.
    pub unlisted: Vec<String>,
}

impl Coverage {
    /// Whole percent, or None when nobody is listed.
    pub fn percent(&self) -> Option<usize> {
        (self.listed > 0).then(|| self.trained * 100 / self.listed)
    }
}

pub fn coverage(staff: &[Record], trainings: &[Record], year: FiscalYear) -> Vec<Coverage> {
    AUDIENCES
        .iter()
        .map(|a| {
            let listed: BTreeSet<&str> = staff
                .iter()
                .filter(|s| s.text(staff::AUDIENCE) == a.code)
                .map(|s| s.text(staff::NAME))
                .collect();
            let took: BTreeSet<&str> = trainings
                .iter()
                .filter(|t| t.text(trainings::AUDIENCE) == a.code)
                .filter(|t| t.date(trainings::TAKEN_ON).is_some_and(|on| year.contains(on)))
                .map(|t| t.text(trainings::PERSON))
                .collect();
            Coverage {
                audience: a.code,
                audience_ja: a.ja,
                listed: listed.len(),
                trained: listed.intersection(&took).count(),
                untrained: listed.difference(&took).map(|s| (*s).to_owned()).collect(),
                unlisted: took.difference(&listed).map(|s| (*s).to_owned()).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::{Register, parse_record};

    fn rec(register: Register, pairs: &[(&str, &str)]) -> Record {
        parse_record(register, &|code| {
            pairs.iter().find(|(k, _)| *k == code).map_or(String::new(), |(_, v)| (*v).to_owned())
        })
        .unwrap()
    }

    #[test]
    fn coverage_counts_listed_staff_trained_within_the_year() {
        let staff = [
            rec(Register::Staff, &[("name", "山田"), ("audience", "経営層")]),
            rec(Register::Staff, &[("name", "佐藤"), ("audience", "システム管理者")]),
            rec(Register::Staff, &[("name", "鈴木"), ("audience", "医療従事者")]),
            rec(Register::Staff, &[("name", "高橋"), ("audience", "医療従事者")]),
        ];
        let t = |person: &str, audience: &str, on: &str| {
            rec(
                Register::Trainings,
                &[("person", person), ("audience", audience), ("course", "研修"), ("taken_on", on)],
            )
        };
        let trainings = [
            t("山田", "経営層", "2026-05-10"),
            t("佐藤", "システム管理者", "2026-03-31"),
            t("鈴木", "医療従事者", "2026-06-01"),
            t("田中", "医療従事者", "2026-06-01"),
        ];
        let c = coverage(&staff, &trainings, FiscalYear(2026));
        assert_eq!((c[0].listed, c[0].trained, c[0].percent()), (1, 1, Some(100)));
        assert_eq!((c[1].trained, c[1].untrained.clone()), (0, vec!["佐藤".to_owned()]), "last year's");
        assert_eq!((c[2].listed, c[2].trained, c[2].percent()), (2, 1, Some(50)));
        assert_eq!(c[2].unlisted, vec!["田中".to_owned()]);
        assert_eq!(coverage(&[], &[], FiscalYear(2026))[0].percent(), None);
    }
}
