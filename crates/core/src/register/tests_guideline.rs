//! The rules on authentication, passwords and access logs under each guideline edition.

use super::*;
use crate::catalog::Scope;
use crate::date::FiscalYear;
use crate::guideline::Guideline;
use crate::ledger::{Asset, Field, parse_asset};
use crate::suggest::{Evidence, Suggested, Suggestion, suggest};
use std::collections::HashMap;
use time::Date;
use time::macros::date;

fn system(pairs: &[(&str, &str)]) -> Record {
    let mut all: HashMap<&str, &str> =
        [("name", "電子カルテ"), ("category", "電子カルテ")].into_iter().collect();
    all.extend(pairs.iter().copied());
    parse_record(Register::Systems, &|code| all.get(code).copied().unwrap_or("").to_owned()).unwrap()
}

fn registers(systems: Vec<Record>) -> Registers {
    Registers { systems, ..Registers::default() }
}

fn judge_on(key: &str, r: &Registers, assets: &[Asset], today: Date) -> Suggested {
    let ev = Evidence {
        today,
        fiscal_year: FiscalYear::containing(today),
        assets,
        registers: r,
        account_reviews: &[],
        bcp_check: None,
        network: &crate::suggest::NetworkEvidence::default(),
    };
    suggest(key, Scope::Server, &ev)
}

/// 令和8年度 (第7.0版) and 令和7年度 (第6.0版).
const R8_DAY: Date = date!(2026 - 11 - 21);
const R7_DAY: Date = date!(2025 - 11 - 21);

fn keys(s: &Suggested) -> Vec<&'static str> {
    s.reasons.iter().map(|m| m.key).collect()
}

#[test]
fn every_suggestion_names_the_guideline_of_its_fiscal_year() {
    let r = Registers::default();
    for key in crate::suggest::KEYS_WITH_RULES {
        assert_eq!(judge_on(key, &r, &[], R7_DAY).guideline, Some(Guideline::V6), "{key}");
        assert_eq!(judge_on(key, &r, &[], R8_DAY).guideline, Some(Guideline::V7), "{key}");
    }
}

#[test]
fn two_factor_under_the_seventh_edition_asks_for_terminals_and_servers() {
    let terminal_only = registers(vec![system(&[("two_factor", "有")])]);
    assert_eq!(
        judge_on("auth.two_factor", &terminal_only, &[], R7_DAY).suggestion,
        Suggestion::Yes,
        "第6.0版"
    );
    let unsure = judge_on("auth.two_factor", &terminal_only, &[], R8_DAY);
    assert_eq!(
        (unsure.suggestion, unsure.records),
        (Suggestion::Insufficient, vec!["電子カルテ".to_owned()])
    );
    let both = registers(vec![system(&[("two_factor", "有"), ("two_factor_server", "有")])]);
    assert_eq!(judge_on("auth.two_factor", &both, &[], R8_DAY).suggestion, Suggestion::Yes);
}

#[test]
fn a_system_without_two_factor_is_a_plan_before_april_2027_unless_renewed_without_it() {
    let waiting = registers(vec![system(&[("two_factor", "有"), ("two_factor_server", "無")])]);
    let plan = judge_on("auth.two_factor", &waiting, &[], R8_DAY);
    assert_eq!(plan.suggestion, Suggestion::No);
    assert_eq!(keys(&plan).last(), Some(&"suggest.reason.two_factor_plan"));

    let renewed = registers(vec![system(&[
        ("two_factor", "無"),
        ("two_factor_server", "無"),
        ("renewed_on", "2026-09-01"),
    ])]);
    let finding = judge_on("auth.two_factor", &renewed, &[], R8_DAY);
    assert_eq!(
        (finding.suggestion, finding.records.clone()),
        (Suggestion::No, vec!["電子カルテ".to_owned()])
    );
    assert_eq!(keys(&finding).last(), Some(&"suggest.reason.two_factor_renewed_without"));
    assert!(finding.reasons.last().unwrap().args.iter().any(|(_, v)| v == "電子カルテ"));

    let renewed_last_year = registers(vec![system(&[
        ("two_factor", "無"),
        ("two_factor_server", "有"),
        ("renewed_on", "2025-09-01"),
    ])]);
    let last = judge_on("auth.two_factor", &renewed_last_year, &[], R8_DAY);
    assert_eq!(keys(&last).last(), Some(&"suggest.reason.two_factor_plan"));

    let late = judge_on("auth.two_factor", &waiting, &[], date!(2027 - 05 - 10));
    assert_eq!(keys(&late).last(), Some(&"suggest.reason.two_factor_overdue"));
}

#[test]
fn passwords_under_the_seventh_edition_need_lockout_but_no_periodic_change() {
    let no_lockout = registers(vec![system(&[("password_rule", "有"), ("account_lockout", "無")])]);
    assert_eq!(
        judge_on("password.length_and_rotation", &no_lockout, &[], R7_DAY).suggestion,
        Suggestion::Yes
    );
    let r8 = judge_on("password.length_and_rotation", &no_lockout, &[], R8_DAY);
    assert_eq!((r8.suggestion, r8.records), (Suggestion::No, vec!["電子カルテ".to_owned()]));
    let locked = registers(vec![system(&[("password_rule", "有"), ("account_lockout", "有")])]);
    let fine = judge_on("password.length_and_rotation", &locked, &[], R8_DAY);
    assert_eq!(fine.suggestion, Suggestion::Yes);
    assert_eq!(keys(&fine).last(), Some(&"suggest.reason.password_no_rotation"));
    let reuse = registers(vec![system(&[("password_no_reuse", "無")])]);
    assert_eq!(
        judge_on("password.no_reuse", &reuse, &[], R8_DAY).suggestion,
        Suggestion::No,
        "reuse is judged"
    );
}

#[test]
fn access_logs_under_the_seventh_edition_are_recorded_and_reviewed() {
    let server = parse_asset(&|f| match f {
        Field::AssetNo => "SV-1",
        Field::Name => "電子カルテサーバ",
        Field::Kind => "サーバ",
        Field::AccessLogs => "有",
        _ => "",
    })
    .unwrap();
    let servers = [server];
    let unreviewed = registers(vec![system(&[("log_review", "無")])]);
    assert_eq!(
        judge_on("access.logs", &unreviewed, &servers, R7_DAY).suggestion,
        Suggestion::Yes,
        "第6.0版: recorded"
    );
    let r8 = judge_on("access.logs", &unreviewed, &servers, R8_DAY);
    assert_eq!((r8.suggestion, r8.records), (Suggestion::No, vec!["電子カルテ".to_owned()]));
    let reviewed = registers(vec![system(&[("log_review", "有")])]);
    let fine = judge_on("access.logs", &reviewed, &servers, R8_DAY);
    assert_eq!(fine.suggestion, Suggestion::Yes);
    assert_eq!(keys(&fine), ["suggest.reason.flag_yes", "suggest.reason.setting_yes"]);
}
