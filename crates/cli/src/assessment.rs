//! `iryosec assessment …`: the yearly self-assessment from the command line.

use crate::config::{self, GlobalOpts};
use crate::output::{CliError, Format, Out};
use clap::{Args, Subcommand, ValueEnum};
use iryosec_app::assessments::StartAssessment;
use iryosec_app::exchange::ImportError;
use iryosec_app::{App, AppError};
use iryosec_core::InstitutionId;
use iryosec_core::assessment::Facts;
use iryosec_core::audit::Actor;
use iryosec_core::date::FiscalYear;
use iryosec_io::assessment_sheet::{read_xlsx, write_csv, write_xlsx};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AssessmentCommand {
    /// 自己点検を始める (start an assessment for a fiscal year)
    New(NewOpts),
    /// 進み具合 (progress per section, items still いいえ, overdue targets)
    Status(StatusOpts),
    /// 書き出す: JSON（交換用の束）・Excel・CSV (export as JSON bundle, Excel or CSV)
    Export(ExportOpts),
    /// 取り込む: JSON の束、または記入した Excel（--id が必要）(import a JSON bundle or a filled-in Excel)
    Import(ImportOpts),
}

#[derive(Args)]
pub struct Which {
    /// 医療機関の ID（一つしかなければ省略可）(institution id; optional when there is one)
    #[arg(long)]
    institution: Option<i64>,
}

#[derive(Args)]
pub struct NewOpts {
    #[command(flatten)]
    which: Which,
    /// 年度（西暦の開始年: 令和7年度なら 2025）[default: the current fiscal year]
    #[arg(long)]
    fiscal_year: Option<i32>,
    /// 版の ID [default: the edition in force for the year and institution]
    #[arg(long)]
    edition: Option<String>,
    /// 直近の自己点検の回答を下書きとして引き継ぐ (carry the latest assessment's answers forward as drafts)
    #[arg(long)]
    carry_forward: bool,
    /// システム事業者との契約がない (no vendor contract: vendor items become not applicable)
    #[arg(long)]
    no_vendor_contract: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct StatusOpts {
    #[command(flatten)]
    which: Which,
    /// 自己点検の ID [default: the newest]
    #[arg(long)]
    id: Option<i64>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FileFormat {
    Json,
    Xlsx,
    Csv,
}

#[derive(Args)]
pub struct ExportOpts {
    #[command(flatten)]
    which: Which,
    /// 自己点検の ID [default: the newest]
    #[arg(long)]
    id: Option<i64>,
    /// 書き出すファイル (must not exist yet)
    #[arg(long, short)]
    output: PathBuf,
    /// 形式 [default: from the file name]
    #[arg(long, value_enum)]
    to: Option<FileFormat>,
}

#[derive(Args)]
pub struct ImportOpts {
    #[command(flatten)]
    which: Which,
    file: PathBuf,
    /// Excel を取り込む自己点検の ID (for Excel files)
    #[arg(long)]
    id: Option<i64>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

struct Ctx {
    app: App,
    institution: InstitutionId,
}

async fn open(global: &GlobalOpts, which: &Which, out: &Out) -> Result<Ctx, CliError> {
    let (app, institution) = config::open_institution(global, which.institution, out).await?;
    Ok(Ctx { app, institution })
}

fn app_error(out: &Out, e: AppError) -> CliError {
    match e {
        AppError::Invalid(fields) => CliError::unusable(
            fields
                .iter()
                .map(|f| out.lang.tr_args(f.message.key, &f.message.args))
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        AppError::NotFound => CliError::unusable(out.t("cli.no_such_assessment")),
        other => out.app_failure(&other),
    }
}

pub async fn run(global: &GlobalOpts, cmd: AssessmentCommand, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        AssessmentCommand::New(o) => new(global, o, out).await,
        AssessmentCommand::Status(o) => status(global, o, out).await,
        AssessmentCommand::Export(o) => export(global, o, out).await,
        AssessmentCommand::Import(o) => import(global, o, out).await,
    }
}

async fn newest(c: &Ctx, id: Option<i64>, out: &Out) -> Result<i64, CliError> {
    match id {
        Some(id) => Ok(id),
        None => c
            .app
            .assessments(c.institution)
            .await
            .map_err(|e| app_error(out, e))?
            .first()
            .map(|a| a.id)
            .ok_or_else(|| CliError::unusable(out.t("cli.no_such_assessment"))),
    }
}

async fn new(global: &GlobalOpts, o: NewOpts, out: &Out) -> Result<ExitCode, CliError> {
    let c = open(global, &o.which, out).await?;
    let year = o.fiscal_year.unwrap_or_else(|| c.app.current_fiscal_year().0);
    let edition = match o.edition {
        Some(e) => e,
        None => {
            let kind = c.app.institution(c.institution).await.map_err(|e| app_error(out, e))?.profile.kind;
            let proposed = c.app.proposed_edition(kind, year).await.map_err(|e| app_error(out, e))?;
            proposed.map(|e| e.id).ok_or_else(|| {
                CliError::unusable(out.t_args("cli.no_edition_for_year", &[("year", year.to_string())]))
            })?
        }
    };
    let carry_from = if o.carry_forward {
        c.app.assessments(c.institution).await.map_err(|e| app_error(out, e))?.first().map(|a| a.id)
    } else {
        None
    };
    let start = StartAssessment {
        fiscal_year: year,
        edition_id: edition,
        carry_from,
        facts: Facts { vendor_contract: !o.no_vendor_contract },
    };
    let record = c
        .app
        .start_assessment(c.institution, &start, &Actor::cli("assessment new"))
        .await
        .map_err(|e| app_error(out, e))?;
    match o.format {
        Format::Json => out.json(&serde_json::json!({ "id": record.id, "fiscal_year": record.fiscal_year, "edition": record.edition_id, "carried_from": record.carried_from })),
        Format::Text => out.line(&out.t_args("cli.assessment_started", &[("id", record.id.to_string()), ("year", FiscalYear(year).label_ja()), ("edition", record.edition_id.clone())])),
    }
    if let Ok(info) = c.app.edition(&record.edition_id).await
        && info.edition.provisional
    {
        let e = &info.edition;
        out.note(&out.t_args(
            "cli.provisional_edition",
            &[
                ("id", e.id.clone()),
                ("year", FiscalYear(e.fiscal_year).label_ja()),
                ("published", e.published.clone()),
            ],
        ));
    }
    Ok(ExitCode::SUCCESS)
}

async fn status(global: &GlobalOpts, o: StatusOpts, out: &Out) -> Result<ExitCode, CliError> {
    let c = open(global, &o.which, out).await?;
    let id = newest(&c, o.id, out).await?;
    let view = c.app.assessment_view(c.institution, id).await.map_err(|e| app_error(out, e))?;
    let s = &view.status;
    match o.format {
        Format::Json => out.json(&serde_json::json!({
            "id": id, "fiscal_year": view.record.fiscal_year, "edition": view.edition.id,
            "complete": s.complete, "missing_dates": s.missing_dates, "sections": s.sections, "open": s.open,
        })),
        Format::Text => {
            out.line(&format!("{} {}", FiscalYear(view.record.fiscal_year).label_ja(), view.edition.title));
            for sec in &s.sections {
                out.line(&format!(
                    "  {} {}: はい {} / いいえ {} / 未回答 {} / 対象外 {}",
                    sec.number, sec.title, sec.yes, sec.no, sec.unanswered, sec.not_applicable
                ));
            }
            for open in &s.open {
                let target = open.target.map(iryosec_core::date::format_wareki).unwrap_or_default();
                let overdue = if open.overdue { " ※期限切れ" } else { "" };
                out.line(&format!("  いいえ {} {} 目標日 {target}{overdue}", open.number, open.title));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn export(global: &GlobalOpts, o: ExportOpts, out: &Out) -> Result<ExitCode, CliError> {
    let c = open(global, &o.which, out).await?;
    let id = newest(&c, o.id, out).await?;
    let ext = o.output.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let to = o.to.or(match ext.as_str() {
        "xlsx" => Some(FileFormat::Xlsx),
        "csv" => Some(FileFormat::Csv),
        "json" => Some(FileFormat::Json),
        _ => None,
    });
    let bytes = match to {
        Some(FileFormat::Json) => {
            let bundle = c.app.export_bundle(c.institution, id).await.map_err(|e| app_error(out, e))?;
            serde_json::to_vec_pretty(&bundle).map_err(|e| CliError::unusable(e.to_string()))?
        }
        Some(f) => {
            let (head, rows) = c.app.sheet(c.institution, id).await.map_err(|e| app_error(out, e))?;
            if f == FileFormat::Csv {
                write_csv(&rows, head.second_check)
            } else {
                write_xlsx(&head, &rows).map_err(|e| CliError::unusable(e.to_string()))?
            }
        }
        None => return Err(CliError::unusable(out.t("cli.export_format"))),
    };
    crate::output::write_new_file(&o.output, &bytes, out)?;
    out.line(&out.t_args("cli.exported", &[("path", o.output.display().to_string())]));
    Ok(ExitCode::SUCCESS)
}

async fn import(global: &GlobalOpts, o: ImportOpts, out: &Out) -> Result<ExitCode, CliError> {
    let c = open(global, &o.which, out).await?;
    let bytes = crate::output::read_input(&o.file, out)?;
    let actor = Actor::cli("assessment import");
    let result = if bytes.starts_with(b"PK") {
        let id = o.id.ok_or_else(|| CliError::unusable(out.t("cli.import_needs_id")))?;
        match read_xlsx(&bytes) {
            Ok(sheet) => c.app.import_sheet(c.institution, id, &sheet, "", &actor).await.map(|n| (id, n)),
            Err(cells) => Err(ImportError::Cells(cells)),
        }
    } else {
        let text = String::from_utf8_lossy(&bytes);
        c.app.import_bundle(c.institution, &text, None, "", &actor).await.map(|(r, n)| (r.id, n))
    };
    let file = o.file.display().to_string();
    match result {
        Ok((id, n)) => {
            match o.format {
                Format::Json => out.json(&serde_json::json!({ "id": id, "answers": n })),
                Format::Text => out.line(
                    &out.t_args("cli.imported_answers", &[("id", id.to_string()), ("count", n.to_string())]),
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(ImportError::File(m)) => {
            Err(CliError::unusable(format!("{file}: {}", out.lang.tr_args(m.key, &m.args))))
        }
        Err(ImportError::Cells(cells)) => Err(CliError::unusable(
            cells
                .iter()
                .map(|c| {
                    format!("{file}: {}: {}", c.place(), out.lang.tr_args(c.message.key, &c.message.args))
                })
                .collect::<Vec<_>>()
                .join("\n"),
        )),
        Err(ImportError::Other(e)) => Err(app_error(out, e)),
    }
}
