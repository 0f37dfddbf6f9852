//! Critical gaps: answers that say an institution lacks an offline backup, runs a VPN device
//! that is not patched, or has no BCP. The rules are data (`catalog/gaps/rules.toml`): for a
//! survey edition, a condition in the show-if language over that edition's answers; for the
//! checklist, an item key answered いいえ in any scope. A gap is found only when its condition
//! is known to be true — never from a missing or skipped answer. Documented in
//! `docs/aggregate.md`.

use crate::assessment::YesNo;
use crate::survey::{Answers, Condition, Known};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// The kinds of critical gap, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gap {
    NoOfflineBackup,
    VpnUnpatched,
    NoBcp,
    NoBackupRestore,
    PatchesNotApplied,
}

impl Gap {
    pub const ALL: [Gap; 5] =
        [Gap::NoOfflineBackup, Gap::VpnUnpatched, Gap::NoBcp, Gap::NoBackupRestore, Gap::PatchesNotApplied];

    pub fn code(self) -> &'static str {
        match self {
            Gap::NoOfflineBackup => "no_offline_backup",
            Gap::VpnUnpatched => "vpn_unpatched",
            Gap::NoBcp => "no_bcp",
            Gap::NoBackupRestore => "no_backup_restore",
            Gap::PatchesNotApplied => "patches_not_applied",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Gap::NoOfflineBackup => "aggregate.gap.no_offline_backup",
            Gap::VpnUnpatched => "aggregate.gap.vpn_unpatched",
            Gap::NoBcp => "aggregate.gap.no_bcp",
            Gap::NoBackupRestore => "aggregate.gap.no_backup_restore",
            Gap::PatchesNotApplied => "aggregate.gap.patches_not_applied",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveyRule {
    pub edition: String,
    pub gap: Gap,
    pub when: Condition,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistRule {
    pub key: String,
    pub gap: Gap,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    #[serde(default)]
    pub survey: Vec<SurveyRule>,
    #[serde(default)]
    pub checklist: Vec<ChecklistRule>,
}

/// The shipped rules' text.
pub const RULES_TOML: &str = include_str!("../../../../catalog/gaps/rules.toml");

static RULES: LazyLock<Rules> = LazyLock::new(|| toml::from_str(RULES_TOML).unwrap_or_default());

/// The shipped rules (a test makes sure they parse and name questions that exist).
pub fn rules() -> &'static Rules {
    &RULES
}

impl Rules {
    /// The gaps a survey edition's answers show, in [`Gap`] order, each once.
    pub fn survey_gaps(&self, edition: &str, answers: &Answers) -> Vec<Gap> {
        let known: Known<'_> = answers.iter().map(|(id, a)| (id.as_str(), a)).collect();
        let mut gaps: Vec<Gap> = self
            .survey
            .iter()
            .filter(|r| r.edition == edition && r.when.eval(&known) == Some(true))
            .map(|r| r.gap)
            .collect();
        gaps.sort();
        gaps.dedup();
        gaps
    }

    /// The gaps checklist answers show: a rule's item answered いいえ in any scope.
    pub fn checklist_gaps<'a>(
        &self,
        answers: impl Iterator<Item = (&'a str, Option<YesNo>)> + Clone,
    ) -> Vec<Gap> {
        let mut gaps: Vec<Gap> = self
            .checklist
            .iter()
            .filter(|r| answers.clone().any(|(key, v)| key == r.key && v == Some(YesNo::No)))
            .map(|r| r.gap)
            .collect();
        gaps.sort();
        gaps.dedup();
        gaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survey::{Answer, builtin};

    fn answers(pairs: &[(&str, Answer)]) -> Answers {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect()
    }

    const FY2022: &str = "mhlw-survey-fy2022-hospital";
    const FY2023: &str = "mhlw-survey-fy2023-hospital";

    #[test]
    fn the_shipped_rules_parse_and_name_questions_of_their_edition() {
        let r = rules();
        assert!(r.survey.len() >= 5 && r.checklist.len() >= 3, "{RULES_TOML}");
        for rule in &r.survey {
            let e = builtin::edition(&rule.edition).unwrap_or_else(|| panic!("{}", rule.edition));
            for id in rule.when.to_string().split(|c: char| !(c.is_alphanumeric() || c == '-')) {
                if id.starts_with('Q') {
                    assert!(e.question(id).is_some(), "{} has no {id}", e.id);
                }
            }
        }
        let checklist = crate::catalog::builtin::edition("mhlw-checklist-r7-hospital").unwrap();
        for rule in &r.checklist {
            assert!(checklist.item(&rule.key).is_some(), "{}", rule.key);
        }
    }

    #[test]
    fn fy2022_no_backup_or_no_offline_copy_is_a_gap_but_an_unasked_question_is_not() {
        let r = rules();
        let none = answers(&[("Q7", Answer::YesNo(true)), ("Q8", Answer::Choice(3))]);
        assert_eq!(r.survey_gaps(FY2022, &none), vec![Gap::NoOfflineBackup]);
        let online = answers(&[("Q8", Answer::Choice(2)), ("Q9-1", Answer::YesNo(false))]);
        assert_eq!(r.survey_gaps(FY2022, &online), vec![Gap::NoOfflineBackup]);
        let offline =
            answers(&[("Q8", Answer::Choice(2)), ("Q9-1", Answer::YesNo(true)), ("Q6", Answer::YesNo(true))]);
        assert!(r.survey_gaps(FY2022, &offline).is_empty());
        // Nothing answered: nothing is read into it.
        assert!(r.survey_gaps(FY2022, &Answers::new()).is_empty());
    }

    #[test]
    fn fy2022_an_unchecked_or_unfixed_vpn_device_is_a_gap() {
        let r = rules();
        let unchecked = answers(&[("Q16", Answer::YesNo(false))]);
        assert_eq!(r.survey_gaps(FY2022, &unchecked), vec![Gap::VpnUnpatched]);
        let unfixed = answers(&[("Q16", Answer::YesNo(true)), ("Q16-1", Answer::YesNo(false))]);
        assert_eq!(r.survey_gaps(FY2022, &unfixed), vec![Gap::VpnUnpatched]);
        let fixed = answers(&[("Q16", Answer::YesNo(true)), ("Q16-1", Answer::YesNo(true))]);
        assert!(r.survey_gaps(FY2022, &fixed).is_empty());
        let other_vpn = answers(&[("Q17-1", Answer::YesNo(false)), ("Q6", Answer::YesNo(false))]);
        assert_eq!(r.survey_gaps(FY2022, &other_vpn), vec![Gap::VpnUnpatched, Gap::NoBcp]);
    }

    #[test]
    fn fy2023_rules_read_that_editions_questions_only() {
        let r = rules();
        let a = answers(&[
            ("Q10", Answer::YesNo(false)),
            ("Q12", Answer::YesNo(true)),
            ("Q12-5", Answer::YesNo(false)),
        ]);
        assert_eq!(r.survey_gaps(FY2023, &a), vec![Gap::NoOfflineBackup, Gap::NoBcp]);
        // The same ids mean other things in FY2022 (Q10 is the backup frequency there).
        assert!(r.survey_gaps(FY2022, &a).is_empty());
        assert!(r.survey_gaps("some-other-edition", &a).is_empty());
    }

    #[test]
    fn checklist_gaps_come_from_a_no_in_any_scope() {
        let r = rules();
        let a = [
            ("bcp.plan", Some(YesNo::No)),
            ("patch.apply", Some(YesNo::Yes)),
            ("patch.apply", Some(YesNo::No)),
        ];
        assert_eq!(r.checklist_gaps(a.iter().copied()), vec![Gap::NoBcp, Gap::PatchesNotApplied]);
        let fine = [("bcp.plan", Some(YesNo::Yes)), ("backup.backup_and_restore", None)];
        assert!(r.checklist_gaps(fine.iter().copied()).is_empty());
    }
}
