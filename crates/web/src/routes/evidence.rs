//! `GET /evidence/{id}` (download an attached file) and `POST /evidence/{id}/delete`.

use crate::ctx::Authed;
use crate::error::{WebError, WebResult};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
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
    let mut res = data.into_response();
    let h = res.headers_mut();
    // Only the allow-listed types were ever stored; still, always a download, never rendered here.
    if let Ok(v) = HeaderValue::from_str(&meta.content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    let encoded: String =
        form_urlencoded::byte_serialize(meta.file_name.as_bytes()).collect::<String>().replace('+', "%20");
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"evidence-{}\"; filename*=UTF-8''{encoded}",
        meta.id
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
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
