//! インシデント対応: what happens after ransomware, an intrusion, a leak or a failure is noticed.
//!
//! An incident walks four phases — 検知, 初動対応, 復旧処理, 事後対応 — each a list of steps
//! defined here as data ([`STEPS`]). Nothing about an incident is ever changed in place: every
//! step marked, every note and every correction is a new entry of the incident's timeline
//! ([`timeline`]), hash-chained like the audit log, and the state of each step is read back
//! from the timeline ([`IncidentState`]). The rules here say which changes make sense (a step
//! marked done needs the person who did it; 事後対応 waits for the 初動 steps to be decided; an
//! incident closes once every step is decided) and which steps are overdue by the
//! institution's own targets.

mod input;
mod state;
pub mod timeline;

pub use input::*;
use serde::{Deserialize, Serialize};
pub use state::*;
pub use timeline::{NewEntry, TimelineEntry, TimelineVerifier, chain_key};

/// What kind of incident it is, as the person opening it judges at first sight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    Ransomware,
    UnauthorizedAccess,
    DataLeak,
    SystemFailure,
    SuspiciousMail,
    Other,
}

impl IncidentKind {
    pub const ALL: [IncidentKind; 6] = [
        IncidentKind::Ransomware,
        IncidentKind::UnauthorizedAccess,
        IncidentKind::DataLeak,
        IncidentKind::SystemFailure,
        IncidentKind::SuspiciousMail,
        IncidentKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            IncidentKind::Ransomware => "ransomware",
            IncidentKind::UnauthorizedAccess => "unauthorized_access",
            IncidentKind::DataLeak => "data_leak",
            IncidentKind::SystemFailure => "system_failure",
            IncidentKind::SuspiciousMail => "suspicious_mail",
            IncidentKind::Other => "other",
        }
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            IncidentKind::Ransomware => "ランサムウェアの疑い",
            IncidentKind::UnauthorizedAccess => "不正アクセス",
            IncidentKind::DataLeak => "情報漏えい",
            IncidentKind::SystemFailure => "システム障害",
            IncidentKind::SuspiciousMail => "不審メール・Emotet",
            IncidentKind::Other => "その他",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            IncidentKind::Ransomware => "incident.kind.ransomware",
            IncidentKind::UnauthorizedAccess => "incident.kind.unauthorized_access",
            IncidentKind::DataLeak => "incident.kind.data_leak",
            IncidentKind::SystemFailure => "incident.kind.system_failure",
            IncidentKind::SuspiciousMail => "incident.kind.suspicious_mail",
            IncidentKind::Other => "incident.kind.other",
        }
    }

    /// The code or the Japanese name.
    pub fn parse(text: &str) -> Option<IncidentKind> {
        let t = text.trim();
        IncidentKind::ALL.into_iter().find(|k| k.code() == t || k.name_ja() == t)
    }
}

/// The phases after 平時 (which is the registers and the checklist themselves).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Detection,
    Initial,
    Recovery,
    Post,
}

impl Phase {
    pub const ALL: [Phase; 4] = [Phase::Detection, Phase::Initial, Phase::Recovery, Phase::Post];

    pub fn code(self) -> &'static str {
        match self {
            Phase::Detection => "detection",
            Phase::Initial => "initial",
            Phase::Recovery => "recovery",
            Phase::Post => "post",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            Phase::Detection => "incident.phase.detection",
            Phase::Initial => "incident.phase.initial",
            Phase::Recovery => "incident.phase.recovery",
            Phase::Post => "incident.phase.post",
        }
    }
}

/// One step of the response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StepDef {
    pub code: &'static str,
    pub phase: Phase,
    /// Minutes after detection by which it should be done, unless the institution sets its own.
    pub target_minutes: Option<i64>,
    /// Roles of the contact chart (`register::CONTACT_ROLES`) the step calls.
    pub contacts: &'static [&'static str],
}

impl StepDef {
    /// `incident.step.<code>`: what to do, in one line.
    pub fn message_key(&self) -> String {
        format!("incident.step.{}", self.code)
    }

    /// `incident.step_help.<code>`: how, and what to watch out for.
    pub fn help_key(&self) -> String {
        format!("incident.step_help.{}", self.code)
    }
}

const fn step(
    code: &'static str,
    phase: Phase,
    target_minutes: Option<i64>,
    contacts: &'static [&'static str],
) -> StepDef {
    StepDef { code, phase, target_minutes, contacts }
}

/// Every step, in the order the page shows them. Codes are stored in timelines: only ever add.
pub const STEPS: &[StepDef] = &[
    step("record_signs", Phase::Detection, Some(15), &[]),
    step("report_officer", Phase::Detection, Some(30), &["security_officer", "system_admin", "ciso"]),
    step("isolate_network", Phase::Initial, Some(30), &["system_admin"]),
    step("report_executive", Phase::Initial, Some(60), &["executive"]),
    step("contact_vendor", Phase::Initial, Some(60), &["vendor_support"]),
    step("preserve_evidence", Phase::Initial, Some(120), &[]),
    step("decide_operation", Phase::Initial, Some(120), &["executive", "department"]),
    step("contact_mhlw", Phase::Initial, Some(1440), &["mhlw", "prefecture"]),
    step("consult_police", Phase::Initial, Some(1440), &["police"]),
    step("confirm_recovery_order", Phase::Recovery, None, &["executive"]),
    step("check_clean_backups", Phase::Recovery, None, &["vendor_support"]),
    step("restore_systems", Phase::Recovery, None, &["vendor_support"]),
    step("verify_restored", Phase::Recovery, None, &[]),
    step("report_results", Phase::Post, None, &["executive"]),
    step("prevent_recurrence", Phase::Post, None, &[]),
    step("instruct_vendors", Phase::Post, None, &["vendor_support"]),
    step("report_outside", Phase::Post, None, &["mhlw", "prefecture", "ppc", "police"]),
];

pub fn step_def(code: &str) -> Option<&'static StepDef> {
    STEPS.iter().find(|s| s.code == code)
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Done,
    NotDone,
    NotApplicable,
}

impl StepStatus {
    pub const ALL: [StepStatus; 3] = [StepStatus::Done, StepStatus::NotDone, StepStatus::NotApplicable];

    pub fn code(self) -> &'static str {
        match self {
            StepStatus::Done => "done",
            StepStatus::NotDone => "not_done",
            StepStatus::NotApplicable => "not_applicable",
        }
    }

    pub fn parse(code: &str) -> Option<StepStatus> {
        StepStatus::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    pub fn message_key(self) -> &'static str {
        match self {
            StepStatus::Done => "incident.status.done",
            StepStatus::NotDone => "incident.status.not_done",
            StepStatus::NotApplicable => "incident.status.not_applicable",
        }
    }

    /// Done, or judged not to apply: nothing more to do about it.
    pub fn decided(self) -> bool {
        matches!(self, StepStatus::Done | StepStatus::NotApplicable)
    }
}

#[cfg(test)]
mod tests;
