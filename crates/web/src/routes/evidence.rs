//! `GET /evidence/{id}` (download an attached file) and `POST /evidence/{id}/delete`.

use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};

fn parse(raw: &str) -> WebResult<i64> {
    raw.parse().map_err(|_| WebError::NotFound)
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let (meta, data) = state.app.evidence_file(authed.institution_id(), parse(&id)?).await?;
    // Only the allow-listed types were ever stored; still, always a download, never rendered here.
    let ascii = format!("evidence-{}", meta.id);
    Ok(crate::download::attachment(data, &meta.content_type, &meta.file_name, &ascii))
}

pub async fn delete_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let meta = state.app.delete_evidence(authed.institution_id(), parse(&id)?, &authed.ctx.actor()).await?;
    let back = format!(
        "/assessments/{}/items/{}?notice=evidence.deleted#evidence",
        meta.assessment_id, meta.item_key
    );
    Ok(Redirect::to(&back).into_response())
}
