//! The rules a role list must follow beyond its shape. Every problem is reported with its place,
//! so a person fixing a file sees them all at once.

use super::model::{Area, Audience, FORMAT_VERSION, KIND_ROLE_CHECKLIST, RoleList};
use crate::catalog::validate::{is_id, is_key, is_publication_date};
use crate::message::Message;
use std::collections::HashSet;

/// Where in a list a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    List(&'static str),
    Item(usize, &'static str),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub place: Place,
    pub message: Message,
}

/// The longest text of an item or a note, in characters.
pub const TEXT_MAX: usize = 2000;
/// The most items a list may have.
pub const ITEMS_MAX: usize = 200;

fn problem(place: Place, key: &'static str) -> Problem {
    Problem { place, message: Message::new(key) }
}

/// Checks a list; an empty result means it is valid.
pub fn validate(list: &RoleList) -> Vec<Problem> {
    let mut out = Vec::new();
    if list.format != FORMAT_VERSION {
        out.push(Problem {
            place: Place::List("format"),
            message: Message::new("catalog.error.format").arg("expected", FORMAT_VERSION),
        });
    }
    if !is_id(&list.id) {
        out.push(problem(Place::List("id"), "catalog.error.id"));
    }
    if list.kind != KIND_ROLE_CHECKLIST {
        out.push(problem(Place::List("kind"), "roles.error.kind"));
    }
    for (field, text) in [("title", &list.title), ("source", &list.source)] {
        if text.trim().is_empty() {
            out.push(problem(Place::List(field), "catalog.error.empty"));
        }
    }
    if list.note.chars().count() > TEXT_MAX {
        out.push(too_long(Place::List("note")));
    }
    if !(2000..=2100).contains(&list.fiscal_year) {
        out.push(problem(Place::List("fiscal_year"), "catalog.error.fiscal_year"));
    }
    if !list.published.is_empty() && !is_publication_date(&list.published) {
        out.push(problem(Place::List("published"), "catalog.error.published"));
    }
    check_items(list, &mut out);
    if list.audience == Audience::SelfCheck {
        check_covers_every_area(list, &mut out);
    }
    out
}

fn too_long(place: Place) -> Problem {
    Problem { place, message: Message::new("error.too_long").arg("max", TEXT_MAX) }
}

fn check_items(list: &RoleList, out: &mut Vec<Problem>) {
    if list.items.is_empty() {
        out.push(problem(Place::List("items"), "catalog.error.no_items"));
    }
    if list.items.len() > ITEMS_MAX {
        out.push(Problem {
            place: Place::List("items"),
            message: Message::new("roles.error.too_many_items").arg("max", ITEMS_MAX),
        });
    }
    let (mut numbers, mut keys) = (HashSet::new(), HashSet::new());
    for (i, item) in list.items.iter().enumerate() {
        if item.number.trim().is_empty() {
            out.push(problem(Place::Item(i, "number"), "catalog.error.empty"));
        } else if !numbers.insert(item.number.as_str()) {
            out.push(problem(Place::Item(i, "number"), "catalog.error.duplicate_number"));
        }
        if !is_key(&item.key) {
            out.push(problem(Place::Item(i, "key"), "catalog.error.key"));
        } else if !keys.insert(item.key.as_str()) {
            out.push(problem(Place::Item(i, "key"), "roles.error.duplicate_key"));
        }
        for (field, text) in [("viewpoint", &item.viewpoint), ("text", &item.text)] {
            if text.trim().is_empty() {
                out.push(problem(Place::Item(i, field), "catalog.error.empty"));
            }
        }
        if item.viewpoint.chars().count() > 20 {
            out.push(Problem {
                place: Place::Item(i, "viewpoint"),
                message: Message::new("error.too_long").arg("max", 20),
            });
        }
        for (field, text) in [("text", &item.text), ("measure", &item.measure), ("note", &item.note)] {
            if text.chars().count() > TEXT_MAX {
                out.push(too_long(Place::Item(i, field)));
            }
        }
    }
}

/// The nine-area self-check is the matrix: a cell without an item would leave a hole in it.
fn check_covers_every_area(list: &RoleList, out: &mut Vec<Problem>) {
    let covered: HashSet<Area> = list.items.iter().map(|i| i.area()).collect();
    let missing: Vec<String> =
        Area::all().into_iter().filter(|a| !covered.contains(a)).map(Area::name_ja).collect();
    if !missing.is_empty() {
        out.push(Problem {
            place: Place::List("items"),
            message: Message::new("roles.error.areas_missing").arg("areas", missing.join("、")),
        });
    }
}
