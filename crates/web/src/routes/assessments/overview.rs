//! `GET /assessments/{id}`: the whole assessment by section; `POST /assessments/{id}/facts`.

use super::sheet_view::{DifferenceRow, differences};
use super::view::{OpenRow, SectionRows, open_rows, sections};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::definitions::ProvisionalNotice;
use crate::routes::params::NoticeQuery;
use crate::routes::params::parse_id;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_core::assessment::{Facts, SectionStatus};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "assessment.html")]
struct OverviewPage {
    page: PageCtx,
    id: i64,
    year: String,
    edition_title: String,
    edition_note: String,
    provisional: Option<ProvisionalNotice>,
    vendor_contract: bool,
    progress: Vec<SectionStatus>,
    total: SectionStatus,
    open: Vec<OpenRow>,
    missing_dates: usize,
    complete: bool,
    sections: Vec<SectionRows>,
    differences: Vec<DifferenceRow>,
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let sheet = state.app.answer_sheet(authed.institution_id(), id).await?;
    let view = &sheet.view;
    let ctx = &authed.ctx;
    let page = PageCtx::new(&state, ctx, ctx.lang.tr("assessment.title").to_owned(), "assessments")
        .with_notice(q.notice.as_deref());
    let today = state.app.today();
    let open = open_rows(&page, view);
    let body = OverviewPage {
        id,
        year: page.year_label(view.record.fiscal_year),
        edition_title: view.edition.title.clone(),
        edition_note: view.edition.note.clone(),
        provisional: ProvisionalNotice::of(&page, &view.edition),
        vendor_contract: view.record.facts.vendor_contract,
        total: view.status.total(),
        progress: view.status.sections.clone(),
        open,
        missing_dates: view.status.missing_dates,
        complete: view.status.complete,
        sections: sections(&page, view, today),
        differences: differences(&page, &sheet),
        page,
    }
    .render()?;
    Ok(html(body))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FactsForm {
    vendor_contract: Option<String>,
}

pub async fn facts_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Form(form): Form<FactsForm>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let facts = Facts { vendor_contract: form.vendor_contract.is_some() };
    state.app.set_assessment_facts(authed.institution_id(), id, facts, &authed.ctx.actor()).await?;
    Ok(Redirect::to(&format!("/assessments/{id}?notice=common.saved")).into_response())
}
