//! The ledger as files: export (Excel and CSV). Importing is in `import`.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;

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
