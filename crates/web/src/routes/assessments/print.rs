//! `GET /assessments/{id}/print`: the inspection copy, A4, in the order and wording of the form.

use super::parse_id;
use super::view::{SectionRows, sections};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::assessments::list::year_label;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;

#[derive(Template)]
#[template(path = "assessment_print.html")]
struct PrintPage {
    page: PageCtx,
    id: i64,
    institution: String,
    medical_code: String,
    year: String,
    edition_title: String,
    edition_id: String,
    printed_on: String,
    two_confirmations: bool,
    sections: Vec<SectionRows>,
    audit_anchor: String,
    /// The numbers of the items not checked against the final form, for the one footnote.
    not_final: String,
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let view = state.app.assessment_view(authed.institution_id(), id).await?;
    let institution = state.app.institution(authed.institution_id()).await?;
    let ctx = &authed.ctx;
    let mut page = PageCtx::new(&state, ctx, view.edition.title.clone(), "assessments");
    page.show_nav = false;
    let today = state.app.today();
    let audit_anchor = crate::routes::audit::anchor_line(&state, &page, authed.institution_id()).await?;
    let body = PrintPage {
        id,
        institution: institution.profile.name.clone(),
        medical_code: institution.profile.medical_code.unwrap_or_default(),
        year: year_label(&page, view.record.fiscal_year),
        edition_title: view.edition.title.clone(),
        edition_id: view.edition.id.clone(),
        printed_on: page.date(state.app.clock.now()),
        two_confirmations: view.edition.confirmations >= 2,
        sections: sections(&page, &view, today),
        audit_anchor,
        not_final: view
            .edition
            .items_not_final()
            .iter()
            .map(|i| i.number.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        page,
    }
    .render()?;
    Ok(html(body))
}
