//! Who has not answered: institutions on the roster of those expected to answer without a
//! bundle for the latest fiscal year, and institutions that answered an earlier year but not
//! the latest.

use super::{Institution, Submission};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One line of the roster (`医療機関コード,名称,都道府県,病床数`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub institution: Institution,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MissingReason {
    /// On the roster, no bundle for the year.
    Roster,
    /// Answered an earlier year (the last one given), not this one.
    EarlierYear { last_year: i32 },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub fiscal_year: i32,
    pub institution: Institution,
    pub reason: MissingReason,
}

/// The keys an institution can be recognised by: its code and its name with prefecture, so
/// a roster line without a code still finds a bundle with one, and the other way round.
fn keys(i: &Institution) -> [String; 2] {
    [i.key(), i.name_key()]
}

pub(super) fn not_answered(kept: &[Submission], roster: &[RosterEntry], year: i32) -> Vec<Missing> {
    let answered: BTreeSet<String> =
        kept.iter().filter(|s| s.fiscal_year == year).flat_map(|s| keys(&s.institution)).collect();
    let is_answered = |i: &Institution| keys(i).iter().any(|k| answered.contains(k));
    let mut listed: BTreeSet<String> = BTreeSet::new();
    let mut out = Vec::new();
    for entry in roster {
        let i = &entry.institution;
        if is_answered(i) || listed.contains(&i.key()) {
            continue;
        }
        listed.extend(keys(i));
        out.push(Missing { fiscal_year: year, institution: i.clone(), reason: MissingReason::Roster });
    }
    // Earlier years: the latest bundle of each institution that did not answer this year.
    let mut earlier: BTreeMap<String, &Submission> = BTreeMap::new();
    for s in kept.iter().filter(|s| s.fiscal_year < year) {
        let e = earlier.entry(s.institution.key()).or_insert(s);
        if s.fiscal_year > e.fiscal_year {
            *e = s;
        }
    }
    for s in earlier.values() {
        let i = &s.institution;
        if is_answered(i) || keys(i).iter().any(|k| listed.contains(k)) {
            continue;
        }
        listed.extend(keys(i));
        let reason = MissingReason::EarlierYear { last_year: s.fiscal_year };
        out.push(Missing { fiscal_year: year, institution: i.clone(), reason });
    }
    out.sort_by(|a, b| {
        (a.institution.prefecture, &a.institution.name).cmp(&(b.institution.prefecture, &b.institution.name))
    });
    out
}
