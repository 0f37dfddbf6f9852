//! `GET /account-reviews/{id}/export.xlsx` and `.csv`: the review's findings with their
//! decisions as a file, in the reader's language.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::message;
use crate::routes::params::parse_id;
use crate::state::AppState;
use axum::extract::{MatchedPath, Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use iryosec_app::account_review_export::SheetFormat;
use iryosec_core::Message;
use iryosec_core::date::format_iso;

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    matched: MatchedPath,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let (format, ext, content_type) = if matched.as_str().ends_with(".csv") {
        (SheetFormat::Csv, "csv", "text/csv; charset=utf-8")
    } else {
        (SheetFormat::Xlsx, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    };
    let lang = authed.ctx.lang;
    let tr = move |m: &Message| message(lang, m);
    let (review, bytes) = state.app.export_account_review(authed.institution_id(), id, format, &tr).await?;
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    let day = format_iso(review.reviewed_on);
    let encoded: String =
        form_urlencoded::byte_serialize(format!("アカウント点検_{day}.{ext}").as_bytes()).collect();
    let disposition =
        format!("attachment; filename=\"account-review-{day}.{ext}\"; filename*=UTF-8''{encoded}");
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(res)
}
