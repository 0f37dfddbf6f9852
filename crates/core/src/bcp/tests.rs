use super::*;
use crate::register::{Register, parse_record};
use crate::suggest::Suggestion;
use std::collections::{BTreeSet, HashMap};
use time::macros::date;

fn rec(register: Register, pairs: &[(&str, &str)]) -> Record {
    parse_record(register, &|code| {
        pairs.iter().find(|(k, _)| *k == code).map_or(String::new(), |(_, v)| (*v).to_owned())
    })
    .unwrap()
}

fn all(status: ItemStatus) -> BcpCheck {
    let items = ITEMS
        .iter()
        .map(|i| (i.key.to_owned(), ItemAnswer { status: Some(status), evidence: None, note: "理由".into() }))
        .collect();
    BcpCheck { document: Some(1), items }
}

const FY: FiscalYear = FiscalYear(2026);
const NONE: DrillCount = DrillCount { tabletop: 0, functional: 0 };

#[test]
fn the_items_are_valid_data() {
    let keys: BTreeSet<&str> = ITEMS.iter().map(|i| i.key).collect();
    assert_eq!(keys.len(), ITEMS.len(), "keys are unique");
    for phase in BcpPhase::ALL {
        let of_phase: Vec<&BcpItem> = ITEMS.iter().filter(|i| i.phase == phase).collect();
        assert!(of_phase.iter().any(|i| i.essential), "{phase:?} has an essential item");
        for i in of_phase {
            assert!(i.key.starts_with(&format!("{}.", phase.code())), "{} is filed under its phase", i.key);
            let digit = (BcpPhase::ALL.iter().position(|p| *p == phase).unwrap() + 1).to_string();
            assert!(i.number.starts_with(&digit), "{} has the 項番 of its phase", i.key);
            assert!(!i.name_ja.is_empty());
        }
    }
    let numbers: BTreeSet<String> = ITEMS.iter().map(BcpItem::item_number).collect();
    assert_eq!(numbers.len(), ITEMS.len(), "every item has its own 項番");
    assert_eq!(item_def("normal.drills").map(BcpItem::item_number).as_deref(), Some("1-7"));
    let phases: Vec<BcpPhase> = ITEMS.iter().map(|i| i.phase).collect();
    assert!(phases.windows(2).all(|w| w[0] <= w[1]), "items are in the 確認表's order");
    assert!(item_def("normal.drills").is_some_and(|i| i.essential));
}

#[test]
fn the_form_needs_a_reason_for_not_applicable_and_known_statuses() {
    let form: HashMap<String, String> = [
        ("document", "7"),
        ("status.normal.inventory", "done"),
        ("evidence.normal.inventory", "12"),
        ("status.normal.diagrams", "not_applicable"),
        ("status.normal.drills", "maybe"),
        ("note.post.prevention", "来年度に検討"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let get = |k: &str| form.get(k).cloned().unwrap_or_default();
    let errors = BcpCheck::from_form(&get).unwrap_err();
    let fields: Vec<(&str, &str)> = errors.iter().map(|e| (e.field, e.message.key)).collect();
    assert_eq!(
        fields,
        vec![("normal.diagrams", "bcp.error.reason_required"), ("normal.drills", "error.choose_one")]
    );
    let mut fixed = form.clone();
    fixed.insert("note.normal.diagrams".into(), "構成が単純で図が不要".into());
    fixed.insert("status.normal.drills".into(), "not_done".into());
    let get = |k: &str| fixed.get(k).cloned().unwrap_or_default();
    let check = BcpCheck::from_form(&get).unwrap();
    assert_eq!(check.document, Some(7));
    assert_eq!(check.answer("normal.inventory").unwrap().evidence, Some(12));
    assert_eq!(check.status("normal.drills"), Some(ItemStatus::NotDone));
    assert_eq!(check.answer("post.prevention").unwrap().status, None, "a note alone is kept");
    assert_eq!(check.linked_entries(), vec![7, 12]);
    assert!(!check.is_complete());
    let json = serde_json::to_string(&check).unwrap();
    assert_eq!(serde_json::from_str::<BcpCheck>(&json).unwrap(), check, "stored as JSON and read back");
}

#[test]
fn bcp_plan_needs_the_document_and_a_complete_check_without_open_essentials() {
    let doc = [rec(Register::Documents, &[("kind", "BCP"), ("title", "サイバー攻撃を想定したBCP")])];
    let s = bcp_status(&[], None, NONE, FY);
    assert_eq!(
        (s.suggestion, s.reasons[0].key),
        (Suggestion::Insufficient, "suggest.reason.document_missing")
    );
    assert_eq!(s.source, Some(Source::BcpCheck { fiscal_year: 2026 }));
    let s = bcp_status(&doc, None, NONE, FY);
    assert_eq!(
        (s.suggestion, s.reasons[0].key),
        (Suggestion::Insufficient, "suggest.reason.bcp_not_checked")
    );

    let mut partial = all(ItemStatus::Done);
    partial.items.remove("recovery.evidence");
    let s = bcp_status(&doc, Some(&partial), NONE, FY);
    assert_eq!((s.suggestion, s.records), (Suggestion::Insufficient, vec!["4-3 証拠の保全".to_owned()]));

    let done = all(ItemStatus::Done);
    let s = bcp_status(&doc, Some(&done), NONE, FY);
    assert_eq!(s.suggestion, Suggestion::Yes);
    assert_eq!(s.records, vec!["サイバー攻撃を想定したBCP".to_owned()]);
    assert_eq!(
        bcp_status(&[], Some(&done), NONE, FY).suggestion,
        Suggestion::Insufficient,
        "no document on file"
    );

    let mut minor_open = done.clone();
    minor_open.items.get_mut("post.vendor_instruction").unwrap().status = Some(ItemStatus::NotDone);
    assert_eq!(bcp_status(&doc, Some(&minor_open), NONE, FY).suggestion, Suggestion::Yes, "not essential");

    let mut essential_open = done;
    essential_open.items.get_mut("normal.drills").unwrap().status = Some(ItemStatus::NotDone);
    let s = bcp_status(&doc, Some(&essential_open), NONE, FY);
    assert_eq!((s.suggestion, s.records), (Suggestion::No, vec!["1-7 訓練".to_owned()]));
    assert_eq!(bcp_status(&[], Some(&essential_open), NONE, FY).suggestion, Suggestion::No);

    let drills = DrillCount { tabletop: 2, functional: 1 };
    let drilled = bcp_status(&doc, Some(&all(ItemStatus::Done)), drills, FY);
    let last = drilled.reasons.last().unwrap();
    assert_eq!(last.key, "suggest.reason.bcp_drills", "the year's drills are named");
    assert_eq!(last.args, vec![("tabletop", "2".to_owned()), ("functional", "1".to_owned())]);

    let not_applicable = all(ItemStatus::NotApplicable);
    assert_eq!(bcp_status(&doc, Some(&not_applicable), NONE, FY).suggestion, Suggestion::Yes);
}

#[test]
fn drills_are_counted_in_their_fiscal_year_by_kind() {
    let d = |title: &str, kind: &str, on: &str| {
        rec(
            Register::Drills,
            &[("title", title), ("kind", kind), ("held_on", on), ("scenario", "ランサムウェア")],
        )
    };
    let drills = [
        d("机上1", "机上訓練", "2026-04-01"),
        d("実動1", "実動訓練", "2027-03-31"),
        d("昨年度", "机上訓練", "2026-03-31"),
    ];
    assert_eq!(drills_in_year(&drills, &[], FY), DrillCount { tabletop: 1, functional: 1 });
    assert_eq!(drills_in_year(&drills, &[], FY).total(), 2);
}

#[test]
fn a_drill_run_as_an_incident_counts_once_whether_or_not_the_register_records_it() {
    let run = |number: i64, on: time::Date| DrillRun { number, held_on: on };
    let runs = [run(3, date!(2026 - 10 - 01)), run(5, date!(2027 - 02 - 01)), run(1, date!(2026 - 03 - 01))];
    assert_eq!(
        drills_in_year(&[], &runs, FY),
        DrillCount { tabletop: 0, functional: 2 },
        "two runs in the year count as 実動訓練 with no entry in the register"
    );
    let recorded = rec(
        Register::Drills,
        &[
            ("title", "ランサムウェア想定の訓練"),
            ("kind", "机上訓練"),
            ("held_on", "2026-10-01"),
            ("scenario", "ランサムウェア"),
            ("incident", "3"),
        ],
    );
    assert_eq!(
        drills_in_year(std::slice::from_ref(&recorded), &runs, FY),
        DrillCount { tabletop: 1, functional: 1 },
        "run 3 is counted once, as its entry says; run 5 still counts"
    );
    assert_eq!(
        unrecorded_runs(std::slice::from_ref(&recorded), &runs).map(|r| r.number).collect::<Vec<_>>(),
        [5, 1]
    );
}
