//! `iryosec ledger …`: the asset ledger from the command line.

use crate::config::{self, GlobalOpts};
use crate::output::{CliError, Format, Out};
use clap::{Args, Subcommand};
use iryosec_app::AppError;
use iryosec_app::ledger_import::{LedgerChoice, field_named};
use iryosec_core::CancelToken;
use iryosec_core::audit::Actor;
use iryosec_core::date::DateStyle;
use iryosec_core::ledger::Field;
use iryosec_io::finder::TableChoice;
use iryosec_io::layout::Layout;
use iryosec_io::ledger_sheet::{IMPORT, RowError};
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
    /// 読むシートの名前（省略時は台帳らしいシートを選ぶ）(the sheet to read)
    #[arg(long)]
    sheet: Option<String>,
    /// 見出しの行番号（Excel の行番号。省略時は自動で探す）(the header row)
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    header_row: Option<u32>,
    /// 列の読み取り方: 列名=項目（例: --map "No.=-" --map 機器名称=名称）。繰り返し指定できる
    #[arg(long = "map", value_name = "列名=項目")]
    maps: Vec<String>,
    /// 列の対応づけのファイル（--save-mapping で作ったもの）を使う (a mapping file to use)
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// 使った列の対応づけをファイルに書き出す（既存のファイルは上書きしない）(save the mapping used)
    #[arg(long, value_name = "FILE")]
    save_mapping: Option<PathBuf>,
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
    let choice = choice(&o, out)?;
    let bytes = crate::output::read_input(&o.file, out)?;
    let (app, institution) = config::open_institution(global, o.institution, out).await?;
    let name = o.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let report = match app
        .import_ledger(
            institution,
            iryosec_io::table::Source::new(&name, &bytes, &CancelToken::never()),
            &choice,
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
    if let Some(path) = &o.save_mapping {
        crate::output::write_new_file(path, &report.layout.to_json(), out)?;
        out.note(&out.t_args("cli.mapping_saved", &[("path", path.display().to_string())]));
    }
    Ok(crate::ledger_report::print(&o.file, &report, o.dry_run, o.format, out))
}

/// What the flags say about reading the file; a flag that cannot be used stops the command (2).
fn choice(o: &ImportOpts, out: &Out) -> Result<LedgerChoice, CliError> {
    let mut by_header = Vec::new();
    for m in &o.maps {
        by_header.push(map_flag(m, out)?);
    }
    let mapping_file = match &o.mapping {
        Some(path) => {
            let bytes = crate::output::read_input(path, out)?;
            let layout = Layout::from_json(&bytes, IMPORT).map_err(|m| {
                CliError::unusable(format!("{}: {}", path.display(), out.lang.tr_args(m.key, &m.args)))
            })?;
            Some(layout)
        }
        None => None,
    };
    Ok(LedgerChoice {
        table: TableChoice { sheet: o.sheet.clone(), header_row: o.header_row },
        columns: None,
        by_header,
        mapping_file,
    })
}

/// `--map 列名=項目`: a column's header and the field it holds (「-」: none).
fn map_flag(text: &str, out: &Out) -> Result<(String, Option<Field>), CliError> {
    let fields = || Field::ALL.iter().map(|f| f.label_ja()).collect::<Vec<_>>().join("、");
    let Some((column, field)) = text.rsplit_once('=').filter(|(c, _)| !c.trim().is_empty()) else {
        return Err(CliError::unusable(format!("--map {text}: {}", out.t("cli.map_form"))));
    };
    match field_named(field) {
        Some(f) => Ok((column.trim().to_owned(), f)),
        None => Err(CliError::unusable(format!(
            "--map {text}: {}",
            out.t_args("cli.map_unknown_field", &[("field", field.trim().to_owned()), ("fields", fields())])
        ))),
    }
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
                "sheet": e.sheet, "row": e.row, "column": e.column, "header": e.header,
                "message": out.lang.tr_args(e.message.key, &e.message.args),
            })).collect::<Vec<_>>(),
        })),
        Format::Text => {
            for e in errors {
                out.line(&format!(
                    "{}:{}{}{}: {} {}",
                    s.file.display(),
                    if e.sheet.is_empty() { String::new() } else { format!("{}!", e.sheet) },
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
