//! Suggested answers from how each system is set up (access rights, authentication, passwords,
//! log reviews) and from the institution's rules and plans on record (規程・文書). Where the
//! guideline changed (第7.0版, from 令和8年度), the rule follows the edition in force.

use super::{Choice, DOCUMENT_KINDS, Record, Registers};
use super::{Field, documents, systems};
use crate::date::FiscalYear;
use crate::guideline::{Guideline, TWO_FACTOR_BY};
use crate::message::Message;
use crate::suggest::{Suggested, Suggestion, insufficient, no, suggested, with_list, yes};
use time::Date;

/// A setting every registered system should have (recorded as 有/無 on the system): 無 on any
/// system is いいえ, an unrecorded one is 判断材料不足, and only all 有 is はい.
pub fn system_setting(r: &Registers, field: Field) -> Suggested {
    if r.systems.is_empty() {
        return insufficient(Message::new("suggest.reason.no_systems"), Vec::new());
    }
    let label = setting_label(field);
    let named = |want: Option<bool>| -> Vec<String> {
        r.systems.iter().filter(|s| s.flag(field) == want).map(|s| s.text(systems::NAME).to_owned()).collect()
    };
    let without = named(Some(false));
    if !without.is_empty() {
        return no(
            with_list(Message::new("suggest.reason.setting_no").arg("setting", label), &without),
            without,
        );
    }
    let unknown = named(None);
    if !unknown.is_empty() {
        let reason =
            with_list(Message::new("suggest.reason.setting_unknown").arg("setting", label), &unknown);
        return insufficient(reason, unknown);
    }
    yes(Message::new("suggest.reason.setting_yes").arg("setting", label).arg("count", r.systems.len()))
}

/// The system field's name as the systems register shows it.
fn setting_label(field: Field) -> &'static str {
    super::Register::Systems.field(field.code()).map_or("設定", |f| f.label_ja())
}

/// Two suggestions that must both hold: いいえ if either is, 判断材料不足 if either is, else はい;
/// the reasons of both, the records of those that do not hold.
pub fn both(a: Suggested, b: Suggested) -> Suggested {
    let verdict = [a.suggestion, b.suggestion];
    let suggestion = if verdict.contains(&Suggestion::No) {
        Suggestion::No
    } else if verdict.contains(&Suggestion::Insufficient) {
        Suggestion::Insufficient
    } else {
        Suggestion::Yes
    };
    let mut records = a.records;
    records.extend(b.records.into_iter().filter(|r| !records.contains(r)).collect::<Vec<_>>());
    let mut reasons = a.reasons;
    reasons.extend(b.reasons);
    suggested(suggestion, reasons, records)
}

/// Passwords: under 第6.0版 the length-and-change rule; under 第7.0版 the length rule and
/// account lockout, periodic change no longer being asked for (reuse is its own item).
pub fn passwords(r: &Registers, guideline: Guideline) -> Suggested {
    match guideline {
        Guideline::V6 => system_setting(r, systems::PASSWORD_RULE),
        Guideline::V7 => {
            let mut out =
                both(system_setting(r, systems::PASSWORD_RULE), system_setting(r, systems::ACCOUNT_LOCKOUT));
            out.reasons.push(Message::new("suggest.reason.password_no_rotation"));
            out
        }
    }
}

/// Two-factor authentication. Under 第6.0版 every system records it. Under 第7.0版 it is asked
/// at the log-in of client terminals and of servers, with 令和9年4月1日 as the date: a system
/// without it after that day, or introduced or renewed this year before it, is a finding; one
/// still waiting for its renewal is いいえ with that day as the plan.
pub fn two_factor(r: &Registers, guideline: Guideline, year: FiscalYear, today: Date) -> Suggested {
    if guideline == Guideline::V6 {
        return system_setting(r, systems::TWO_FACTOR);
    }
    let settings =
        both(system_setting(r, systems::TWO_FACTOR), system_setting(r, systems::TWO_FACTOR_SERVER));
    if settings.suggestion != Suggestion::No {
        return settings;
    }
    let without: Vec<&Record> = r
        .systems
        .iter()
        .filter(|s| {
            s.flag(systems::TWO_FACTOR) == Some(false) || s.flag(systems::TWO_FACTOR_SERVER) == Some(false)
        })
        .collect();
    let names = |list: &[&Record]| list.iter().map(|s| s.text(systems::NAME).to_owned()).collect::<Vec<_>>();
    let renewed_this_year = |s: &&&Record| {
        s.date(systems::RENEWED_ON).is_some_and(|d| year.contains(d) && d <= today && d < TWO_FACTOR_BY)
    };
    let renewed: Vec<&Record> = without.iter().filter(renewed_this_year).copied().collect();
    let mut reasons = settings.reasons;
    if today >= TWO_FACTOR_BY {
        reasons.push(with_list(Message::new("suggest.reason.two_factor_overdue"), &names(&without)));
    } else if !renewed.is_empty() {
        reasons.push(with_list(Message::new("suggest.reason.two_factor_renewed_without"), &names(&renewed)));
    } else {
        reasons.push(with_list(Message::new("suggest.reason.two_factor_plan"), &names(&without)));
    }
    suggested(Suggestion::No, reasons, settings.records)
}

/// A document of this kind is on record (規程・文書): はい, naming it and when it was last
/// revised; none is 判断材料不足, since the paper may exist without being registered.
pub fn document_kept(r: &Registers, kind: &str) -> Suggested {
    let kind_name = Choice::by_code(DOCUMENT_KINDS, kind).map_or(kind, |c| c.ja);
    let kept: Vec<&Record> = r.documents.iter().filter(|d| d.text(documents::KIND) == kind).collect();
    let Some(latest) =
        kept.iter().max_by_key(|d| d.date(documents::REVISED_ON).or(d.date(documents::ENACTED_ON)))
    else {
        return insufficient(
            Message::new("suggest.reason.document_missing").arg("kind", kind_name),
            Vec::new(),
        );
    };
    let titles: Vec<String> = kept.iter().map(|d| d.text(documents::TITLE).to_owned()).collect();
    let when = latest
        .date(documents::REVISED_ON)
        .or(latest.date(documents::ENACTED_ON))
        .map(|d| d.to_string())
        .unwrap_or_default();
    let reason = Message::new("suggest.reason.document_kept")
        .arg("kind", kind_name)
        .arg("title", latest.text(documents::TITLE))
        .arg("date", if when.is_empty() { "—".to_owned() } else { when });
    let mut out = yes(reason);
    out.records = titles;
    out
}
