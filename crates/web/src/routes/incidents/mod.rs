//! `/incidents`: インシデント対応 — the incidents and drills, opening one, its page with the
//! phases and steps, contacts and recovery order, step changes, notes and corrections, closing,
//! the printable chronology with report drafts, the timeline as JSON, and the targets per step.

pub mod chronology;
pub mod close;
pub mod export;
pub mod list;
pub mod new;
pub mod note;
pub mod show;
pub mod step;
pub mod targets;

use crate::page::PageCtx;
use iryosec_core::Timestamp;
use iryosec_core::incident::{IncidentFacts, minutes_between};

/// Minutes as 2時間5分, 24時間 or 3日4時間 (see [`PageCtx::duration`]).
pub fn duration(page: &PageCtx, minutes: i64) -> String {
    page.duration(minutes)
}

/// Time since detection: until now, or until the incident was closed.
pub fn elapsed(
    page: &PageCtx,
    facts: &IncidentFacts,
    closed_at: Option<Timestamp>,
    now: Timestamp,
) -> String {
    match closed_at {
        Some(closed) => page.t1(
            "incident.elapsed_closed",
            "duration",
            duration(page, minutes_between(facts.detected_at, closed)),
        ),
        None => {
            page.t1("incident.elapsed", "duration", duration(page, minutes_between(facts.detected_at, now)))
        }
    }
}

/// The incident's title: as typed, or its kind and detection time.
pub fn title(page: &PageCtx, facts: &IncidentFacts) -> String {
    if facts.title.is_empty() {
        format!("{} {}", page.t(facts.kind.message_key()), page.datetime(facts.detected_at))
    } else {
        facts.title.clone()
    }
}
