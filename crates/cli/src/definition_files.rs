//! Definition files (checklist editions, role checklists) as the CLI reads and reports them: a
//! TOML file's problems by line, a workbook's by cell, in text or JSON.

use crate::output::{CliError, Format, Out};
use clap::Args;
use std::path::{Path, PathBuf};

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
