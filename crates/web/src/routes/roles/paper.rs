//! `GET/POST /roles/paper?year=`: an administrator types in a printed staff-check sheet — its
//! department, job role and answers, counted like an answer given through a code.

use super::YearQuery;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::check::{StaffForm, field_messages, staff_form};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_app::staff_check::StaffCheckPage;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "roles_paper.html")]
struct PaperPage {
    page: PageCtx,
    year: i32,
    year_name: String,
    form: StaffForm,
    errors: Vec<String>,
}

fn render(
    state: &AppState,
    authed: &Authed,
    check: &StaffCheckPage,
    sent: Option<&HashMap<String, String>>,
    errors: Vec<String>,
    notice: Option<&str>,
) -> WebResult<String> {
    let title = authed.ctx.lang.tr("roles.staff.paper_title").to_owned();
    let page = PageCtx::new(state, &authed.ctx, title, "roles").with_notice(notice);
    let view = PaperPage {
        year: check.fiscal_year,
        year_name: page.year_label(check.fiscal_year),
        form: staff_form(&page, check, sent),
        errors,
        page,
    };
    Ok(view.render()?)
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<YearQuery>,
) -> WebResult<Response> {
    let year = q.year(&state)?;
    let check = state.app.paper_staff_check_page(authed.institution_id(), year).await?;
    Ok(html(render(&state, &authed, &check, None, Vec::new(), q.notice.as_deref())?))
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<YearQuery>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    let year = q.year(&state)?;
    let inst = authed.institution_id();
    let check = state.app.paper_staff_check_page(inst, year).await?;
    let submission = crate::routes::check::submission(&check, &form);
    match state.app.record_paper_staff_check(inst, year, &submission, &authed.ctx.actor()).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/roles/paper?year={year}&notice=roles.staff.notice_paper_saved"))
                .into_response())
        }
        Err(AppError::Invalid(fields)) => {
            let errors = field_messages(authed.ctx.lang, &fields);
            let body = render(&state, &authed, &check, Some(&form), errors, None)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
