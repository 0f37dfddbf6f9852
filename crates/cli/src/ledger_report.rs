//! What `iryosec ledger import` says: where the table was found and why, how each column is
//! read (and which are not), the notes on how values were read, every problem, and what was
//! saved — as text, or as JSON for scripts.

use crate::output::{Format, Out};
use iryosec_app::ledger_import::LedgerImport;
use iryosec_app::ledger_preview::{header_reason, more_sheets, sheet_reason, skipped_above};
use iryosec_core::Message;
use iryosec_core::ledger::Field;
use iryosec_io::cells::column_letter;
use iryosec_io::finder::TableFound;
use iryosec_io::mapping::Found;
use iryosec_io::plan::RowError;
use std::path::Path;
use std::process::ExitCode;

/// Prints the report; exit 1 when the file has problems.
pub fn print(file: &Path, report: &LedgerImport, dry_run: bool, format: Format, out: &Out) -> ExitCode {
    match format {
        Format::Json => out.json(&json(report, out)),
        Format::Text => text(file, report, dry_run, out),
    }
    exit_code(report)
}

/// 0 once saved or clean; 2 when a `--map` names a column the file does not have (the command
/// was unusable as given, whatever the rows hold); 1 when rows have problems.
fn exit_code(report: &LedgerImport) -> ExitCode {
    let errors = &report.read.errors;
    if errors.iter().any(|e| e.message.key == "io.error.map_no_column") {
        ExitCode::from(2)
    } else if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn text(file: &Path, report: &LedgerImport, dry_run: bool, out: &Out) {
    let name = file.display().to_string();
    out.line(&format!("{name}: {}", found_text(&report.read.plan.found, out)));
    for (col, header) in report.read.headers().iter().enumerate() {
        if header.is_empty() {
            continue;
        }
        let field = report.read.plan.mapping.fields.get(col).copied().flatten();
        let how = report.read.plan.mapping.found.get(col).copied().flatten();
        out.line(&format!(
            "  {} 「{header}」 → {}",
            column_letter(col),
            column_text(report, col, field, how, out)
        ));
    }
    for n in &report.read.notes {
        out.line(&format!("{name}:{}: {} {}", place(n), out.t("cli.ledger.note"), message(n, out)));
    }
    if report.read.more_notes > 0 {
        out.line(&out.t_args("cli.ledger.more_notes", &[("count", report.read.more_notes.to_string())]));
    }
    for e in &report.read.errors {
        out.line(&format!("{name}:{}: {} {}", place(e), e.header, message(e, out)));
    }
    let counts = report.imported.unwrap_or_default();
    let (key, args) = match (dry_run, report.read.errors.is_empty()) {
        (true, _) => ("cli.ledger_checked", vec![("errors", report.read.errors.len().to_string())]),
        (false, true) => (
            "cli.ledger.imported",
            vec![
                ("inserted", counts.inserted.to_string()),
                ("updated", counts.updated.to_string()),
                ("unchanged", counts.unchanged.to_string()),
            ],
        ),
        (false, false) => ("cli.ledger_refused", vec![("errors", report.read.errors.len().to_string())]),
    };
    let mut args = args;
    args.push(("rows", report.read.rows.to_string()));
    out.line(&out.t_args(key, &args));
}

/// 「シート「台帳」の4〜5行目を見出しとして読みます（…）」, with the rows skipped above it and
/// the other sheets read with it.
fn found_text(found: &TableFound, out: &Out) -> String {
    let say = |m: &Message| out.lang.tr_args(m.key, &m.args);
    let header_reason = say(&header_reason(found));
    let rows = found.header_rows_text();
    let mut text = match (&found.sheet, sheet_reason(found)) {
        (Some(sheet), Some(reason)) => out.t_args(
            "cli.ledger.found_on_sheet",
            &[
                ("sheet", sheet.clone()),
                ("rows", rows),
                ("sheet_reason", say(&reason)),
                ("header_reason", header_reason),
            ],
        ),
        _ => out.t_args("cli.ledger.found", &[("rows", rows), ("header_reason", header_reason)]),
    };
    for extra in [skipped_above(found), more_sheets(found)].iter().flatten() {
        text.push_str(&say(extra));
    }
    text
}

/// 「名称（別名から）」, or 「取り込まない（管理番号は B 列）」.
fn column_text(
    report: &LedgerImport,
    col: usize,
    field: Option<Field>,
    how: Option<Found>,
    out: &Out,
) -> String {
    match field {
        Some(f) => {
            let how = match how {
                Some(Found::Synonym) => out.t("cli.ledger.by_synonym"),
                Some(Found::Guess) => out.t("cli.ledger.by_guess"),
                Some(Found::Remembered) => out.t("cli.ledger.by_memory"),
                Some(Found::Chosen) => out.t("cli.ledger.by_choice"),
                Some(Found::Exact) | None => String::new(),
            };
            format!("{}{how}", f.label_ja())
        }
        None if report.read.plan.mapping.questions.iter().any(|q| q.columns.contains(&col)) => {
            out.t("cli.ledger.in_question")
        }
        None => {
            let lost = report.read.plan.untaken.iter().find(|u| u.column == col).and_then(|u| u.lost_to);
            match lost {
                Some((f, other)) => out.t_args(
                    "cli.ledger.not_taken_lost",
                    &[("field", f.label_ja().to_owned()), ("column", column_letter(other))],
                ),
                None => out.t("cli.ledger.not_taken"),
            }
        }
    }
}

/// `台帳!6:H` or `6:H` or `6`.
fn place(e: &RowError) -> String {
    let sheet = if e.sheet.is_empty() { String::new() } else { format!("{}!", e.sheet) };
    let column = if e.column.is_empty() { String::new() } else { format!(":{}", e.column) };
    format!("{sheet}{}{column}", e.row)
}

fn message(e: &RowError, out: &Out) -> String {
    out.lang.tr_args(e.message.key, &e.message.args)
}

fn json(report: &LedgerImport, out: &Out) -> serde_json::Value {
    let found = &report.read.plan.found;
    let counts = report.imported.unwrap_or_default();
    let place = |e: &RowError| {
        serde_json::json!({
            "sheet": e.sheet, "row": e.row, "column": e.column, "header": e.header, "message": message(e, out),
        })
    };
    let columns: Vec<serde_json::Value> = report
        .read
        .headers()
        .iter()
        .enumerate()
        .map(|(col, header)| {
            serde_json::json!({
                "column": column_letter(col),
                "header": header,
                "field": report.read.plan.mapping.fields.get(col).copied().flatten().map(Field::code),
                "found": report.read.plan.mapping.found.get(col).copied().flatten(),
            })
        })
        .collect();
    serde_json::json!({
        "rows": report.read.rows,
        "imported": counts.inserted + counts.updated + counts.unchanged,
        "inserted": counts.inserted,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
        "saved": report.imported.is_some(),
        "sheet": found.sheet,
        "sheet_reason": found.sheet_reason,
        "sheets": found.sheets,
        "more_sheets": found.more_sheets,
        "header_row": found.header_row,
        "header_rows": found.header_rows,
        "header_reason": found.header_reason,
        "above": found.above,
        "remembered": report.read.plan.remembered,
        "columns": columns,
        "untaken": report.read.plan.untaken.iter().map(|u| column_letter(u.column)).collect::<Vec<_>>(),
        "notes": report.read.notes.iter().map(place).collect::<Vec<_>>(),
        "more_notes": report.read.more_notes,
        "errors": report.read.errors.iter().map(place).collect::<Vec<_>>(),
    })
}
