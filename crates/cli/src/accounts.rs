//! `iryosec accounts review`: account lists checked against the staff roster, from files alone.
//! `review` needs no database, so it runs on the PC where the exports were made; `record`
//! ([`crate::account_record`]) keeps the review in the database.

use crate::output::{CliError, Format, Out};
use clap::{Args, Subcommand};
use iryosec_app::SystemClock;
use iryosec_core::CancelToken;
use iryosec_core::Clock;
use iryosec_core::Message;
use iryosec_core::account_review::parse_unused_days;
use iryosec_core::accounts::{Account, Finding, ReviewPolicy, review};
use iryosec_core::date::parse_date;
use iryosec_io::account_sheet::{
    read_account_table, read_accounts, read_roster, read_roster_table, write_findings_csv,
    write_findings_xlsx,
};
use iryosec_io::plan::{ImportChoice, Plan, RowError};
use iryosec_io::table::{Source, Table};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AccountsCommand {
    /// アカウント点検: 退職者・休職者・長期未使用・共用アカウントを見つける (review accounts)
    Review(ReviewOpts),
    /// アカウント点検を照合してデータベースに記録する（画面の「アカウント点検」と同じ）(record a review)
    Record(crate::account_record::RecordOpts),
}

#[derive(Args)]
pub struct ReviewOpts {
    /// アカウント一覧（XLSX・CSV）。「システム名=ファイル」で名前を付けられる
    #[arg(long = "accounts", required = true, value_name = "[SYSTEM=]FILE")]
    accounts: Vec<String>,
    /// 職員名簿（XLSX・CSV）
    #[arg(long)]
    roster: PathBuf,
    /// この日数より長く使われていないアカウントを挙げる
    #[arg(long, default_value = "90", allow_hyphen_values = true)]
    unused_days: String,
    /// 基準日（既定は今日）
    #[arg(long)]
    today: Option<String>,
    /// 指摘を書き出すファイル（.xlsx または .csv。既存のファイルは上書きしない）
    #[arg(long, short)]
    output: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub async fn run(
    global: &crate::config::GlobalOpts,
    cmd: AccountsCommand,
    out: &Out,
) -> Result<ExitCode, CliError> {
    match cmd {
        AccountsCommand::Review(o) => review_files(&o, out),
        AccountsCommand::Record(o) => crate::account_record::record(global, o, out).await,
    }
}

fn review_files(o: &ReviewOpts, out: &Out) -> Result<ExitCode, CliError> {
    let mut policy = ReviewPolicy::new(today(o.today.as_deref(), out)?);
    policy.unused_days = parse_unused_days(&o.unused_days).map_err(|m| {
        CliError::unusable(format!("--unused-days {}: {}", o.unused_days, out.lang.tr_args(m.key, &m.args)))
    })?;
    let (table, plan) = load(&o.roster, out, read_roster_table)?;
    let roster = read_roster(&table, &plan).map_err(|e| refused(&o.roster, &e, out))?;
    let mut accounts: Vec<Account> = Vec::new();
    for spec in &o.accounts {
        let (system, path) = split_spec(spec);
        let (table, plan) = load(&path, out, read_account_table)?;
        let list = read_accounts(&table, &plan, &system).map_err(|e| refused(&path, &e, out))?;
        accounts.extend(list);
    }
    let findings = review(&accounts, &roster, policy);
    if let Some(path) = &o.output {
        write_findings(path, &findings, out)?;
    }
    match o.format {
        Format::Json => out.json(&serde_json::json!({
            "accounts": accounts.len(),
            "staff": roster.len(),
            "findings": findings.iter().map(|f| finding_json(f, out)).collect::<Vec<_>>(),
        })),
        Format::Text => {
            for f in &findings {
                out.line(&format!("{}\t{}\t{}\t{}", f.system, f.login, f.name, describe(f, out)));
            }
            out.note(&out.t_args(
                "cli.accounts_reviewed",
                &[
                    ("accounts", accounts.len().to_string()),
                    ("staff", roster.len().to_string()),
                    ("findings", findings.len().to_string()),
                ],
            ));
        }
    }
    Ok(if findings.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn finding_json(f: &Finding, out: &Out) -> serde_json::Value {
    serde_json::json!({
        "kind": f.kind,
        "system": f.system,
        "login": f.login,
        "name": f.name,
        "employee_no": f.employee_no,
        "idle_days": f.idle_days,
        "message": describe(f, out),
    })
}

fn describe(f: &Finding, out: &Out) -> String {
    out.t_args(f.message_key(), &[("days", f.idle_days.unwrap_or_default().to_string())])
}

fn write_findings(path: &Path, findings: &[Finding], out: &Out) -> Result<(), CliError> {
    let describe = |f: &Finding| describe(f, out);
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let bytes = if is_csv {
        write_findings_csv(findings, &describe)
    } else {
        write_findings_xlsx(findings, &describe).map_err(|e| CliError::unusable(e.to_string()))?
    };
    crate::output::write_new_file(path, &bytes, out)
}

/// `電子カルテ=users.csv` names the system; a bare path is named after its file.
pub(crate) fn split_spec(spec: &str) -> (String, PathBuf) {
    match spec.split_once('=') {
        Some((system, path)) if !system.is_empty() && !Path::new(spec).exists() => {
            (system.to_owned(), PathBuf::from(path))
        }
        _ => {
            let path = PathBuf::from(spec);
            let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            (stem, path)
        }
    }
}

pub(crate) fn today(given: Option<&str>, out: &Out) -> Result<time::Date, CliError> {
    match given {
        Some(text) => parse_date(text)
            .map_err(|_| CliError::unusable(format!("--today {text}: {}", out.t("error.date")))),
        None => SystemClock.now().to_jst().map(|t| t.date()).ok_or_else(|| CliError::unusable("clock")),
    }
}

/// A reader of account lists or rosters: the table found, its columns mapped.
type ReadPlanned<T> = fn(Source<'_>, &ImportChoice<T>) -> Result<(Table, Plan<T>), Message>;

/// Reads a file named on the command line with `read`.
fn load<T>(path: &Path, out: &Out, read: ReadPlanned<T>) -> Result<(Table, Plan<T>), CliError> {
    let bytes = crate::output::read_input(path, out)?;
    let name = path.display().to_string();
    read(Source::new(&name, &bytes, &CancelToken::never()), &ImportChoice::default())
        .map_err(|m| CliError::unusable(format!("{}: {}", path.display(), out.lang.tr_args(m.key, &m.args))))
}

/// Every problem of a file, one line each, as `file:row:column: header message`.
fn refused(path: &Path, errors: &[RowError], out: &Out) -> CliError {
    let lines: Vec<String> = errors
        .iter()
        .map(|e| {
            let col = if e.column.is_empty() { String::new() } else { format!(":{}", e.column) };
            format!(
                "{}:{}{col}: {} {}",
                path.display(),
                e.row,
                e.header,
                out.lang.tr_args(e.message.key, &e.message.args)
            )
        })
        .collect();
    CliError::unusable(lines.join("\n"))
}
