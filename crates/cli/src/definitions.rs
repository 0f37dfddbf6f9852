//! `iryosec definitions …`: the checklist editions, shipped and imported.

use crate::config::{self, GlobalOpts};
use crate::definition_files::{
    FileOpts, FileProblem, FormatOpt, ShowOpts, describe, from_cell_errors, from_definition_error, is_xlsx,
    report_check, report_imported, utf8, write_template,
};
use crate::output::{CliError, Format, Out, pad};
use clap::{Args, Subcommand};
use iryosec_app::catalog::{EditionInfo, Origin};
use iryosec_app::{App, AppError, SessionPolicy, SystemClock};
use iryosec_core::audit::Actor;
use iryosec_core::catalog::{Edition, ItemChange, diff, parse_toml};
use iryosec_core::date::FiscalYear;
use iryosec_store::DatabaseUrl;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Subcommand)]
pub enum DefinitionsCommand {
    /// 版の一覧 (list editions: shipped and imported)
    List(FormatOpt),
    /// 版の内容 (show an edition with its items)
    Show(ShowOpts),
    /// 定義ファイルの検査: 正しければ 0、誤りがあれば 1、読めなければ 2 (validate a file)
    Check(FileOpts),
    /// 二つの版の違い: 追加・削除・変更された項目 (items added, removed, changed; ids or files)
    Diff(DiffOpts),
    /// 新しい版を取り込む (import a TOML file or an Excel workbook; nothing is stored if it has any problem)
    Import(FileOpts),
    /// 厚生労働省のチェックリストの Excel をそのまま読み、下書きの版にする (read the ministry's own workbook; --toml writes the draft, --publish imports it)
    ImportWorkbook(crate::definition_workbook::WorkbookOpts),
    /// 新しい版を Excel で書くための様式を書き出す (write an Excel template, optionally filled from an edition)
    Template(TemplateOpts),
}

#[derive(Args)]
pub struct TemplateOpts {
    /// 書き出すファイル (.xlsx; must not exist yet)
    file: PathBuf,
    /// この版の内容を入れておく (fill in from this edition, e.g. last year's)
    #[arg(long)]
    from: Option<String>,
}

#[derive(Args)]
pub struct DiffOpts {
    /// 比較元の版 ID またはファイル (from)
    from: String,
    /// 比較先の版 ID またはファイル (to)
    to: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub async fn run(global: &GlobalOpts, cmd: DefinitionsCommand, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        DefinitionsCommand::List(o) => list(global, o.format, out).await,
        DefinitionsCommand::Show(o) => show(global, &o.id, o.format, out).await,
        DefinitionsCommand::Check(o) => check(&o.file, o.format, out),
        DefinitionsCommand::Diff(o) => diff_cmd(global, &o, out).await,
        DefinitionsCommand::Import(o) => import(global, &o.file, o.format, out).await,
        DefinitionsCommand::ImportWorkbook(o) => crate::definition_workbook::run(global, o, out).await,
        DefinitionsCommand::Template(o) => template(global, &o, out).await,
    }
}

/// The app over the configured database; with `create` false and no SQLite file yet, none
/// (the shipped editions need no database).
pub(crate) async fn open(global: &GlobalOpts, create: bool, out: &Out) -> Result<Option<App>, CliError> {
    let r = config::resolve(global, false, out)?;
    if let DatabaseUrl::Sqlite(path) = &r.database {
        if !path.exists() && !create {
            return Ok(None);
        }
        config::prepare_data_dir(&r.data_dir, out)?;
    }
    let store = crate::audit_key::open_for_writing(&r, out).await?;
    Ok(Some(App::new(Arc::new(store), Arc::new(SystemClock), SessionPolicy::default())))
}

async fn all_editions(global: &GlobalOpts, out: &Out) -> Result<Vec<EditionInfo>, CliError> {
    match open(global, false, out).await? {
        Some(app) => app.editions().await.map_err(|e| out.app_failure(&e)),
        None => Ok(iryosec_core::catalog::builtin::editions()
            .iter()
            .map(|e| EditionInfo { edition: e.clone(), origin: Origin::Builtin })
            .collect()),
    }
}

fn summary(info: &EditionInfo) -> serde_json::Value {
    let e = &info.edition;
    let mut v = serde_json::json!({
        "id": e.id, "kind": e.kind, "sheet": e.sheet.code(), "fiscal_year": e.fiscal_year,
        "items": e.items.len(), "title": e.title, "published": e.published, "provisional": e.provisional,
    });
    if let (Some(map), Ok(serde_json::Value::Object(origin))) =
        (v.as_object_mut(), serde_json::to_value(&info.origin))
    {
        map.extend(origin);
    }
    v
}

async fn list(global: &GlobalOpts, format: Format, out: &Out) -> Result<ExitCode, CliError> {
    let editions = all_editions(global, out).await?;
    match format {
        Format::Json => out.json(&serde_json::Value::Array(editions.iter().map(summary).collect())),
        Format::Text => {
            for info in &editions {
                let e = &info.edition;
                let origin = match &info.origin {
                    Origin::Builtin => out.t("catalog.origin_builtin"),
                    Origin::Imported { version, .. } => {
                        out.t_args("catalog.origin_imported", &[("version", version.to_string())])
                    }
                };
                let origin = if e.provisional {
                    format!("{origin}・{}", out.t("definitions.provisional_badge"))
                } else {
                    origin
                };
                out.line(&format!(
                    "{} {} {} {:>3}  {origin}",
                    pad(&e.id, 34),
                    pad(&FiscalYear(e.fiscal_year).label_ja(), 12),
                    pad(e.sheet.name_ja(), 20),
                    e.items.len()
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn find(global: &GlobalOpts, id: &str, out: &Out) -> Result<EditionInfo, CliError> {
    all_editions(global, out)
        .await?
        .into_iter()
        .find(|e| e.edition.id == id)
        .ok_or_else(|| CliError::unusable(out.t_args("cli.no_such_edition", &[("id", id.to_owned())])))
}

async fn show(global: &GlobalOpts, id: &str, format: Format, out: &Out) -> Result<ExitCode, CliError> {
    let info = find(global, id, out).await?;
    let e = &info.edition;
    match format {
        Format::Json => out.json(&edition_json(&info, out)),
        Format::Text => show_text(e, out),
    }
    Ok(ExitCode::SUCCESS)
}

/// The edition as stored, with its origin, each item's verification in words, and the numbers
/// of the items not checked against the final text.
fn edition_json(info: &EditionInfo, out: &Out) -> serde_json::Value {
    let e = &info.edition;
    let mut v = serde_json::to_value(e).unwrap_or_default();
    if let Some(items) = v.get_mut("items").and_then(serde_json::Value::as_array_mut) {
        for (json, item) in items.iter_mut().zip(&e.items) {
            if let Some(map) = json.as_object_mut() {
                map.insert("verification_label".into(), out.t(item.verification.label_key()).into());
            }
        }
    }
    if let Some(map) = v.as_object_mut() {
        let not_final: Vec<&str> = e.items_not_final().iter().map(|i| i.number.as_str()).collect();
        map.insert("not_final".into(), serde_json::json!(not_final));
        if let Ok(serde_json::Value::Object(origin)) = serde_json::to_value(&info.origin) {
            map.extend(origin);
        }
    }
    v
}

/// The edition as a person reads it: what it is and how sure, then each item with its
/// verification and the note on it.
fn show_text(e: &Edition, out: &Out) {
    let provisional =
        if e.provisional { format!(" {}", out.t("definitions.provisional_badge")) } else { String::new() };
    out.line(&format!(
        "{}（{}、{}）{provisional}",
        e.title,
        FiscalYear(e.fiscal_year).label_ja(),
        e.sheet.name_ja()
    ));
    if !e.published.is_empty() {
        out.line(&format!("{} {}", out.t("definitions.published"), e.published));
    }
    for text in [&e.source, &e.note].into_iter().filter(|t| !t.is_empty()) {
        out.line(text);
    }
    for s in &e.sections {
        out.line(&format!("\n{} {}", s.number, s.title));
        for i in e.items_in(&s.number) {
            let scopes: Vec<_> = i.scopes.iter().map(|s| s.name_ja()).collect();
            let scopes = if scopes.is_empty() { String::new() } else { format!(" [{}]", scopes.join("・")) };
            out.line(&format!("  {:<8} {}{scopes}  ({})", i.number, i.title, i.key));
            out.line(&format!(
                "           {}: {}",
                out.t("assessment.verification"),
                out.t(i.verification.label_key())
            ));
            if !i.source_note.is_empty() {
                out.line(&format!("           {}", i.source_note));
            }
        }
    }
}

/// Reads a definition file (TOML or Excel); `Err` with exit 2 when it cannot be read at all.
fn read_file(path: &Path, out: &Out) -> Result<Result<Edition, Vec<FileProblem>>, CliError> {
    let bytes = crate::output::read_input(path, out)?;
    if is_xlsx(path, &bytes) {
        return Ok(iryosec_io::edition_xlsx::read_edition(&bytes).map_err(from_cell_errors));
    }
    let text = utf8(path, bytes, out)?;
    Ok(parse_toml(&text).map_err(|errors| errors.into_iter().map(from_definition_error).collect()))
}

fn check(path: &Path, format: Format, out: &Out) -> Result<ExitCode, CliError> {
    let parsed = read_file(path, out)?;
    let summary = parsed.as_ref().map(|d| (d.id.as_str(), d.items.len())).map_err(Vec::as_slice);
    Ok(report_check(path, summary, "cli.definition_valid", format, out))
}

/// An edition named by id, or read from a file when the argument is a path that exists.
async fn edition_arg(global: &GlobalOpts, arg: &str, out: &Out) -> Result<Edition, CliError> {
    let path = Path::new(arg);
    if path.is_file() {
        return read_file(path, out)?
            .map_err(|errors| CliError::unusable(describe(path, &errors, out).join("\n")));
    }
    Ok(find(global, arg, out).await?.edition)
}

async fn diff_cmd(global: &GlobalOpts, o: &DiffOpts, out: &Out) -> Result<ExitCode, CliError> {
    let (from, to) = (edition_arg(global, &o.from, out).await?, edition_arg(global, &o.to, out).await?);
    let changes = diff(&from, &to);
    match o.format {
        Format::Json => out.json(&serde_json::json!({ "from": from.id, "to": to.id, "changes": changes })),
        Format::Text => {
            for c in &changes {
                out.line(&match c {
                    ItemChange::Added { key, number, title } => format!("+ {number:<8} {key}  {title}"),
                    ItemChange::Removed { key, number, title } => format!("- {number:<8} {key}  {title}"),
                    ItemChange::Changed { key, from_number, to_number, fields } => {
                        format!("~ {from_number} → {to_number}  {key}  ({})", fields.join(", "))
                    }
                });
            }
            if changes.is_empty() {
                out.line(&out.t("cli.no_changes"));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn import(global: &GlobalOpts, path: &Path, format: Format, out: &Out) -> Result<ExitCode, CliError> {
    let edition = read_file(path, out)?
        .map_err(|errors| CliError::unusable(describe(path, &errors, out).join("\n")))?;
    let Some(app) = open(global, true, out).await? else { return Err(CliError::unusable("no database")) };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let version = match app.import_edition(&edition, &name, &Actor::cli("definitions import")).await {
        Ok(v) => v,
        Err(AppError::Refused(m)) => return Err(CliError::unusable(out.lang.tr_args(m.key, &m.args))),
        Err(e) => return Err(out.app_failure(&e)),
    };
    report_imported(&edition.id, version, edition.items.len(), "cli.definition_imported", format, out);
    Ok(ExitCode::SUCCESS)
}

async fn template(global: &GlobalOpts, o: &TemplateOpts, out: &Out) -> Result<ExitCode, CliError> {
    let edition = match &o.from {
        Some(id) => Some(find(global, id, out).await?.edition),
        None => None,
    };
    let bytes = iryosec_io::edition_xlsx::write_template(edition.as_ref());
    write_template(&o.file, bytes, "cli.template_written", out)
}
