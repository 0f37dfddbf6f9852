//! `iryosec definitions import-workbook FILE`: the ministry's own checklist workbook read as an
//! edition draft. It says whether the file is one the ministry published (by SHA-256) and how
//! each item found its stable key; `--toml` writes the draft to review and edit, `--publish`
//! adds it to the catalog as `definitions import` does.

use crate::config::GlobalOpts;
use crate::definition_files::describe;
use crate::definitions::open;
use crate::output::{CliError, Format, Out};
use clap::Args;
use iryosec_app::AppError;
use iryosec_app::catalog::to_toml;
use iryosec_app::definition_files::DefinitionDraft;
use iryosec_core::audit::Actor;
use iryosec_core::catalog::Sheet;
use iryosec_io::ministry_xlsx::FormHints;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Args)]
pub struct WorkbookOpts {
    /// 厚生労働省のチェックリストの Excel ファイル (the ministry's checklist workbook)
    file: PathBuf,
    /// 安定キーを合わせる版の ID (match items to this edition; default: the newest of the same sheet)
    #[arg(long)]
    from: Option<String>,
    /// 年度（西暦の開始年: 2026）。ブックに書かれていないとき (fiscal year, when the workbook does not say)
    #[arg(long)]
    fiscal_year: Option<i32>,
    /// 様式: hospital / pharmacy / vendor / hospital_pharmacy（ブックから分からないとき）
    #[arg(long, value_parser = parse_sheet)]
    sheet: Option<Sheet>,
    /// 読むシートの名前 (read this sheet only)
    #[arg(long)]
    sheet_name: Option<String>,
    /// 下書きを TOML で書き出す (write the draft as TOML; the file must not exist yet)
    #[arg(long)]
    toml: Option<PathBuf>,
    /// 下書きをそのまま版として取り込む (publish the draft into the catalog)
    #[arg(long)]
    publish: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn parse_sheet(s: &str) -> Result<Sheet, String> {
    Sheet::parse(s)
        .ok_or_else(|| format!("「{s}」: hospital / pharmacy / vendor / hospital_pharmacy のどれかです"))
}

pub async fn run(global: &GlobalOpts, o: WorkbookOpts, out: &Out) -> Result<ExitCode, CliError> {
    let bytes = crate::output::read_input(&o.file, out)?;
    let Some(app) = open(global, true, out).await? else { return Err(CliError::unusable("no database")) };
    let name = o.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let hints = FormHints { sheet_name: o.sheet_name.clone(), fiscal_year: o.fiscal_year, sheet: o.sheet };
    let draft = match app.read_definition(&name, &bytes, hints, o.from.as_deref()).await {
        Ok(Ok(draft)) => draft,
        Ok(Err(problems)) => return Err(CliError::unusable(describe(&o.file, &problems, out).join("\n"))),
        Err(AppError::NotFound) => {
            let id = o.from.clone().unwrap_or_default();
            return Err(CliError::unusable(out.t_args("cli.no_such_edition", &[("id", id)])));
        }
        Err(e) => return Err(out.app_failure(&e)),
    };
    if let Some(path) = &o.toml {
        let text = to_toml(&draft.edition).map_err(|e| out.app_failure(&e))?;
        crate::output::write_new_file(path, text.as_bytes(), out)?;
    }
    let version = if o.publish {
        match app.import_edition(&draft.edition, &name, &Actor::cli("definitions import-workbook")).await {
            Ok(v) => Some(v),
            Err(AppError::Refused(m)) => return Err(CliError::unusable(out.lang.tr_args(m.key, &m.args))),
            Err(e) => return Err(out.app_failure(&e)),
        }
    } else {
        None
    };
    match o.format {
        Format::Json => out.json(&report_json(&draft, version)),
        Format::Text => report_text(&draft, version, &o, out),
    }
    Ok(ExitCode::SUCCESS)
}

fn report_json(d: &DefinitionDraft, version: Option<i64>) -> serde_json::Value {
    serde_json::json!({
        "id": d.edition.id, "fiscal_year": d.edition.fiscal_year, "sheet": d.edition.sheet.code(),
        "items": d.edition.items.len(), "sha256": d.sha256,
        "official": d.official.map(|o| o.name.clone()), "matched_to": d.matched_to,
        "matches": d.matches, "published_version": version,
    })
}

fn report_text(d: &DefinitionDraft, version: Option<i64>, o: &WorkbookOpts, out: &Out) {
    out.line(&match d.official {
        Some(f) => {
            out.t_args("definitions.official_file", &[("name", f.name.clone()), ("what", f.what.clone())])
        }
        None => out.t_args("definitions.not_official_file", &[("sha256", d.sha256.clone())]),
    });
    let e = &d.edition;
    out.line(&out.t_args(
        "cli.workbook_read",
        &[
            ("id", e.id.clone()),
            ("sheet", e.sheet.name_ja().to_owned()),
            ("items", e.items.len().to_string()),
        ],
    ));
    if let Some(from) = &d.matched_to {
        out.line(&out.t_args("definitions.matched_to", &[("id", from.clone())]));
    }
    for m in &d.matches {
        let before = m.previous_number.as_deref().map(|n| format!(" ← {n}")).unwrap_or_default();
        out.line(&format!("  {:<8} {}  {}{before}", m.number, m.key, out.t(m.matched_by.label_key())));
    }
    if let Some(path) = &o.toml {
        out.line(&out.t_args("cli.workbook_draft_written", &[("path", path.display().to_string())]));
    }
    match version {
        Some(v) => out.line(
            &out.t_args("cli.definition_imported", &[("id", e.id.clone()), ("version", v.to_string())]),
        ),
        None if o.toml.is_none() => out.line(&out.t("cli.workbook_not_saved")),
        None => {}
    }
}
