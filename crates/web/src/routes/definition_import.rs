//! `/definitions/import`: an administrator hands in a checklist definition (TOML, the Excel
//! template, or the ministry's own workbook), sees it as a draft (what it is, whether it is the
//! ministry's published file, how each item found its stable key, every item), and publishes it.
//! A file that cannot be read comes back with the same line, sheet, row and column messages as
//! `iryosec definitions import`.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::message;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use crate::upload::Upload;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_app::catalog::to_toml;
use iryosec_app::definition_files::{DefinitionDraft, FileProblem};
use iryosec_core::catalog::Sheet;
use iryosec_io::ministry_xlsx::FormHints;
use serde::Deserialize;

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

pub struct MatchView {
    pub number: String,
    pub title: String,
    pub key: String,
    pub how: String,
    pub previous: String,
}

#[derive(Template)]
#[template(path = "definition_review.html")]
struct ReviewPage {
    page: PageCtx,
    file: String,
    year: String,
    sheet: &'static str,
    draft: DefinitionDraft,
    official: String,
    matches: Vec<MatchView>,
    toml: String,
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
    let page = title(&state, &authed);
    let draft = match state.app.read_definition(&file, &bytes, hints, None).await? {
        Ok(draft) => draft,
        Err(problems) => return problems_page(page, &file, &problems),
    };
    let official = match draft.official {
        Some(o) => page
            .lang
            .tr_args("definitions.official_file", &[("name", o.name.clone()), ("what", o.what.clone())]),
        None => page.lang.tr_args("definitions.not_official_file", &[("sha256", draft.sha256.clone())]),
    };
    let matches = draft
        .matches
        .iter()
        .zip(&draft.edition.items)
        .map(|(m, item)| MatchView {
            number: m.number.clone(),
            title: item.title.clone(),
            key: m.key.clone(),
            how: page.t(m.matched_by.label_key()).to_owned(),
            previous: m.previous_number.clone().unwrap_or_default(),
        })
        .collect();
    let toml = to_toml(&draft.edition)?;
    let year = page.year_label(draft.edition.fiscal_year);
    let sheet = draft.edition.sheet.name_ja();
    Ok(html(ReviewPage { page, file, year, sheet, draft, official, matches, toml }.render()?))
}

#[derive(Deserialize)]
pub struct PublishForm {
    toml: String,
    file: String,
}

pub async fn publish_post(
    State(state): State<AppState>,
    authed: Authed,
    Form(f): Form<PublishForm>,
) -> WebResult<Response> {
    let published = state.app.publish_definition(&f.toml, &f.file, &authed.ctx.actor()).await;
    let page = || title(&state, &authed);
    match published {
        Ok(Ok((id, _))) => {
            Ok(Redirect::to(&format!("/definitions/{id}?notice=definitions.notice_published"))
                .into_response())
        }
        Ok(Err(problems)) => problems_page(page(), &f.file, &problems),
        Err(AppError::Refused(m)) => {
            problems_page(page(), &f.file, &[FileProblem { line: None, place: String::new(), message: m }])
        }
        Err(e) => Err(e.into()),
    }
}
