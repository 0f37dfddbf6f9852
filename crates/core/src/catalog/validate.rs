//! The rules an edition must follow beyond its shape. Every problem is reported, each with
//! the place it is at, so a person fixing a file sees them all at once.

use super::model::{Edition, FORMAT_VERSION, KIND_CHECKLIST, Verification};
use crate::message::Message;
use std::collections::HashSet;

/// Where in an edition a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Edition(&'static str),
    Section(usize),
    Item(usize, &'static str),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub message: Message,
}

fn problem(place: Place, key: &'static str) -> Problem {
    Problem { place, message: Message::new(key) }
}

pub(crate) fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub(crate) fn is_key(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 80
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.')
        && !s.starts_with('.')
        && !s.ends_with('.')
}

/// `YYYY-MM-DD`, or `YYYY-MM` where only the month of publication is known (a day made up to
/// fill the field would be a fact nobody checked).
pub(crate) fn is_publication_date(s: &str) -> bool {
    if crate::date::parse_date(s).is_ok() {
        return true;
    }
    let month = format!("{s}-01");
    s.len() == 7 && s.as_bytes().get(4) == Some(&b'-') && crate::date::parse_date(&month).is_ok()
}

/// Checks an edition; an empty list means it is valid.
pub fn validate(e: &Edition) -> Vec<Problem> {
    let mut out = Vec::new();
    if e.format != FORMAT_VERSION {
        out.push(Problem {
            place: Place::Edition("format"),
            message: Message::new("catalog.error.format").arg("expected", FORMAT_VERSION),
        });
    }
    if !is_id(&e.id) {
        out.push(problem(Place::Edition("id"), "catalog.error.id"));
    }
    if e.kind != KIND_CHECKLIST {
        out.push(problem(Place::Edition("kind"), "catalog.error.kind"));
    }
    if e.title.trim().is_empty() {
        out.push(problem(Place::Edition("title"), "catalog.error.empty"));
    }
    if !(2000..=2100).contains(&e.fiscal_year) {
        out.push(problem(Place::Edition("fiscal_year"), "catalog.error.fiscal_year"));
    }
    if !(1..=2).contains(&e.confirmations) {
        out.push(problem(Place::Edition("confirmations"), "catalog.error.confirmations"));
    }
    if !e.published.is_empty() && !is_publication_date(&e.published) {
        out.push(problem(Place::Edition("published"), "catalog.error.published"));
    }
    check_sections(e, &mut out);
    check_items(e, &mut out);
    out
}

fn check_sections(e: &Edition, out: &mut Vec<Problem>) {
    if e.sections.is_empty() {
        out.push(problem(Place::Edition("sections"), "catalog.error.no_sections"));
    }
    let mut seen = HashSet::new();
    for (i, s) in e.sections.iter().enumerate() {
        if s.number.trim().is_empty() || s.title.trim().is_empty() {
            out.push(problem(Place::Section(i), "catalog.error.empty"));
        }
        if !seen.insert(s.number.as_str()) {
            out.push(problem(Place::Section(i), "catalog.error.duplicate_section"));
        }
    }
}

fn check_items(e: &Edition, out: &mut Vec<Problem>) {
    if e.items.is_empty() {
        out.push(problem(Place::Edition("items"), "catalog.error.no_items"));
    }
    let sections: HashSet<&str> = e.sections.iter().map(|s| s.number.as_str()).collect();
    let (mut numbers, mut keys) = (HashSet::new(), HashSet::new());
    let mut gates = 0;
    for (i, item) in e.items.iter().enumerate() {
        if item.number.trim().is_empty() {
            out.push(problem(Place::Item(i, "number"), "catalog.error.empty"));
        } else if !numbers.insert(item.number.as_str()) {
            out.push(problem(Place::Item(i, "number"), "catalog.error.duplicate_number"));
        }
        if !is_key(&item.key) {
            out.push(problem(Place::Item(i, "key"), "catalog.error.key"));
        } else if !keys.insert(item.key.as_str()) {
            out.push(problem(Place::Item(i, "key"), "catalog.error.duplicate_key"));
        }
        if !sections.contains(item.section.as_str()) {
            out.push(Problem {
                place: Place::Item(i, "section"),
                message: Message::new("catalog.error.unknown_section").arg("section", &item.section),
            });
        }
        if item.title.trim().is_empty() {
            out.push(problem(Place::Item(i, "title"), "catalog.error.empty"));
        }
        check_scopes_and_due(e, i, out);
        if e.provisional && item.verification == Verification::Final {
            out.push(problem(Place::Item(i, "verification"), "catalog.error.provisional_final"));
        }
        if item.gate {
            gates += 1;
            if !item.scopes.is_empty() || !item.applies_if.is_empty() {
                out.push(problem(Place::Item(i, "gate"), "catalog.error.gate_shape"));
            }
        }
    }
    if gates > 1 {
        out.push(problem(Place::Edition("items"), "catalog.error.two_gates"));
    }
}

fn check_scopes_and_due(e: &Edition, i: usize, out: &mut Vec<Problem>) {
    let Some(item) = e.items.get(i) else { return };
    let unique: HashSet<_> = item.scopes.iter().collect();
    if unique.len() != item.scopes.len() {
        out.push(problem(Place::Item(i, "scopes"), "catalog.error.duplicate_scope"));
    }
    let due_range = (e.fiscal_year - 1)..=(e.fiscal_year + 10);
    if !due_range.contains(&item.due) {
        out.push(problem(Place::Item(i, "due"), "catalog.error.due"));
    }
    for (scope, due) in &item.due_by_scope {
        if !item.scopes.contains(scope) {
            out.push(problem(Place::Item(i, "due_by_scope"), "catalog.error.due_scope"));
        }
        if !due_range.contains(due) {
            out.push(problem(Place::Item(i, "due_by_scope"), "catalog.error.due"));
        }
    }
}
