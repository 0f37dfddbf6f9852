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
use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the request was abandoned by its client. Cheap to clone and to hand to a thread.
#[derive(Debug, Clone, Default)]
pub struct Cancelled(Arc<AtomicBool>);

impl Cancelled {
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// The flag itself, for code below `web` that takes an `Arc<AtomicBool>`.
    pub fn flag(&self) -> Arc<AtomicBool> {
        self.0.clone()
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
    flag: Option<Arc<AtomicBool>>,
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
            flag.store(true, Ordering::Relaxed);
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Cancelled {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(parts.extensions.get::<Cancelled>().cloned().unwrap_or_default())
    }
}
