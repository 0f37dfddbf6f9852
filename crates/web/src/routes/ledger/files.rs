//! The ledger as files: export (Excel, CSV) and import with a preview where the person checks
//! and corrects how each column is read before anything is saved.

use super::label;
use crate::cancel::Cancelled;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::message;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use crate::upload::Upload;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_core::ledger::Field;
use iryosec_io::ledger_sheet::Mapping;
use std::collections::HashMap;

fn download(bytes: Vec<u8>, content_type: &'static str, ext: &str) -> Response {
    crate::download::attachment(bytes, content_type, &format!("情報機器台帳.{ext}"), &format!("ledger.{ext}"))
}

pub async fn xlsx_get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let bytes = state.app.ledger_xlsx(authed.institution_id(), authed.ctx.date_style).await?;
    Ok(download(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"))
}

pub async fn csv_get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let bytes = state.app.ledger_csv(authed.institution_id()).await?;
    Ok(download(bytes, "text/csv; charset=utf-8", "csv"))
}

#[derive(Template)]
#[template(path = "ledger_import.html")]
struct UploadPage {
    page: PageCtx,
    error: String,
}

pub async fn upload_get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let page = PageCtx::new(&state, &authed.ctx, authed.ctx.lang.tr("ledger.import").to_owned(), "ledger");
    Ok(html(UploadPage { page, error: String::new() }.render()?))
}

pub async fn upload_post(
    State(state): State<AppState>,
    authed: Authed,
    upload: Upload,
) -> WebResult<Response> {
    let (name, bytes) = upload.read("file")?;
    let token = state.app.stage_ledger(authed.institution_id(), &name, &bytes).await?;
    Ok(Redirect::to(&format!("/ledger/import/{token}")).into_response())
}

/// A column of the preview: its header, the field it is read as, and sample cells.
pub struct ColumnView {
    pub index: usize,
    pub header: String,
    pub field: String,
    pub samples: Vec<String>,
}

#[derive(Template)]
#[template(path = "ledger_preview.html")]
struct PreviewPage {
    page: PageCtx,
    token: String,
    file: String,
    rows: usize,
    columns: Vec<ColumnView>,
    fields: Vec<(String, String)>,
    problems: Vec<(String, String, String)>,
    more_problems: usize,
}

/// `col_3=asset_no` … from a query or form; `None` lets the importer guess.
fn mapping_from(fields: &HashMap<String, String>) -> Option<Mapping> {
    let count = fields.keys().filter(|k| k.starts_with("col_")).count();
    (count > 0).then(|| {
        Mapping((0..count).map(|i| fields.get(&format!("col_{i}")).and_then(|c| Field::parse(c))).collect())
    })
}

const SHOWN_PROBLEMS: usize = 200;

async fn preview(
    state: &AppState,
    authed: &Authed,
    token: &str,
    mapping: Option<Mapping>,
    commit: bool,
    cancelled: &Cancelled,
) -> WebResult<Response> {
    let actor = authed.ctx.actor();
    let (file, report) = match state
        .app
        .staged_ledger(authed.institution_id(), token, mapping, !commit, &actor, cancelled.token())
        .await
    {
        Ok(r) => r,
        Err(iryosec_app::AppError::Invalid(f)) => {
            let page =
                PageCtx::new(state, &authed.ctx, authed.ctx.lang.tr("ledger.import").to_owned(), "ledger");
            let error = f.first().map(|f| message(page.lang, &f.message)).unwrap_or_default();
            return Ok(html(UploadPage { page, error }.render()?));
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(counts) = report.imported {
        let target = format!("/ledger?notice=ledger.imported&n={}", counts.inserted + counts.updated);
        return Ok(Redirect::to(&target).into_response());
    }
    let page = PageCtx::new(state, &authed.ctx, authed.ctx.lang.tr("ledger.preview").to_owned(), "ledger");
    let columns = report
        .headers
        .iter()
        .enumerate()
        .map(|(i, h)| ColumnView {
            index: i,
            header: h.clone(),
            field: report
                .mapping
                .0
                .get(i)
                .copied()
                .flatten()
                .map(|f| f.code().to_owned())
                .unwrap_or_default(),
            samples: report
                .sample
                .iter()
                .map(|(_, cells)| cells.get(i).cloned().unwrap_or_default())
                .collect(),
        })
        .collect();
    let fields = Field::ALL.iter().map(|f| (f.code().to_owned(), label(&page, *f))).collect();
    let problems = report
        .errors
        .iter()
        .take(SHOWN_PROBLEMS)
        .map(|e| (e.row.to_string(), format!("{} {}", e.column, e.header), message(page.lang, &e.message)))
        .collect();
    let more_problems = report.errors.len().saturating_sub(SHOWN_PROBLEMS);
    Ok(html(
        PreviewPage {
            page,
            token: token.to_owned(),
            file,
            rows: report.rows,
            columns,
            fields,
            problems,
            more_problems,
        }
        .render()?,
    ))
}

pub async fn preview_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(token): Path<String>,
    cancelled: Cancelled,
    Query(q): Query<HashMap<String, String>>,
) -> WebResult<Response> {
    preview(&state, &authed, &token, mapping_from(&q), false, &cancelled).await
}

pub async fn commit_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(token): Path<String>,
    cancelled: Cancelled,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    preview(&state, &authed, &token, mapping_from(&form), true, &cancelled).await
}
