//! `/definitions/import`: an administrator hands in a checklist definition (TOML, the Excel
//! template, or the ministry's own workbook); it is kept as an edition draft and opened in the
//! editor (`definition_drafts`), where it is reviewed, corrected and published. A file that
//! cannot be read comes back with the same line, sheet, row and column messages as
//! `iryosec definitions import`, and nothing is kept.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::message;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use crate::upload::Upload;
use askama::Template;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::definition_files::FileProblem;
use iryosec_core::catalog::Sheet;
use iryosec_io::ministry_xlsx::FormHints;

/// A problem as the page lists it: where, and what.
pub struct ProblemView {
    pub place: String,
    pub text: String,
}

#[derive(Template)]
#[template(path = "definition_import.html")]
struct ImportPage {
    page: PageCtx,
    file: String,
    problems: Vec<ProblemView>,
}

fn title(state: &AppState, authed: &Authed) -> PageCtx {
    PageCtx::new(state, &authed.ctx, authed.ctx.lang.tr("definitions.import_title").to_owned(), "assessments")
}

fn problems_page(page: PageCtx, file: &str, problems: &[FileProblem]) -> WebResult<Response> {
    let problems = problems
        .iter()
        .map(|p| ProblemView {
            place: match p.line {
                Some(line) => format!("{file}:{line} {}", p.place),
                None => format!("{file} {}", p.place),
            },
            text: message(page.lang, &p.message),
        })
        .collect();
    Ok(html(ImportPage { page, file: file.to_owned(), problems }.render()?))
}

pub async fn get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let page = title(&state, &authed);
    Ok(html(ImportPage { page, file: String::new(), problems: Vec::new() }.render()?))
}

pub async fn post(State(state): State<AppState>, authed: Authed, upload: Upload) -> WebResult<Response> {
    let (file, bytes) = upload.read("file")?;
    let hints = FormHints {
        sheet_name: None,
        fiscal_year: upload.text("fiscal_year").trim().parse().ok(),
        sheet: Sheet::parse(upload.text("sheet")),
    };
    let actor = authed.ctx.actor();
    match state.app.draft_from_file(authed.institution_id(), &file, &bytes, hints, &actor).await? {
        Ok(id) => Ok(Redirect::to(&format!("/definitions/drafts/{id}")).into_response()),
        Err(problems) => problems_page(title(&state, &authed), &file, &problems),
    }
}
