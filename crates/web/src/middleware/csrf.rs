//! Every state-changing request must send back the page's CSRF token (form field `csrf` or
//! header `X-CSRF-Token`). Logged in, the token belongs to the session; before login it is
//! the one in the pre-login cookie (double submit). The route's guard calls [`verify`] once
//! access is granted, so a new form cannot forget it and no body is read for a refused request.
//!
//! A small form is read whole (within the limit the guard gives). A multipart upload carries
//! the token as its first field: only that first part is read from the stream, and the upload
//! is handed on with those bytes put back in front of the unread rest.

use crate::error::WebError;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::Request;
use axum::http::header;
use http_body::{Frame, SizeHint};
use http_body_util::BodyExt;
use std::pin::Pin;
use std::task::{Context, Poll};
use subtle::ConstantTimeEq;

/// The first part of an upload (boundary, headers, token) fits in this; more is not a token.
pub const FIRST_PART_CAP: usize = 4 * 1024;

/// A multipart request's boundary, from its `Content-Type`.
pub fn multipart_boundary(content_type: &str) -> Option<String> {
    if !content_type.trim_start().to_ascii_lowercase().starts_with("multipart/form-data") {
        return None;
    }
    content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_owned())
        .next()
}

/// What the bytes read so far say about the first part of a multipart body.
#[derive(Debug, PartialEq, Eq)]
pub enum FirstPart {
    /// More bytes are needed to tell.
    Incomplete,
    /// The first part is the `csrf` field with this value.
    Token(String),
    /// The first part is something else, or not multipart at all.
    NotAToken,
}

/// Reads the token of a multipart form from its beginning: our upload forms send it as their
/// first field, so only the first part is looked at (and the token never travels in the URL).
pub fn first_part(body: &[u8], boundary: &str) -> FirstPart {
    let opening = format!("--{boundary}\r\n");
    let Some(rest) = body.strip_prefix(opening.as_bytes()) else {
        let may_come = body.len() < opening.len() && opening.as_bytes().starts_with(body);
        return if may_come { FirstPart::Incomplete } else { FirstPart::NotAToken };
    };
    let Some(split) = rest.windows(4).position(|w| w == b"\r\n\r\n") else { return FirstPart::Incomplete };
    let headers = rest.get(..split).and_then(|h| std::str::from_utf8(h).ok()).unwrap_or_default();
    let named_csrf = headers
        .lines()
        .any(|l| l.to_ascii_lowercase().starts_with("content-disposition:") && l.contains("name=\"csrf\""));
    if !named_csrf {
        return FirstPart::NotAToken;
    }
    let value = rest.get(split + 4..).unwrap_or_default();
    let Some(end) = value.windows(2).position(|w| w == b"\r\n") else { return FirstPart::Incomplete };
    match value.get(..end).and_then(|v| std::str::from_utf8(v).ok()) {
        Some(token) => FirstPart::Token(token.to_owned()),
        None => FirstPart::NotAToken,
    }
}

fn same(sent: &str, expected: &str) -> bool {
    bool::from(sent.as_bytes().ct_eq(expected.as_bytes()))
}

/// Checks the token of a state-changing request and hands the request on with its body
/// intact. `form_limit` bounds a form read whole; an upload is never read past its first part.
pub async fn verify(req: Request, expected: &str, form_limit: usize) -> Result<Request, WebError> {
    let header_token = req.headers().get("x-csrf-token").and_then(|v| v.to_str().ok());
    if let Some(sent) = header_token {
        return if same(sent, expected) { Ok(req) } else { Err(refused(&req)) };
    }
    let boundary =
        req.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).and_then(multipart_boundary);
    let (parts, body) = req.into_parts();
    let (sent, body) = match boundary {
        Some(boundary) => {
            let (prefix, sent, rest) = read_first_part(body, &boundary).await?;
            (sent, Body::new(Prefixed { prefix: Some(prefix), rest }))
        }
        None => {
            let bytes = to_bytes(body, form_limit).await.map_err(|_| WebError::TooLarge)?;
            let sent = form_urlencoded::parse(&bytes).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned());
            (sent, Body::from(bytes))
        }
    };
    let req = Request::from_parts(parts, body);
    match sent {
        Some(s) if same(&s, expected) => Ok(req),
        _ => Err(refused(&req)),
    }
}

fn refused(req: &Request) -> WebError {
    tracing::warn!(path = %req.uri().path(), "CSRF token missing or wrong");
    WebError::Csrf
}

/// Reads from the stream until the first part is complete (at most [`FIRST_PART_CAP`] bytes).
async fn read_first_part(mut body: Body, boundary: &str) -> Result<(Bytes, Option<String>, Body), WebError> {
    let mut seen = Vec::new();
    loop {
        match first_part(&seen, boundary) {
            FirstPart::Token(t) => return Ok((Bytes::from(seen), Some(t), body)),
            FirstPart::NotAToken => return Ok((Bytes::from(seen), None, body)),
            FirstPart::Incomplete if seen.len() > FIRST_PART_CAP => {
                return Ok((Bytes::from(seen), None, body));
            }
            FirstPart::Incomplete => {}
        }
        match body.frame().await {
            Some(Ok(frame)) => {
                if let Ok(data) = frame.into_data() {
                    seen.extend_from_slice(&data);
                }
            }
            Some(Err(_)) => return Err(WebError::BadRequest),
            None => return Ok((Bytes::from(seen), None, body)),
        }
    }
}

/// A body whose first bytes were already read: they come first, then the unread rest.
struct Prefixed {
    prefix: Option<Bytes>,
    rest: Body,
}

impl http_body::Body for Prefixed {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        if let Some(prefix) = self.prefix.take().filter(|p| !p.is_empty()) {
            return Poll::Ready(Some(Ok(Frame::data(prefix))));
        }
        Pin::new(&mut self.rest).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.prefix.as_ref().is_none_or(Bytes::is_empty) && self.rest.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        let before = self.prefix.as_ref().map_or(0, |p| p.len() as u64);
        let rest = self.rest.size_hint();
        let mut hint = SizeHint::new();
        hint.set_lower(rest.lower() + before);
        if let Some(upper) = rest.upper() {
            hint.set_upper(upper + before);
        }
        hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_read_from_the_first_part_only() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok123\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n--XyZ--\r\n";
        assert_eq!(first_part(body, "XyZ"), FirstPart::Token("tok123".into()));
        let file_first = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\ncsrf\r\n--XyZ--\r\n";
        assert_eq!(first_part(file_first, "XyZ"), FirstPart::NotAToken);
        assert_eq!(first_part(b"garbage", "XyZ"), FirstPart::NotAToken);
        assert_eq!(first_part(b"--Xy", "XyZ"), FirstPart::Incomplete);
        assert_eq!(first_part(&body[..60], "XyZ"), FirstPart::Incomplete);
        assert_eq!(multipart_boundary("multipart/form-data; boundary=\"a b\"").as_deref(), Some("a b"));
        assert_eq!(multipart_boundary("text/plain; boundary=x"), None);
    }

    #[tokio::test]
    async fn an_upload_is_handed_on_whole_after_its_token_was_read() {
        let mut body = b"--B\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nTOKEN\r\n".to_vec();
        body.extend(std::iter::repeat_n(b'x', 100_000));
        let req = Request::builder()
            .method("POST")
            .header(header::CONTENT_TYPE, "multipart/form-data; boundary=B")
            .body(Body::from(body.clone()))
            .unwrap();
        let passed = verify(req, "TOKEN", 10).await.unwrap();
        let again = to_bytes(passed.into_body(), usize::MAX).await.unwrap();
        assert_eq!(again.as_ref(), body.as_slice());
    }
}
