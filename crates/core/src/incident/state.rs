//! An incident as its timeline says it stands: which changes make sense now, when it may
//! close, and which steps are past the institution's targets.

use super::timeline::{self, TimelineEntry};
use super::{Phase, STEPS, StepChange, StepDef, StepStatus, TARGET_MAX_MINUTES, step_def};
use crate::clock::Timestamp;
use crate::message::{FieldError, Message};
use serde::Serialize;
use std::collections::BTreeMap;

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
