//! `GET /assessments/{id}/print`: the inspection copy, A4, in the order and wording of the form,
//! with a header on every page, the counts, the いいえ with their 目標日, the answers that differ
//! from the suggestions with the reason given, and a box for the two signatures.

use super::view::{OpenRow, SectionRows, answer_key, number_text, open_rows, scope_label, sections};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::params::parse_id;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use iryosec_app::assessment_print::Difference;
use iryosec_core::assessment::{SectionStatus, Slot};

/// An answer that differs from the suggestion, as the print lists it.
pub struct DiffRow {
    pub number: String,
    pub title: String,
    pub scope: String,
    pub answer: String,
    pub suggested: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "assessment_print.html")]
struct PrintPage {
    page: PageCtx,
    id: i64,
    institution: String,
    medical_code: String,
    year: String,
    edition_title: String,
    printed_on: String,
    two_confirmations: bool,
    total: SectionStatus,
    open: Vec<OpenRow>,
    differences: Vec<DiffRow>,
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
    let (copy, institution, today) = (printout.content, printout.institution, printout.today);
    let view = &copy.view;
    let ctx = &authed.ctx;
    let mut page = PageCtx::new(&state, ctx, view.edition.title.clone(), "assessments");
    page.show_nav = false;
    let audit_anchor = crate::routes::audit::anchor_line(&page, printout.audit_anchor.as_ref());
    let mut sections = sections(&page, view, today);
    mark_differences(&mut sections, &copy.differences);
    let body = PrintPage {
        id,
        institution: institution.profile.name.clone(),
        medical_code: institution.profile.medical_code.unwrap_or_default(),
        year: page.year_label(view.record.fiscal_year),
        edition_title: view.edition.title.clone(),
        printed_on: page.date(printout.printed_at),
        two_confirmations: view.edition.confirmations >= 2,
        total: view.status.total(),
        open: open_rows(&page, view),
        differences: copy.differences.iter().map(|d| diff_row(&page, d)).collect(),
        sections,
        audit_anchor,
        not_final: view
            .edition
            .items_not_final()
            .iter()
            .map(|i| number_text(page.lang, &i.number))
            .collect::<Vec<_>>()
            .join("、"),
        page,
    }
    .render()?;
    Ok(html(body))
}

fn diff_row(page: &PageCtx, d: &Difference) -> DiffRow {
    DiffRow {
        number: number_text(page.lang, &d.number),
        title: d.title.clone(),
        scope: scope_label(page, d.scope),
        answer: page.t(answer_key(d.answer)).to_owned(),
        suggested: page.t(d.suggested.label_key()).to_owned(),
        reason: if d.reason.is_empty() {
            page.t("assessment.inspection.no_reason").to_owned()
        } else {
            d.reason.clone()
        },
    }
}

/// Puts the mark on each answer that differs from its suggestion.
fn mark_differences(sections: &mut [SectionRows], differences: &[Difference]) {
    for item in sections.iter_mut().flat_map(|s| s.items.iter_mut()) {
        for slot in &mut item.slots {
            slot.differs =
                differences.iter().any(|d| Slot::new(&d.key, d.scope) == Slot::new(&item.key, slot.scope));
        }
    }
}
