//! Account lists and the staff roster, as systems and personnel offices export them: an Active
//! Directory `Get-ADUser | Export-Csv`, an electronic medical record's user list, the roster
//! kept in Excel. Columns are found by header synonyms; every problem names row and column.

use crate::cells::column_letter;
use crate::ledger_sheet::RowError;
use crate::table::{Table, header_key, on_sheet};
use iryosec_core::Message;
use iryosec_core::accounts::{Account, Finding, Staff};
use iryosec_core::date::parse_date;
use iryosec_core::ledger::parse_bool;
use iryosec_core::text::to_half_width;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use time::Date;

const LOGIN: &[&str] = &[
    "SamAccountName",
    "ログインID",
    "ログイン名",
    "ユーザーID",
    "ユーザID",
    "利用者ID",
    "アカウント",
    "アカウント名",
    "UserID",
    "Login",
    "Account",
];
const NAME: &[&str] = &["氏名", "名前", "表示名", "利用者名", "DisplayName", "Name", "FullName"];
const ENABLED: &[&str] = &["Enabled", "有効", "状態", "利用状態", "アカウント状態", "Status"];
const LAST_LOGON: &[&str] = &[
    "LastLogonDate",
    "最終ログイン",
    "最終ログイン日",
    "最終ログイン日時",
    "最終利用日",
    "LastLogon",
    "LastLogin",
];
const EMPLOYEE_NO: &[&str] =
    &["EmployeeID", "EmployeeNumber", "職員番号", "職員コード", "社員番号", "職員ID"];
const DEPARTMENT: &[&str] = &["部署", "所属", "部門", "Department"];
const JOINED: &[&str] = &["入職日", "採用日", "入社日"];
const LEFT: &[&str] = &["退職日", "退職年月日", "離職日"];
const ON_LEAVE: &[&str] = &["休職", "休職中", "休業", "休職・休業"];

/// Reads one system's account list. Needs a login column; the rest is used when present.
pub fn read_accounts(table: &Table, system: &str) -> Result<Vec<Account>, Vec<RowError>> {
    let cols = Columns::new(table);
    let login = cols.required(LOGIN)?;
    let (name, enabled, last, emp) =
        (cols.find(NAME), cols.find(ENABLED), cols.find(LAST_LOGON), cols.find(EMPLOYEE_NO));
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (row, cells) in &table.rows {
        let login_text = cell(cells, Some(login));
        if login_text.is_empty() {
            continue;
        }
        let enabled = match parse_enabled(&cell(cells, enabled)) {
            Ok(v) => v,
            Err(m) => {
                errors.push(cols.error(*row, enabled, m));
                None
            }
        };
        let last_logon = match parse_logon(&cell(cells, last)) {
            Ok(v) => v,
            Err(m) => {
                errors.push(cols.error(*row, last, m));
                None
            }
        };
        out.push(Account {
            system: system.to_owned(),
            login: login_text,
            name: cell(cells, name),
            enabled,
            last_logon,
            employee_no: to_half_width(&cell(cells, emp)),
        });
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// Reads the staff roster. Needs a name column.
pub fn read_roster(table: &Table) -> Result<Vec<Staff>, Vec<RowError>> {
    let cols = Columns::new(table);
    let name = cols.required(NAME)?;
    let (emp, dept, joined, left, leave) = (
        cols.find(EMPLOYEE_NO),
        cols.find(DEPARTMENT),
        cols.find(JOINED),
        cols.find(LEFT),
        cols.find(ON_LEAVE),
    );
    let mut errors = Vec::new();
    let mut out = Vec::new();
    for (row, cells) in &table.rows {
        let name_text = cell(cells, Some(name));
        if name_text.is_empty() {
            continue;
        }
        let mut date = |c: Option<usize>| match optional_date(&cell(cells, c)) {
            Ok(d) => d,
            Err(m) => {
                errors.push(cols.error(*row, c, m));
                None
            }
        };
        let (joined, left) = (date(joined), date(left));
        let on_leave = match parse_bool(&cell(cells, leave)) {
            Ok(v) => v.unwrap_or(false),
            Err(_) => {
                errors.push(cols.error(*row, leave, yes_no(&cell(cells, leave))));
                false
            }
        };
        out.push(Staff {
            employee_no: to_half_width(&cell(cells, emp)),
            name: name_text,
            department: cell(cells, dept),
            joined,
            left,
            on_leave,
        });
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

const FINDING_HEADERS: [&str; 6] = ["システム", "ログインID", "氏名", "職員番号", "未使用日数", "指摘"];

/// The findings as a sheet to work through: one row each, the sentence in the last column.
fn finding_rows(findings: &[Finding], describe: &dyn Fn(&Finding) -> String) -> Vec<[String; 6]> {
    findings
        .iter()
        .map(|f| {
            [
                f.system.clone(),
                f.login.clone(),
                f.name.clone(),
                f.employee_no.clone().unwrap_or_default(),
                f.idle_days.map(|d| d.to_string()).unwrap_or_default(),
                describe(f),
            ]
        })
        .collect()
}

/// The findings as an Excel workbook (sheet アカウント点検), filterable, header frozen.
pub fn write_findings_xlsx(
    findings: &[Finding],
    describe: &dyn Fn(&Finding) -> String,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("アカウント点検")?;
    let bold = Format::new().set_bold();
    for (col, h) in (0u16..).zip(FINDING_HEADERS) {
        ws.write_string_with_format(0, col, h, &bold)?;
    }
    let rows = finding_rows(findings, describe);
    for (row, cells) in (1u32..).zip(&rows) {
        for (col, v) in (0u16..).zip(cells) {
            ws.write_string(row, col, v)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, u32::try_from(rows.len()).unwrap_or(0), 5)?;
    ws.set_column_width(5, 60)?;
    wb.save_to_buffer()
}

/// The findings as CSV with a UTF-8 BOM, formula-safe.
pub fn write_findings_csv(findings: &[Finding], describe: &dyn Fn(&Finding) -> String) -> Vec<u8> {
    crate::csv_out::document(FINDING_HEADERS, finding_rows(findings, describe))
}

/// Header lookup over one table.
struct Columns<'a> {
    table: &'a Table,
    keys: Vec<String>,
}

impl<'a> Columns<'a> {
    fn new(table: &'a Table) -> Self {
        Columns { table, keys: table.headers.iter().map(|h| header_key(h)).collect() }
    }

    fn find(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| {
            let key = header_key(n);
            self.keys.iter().position(|k| *k == key)
        })
    }

    fn required(&self, names: &[&str]) -> Result<usize, Vec<RowError>> {
        self.find(names).ok_or_else(|| {
            vec![RowError {
                row: self.table.header_row,
                column: String::new(),
                header: names.first().copied().unwrap_or_default().to_owned(),
                message: on_sheet(
                    Message::new("accounts.error.missing_column").arg("names", names.join("／")),
                    self.table.sheet.as_deref(),
                ),
            }]
        })
    }

    fn error(&self, row: u32, col: Option<usize>, message: Message) -> RowError {
        RowError {
            row,
            column: col.map(column_letter).unwrap_or_default(),
            header: col.and_then(|c| self.table.headers.get(c)).cloned().unwrap_or_default(),
            message,
        }
    }
}

/// The text of a column of a row (cells are already trimmed); empty when the column is absent.
fn cell(cells: &[String], column: Option<usize>) -> String {
    column.and_then(|c| cells.get(c)).cloned().unwrap_or_default()
}

fn yes_no(value: &str) -> Message {
    Message::new("ledger.error.yes_no").arg("value", value)
}

/// Enabled columns say True/False, 有効/無効, 利用中/停止, or yes/no in any of its spellings.
fn parse_enabled(value: &str) -> Result<Option<bool>, Message> {
    match to_half_width(value).to_lowercase().as_str() {
        "有効" | "利用中" | "使用中" | "enabled" | "active" => Ok(Some(true)),
        "無効" | "停止" | "停止中" | "利用停止" | "削除" | "disabled" | "inactive" | "locked" => {
            Ok(Some(false))
        }
        _ => parse_bool(value).map_err(|_| yes_no(value)),
    }
}

/// A logon time as exported: the date part is kept; never-logged-on spellings read as none.
fn parse_logon(value: &str) -> Result<Option<Date>, Message> {
    let half = to_half_width(value);
    let trimmed = half.trim();
    let lower = trimmed.to_lowercase();
    if matches!(lower.as_str(), "" | "-" | "never" | "なし" | "未ログイン" | "ログインなし") {
        return Ok(None);
    }
    let date_part = trimmed.split([' ', 'T']).next().unwrap_or(trimmed);
    parse_date(date_part).map(Some).map_err(|_| Message::new("error.date"))
}

fn optional_date(value: &str) -> Result<Option<Date>, Message> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    parse_date(value).map(Some).map_err(|_| Message::new("error.date"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::test_table as read_table;
    use time::macros::date;

    #[test]
    fn reads_an_active_directory_export() {
        let csv = "\u{feff}\"SamAccountName\",\"Name\",\"Enabled\",\"LastLogonDate\",\"EmployeeID\"\n\
                   \"yamada\",\"山田 太郎\",\"True\",\"2026/03/01 9:15:00\",\"００１２\"\n\
                   \"guest\",\"Guest\",\"False\",\"\",\"\"\n";
        let table = read_table(csv.as_bytes()).unwrap();
        let accounts = read_accounts(&table, "AD").unwrap();
        assert_eq!(accounts.len(), 2);
        assert_eq!(accounts[0].last_logon, Some(date!(2026 - 03 - 01)));
        assert_eq!(accounts[0].enabled, Some(true));
        assert_eq!(accounts[0].employee_no, "0012");
        assert_eq!(accounts[1].enabled, Some(false));
        assert_eq!(accounts[1].system, "AD");
    }

    #[test]
    fn reads_a_japanese_roster_with_wareki() {
        let csv = "職員番号,氏名,部署,入職日,退職日,休職\n0012,山田太郎,医事課,平成20年4月1日,令和8年3月31日,\n0013,佐藤花子,看護部,2019-04-01,,○\n";
        let staff = read_roster(&read_table(csv.as_bytes()).unwrap()).unwrap();
        assert_eq!(staff[0].left, Some(date!(2026 - 03 - 31)));
        assert_eq!(staff[0].joined, Some(date!(2008 - 04 - 01)));
        assert!(staff[1].on_leave);
        assert!(!staff[0].on_leave);
    }

    #[test]
    fn bad_cells_are_named_by_row_and_column() {
        let csv = "ログインID,状態,最終ログイン\nsato,たぶん,2026-01-01\nito,有効,昨日\n";
        let errors = read_accounts(&read_table(csv.as_bytes()).unwrap(), "電子カルテ").unwrap_err();
        let at: Vec<_> = errors.iter().map(|e| (e.row, e.column.as_str(), e.message.key)).collect();
        assert_eq!(at, vec![(2, "B", "ledger.error.yes_no"), (3, "C", "error.date")]);
    }

    #[test]
    fn a_list_without_a_login_column_is_refused() {
        let errors = read_accounts(&read_table("氏名\n山田\n".as_bytes()).unwrap(), "X").unwrap_err();
        assert_eq!(errors[0].message.key, "accounts.error.missing_column");
        assert_eq!(errors[0].row, 1);
    }
}
