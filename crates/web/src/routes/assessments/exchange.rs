//! Downloads of an assessment (Excel, CSV, JSON) and importing a filled-in Excel back.

use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::form::message;
use crate::page::{PageCtx, html};
use crate::routes::params::parse_id;
use crate::state::AppState;
use crate::upload::Upload;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::exchange::ImportError;
use iryosec_io::assessment_sheet::{read_xlsx, write_csv, write_xlsx};

/// Largest file accepted for import.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let ext = file_name.rsplit('.').next().unwrap_or("bin");
    crate::download::attachment(bytes, content_type, file_name, &format!("assessment.{ext}"))
}

async fn file_name(state: &AppState, authed: &Authed, id: i64, ext: &str) -> WebResult<String> {
    let view = state.app.assessment_view(authed.institution_id(), id).await?;
    Ok(format!(
        "自己点検_{}_{}.{ext}",
        iryosec_core::date::FiscalYear(view.record.fiscal_year).label_ja(),
        view.edition.id
    ))
}

pub async fn xlsx_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let (mut head, rows) = state.app.sheet(authed.institution_id(), id).await?;
    head.date_style = authed.ctx.date_style;
    let bytes = write_xlsx(&head, &rows).map_err(|e| WebError::Internal(e.to_string()))?;
    let name = file_name(&state, &authed, id, "xlsx").await?;
    Ok(download(bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", &name))
}

pub async fn csv_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let (head, rows) = state.app.sheet(authed.institution_id(), id).await?;
    let name = file_name(&state, &authed, id, "csv").await?;
    Ok(download(write_csv(&rows, head.second_check), "text/csv; charset=utf-8", &name))
}

pub async fn json_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let bundle = state.app.export_bundle(authed.institution_id(), id).await?;
    let bytes = serde_json::to_vec_pretty(&bundle).map_err(|e| WebError::Internal(e.to_string()))?;
    let name = file_name(&state, &authed, id, "json").await?;
    Ok(download(bytes, "application/json", &name))
}

#[derive(Template)]
#[template(path = "assessment_import_errors.html")]
struct ImportErrorsPage {
    page: PageCtx,
    id: i64,
    file: String,
    problems: Vec<(String, String)>,
}

/// `POST /assessments/{id}/import`: an Excel sheet (or JSON bundle) of this assessment.
pub async fn import_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    upload: Upload,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let (name, bytes) = upload.read("file")?;
    let lang = authed.ctx.lang;
    let by = authed.user().display_name.clone();
    let actor = authed.ctx.actor();
    let looks_like_json =
        String::from_utf8_lossy(&bytes).trim_start_matches('\u{feff}').trim_start().starts_with('{');
    let result = if bytes.starts_with(b"PK") {
        match read_xlsx(&bytes) {
            Ok(sheet) => {
                state.app.import_sheet(authed.institution_id(), id, &sheet, &by, &actor).await.map(|_| id)
            }
            Err(cells) => Err(ImportError::Cells(cells)),
        }
    } else if looks_like_json {
        let text = String::from_utf8_lossy(&bytes);
        state
            .app
            .import_bundle(authed.institution_id(), &text, Some(id), &by, &actor)
            .await
            .map(|(r, _)| r.id)
    } else {
        Err(ImportError::File(iryosec_core::Message::new("io.error.unknown_file")))
    };
    let problems = match result {
        Ok(target) => {
            return Ok(
                Redirect::to(&format!("/assessments/{target}?notice=assessment.imported")).into_response()
            );
        }
        Err(ImportError::File(m)) => vec![(String::new(), message(lang, &m))],
        Err(ImportError::Cells(cells)) => {
            cells.iter().map(|c| (c.place(), message(lang, &c.message))).collect()
        }
        Err(ImportError::Other(e)) => return Err(e.into()),
    };
    let page =
        PageCtx::new(&state, &authed.ctx, lang.tr("assessment.import_failed").to_owned(), "assessments");
    let body = ImportErrorsPage { page, id, file: name, problems }.render()?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
}
