//! An incident's facts, a step change and a note as typed, checked one by one with every
//! problem named by its field.

use super::{IncidentKind, StepDef, StepStatus, step_def};
use crate::clock::{JST, Timestamp};
use crate::message::{FieldError, Message};
use serde::{Deserialize, Serialize};
use time::{Date, PrimitiveDateTime, Time};

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

/// Five minutes of slack for clocks that disagree a little (a PC and the server): a time is
/// checked against the server's clock when it is saved, never against when the page loaded.
const CLOCK_SLACK_MS: i64 = 5 * 60_000;

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
