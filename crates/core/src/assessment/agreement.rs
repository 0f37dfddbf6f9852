//! An answer beside what the registers suggest: whether they agree, and whether the suggestion
//! moved since a person last answered with it in view. Also what adopting a suggestion writes.

use super::answer::{Answer, AnswerInput, YesNo};
use crate::catalog::Scope;
use crate::date::{FiscalYear, format_iso};
use crate::suggest::Suggestion;
use serde::Serialize;
use time::Date;

/// How one slot's answer stands against its suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Agreement {
    /// The registers cannot say (判断材料不足): there is nothing to agree with.
    NoSuggestion,
    /// There is a suggestion and no answer yet.
    Unanswered,
    Agrees,
    /// A person judged otherwise; the reason belongs in 備考.
    Differs,
    /// The answer was given beside another suggestion than today's: 「提案が変わりました」
    /// until a person looks again.
    SuggestionChanged,
}

impl Agreement {
    pub fn code(self) -> &'static str {
        match self {
            Agreement::NoSuggestion => "no_suggestion",
            Agreement::Unanswered => "unanswered",
            Agreement::Agrees => "agrees",
            Agreement::Differs => "differs",
            Agreement::SuggestionChanged => "changed",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Agreement::NoSuggestion => "agreement.no_suggestion",
            Agreement::Unanswered => "agreement.unanswered",
            Agreement::Agrees => "agreement.agrees",
            Agreement::Differs => "agreement.differs",
            Agreement::SuggestionChanged => "agreement.changed",
        }
    }

    /// Belongs on the list of answers that do not follow the suggestion.
    pub fn needs_attention(self) -> bool {
        matches!(self, Agreement::Differs | Agreement::SuggestionChanged)
    }
}

/// `seen` is the suggestion the answer was last saved or confirmed beside, when one was kept.
/// A draft carried from last year is no answer yet.
pub fn agreement(answer: Option<&Answer>, current: Suggestion, seen: Option<Suggestion>) -> Agreement {
    let value = answer.filter(|a| !a.draft).and_then(|a| a.value);
    let Some(value) = value else {
        return if current == Suggestion::Insufficient {
            Agreement::NoSuggestion
        } else {
            Agreement::Unanswered
        };
    };
    // Only a yes/no that was in view can have moved; 判断材料不足 turning into a judgement is
    // judged as it stands.
    if seen.is_some_and(|s| s != Suggestion::Insufficient && s != current) {
        return Agreement::SuggestionChanged;
    }
    match suggested_value(current) {
        None => Agreement::NoSuggestion,
        Some(v) if v == value => Agreement::Agrees,
        Some(_) => Agreement::Differs,
    }
}

/// The answer a suggestion stands for (none for 判断材料不足).
pub fn suggested_value(s: Suggestion) -> Option<YesNo> {
    match s {
        Suggestion::Yes => Some(YesNo::Yes),
        Suggestion::No => Some(YesNo::No),
        Suggestion::Insufficient => None,
    }
}

/// The suggestions of an item's slots as one line (`server:yes,terminal:no`), as kept with a
/// person's review.
pub fn seen_summary(slots: &[(Option<Scope>, Suggestion)]) -> String {
    slots
        .iter()
        .map(|(scope, s)| format!("{}:{}", scope.map_or("general", Scope::code), s.code()))
        .collect::<Vec<_>>()
        .join(",")
}

/// One slot's suggestion out of a kept summary.
pub fn seen_in(summary: &str, scope: Option<Scope>) -> Option<Suggestion> {
    let wanted = scope.map_or("general", Scope::code);
    summary.split(',').find_map(|part| {
        let (scope, code) = part.split_once(':')?;
        (scope == wanted).then_some(())?;
        [Suggestion::Yes, Suggestion::No, Suggestion::Insufficient].into_iter().find(|s| s.code() == code)
    })
}

/// What adopting a suggestion writes into a slot: its value, confirmed today by `by`; a いいえ
/// keeps a 目標日 it already had inside the year, or takes the year's last day (the
/// preliminary question takes none). 備考 and a second 確認日 stay. None for 判断材料不足.
pub fn adopted_input(
    suggestion: Suggestion,
    existing: Option<&Answer>,
    gate: bool,
    fiscal_year: FiscalYear,
    today: Date,
    by: &str,
) -> Option<AnswerInput> {
    let value = suggested_value(suggestion)?;
    let existing = existing.cloned().unwrap_or_default();
    let target = match value {
        YesNo::No if !gate => {
            existing.target.filter(|t| fiscal_year.contains(*t)).or_else(|| fiscal_year.end()).map(format_iso)
        }
        _ => None,
    };
    Some(AnswerInput {
        value: value.code().to_owned(),
        confirmed_1: format_iso(today),
        confirmed_2: existing.confirmed[1].map(format_iso).unwrap_or_default(),
        target: target.unwrap_or_default(),
        note: existing.note,
        confirmed_by: by.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn answered(v: YesNo) -> Answer {
        Answer { value: Some(v), confirmed: [Some(date!(2025 - 06 - 01)), None], ..Default::default() }
    }

    #[test]
    fn an_answer_agrees_differs_or_has_nothing_to_agree_with() {
        let yes = answered(YesNo::Yes);
        assert_eq!(agreement(Some(&yes), Suggestion::Yes, None), Agreement::Agrees);
        assert_eq!(agreement(Some(&yes), Suggestion::No, None), Agreement::Differs);
        assert_eq!(agreement(Some(&yes), Suggestion::Insufficient, None), Agreement::NoSuggestion);
        assert_eq!(agreement(None, Suggestion::No, None), Agreement::Unanswered);
        assert_eq!(agreement(None, Suggestion::Insufficient, None), Agreement::NoSuggestion);
        let draft = Answer { draft: true, ..yes };
        assert_eq!(agreement(Some(&draft), Suggestion::Yes, None), Agreement::Unanswered);
    }

    #[test]
    fn a_moved_suggestion_is_flagged_until_seen_again() {
        let yes = answered(YesNo::Yes);
        assert_eq!(
            agreement(Some(&yes), Suggestion::No, Some(Suggestion::Yes)),
            Agreement::SuggestionChanged
        );
        assert_eq!(
            agreement(Some(&yes), Suggestion::Insufficient, Some(Suggestion::Yes)),
            Agreement::SuggestionChanged
        );
        // Seen again beside today's suggestion: an ordinary difference, with its reason.
        assert_eq!(agreement(Some(&yes), Suggestion::No, Some(Suggestion::No)), Agreement::Differs);
        // Nothing to judge by before; now there is, and it agrees.
        assert_eq!(agreement(Some(&yes), Suggestion::Yes, Some(Suggestion::Insufficient)), Agreement::Agrees);
    }

    #[test]
    fn summaries_name_each_slot() {
        let line =
            seen_summary(&[(Some(Scope::Server), Suggestion::No), (Some(Scope::Terminal), Suggestion::Yes)]);
        assert_eq!(line, "server:no,terminal:yes");
        assert_eq!(seen_in(&line, Some(Scope::Terminal)), Some(Suggestion::Yes));
        assert_eq!(seen_in(&line, Some(Scope::Network)), None);
        assert_eq!(seen_in(&seen_summary(&[(None, Suggestion::Yes)]), None), Some(Suggestion::Yes));
    }

    #[test]
    fn adopting_a_no_plans_it_by_the_year_end_unless_already_planned() {
        let fy = FiscalYear(2025);
        let today = date!(2025 - 11 - 20);
        let a = adopted_input(Suggestion::No, None, false, fy, today, "山田").unwrap();
        assert_eq!(
            (a.value.as_str(), a.confirmed_1.as_str(), a.target.as_str(), a.confirmed_by.as_str()),
            ("no", "2025-11-20", "2026-03-31", "山田")
        );
        let planned =
            Answer { target: Some(date!(2025 - 12 - 15)), note: "更新予定".into(), ..Default::default() };
        let a = adopted_input(Suggestion::No, Some(&planned), false, fy, today, "山田").unwrap();
        assert_eq!((a.target.as_str(), a.note.as_str()), ("2025-12-15", "更新予定"));
        assert_eq!(adopted_input(Suggestion::No, None, true, fy, today, "山田").unwrap().target, "");
        assert_eq!(
            adopted_input(Suggestion::Yes, Some(&planned), false, fy, today, "山田").unwrap().target,
            ""
        );
        assert!(adopted_input(Suggestion::Insufficient, None, false, fy, today, "山田").is_none());
    }
}
