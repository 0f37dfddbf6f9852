//! Workbooks laid out as the ministry's manuals show the form, made here in several variants.

use super::sample::merged_sheet;
use super::*;
use rust_xlsxwriter::{Workbook, Worksheet};

fn save(build: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    save_named("チェックリスト", build)
}

fn save_named(name: &str, build: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(name).unwrap();
    build(ws);
    wb.save_to_buffer().unwrap()
}

fn put(ws: &mut Worksheet, row: u32, cells: &[&str]) {
    for (col, text) in (0u16..).zip(cells) {
        if !text.is_empty() {
            ws.write_string(row, col, *text).unwrap();
        }
    }
}

#[test]
fn the_merged_sheet_reads_sections_items_scopes_and_the_year() {
    let form = read_form(&merged_sheet(), &FormHints::default()).unwrap();
    assert_eq!((form.sheet, form.fiscal_year, form.confirmations), (Sheet::HospitalPharmacy, 2026, 1));
    assert!(form.title.contains("チェックリスト"));
    let sections: Vec<_> = form.sections.iter().map(|s| (s.number.as_str(), s.title.as_str())).collect();
    assert_eq!(sections, vec![("1", "体制構築"), ("2", "医療情報システムの管理・運用")]);
    let items: Vec<_> =
        form.items.iter().map(|i| (i.number.as_str(), i.section.as_str(), i.scopes.clone(), i.row)).collect();
    assert_eq!(
        items,
        vec![
            ("1-①", "1", vec![], 7),
            ("2-①", "2", vec![Scope::General], 9),
            ("2-④", "2", vec![Scope::Server, Scope::Terminal], 10),
            ("2-⑭", "2", vec![Scope::General], 12),
        ]
    );
}

/// The R6 style: a title row, bracketed numbers under their section (full-width too), the
/// number column without a header, two 確認日 columns.
#[test]
fn bracketed_numbers_under_sections_and_two_date_columns() {
    let bytes = save_named("医療機関確認用", |ws| {
        put(ws, 0, &["令和６年度 医療機関におけるサイバーセキュリティ対策チェックリスト"]);
        put(
            ws,
            2,
            &[
                "",
                "チェック項目",
                "対象",
                "1回目 はい・いいえ",
                "1回目 確認日",
                "2回目 はい・いいえ",
                "2回目 確認日",
            ],
        );
        put(ws, 3, &["1", "体制構築"]);
        put(ws, 4, &["（１）", "医療情報システム安全管理責任者を設置している。"]);
        put(ws, 5, &["2", "医療情報システムの管理・運用"]);
        put(
            ws,
            6,
            &["(1)", "サーバ、端末PC、ネットワーク機器の台帳管理を行っている。", "医療情報システム全般"],
        );
        put(ws, 7, &["(12)", "接続元制限を実施している。", "ネットワーク機器"]);
    });
    let form = read_form(&bytes, &FormHints::default()).unwrap();
    assert_eq!((form.sheet, form.fiscal_year, form.confirmations), (Sheet::Hospital, 2024, 2));
    let numbers: Vec<_> = form.items.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(numbers, ["1-(1)", "2-(1)", "2-(12)"]);
    assert_eq!(form.items[2].scopes, vec![Scope::Network]);
}

/// Numbers printed in front of the text, in one column; the year and sheet given by the person.
#[test]
fn numbers_in_front_of_the_text_and_hints_for_what_is_not_printed() {
    let bytes = save(|ws| {
        put(ws, 0, &["確認項目", "対象", "確認日"]);
        put(ws, 1, &["2-⑳ 接続元制限を実施している。", "ネットワーク機器"]);
    });
    let none = read_form(&bytes, &FormHints::default()).unwrap_err();
    assert_eq!(
        (none.place(), none.message.key),
        ("チェックリスト!1".to_owned(), "io.error.ministry_no_sheet_kind")
    );
    let hints = FormHints { sheet: Some(Sheet::Vendor), ..FormHints::default() };
    let no_year = read_form(&bytes, &hints).unwrap_err();
    assert_eq!(no_year.message.key, "io.error.ministry_no_year");
    let hints = FormHints { fiscal_year: Some(2026), ..hints };
    let form = read_form(&bytes, &hints).unwrap();
    assert_eq!(
        (form.items[0].number.as_str(), form.items[0].title.as_str()),
        ("2-⑳", "接続元制限を実施している。")
    );
}

#[test]
fn what_cannot_be_found_is_named_by_sheet_row_and_column() {
    let no_table = save(|ws| put(ws, 0, &["令和8年度 事業者確認用", "何かの表"]));
    let e = read_form(&no_table, &FormHints::default()).unwrap_err();
    assert_eq!((e.place(), e.message.key), ("チェックリスト".to_owned(), "io.error.ministry_no_table"));

    let no_text = save_named("事業者確認用", |ws| {
        put(ws, 0, &["令和8年度"]);
        put(ws, 1, &["番号", "チェック項目", "確認日"]);
        put(ws, 2, &["1-①", "", "2026-07-01"]);
    });
    let e = read_form(&no_text, &FormHints::default()).unwrap_err();
    assert_eq!((e.place(), e.message.key), ("事業者確認用!B3".to_owned(), "io.error.ministry_no_text"));

    let no_section = save_named("事業者確認用", |ws| {
        put(ws, 0, &["令和8年度"]);
        put(ws, 1, &["番号", "チェック項目", "確認日"]);
        put(ws, 2, &["①", "台帳管理を行っている。"]);
    });
    let e = read_form(&no_section, &FormHints::default()).unwrap_err();
    assert_eq!((e.place(), e.message.key), ("事業者確認用!B3".to_owned(), "io.error.ministry_no_section"));

    let no_items = save_named("事業者確認用", |ws| {
        put(ws, 0, &["令和8年度"]);
        put(ws, 1, &["番号", "チェック項目", "確認日"]);
        put(ws, 2, &["※ 記入例"]);
    });
    let e = read_form(&no_items, &FormHints::default()).unwrap_err();
    assert_eq!((e.place(), e.message.key), ("事業者確認用!2".to_owned(), "io.error.ministry_no_items"));

    let e = read_form(b"not a workbook", &FormHints::default()).unwrap_err();
    assert_eq!(e.message.key, "io.error.not_xlsx");
}

#[test]
fn a_named_sheet_that_is_missing_says_so() {
    let hints = FormHints { sheet_name: Some("薬局確認用".into()), ..FormHints::default() };
    let e = read_form(&merged_sheet(), &hints).unwrap_err();
    assert_eq!((e.place(), e.message.key), ("薬局確認用".to_owned(), "io.error.ministry_missing_sheet"));
}
