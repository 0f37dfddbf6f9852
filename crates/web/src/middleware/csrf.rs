//! Every state-changing request must send back the page's CSRF token (form field `csrf` or
//! header `X-CSRF-Token`). Logged in, the token belongs to the session; before login it is
//! the one in the pre-login cookie (double submit). Checked here, once, for every route,
//! so a new form cannot forget it.

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

/// Forms here are small; anything bigger is refused before it is read whole.
pub const MAX_FORM_BYTES: usize = 256 * 1024;

pub async fn check(State(_): State<AppState>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let Some(expected) = req.extensions().get::<Ctx>().map(|c| c.csrf.clone()) else {
        return WebError::Csrf.into_response();
    };
    let header_token = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let is_multipart = req
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if is_multipart {
        // File uploads are not read here (they may be large): their token rides in the
        // action URL (`?csrf=…`), which the same-origin referrer policy keeps to this site.
        let query_token = req.uri().query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned())
        });
        let sent = header_token.or(query_token);
        if !sent.is_some_and(|s| bool::from(s.as_bytes().ct_eq(expected.as_bytes()))) {
            return WebError::Csrf.into_response();
        }
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
        return WebError::TooLarge.into_response();
    };
    let sent = header_token
        .or_else(|| form_urlencoded::parse(&bytes).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned()));
    let matches = sent.is_some_and(|s| bool::from(s.as_bytes().ct_eq(expected.as_bytes())));
    if !matches {
        tracing::warn!(path = %parts.uri.path(), "CSRF token missing or wrong");
        return WebError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}
