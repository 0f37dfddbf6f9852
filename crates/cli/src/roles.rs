//! `iryosec roles …`: the role checklists (経営層向け, システム管理者向け, 医療従事者向け and the
//! nine-area self-check), shipped and imported. A command of its own rather than a kind of
//! `definitions`: a role list has its own format, its own template and its own rule of which
//! list is in force, and sharing the subcommands would make every one of them ask which kind.

use crate::config::GlobalOpts;
use crate::definition_files::{
    FileOpts, FileProblem, FormatOpt, ShowOpts, describe, errors_json, from_cell_errors,
    from_definition_error, is_xlsx, utf8,
};
use crate::definitions::open;
use crate::output::{CliError, Format, Out, pad};
use clap::{Args, Subcommand};
use iryosec_app::AppError;
use iryosec_app::catalog::Origin;
use iryosec_app::role_lists::RoleListInfo;
use iryosec_core::audit::Actor;
use iryosec_core::roles::{Author, RoleList, builtin, parse_toml};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum RolesCommand {
    /// リストの一覧 (list role checklists: shipped and imported)
    List(FormatOpt),
    /// リストの内容 (show a list with its items and their areas)
    Show(ShowOpts),
    /// 定義ファイルの検査: 正しければ 0、誤りがあれば 1、読めなければ 2 (validate a file)
    Check(FileOpts),
    /// リストを取り込む (import a TOML file or an Excel workbook; nothing is stored if it has any problem)
    Import(FileOpts),
    /// リストを Excel で書くための様式を書き出す (write an Excel template, optionally filled from a list)
    Template(TemplateOpts),
}

#[derive(Args)]
pub struct TemplateOpts {
    /// 書き出すファイル (.xlsx; must not exist yet)
    file: PathBuf,
    /// このリストの内容を入れておく (fill in from this list)
    #[arg(long)]
    from: Option<String>,
}

pub async fn run(global: &GlobalOpts, cmd: RolesCommand, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        RolesCommand::List(o) => list(global, o.format, out).await,
        RolesCommand::Show(o) => show(global, &o.id, o.format, out).await,
        RolesCommand::Check(o) => check(&o.file, o.format, out),
        RolesCommand::Import(o) => import(global, &o.file, o.format, out).await,
        RolesCommand::Template(o) => template(global, &o, out).await,
    }
}

async fn all_lists(global: &GlobalOpts, out: &Out) -> Result<Vec<RoleListInfo>, CliError> {
    match open(global, false, out).await? {
        Some(app) => app.role_lists().await.map_err(|e| out.app_failure(&e)),
        None => Ok(builtin::lists()
            .iter()
            .map(|l| RoleListInfo { list: l.clone(), origin: Origin::Builtin })
            .collect()),
    }
}

async fn find(global: &GlobalOpts, id: &str, out: &Out) -> Result<RoleListInfo, CliError> {
    all_lists(global, out)
        .await?
        .into_iter()
        .find(|l| l.list.id == id)
        .ok_or_else(|| CliError::unusable(out.t_args("cli.no_such_role_list", &[("id", id.to_owned())])))
}

fn origin_label(origin: &Origin, out: &Out) -> String {
    match origin {
        Origin::Builtin => out.t("catalog.origin_builtin"),
        Origin::Imported { version, .. } => {
            out.t_args("catalog.origin_imported", &[("version", version.to_string())])
        }
    }
}

async fn list(global: &GlobalOpts, format: Format, out: &Out) -> Result<ExitCode, CliError> {
    let lists = all_lists(global, out).await?;
    match format {
        Format::Json => out.json(&serde_json::Value::Array(
            lists
                .iter()
                .map(|i| {
                    let l = &i.list;
                    let mut v = serde_json::json!({
                        "id": l.id, "audience": l.audience.code(), "author": l.author.code(),
                        "fiscal_year": l.fiscal_year, "items": l.items.len(), "title": l.title,
                    });
                    if let (Some(map), Ok(serde_json::Value::Object(o))) =
                        (v.as_object_mut(), serde_json::to_value(&i.origin))
                    {
                        map.extend(o);
                    }
                    v
                })
                .collect(),
        )),
        Format::Text => {
            for i in &lists {
                let l = &i.list;
                out.line(&format!(
                    "{} {} {:>3}  {}・{}",
                    pad(&l.id, 26),
                    pad(&out.t(l.audience.label_key()), 36),
                    l.items.len(),
                    out.t(l.author.label_key()),
                    origin_label(&i.origin, out)
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn show(global: &GlobalOpts, id: &str, format: Format, out: &Out) -> Result<ExitCode, CliError> {
    let info = find(global, id, out).await?;
    let l = &info.list;
    match format {
        Format::Json => {
            let mut v = serde_json::to_value(l).unwrap_or_default();
            if let Some(items) = v.get_mut("items").and_then(serde_json::Value::as_array_mut) {
                for (json, item) in items.iter_mut().zip(&l.items) {
                    if let Some(map) = json.as_object_mut() {
                        map.insert("area".into(), item.area().name_ja().into());
                    }
                }
            }
            out.json(&v);
        }
        Format::Text => show_text(l, out),
    }
    Ok(ExitCode::SUCCESS)
}

/// The list as a person reads it: whose it is first, then each item with its 視点 and area, and
/// the 対策例 where there is one.
fn show_text(l: &RoleList, out: &Out) {
    out.line(&format!("{}（{}）", l.title, out.t(l.audience.label_key())));
    out.line(&out.t(l.author.label_key()));
    for text in [&l.source, &l.note].into_iter().filter(|t| !t.is_empty()) {
        out.line(text);
    }
    for i in &l.items {
        out.line(&format!("\n  {:<8} [{}・{}] {}", i.number, i.viewpoint, i.area().name_ja(), i.text));
        if !i.measure.is_empty() {
            out.line(&format!("           {}: {}", out.t("roles.measure"), i.measure));
        }
        for text in [&i.guideline.join("、"), &i.note].into_iter().filter(|t| !t.is_empty()) {
            out.line(&format!("           {text}"));
        }
    }
    if l.author == Author::Iryosec {
        out.line(&format!("\n{}", out.t("roles.own_list_notice")));
    }
}

/// Reads a list file (TOML or Excel); `Err` with exit 2 when it cannot be read at all.
fn read_file(path: &Path, out: &Out) -> Result<Result<RoleList, Vec<FileProblem>>, CliError> {
    let bytes = crate::output::read_input(path, out)?;
    if is_xlsx(path, &bytes) {
        return Ok(iryosec_io::role_list_xlsx::read_role_list(&bytes).map_err(from_cell_errors));
    }
    let text = utf8(path, bytes, out)?;
    Ok(parse_toml(&text).map_err(|errors| errors.into_iter().map(from_definition_error).collect()))
}

fn check(path: &Path, format: Format, out: &Out) -> Result<ExitCode, CliError> {
    let parsed = read_file(path, out)?;
    match (&parsed, format) {
        (Ok(l), Format::Json) => {
            out.json(&serde_json::json!({ "valid": true, "id": l.id, "items": l.items.len() }))
        }
        (Ok(l), Format::Text) => out.line(
            &out.t_args("cli.role_list_valid", &[("id", l.id.clone()), ("items", l.items.len().to_string())]),
        ),
        (Err(errors), Format::Json) => {
            out.json(&serde_json::json!({ "valid": false, "errors": errors_json(path, errors, out) }))
        }
        (Err(errors), Format::Text) => {
            for line in describe(path, errors, out) {
                out.line(&line);
            }
        }
    }
    Ok(if parsed.is_ok() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

async fn import(global: &GlobalOpts, path: &Path, format: Format, out: &Out) -> Result<ExitCode, CliError> {
    let list = read_file(path, out)?
        .map_err(|errors| CliError::unusable(describe(path, &errors, out).join("\n")))?;
    let Some(app) = open(global, true, out).await? else { return Err(CliError::unusable("no database")) };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let version = match app.import_role_list(&list, &name, &Actor::cli("roles import")).await {
        Ok(v) => v,
        Err(AppError::Refused(m)) => return Err(CliError::unusable(out.lang.tr_args(m.key, &m.args))),
        Err(e) => return Err(out.app_failure(&e)),
    };
    match format {
        Format::Json => {
            out.json(&serde_json::json!({ "id": list.id, "version": version, "items": list.items.len() }))
        }
        Format::Text => {
            out.line(&out.t_args(
                "cli.role_list_imported",
                &[("id", list.id.clone()), ("version", version.to_string())],
            ))
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn template(global: &GlobalOpts, o: &TemplateOpts, out: &Out) -> Result<ExitCode, CliError> {
    let list = match &o.from {
        Some(id) => Some(find(global, id, out).await?.list),
        None => None,
    };
    let bytes = iryosec_io::role_list_xlsx::write_template(list.as_ref())
        .map_err(|e| CliError::unusable(e.to_string()))?;
    crate::output::write_new_file(&o.file, &bytes, out)?;
    out.line(&out.t_args("cli.role_template_written", &[("path", o.file.display().to_string())]));
    Ok(ExitCode::SUCCESS)
}
