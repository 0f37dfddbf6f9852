//! Turns every bare error status (from a handler, a guard, a rejected extractor, or the
//! router itself) into a page in the user's language that shows the request id.

use crate::ctx::Ctx;
use crate::error::{ErrorMarker, WebError};
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use iryosec_store::StorageFault;

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: PageCtx,
    status: u16,
    body: String,
}

pub async fn not_found() -> WebError {
    WebError::NotFound
}

pub async fn render(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<Ctx>().cloned();
    let res = next.run(req).await;
    let status = res.status();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if status.as_u16() < 400 || is_html {
        return res;
    }
    let Some(ctx) = ctx else { return res };
    let marker = res.extensions().get::<ErrorMarker>().cloned();
    if let Some(cause) = marker.as_ref().and_then(|m| m.cause.as_deref()) {
        tracing::error!(request_id = %ctx.meta.id, %status, cause, "request failed");
    }
    let csrf = marker.as_ref().is_some_and(|m| m.csrf);
    if let Some(fault) = marker.and_then(|m| m.storage) {
        return storage_page(&state, &ctx, status, fault);
    }
    let code = match status.as_u16() {
        c @ (400 | 403 | 404 | 405 | 413 | 415 | 429 | 503) => c,
        c if c >= 500 => 500,
        _ => 400,
    };
    let (title_key, body_key) = if csrf {
        ("error.title_csrf".to_owned(), "error.body_csrf".to_owned())
    } else {
        (format!("error.title_{code}"), format!("error.body_{code}"))
    };
    let body = ctx.lang.tr(&body_key).to_owned();
    error_page(&state, &ctx, status, &title_key, body)
}

/// A full, read-only or forbidden disk: said as such, with where the data lives for people who
/// are logged in (others learn only that it is the server's data folder).
fn storage_page(state: &AppState, ctx: &Ctx, status: StatusCode, fault: StorageFault) -> Response {
    let body_key = match fault {
        StorageFault::Full => "error.body_storage_full",
        StorageFault::ReadOnly => "error.body_storage_read_only",
        StorageFault::Denied => "error.body_storage_denied",
    };
    let place = match ctx.session {
        Some(_) => state.app.data_place(),
        None => ctx.lang.tr("error.storage_place_hidden").to_owned(),
    };
    let body = ctx.lang.tr_args(body_key, &[("place", place)]);
    error_page(state, ctx, status, "error.title_storage", body)
}

fn error_page(state: &AppState, ctx: &Ctx, status: StatusCode, title_key: &str, body: String) -> Response {
    let mut page = PageCtx::new(state, ctx, ctx.lang.tr(title_key).to_owned(), "");
    page.show_nav = ctx.session.is_some();
    match (ErrorPage { page, status: status.as_u16(), body }).render() {
        Ok(text) => (status, html(text)).into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
    }
}
