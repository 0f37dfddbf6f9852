use super::*;
use iryosec_core::ledger::Field;

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|h| (*h).to_owned()).collect()
}

fn propose(names: &[&str]) -> ColumnMapping<Field> {
    ColumnMapping::propose(crate::ledger_sheet::words(), &headers(names))
}

#[test]
fn the_column_titled_kanri_bangou_wins_over_no() {
    let names = ["No.", "管理番号", "機器名称", "種別"];
    let m = propose(&names);
    assert_eq!(m.fields, vec![None, Some(Field::AssetNo), Some(Field::Name), Some(Field::Kind)]);
    assert_eq!(m.found[1..], [Some(Found::Exact), Some(Found::Synonym), Some(Found::Exact)]);
    assert!(m.questions.is_empty());
    let untaken = m.untaken(crate::ledger_sheet::words(), &headers(&names));
    assert_eq!(
        untaken,
        vec![Untaken { column: 0, lost_to: Some((Field::AssetNo, 1)) }],
        "No. is listed, and why"
    );
}

#[test]
fn a_synonym_beats_a_guess_and_a_guess_is_said_to_be_one() {
    let m = propose(&["No.", "資産番号", "名称"]);
    assert_eq!((m.fields[1], m.found[1]), (Some(Field::AssetNo), Some(Found::Synonym)));
    assert_eq!(m.fields[0], None);
    let alone = propose(&["No.", "名称", "設置場所（部屋）"]);
    assert_eq!((alone.fields[0], alone.found[0]), (Some(Field::AssetNo), Some(Found::Guess)));
    assert_eq!(
        (alone.fields[2], alone.found[2]),
        (Some(Field::Location), Some(Found::Guess)),
        "a name inside a header"
    );
}

#[test]
fn two_columns_claiming_one_field_equally_are_a_question() {
    let names = ["資産番号", "備品番号", "名称"];
    let mut m = propose(&names);
    assert_eq!(m.fields, vec![None, None, Some(Field::Name)]);
    assert_eq!(m.questions, vec![Question { field: Field::AssetNo, columns: vec![0, 1] }]);
    assert!(m.untaken(crate::ledger_sheet::words(), &headers(&names)).is_empty(), "asked, not dropped");
    m.decide(1, Some(Field::AssetNo), Found::Chosen);
    assert_eq!(m.fields, vec![None, Some(Field::AssetNo), Some(Field::Name)]);
    assert!(m.questions.is_empty());
}

#[test]
fn real_ledger_headers_are_recognised_after_folding() {
    let m = propose(&[
        "機器名称",
        "ホスト名 ",
        "品名",
        "ＩＰ　アドレス",
        "【設置部署】",
        "利用者",
        "保守契約先",
        "シリアル",
        "MAC・アドレス",
        "※管理番号",
    ]);
    assert_eq!(
        m.fields,
        vec![
            None,
            None,
            None,
            Some(Field::Ip),
            Some(Field::Department),
            Some(Field::Owner),
            Some(Field::Vendor),
            Some(Field::Serial),
            Some(Field::Mac),
            Some(Field::AssetNo),
        ]
    );
    assert_eq!(
        m.questions,
        vec![Question { field: Field::Name, columns: vec![0, 1, 2] }],
        "three names for 名称"
    );
}

#[test]
fn a_decision_moves_a_field_from_the_column_that_had_it() {
    let mut m = propose(&["管理番号", "名称", "備考"]);
    m.decide(2, Some(Field::Name), Found::Chosen);
    assert_eq!(m.fields, vec![Some(Field::AssetNo), None, Some(Field::Name)]);
    m.decide(0, None, Found::Chosen);
    assert_eq!(m.fields[0], None);
}

#[test]
fn headers_compare_loosely() {
    assert_eq!(header_key("ＩＰ アドレス"), header_key("IPアドレス"));
    assert_eq!(header_key("MAC_Address"), "macaddress");
    assert_eq!(header_key("【設置部署】"), "設置部署");
    assert_eq!(header_key("OS・ファームウェア"), header_key("OSファームウェア"));
    assert_eq!(header_key("管理番号（必須）"), "管理番号必須");
}
