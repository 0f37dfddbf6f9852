//! Workbooks shaped like the ledgers hospitals keep by hand, made at test time: a cover sheet
//! before the ledger, a merged title, a note and a blank row above a header split over two
//! rows, 「No.」 beside 「管理番号」, the values people write, and a totals row. For tests only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

/// A cell or a merged range of one sheet, 1-based as Excel shows them.
#[derive(Debug, Clone)]
pub enum Put {
    /// Row, column letter(s) as a 0-based index, text.
    Cell(u32, u16, String),
    /// First row, first column, last row, last column, text.
    Merged(u32, u16, u32, u16, String),
}

/// One sheet: its name and what is written on it.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub cells: Vec<Put>,
}

impl Sheet {
    pub fn new(name: &str) -> Sheet {
        Sheet { name: name.to_owned(), cells: Vec::new() }
    }

    /// Writes `cells` along row `row` (1-based) from column A; empty texts stay empty.
    pub fn row(mut self, row: u32, cells: &[&str]) -> Sheet {
        for (col, text) in (0u16..).zip(cells) {
            if !text.is_empty() {
                self.cells.push(Put::Cell(row, col, (*text).to_owned()));
            }
        }
        self
    }

    /// Writes `text` at row `row` (1-based) and 0-based column `col`, over what was there.
    pub fn set(mut self, row: u32, col: u16, text: &str) -> Sheet {
        self.cells.retain(|p| !matches!(p, Put::Cell(r, c, _) if *r == row && *c == col));
        self.cells.push(Put::Cell(row, col, text.to_owned()));
        self
    }

    /// Merges rows `rows.0..=rows.1` and 0-based columns `cols.0..=cols.1` under `text`.
    pub fn merged(mut self, rows: (u32, u32), cols: (u16, u16), text: &str) -> Sheet {
        self.cells.push(Put::Merged(rows.0, cols.0, rows.1, cols.1, text.to_owned()));
        self
    }
}

/// The sheets as an .xlsx workbook, written as Excel writes one (merged ranges included).
pub fn workbook(sheets: &[Sheet]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let centre = Format::new().set_align(FormatAlign::Center);
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name).unwrap();
        for put in &s.cells {
            match put {
                Put::Cell(r, c, text) => {
                    ws.write_string(r - 1, *c, text).unwrap();
                }
                Put::Merged(r1, c1, r2, c2, text) => {
                    ws.merge_range(r1 - 1, *c1, r2 - 1, *c2, text, &centre).unwrap();
                }
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

/// The 管理番号 the hospital ledger's rows carry, in order.
pub const HOSPITAL_ASSET_NOS: [&str; 5] = ["SV-001", "PC-101", "CT-01", "US-01", "PR-01"];

/// A hospital's own ledger: a cover sheet, then 「台帳」 with a merged title (row 1), a note
/// (row 2), a blank row, a header over rows 4–5 (「保守」 merged over 「業者」 and 「連絡先」, the
/// other headers merged down), 「No.」 in A beside 「管理番号」 in B, five devices written as
/// people write them (rows 6–10), a blank row and a totals row (12).
pub fn hospital_ledger() -> Vec<u8> {
    hospital_ledger_changed(&[])
}

/// [`hospital_ledger`] with some cells of its ledger sheet written over: (row, 0-based column,
/// text), as a person edits the file between two imports.
pub fn hospital_ledger_changed(changes: &[(u32, u16, &str)]) -> Vec<u8> {
    let cover = Sheet::new("表紙").row(1, &["情報機器台帳（さくら病院）"]).row(3, &["作成: 医療情報課"]);
    let mut ledger = Sheet::new("台帳")
        .merged((1, 1), (0, 10), "情報機器台帳（さくら病院）令和7年4月1日現在")
        .row(2, &["※ 廃棄した機器は廃棄日を記入すること"]);
    for (col, header) in
        [(0, "No."), (1, "管理番号"), (2, "機器名称"), (3, "種別"), (4, "IPアドレス"), (7, "サポート終了日")]
            .into_iter()
            .chain([(8, "設置部署"), (9, "利用者"), (10, "備考")])
    {
        ledger = ledger.merged((4, 5), (col, col), header);
    }
    let ledger = ledger
        .merged((4, 4), (5, 6), "保守")
        .row(5, &["", "", "", "", "", "業者", "連絡先"])
        .row(
            6,
            &[
                "1",
                "SV-001",
                "電子カルテサーバ",
                "サーバ",
                "192.168.1.10",
                "〇〇システム",
                "03-1111-2222",
                "2029年3月",
                "医療情報課",
                "山田",
                "",
            ],
        )
        .row(
            7,
            &[
                "2",
                "PC-101",
                "受付端末",
                "端末PC",
                "DHCP",
                "〇〇システム",
                "",
                "サポート終了",
                "医事課",
                "佐藤",
                "Windows 10",
            ],
        )
        .row(
            8,
            &[
                "3",
                "CT-01",
                "CT装置",
                "検査機器",
                "動的",
                "△△メディカル",
                "",
                "2027-03-31",
                "放射線科",
                "鈴木",
                "Windows 7 Embedded",
            ],
        )
        .row(
            9,
            &[
                "4",
                "US-01",
                "超音波診断装置",
                "",
                "192.168.5.21",
                "△△メディカル",
                "",
                "令和10年3月",
                "検査科",
                "",
                "",
            ],
        )
        .row(
            10,
            &[
                "5",
                "PR-01",
                "複合機",
                "複合機・プリンタ",
                "192.168.1.50",
                "□□事務機",
                "",
                "",
                "医事課",
                "",
                "",
            ],
        )
        .row(12, &["合計", "", "5台"]);
    let ledger = changes.iter().fold(ledger, |sheet, (row, col, text)| sheet.set(*row, *col, text));
    workbook(&[cover, ledger])
}

/// One sheet per department, each with a title and the same header in row 3 (no 部署 column):
/// 内科 and 外科 with two devices each; `repeat` puts 外科's second device under 内科's first
/// 管理番号.
pub fn department_ledgers(repeat: bool) -> Vec<u8> {
    let sheet = |name: &str, devices: [[&str; 4]; 2]| {
        Sheet::new(name)
            .row(1, &[&format!("{name} 機器一覧")])
            .row(3, &["管理番号", "名称", "種別", "IPアドレス"])
            .row(4, &devices[0])
            .row(5, &devices[1])
    };
    let second = if repeat { "NA-001" } else { "GE-002" };
    workbook(&[
        sheet(
            "内科",
            [["NA-001", "内科受付PC", "端末PC", "10.1.0.1"], ["NA-002", "内科診察PC", "端末PC", "10.1.0.2"]],
        ),
        sheet(
            "外科",
            [
                ["GE-001", "外科受付PC", "端末PC", "10.2.0.1"],
                [second, "外科プリンタ", "プリンタ", "10.2.0.2"],
            ],
        ),
    ])
}
