//! The asset ledger in and out of spreadsheets. Import maps columns by header synonyms (the
//! person may correct the mapping), reads every row, and reports every problem by row and
//! column; export writes every field under its Japanese header, which import reads back.

use crate::cells::column_letter;
use crate::parallel::parallel_map;
use crate::table::{Table, header_key};
use iryosec_core::Message;
use iryosec_core::ledger::{Asset, Field, parse_asset};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Which field each column holds (`None`: ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mapping(pub Vec<Option<Field>>);

/// Guesses the field of each column from its header; a field is taken by its first column only.
pub fn guess_mapping(headers: &[String]) -> Mapping {
    let mut taken = HashSet::new();
    Mapping(
        headers
            .iter()
            .map(|h| {
                let key = header_key(h);
                let found = Field::ALL
                    .into_iter()
                    .find(|f| !taken.contains(f) && f.names().iter().any(|n| header_key(n) == key));
                if let Some(f) = found {
                    taken.insert(f);
                }
                found
            })
            .collect(),
    )
}

/// A problem at a row and column of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub row: u32,
    /// Excel column letter, or empty for the file as a whole.
    pub column: String,
    pub header: String,
    #[serde(skip)]
    pub message: Message,
}

/// Reads every row; returns the assets with their row numbers and every problem found.
pub fn parse_rows(table: &Table, mapping: &Mapping) -> (Vec<(u32, Asset)>, Vec<RowError>) {
    let mut errors = Vec::new();
    let column_of: HashMap<Field, usize> =
        mapping.0.iter().enumerate().filter_map(|(i, f)| f.map(|f| (f, i))).collect();
    for required in [Field::AssetNo, Field::Name, Field::Kind] {
        if !column_of.contains_key(&required) {
            errors.push(RowError {
                row: table.header_row,
                column: String::new(),
                header: required.label_ja().to_owned(),
                message: Message::new("ledger.error.missing_column").arg("column", required.label_ja()),
            });
        }
    }
    if !errors.is_empty() {
        return (Vec::new(), errors);
    }
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut assets = Vec::new();
    let parsed = parallel_map(&table.rows, |(_, cells)| {
        let get = |f: Field| column_of.get(&f).and_then(|i| cells.get(*i)).cloned().unwrap_or_default();
        parse_asset(&get)
    });
    for ((row, _), result) in table.rows.iter().zip(parsed) {
        match result {
            Ok(asset) => match seen.get(&asset.asset_no) {
                Some(first) => errors.push(cell_error(
                    table,
                    *row,
                    column_of[&Field::AssetNo],
                    Message::new("ledger.error.duplicate").arg("row", first),
                )),
                None => {
                    seen.insert(asset.asset_no.clone(), *row);
                    assets.push((*row, asset));
                }
            },
            Err(problems) => {
                for p in problems {
                    let col = column_of.get(&p.field).copied();
                    errors.push(match col {
                        Some(c) => cell_error(table, *row, c, p.message),
                        None => RowError {
                            row: *row,
                            column: String::new(),
                            header: p.field.label_ja().to_owned(),
                            message: p.message,
                        },
                    });
                }
            }
        }
    }
    (assets, errors)
}

fn cell_error(table: &Table, row: u32, col: usize, message: Message) -> RowError {
    RowError {
        row,
        column: column_letter(col),
        header: table.headers.get(col).cloned().unwrap_or_default(),
        message,
    }
}

/// Every field under its Japanese header, one asset a row.
pub fn write_xlsx(assets: &[Asset]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("情報機器台帳")?;
    let bold = Format::new().set_bold();
    for (col, f) in (0u16..).zip(Field::ALL) {
        ws.write_string_with_format(0, col, f.label_ja(), &bold)?;
    }
    for (row, a) in (1u32..).zip(assets) {
        for (col, f) in (0u16..).zip(Field::ALL) {
            let v = a.text(f);
            if !v.is_empty() {
                ws.write_string(row, col, &v)?;
            }
        }
    }
    ws.set_freeze_panes(1, 2)?;
    ws.autofilter(
        0,
        0,
        u32::try_from(assets.len()).unwrap_or(0),
        u16::try_from(Field::ALL.len() - 1).unwrap_or(0),
    )?;
    wb.save_to_buffer()
}

/// CSV with a UTF-8 BOM, formula-safe.
pub fn write_csv(assets: &[Asset]) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let line = |cells: Vec<String>| {
        cells.iter().map(|c| crate::assessment_sheet::csv_cell(c)).collect::<Vec<_>>().join(",")
    };
    out.push_str(&line(Field::ALL.iter().map(|f| f.label_ja().to_owned()).collect()));
    out.push_str("\r\n");
    for a in assets {
        out.push_str(&line(Field::ALL.iter().map(|f| a.text(*f)).collect()));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::read_table;

    #[test]
    fn real_world_headers_are_recognised() {
        let headers: Vec<String> = ["No.", "機器名", "種類", "ＩＰアドレス", "設置 場所", "メモ", "謎の列"]
            .map(String::from)
            .to_vec();
        let m = guess_mapping(&headers);
        assert_eq!(
            m.0,
            vec![
                Some(Field::AssetNo),
                Some(Field::Name),
                Some(Field::Kind),
                Some(Field::Ip),
                Some(Field::Location),
                Some(Field::Notes),
                None
            ]
        );
    }

    #[test]
    fn every_problem_is_named_by_row_and_column() {
        let csv = "管理番号,名称,種別,導入日,IPアドレス\r\nA-1,サーバ,サーバ,R3.4.1,10.0.0.1\r\nA-2,受付PC,宇宙船,2021/4/1,\r\nA-1,重複,端末,,999.1.1.1\r\n";
        let table = read_table(csv.as_bytes()).unwrap();
        let (assets, errors) = parse_rows(&table, &guess_mapping(&table.headers));
        assert_eq!(assets.len(), 1);
        let places: Vec<_> = errors.iter().map(|e| (e.row, e.column.as_str(), e.message.key)).collect();
        assert_eq!(
            places,
            vec![(3, "C", "ledger.error.choice"), (4, "E", "ledger.error.ip")],
            "the duplicate is reported once its row parses"
        );
        let fixed = csv.replace("999.1.1.1", "10.0.0.9");
        let table = read_table(fixed.as_bytes()).unwrap();
        let (_, errors) = parse_rows(&table, &guess_mapping(&table.headers));
        assert!(
            errors.iter().any(|e| e.row == 4 && e.column == "A" && e.message.key == "ledger.error.duplicate")
        );
    }

    #[test]
    fn a_large_file_checked_on_several_cores_keeps_row_order_and_finds_duplicates_across_chunks() {
        let mut csv = String::from("管理番号,名称,種別\r\n");
        for i in 0..9_000 {
            let kind = if i == 7_000 { "宇宙船" } else { "端末" };
            csv.push_str(&format!("PC-{i},端末{i},{kind}\r\n"));
        }
        csv.push_str("PC-5,重複,端末\r\n");
        let table = read_table(csv.as_bytes()).unwrap();
        let (assets, errors) = parse_rows(&table, &guess_mapping(&table.headers));
        assert_eq!(assets.len(), 8_999);
        assert!(assets.windows(2).all(|w| w[0].0 < w[1].0), "rows stay in file order");
        assert_eq!(assets[8_998].1.asset_no, "PC-8999");
        let places: Vec<_> = errors.iter().map(|e| (e.row, e.column.as_str(), e.message.key)).collect();
        assert_eq!(places, vec![(7_002, "C", "ledger.error.choice"), (9_002, "A", "ledger.error.duplicate")]);
        let xlsx = write_xlsx(&assets.iter().map(|(_, a)| a.clone()).collect::<Vec<_>>()).unwrap();
        let back = read_table(&xlsx).unwrap();
        assert_eq!(back.rows.len(), 8_999);
        assert_eq!(back.rows[8_998].0, 9_000, "Excel row numbers survive the parallel read");
        assert_eq!(back.rows[8_998].1[0], "PC-8999");
    }

    #[test]
    fn a_file_without_the_key_columns_is_refused_whole() {
        let table = read_table("名称,備考\r\nx,y\r\n".as_bytes()).unwrap();
        let (assets, errors) = parse_rows(&table, &guess_mapping(&table.headers));
        assert!(assets.is_empty());
        assert_eq!(errors.iter().map(|e| e.header.as_str()).collect::<Vec<_>>(), vec!["管理番号", "種別"]);
    }

    #[test]
    fn export_reads_back_as_the_same_ledger() {
        let csv = "管理番号,名称,種別,ネットワーク区分,リモート保守,サポート終了日,MAC\r\nSV-1,電子カルテ,サーバ,閉域,有,令和10年3月31日,001a2b3c4d5e\r\nPC-1,受付,端末PC,院内,無,,\r\n";
        let table = read_table(csv.as_bytes()).unwrap();
        let (assets, errors) = parse_rows(&table, &guess_mapping(&table.headers));
        assert!(errors.is_empty(), "{errors:?}");
        let assets: Vec<Asset> = assets.into_iter().map(|(_, a)| a).collect();
        for bytes in [write_xlsx(&assets).unwrap(), write_csv(&assets)] {
            let back = read_table(&bytes).unwrap();
            let (again, errors) = parse_rows(&back, &guess_mapping(&back.headers));
            assert!(errors.is_empty(), "{errors:?}");
            assert_eq!(again.into_iter().map(|(_, a)| a).collect::<Vec<_>>(), assets);
        }
    }
}
