//! `GET /assessments` (the years) and `POST /assessments` (start a year).

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::FormErrors;
use crate::page::{PageCtx, html};
use crate::routes::definitions::ProvisionalNotice;
use crate::routes::params::NoticeQuery;
use crate::routes::setup::Choice;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_app::assessments::StartAssessment;
use iryosec_core::assessment::Facts;
use serde::Deserialize;

pub struct Row {
    pub id: i64,
    pub year: String,
    pub edition: String,
    pub yes: usize,
    pub no: usize,
    pub unanswered: usize,
    pub percent: usize,
}

#[derive(Template)]
#[template(path = "assessments.html")]
struct ListPage {
    page: PageCtx,
    rows: Vec<Row>,
    years: Vec<Choice>,
    editions: Vec<Choice>,
    previous: Vec<Choice>,
    form: StartForm,
    errors: FormErrors,
    /// Said when this year's proposed edition is a provisional one.
    provisional: Option<ProvisionalNotice>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StartForm {
    fiscal_year: String,
    edition_id: String,
    carry_from: String,
    no_vendor_contract: Option<String>,
}

async fn render(
    state: &AppState,
    authed: &Authed,
    form: Option<StartForm>,
    errors: FormErrors,
    notice: Option<&str>,
) -> WebResult<String> {
    let ctx = &authed.ctx;
    let page = PageCtx::new(state, ctx, ctx.lang.tr("assessment.title").to_owned(), "assessments")
        .with_notice(notice);
    let institution = state.app.institution(authed.institution_id()).await?;
    let records = state.app.assessments(authed.institution_id()).await?;
    let mut rows = Vec::new();
    for r in &records {
        // One assessment whose edition cannot be read (say, a later-deleted import) must not
        // take the whole list down with it.
        let row = match state.app.assessment_view(authed.institution_id(), r.id).await {
            Ok(view) => {
                let total = view.status.total();
                Row {
                    id: r.id,
                    year: page.year_label(r.fiscal_year),
                    edition: view.edition.title.clone(),
                    yes: total.yes,
                    no: total.no,
                    unanswered: total.unanswered,
                    percent: total.yes_percent(),
                }
            }
            Err(e) => {
                tracing::error!(assessment = r.id, error = %e, "assessment cannot be shown");
                let edition = page.t1("assessment.edition_unreadable", "id", &r.edition_id);
                Row {
                    id: r.id,
                    year: page.year_label(r.fiscal_year),
                    edition,
                    yes: 0,
                    no: 0,
                    unanswered: 0,
                    percent: 0,
                }
            }
        };
        rows.push(row);
    }
    let current = state.app.current_fiscal_year().0;
    let years = (2023..=current + 1)
        .rev()
        .map(|y| Choice { value: y.to_string(), label: page.year_label(y) })
        .collect();
    let editions = state
        .app
        .editions_for(institution.profile.kind)
        .await?
        .into_iter()
        .map(|e| Choice { value: e.id.clone(), label: e.title })
        .collect();
    let previous = rows
        .iter()
        .map(|r| Choice { value: r.id.to_string(), label: format!("{} {}", r.year, r.edition) })
        .collect();
    let proposed = state.app.proposed_edition(institution.profile.kind, current).await?;
    let provisional = proposed.as_ref().and_then(|e| ProvisionalNotice::of(&page, e));
    let form = form.unwrap_or_else(|| StartForm {
        fiscal_year: current.to_string(),
        edition_id: proposed.map(|e| e.id).unwrap_or_default(),
        carry_from: records.first().map(|r| r.id.to_string()).unwrap_or_default(),
        no_vendor_contract: None,
    });
    Ok(ListPage { page, rows, years, editions, previous, form, errors, provisional }.render()?)
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    let errors = FormErrors::none(authed.ctx.lang);
    Ok(html(render(&state, &authed, None, errors, q.notice.as_deref()).await?))
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Form(form): Form<StartForm>,
) -> WebResult<Response> {
    let start = StartAssessment {
        fiscal_year: form.fiscal_year.trim().parse().unwrap_or(0),
        edition_id: form.edition_id.clone(),
        carry_from: form.carry_from.trim().parse().ok(),
        facts: Facts { vendor_contract: form.no_vendor_contract.is_none() },
    };
    match state.app.start_assessment(authed.institution_id(), &start, &authed.ctx.actor()).await {
        Ok(a) => {
            Ok(Redirect::to(&format!("/assessments/{}?notice=assessment.started", a.id)).into_response())
        }
        Err(AppError::Invalid(fields)) => {
            let body =
                render(&state, &authed, Some(form), FormErrors::new(authed.ctx.lang, fields), None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
