//! Fuzz targets: every parser of outside input, each as one function of the bytes a person or
//! another program could hand in. The `fuzz/` crate at the top of the repository runs them
//! under libFuzzer (`cargo fuzz`, see `fuzz/README.md`); the tests below replay every file of
//! `fuzz/corpus/<target>/` through the same functions on the stable toolchain, so that an
//! input that once broke a parser keeps being tried in the ordinary test suite.
//!
//! Whatever a file holds is an `Err` at worst. A target panics only where a parser breaks a
//! promise of its own: a table row shorter than its header, a date read that does not read
//! back the same from the forms the product writes, a clean ledger whose rows were not all
//! handed on, a condition that does not survive being written out and read again.

use crate::plan::ImportChoice;
use crate::table::{Source, read_table};
use crate::workbook::ZIP_MAGIC;
use iryosec_core::CancelToken;
use iryosec_core::date::{
    FiscalYear, format_iso, format_wareki, format_western_ja, parse_date, parse_record_date,
};
use iryosec_core::register::Register;
use iryosec_core::survey::{self, Answer, Condition, Known, Row};
use serde_json::Value;
use time::macros::date;

mod seeds;
pub use seeds::seeds;

/// One fuzz target: its name (the folder of its corpus, the binary in `fuzz/`) and what it runs.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
}

/// Every target, in the order `scripts/fuzz` runs them.
pub const TARGETS: &[Target] = &[
    Target { name: "table", run: table },
    Target { name: "ledger", run: ledger },
    Target { name: "registers", run: registers },
    Target { name: "accounts", run: accounts },
    Target { name: "date", run: date },
    Target { name: "checklist_definition", run: checklist_definition },
    Target { name: "survey_definition", run: survey_definition },
    Target { name: "survey_condition", run: survey_condition },
    Target { name: "assessment_bundle", run: assessment_bundle },
    Target { name: "survey_bundle", run: survey_bundle },
    Target { name: "aggregate_submission", run: aggregate_submission },
    Target { name: "edition_template", run: edition_template },
    Target { name: "assessment_sheet", run: assessment_sheet },
];

/// The name an upload would carry: a workbook's when the bytes are a zip, a CSV's otherwise.
fn upload_name(data: &[u8]) -> &'static str {
    if data.starts_with(ZIP_MAGIC) { "upload.xlsx" } else { "upload.csv" }
}

fn read_upload<T>(data: &[u8], read: impl FnOnce(Source<'_>) -> T) -> T {
    read(Source::new(upload_name(data), data, &CancelToken::never()))
}

/// The table reader: XLSX, and CSV in UTF-8, UTF-8 with BOM or Shift_JIS.
pub fn table(data: &[u8]) {
    let Ok(table) = read_upload(data, read_table) else { return };
    for (n, cells) in &table.rows {
        assert!(cells.len() >= table.headers.len(), "row {n} is shorter than the header");
        assert!(*n > table.header_row, "row {n} is numbered before the header");
    }
}

/// The ledger's row reader: a clean file hands on every one of its rows.
pub fn ledger(data: &[u8]) {
    let mut accepted = 0;
    let read = read_upload(data, |source| {
        crate::ledger_sheet::read_ledger(source, &ImportChoice::default(), 7, &mut |batch| {
            accepted += batch.len()
        })
    });
    if let Ok(read) = read
        && read.errors.is_empty()
    {
        assert_eq!(accepted, read.rows, "a clean ledger's rows were not all handed on");
    }
}

/// Every register's row parser, on the same table.
pub fn registers(data: &[u8]) {
    for register in Register::ALL {
        let read =
            |s: Source<'_>| crate::register_sheet::read_register(register, s, &ImportChoice::default());
        let Ok((table, plan)) = read_upload(data, read) else { continue };
        let (records, _) = crate::register_sheet::parse_rows(register, &table, &plan);
        assert!(records.len() <= table.rows.len());
    }
}

/// The account export and staff roster of an account review, and an aggregation's roster of
/// institutions.
pub fn accounts(data: &[u8]) {
    use crate::account_sheet::{read_account_table, read_accounts, read_roster, read_roster_table};
    if let Ok((table, plan)) = read_upload(data, |s| read_account_table(s, &ImportChoice::default())) {
        let _ = read_accounts(&table, &plan, "電子カルテ");
    }
    if let Ok((table, plan)) = read_upload(data, |s| read_roster_table(s, &ImportChoice::default())) {
        let _ = read_roster(&table, &plan);
    }
    let _ = read_upload(data, crate::aggregate_input::read_roster);
}

/// 和暦 and Western dates as typed; a date read is read back from every form the product writes.
pub fn date(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = parse_record_date(text);
    let Ok(day) = parse_date(text) else { return };
    for written in [format_iso(day), format_wareki(day), format_western_ja(day)] {
        assert_eq!(parse_date(&written), Ok(day), "{text:?} read as {day}, written as {written:?}");
    }
    let _ = FiscalYear::containing(day).label_ja();
}

/// A checklist edition's definition file.
pub fn checklist_definition(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(edition) = iryosec_core::catalog::parse_toml(text) {
        let _ = iryosec_core::catalog::validate(&edition);
    }
}

/// A survey edition's definition file; a valid one is evaluated with no answers.
pub fn survey_definition(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(edition) = survey::parse_toml(text) else { return };
    if survey::validate(&edition).is_empty() {
        let _ = survey::evaluate(&edition, &survey::Answers::new());
    }
}

/// The show-if condition language: `{"condition": …, "answers": {…}}`. The condition is
/// judged against the answers, and written out and read back unchanged.
pub fn survey_condition(data: &[u8]) {
    let Ok(Value::Object(mut input)) = crate::json::parse(data) else { return };
    let Some(Ok(condition)) = input.remove("condition").map(serde_json::from_value::<Condition>) else {
        return;
    };
    let written = serde_json::to_value(&condition).unwrap_or(Value::Null);
    let read_back = serde_json::from_value::<Condition>(written.clone());
    assert_eq!(read_back.ok().as_ref(), Some(&condition), "{written} does not read back");
    let answers: Vec<(String, Answer)> = match input.remove("answers") {
        Some(Value::Object(answers)) => {
            answers.into_iter().filter_map(|(id, v)| Some((id, answer_of(&v)?))).collect()
        }
        _ => Vec::new(),
    };
    let known: Known<'_> = answers.iter().map(|(id, a)| (id.as_str(), a)).collect();
    let _ = condition.eval(&known);
}

/// An answer as the answer-file convention writes it, without knowing the question.
fn answer_of(value: &Value) -> Option<Answer> {
    Some(match value {
        Value::Bool(b) => Answer::YesNo(*b),
        Value::Number(n) => match n.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(choice) => Answer::Choice(choice),
            None => Answer::Number(n.as_i64()?),
        },
        Value::String(s) => Answer::Text(s.clone()),
        Value::Array(items) if items.iter().all(Value::is_object) => Answer::Table(
            items
                .iter()
                .filter_map(Value::as_object)
                .map(|cells| {
                    cells.iter().filter_map(|(c, v)| Some((c.clone(), answer_of(v)?))).collect::<Row>()
                })
                .collect(),
        ),
        Value::Array(items) => Answer::Choices(
            items.iter().filter_map(|v| v.as_u64().and_then(|n| u32::try_from(n).ok())).collect(),
        ),
        _ => return None,
    })
}

/// An assessment bundle, each answer checked as the import checks a typed one.
pub fn assessment_bundle(data: &[u8]) {
    let Ok(read) = crate::assessment_bundle::read_bundle(data) else { return };
    let fiscal_year = FiscalYear(read.bundle.fiscal_year);
    let _ = fiscal_year.label_ja();
    for (_, input, _) in &read.inputs {
        let _ = iryosec_core::assessment::check_answer(input, fiscal_year, 2, false, date!(2025 - 06 - 01));
    }
}

/// A survey bundle, and an answer file (its `answers`, or the whole object) against every
/// shipped survey edition.
pub fn survey_bundle(data: &[u8]) {
    let _ = crate::survey_bundle::read_survey_bundle(data);
    let Ok(Value::Object(mut file)) = crate::json::parse(data) else { return };
    let answers = match file.remove("answers") {
        Some(Value::Object(answers)) => answers,
        _ => file,
    };
    for edition in survey::builtin::editions() {
        let _ = survey::evaluate_json(edition, &answers);
        let _ = survey::answers_from_json(edition, &answers);
    }
}

/// One bundle of many institutions, as aggregation reads it.
pub fn aggregate_submission(data: &[u8]) {
    let _ = crate::aggregate_input::read_submission("bundle.json", data);
}

/// A checklist edition made in the Excel template.
pub fn edition_template(data: &[u8]) {
    let _ = crate::edition_xlsx::read_edition(data);
}

/// An assessment's Excel sheet.
pub fn assessment_sheet(data: &[u8]) {
    let _ = crate::assessment_sheet::read_xlsx(data);
}

#[cfg(test)]
mod tests;
