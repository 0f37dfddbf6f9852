//! `/ledger/import`: a ledger file uploaded once, kept for its preview, and read again as the
//! person corrects the sheet, the header row, a column or a question — nothing saved until they
//! confirm with every row fine. The form works without JavaScript: each correction is a plain
//! GET of the preview, each confirmation a POST.

use super::label;
use crate::cancel::Cancelled;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::message;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use crate::upload::Upload;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::ledger_import::LedgerChoice;
use iryosec_app::ledger_preview::{LedgerPreview, StagedLedger};
use iryosec_core::Message;
use iryosec_core::ledger::Field;
use iryosec_io::cells::column_letter;
use iryosec_io::finder::TableChoice;
use iryosec_io::mapping::Found;
use iryosec_io::plan::RowError;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "ledger_import.html")]
struct UploadPage {
    page: PageCtx,
    error: String,
}

pub async fn upload_get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let page = PageCtx::new(&state, &authed.ctx, authed.ctx.lang.tr("ledger.import").to_owned(), "ledger");
    Ok(html(UploadPage { page, error: String::new() }.render()?))
}

pub async fn upload_post(
    State(state): State<AppState>,
    authed: Authed,
    upload: Upload,
) -> WebResult<Response> {
    let (name, bytes) = upload.read("file")?;
    let token = state.app.stage_ledger(authed.institution_id(), &name, &bytes).await?;
    Ok(Redirect::to(&format!("/ledger/import/{token}")).into_response())
}

/// A column as the preview's table shows it.
struct ColumnRow {
    index: usize,
    letter: String,
    header: String,
    /// The field's code; empty when not taken, 「?」 while in question.
    field: String,
    how: String,
    /// The person chose this column's field: kept on every later reading.
    chosen: bool,
    samples: String,
}

struct QuestionRow {
    code: String,
    text: String,
    columns: Vec<(usize, String, String)>,
    /// The columns' indexes, so that 「どれも使わない」 can settle each.
    indexes: String,
}

#[derive(Template)]
#[template(path = "ledger_preview.html")]
struct PreviewPage {
    page: PageCtx,
    token: String,
    file: String,
    rows: usize,
    /// 「シート「台帳」の4行目を見出しとして読みました。」 and why.
    found: String,
    reasons: Vec<String>,
    sheets: Vec<(String, String, bool)>,
    header_row: u32,
    /// The sheet and header row these columns belong to; columns are dropped when they change.
    at: String,
    table_chosen: bool,
    remembered: bool,
    columns: Vec<ColumnRow>,
    fields: Vec<(String, String)>,
    questions: Vec<QuestionRow>,
    untaken: Vec<(String, String, String)>,
    notes: Vec<(String, String)>,
    more_notes: usize,
    problems: Vec<(String, String, String)>,
    more_problems: usize,
}

const SHOWN_PROBLEMS: usize = 200;

async fn preview(
    state: &AppState,
    authed: &Authed,
    token: &str,
    form: &HashMap<String, String>,
    commit: bool,
    cancelled: &Cancelled,
) -> WebResult<Response> {
    let actor = authed.ctx.actor();
    let choice = choice_from(form);
    let institution = authed.institution_id();
    let staged =
        state.app.staged_ledger_preview(institution, token, &choice, commit, &actor, cancelled.token()).await;
    let preview = match staged {
        Ok(StagedLedger::Imported(counts)) => {
            let target = format!("/ledger?notice=ledger.imported&n={}", counts.inserted + counts.updated);
            return Ok(Redirect::to(&target).into_response());
        }
        Ok(StagedLedger::Preview(p)) => p,
        Err(iryosec_app::AppError::Invalid(f)) => {
            let page =
                PageCtx::new(state, &authed.ctx, authed.ctx.lang.tr("ledger.import").to_owned(), "ledger");
            let error = f.first().map(|f| message(page.lang, &f.message)).unwrap_or_default();
            return Ok(html(UploadPage { page, error }.render()?));
        }
        Err(e) => return Err(e.into()),
    };
    let page = PageCtx::new(state, &authed.ctx, authed.ctx.lang.tr("ledger.preview").to_owned(), "ledger");
    Ok(html(page_of(page, token, &preview).render()?))
}

fn page_of(page: PageCtx, token: &str, p: &LedgerPreview) -> PreviewPage {
    let say = |m: &Message| message(page.lang, m);
    let found = match &p.sheet {
        Some(sheet) => page.t2("ledger.found_on_sheet", "sheet", sheet, "rows", &p.header_rows),
        None => page.t1("ledger.found_at", "rows", &p.header_rows),
    };
    let reasons = [
        p.sheet_reason.clone(),
        Some(p.header_reason.clone()),
        p.skipped_above.clone(),
        p.more_sheets.clone(),
    ]
    .iter()
    .flatten()
    .map(|m| say(m).trim().to_owned())
    .collect();
    let sheets = p
        .sheets
        .iter()
        .map(|s| {
            let shown = page.t2("ledger.read.sheet_fields", "name", &s.name, "fields", s.fields.to_string());
            (s.name.clone(), shown, s.chosen)
        })
        .collect();
    let questions = p
        .questions
        .iter()
        .map(|q| QuestionRow {
            code: q.field.code().to_owned(),
            text: page.t1("ledger.read.question", "field", label(&page, q.field)),
            columns: q.columns.clone(),
            indexes: q.columns.iter().map(|c| c.0.to_string()).collect::<Vec<_>>().join(","),
        })
        .collect();
    let untaken = p
        .untaken
        .iter()
        .map(|u| (u.letter.clone(), u.header.clone(), u.why.as_ref().map(say).unwrap_or_default()))
        .collect();
    let notes = p.notes.iter().map(|n| (place(&page, n), say(&n.message))).collect();
    let problems = p
        .errors
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(|e| (e.row.to_string(), cell(&e.sheet, &e.column, &e.header), say(&e.message)))
        .collect();
    PreviewPage {
        token: token.to_owned(),
        file: p.file.clone(),
        rows: p.rows,
        found,
        reasons,
        sheets,
        header_row: p.header_row,
        at: at(p.sheet.as_deref(), p.header_row),
        table_chosen: p.table_chosen,
        remembered: p.remembered,
        columns: column_rows(&page, p),
        fields: Field::ALL.iter().map(|f| (f.code().to_owned(), label(&page, *f))).collect(),
        questions,
        untaken,
        notes,
        more_notes: p.more_notes,
        problems,
        more_problems: p.errors.len().saturating_sub(SHOWN_PROBLEMS),
        page,
    }
}

fn column_rows(page: &PageCtx, p: &LedgerPreview) -> Vec<ColumnRow> {
    p.columns
        .iter()
        .filter(|c| !c.header.is_empty())
        .map(|c| ColumnRow {
            index: c.index,
            letter: c.letter.clone(),
            header: c.header.clone(),
            field: match (c.in_question, c.field) {
                (true, _) => "?".to_owned(),
                (false, f) => f.map(|f| f.code().to_owned()).unwrap_or_default(),
            },
            how: c.field.and(c.found).map(|f| page.t(how_key(f)).to_owned()).unwrap_or_default(),
            chosen: c.found == Some(Found::Chosen),
            samples: c.samples.iter().filter(|s| !s.is_empty()).cloned().collect::<Vec<_>>().join(" ／ "),
        })
        .collect()
}

fn how_key(found: Found) -> &'static str {
    match found {
        Found::Exact => "ledger.read.by_exact",
        Found::Synonym => "ledger.read.by_synonym",
        Found::Guess => "ledger.read.by_guess",
        Found::Remembered => "ledger.read.by_memory",
        Found::Chosen => "ledger.read.by_choice",
    }
}

/// Where a note is: 「シート「台帳」 12行目」, the sheet only when the workbook has one.
fn place(page: &PageCtx, n: &RowError) -> String {
    let row = page.t1("ledger.read.note_place", "row", n.row.to_string());
    let at = if n.column.is_empty() { row } else { format!("{row} {} {}", n.column, n.header) };
    if n.sheet.is_empty() { at } else { format!("{} {at}", n.sheet) }
}

/// 「シート「台帳」 C 導入日」: the sheet only when several are read.
fn cell(sheet: &str, column: &str, header: &str) -> String {
    let at = format!("{column} {header}");
    if sheet.is_empty() { at } else { format!("{sheet} {at}") }
}

fn at(sheet: Option<&str>, header_row: u32) -> String {
    format!("{header_row}@{}", sheet.unwrap_or_default())
}

/// What the form says: the sheet and header row when the person changed them (or had before),
/// and the columns and answers when they belong to the same table.
fn choice_from(form: &HashMap<String, String>) -> LedgerChoice {
    let sheet = form.get("sheet").map(|s| s.trim()).filter(|s| !s.is_empty()).map(str::to_owned);
    let header_row = form.get("header_row").and_then(|r| r.trim().parse::<u32>().ok()).filter(|r| *r > 0);
    let same_table = form.get("at").is_some_and(|a| *a == at(sheet.as_deref(), header_row.unwrap_or(0)));
    let chosen = form.contains_key("table_chosen") || (form.contains_key("at") && !same_table);
    let table = if chosen { TableChoice { sheet, header_row } } else { TableChoice::default() };
    let by_header = if same_table { decisions(form) } else { Vec::new() };
    LedgerChoice { table, by_header, ..LedgerChoice::default() }
}

/// The columns the person changed (or chose before), and the questions answered, each named by
/// its column letter.
fn decisions(form: &HashMap<String, String>) -> Vec<(String, Option<Field>)> {
    let mut decided = Vec::new();
    let mut columns: Vec<(usize, &String)> = form
        .iter()
        .filter_map(|(name, value)| Some((name.strip_prefix("col_")?.parse::<usize>().ok()?, value)))
        .collect();
    columns.sort_unstable();
    for (i, value) in columns {
        let was = form.get(&format!("was_{i}"));
        if value == "?" || (was == Some(value) && !form.contains_key(&format!("keep_{i}"))) {
            continue;
        }
        if value.is_empty() {
            decided.push((column_letter(i), None));
        } else if let Some(f) = Field::parse(value) {
            decided.push((column_letter(i), Some(f)));
        }
    }
    for (name, answer) in form {
        let Some(field) = name.strip_prefix("q_").and_then(Field::parse) else { continue };
        let columns = form.get(&format!("qcols_{}", field.code())).map(String::as_str).unwrap_or_default();
        for col in columns.split(',').filter_map(|c| c.parse::<usize>().ok()) {
            let holds = answer.parse::<usize>() == Ok(col);
            decided.push((column_letter(col), holds.then_some(field)));
        }
    }
    // The answered column last, so that settling the others does not undo it.
    decided.sort_by_key(|(_, f)| f.is_some());
    decided
}

pub async fn preview_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(token): Path<String>,
    cancelled: Cancelled,
    Query(q): Query<HashMap<String, String>>,
) -> WebResult<Response> {
    preview(&state, &authed, &token, &q, false, &cancelled).await
}

pub async fn commit_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(token): Path<String>,
    cancelled: Cancelled,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    preview(&state, &authed, &token, &form, true, &cancelled).await
}
