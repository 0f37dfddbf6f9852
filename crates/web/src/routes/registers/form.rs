//! `GET/POST /registers/{register}/new`, `/registers/{register}/{id}/edit` and
//! `POST /registers/{register}/{id}/delete`.

use super::{label, list_path, page_of, register_of};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::FormErrors;
use crate::page::{PageCtx, html};
use crate::routes::params::parse_id;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_core::register::{Input, Record, Register};
use std::collections::HashMap;

/// One field of the form.
pub struct FieldView {
    pub code: &'static str,
    pub label: String,
    /// text, long, date, number, choice
    pub input: &'static str,
    pub required: bool,
    pub value: String,
    pub options: Vec<String>,
    pub error: String,
}

#[derive(Template)]
#[template(path = "register_form.html")]
struct FormPage {
    page: PageCtx,
    list: String,
    action: String,
    fields: Vec<FieldView>,
    has_errors: bool,
}

fn views(
    page: &PageCtx,
    register: Register,
    value: &dyn Fn(&str) -> String,
    errors: &FormErrors,
) -> Vec<FieldView> {
    register
        .fields()
        .iter()
        .map(|spec| {
            let (input, options) = match spec.input {
                Input::Text(_) | Input::List => ("text", Vec::new()),
                Input::Long => ("long", Vec::new()),
                Input::Date => ("date", Vec::new()),
                Input::Number(..) => ("number", Vec::new()),
                Input::YesNo => ("choice", vec!["はい".to_owned(), "いいえ".to_owned()]),
                Input::Choice(all) => ("choice", all.iter().map(|c| c.ja.to_owned()).collect()),
            };
            FieldView {
                code: spec.code,
                label: label(page, register, spec),
                input,
                required: spec.required,
                value: value(spec.code),
                options,
                error: errors.get(spec.code),
            }
        })
        .collect()
}

fn render(
    state: &AppState,
    authed: &Authed,
    register: Register,
    action: String,
    value: &dyn Fn(&str) -> String,
    errors: FormErrors,
) -> WebResult<String> {
    let suffix = authed.ctx.lang.tr(if action.ends_with("/new") { "register.new" } else { "register.edit" });
    let page = page_of(state, authed, register, suffix);
    let fields = views(&page, register, value, &errors);
    Ok(FormPage { page, list: list_path(register), action, fields, has_errors: errors.any() }.render()?)
}

/// A stored record as the form shows it.
fn shown(register: Register, record: &Record) -> impl Fn(&str) -> String + '_ {
    move |code| register.field(code).map(|s| record.display(s)).unwrap_or_default()
}

/// The form for a new entry; fields named in the query start filled in (a drill record made
/// from an incident drill).
pub async fn new_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(code): Path<String>,
    Query(prefill): Query<HashMap<String, String>>,
) -> WebResult<Response> {
    let register = register_of(&code)?;
    let action = format!("{}/new", list_path(register));
    let value = |code: &str| prefill.get(code).cloned().unwrap_or_default();
    Ok(html(render(&state, &authed, register, action, &value, FormErrors::none(authed.ctx.lang))?))
}

pub async fn new_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(code): Path<String>,
    Form(input): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    let register = register_of(&code)?;
    save(state, authed, register, None, input).await
}

pub async fn edit_get(
    State(state): State<AppState>,
    authed: Authed,
    Path((code, id)): Path<(String, String)>,
) -> WebResult<Response> {
    let (register, id) = (register_of(&code)?, parse_id(&id)?);
    let entry = state.app.entry(authed.institution_id(), register, id).await?;
    let action = format!("{}/{id}/edit", list_path(register));
    let errors = FormErrors::none(authed.ctx.lang);
    Ok(html(render(&state, &authed, register, action, &shown(register, &entry.record), errors)?))
}

pub async fn edit_post(
    State(state): State<AppState>,
    authed: Authed,
    Path((code, id)): Path<(String, String)>,
    Form(input): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    let (register, id) = (register_of(&code)?, parse_id(&id)?);
    state.app.entry(authed.institution_id(), register, id).await?;
    save(state, authed, register, Some(id), input).await
}

async fn save(
    state: AppState,
    authed: Authed,
    register: Register,
    id: Option<i64>,
    input: HashMap<String, String>,
) -> WebResult<Response> {
    match state.app.save_entry(authed.institution_id(), register, id, &input, &authed.ctx.actor()).await {
        Ok(saved) => {
            Ok(Redirect::to(&format!("{}/{saved}?notice=common.saved", list_path(register))).into_response())
        }
        Err(AppError::Invalid(fields)) => {
            let action = match id {
                Some(id) => format!("{}/{id}/edit", list_path(register)),
                None => format!("{}/new", list_path(register)),
            };
            let errors = FormErrors::new(authed.ctx.lang, fields);
            let value = |code: &str| input.get(code).cloned().unwrap_or_default();
            let body = render(&state, &authed, register, action, &value, errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn delete_post(
    State(state): State<AppState>,
    authed: Authed,
    Path((code, id)): Path<(String, String)>,
) -> WebResult<Response> {
    let (register, id) = (register_of(&code)?, parse_id(&id)?);
    match state.app.delete_entry(authed.institution_id(), register, id, &authed.ctx.actor()).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("{}?notice=register.deleted", list_path(register))).into_response())
        }
        Err(AppError::Refused(_)) => {
            Ok(Redirect::to(&format!("{}/{id}?notice=register.error.in_use", list_path(register)))
                .into_response())
        }
        Err(e) => Err(e.into()),
    }
}
