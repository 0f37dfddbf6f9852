//! `GET /incident-targets` and `POST /incident-targets`: the institution's target time per step
//! (minutes after detection); empty keeps the default, 0 sets none.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::FormErrors;
use crate::page::{PageCtx, html};
use crate::routes::params::NoticeQuery;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_core::incident::STEPS;
use iryosec_core::role::Permission;
use std::collections::HashMap;

pub struct TargetRow {
    pub code: &'static str,
    pub phase: String,
    pub label: String,
    pub default: String,
    pub value: String,
    pub error: String,
}

#[derive(Template)]
#[template(path = "incident_targets.html")]
struct TargetsPage {
    page: PageCtx,
    rows: Vec<TargetRow>,
    can_edit: bool,
    has_errors: bool,
}

fn page_of(state: &AppState, authed: &Authed, notice: Option<&str>) -> PageCtx {
    let title = authed.ctx.lang.tr("incident.targets_title").to_owned();
    PageCtx::new(state, &authed.ctx, title, "incidents").with_notice(notice)
}

fn rows(page: &PageCtx, value: &dyn Fn(&str) -> String, errors: &FormErrors) -> Vec<TargetRow> {
    STEPS
        .iter()
        .map(|s| TargetRow {
            code: s.code,
            phase: page.t(s.phase.message_key()).to_owned(),
            label: page.t(&s.message_key()).to_owned(),
            default: match s.target_minutes {
                Some(m) => page.t1("incident.target_default", "time", page.duration(m)),
                None => page.t("incident.target_default_none").to_owned(),
            },
            value: value(s.code),
            error: errors.get(s.code),
        })
        .collect()
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    let page = page_of(&state, &authed, q.notice.as_deref());
    let targets = state.app.incident_targets(authed.institution_id()).await?;
    let value = |code: &str| targets.0.get(code).map(|m| m.to_string()).unwrap_or_default();
    let rows = rows(&page, &value, &FormErrors::none(authed.ctx.lang));
    let can_edit = authed.ctx.allows(Permission::EditInstitution);
    Ok(html(TargetsPage { page, rows, can_edit, has_errors: false }.render()?))
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    let get = |code: &str| form.get(code).cloned().unwrap_or_default();
    let actor = authed.ctx.actor();
    match state.app.save_incident_targets(authed.institution_id(), &get, &actor).await {
        Ok(()) => Ok(Redirect::to("/incident-targets?notice=incident.notice_targets_saved").into_response()),
        Err(AppError::Invalid(fields)) => {
            let page = page_of(&state, &authed, None);
            let errors = FormErrors::new(authed.ctx.lang, fields);
            let rows = rows(&page, &get, &errors);
            let body = TargetsPage { page, rows, can_edit: true, has_errors: true }.render()?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
