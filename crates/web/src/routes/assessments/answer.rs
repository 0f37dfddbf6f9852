//! `GET/POST /assessments/{id}/answer`: the whole checklist (or one section, `?section=2`) on
//! one page, laid out like the ministry's form, saved all at once.

use super::sheet_view::{DifferenceRow, SheetSection, Typed, differences, sections};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::params::parse_id;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::answer_sheet::AnswerSheet;
use iryosec_app::assessments::SaveError;
use iryosec_core::assessment::{AnswerInput, Slot};
use iryosec_core::catalog::Scope;
use iryosec_core::role::Permission;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Template)]
#[template(path = "assessment_answer.html")]
struct AnswerPage {
    page: PageCtx,
    id: i64,
    year: String,
    edition_title: String,
    two_confirmations: bool,
    can_answer: bool,
    section: String,
    section_links: Vec<(String, String)>,
    sections: Vec<SheetSection>,
    differences: Vec<DifferenceRow>,
    error_count: usize,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SheetQuery {
    section: Option<String>,
    notice: Option<String>,
}

fn render(
    state: &AppState,
    authed: &Authed,
    sheet: &AnswerSheet,
    section: &str,
    typed: Option<&Typed>,
    notice: Option<&str>,
) -> WebResult<String> {
    let ctx = &authed.ctx;
    let page = PageCtx::new(state, ctx, ctx.lang.tr("assessment.sheet.title").to_owned(), "assessments")
        .with_notice(notice);
    let by = authed.user().display_name.clone();
    let sections = sections(&page, sheet, section, typed, &by);
    let error_count = sections.iter().flat_map(|s| &s.rows).map(|r| r.errors.len()).sum();
    let section_links = sheet
        .view
        .edition
        .sections
        .iter()
        .map(|s| (s.number.clone(), format!("{} {}", s.number, s.title)))
        .collect();
    Ok(AnswerPage {
        id: sheet.view.record.id,
        year: page.year_label(sheet.view.record.fiscal_year),
        edition_title: sheet.view.edition.title.clone(),
        two_confirmations: sheet.view.edition.confirmations >= 2,
        can_answer: ctx.allows(Permission::EditInstitution),
        section: section.to_owned(),
        section_links,
        differences: differences(&page, sheet),
        sections,
        error_count,
        page,
    }
    .render()?)
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Query(q): Query<SheetQuery>,
) -> WebResult<Response> {
    let sheet = state.app.answer_sheet(authed.institution_id(), parse_id(&id)?).await?;
    let section = q.section.unwrap_or_default();
    Ok(html(render(&state, &authed, &sheet, &section, None, q.notice.as_deref())?))
}

/// The fields of every slot the form carried (`{key}.{scope}.value`, …) as one input each; a
/// slot the form did not show (another section, not applicable) is not among them.
fn inputs(sheet: &AnswerSheet, fields: &BTreeMap<String, String>) -> Vec<(Slot, AnswerInput)> {
    let mut out = Vec::new();
    for item in &sheet.view.edition.items {
        for scope in item.slots() {
            let prefix = format!("{}.{}", item.key, scope.map_or("item", Scope::code));
            let get = |f: &str| fields.get(&format!("{prefix}.{f}")).cloned();
            if get("confirmed_1").is_none() && get("value").is_none() {
                continue;
            }
            let input = AnswerInput {
                value: get("value").unwrap_or_default(),
                confirmed_1: get("confirmed_1").unwrap_or_default(),
                confirmed_2: get("confirmed_2").unwrap_or_default(),
                target: get("target").unwrap_or_default(),
                note: get("note").unwrap_or_default(),
                confirmed_by: get("confirmed_by").unwrap_or_default(),
            };
            out.push((Slot::new(&item.key, scope), input));
        }
    }
    out
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let seen: Vec<String> = fields.iter().filter(|(k, _)| k == "seen").map(|(_, v)| v.clone()).collect();
    let fields: BTreeMap<String, String> = fields.into_iter().filter(|(k, _)| k != "seen").collect();
    let section = fields.get("section").cloned().unwrap_or_default();
    let institution = authed.institution_id();
    let before = state.app.answer_sheet(institution, id).await?;
    let inputs = inputs(&before, &fields);
    let by = authed.user().display_name.clone();
    let saved = state.app.save_answer_sheet(institution, id, &inputs, &seen, &by, &authed.ctx.actor()).await;
    match saved {
        Ok(()) => {
            let section: String = form_urlencoded::byte_serialize(section.as_bytes()).collect();
            Ok(Redirect::to(&format!("/assessments/{id}/answer?section={section}&notice=assessment.saved"))
                .into_response())
        }
        Err(SaveError::Invalid(errors)) => {
            let typed = Typed { inputs: inputs.into_iter().collect(), errors };
            let body = render(&state, &authed, &before, &section, Some(&typed), None)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(SaveError::Other(e)) => Err(e.into()),
    }
}
