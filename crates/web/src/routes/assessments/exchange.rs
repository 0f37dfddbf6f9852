//! Downloads of an assessment (Excel, CSV, JSON) and importing a filled-in Excel back.

use crate::ctx::Authed;
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
use iryosec_app::assessment_export::ExportFormat;
use iryosec_app::exchange::AssessmentImportError;
use iryosec_io::assessment_sheet::read_xlsx;

/// Largest file accepted for import.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

fn download(bytes: Vec<u8>, content_type: &'static str, file_name: &str) -> Response {
    let ext = file_name.rsplit('.').next().unwrap_or("bin");
    crate::download::attachment(bytes, content_type, file_name, &format!("assessment.{ext}"))
}

/// The assessment as a file of `format`, downloaded under its own name.
async fn export(state: &AppState, authed: &Authed, id: &str, format: ExportFormat) -> WebResult<Response> {
    let id = parse_id(id)?;
    let date_style = authed.ctx.date_style;
    let file = state.app.export_assessment(authed.institution_id(), id, format, date_style).await?;
    let content_type = match format {
        ExportFormat::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ExportFormat::Csv => "text/csv; charset=utf-8",
        ExportFormat::Json => "application/json",
    };
    Ok(download(file.bytes, content_type, &file.file_name))
}

pub async fn xlsx_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    export(&state, &authed, &id, ExportFormat::Xlsx).await
}

pub async fn csv_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    export(&state, &authed, &id, ExportFormat::Csv).await
}

pub async fn json_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    export(&state, &authed, &id, ExportFormat::Json).await
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
            Err(cells) => Err(AssessmentImportError::Cells(cells)),
        }
    } else if looks_like_json {
        let text = String::from_utf8_lossy(&bytes);
        state
            .app
            .import_bundle(authed.institution_id(), &text, Some(id), &by, &actor)
            .await
            .map(|(r, _)| r.id)
    } else {
        Err(AssessmentImportError::File(iryosec_core::Message::new("io.error.unknown_file")))
    };
    let problems = match result {
        Ok(target) => {
            return Ok(
                Redirect::to(&format!("/assessments/{target}?notice=assessment.imported")).into_response()
            );
        }
        Err(AssessmentImportError::File(m)) => vec![(String::new(), message(lang, &m))],
        Err(AssessmentImportError::Cells(cells)) => {
            cells.iter().map(|c| (c.place(), message(lang, &c.message))).collect()
        }
        Err(AssessmentImportError::Other(e)) => return Err(e.into()),
    };
    let page =
        PageCtx::new(&state, &authed.ctx, lang.tr("assessment.import_failed").to_owned(), "assessments");
    let body = ImportErrorsPage { page, id, file: name, problems }.render()?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
}
