//! The survey's files: the JSON bundle (`iryosec-survey` v1), the transcription sheet as Excel,
//! settling a year (its bundle kept and audited) and a settled year's bundle.

use super::edition;
use crate::ctx::Authed;
use crate::download::{XLSX, attachment};
use crate::error::WebResult;
use crate::routes::params::parse_id;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_core::date::FiscalYear;
use iryosec_io::survey_bundle::write_survey_bundle;

const JSON: &str = "application/json";

fn name(fiscal_year: i32, ext: &str) -> String {
    format!("G-MIS調査_{}.{ext}", FiscalYear(fiscal_year).label_ja())
}

pub async fn json_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let e = edition(&id)?;
    let bundle = state.app.survey_bundle(authed.institution_id(), &e.id).await?;
    Ok(attachment(write_survey_bundle(&bundle), JSON, &name(e.fiscal_year, "json"), "survey.json"))
}

pub async fn xlsx_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let e = edition(&id)?;
    let bytes = state.app.survey_sheet_xlsx(authed.institution_id(), &e.id).await?;
    Ok(attachment(bytes, XLSX, &name(e.fiscal_year, "xlsx"), "survey.xlsx"))
}

pub async fn archive_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let e = edition(&id)?;
    state.app.archive_survey(authed.institution_id(), &e.id, &authed.ctx.actor()).await?;
    Ok(Redirect::to(&format!("/surveys/{}?notice=survey.page.archived", e.id)).into_response())
}

pub async fn archive_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let (archive, text) = state.app.survey_archive(authed.institution_id(), parse_id(&id)?).await?;
    let file = format!("G-MIS調査_{}_確定{}.json", FiscalYear(archive.fiscal_year).label_ja(), archive.id);
    Ok(attachment(text.into_bytes(), JSON, &file, "survey-archive.json"))
}
