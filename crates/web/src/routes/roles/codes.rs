//! `GET/POST /roles/codes?year=` and `POST /roles/codes/{id}/revoke`: the administrator issues
//! the year's staff-check codes and revokes them. A new code is shown once, with a small A4
//! handout (the address of `/check` and the code) to print; only its hash is kept.

use super::YearQuery;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::params::parse_id;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct IssueForm {
    label: String,
    departments: String,
}

pub struct CodeRow {
    pub id: i64,
    pub label: String,
    pub departments: String,
    pub created: String,
    pub revoked: String,
    pub answers: i64,
}

/// A code just issued, to hand out.
pub struct Handout {
    pub code: String,
    pub url: String,
    pub label: String,
}

#[derive(Template)]
#[template(path = "roles_codes.html")]
struct CodesPage {
    page: PageCtx,
    year: i32,
    year_name: String,
    institution: String,
    codes: Vec<CodeRow>,
    handout: Option<Handout>,
    label: String,
    departments: String,
    errors: Vec<String>,
}

struct Sent {
    form: IssueForm,
    errors: Vec<String>,
    handout: Option<Handout>,
}

async fn render(
    state: &AppState,
    authed: &Authed,
    year: i32,
    sent: Sent,
    notice: Option<&str>,
) -> WebResult<String> {
    let title = authed.ctx.lang.tr("roles.staff.codes_title").to_owned();
    let page = PageCtx::new(state, &authed.ctx, title, "roles").with_notice(notice);
    let codes = state
        .app
        .staff_codes(authed.institution_id(), year)
        .await?
        .into_iter()
        .map(|c| CodeRow {
            id: c.id,
            label: c.label,
            departments: c.departments.join("、"),
            created: page.t2(
                "roles.page.saved_by",
                "date",
                page.datetime(c.created_at),
                "name",
                &c.created_by,
            ),
            revoked: c.revoked_at.map(|at| page.datetime(at)).unwrap_or_default(),
            answers: c.answers,
        })
        .collect();
    let view = CodesPage {
        year,
        year_name: page.year_label(year),
        institution: page.institution_name.clone().unwrap_or_default(),
        codes,
        handout: sent.handout,
        label: sent.form.label,
        departments: sent.form.departments,
        errors: sent.errors,
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
    let sent = Sent { form: IssueForm::default(), errors: Vec::new(), handout: None };
    Ok(html(render(&state, &authed, year, sent, q.notice.as_deref()).await?))
}

/// The address staff type in: this server as the administrator reached it.
fn check_url(headers: &HeaderMap, secure: bool) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("{}://{host}/check", if secure { "https" } else { "http" })
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    headers: HeaderMap,
    Query(q): Query<YearQuery>,
    Form(form): Form<IssueForm>,
) -> WebResult<Response> {
    let year = q.year(&state)?;
    let inst = authed.institution_id();
    let actor = authed.ctx.actor();
    match state.app.issue_staff_code(inst, year, &form.label, &form.departments, &actor).await {
        Ok(issued) => {
            let handout = Handout {
                code: issued.code,
                url: check_url(&headers, authed.ctx.meta.secure_cookies),
                label: issued.record.label,
            };
            let sent = Sent { form: IssueForm::default(), errors: Vec::new(), handout: Some(handout) };
            Ok(html(render(&state, &authed, year, sent, None).await?))
        }
        Err(AppError::Invalid(fields)) => {
            let errors = crate::form::messages(authed.ctx.lang, &fields);
            let body = render(&state, &authed, year, Sent { form, errors, handout: None }, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn revoke_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Query(q): Query<YearQuery>,
) -> WebResult<Response> {
    let year = q.year(&state)?;
    state.app.revoke_staff_code(authed.institution_id(), parse_id(&id)?, &authed.ctx.actor()).await?;
    Ok(Redirect::to(&format!("/roles/codes?year={year}&notice=roles.staff.notice_revoked")).into_response())
}
