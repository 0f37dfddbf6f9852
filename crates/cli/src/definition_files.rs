//! Definition files (checklist editions, role checklists) as the CLI reads and reports them: a
//! TOML file's problems by line, a workbook's by cell, in text or JSON.

use crate::output::{CliError, Format, Out};
use clap::Args;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use iryosec_app::definition_files::{FileProblem, from_cell_errors, from_definition_error};

pub fn is_xlsx(path: &Path, bytes: &[u8]) -> bool {
    iryosec_app::definition_files::is_xlsx(&path.to_string_lossy(), bytes)
}

/// "r8.toml:12: items[3] 2-⑤.scopes: …" or "r8.xlsx: 項目!E12: …" for each problem.
pub fn describe(path: &Path, errors: &[FileProblem], out: &Out) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
            let place = if e.place.is_empty() { String::new() } else { format!(" {}:", e.place) };
            format!("{}{line}:{place} {}", path.display(), out.lang.tr_args(e.message.key, &e.message.args))
        })
        .collect()
}

pub fn errors_json(path: &Path, errors: &[FileProblem], out: &Out) -> serde_json::Value {
    serde_json::Value::Array(
        errors
            .iter()
            .map(|e| {
                serde_json::json!({
                    "file": path.display().to_string(), "line": e.line, "place": e.place,
                    "message": out.lang.tr_args(e.message.key, &e.message.args),
                })
            })
            .collect(),
    )
}

/// What `check` says of a definition file: valid with its id and item count (exit 0), or
/// every problem (exit 1). `valid_key` words the valid case.
pub fn report_check(
    path: &Path,
    parsed: Result<(&str, usize), &[FileProblem]>,
    valid_key: &str,
    format: Format,
    out: &Out,
) -> ExitCode {
    match (parsed, format) {
        (Ok((id, items)), Format::Json) => {
            out.json(&serde_json::json!({ "valid": true, "id": id, "items": items }))
        }
        (Ok((id, items)), Format::Text) => {
            out.line(&out.t_args(valid_key, &[("id", id.to_owned()), ("items", items.to_string())]))
        }
        (Err(errors), Format::Json) => {
            out.json(&serde_json::json!({ "valid": false, "errors": errors_json(path, errors, out) }))
        }
        (Err(errors), Format::Text) => {
            for line in describe(path, errors, out) {
                out.line(&line);
            }
        }
    }
    if parsed.is_ok() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// What `import` says once a definition is kept: its id, version and item count.
pub fn report_imported(id: &str, version: i64, items: usize, imported_key: &str, format: Format, out: &Out) {
    match format {
        Format::Json => out.json(&serde_json::json!({ "id": id, "version": version, "items": items })),
        Format::Text => {
            out.line(&out.t_args(imported_key, &[("id", id.to_owned()), ("version", version.to_string())]))
        }
    }
}

/// Writes a template workbook to a new file and says where (`written_key`).
pub fn write_template<E: std::fmt::Display>(
    path: &Path,
    bytes: Result<Vec<u8>, E>,
    written_key: &str,
    out: &Out,
) -> Result<ExitCode, CliError> {
    let bytes = bytes.map_err(|e| CliError::unusable(e.to_string()))?;
    crate::output::write_new_file(path, &bytes, out)?;
    out.line(&out.t_args(written_key, &[("path", path.display().to_string())]));
    Ok(ExitCode::SUCCESS)
}

/// A definition file's text: UTF-8, or unusable (exit 2) naming the file.
pub fn utf8(path: &Path, bytes: Vec<u8>, out: &Out) -> Result<String, CliError> {
    String::from_utf8(bytes).map_err(|_| {
        CliError::unusable(out.t_args(
            "cli.file_unreadable",
            &[("path", path.display().to_string()), ("error", "not UTF-8 text".into())],
        ))
    })
}

/// `--format` alone (the lists).
#[derive(Args)]
pub struct FormatOpt {
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// One definition by id (`show`).
#[derive(Args)]
pub struct ShowOpts {
    pub id: String,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// One definition file (`check`, `import`).
#[derive(Args)]
pub struct FileOpts {
    pub file: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}
