//! Every state-changing request must send back the page's CSRF token (form field `csrf` or
//! header `X-CSRF-Token`). Logged in, the token belongs to the session; before login it is
//! the one in the pre-login cookie (double submit). Checked here, once, for every route,
//! so a new form cannot forget it. Multipart uploads carry it as their first field.

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
/// File uploads (evidence, Excel) are bigger; the routes set their own, smaller limits.
pub const MAX_UPLOAD_BYTES: usize = 11 * 1024 * 1024;

fn boundary_of(content_type: &str) -> Option<String> {
    content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_owned())
        .next()
}

/// The token of a multipart form: our upload forms send it as their first field, so only the
/// first part is looked at (and the token never has to travel in the URL).
pub fn first_part_csrf(body: &[u8], boundary: &str) -> Option<String> {
    let opening = format!("--{boundary}\r\n");
    let rest = body.strip_prefix(opening.as_bytes())?;
    let split = rest.windows(4).position(|w| w == b"\r\n\r\n")?;
    let headers = std::str::from_utf8(rest.get(..split)?).ok()?;
    let named_csrf = headers
        .lines()
        .any(|l| l.to_ascii_lowercase().starts_with("content-disposition:") && l.contains("name=\"csrf\""));
    if !named_csrf {
        return None;
    }
    let value = rest.get(split + 4..)?;
    let end = value.windows(2).position(|w| w == b"\r\n")?;
    std::str::from_utf8(value.get(..end)?).ok().map(str::to_owned)
}

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
    let limit = if is_multipart { MAX_UPLOAD_BYTES } else { MAX_FORM_BYTES };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, limit).await else {
        return WebError::TooLarge.into_response();
    };
    let sent = header_token.or_else(|| {
        if is_multipart {
            let content_type =
                parts.headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok());
            content_type.and_then(boundary_of).and_then(|b| first_part_csrf(&bytes, &b))
        } else {
            form_urlencoded::parse(&bytes).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned())
        }
    });
    let matches = sent.is_some_and(|s| bool::from(s.as_bytes().ct_eq(expected.as_bytes())));
    if !matches {
        tracing::warn!(path = %parts.uri.path(), "CSRF token missing or wrong");
        return WebError::Csrf.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_read_from_the_first_part_only() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok123\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n--XyZ--\r\n";
        assert_eq!(first_part_csrf(body, "XyZ").as_deref(), Some("tok123"));
        let file_first = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\ncsrf\r\n--XyZ--\r\n";
        assert_eq!(first_part_csrf(file_first, "XyZ"), None);
        assert_eq!(first_part_csrf(b"garbage", "XyZ"), None);
        assert_eq!(boundary_of("multipart/form-data; boundary=\"a b\"").as_deref(), Some("a b"));
    }
}
