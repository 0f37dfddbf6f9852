//! The list of external connections the ministry's training site asks hospitals to keep: for
//! each connection, where it starts inside (devices, systems), where it goes, who runs it and
//! whom to call — as an Excel sheet (one row per connection).

use crate::aggregate_sheet::{Cell, Table, write_tables_xlsx};
use iryosec_core::register::{CONNECTION_KINDS, Choice, Record};
use rust_xlsxwriter::XlsxError;

const HEADERS: [&str; 11] = [
    "接続名",
    "種類",
    "接続元（院内の機器）",
    "接続元（院内のシステム）",
    "接続先",
    "運用する事業者",
    "連絡先",
    "二要素認証",
    "接続元の制限",
    "ログの保存",
    "最終確認日",
];

/// The connections as the training site's table.
pub fn connection_list(connections: &[Record]) -> Table {
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "あり",
        Some(false) => "なし",
        None => "",
    };
    let rows = connections
        .iter()
        .map(|c| {
            let kind = Choice::by_code(CONNECTION_KINDS, c.text("kind")).map_or("", |k| k.ja);
            [
                c.text("name").to_owned(),
                kind.to_owned(),
                c.list("devices").join("、"),
                c.list("systems").join("、"),
                c.text("destination").to_owned(),
                c.list("vendors").join("、"),
                c.text("contact").to_owned(),
                yes_no(c.flag("two_factor")).to_owned(),
                yes_no(c.flag("source_restricted")).to_owned(),
                yes_no(c.flag("logs_kept")).to_owned(),
                c.date("reviewed_on").map(iryosec_core::date::format_iso).unwrap_or_default(),
            ]
            .into_iter()
            .map(Cell::Text)
            .collect()
        })
        .collect();
    Table {
        name: "外部接続の一覧".to_owned(),
        headers: HEADERS.iter().map(|h| (*h).to_owned()).collect(),
        rows,
    }
}

pub fn write_connection_list_xlsx(connections: &[Record]) -> Result<Vec<u8>, XlsxError> {
    write_tables_xlsx(&[connection_list(connections)])
}

#[cfg(test)]
mod tests {
    use super::*;
    use iryosec_core::register::{Register, parse_record};

    #[test]
    fn each_connection_is_a_row_with_source_destination_and_contact() {
        let get = |code: &str| {
            match code {
                "name" => "保守VPN",
                "kind" => "VPN",
                "devices" => "NW-01",
                "systems" => "電子カルテ",
                "destination" => "カルテ社 保守センター",
                "vendors" => "カルテ社",
                "contact" => "0120-000-000",
                "two_factor" => "はい",
                _ => "",
            }
            .to_owned()
        };
        let record = parse_record(Register::Connections, &get).unwrap();
        let table = connection_list(std::slice::from_ref(&record));
        let row: Vec<String> = table.rows[0].iter().map(Cell::plain).collect();
        assert_eq!(
            row[..7],
            ["保守VPN", "VPN", "NW-01", "電子カルテ", "カルテ社 保守センター", "カルテ社", "0120-000-000"]
        );
        assert_eq!((row[7].as_str(), row[8].as_str()), ("あり", ""));
        let xlsx = write_connection_list_xlsx(&[record]).unwrap();
        assert!(xlsx.starts_with(b"PK"));
    }
}
