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

pub mod timeline;

use crate::clock::{JST, Timestamp};
use crate::message::{FieldError, Message};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::{Date, PrimitiveDateTime, Time};
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

/// A name, a sentence or a note: limits against pasted documents.
pub const NAME_MAX_CHARS: usize = 100;
pub const NOTE_MAX_CHARS: usize = 4000;
/// Three days: a longer target is a typing mistake.
pub const TARGET_MAX_MINUTES: i64 = 60 * 24 * 30;

/// The facts of a new incident, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentFacts {
    pub kind: IncidentKind,
    pub title: String,
    /// Names of affected systems, as in the systems register.
    pub systems: Vec<String>,
    pub detected_by: String,
    pub detected_how: String,
    pub detected_at: Timestamp,
    /// A drill (訓練), not a real incident.
    pub drill: bool,
}

/// The facts of a new incident as typed.
#[derive(Debug, Clone, Default)]
pub struct IncidentInput {
    pub kind: String,
    pub title: String,
    pub systems: Vec<String>,
    pub detected_by: String,
    pub detected_how: String,
    /// `YYYY-MM-DDTHH:MM` (an HTML datetime-local field) or `YYYY-MM-DD HH:MM`, in JST.
    pub detected_at: String,
    pub drill: bool,
}

/// Reads a date and time as typed in Japan (JST): `2025-05-16T09:30`, `2025-05-16 09:30`,
/// `2025/5/16 9:30`, full-width digits included.
pub fn parse_jst_datetime(text: &str) -> Option<Timestamp> {
    let t = crate::text::to_half_width(text);
    let t = t.trim().replace('T', " ");
    let (date, time) = t.split_once(' ')?;
    let date: Date = crate::date::parse_date(date.trim()).ok()?;
    let (h, m) = time.trim().split_once(':')?;
    let m = m.split(':').next()?;
    let time = Time::from_hms(h.trim().parse().ok()?, m.trim().parse().ok()?, 0).ok()?;
    let at = PrimitiveDateTime::new(date, time).assume_offset(JST);
    Some(Timestamp::from_datetime(at))
}

/// The JST date and time as an HTML datetime-local field wants it.
pub fn format_jst_input(t: Timestamp) -> String {
    t.to_jst()
        .map(|d| {
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}",
                d.year(),
                u8::from(d.month()),
                d.day(),
                d.hour(),
                d.minute()
            )
        })
        .unwrap_or_default()
}

/// A minute of slack for clocks that disagree a little (a PC and the server).
const CLOCK_SLACK_MS: i64 = 60_000;

fn check_len(errors: &mut Vec<FieldError>, field: &'static str, text: &str, max: usize) {
    if text.chars().count() > max {
        errors.push(FieldError::new(field, Message::new("error.too_long").arg("max", max)));
    }
}

/// Checks a new incident: a kind, who noticed it, when (not in the future).
pub fn parse_incident(input: &IncidentInput, now: Timestamp) -> Result<IncidentFacts, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = IncidentKind::parse(&input.kind);
    if kind.is_none() {
        errors.push(FieldError::new("kind", Message::new("error.choose_one")));
    }
    let detected_by = input.detected_by.trim().to_owned();
    if detected_by.is_empty() {
        errors.push(FieldError::new("detected_by", Message::new("error.required")));
    }
    check_len(&mut errors, "detected_by", &detected_by, NAME_MAX_CHARS);
    let detected_how = input.detected_how.trim().to_owned();
    check_len(&mut errors, "detected_how", &detected_how, NOTE_MAX_CHARS);
    let title = input.title.trim().to_owned();
    check_len(&mut errors, "title", &title, NAME_MAX_CHARS);
    let detected_at = match input.detected_at.trim() {
        "" => {
            errors.push(FieldError::new("detected_at", Message::new("error.required")));
            None
        }
        text => match parse_jst_datetime(text) {
            None => {
                errors.push(FieldError::new("detected_at", Message::new("incident.error.datetime")));
                None
            }
            Some(t) if t.millis() > now.millis() + CLOCK_SLACK_MS => {
                errors.push(FieldError::new("detected_at", Message::new("incident.error.future")));
                None
            }
            Some(t) => Some(t),
        },
    };
    let mut systems: Vec<String> = Vec::new();
    for s in input.systems.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !systems.iter().any(|x| x == s) {
            systems.push(s.to_owned());
        }
    }
    match (kind, detected_at) {
        (Some(kind), Some(detected_at)) if errors.is_empty() => Ok(IncidentFacts {
            kind,
            title,
            systems,
            detected_by,
            detected_how,
            detected_at,
            drill: input.drill,
        }),
        _ => Err(errors),
    }
}

/// A step change as typed.
#[derive(Debug, Clone, Default)]
pub struct StepInput {
    pub status: String,
    pub actor: String,
    /// When it was done (JST), empty for "now".
    pub done_at: String,
    pub note: String,
}

/// A step change, checked on its own (the incident's state is checked by [`check_change`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepChange {
    pub step: &'static StepDef,
    pub status: StepStatus,
    pub actor: String,
    pub done_at: Option<Timestamp>,
    pub note: String,
}

/// Checks a step change: a known step and status, the person who did it when it is done, a
/// reason when it does not apply, and a time that is neither in the future nor before the
/// incident was detected.
pub fn parse_step_change(
    step: &str,
    input: &StepInput,
    detected_at: Timestamp,
    now: Timestamp,
) -> Result<StepChange, Vec<FieldError>> {
    let mut errors = Vec::new();
    let def = step_def(step);
    if def.is_none() {
        errors.push(FieldError::new("step", Message::new("incident.error.unknown_step")));
    }
    let status = StepStatus::parse(&input.status);
    if status.is_none() {
        errors.push(FieldError::new("status", Message::new("error.choose_one")));
    }
    let actor = input.actor.trim().to_owned();
    if status == Some(StepStatus::Done) && actor.is_empty() {
        errors.push(FieldError::new("actor", Message::new("incident.error.actor_required")));
    }
    check_len(&mut errors, "actor", &actor, NAME_MAX_CHARS);
    let note = input.note.trim().to_owned();
    if status == Some(StepStatus::NotApplicable) && note.is_empty() {
        errors.push(FieldError::new("note", Message::new("incident.error.reason_required")));
    }
    check_len(&mut errors, "note", &note, NOTE_MAX_CHARS);
    let done_at = match input.done_at.trim() {
        "" => None,
        text => match parse_jst_datetime(text) {
            None => {
                errors.push(FieldError::new("done_at", Message::new("incident.error.datetime")));
                None
            }
            Some(t) if t.millis() > now.millis() + CLOCK_SLACK_MS => {
                errors.push(FieldError::new("done_at", Message::new("incident.error.future")));
                None
            }
            Some(t) if t < detected_at => {
                errors.push(FieldError::new("done_at", Message::new("incident.error.before_detection")));
                None
            }
            Some(t) => Some(t),
        },
    };
    match (def, status) {
        (Some(step), Some(status)) if errors.is_empty() => {
            Ok(StepChange { step, status, actor, done_at, note })
        }
        _ => Err(errors),
    }
}

/// Checks a free note.
pub fn parse_note(note: &str) -> Result<String, Vec<FieldError>> {
    let note = note.trim().to_owned();
    let mut errors = Vec::new();
    if note.is_empty() {
        errors.push(FieldError::new("note", Message::new("error.required")));
    }
    check_len(&mut errors, "note", &note, NOTE_MAX_CHARS);
    if errors.is_empty() { Ok(note) } else { Err(errors) }
}

/// Where one step stands, as the timeline says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepState {
    pub status: StepStatus,
    pub actor: String,
    /// When it was done as the person said, or when it was recorded.
    pub at: Timestamp,
    pub note: String,
    /// The timeline entry that set it: what a change of this step must name as its base.
    pub entry_id: i64,
    pub recorded_by: String,
}

/// The incident as its timeline says it is now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IncidentState {
    pub steps: BTreeMap<&'static str, StepState>,
    pub closed_at: Option<Timestamp>,
}

impl IncidentState {
    /// Replays the timeline: the latest entry of a step wins; a close entry closes.
    pub fn from_timeline(entries: &[TimelineEntry]) -> IncidentState {
        let mut state = IncidentState::default();
        for e in entries {
            match e.kind.as_str() {
                timeline::KIND_STEP => {
                    let (Some(def), Some(status)) = (
                        e.step.as_deref().and_then(step_def),
                        e.status.as_deref().and_then(StepStatus::parse),
                    ) else {
                        continue;
                    };
                    state.steps.insert(
                        def.code,
                        StepState {
                            status,
                            actor: e.actor.clone(),
                            at: Timestamp(e.done_at.unwrap_or(e.recorded_at)),
                            note: e.note.clone(),
                            entry_id: e.id,
                            recorded_by: e.recorded_by.clone(),
                        },
                    );
                }
                timeline::KIND_CLOSED => state.closed_at = Some(Timestamp(e.recorded_at)),
                _ => {}
            }
        }
        state
    }

    pub fn status(&self, step: &str) -> StepStatus {
        self.steps.get(step).map_or(StepStatus::NotDone, |s| s.status)
    }

    /// The entry a change of `step` must be based on (0 before anything was recorded).
    pub fn base_of(&self, step: &str) -> i64 {
        self.steps.get(step).map_or(0, |s| s.entry_id)
    }

    fn undecided(&self, phases: &[Phase]) -> Vec<&'static StepDef> {
        STEPS.iter().filter(|s| phases.contains(&s.phase) && !self.status(s.code).decided()).collect()
    }

    /// Steps of the phase decided, out of all.
    pub fn progress(&self, phase: Phase) -> (usize, usize) {
        let of_phase = STEPS.iter().filter(|s| s.phase == phase);
        let decided = of_phase.clone().filter(|s| self.status(s.code).decided()).count();
        (decided, of_phase.count())
    }
}

/// Checks a step change against the incident as it stands: the change must be based on the
/// step's latest entry (`base`, 0 for none), the incident must be open, and 事後対応 waits
/// until every step of 検知 and 初動対応 is decided.
pub fn check_change(state: &IncidentState, change: &StepChange, base: i64) -> Result<(), Message> {
    if state.closed_at.is_some() {
        return Err(Message::new("incident.error.closed"));
    }
    let current = state.steps.get(change.step.code);
    if base != state.base_of(change.step.code) {
        let by = current.map(|c| c.recorded_by.clone()).unwrap_or_default();
        return Err(Message::new("incident.error.stale").arg("by", by));
    }
    if change.step.phase == Phase::Post && change.status.decided() {
        let open = state.undecided(&[Phase::Detection, Phase::Initial]);
        if !open.is_empty() {
            return Err(Message::new("incident.error.initial_first").arg("count", open.len()));
        }
    }
    Ok(())
}

/// Checks that the incident may be closed: open, and every step decided.
pub fn check_close(state: &IncidentState) -> Result<(), Message> {
    if state.closed_at.is_some() {
        return Err(Message::new("incident.error.closed"));
    }
    let open = state.undecided(&Phase::ALL);
    if !open.is_empty() {
        return Err(Message::new("incident.error.steps_open").arg("count", open.len()));
    }
    Ok(())
}

/// The institution's targets (minutes after detection) by step code, over the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Targets(pub BTreeMap<String, i64>);

impl Targets {
    /// The institution's target for a step, else the default; `None`: no target.
    pub fn minutes(&self, step: &StepDef) -> Option<i64> {
        match self.0.get(step.code) {
            Some(m) if *m > 0 => Some(*m),
            Some(_) => None,
            None => step.target_minutes,
        }
    }
}

/// Reads the targets form: one field per step, minutes; empty keeps the default, 0 means none.
pub fn parse_targets(get: &dyn Fn(&str) -> String) -> Result<Targets, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out = BTreeMap::new();
    for s in STEPS {
        let raw = crate::text::to_half_width(&get(s.code));
        let raw = raw.trim();
        if raw.is_empty() {
            continue;
        }
        match raw.parse::<i64>() {
            Ok(m) if (0..=TARGET_MAX_MINUTES).contains(&m) => {
                out.insert(s.code.to_owned(), m);
            }
            _ => errors.push(FieldError::new(
                s.code,
                Message::new("incident.error.target").arg("max", TARGET_MAX_MINUTES),
            )),
        }
    }
    if errors.is_empty() { Ok(Targets(out)) } else { Err(errors) }
}

/// How a step stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// No target, or decided in time, or not yet due.
    Fine,
    /// Not decided and past its target.
    Overdue,
    /// Done, but after its target.
    Late,
}

/// Where a step stands against its target at `now`.
pub fn timing(
    step: &StepDef,
    state: &IncidentState,
    targets: &Targets,
    detected_at: Timestamp,
    now: Timestamp,
) -> Timing {
    let Some(minutes) = targets.minutes(step) else { return Timing::Fine };
    let due = detected_at.plus_minutes(minutes);
    match state.steps.get(step.code) {
        Some(s) if s.status == StepStatus::NotApplicable => Timing::Fine,
        Some(s) if s.status == StepStatus::Done => {
            if s.at > due {
                Timing::Late
            } else {
                Timing::Fine
            }
        }
        _ if state.closed_at.is_none() && now > due => Timing::Overdue,
        _ => Timing::Fine,
    }
}

/// The steps past their target and not decided, in the page's order.
pub fn overdue_steps(
    state: &IncidentState,
    targets: &Targets,
    detected_at: Timestamp,
    now: Timestamp,
) -> Vec<&'static StepDef> {
    STEPS.iter().filter(|s| timing(s, state, targets, detected_at, now) == Timing::Overdue).collect()
}

/// Whole minutes from `from` to `to` (0 if `to` is earlier).
pub fn minutes_between(from: Timestamp, to: Timestamp) -> i64 {
    (to.millis() - from.millis()).max(0) / 60_000
}

/// Systems in the order to restore them: by 復旧優先順位 (1 first), those without one last,
/// then by name.
pub fn recovery_order<T>(
    systems: &mut [T],
    priority: impl Fn(&T) -> Option<i64>,
    name: impl Fn(&T) -> String,
) {
    systems.sort_by_key(|s| (priority(s).unwrap_or(i64::MAX), name(s)));
}

#[cfg(test)]
mod tests;
