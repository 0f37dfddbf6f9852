use super::*;
use crate::catalog::Scope;
use crate::survey::{Answer, builtin, evaluate_json};
use serde_json::json;

const FY2022: &str = "mhlw-survey-fy2022-hospital";
const FY2023: &str = "mhlw-survey-fy2023-hospital";

fn who(name: &str, code: Option<&str>, prefecture: u8, beds: Option<u32>) -> Institution {
    Institution { name: name.into(), prefecture, medical_code: code.map(Into::into), beds }
}

fn survey(file: &str, i: Institution, edition: &str, at: i64, answers: serde_json::Value) -> Submission {
    let e = builtin::edition(edition).unwrap();
    let map = answers.as_object().cloned().unwrap();
    let eval = evaluate_json(e, &map);
    assert!(eval.invalid.is_empty(), "{:?}", eval.invalid);
    Submission {
        file: file.into(),
        institution: i,
        fiscal_year: e.fiscal_year,
        exported_at: at,
        content: Content::Survey {
            edition: e,
            answers: crate::survey::answers_from_json(e, &map),
            applicable: eval.applicable.into_iter().collect(),
        },
    }
}

fn fy2023(backup_offline: bool, bcp: bool) -> serde_json::Value {
    json!({ "Q2": true, "Q10": bcp, "Q11": true, "Q12": true, "Q12-5": backup_offline, "Q6": [1, 2] })
}

fn question<'a>(r: &'a EditionReport, id: &str) -> &'a QuestionReport {
    r.questions.iter().find(|q| q.id == id).unwrap()
}

fn row<'a>(q: &'a QuestionReport, label: &RowLabel) -> &'a RowReport {
    q.rows.iter().find(|r| &r.label == label).unwrap()
}

#[test]
fn yes_no_and_choices_are_counted_by_band_and_prefecture_with_ratios() {
    let subs = vec![
        survey("a.json", who("A病院", Some("1310000001"), 13, Some(350)), FY2023, 10, fy2023(true, true)),
        survey("b.json", who("B病院", Some("2710000002"), 27, Some(80)), FY2023, 10, fy2023(false, true)),
        survey("c.json", who("C病院", None, 27, None), FY2023, 10, json!({ "Q11": false, "Q6": [5] })),
    ];
    let r = aggregate(subs, &[]);
    assert_eq!((r.bundles, r.counted, r.institutions), (3, 3, 3));
    let e = &r.editions[0];
    assert_eq!(e.id, FY2023);
    assert_eq!(e.institutions.total, 3);
    assert_eq!(e.institutions.band(SizeBand::From300), 1);
    assert_eq!(e.institutions.band(SizeBand::Unknown), 1);
    assert_eq!(e.institutions.prefecture(27), 2);

    let q2 = question(e, "Q2");
    assert_eq!(row(q2, &RowLabel::Yes).count.total, 2);
    assert_eq!(row(q2, &RowLabel::Unanswered).count.total, 1);
    assert_eq!(row(q2, &RowLabel::Yes).ratio, Some(2.0 / 3.0));

    // Q12-5 applies only where Q12 was answered; C has no electronic records.
    let q125 = question(e, "Q12-5");
    assert_eq!((q125.applicable.total, q125.not_applicable), (2, 1));
    assert_eq!(row(q125, &RowLabel::No).count.band(SizeBand::From20), 1);
    assert_eq!(row(q125, &RowLabel::No).count.prefecture(27), 1);
    assert_eq!(row(q125, &RowLabel::No).ratio, Some(0.5));

    let q6 = question(e, "Q6");
    let option = |n: u32| {
        q6.rows.iter().find(|r| matches!(r.label, RowLabel::Option { number, .. } if number == n)).unwrap()
    };
    assert_eq!(
        (option(1).count.total, option(2).count.total, option(5).count.total, option(3).count.total),
        (2, 2, 1, 0)
    );
}

#[test]
fn tables_count_institutions_rows_and_devices_by_maker() {
    let vpn = |rows: serde_json::Value| json!({ "pre-Q14": true, "Q14": true, "Q15": [], "Q17": rows, "Q17-1": true, "Q17-2": true });
    let subs = vec![
        survey(
            "a.json",
            who("A", Some("1"), 1, Some(20)),
            FY2022,
            1,
            vpn(json!([
            { "maker": "ＹＡＭＡＨＡ", "model": "RTX1300", "count": 2, "os_version": "1" },
            { "maker": "Cisco", "model": "ISR", "count": 1, "os_version": "1" }])),
        ),
        survey(
            "b.json",
            who("B", Some("2"), 2, Some(120)),
            FY2022,
            1,
            vpn(json!([
            { "maker": "Yamaha", "model": "RTX830", "count": 3, "os_version": "1" }])),
        ),
    ];
    let r = aggregate(subs, &[]);
    let q17 = question(&r.editions[0], "Q17");
    assert_eq!(row(q17, &RowLabel::WithRows).count.total, 2);
    assert_eq!(row(q17, &RowLabel::Rows).count.total, 3);
    assert_eq!(row(q17, &RowLabel::Devices).count.total, 6);
    assert_eq!(row(q17, &RowLabel::Rows).ratio, None);
    let makers: Vec<(String, u32)> = q17
        .rows
        .iter()
        .filter_map(|r| match &r.label {
            RowLabel::DevicesBy { maker } => Some((maker.clone(), r.count.total)),
            _ => None,
        })
        .collect();
    assert_eq!(makers, vec![("YAMAHA".to_owned(), 5), ("Cisco".to_owned(), 1)]);
    let q15 = question(&r.editions[0], "Q15");
    assert_eq!(row(q15, &RowLabel::NoRows).count.total, 2);
}

#[test]
fn the_latest_bundle_per_institution_and_year_is_counted() {
    let a = who("A病院", Some("1310000001"), 13, Some(350));
    let subs = vec![
        survey("new.json", a.clone(), FY2023, 200, fy2023(true, true)),
        survey("old.json", a.clone(), FY2023, 100, fy2023(false, false)),
        survey("fy2022.json", a, FY2022, 50, json!({ "Q6": false })),
    ];
    let r = aggregate(subs, &[]);
    assert_eq!((r.bundles, r.counted, r.institutions), (3, 2, 1));
    assert_eq!(r.superseded, vec![Superseded { file: "old.json".into(), by: "new.json".into() }]);
    let fy23 = r.editions.iter().find(|e| e.id == FY2023).unwrap();
    assert_eq!(row(question(fy23, "Q10"), &RowLabel::Yes).count.total, 1);
    // The FY2022 gap stays with FY2022; the kept FY2023 bundle has none.
    assert_eq!(r.gaps.len(), 1);
    assert_eq!((r.gaps[0].fiscal_year, r.gaps[0].gaps.clone()), (2022, vec![Gap::NoBcp]));
}

#[test]
fn institutions_without_a_code_are_told_apart_by_name_and_prefecture() {
    let subs = vec![
        survey("a.json", who("中央病院", None, 13, None), FY2023, 1, fy2023(true, true)),
        survey("b.json", who("中央病院", None, 14, None), FY2023, 1, fy2023(true, true)),
    ];
    assert_eq!(aggregate(subs, &[]).counted, 2);
}

#[test]
fn gaps_are_listed_per_institution_and_counted_per_edition() {
    let subs = vec![
        survey("a.json", who("A", Some("1"), 13, Some(300)), FY2023, 1, fy2023(false, false)),
        survey("b.json", who("B", Some("2"), 13, Some(300)), FY2023, 1, fy2023(true, true)),
    ];
    let r = aggregate(subs, &[]);
    assert_eq!(r.gaps.len(), 1);
    assert_eq!(r.gaps[0].file, "a.json");
    assert_eq!(r.gaps[0].gaps, vec![Gap::NoOfflineBackup, Gap::NoBcp]);
    let counts: Vec<(Gap, u32)> = r.editions[0].gaps.iter().map(|(g, t)| (*g, t.total)).collect();
    assert_eq!(counts, vec![(Gap::NoOfflineBackup, 1), (Gap::NoBcp, 1)]);
}

#[test]
fn not_answered_lists_the_roster_and_those_who_answered_only_earlier() {
    let subs = vec![
        survey("a23.json", who("A", Some("1"), 13, None), FY2023, 1, fy2023(true, true)),
        survey("b22.json", who("B", Some("2"), 13, None), FY2022, 1, json!({})),
        survey("c22.json", who("C", None, 1, None), FY2022, 1, json!({})),
    ];
    let roster = vec![
        RosterEntry { institution: who("A", Some("1"), 13, None) },
        RosterEntry { institution: who("B", Some("2"), 13, Some(99)) },
        RosterEntry { institution: who("D", None, 47, Some(20)) },
    ];
    let r = aggregate(subs, &roster);
    assert_eq!(r.latest_year, Some(2023));
    let listed: Vec<(&str, &MissingReason)> =
        r.not_answered.iter().map(|m| (m.institution.name.as_str(), &m.reason)).collect();
    assert_eq!(
        listed,
        vec![
            ("C", &MissingReason::EarlierYear { last_year: 2022 }),
            ("B", &MissingReason::Roster),
            ("D", &MissingReason::Roster),
        ]
    );
}

#[test]
fn checklist_items_count_yes_no_and_unanswered_per_scope_and_respect_applicability() {
    let e = crate::catalog::builtin::edition("mhlw-checklist-r7-hospital").unwrap();
    let sub = |file: &str, code: &str, answers: Vec<(Slot, YesNo)>| Submission {
        file: file.into(),
        institution: who(file, Some(code), 13, Some(100)),
        fiscal_year: 2025,
        exported_at: 1,
        content: Content::Checklist {
            edition: e,
            facts: Facts::default(),
            answers: answers.into_iter().collect(),
        },
    };
    let subs = vec![
        sub(
            "a",
            "1",
            vec![
                (Slot::new("access.logs", Some(Scope::Server)), YesNo::No),
                (Slot::new("bcp.plan", None), YesNo::No),
            ],
        ),
        sub("b", "2", vec![(Slot::new("access.logs", Some(Scope::Server)), YesNo::Yes)]),
        sub("c", "3", vec![(Slot::new("system.in_use", None), YesNo::No)]),
    ];
    let r = aggregate(subs, &[]);
    let ed = &r.editions[0];
    assert_eq!(ed.kind, "checklist");
    let logs = ed.questions.iter().find(|q| q.id == "2-⑪" && q.scope == Some("server")).unwrap();
    // C has no system: every item but the gate is 対象外 for it.
    assert_eq!((logs.applicable.total, logs.not_applicable), (2, 1));
    assert_eq!((row(logs, &RowLabel::Yes).count.total, row(logs, &RowLabel::No).count.total), (1, 1));
    assert_eq!(r.gaps.len(), 1);
    assert_eq!(r.gaps[0].gaps, vec![Gap::NoBcp]);
}

#[test]
fn a_tally_serialises_every_band_and_only_prefectures_with_a_count() {
    let mut t = Tally::default();
    t.add(&who("A", None, 13, Some(250)), 2);
    let v = serde_json::to_value(&t).unwrap();
    assert_eq!(v["total"], 2);
    assert_eq!(v["bands"]["200-299"], 2);
    assert_eq!(v["bands"]["unknown"], 0);
    assert_eq!(v["prefectures"], json!({ "13": 2 }));
    let _ = Answer::YesNo(true);
}
