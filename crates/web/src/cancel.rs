//! A request's cancellation flag. When a client goes away before its answer, hyper drops the
//! request's future (it notices the closed connection while the handler runs); work handed to
//! another thread (`spawn_blocking`: parsing a workbook, aggregating) does not stop with it.
//! The outermost layer, [`mark`], puts a [`Cancelled`] on every request and sets it when the
//! request's future is dropped unfinished, so such work can look at the flag between rows or
//! files and stop.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use iryosec_core::CancelToken;
use std::convert::Infallible;

/// Whether the request was abandoned by its client. Cheap to clone and to hand to a thread.
#[derive(Debug, Clone)]
pub struct Cancelled(CancelToken);

impl Default for Cancelled {
    fn default() -> Cancelled {
        Cancelled(CancelToken::new())
    }
}

impl Cancelled {
    pub fn is_set(&self) -> bool {
        self.0.is_cancelled()
    }

    /// The token the work below `web` (imports, aggregation) checks between rows or files.
    pub fn token(&self) -> &CancelToken {
        &self.0
    }
}

/// The layer: every request gets its flag, set if the request is dropped before its answer.
pub async fn mark(mut req: Request, next: Next) -> Response {
    let cancelled = Cancelled::default();
    req.extensions_mut().insert(cancelled.clone());
    let abandoned = OnDrop { flag: Some(cancelled.0) };
    let res = next.run(req).await;
    abandoned.finished();
    res
}

struct OnDrop {
    flag: Option<CancelToken>,
}

impl OnDrop {
    /// The request was answered: nothing to cancel.
    fn finished(mut self) {
        self.flag = None;
    }
}

impl Drop for OnDrop {
    fn drop(&mut self) {
        if let Some(flag) = self.flag.take() {
            flag.cancel();
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Cancelled {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(parts.extensions.get::<Cancelled>().cloned().unwrap_or_default())
    }
}
