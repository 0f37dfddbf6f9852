//! Account lists and the staff roster, as systems and personnel offices export them: an Active
//! Directory `Get-ADUser | Export-Csv`, an electronic medical record's user list, the roster
//! kept in Excel. The table is found and its columns mapped as for the ledger
//! ([`crate::plan`]); every problem names row and column.

use crate::mapping::{FieldWords, HeaderWords};
use crate::plan::{ImportChoice, Plan, RowError, read_planned};
use crate::table::{Source, Table};
use iryosec_core::Message;
use iryosec_core::accounts::{Account, Finding, Staff};
use iryosec_core::date::parse_date;
use iryosec_core::ledger::parse_bool;
use iryosec_core::text::to_half_width;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use time::Date;

const LOGIN: &[&str] = &[
    "ログインID",
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
const NAME: &[&str] = &["氏名", "名前", "利用者名", "Name", "FullName"];
/// A display name is a person's name when nothing else is: Active Directory exports both.
const NAME_WEAK: &[&str] = &["DisplayName", "表示名"];
const ENABLED: &[&str] = &["有効", "Enabled", "状態", "利用状態", "アカウント状態", "Status"];
const LAST_LOGON: &[&str] = &[
    "最終ログイン",
    "LastLogonDate",
    "最終ログイン日",
    "最終ログイン日時",
    "最終利用日",
    "LastLogon",
    "LastLogin",
];
const EMPLOYEE_NO: &[&str] =
    &["職員番号", "EmployeeID", "EmployeeNumber", "職員コード", "社員番号", "職員ID"];
const DEPARTMENT: &[&str] = &["部署", "所属", "部門", "所属部署", "Department"];
const JOINED: &[&str] = &["入職日", "採用日", "入社日"];
const LEFT: &[&str] = &["退職日", "退職年月日", "離職日"];
const ON_LEAVE: &[&str] = &["休職", "休職中", "休業", "休職・休業"];

/// The columns of an account list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountColumn {
    Login,
    Name,
    Enabled,
    LastLogon,
    EmployeeNo,
}

/// The columns of the staff roster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RosterColumn {
    EmployeeNo,
    Name,
    Department,
    Joined,
    Left,
    OnLeave,
}

/// What account lists and rosters are remembered and mapping files made for.
pub const ACCOUNTS_IMPORT: &str = "accounts";
pub const ROSTER_IMPORT: &str = "roster";

pub fn account_words() -> HeaderWords<AccountColumn> {
    let field = |field, code, names| FieldWords { field, code, names, weak: &[] };
    HeaderWords::new([
        field(AccountColumn::Login, "login", LOGIN),
        FieldWords { field: AccountColumn::Name, code: "name", names: NAME, weak: NAME_WEAK },
        field(AccountColumn::Enabled, "enabled", ENABLED),
        field(AccountColumn::LastLogon, "last_logon", LAST_LOGON),
        field(AccountColumn::EmployeeNo, "employee_no", EMPLOYEE_NO),
    ])
}

pub fn roster_words() -> HeaderWords<RosterColumn> {
    let field = |field, code, names| FieldWords { field, code, names, weak: &[] };
    HeaderWords::new([
        field(RosterColumn::EmployeeNo, "employee_no", EMPLOYEE_NO),
        FieldWords { field: RosterColumn::Name, code: "name", names: NAME, weak: NAME_WEAK },
        field(RosterColumn::Department, "department", DEPARTMENT),
        field(RosterColumn::Joined, "joined", JOINED),
        field(RosterColumn::Left, "left", LEFT),
        field(RosterColumn::OnLeave, "on_leave", ON_LEAVE),
    ])
}

/// Finds an account list's table and decides its columns; it needs a login column.
pub fn read_account_table(
    source: Source<'_>,
    choice: &ImportChoice<AccountColumn>,
) -> Result<(Table, Plan<AccountColumn>), Message> {
    read_planned(source, &account_words(), choice, &[AccountColumn::Login])
}

/// Finds the roster's table and decides its columns; it needs a name column.
pub fn read_roster_table(
    source: Source<'_>,
    choice: &ImportChoice<RosterColumn>,
) -> Result<(Table, Plan<RosterColumn>), Message> {
    read_planned(source, &roster_words(), choice, &[RosterColumn::Name])
}

/// Reads one system's account list as planned; the rest is used when present. Every problem,
/// the header's first.
pub fn read_accounts(
    table: &Table,
    plan: &Plan<AccountColumn>,
    system: &str,
) -> Result<Vec<Account>, Vec<RowError>> {
    let cols = Columns { table };
    let Some(login) = plan.mapping.column_of(AccountColumn::Login) else { return Err(plan.problems.clone()) };
    let find = |c| plan.mapping.column_of(c);
    let (name, enabled, last, emp) = (
        find(AccountColumn::Name),
        find(AccountColumn::Enabled),
        find(AccountColumn::LastLogon),
        find(AccountColumn::EmployeeNo),
    );
    let mut errors = plan.problems.clone();
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

/// Reads the staff roster as planned.
pub fn read_roster(table: &Table, plan: &Plan<RosterColumn>) -> Result<Vec<Staff>, Vec<RowError>> {
    let cols = Columns { table };
    let Some(name) = plan.mapping.column_of(RosterColumn::Name) else { return Err(plan.problems.clone()) };
    let find = |c| plan.mapping.column_of(c);
    let (emp, dept, joined, left, leave) = (
        find(RosterColumn::EmployeeNo),
        find(RosterColumn::Department),
        find(RosterColumn::Joined),
        find(RosterColumn::Left),
        find(RosterColumn::OnLeave),
    );
    let mut errors = plan.problems.clone();
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

/// Where a problem is, by the table's headers.
struct Columns<'a> {
    table: &'a Table,
}

impl Columns<'_> {
    fn error(&self, row: u32, col: Option<usize>, message: Message) -> RowError {
        let header = col.and_then(|c| self.table.headers.get(c)).cloned().unwrap_or_default();
        RowError::new(row, col, &header, message)
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
    use iryosec_core::CancelToken;
    use time::macros::date;

    fn accounts(csv: &str, system: &str) -> Result<Vec<Account>, Vec<RowError>> {
        let never = CancelToken::never();
        let source = Source::new("accounts.csv", csv.as_bytes(), &never);
        let (table, plan) = read_account_table(source, &ImportChoice::default()).unwrap();
        read_accounts(&table, &plan, system)
    }

    fn roster(csv: &str) -> Result<Vec<Staff>, Vec<RowError>> {
        let never = CancelToken::never();
        let (table, plan) =
            read_roster_table(Source::new("roster.csv", csv.as_bytes(), &never), &ImportChoice::default())
                .unwrap();
        read_roster(&table, &plan)
    }

    #[test]
    fn reads_an_active_directory_export() {
        let csv = "\u{feff}\"SamAccountName\",\"Name\",\"Enabled\",\"LastLogonDate\",\"EmployeeID\"\n\
                   \"yamada\",\"山田 太郎\",\"True\",\"2026/03/01 9:15:00\",\"００１２\"\n\
                   \"guest\",\"Guest\",\"False\",\"\",\"\"\n";
        let accounts = accounts(csv, "AD").unwrap();
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
        let staff = roster(csv).unwrap();
        assert_eq!(staff[0].left, Some(date!(2026 - 03 - 31)));
        assert_eq!(staff[0].joined, Some(date!(2008 - 04 - 01)));
        assert!(staff[1].on_leave);
        assert!(!staff[0].on_leave);
    }

    #[test]
    fn bad_cells_are_named_by_row_and_column() {
        let csv = "ログインID,状態,最終ログイン\nsato,たぶん,2026-01-01\nito,有効,昨日\n";
        let errors = accounts(csv, "電子カルテ").unwrap_err();
        let at: Vec<_> = errors.iter().map(|e| (e.row, e.column.as_str(), e.message.key)).collect();
        assert_eq!(at, vec![(2, "B", "ledger.error.yes_no"), (3, "C", "error.date")]);
    }

    #[test]
    fn a_list_without_a_login_column_is_refused() {
        let errors = accounts("氏名\n山田\n", "X").unwrap_err();
        assert_eq!(errors[0].message.key, "io.error.missing_column_at");
        assert_eq!(errors[0].row, 1);
    }
}
