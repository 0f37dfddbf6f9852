//! `iryosec registers …`: 医療情報システム, 事業者, バックアップ, 復元テスト, 連絡体制図, 規程・文書
//! 外部接続 and the BCP's registers (代替運用, 訓練, 訓練の改善策, 職員, 研修の受講記録) from the command line —
//! import (all rows or none), export, and a JSON listing.

use crate::config::{self, GlobalOpts};
use crate::ledger::{ImportSummary, print_import};
use crate::output::{CliError, Format, Out};
use clap::{Args, Subcommand, ValueEnum};
use iryosec_app::AppError;
use iryosec_core::CancelToken;
use iryosec_core::audit::Actor;
use iryosec_core::date::DateStyle;
use iryosec_core::register::Register;
use std::path::PathBuf;
use std::process::ExitCode;

/// Which register, as named on the command line.
#[derive(Clone, Copy, ValueEnum)]
pub enum RegisterName {
    Systems,
    Vendors,
    Backups,
    RestoreTests,
    Contacts,
    Documents,
    PaperOperations,
    Drills,
    DrillActions,
    Staff,
    Trainings,
    Connections,
}

impl From<RegisterName> for Register {
    fn from(r: RegisterName) -> Register {
        match r {
            RegisterName::Systems => Register::Systems,
            RegisterName::Vendors => Register::Vendors,
            RegisterName::Backups => Register::Backups,
            RegisterName::RestoreTests => Register::RestoreTests,
            RegisterName::Contacts => Register::Contacts,
            RegisterName::Documents => Register::Documents,
            RegisterName::PaperOperations => Register::PaperOperations,
            RegisterName::Drills => Register::Drills,
            RegisterName::DrillActions => Register::DrillActions,
            RegisterName::Staff => Register::Staff,
            RegisterName::Trainings => Register::Trainings,
            RegisterName::Connections => Register::Connections,
        }
    }
}

#[derive(Subcommand)]
pub enum RegistersCommand {
    /// XLSX・CSV を取り込む: 全行が正しいときだけ保存 (import: all rows or nothing)
    Import(ImportOpts),
    /// 書き出す (.xlsx / .csv)
    Export(ExportOpts),
    /// 登録内容を JSON で表示 (list entries as JSON)
    List(ListOpts),
}

#[derive(Args)]
pub struct ImportOpts {
    #[arg(value_enum)]
    register: RegisterName,
    file: PathBuf,
    /// 検査だけして保存しない (check only)
    #[arg(long)]
    dry_run: bool,
    #[arg(long)]
    institution: Option<i64>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct ExportOpts {
    #[arg(value_enum)]
    register: RegisterName,
    #[arg(long, short)]
    output: PathBuf,
    #[arg(long)]
    institution: Option<i64>,
}

#[derive(Args)]
pub struct ListOpts {
    #[arg(value_enum)]
    register: RegisterName,
    #[arg(long)]
    institution: Option<i64>,
}

pub async fn run(global: &GlobalOpts, cmd: RegistersCommand, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        RegistersCommand::Import(o) => import(global, o, out).await,
        RegistersCommand::Export(o) => export(global, o, out).await,
        RegistersCommand::List(o) => list(global, o, out).await,
    }
}

async fn import(global: &GlobalOpts, o: ImportOpts, out: &Out) -> Result<ExitCode, CliError> {
    let bytes = crate::output::read_input(&o.file, out)?;
    let (app, institution) = config::open_institution(global, o.institution, out).await?;
    let name = o.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let actor = Actor::cli("registers import");
    let report = match app
        .import_register(
            institution,
            o.register.into(),
            iryosec_io::table::Source::new(&name, &bytes, &CancelToken::never()),
            o.dry_run,
            &actor,
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

async fn export(global: &GlobalOpts, o: ExportOpts, out: &Out) -> Result<ExitCode, CliError> {
    let (app, institution) = config::open_institution(global, o.institution, out).await?;
    let xlsx = !o.output.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let bytes = app
        .export_register(institution, o.register.into(), xlsx, DateStyle::default())
        .await
        .map_err(|e| out.app_failure(&e))?;
    crate::output::write_new_file(&o.output, &bytes, out)?;
    out.line(&out.t_args("cli.exported", &[("path", o.output.display().to_string())]));
    Ok(ExitCode::SUCCESS)
}

async fn list(global: &GlobalOpts, o: ListOpts, out: &Out) -> Result<ExitCode, CliError> {
    let (app, institution) = config::open_institution(global, o.institution, out).await?;
    let entries = app.entries(institution, o.register.into(), None).await.map_err(|e| out.app_failure(&e))?;
    let rows: Vec<serde_json::Value> =
        entries.into_iter().map(|e| serde_json::json!({ "id": e.id, "record": e.record })).collect();
    out.json(&serde_json::Value::Array(rows));
    Ok(ExitCode::SUCCESS)
}
