//! `GET /surveys/{edition}/print`: the transcription sheet, A4 — every applicable question in
//! the portal's order with the saved answer in words.

use super::edition;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use iryosec_app::surveys::SheetLine;

#[derive(Template)]
#[template(path = "survey_print.html")]
struct PrintPage {
    page: PageCtx,
    edition_id: String,
    title: String,
    institution: String,
    medical_code: String,
    year: String,
    printed_on: String,
    lines: Vec<SheetLine>,
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let e = edition(&id)?;
    let printout = state.app.survey_printout(authed.institution_id(), &e.id).await?;
    let (lines, institution) = (printout.content, printout.institution);
    let mut page = PageCtx::new(&state, &authed.ctx, e.title.clone(), "surveys");
    page.show_nav = false;
    let body = PrintPage {
        edition_id: e.id.clone(),
        title: e.title.clone(),
        institution: institution.profile.name,
        medical_code: institution.profile.medical_code.unwrap_or_default(),
        year: page.year_label(e.fiscal_year),
        printed_on: page.date(printout.printed_at),
        lines,
        page,
    }
    .render()?;
    Ok(html(body))
}
