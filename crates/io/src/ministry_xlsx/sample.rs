//! (tests only, feature `samples`) A workbook laid out as the ministry's manual shows the merged
//! 医療機関・薬局確認用 sheet, made at test time: a merged title, a two-row header, circled numbers,
//! an item whose number and text are merged down over its two scope rows, and an item no
//! earlier edition has.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn put(ws: &mut Worksheet, row: u32, cells: &[&str]) -> Result<(), XlsxError> {
    for (col, text) in (0u16..).zip(cells) {
        if !text.is_empty() {
            ws.write_string(row, col, *text)?;
        }
    }
    Ok(())
}

/// The text of the item the sample adds (no earlier edition has it).
pub const NEW_ITEM: &str = "生成AIサービスの業務利用の規程を定めている。";

pub fn merged_sheet() -> Vec<u8> {
    build().unwrap_or_default()
}

fn build() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("医療機関・薬局確認用")?;
    let f = Format::new();
    ws.merge_range(0, 0, 0, 6, "令和8年度 医療機関・薬局におけるサイバーセキュリティ対策チェックリスト", &f)?;
    put(ws, 1, &["医療機関・薬局確認用"])?;
    put(ws, 3, &["番号", "チェック項目", "対象", "確認結果", "", "確認日", "目標日"])?;
    put(ws, 4, &["", "", "", "はい", "いいえ", "", ""])?;
    ws.merge_range(5, 0, 5, 6, "1 体制構築", &f)?;
    put(ws, 6, &["1-①", "医療情報システム安全管理責任者を設置している。"])?;
    ws.merge_range(7, 0, 7, 6, "2 医療情報システムの管理・運用", &f)?;
    put(ws, 8, &["2-①", "サーバ、端末PC、ネットワーク機器の台帳管理を行っている。", "医療情報システム全般"])?;
    ws.merge_range(9, 0, 10, 0, "2-④", &f)?;
    ws.merge_range(
        9,
        1,
        10,
        1,
        "利用者の職種・担当業務別の情報区分毎のアクセス利用権限を設定している。",
        &f,
    )?;
    put(ws, 9, &["", "", "サーバ"])?;
    put(ws, 10, &["", "", "端末PC"])?;
    put(ws, 11, &["2-⑭", NEW_ITEM, "医療情報システム全般"])?;
    put(ws, 13, &["※「いいえ」の場合は令和8年度中の目標日を記入してください。"])?;
    wb.save_to_buffer()
}
