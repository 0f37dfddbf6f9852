//! `GET /surveys/history`: for each question answered in two or more years, the answers side
//! by side, newest year first; and the settled years' bundles.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;

pub struct Line {
    pub id: String,
    pub text: String,
    pub cells: Vec<String>,
}

pub struct ArchiveRow {
    pub id: i64,
    pub year: String,
    pub created: String,
}

#[derive(Template)]
#[template(path = "survey_history.html")]
struct HistoryPage {
    page: PageCtx,
    years: Vec<String>,
    lines: Vec<Line>,
    archives: Vec<ArchiveRow>,
}

pub async fn get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let inst = authed.institution_id();
    let page =
        PageCtx::new(&state, &authed.ctx, authed.ctx.lang.tr("survey.page.history").to_owned(), "surveys");
    let (years, history) = state.app.survey_history(inst).await?;
    let lines = history
        .into_iter()
        .map(|l| Line {
            cells: years
                .iter()
                .map(|y| {
                    l.by_year.iter().find(|(year, _)| year == y).map(|(_, a)| a.clone()).unwrap_or_default()
                })
                .collect(),
            id: l.id,
            text: l.text,
        })
        .collect();
    let archives = state
        .app
        .survey_archives(inst)
        .await?
        .into_iter()
        .map(|a| ArchiveRow {
            id: a.id,
            year: page.year_label(a.fiscal_year),
            created: page.t2("survey.page.updated", "date", page.datetime(a.created_at), "by", &a.created_by),
        })
        .collect();
    let years = years.iter().map(|y| page.year_label(*y)).collect();
    Ok(html(HistoryPage { page, years, lines, archives }.render()?))
}
