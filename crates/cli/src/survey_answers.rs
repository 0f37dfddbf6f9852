//! `iryosec survey export|import`: an institution's answers to a fiscal year's survey, as the
//! bundle (`iryosec-survey` v1, JSON) or the transcription sheet (Excel), and a bundle read
//! back into the institution — all or nothing.

use crate::config::{self, GlobalOpts};
use crate::output::{CliError, Format, Out};
use clap::Args;
use iryosec_app::AppError;
use iryosec_app::surveys::SurveyImportError;
use iryosec_core::audit::Actor;
use iryosec_core::date::FiscalYear;
use iryosec_core::survey::builtin;
use iryosec_io::survey_bundle::write_survey_bundle;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct ExportOpts {
    /// 医療機関の ID（一つしかなければ省略可）(institution id; optional when there is one)
    #[arg(long)]
    institution: Option<i64>,
    /// 年度（例: 2023 = 令和5年度）(fiscal year)
    #[arg(long)]
    fiscal_year: i32,
    /// 書き出すファイル: .json は回答の JSON、.xlsx は転記用の表 (output: .json bundle or .xlsx sheet)
    #[arg(long, short)]
    output: PathBuf,
}

#[derive(Args)]
pub struct ImportOpts {
    /// 医療機関の ID（一つしかなければ省略可）(institution id; optional when there is one)
    #[arg(long)]
    institution: Option<i64>,
    /// 回答の JSON（iryosec-survey） (a survey bundle)
    file: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn app_error(out: &Out, e: AppError) -> CliError {
    match e {
        AppError::Refused(m) => CliError::unusable(out.lang.tr_args(m.key, &m.args)),
        other => out.app_failure(&other),
    }
}

pub async fn export(global: &GlobalOpts, o: ExportOpts, out: &Out) -> Result<ExitCode, CliError> {
    let year = FiscalYear(o.fiscal_year).label_ja();
    let edition = builtin::editions()
        .iter()
        .find(|e| e.fiscal_year == o.fiscal_year)
        .ok_or_else(|| CliError::unusable(out.t_args("cli.no_survey_for_year", &[("year", year.clone())])))?;
    let ext = o.output.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    let (app, institution) = config::open_institution(global, o.institution, out).await?;
    let bytes = match ext.as_str() {
        "json" => write_survey_bundle(
            &app.survey_bundle(institution, &edition.id).await.map_err(|e| app_error(out, e))?,
        ),
        "xlsx" => app.survey_sheet_xlsx(institution, &edition.id).await.map_err(|e| app_error(out, e))?,
        _ => return Err(CliError::unusable(out.t("cli.survey_export_format"))),
    };
    crate::output::write_new_file(&o.output, &bytes, out)?;
    out.line(&out.t_args("cli.exported", &[("path", o.output.display().to_string())]));
    Ok(ExitCode::SUCCESS)
}

pub async fn import(global: &GlobalOpts, o: ImportOpts, out: &Out) -> Result<ExitCode, CliError> {
    let bytes = crate::output::read_input(&o.file, out)?;
    let (app, institution) = config::open_institution(global, o.institution, out).await?;
    let file = o.file.display().to_string();
    let name = o.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| file.clone());
    let actor = Actor::cli("survey import");
    match app.import_survey(institution, &bytes, &name, &actor).await {
        Ok((bundle, evaluation)) => {
            let answered = bundle.answers.len();
            match o.format {
                Format::Json => out.json(&serde_json::json!({
                    "fiscal_year": bundle.fiscal_year, "edition": bundle.edition.id, "answers": answered,
                    "complete": evaluation.complete, "missing": evaluation.missing,
                })),
                Format::Text => out.line(&out.t_args(
                    "cli.survey_imported",
                    &[
                        ("year", FiscalYear(bundle.fiscal_year).label_ja()),
                        ("count", answered.to_string()),
                        ("missing", evaluation.missing.len().to_string()),
                    ],
                )),
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(SurveyImportError::Refused(m)) => {
            Err(CliError::unusable(format!("{file}: {}", out.lang.tr_args(m.key, &m.args))))
        }
        Err(SurveyImportError::Answers(invalid)) => {
            let mut lines = vec![out.t_args("cli.survey_import_refused", &[("path", file.clone())])];
            lines.extend(
                invalid
                    .iter()
                    .map(|i| format!("{file}: {}: {}", i.id, out.lang.tr_args(i.reason.key, &i.reason.args))),
            );
            Err(CliError::unusable(lines.join("\n")))
        }
        Err(SurveyImportError::Other(e)) => Err(app_error(out, e)),
    }
}
