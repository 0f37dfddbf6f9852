//! 事業者確認用 per vendor: `GET /vendor-sheets/{vendor}/{edition}.xlsx` makes the sheet,
//! `POST /vendor-sheets/{vendor}/sent` records when it went out, `POST
//! /vendor-sheets/{vendor}/import` reads the returned Excel.

use super::files::ProblemsPage;
use crate::ctx::Authed;
use crate::download::{XLSX, attachment};
use crate::error::WebResult;
use crate::form::message;
use crate::page::{PageCtx, html};
use crate::routes::params::parse_id;
use crate::state::AppState;
use crate::upload::Upload;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::vendor_sheets::answered_yes;
use iryosec_core::date::{format_iso, parse_date};
use iryosec_core::register::Register;
use serde::Deserialize;

/// One edition's sheet for a vendor.
pub struct SheetRow {
    pub edition_id: String,
    pub title: String,
    pub sent_on: String,
    pub returned_on: String,
    pub yes: usize,
    pub no: usize,
}

pub struct SheetsView {
    pub rows: Vec<SheetRow>,
    pub today: String,
}

/// The vendor editions with what was sent and returned, for the vendor's page.
pub async fn view(state: &AppState, authed: &Authed, vendor: i64, page: &PageCtx) -> WebResult<SheetsView> {
    let sheets = state.app.sheets_of(authed.institution_id(), vendor).await?;
    let rows = state
        .app
        .vendor_editions()
        .await?
        .into_iter()
        .map(|e| {
            let sheet = sheets.iter().find(|s| s.edition_id == e.id);
            let answers = sheet.and_then(|s| s.answers.as_deref()).map(answered_yes).unwrap_or_default();
            SheetRow {
                sent_on: sheet.and_then(|s| s.sent_on).map(|d| page.day(d)).unwrap_or_default(),
                returned_on: sheet.and_then(|s| s.returned_on).map(|d| page.day(d)).unwrap_or_default(),
                yes: answers.values().filter(|v| **v).count(),
                no: answers.values().filter(|v| !**v).count(),
                edition_id: e.id,
                title: e.title,
            }
        })
        .collect();
    Ok(SheetsView { rows, today: format_iso(state.app.today()) })
}

pub async fn xlsx_get(
    State(state): State<AppState>,
    authed: Authed,
    Path((vendor, edition)): Path<(String, String)>,
) -> WebResult<Response> {
    let vendor = parse_id(&vendor)?;
    let edition = edition.strip_suffix(".xlsx").unwrap_or(&edition);
    let (name, bytes) = state.app.vendor_sheet_xlsx(authed.institution_id(), vendor, edition).await?;
    Ok(attachment(bytes, XLSX, &name, "vendor-sheet.xlsx"))
}

#[derive(Deserialize)]
pub struct SentForm {
    edition: String,
    sent_on: String,
}

fn back(vendor: i64, notice: &str) -> Response {
    Redirect::to(&format!("/registers/vendors/{vendor}?notice={notice}#sheets")).into_response()
}

pub async fn sent_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(vendor): Path<String>,
    Form(form): Form<SentForm>,
) -> WebResult<Response> {
    let vendor = parse_id(&vendor)?;
    let Ok(on) = parse_date(&form.sent_on) else { return Ok(back(vendor, "vendor_sheet.bad_date")) };
    state
        .app
        .mark_sheet_sent(authed.institution_id(), vendor, &form.edition, on, &authed.ctx.actor())
        .await?;
    Ok(back(vendor, "vendor_sheet.sent"))
}

pub async fn import_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(vendor): Path<String>,
    upload: Upload,
) -> WebResult<Response> {
    let vendor = parse_id(&vendor)?;
    let inst = authed.institution_id();
    let (name, bytes) = upload.read("file")?;
    let returned_on = parse_date(upload.text("returned_on")).unwrap_or_else(|_| state.app.today());
    let outcome = state
        .app
        .import_vendor_sheet(inst, vendor, upload.text("edition"), returned_on, &bytes, &authed.ctx.actor())
        .await?;
    let Err(problems) = outcome else { return Ok(back(vendor, "vendor_sheet.imported")) };
    let lang = authed.ctx.lang;
    let problems = problems
        .iter()
        .map(|p| super::files::Problem {
            row: if p.row == 0 { String::new() } else { p.row.to_string() },
            column: p.column.clone(),
            message: message(lang, &p.message),
        })
        .collect();
    let page = super::page_of(&state, &authed, Register::Vendors, lang.tr("vendor_sheet.import"));
    let list = format!("/registers/vendors/{vendor}");
    let body = ProblemsPage { page, action: String::new(), list, file_name: name, problems }.render()?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
}
