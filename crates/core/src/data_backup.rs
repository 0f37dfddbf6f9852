//! バックアップ: how each system's data is backed up, judged against the guideline's
//! expectations — several generations (at least 3 for daily backups), more than one method,
//! one copy offline or unalterable, and a restore that was actually tried. Each check says why.
//!
//! (The institution's backups of its medical systems; iryosec's own backup is the CLI's.)

use crate::message::Message;
use crate::register::Record;
use crate::register::{backups, restore_tests};
use serde::Serialize;
use time::{Date, Duration};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    Daily,
    Weekly,
    Monthly,
    Irregular,
}

/// One place a copy is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Copy {
    /// e.g. NAS, LTO, 外付けHDD, クラウド.
    pub method: String,
    /// 追記不能（WORM・イミュータブル）: a ransomware cannot rewrite it.
    pub immutable: bool,
    /// Disconnected from the network once written (テープを抜いて保管 …).
    pub offline: bool,
    pub place: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreTest {
    pub on: Date,
    pub succeeded: bool,
    pub minutes: Option<u32>,
}

/// One system's backup arrangement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupPlan {
    pub system: String,
    pub frequency: Frequency,
    pub generations: u32,
    pub copies: Vec<Copy>,
    pub encrypted: Option<bool>,
    pub procedure_documented: bool,
    pub restore_tests: Vec<RestoreTest>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    Generations,
    Methods,
    OfflineOrImmutable,
    RestoreTested,
    Procedure,
}

/// The result of one check, with the sentence that explains it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub check: Check,
    pub met: bool,
    pub reason: Message,
}

impl BackupPlan {
    /// A system's plan from the バックアップ and 復元テスト registers: every backup entry of the
    /// system is a copy; the most frequent one sets the frequency and the generations kept.
    /// `None` when the system has no backup entry at all.
    pub fn from_registers(system: &str, backups: &[Record], restore_tests: &[Record]) -> Option<BackupPlan> {
        let mine: Vec<&Record> = backups.iter().filter(|b| b.text(backups::SYSTEM) == system).collect();
        let main = mine.iter().min_by_key(|b| {
            (frequency_rank(b.text(backups::FREQUENCY)), -b.number(backups::GENERATIONS).unwrap_or(0))
        })?;
        Some(BackupPlan {
            system: system.to_owned(),
            frequency: match main.text(backups::FREQUENCY) {
                "daily" => Frequency::Daily,
                "weekly" => Frequency::Weekly,
                "monthly" => Frequency::Monthly,
                _ => Frequency::Irregular,
            },
            generations: u32::try_from(main.number(backups::GENERATIONS).unwrap_or(0)).unwrap_or(0),
            copies: mine
                .iter()
                .map(|b| Copy {
                    method: b.text(backups::METHOD).to_owned(),
                    immutable: b.text(backups::MEDIA) == "immutable",
                    offline: b.flag(backups::OFFLINE) == Some(true),
                    place: b.text(backups::PLACE).to_owned(),
                })
                .collect(),
            encrypted: mine.iter().find_map(|b| b.flag(backups::ENCRYPTED)),
            procedure_documented: mine.iter().any(|b| !b.text(backups::PROCEDURE).is_empty()),
            restore_tests: restore_tests
                .iter()
                .filter(|t| t.text(restore_tests::SYSTEM) == system)
                .filter_map(|t| {
                    Some(RestoreTest {
                        on: t.date(restore_tests::TESTED_ON)?,
                        succeeded: t.text(restore_tests::RESULT) == "success",
                        minutes: t.number(restore_tests::MINUTES).and_then(|m| u32::try_from(m).ok()),
                    })
                })
                .collect(),
        })
    }
}

fn frequency_rank(code: &str) -> u8 {
    match code {
        "daily" => 0,
        "weekly" => 1,
        "monthly" => 2,
        _ => 3,
    }
}

/// A restore test older than this no longer shows that restoring works.
pub const RESTORE_TEST_VALID_DAYS: i64 = 365;

/// Judges a plan on `today`; every check is returned, met or not.
pub fn evaluate(plan: &BackupPlan, today: Date) -> Vec<Verdict> {
    // Every reason names the system, so reasons about several systems can stand together.
    [
        generations(plan),
        methods(plan),
        offline_or_immutable(plan),
        restore_tested(plan, today),
        procedure(plan),
    ]
    .into_iter()
    .map(|v| Verdict { reason: v.reason.arg("system", &plan.system), ..v })
    .collect()
}

/// True when every check is met.
pub fn meets_guideline(verdicts: &[Verdict]) -> bool {
    verdicts.iter().all(|v| v.met)
}

fn generations(plan: &BackupPlan) -> Verdict {
    let needed = match plan.frequency {
        Frequency::Daily => 3,
        _ => 2,
    };
    let met = plan.generations >= needed;
    let key = if met { "backup_plan.reason.generations_ok" } else { "backup_plan.reason.generations_short" };
    Verdict {
        check: Check::Generations,
        met,
        reason: Message::new(key).arg("kept", plan.generations).arg("needed", needed),
    }
}

fn methods(plan: &BackupPlan) -> Verdict {
    let mut kinds: Vec<&str> =
        plan.copies.iter().map(|c| c.method.trim()).filter(|m| !m.is_empty()).collect();
    kinds.sort_unstable();
    kinds.dedup();
    let met = kinds.len() >= 2;
    let key = if met { "backup_plan.reason.methods_ok" } else { "backup_plan.reason.methods_single" };
    Verdict { check: Check::Methods, met, reason: Message::new(key).arg("count", kinds.len()) }
}

fn offline_or_immutable(plan: &BackupPlan) -> Verdict {
    let safe = plan.copies.iter().find(|c| c.offline || c.immutable);
    match safe {
        Some(c) => Verdict {
            check: Check::OfflineOrImmutable,
            met: true,
            reason: Message::new("backup_plan.reason.offline_ok").arg("method", &c.method),
        },
        None => Verdict {
            check: Check::OfflineOrImmutable,
            met: false,
            reason: Message::new("backup_plan.reason.offline_missing"),
        },
    }
}

fn restore_tested(plan: &BackupPlan, today: Date) -> Verdict {
    let since = today - Duration::days(RESTORE_TEST_VALID_DAYS);
    let last_ok = plan.restore_tests.iter().filter(|t| t.succeeded && t.on <= today).map(|t| t.on).max();
    let (met, reason) = match last_ok {
        Some(on) if on >= since => (true, Message::new("backup_plan.reason.restore_ok").arg("date", on)),
        Some(on) => (false, Message::new("backup_plan.reason.restore_old").arg("date", on)),
        None if plan.restore_tests.is_empty() => (false, Message::new("backup_plan.reason.restore_never")),
        None => (false, Message::new("backup_plan.reason.restore_failed")),
    };
    Verdict { check: Check::RestoreTested, met, reason }
}

fn procedure(plan: &BackupPlan) -> Verdict {
    let met = plan.procedure_documented;
    let key = if met { "backup_plan.reason.procedure_ok" } else { "backup_plan.reason.procedure_missing" };
    Verdict { check: Check::Procedure, met, reason: Message::new(key) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 21);

    fn copy(method: &str, offline: bool, immutable: bool) -> Copy {
        Copy { method: method.into(), immutable, offline, place: "サーバ室".into() }
    }

    fn good() -> BackupPlan {
        BackupPlan {
            system: "電子カルテ".into(),
            frequency: Frequency::Daily,
            generations: 7,
            copies: vec![copy("NAS", false, false), copy("LTO", true, false)],
            encrypted: Some(true),
            procedure_documented: true,
            restore_tests: vec![RestoreTest {
                on: date!(2026 - 06 - 10),
                succeeded: true,
                minutes: Some(95),
            }],
        }
    }

    fn unmet(plan: &BackupPlan) -> Vec<Check> {
        evaluate(plan, TODAY).into_iter().filter(|v| !v.met).map(|v| v.check).collect()
    }

    #[test]
    fn a_plan_with_generations_two_methods_an_offline_copy_and_a_recent_restore_meets_the_guideline() {
        let verdicts = evaluate(&good(), TODAY);
        assert!(meets_guideline(&verdicts), "{verdicts:?}");
        assert_eq!(verdicts.len(), 5);
    }

    #[test]
    fn daily_backups_need_three_generations_weekly_ones_two() {
        let mut p = good();
        p.generations = 2;
        assert_eq!(unmet(&p), vec![Check::Generations]);
        p.frequency = Frequency::Weekly;
        assert!(unmet(&p).is_empty());
    }

    #[test]
    fn copies_on_one_kind_of_medium_that_are_online_and_rewritable_fail_two_checks() {
        let mut p = good();
        p.copies = vec![copy("NAS", false, false), copy("NAS", false, false)];
        assert_eq!(unmet(&p), vec![Check::Methods, Check::OfflineOrImmutable]);
        p.copies.push(copy("クラウド", false, true));
        assert!(unmet(&p).is_empty(), "an immutable copy counts as well as an offline one");
    }

    #[test]
    fn a_restore_test_must_have_succeeded_within_a_year() {
        let mut p = good();
        p.restore_tests = vec![RestoreTest { on: date!(2025 - 11 - 01), succeeded: true, minutes: None }];
        let v = evaluate(&p, TODAY);
        let restore = v.iter().find(|v| v.check == Check::RestoreTested).unwrap();
        assert!(!restore.met);
        assert_eq!(restore.reason.key, "backup_plan.reason.restore_old");
        p.restore_tests = vec![RestoreTest { on: date!(2026 - 10 - 01), succeeded: false, minutes: None }];
        assert_eq!(evaluate(&p, TODAY)[3].reason.key, "backup_plan.reason.restore_failed");
        p.restore_tests.clear();
        assert_eq!(evaluate(&p, TODAY)[3].reason.key, "backup_plan.reason.restore_never");
    }
}
