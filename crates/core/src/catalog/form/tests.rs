use super::*;
use crate::catalog::builtin;
use crate::catalog::{Scope, validate};

fn item(number: &str, title: &str, row: u32) -> FormItem {
    let section = number.split('-').next().unwrap_or("").to_owned();
    FormItem { number: number.into(), section, title: title.into(), scopes: vec![Scope::General], row }
}

fn form(items: Vec<FormItem>) -> FormRead {
    FormRead {
        sheet_name: "医療機関・薬局確認用".into(),
        sheet: Sheet::HospitalPharmacy,
        fiscal_year: 2026,
        title: "令和8年度 チェックリスト".into(),
        confirmations: 1,
        sections: vec![Section {
            number: "2".into(), title: "医療情報システムの管理・運用".into()
        }],
        items,
    }
}

#[test]
fn printed_numbers_of_either_style_name_the_same_place() {
    assert_eq!(ordinal("2-⑤"), Some(("2".into(), 5)));
    assert_eq!(ordinal("2-(5)"), Some(("2".into(), 5)));
    assert_eq!(ordinal("２-（５）"), Some(("2".into(), 5)));
    assert_eq!(position("⑳"), Some(20));
    assert_eq!(ordinal("pre"), None);
}

#[test]
fn items_keep_keys_by_number_and_wording_and_say_how() {
    let previous = builtin::edition("mhlw-checklist-r7-hospital").unwrap();
    let f = form(vec![
        // Same number, same wording.
        item("2-①", "サーバ、端末PC、ネットワーク機器の台帳管理を行っている。", 5),
        // Renumbered: the R7 2-⑧ wording under 2-⑩.
        item("2-⑩", "パスワードの使い回しを禁止している。", 6),
        // Nothing like it before.
        item("2-⑭", "生成AIの利用規程を定めている。", 7),
    ]);
    let (edition, matches) =
        draft_from_form(&f, Some(previous), FormFile { name: "r8.xlsx", official: None });
    let how: Vec<_> =
        matches.iter().map(|m| (m.key.as_str(), m.matched_by, m.previous_number.as_deref())).collect();
    assert_eq!(
        how,
        vec![
            ("assets.ledger", MatchedBy::NumberAndText, Some("2-①")),
            ("password.no_reuse", MatchedBy::Text, Some("2-⑧")),
            ("item.fy2026_2_14", MatchedBy::New, None),
        ]
    );
    assert!(validate(&edition).is_empty(), "{:?}", validate(&edition));
    assert_eq!(edition.items[0].guidance, previous.item("assets.ledger").unwrap().guidance);
    assert!(edition.items[1].source_note.contains("2-⑧ と文言で対応"), "{}", edition.items[1].source_note);
    assert!(edition.items.iter().all(|i| i.verification == Verification::Inferred), "not an official file");
    assert!(edition.source.contains("原本と照合してください"));
}

#[test]
fn a_same_number_with_other_wording_is_a_new_item() {
    let previous = builtin::edition("mhlw-checklist-r7-hospital").unwrap();
    let f = form(vec![item("2-①", "生成AIの利用規程を定めている。", 5)]);
    let matches = match_items(&f, Some(previous));
    assert_eq!(matches[0].matched_by, MatchedBy::New);
}

#[test]
fn an_official_file_makes_every_item_checked_against_the_final_text() {
    let official = crate::catalog::official::files().iter().find(|f| f.name == "001716187.xlsx").unwrap();
    let f = form(vec![item("2-①", "台帳管理を行っている。", 5)]);
    let (edition, _) = draft_from_form(&f, None, FormFile { name: "x.xlsx", official: Some(official) });
    assert!(edition.items_not_final().is_empty());
    assert!(edition.source.contains("001716187.xlsx"));
}
