//! The fuzz target of the upload form: any body under any boundary, cut into chunks of any
//! size, read the way [`crate::upload::Upload`] reads a request. The `fuzz/` crate runs it under
//! libFuzzer (`cargo fuzz run multipart`); the tests replay `fuzz/corpus/multipart/` on the
//! stable toolchain.
//!
//! Whatever the body holds is an error at worst. Besides not panicking, a form that is read
//! keeps the upload's promises: no more file bytes than the route's limit, each file on disk
//! exactly as long as it says, no unnamed or empty file, and nothing left in the upload
//! folder once the request is done, whether the form was read or refused.

use crate::upload::{MAX_FILES, Received};
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Multipart, Request};
use http_body::Frame;
use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

mod seeds;
pub use seeds::seeds;

/// The route's limit when the control byte asks for a small one: reached by the first file.
const SMALL_LIMIT: usize = 256;
/// The limit otherwise: larger than any input the fuzzer makes.
const LARGE_LIMIT: usize = 4 * 1024 * 1024;

/// A request body handed over in chunks of one size, as a slow or odd client would send it.
struct Chunked {
    rest: Bytes,
    size: usize,
}

impl http_body::Body for Chunked {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if self.rest.is_empty() {
            return Poll::Ready(None);
        }
        let size = self.size.min(self.rest.len());
        Poll::Ready(Some(Ok(Frame::data(self.rest.split_to(size)))))
    }
}

/// One fuzz input: the control byte (chunk size in its low six bits, the small limit in bit
/// 6), the boundary up to the first line end, then the body.
struct Input<'a> {
    chunk: usize,
    limit: usize,
    boundary: &'a [u8],
    body: &'a [u8],
}

impl<'a> Input<'a> {
    fn split(data: &'a [u8]) -> Option<Self> {
        let (&control, rest) = data.split_first()?;
        let end = rest.iter().position(|&b| b == b'\n')?;
        let boundary = rest[..end].strip_suffix(b"\r").unwrap_or(&rest[..end]);
        Some(Input {
            chunk: 1 + usize::from(control & 0x3f),
            limit: if control & 0x40 == 0 { LARGE_LIMIT } else { SMALL_LIMIT },
            boundary,
            body: &rest[end + 1..],
        })
    }

    fn request(&self) -> Option<Request> {
        let boundary = std::str::from_utf8(self.boundary).ok()?;
        let body = Chunked { rest: Bytes::copy_from_slice(self.body), size: self.chunk };
        Request::builder()
            .method("POST")
            .header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(Body::new(body))
            .ok()
    }
}

/// The upload form reader on one request made of `data`.
pub fn multipart(data: &[u8]) {
    let Some(input) = Input::split(data) else { return };
    let Some(request) = input.request() else { return };
    let (Ok(runtime), Ok(dir)) = (tokio::runtime::Builder::new_current_thread().build(), tempfile::tempdir())
    else {
        return;
    };
    let received = runtime.block_on(async {
        let multipart = Multipart::from_request(request, &()).await.ok()?;
        Received::all(multipart, dir.path(), input.limit).await.ok()
    });
    if let Some(received) = received {
        keeps_its_promises(&received, input.limit);
    }
    let left = std::fs::read_dir(dir.path()).map(Iterator::count).unwrap_or(0);
    assert_eq!(left, 0, "the upload folder keeps files after the request");
}

fn keeps_its_promises(received: &Received, limit: usize) {
    assert!(received.files.len() <= MAX_FILES, "more files than a form may carry");
    let mut total = 0;
    for file in &received.files {
        assert!(file.size > 0 && !file.file_name.is_empty(), "an empty or unnamed file was kept");
        let on_disk = std::fs::metadata(file.path()).map(|m| m.len()).unwrap_or(0);
        assert_eq!(on_disk, file.size as u64, "a file on disk is not as long as it says");
        total += file.size;
    }
    assert!(total <= limit, "the files are larger than the route's limit");
}

#[cfg(test)]
mod tests;
