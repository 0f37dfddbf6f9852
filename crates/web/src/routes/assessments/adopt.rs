//! `GET/POST /assessments/{id}/adopt`: 「提案をまとめて採用」 — a page listing what adopting the
//! suggestions will set, and one confirmation that sets exactly that.

use super::sheet_view::shown_date;
use super::view::{answer_key, scope_label};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::message;
use crate::page::{PageCtx, html};
use crate::routes::params::parse_id;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_app::assessments::SaveError;
use iryosec_core::assessment::YesNo;
use serde::Deserialize;

/// One slot the adoption will set, as listed.
pub struct AdoptRow {
    pub number: String,
    pub key: String,
    pub title: String,
    pub scope: String,
    pub value: String,
    pub confirmed: String,
    pub target: String,
}

#[derive(Template)]
#[template(path = "assessment_adopt.html")]
struct AdoptPage {
    page: PageCtx,
    id: i64,
    year: String,
    rows: Vec<AdoptRow>,
    fingerprint: String,
    error: String,
}

async fn render(state: &AppState, authed: &Authed, id: i64, error: String) -> WebResult<String> {
    let ctx = &authed.ctx;
    let page = PageCtx::new(state, ctx, ctx.lang.tr("adopt.title").to_owned(), "assessments");
    let by = authed.user().display_name.clone();
    let (sheet, plan, fingerprint) = state.app.adoption(authed.institution_id(), id, &by).await?;
    let rows = plan
        .iter()
        .map(|a| AdoptRow {
            number: super::view::number_text(page.lang, &a.item.number),
            key: a.item.key.clone(),
            title: a.item.title.clone(),
            scope: scope_label(&page, a.scope),
            value: YesNo::parse(&a.input.value).map(|v| page.t(answer_key(v)).to_owned()).unwrap_or_default(),
            confirmed: shown_date(&page, &a.input.confirmed_1),
            target: shown_date(&page, &a.input.target),
        })
        .collect();
    Ok(AdoptPage { id, year: page.year_label(sheet.view.record.fiscal_year), rows, fingerprint, error, page }
        .render()?)
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    Ok(html(render(&state, &authed, id, String::new()).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AdoptForm {
    plan: String,
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Form(form): Form<AdoptForm>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let by = authed.user().display_name.clone();
    let adopted =
        state.app.adopt_suggestions(authed.institution_id(), id, &form.plan, &by, &authed.ctx.actor()).await;
    // Refused or invalid: the list as it now stands, with why, to confirm again.
    let error = match adopted {
        Ok(_) => {
            return Ok(Redirect::to(&format!("/assessments/{id}/answer?notice=adopt.done")).into_response());
        }
        Err(SaveError::Other(AppError::Refused(m))) => message(authed.ctx.lang, &m),
        Err(SaveError::Invalid(errors)) => errors
            .iter()
            .flat_map(|(slot, e)| e.iter().map(move |f| (slot, f)))
            .map(|(slot, f)| format!("{} {}", slot.key, message(authed.ctx.lang, &f.message)))
            .collect::<Vec<_>>()
            .join(" / "),
        Err(SaveError::Other(e)) => return Err(e.into()),
    };
    let body = render(&state, &authed, id, error).await?;
    Ok((StatusCode::CONFLICT, html(body)).into_response())
}
