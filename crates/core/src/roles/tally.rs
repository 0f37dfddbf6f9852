//! The automatic tally: per item, per 視点 and per area of the nine-area matrix, the share of ○
//! with わからない counted on its own; the weakest areas first with the matrix's 対策例 and what
//! bears on them; and the change from last year.
//!
//! Each item weighs the same, however many people answered it: an item's share is ○ among its
//! answers (○, × and わからない), and a group's share is the mean of its answered items' shares.
//! So the one answer of the 経営層 list and the hundred of the staff check each speak once per
//! item. Items nobody answered are counted as such and left out of the shares.

use super::answer::{Answers, Mark};
use super::builtin::{Bearing, bearing};
use super::model::{Area, Audience, RoleList};
use serde::Serialize;

/// How many answers of each mark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub yes: usize,
    pub no: usize,
    pub unknown: usize,
}

impl Counts {
    pub fn add(&mut self, mark: Mark) {
        match mark {
            Mark::Yes => self.yes += 1,
            Mark::No => self.no += 1,
            Mark::Unknown => self.unknown += 1,
        }
    }

    pub fn plus(self, other: Counts) -> Counts {
        Counts { yes: self.yes + other.yes, no: self.no + other.no, unknown: self.unknown + other.unknown }
    }

    pub fn answered(self) -> usize {
        self.yes + self.no + self.unknown
    }

    /// ○ among the answers; `None` when there are none.
    pub fn yes_share(self) -> Option<f64> {
        share(self.yes, self.answered())
    }

    /// わからない among the answers.
    pub fn unknown_share(self) -> Option<f64> {
        share(self.unknown, self.answered())
    }
}

fn share(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// A share as a whole percent, as it is shown.
pub fn percent(share: f64) -> u32 {
    if share.is_finite() { (share.clamp(0.0, 1.0) * 100.0).round() as u32 } else { 0 }
}

/// One item over every answer it got.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemTally {
    pub list_id: String,
    pub audience: Audience,
    pub key: String,
    pub number: String,
    pub text: String,
    pub viewpoint: String,
    pub area: Area,
    pub counts: Counts,
    /// Responses that could have answered it (those that left it blank included).
    pub responses: usize,
}

impl ItemTally {
    pub fn unanswered(&self) -> usize {
        self.responses.saturating_sub(self.counts.answered())
    }
}

/// One list's items over its responses (one for a yearly list, one per person for the staff check).
pub fn tally_list(list: &RoleList, responses: &[&Answers]) -> Vec<ItemTally> {
    list.items
        .iter()
        .map(|item| {
            let mut counts = Counts::default();
            for answer in responses.iter().filter_map(|r| r.get(&item.key)) {
                counts.add(answer.mark);
            }
            ItemTally {
                list_id: list.id.clone(),
                audience: list.audience,
                key: item.key.clone(),
                number: item.number.clone(),
                text: item.text.clone(),
                viewpoint: item.viewpoint.clone(),
                area: item.area(),
                counts,
                responses: responses.len(),
            }
        })
        .collect()
}

/// A group of items (an area, a 視点).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Group {
    /// Items in the group.
    pub items: usize,
    /// Of them, those with at least one answer.
    pub answered_items: usize,
    /// Every answer in the group.
    pub counts: Counts,
    /// The mean of the answered items' shares of ○; `None` when none is answered.
    pub yes_share: Option<f64>,
    pub unknown_share: Option<f64>,
}

fn group<'a>(items: impl Iterator<Item = &'a ItemTally>) -> Group {
    let mut g = Group::default();
    let (mut yes, mut unknown) = (0.0, 0.0);
    for item in items {
        g.items += 1;
        g.counts = g.counts.plus(item.counts);
        if let (Some(y), Some(u)) = (item.counts.yes_share(), item.counts.unknown_share()) {
            g.answered_items += 1;
            yes += y;
            unknown += u;
        }
    }
    let n = g.answered_items as f64;
    if g.answered_items > 0 {
        g.yes_share = Some(yes / n);
        g.unknown_share = Some(unknown / n);
    }
    g
}

/// One cell of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AreaTally {
    pub area: Area,
    #[serde(flatten)]
    pub group: Group,
}

/// The tally of some items (one list's, or a whole year's).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tally {
    pub items: Vec<ItemTally>,
    /// The nine cells in the matrix's order ([`Area::all`]).
    pub areas: Vec<AreaTally>,
    /// Per 視点, in the order they first appear.
    pub viewpoints: Vec<(String, Group)>,
}

impl Tally {
    pub fn new(items: Vec<ItemTally>) -> Tally {
        let areas = Area::all()
            .into_iter()
            .map(|area| AreaTally { area, group: group(items.iter().filter(|i| i.area == area)) })
            .collect();
        let mut names: Vec<&str> = Vec::new();
        for item in &items {
            if !names.contains(&item.viewpoint.as_str()) {
                names.push(&item.viewpoint);
            }
        }
        let viewpoints = names
            .iter()
            .map(|v| ((*v).to_owned(), group(items.iter().filter(|i| i.viewpoint == *v))))
            .collect();
        Tally { items, areas, viewpoints }
    }

    pub fn area(&self, area: Area) -> Option<&AreaTally> {
        self.areas.iter().find(|a| a.area == area)
    }

    /// Whether anything was answered at all.
    pub fn is_empty(&self) -> bool {
        self.areas.iter().all(|a| a.group.answered_items == 0)
    }
}

/// An area needing work: how it stands, the matrix's 対策例 for it (or that it prints none), its
/// items answered × or わからない, and the checklist items and registers that bear on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakArea {
    pub area: Area,
    pub yes_share: f64,
    pub unknown_share: f64,
    /// The 対策例 of the matrix's cell, as printed.
    pub measures: Vec<String>,
    /// The matrix has an item for the cell but prints no 対策例 for it.
    pub measures_not_printed: bool,
    /// Items of the area with a × or わからない, fewest ○ first.
    pub items: Vec<ItemTally>,
    #[serde(skip)]
    pub bearing: Option<&'static Bearing>,
}

/// The answered areas, weakest (fewest ○) first; on a tie, more わからない first, then the
/// matrix's order. `matrix` is the nine-area list whose 対策例 are given.
pub fn weakest(tally: &Tally, matrix: Option<&RoleList>) -> Vec<WeakArea> {
    let mut answered: Vec<&AreaTally> = tally.areas.iter().filter(|a| a.group.yes_share.is_some()).collect();
    answered.sort_by(|a, b| {
        let key = |t: &AreaTally| (t.group.yes_share.unwrap_or(0.0), -t.group.unknown_share.unwrap_or(0.0));
        let (ka, kb) = (key(a), key(b));
        ka.0.total_cmp(&kb.0).then(ka.1.total_cmp(&kb.1)).then(a.area.index().cmp(&b.area.index()))
    });
    answered
        .into_iter()
        .map(|a| {
            let cell: Vec<_> =
                matrix.map(|m| m.items.iter().filter(|i| i.area() == a.area).collect()).unwrap_or_default();
            let measures: Vec<String> =
                cell.iter().filter(|i| !i.measure.is_empty()).map(|i| i.measure.clone()).collect();
            let mut items: Vec<ItemTally> = tally
                .items
                .iter()
                .filter(|i| i.area == a.area && i.counts.no + i.counts.unknown > 0)
                .cloned()
                .collect();
            items.sort_by(|x, y| {
                x.counts.yes_share().unwrap_or(0.0).total_cmp(&y.counts.yes_share().unwrap_or(0.0))
            });
            WeakArea {
                area: a.area,
                yes_share: a.group.yes_share.unwrap_or(0.0),
                unknown_share: a.group.unknown_share.unwrap_or(0.0),
                measures_not_printed: !cell.is_empty() && measures.is_empty(),
                measures,
                items,
                bearing: bearing(a.area),
            }
        })
        .collect()
}

/// One area this year against last year.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AreaChange {
    pub area: Area,
    pub this_year: Option<f64>,
    pub last_year: Option<f64>,
}

impl AreaChange {
    /// Percentage points up (+) or down (−), when both years were answered.
    pub fn points(&self) -> Option<i64> {
        Some(i64::from(percent(self.this_year?)) - i64::from(percent(self.last_year?)))
    }
}

pub fn compare(this_year: &Tally, last_year: &Tally) -> Vec<AreaChange> {
    Area::all()
        .into_iter()
        .map(|area| AreaChange {
            area,
            this_year: this_year.area(area).and_then(|a| a.group.yes_share),
            last_year: last_year.area(area).and_then(|a| a.group.yes_share),
        })
        .collect()
}
