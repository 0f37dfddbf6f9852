//! Files sent to the browser as downloads, named in Japanese.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};

pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const CSV: &str = "text/csv; charset=utf-8";

/// Always a download, never rendered in the browser. The name is given twice (RFC 5987): in
/// full, percent-encoded, and as `ascii_name` for old clients.
pub fn attachment(bytes: Vec<u8>, content_type: &str, file_name: &str, ascii_name: &str) -> Response {
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        h.insert(header::CONTENT_TYPE, v);
    }
    let encoded: String =
        form_urlencoded::byte_serialize(file_name.as_bytes()).collect::<String>().replace('+', "%20");
    let value = format!("attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}");
    if let Ok(v) = HeaderValue::from_str(&value) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}
