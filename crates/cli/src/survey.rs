//! `iryosec survey …`: the ministry's G-MIS survey editions, and checking an answer file
//! against one — these need no database: editions are shipped in the binary or given as
//! files. `export` and `import` (in `survey_answers.rs`) work on an institution's answers.

use crate::config::GlobalOpts;
use crate::output::{CliError, Format, Out, pad, read_input};
use crate::survey_answers::{self, ExportOpts, ImportOpts};
use clap::{Args, Subcommand};
use iryosec_core::date::FiscalYear;
use iryosec_core::survey::{self, AnswerType, DefinitionError, Edition, Evaluation, Invalid, Question};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum SurveyCommand {
    /// 調査の版の一覧 (list the survey editions)
    List(ListOpts),
    /// 調査の質問・回答の種類・分岐の一覧 (outline an edition: questions, answer types, conditions)
    Show(ShowOpts),
    /// 回答ファイルの検査: すべて回答済みなら 0、未回答や誤りがあれば 1、使えなければ 2 (check an answer file)
    Check(CheckOpts),
    /// 年度の回答を書き出す: .json（iryosec-survey）または .xlsx（転記用） (export a year's answers)
    Export(ExportOpts),
    /// 回答の JSON を取り込む（誤りが一つでもあれば何も取り込まない） (import a survey bundle, all or nothing)
    Import(ImportOpts),
}

#[derive(Args)]
pub struct ListOpts {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct ShowOpts {
    /// 版の ID、または調査の定義ファイル（.toml） (edition id, or a definition file)
    #[arg(long)]
    edition: String,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct CheckOpts {
    /// 版の ID、または調査の定義ファイル（.toml） (edition id, or a definition file)
    #[arg(long)]
    edition: String,
    /// 回答ファイル（JSON。質問の ID → 回答） (answer file: JSON object, question id → answer)
    #[arg(long)]
    answers: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub async fn run(global: &GlobalOpts, cmd: SurveyCommand, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        SurveyCommand::List(o) => list(o.format, out),
        SurveyCommand::Show(o) => show(&edition_arg(&o.edition, out)?, o.format, out),
        SurveyCommand::Check(o) => check(&o, out),
        SurveyCommand::Export(o) => survey_answers::export(global, o, out).await,
        SurveyCommand::Import(o) => survey_answers::import(global, o, out).await,
    }
}

/// A shipped edition by id; otherwise a definition file, checked strictly (exit 2 with
/// every problem when it is not valid).
fn edition_arg(arg: &str, out: &Out) -> Result<Edition, CliError> {
    if let Some(e) = survey::builtin::edition(arg) {
        return Ok(e.clone());
    }
    let path = Path::new(arg);
    if !path.is_file() {
        return Err(CliError::unusable(out.t_args("cli.no_such_survey", &[("id", arg.to_owned())])));
    }
    let text = utf8_text(path, read_input(path, out)?, out)?;
    survey::parse_toml(&text).map_err(|errors| {
        let heading = out.t_args("cli.survey_definition_unusable", &[("path", path.display().to_string())]);
        CliError::unusable(format!("{heading}\n{}", describe(path, &errors, out).join("\n")))
    })
}

/// Text as written by Notepad and friends: UTF-8, with or without a byte order mark.
fn utf8_text(path: &Path, bytes: Vec<u8>, out: &Out) -> Result<String, CliError> {
    let mut text = String::from_utf8(bytes).map_err(|_| {
        CliError::unusable(out.t_args("cli.answers_not_utf8", &[("path", path.display().to_string())]))
    })?;
    if text.starts_with('\u{feff}') {
        text.remove(0);
    }
    Ok(text)
}

/// "fy2024.toml:12: questions[3] Q6-1.show_if: …" for each problem.
fn describe(path: &Path, errors: &[DefinitionError], out: &Out) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
            let place = if e.place.is_empty() { String::new() } else { format!(" {}:", e.place) };
            format!("{}{line}:{place} {}", path.display(), out.lang.tr_args(e.message.key, &e.message.args))
        })
        .collect()
}

fn list(format: Format, out: &Out) -> Result<ExitCode, CliError> {
    let editions = survey::builtin::editions();
    match format {
        Format::Json => out.json(&Value::Array(
            editions
                .iter()
                .map(|e| {
                    json!({
                        "id": e.id, "kind": e.kind, "fiscal_year": e.fiscal_year, "title": e.title,
                        "issued": e.issued, "period_start": e.period_start, "period_end": e.period_end,
                        "questions": e.printed_count(), "own_checks": e.questions.len() - e.printed_count(),
                        "origin": "builtin",
                    })
                })
                .collect(),
        )),
        Format::Text => {
            for e in editions {
                let own = e.questions.len() - e.printed_count();
                let count = match own {
                    0 => out.t_args("survey.questions", &[("count", e.printed_count().to_string())]),
                    _ => out.t_args(
                        "survey.questions_with_own",
                        &[("count", e.printed_count().to_string()), ("own", own.to_string())],
                    ),
                };
                out.line(&format!(
                    "{} {} {} {}  {}",
                    pad(&e.id, 30),
                    pad(&FiscalYear(e.fiscal_year).label_ja(), 12),
                    pad(&e.issued, 11),
                    pad(&count, 6),
                    e.title
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show(e: &Edition, format: Format, out: &Out) -> Result<ExitCode, CliError> {
    if format == Format::Json {
        out.json(&serde_json::to_value(e).unwrap_or_default());
        return Ok(ExitCode::SUCCESS);
    }
    out.line(&e.title);
    let year = FiscalYear(e.fiscal_year).label_ja();
    let mut facts = format!("{}  {year}  {} {}", e.id, out.t("survey.issued"), e.issued);
    if !e.period_start.is_empty() {
        facts.push_str(&format!("  {} {}〜{}", out.t("survey.period"), e.period_start, e.period_end));
    }
    out.line(&facts);
    if !e.note.is_empty() {
        out.line(&e.note);
    }
    for q in e.questions() {
        out.line("");
        outline(q, out);
    }
    Ok(ExitCode::SUCCESS)
}

/// One question: id and text, its answer type (with options or columns), its condition,
/// and the reading taken where the guide is unclear.
fn outline(q: &Question, out: &Out) {
    let unprinted = if q.printed { String::new() } else { format!("（{}）", out.t("survey.unprinted")) };
    out.line(&format!("{}{unprinted}  {}", q.id, q.text));
    let kind = format!("[{}]", out.t(&format!("survey.type.{}", q.answer.code())));
    match &q.answer {
        AnswerType::Single { options } | AnswerType::Multiple { options } => {
            out.line(&format!("    {kind}"));
            for c in options {
                let alone =
                    if c.exclusive { format!("（{}）", out.t("survey.exclusive")) } else { String::new() };
                out.line(&format!("      {}. {}{alone}", c.number, c.label));
            }
        }
        AnswerType::Table { columns, .. } => {
            let optional = out.t("survey.optional");
            let names: Vec<String> = columns
                .iter()
                .map(|c| if c.required { c.label.clone() } else { format!("{}（{optional}）", c.label) })
                .collect();
            out.line(&format!("    {kind} {}", names.join("・")));
        }
        _ => out.line(&format!("    {kind}")),
    }
    if let Some(cond) = &q.show_if {
        out.line(&format!("    {}: {cond}", out.t("survey.show_if")));
    }
    if !q.reading.is_empty() {
        out.line(&format!("    {}: {}", out.t("survey.reading"), q.reading));
    }
}

/// Checks an answer file. iryosec's own gate questions, which G-MIS has no field for, are
/// derived from the printed answers when the file leaves them out, and said so.
fn check(o: &CheckOpts, out: &Out) -> Result<ExitCode, CliError> {
    let edition = edition_arg(&o.edition, out)?;
    let (answers, derived) = survey::with_derived_gates(&edition, &read_answers(&o.answers, out)?);
    let eval = survey::evaluate_json(&edition, &answers);
    let reasons: Vec<(&str, String)> =
        eval.invalid.iter().map(|i| (i.id.as_str(), reason(&edition, i, out))).collect();
    match o.format {
        Format::Json => out.json(&json!({
            "applicable": eval.applicable,
            "missing": eval.missing,
            "invalid": reasons.iter().map(|(id, reason)| json!({"id": id, "reason": reason})).collect::<Vec<_>>(),
            "derived": derived.iter().map(|(id, v)| (id.clone(), Value::Bool(*v))).collect::<serde_json::Map<_, _>>(),
            "complete": eval.complete,
        })),
        Format::Text => {
            for (id, value) in &derived {
                let answer = out.t(if *value { "survey.page.yes" } else { "survey.page.no" });
                out.line(&out.t_args("cli.survey_derived", &[("id", id.clone()), ("answer", answer)]));
            }
            print_text(&edition, &eval, &reasons, out)
        }
    }
    Ok(if eval.complete { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

fn print_text(edition: &Edition, eval: &Evaluation, reasons: &[(&str, String)], out: &Out) {
    let missing = out.t("cli.survey_missing");
    for id in &eval.missing {
        let text = edition.question(id).map(|q| q.text.as_str()).unwrap_or("");
        out.line(&format!("{missing}\t{id}\t{text}"));
    }
    let wrong = out.t("cli.survey_invalid");
    for (id, reason) in reasons {
        out.line(&format!("{wrong}\t{id}\t{reason}"));
    }
    let count = eval.applicable.len().to_string();
    out.line(&if eval.complete {
        out.t_args("cli.survey_complete", &[("id", edition.id.clone()), ("count", count)])
    } else {
        out.t_args(
            "cli.survey_incomplete",
            &[
                ("id", edition.id.clone()),
                ("count", count),
                ("missing", eval.missing.len().to_string()),
                ("invalid", eval.invalid.len().to_string()),
            ],
        )
    });
}

/// The answer file: one JSON object, question id → answer. Anything else exits 2 naming
/// the file.
fn read_answers(path: &Path, out: &Out) -> Result<serde_json::Map<String, Value>, CliError> {
    let text = utf8_text(path, read_input(path, out)?, out)?;
    let shown = path.display().to_string();
    match iryosec_io::json::parse(text.as_bytes()) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(CliError::unusable(out.t_args("cli.answers_not_object", &[("path", shown)]))),
        Err(m) => Err(CliError::unusable(format!("{shown}: {}", out.lang.tr_args(m.key, &m.args)))),
    }
}

/// The reason in the chosen language, with the row and the column's label for a table.
fn reason(edition: &Edition, i: &Invalid, out: &Out) -> String {
    let text = out.lang.tr_args(i.reason.key, &i.reason.args);
    let label = |column: &str| {
        let found = edition.question(&i.id).and_then(|q| q.answer.column(column));
        found.map_or_else(|| column.to_owned(), |c| c.label.clone())
    };
    match (i.row, &i.column) {
        (Some(row), Some(column)) => out.t_args(
            "survey.at_cell",
            &[("row", row.to_string()), ("column", label(column)), ("reason", text)],
        ),
        (Some(row), None) => out.t_args("survey.at_row", &[("row", row.to_string()), ("reason", text)]),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use iryosec_i18n::Lang;

    /// Every message key the survey code can produce, found in its source.
    fn keys_in(source: &str) -> Vec<&str> {
        source
            .split('"')
            .filter(|s| {
                ["survey.", "catalog.error.", "cli."].iter().any(|p| s.starts_with(p))
                    && s.bytes().all(|b| b.is_ascii_lowercase() || b == b'.' || b == b'_')
                    && !s.ends_with('.')
                    && !s.ends_with(".rs")
            })
            .collect()
    }

    #[test]
    fn every_survey_message_exists_in_both_languages() {
        let sources = [
            include_str!("../../core/src/survey/answer.rs"),
            include_str!("../../core/src/survey/evaluate.rs"),
            include_str!("../../core/src/survey/validate.rs"),
            include_str!("../../core/src/survey/parse.rs"),
            include_str!("survey.rs"),
            include_str!("survey_answers.rs"),
            include_str!("../../app/src/surveys.rs"),
        ];
        let keys: Vec<&str> = sources.iter().flat_map(|s| keys_in(s)).collect();
        assert!(keys.len() > 50, "{keys:?}");
        for lang in Lang::ALL {
            let missing: Vec<_> = keys.iter().filter(|k| lang.tr(k) == **k).collect();
            assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
        }
        for kind in ["yes_no", "single", "multiple", "text", "number", "table"] {
            assert_ne!(Lang::Ja.tr(&format!("survey.type.{kind}")), format!("survey.type.{kind}"));
        }
    }
}
