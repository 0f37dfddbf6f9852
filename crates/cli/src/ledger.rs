//! `iryosec ledger …`: the asset ledger from the command line.

use crate::config::{self, GlobalOpts};
use crate::output::{CliError, Format, Out};
use clap::{Args, Subcommand};
use iryosec_app::AppError;
use iryosec_core::CancelToken;
use iryosec_core::audit::Actor;
use iryosec_core::date::DateStyle;
use iryosec_io::ledger_sheet::RowError;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum LedgerCommand {
    /// 台帳ファイル（XLSX・CSV）を取り込む: 全行が正しいときだけ保存 (import: all rows or nothing)
    Import(ImportOpts),
    /// 台帳を書き出す (.xlsx / .csv)
    Export(ExportOpts),
}

#[derive(Args)]
pub struct ImportOpts {
    file: PathBuf,
    /// 検査だけして保存しない (check only)
    #[arg(long)]
    dry_run: bool,
    /// 医療機関の ID（一つしかなければ省略可）
    #[arg(long)]
    institution: Option<i64>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct ExportOpts {
    #[arg(long, short)]
    output: PathBuf,
    #[arg(long)]
    institution: Option<i64>,
}

pub async fn run(global: &GlobalOpts, cmd: LedgerCommand, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        LedgerCommand::Import(o) => import(global, o, out).await,
        LedgerCommand::Export(o) => export(global, o, out).await,
    }
}

async fn import(global: &GlobalOpts, o: ImportOpts, out: &Out) -> Result<ExitCode, CliError> {
    let bytes = crate::output::read_input(&o.file, out)?;
    let (app, institution) = config::open_institution(global, o.institution, out).await?;
    let name = o.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let report = match app
        .import_ledger(
            institution,
            iryosec_io::table::Source::new(&name, &bytes, &CancelToken::never()),
            None,
            o.dry_run,
            &Actor::cli("ledger import"),
        )
        .await
    {
        Ok(r) => r,
        Err(AppError::Invalid(f)) => {
            let m = f.first().map(|f| out.lang.tr_args(f.message.key, &f.message.args)).unwrap_or_default();
            return Err(CliError::unusable(format!("{}: {m}", o.file.display())));
        }
        Err(e) => return Err(out.app_failure(&e)),
    };
    let imported = report.imported.map_or(0, |c| c.inserted + c.updated);
    let summary = ImportSummary { file: &o.file, rows: report.rows, imported, dry_run: o.dry_run };
    Ok(print_import(&summary, &report.errors, o.format, out))
}

/// What an import read and did, for [`print_import`].
pub struct ImportSummary<'a> {
    pub file: &'a std::path::Path,
    pub rows: usize,
    pub imported: usize,
    pub dry_run: bool,
}

/// `{rows, imported, errors:[{row, column, header, message}]}`, or one line per problem and a
/// summary; exit 1 when there were problems.
pub fn print_import(s: &ImportSummary, errors: &[RowError], format: Format, out: &Out) -> ExitCode {
    match format {
        Format::Json => out.json(&serde_json::json!({
            "rows": s.rows,
            "imported": s.imported,
            "errors": errors.iter().map(|e| serde_json::json!({
                "row": e.row, "column": e.column, "header": e.header,
                "message": out.lang.tr_args(e.message.key, &e.message.args),
            })).collect::<Vec<_>>(),
        })),
        Format::Text => {
            for e in errors {
                out.line(&format!(
                    "{}:{}{}: {} {}",
                    s.file.display(),
                    e.row,
                    if e.column.is_empty() { String::new() } else { format!(":{}", e.column) },
                    e.header,
                    out.lang.tr_args(e.message.key, &e.message.args)
                ));
            }
            let key = if s.dry_run {
                "cli.ledger_checked"
            } else if errors.is_empty() {
                "cli.ledger_imported"
            } else {
                "cli.ledger_refused"
            };
            out.line(&out.t_args(
                key,
                &[
                    ("rows", s.rows.to_string()),
                    ("imported", s.imported.to_string()),
                    ("errors", errors.len().to_string()),
                ],
            ));
        }
    }
    if errors.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

async fn export(global: &GlobalOpts, o: ExportOpts, out: &Out) -> Result<ExitCode, CliError> {
    let (app, institution) = config::open_institution(global, o.institution, out).await?;
    let csv = o.output.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let bytes = if csv {
        app.ledger_csv(institution).await
    } else {
        app.ledger_xlsx(institution, DateStyle::default()).await
    }
    .map_err(|e| out.app_failure(&e))?;
    crate::output::write_new_file(&o.output, &bytes, out)?;
    out.line(&out.t_args("cli.exported", &[("path", o.output.display().to_string())]));
    Ok(ExitCode::SUCCESS)
}
