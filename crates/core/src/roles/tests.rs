//! The tally and the heat map from a known set of answers: the ministry's example marks of the
//! 経営層 list, and three staff answering the staff check.

use super::builtin::list;
use super::heatmap::{HeatMapText, fill_of, heat_map};
use super::tally::{Tally, compare, percent, tally_list, weakest};
use super::*;

fn answers(list: &RoleList, marks: &[Mark]) -> Answers {
    list.items
        .iter()
        .zip(marks)
        .map(|(i, m)| (i.key.clone(), ItemAnswer { mark: *m, note: String::new() }))
        .collect()
}

use Mark::{No as X, Unknown as Q, Yes as O};

/// The example marks the training material prints beside the 経営層 list.
const EXECUTIVE: [Mark; 9] = [O, O, O, X, O, O, O, X, X];
const STAFF_A: [Mark; 11] = [O; 11];
const STAFF_B: [Mark; 11] = [O, O, X, O, O, O, O, O, Q, O, O];
const STAFF_C: [Mark; 11] = [O, O, O, O, O, O, O, X, X, Q, O];

fn year() -> Tally {
    let exec = list("mhlw-r3-executive").unwrap();
    let staff = list("iryosec-clinical").unwrap();
    let e = answers(exec, &EXECUTIVE);
    let (a, b, c) = (answers(staff, &STAFF_A), answers(staff, &STAFF_B), answers(staff, &STAFF_C));
    let mut items = tally_list(exec, &[&e]);
    items.extend(tally_list(staff, &[&a, &b, &c]));
    Tally::new(items)
}

fn cell(t: &Tally, layer: Layer, control: Control) -> (Option<u32>, Option<u32>, usize) {
    let g = t.area(Area { layer, control }).unwrap().group;
    (g.yes_share.map(percent), g.unknown_share.map(percent), g.answered_items)
}

#[test]
fn a_known_set_of_answers_gives_known_cells() {
    let t = year();
    // 経営層: items 1–3, 5, 6, 8, 9 are 組織的・予防的 (5 of 7 ○); 4 and 7 システム的・予防的 (1 of 2).
    assert_eq!(cell(&t, Layer::Structure, Control::Preventive), (Some(71), Some(0), 7));
    assert_eq!(cell(&t, Layer::System, Control::Preventive), (Some(50), Some(0), 2));
    // Staff: item 3 has 2 of 3 ○, the other six 3 of 3: (6 + 2/3) / 7.
    assert_eq!(cell(&t, Layer::Staff, Control::Preventive), (Some(95), Some(0), 7));
    // Item 8: 2 of 3 ○; item 9: 1 ○, 1 わからない, 1 ×.
    assert_eq!(cell(&t, Layer::Staff, Control::Detective), (Some(50), Some(17), 2));
    // Item 10: 2 ○ and 1 わからない; item 11: all ○.
    assert_eq!(cell(&t, Layer::Staff, Control::Corrective), (Some(83), Some(17), 2));
    assert_eq!(cell(&t, Layer::Structure, Control::Corrective), (None, None, 0));
    let staff_item_9 = t.items.iter().find(|i| i.key == "who_to_call").unwrap();
    assert_eq!((staff_item_9.counts.yes, staff_item_9.counts.no, staff_item_9.counts.unknown), (1, 1, 1));
}

#[test]
fn the_tally_per_viewpoint_groups_the_printed_words() {
    let t = year();
    let names: Vec<&str> = t.viewpoints.iter().map(|(v, _)| v.as_str()).collect();
    assert_eq!(names, ["予防", "発見", "是正"]);
    let prevent = t.viewpoints[0].1;
    assert_eq!((prevent.items, prevent.counts.yes, prevent.counts.no), (16, 26, 4));
}

#[test]
fn the_heat_map_fills_and_labels_each_cell() {
    let t = year();
    let svg = heat_map(&HeatMapText::ja("9領域の状況"), &t.areas);
    assert!(svg.starts_with("<svg ") && svg.ends_with("</svg>"));
    assert_eq!(svg.matches("class=\"heat-cell").count(), 9);
    let cell = |code: &str| {
        let start = svg.find(&format!("data-area=\"{code}\"")).unwrap();
        let end = start + svg[start..].find("</g>").unwrap();
        svg[start..end].to_owned()
    };
    let detective = cell("staff.detective");
    assert!(detective.contains("fill=\"#fdae61\"") && detective.contains("heat-2"), "{detective}");
    assert!(detective.contains(">○ 50%<") && detective.contains(">わからない 17%<"), "{detective}");
    assert!(detective.contains("<title>人的・発見的: ○ 50%、わからない 17%</title>"), "{detective}");
    let structure = cell("structure.preventive");
    assert!(structure.contains("fill=\"#a6d96a\"") && structure.contains(">○ 71%<"), "{structure}");
    let staff = cell("staff.preventive");
    assert!(staff.contains("fill=\"#1a7f46\"") && staff.contains("fill=\"#ffffff\""), "{staff}");
    let empty = cell("structure.corrective");
    assert!(empty.contains("fill=\"#e0e0e0\"") && empty.contains(">回答なし<"), "{empty}");
    for name in ["組織的", "システム的", "人的", "是正的", "発見的", "予防的"] {
        assert!(svg.contains(&format!(">{name}</text>")), "{name}");
    }
    assert!(!svg.contains("http"));
}

#[test]
fn fills_step_at_forty_sixty_and_eighty_percent() {
    assert_eq!(fill_of(Some(0.395)).1, "heat-2", "39.5% shows as 40%");
    assert_eq!(fill_of(Some(0.39)).1, "heat-1");
    assert_eq!(fill_of(Some(0.6)).1, "heat-3");
    assert_eq!(fill_of(Some(0.8)).1, "heat-4");
    assert_eq!(fill_of(None).1, "heat-none");
}

#[test]
fn the_weakest_areas_come_first_with_the_matrixs_measures() {
    let t = year();
    let matrix = list("mhlw-r3-nine-areas");
    let weak = weakest(&t, matrix);
    let order: Vec<String> = weak.iter().map(|w| w.area.name_ja()).collect();
    assert_eq!(
        order,
        ["人的・発見的", "システム的・予防的", "組織的・予防的", "人的・是正的", "人的・予防的"]
    );
    // The matrix prints no 対策例 in the 人的 column, and that is said, not filled in.
    assert!(weak[0].measures.is_empty() && weak[0].measures_not_printed);
    assert_eq!(
        weak[1].measures,
        ["最新リスクへの対策セキュリティパッチの適用", "システム上の対策の強化IPSやFWの導入や設定見直し"]
    );
    let keys: Vec<&str> = weak[0].items.iter().map(|i| i.key.as_str()).collect();
    assert_eq!(keys, ["who_to_call", "suspicious_mail_reported"], "fewest ○ first");
    let bearing = weak[1].bearing.unwrap();
    assert!(bearing.checklist.iter().any(|k| k == "patch.apply"));
    assert!(weakest(&t, None)[1].measures.is_empty() && !weakest(&t, None)[1].measures_not_printed);
}

#[test]
fn year_over_year_gives_the_change_in_points() {
    let exec = list("mhlw-r3-executive").unwrap();
    let all_yes = answers(exec, &[O; 9]);
    let last = Tally::new(tally_list(exec, &[&all_yes]));
    let changes = compare(&year(), &last);
    let structure = changes.iter().find(|c| c.area.name_ja() == "組織的・予防的").unwrap();
    assert_eq!(structure.points(), Some(-29));
    let staff = changes.iter().find(|c| c.area.name_ja() == "人的・予防的").unwrap();
    assert_eq!((staff.points(), staff.last_year), (None, None), "not answered last year");
}

#[test]
fn a_list_left_blank_counts_its_items_as_unanswered() {
    let exec = list("mhlw-r3-executive").unwrap();
    let empty = Answers::new();
    let t = Tally::new(tally_list(exec, &[&empty]));
    assert!(t.is_empty());
    assert_eq!(t.items[0].unanswered(), 1);
    assert!(weakest(&t, None).is_empty());
}
