//! `GET/POST /roles/{list}/answer?year=`: a yearly role check (経営層向け, システム管理者向け, the
//! nine-area self-check) answered ○/×/わからない with a note per item, saved in one go.

use super::{ItemField, YearQuery, mark_choices, mark_inputs, yearly_audience};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_app::role_checks::RoleCheckPage;
use iryosec_core::role::Permission;
use iryosec_core::roles::Author;
use std::collections::HashMap;

#[derive(Template)]
#[template(path = "roles_answer.html")]
struct AnswerPage {
    page: PageCtx,
    audience: &'static str,
    year: i32,
    year_name: String,
    list_title: String,
    author: String,
    own: bool,
    note: String,
    items: Vec<ItemField>,
    marks: Vec<(&'static str, String)>,
    saved: String,
    errors: Vec<String>,
    can_edit: bool,
}

fn render(
    state: &AppState,
    authed: &Authed,
    check: &RoleCheckPage,
    sent: Option<&HashMap<String, String>>,
    messages: Vec<String>,
    notice: Option<&str>,
) -> WebResult<String> {
    let audience = check.audience;
    let title = authed.ctx.lang.tr(audience.label_key()).to_owned();
    let page = PageCtx::new(state, &authed.ctx, title, "roles").with_notice(notice);
    let items = check
        .list
        .items
        .iter()
        .map(|i| {
            let stored = check.answers.get(&i.key);
            let (mark, note) = match sent {
                Some(form) => (
                    form.get(&format!("mark.{}", i.key)).cloned().unwrap_or_default(),
                    form.get(&format!("note.{}", i.key)).cloned().unwrap_or_default(),
                ),
                None => (
                    stored.map(|a| a.mark.code().to_owned()).unwrap_or_default(),
                    stored.map(|a| a.note.clone()).unwrap_or_default(),
                ),
            };
            ItemField {
                key: i.key.clone(),
                number: i.number.clone(),
                viewpoint: i.viewpoint.clone(),
                text: i.text.clone(),
                mark,
                note,
            }
        })
        .collect();
    let view = AnswerPage {
        audience: audience.code(),
        year: check.fiscal_year,
        year_name: page.year_label(check.fiscal_year),
        list_title: check.list.title.clone(),
        author: page.t(check.list.author.label_key()).to_owned(),
        own: check.list.author == Author::Iryosec,
        note: check.list.note.clone(),
        items,
        marks: mark_choices(&page),
        saved: check
            .saved
            .as_ref()
            .map(|(at, by)| page.t2("roles.page.saved_by", "date", page.datetime(*at), "name", by))
            .unwrap_or_default(),
        errors: messages,
        can_edit: authed.ctx.allows(Permission::EditInstitution),
        page,
    };
    Ok(view.render()?)
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(list): Path<String>,
    Query(q): Query<YearQuery>,
) -> WebResult<Response> {
    let audience = yearly_audience(&list)?;
    let year = q.year(&state)?;
    let check = state.app.role_check_page(authed.institution_id(), year, audience).await?;
    Ok(html(render(&state, &authed, &check, None, Vec::new(), q.notice.as_deref())?))
}

pub async fn post(
    State(state): State<AppState>,
    authed: Authed,
    Path(list): Path<String>,
    Query(q): Query<YearQuery>,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    let audience = yearly_audience(&list)?;
    let year = q.year(&state)?;
    let inst = authed.institution_id();
    let check = state.app.role_check_page(inst, year, audience).await?;
    let inputs = mark_inputs(&check.list.items, &form);
    match state.app.save_role_answers(inst, year, audience, &inputs, &authed.ctx.actor()).await {
        Ok(_) => {
            Ok(Redirect::to(&format!("/roles?year={year}&notice=roles.page.notice_saved")).into_response())
        }
        Err(AppError::Invalid(fields)) => {
            let messages = crate::form::messages(authed.ctx.lang, &fields);
            let body = render(&state, &authed, &check, Some(&form), messages, None)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
