//! `GET/POST /ledger/new` and `/ledger/{id}/edit`.

use super::{Input, input_of, label};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::FormErrors;
use crate::page::{PageCtx, html};
use crate::routes::params::parse_id;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_app::ledger::AssetInput;
use iryosec_core::ledger::Field;
use std::collections::HashMap;

/// One field of the form.
pub struct FieldView {
    pub code: &'static str,
    pub label: String,
    /// text, long, date, choice, yesno
    pub input: &'static str,
    pub value: String,
    pub options: Vec<String>,
    pub error: String,
}

#[derive(Template)]
#[template(path = "ledger_form.html")]
struct FormPage {
    page: PageCtx,
    action: String,
    fields: Vec<FieldView>,
    has_errors: bool,
}

fn views(page: &PageCtx, values: &dyn Fn(Field) -> String, errors: &FormErrors) -> Vec<FieldView> {
    Field::ALL
        .iter()
        .map(|f| {
            let (input, options) = match input_of(*f) {
                Input::Text => ("text", Vec::new()),
                Input::Long => ("long", Vec::new()),
                Input::Date => ("date", Vec::new()),
                Input::Choice(o) => ("choice", o),
                Input::YesNo => ("yesno", vec!["はい".to_owned(), "いいえ".to_owned()]),
            };
            let mut value = values(*f);
            if input == "date" {
                // The date picker wants YYYY-MM-DD; anything typed elsewhere is shown as typed.
                value = iryosec_core::date::parse_date(&value)
                    .map(iryosec_core::date::format_iso)
                    .unwrap_or(value);
            }
            FieldView {
                code: f.code(),
                label: label(page, *f),
                input,
                value,
                options,
                error: errors.get(f.code()),
            }
        })
        .collect()
}

fn render(
    state: &AppState,
    authed: &Authed,
    action: String,
    values: &dyn Fn(Field) -> String,
    errors: FormErrors,
    title_key: &str,
) -> WebResult<String> {
    let page = PageCtx::new(state, &authed.ctx, authed.ctx.lang.tr(title_key).to_owned(), "ledger");
    let fields = views(&page, values, &errors);
    Ok(FormPage { page, action, fields, has_errors: errors.any() }.render()?)
}

pub async fn new_get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let errors = FormErrors::none(authed.ctx.lang);
    Ok(html(render(&state, &authed, "/ledger/new".into(), &|_| String::new(), errors, "ledger.new")?))
}

pub async fn new_post(
    State(state): State<AppState>,
    authed: Authed,
    Form(input): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    let input: AssetInput = input;
    match state.app.create_asset(authed.institution_id(), &input, &authed.ctx.actor()).await {
        Ok(id) => Ok(Redirect::to(&format!("/ledger/{id}?notice=common.saved")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let errors = FormErrors::new(authed.ctx.lang, fields);
            let body = render(
                &state,
                &authed,
                "/ledger/new".into(),
                &|f| input.get(f.code()).cloned().unwrap_or_default(),
                errors,
                "ledger.new",
            )?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn edit_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let record = state.app.asset(authed.institution_id(), id).await?;
    let errors = FormErrors::none(authed.ctx.lang);
    Ok(html(render(
        &state,
        &authed,
        format!("/ledger/{id}/edit"),
        &|f| record.asset.text(f),
        errors,
        "ledger.edit",
    )?))
}

pub async fn edit_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Form(input): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    state.app.asset(authed.institution_id(), id).await?;
    match state.app.update_asset(authed.institution_id(), id, &input, &authed.ctx.actor()).await {
        Ok(()) => Ok(Redirect::to(&format!("/ledger/{id}?notice=common.saved")).into_response()),
        Err(AppError::Invalid(fields)) => {
            let errors = FormErrors::new(authed.ctx.lang, fields);
            let action = format!("/ledger/{id}/edit");
            let body = render(
                &state,
                &authed,
                action,
                &|f| input.get(f.code()).cloned().unwrap_or_default(),
                errors,
                "ledger.edit",
            )?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
