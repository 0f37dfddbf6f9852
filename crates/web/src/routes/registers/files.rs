//! A register as files: export (Excel with dropdowns, CSV with BOM), import (all rows or
//! none, problems by row and column), and files kept with an entry (a vendor's MDS/SDS).

use super::{list_path, page_of, register_of};
use crate::cancel::Cancelled;
use crate::ctx::Authed;
use crate::download::{CSV, XLSX, attachment};
use crate::error::WebResult;
use crate::form::message;
use crate::page::{PageCtx, html};
use crate::routes::params::parse_id;
use crate::state::AppState;
use crate::upload::Upload;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_core::register::Register;

pub async fn xlsx_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(code): Path<String>,
) -> WebResult<Response> {
    let register = register_of(&code)?;
    let bytes =
        state.app.export_register(authed.institution_id(), register, true, authed.ctx.date_style).await?;
    Ok(attachment(bytes, XLSX, &format!("{}.xlsx", register.name_ja()), &format!("{}.xlsx", register.code())))
}

pub async fn csv_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(code): Path<String>,
) -> WebResult<Response> {
    let register = register_of(&code)?;
    let bytes =
        state.app.export_register(authed.institution_id(), register, false, authed.ctx.date_style).await?;
    let name = format!("{}.csv", register.name_ja());
    Ok(attachment(bytes, CSV, &name, &format!("{}.csv", register.code())))
}

/// A problem of the file, placed.
pub struct Problem {
    pub row: String,
    pub column: String,
    pub message: String,
}

/// The import form with the problems of a refused file (also a returned vendor sheet's, then
/// without a form: `action` empty).
#[derive(Template)]
#[template(path = "register_import.html")]
pub struct ProblemsPage {
    pub page: PageCtx,
    pub list: String,
    pub action: String,
    pub file_name: String,
    pub problems: Vec<Problem>,
}

fn import_page(
    state: &AppState,
    authed: &Authed,
    register: Register,
    file_name: String,
    problems: Vec<Problem>,
) -> WebResult<String> {
    let page = page_of(state, authed, register, authed.ctx.lang.tr("register.import"));
    let list = list_path(register);
    let action = format!("{list}/import");
    Ok(ProblemsPage { page, list, action, file_name, problems }.render()?)
}

pub async fn import_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(code): Path<String>,
) -> WebResult<Response> {
    let register = register_of(&code)?;
    Ok(html(import_page(&state, &authed, register, String::new(), Vec::new())?))
}

pub async fn import_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(code): Path<String>,
    cancelled: Cancelled,
    upload: Upload,
) -> WebResult<Response> {
    let register = register_of(&code)?;
    let (name, bytes) = upload.read("file")?;
    let lang = authed.ctx.lang;
    let report = match state
        .app
        .import_register(
            authed.institution_id(),
            register,
            iryosec_io::table::Source::new(&name, &bytes, cancelled.token()),
            false,
            &authed.ctx.actor(),
        )
        .await
    {
        Ok(report) => report,
        Err(AppError::Invalid(fields)) => {
            let problems = fields
                .iter()
                .map(|f| Problem {
                    row: String::new(),
                    column: String::new(),
                    message: message(lang, &f.message),
                })
                .collect();
            let body = import_page(&state, &authed, register, name, problems)?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    if report.imported.is_some() {
        return Ok(Redirect::to(&format!("{}?notice=register.imported", list_path(register))).into_response());
    }
    let problems = report
        .errors
        .iter()
        .map(|e| Problem {
            row: e.row.to_string(),
            column: if e.column.is_empty() {
                e.header.clone()
            } else {
                format!("{}（{}）", e.column, e.header)
            },
            message: message(lang, &e.message),
        })
        .collect();
    let body = import_page(&state, &authed, register, name, problems)?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
}

pub async fn attach_post(
    State(state): State<AppState>,
    authed: Authed,
    Path((code, id)): Path<(String, String)>,
    upload: Upload,
) -> WebResult<Response> {
    let (register, id) = (register_of(&code)?, parse_id(&id)?);
    let (name, bytes) = upload.read("file")?;
    let back = format!("{}/{id}", list_path(register));
    match state
        .app
        .add_record_file(authed.institution_id(), register, id, &name, bytes, &authed.ctx.actor())
        .await
    {
        Ok(_) => Ok(Redirect::to(&format!("{back}?notice=evidence.added")).into_response()),
        Err(AppError::Invalid(_)) => {
            Ok(Redirect::to(&format!("{back}?notice=register.file_refused")).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn file_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let (meta, bytes) = state.app.record_file(authed.institution_id(), parse_id(&id)?).await?;
    Ok(attachment(bytes, &meta.content_type, &meta.file_name, "file"))
}
