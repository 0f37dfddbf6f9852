//! `GET /assessments/{id}/print`: the inspection copy, A4, in the order and wording of the form.

use super::view::{SectionRows, sections};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::params::parse_id;
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
    let printout = state.app.assessment_printout(authed.institution_id(), id).await?;
    let (view, institution, today) = (printout.content, printout.institution, printout.today);
    let ctx = &authed.ctx;
    let mut page = PageCtx::new(&state, ctx, view.edition.title.clone(), "assessments");
    page.show_nav = false;
    let audit_anchor = crate::routes::audit::anchor_line(&page, printout.audit_anchor.as_ref());
    let body = PrintPage {
        id,
        institution: institution.profile.name.clone(),
        medical_code: institution.profile.medical_code.unwrap_or_default(),
        year: page.year_label(view.record.fiscal_year),
        edition_title: view.edition.title.clone(),
        edition_id: view.edition.id.clone(),
        printed_on: page.date(printout.printed_at),
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
