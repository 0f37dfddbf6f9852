//! Errors of the web layer. A handler returns a [`WebError`]; it becomes a bare status with
//! a marker, and [`crate::middleware::errors::render`] turns that into a page in the user's
//! language with the request id. Causes go to the log, never to the page.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iryosec_app::{AppError, BoxError, Fault, cause_chain};
use iryosec_store::{StorageFault, StoreError};

#[derive(Debug)]
pub enum WebError {
    BadRequest,
    Forbidden,
    Csrf,
    NotFound,
    TooLarge,
    /// A body of a kind the route does not take (an upload where a form is expected).
    Unsupported,
    TooMany,
    /// The disk under the data is full, read-only or not ours to write (the cause is logged).
    Storage(StorageFault, String),
    /// The server's share for uploads or heavy jobs stayed taken for the whole wait.
    Busy,
    /// A fault of the program or the machine; its cause's chain goes to the log.
    Internal(BoxError),
}

/// Carried by an error response to the rendering middleware.
#[derive(Debug, Clone)]
pub struct ErrorMarker {
    pub csrf: bool,
    pub storage: Option<StorageFault>,
    pub cause: Option<String>,
}

impl WebError {
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::BadRequest => StatusCode::BAD_REQUEST,
            WebError::Forbidden | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::Unsupported => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            WebError::Busy => StatusCode::SERVICE_UNAVAILABLE,
            WebError::TooMany => StatusCode::TOO_MANY_REQUESTS,
            WebError::Storage(..) => StatusCode::SERVICE_UNAVAILABLE,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl WebError {
    /// Wraps a cause as an internal error saying what was being done:
    /// `.map_err(WebError::internal("upload"))`.
    pub fn internal<E: Into<BoxError>>(doing: &'static str) -> impl FnOnce(E) -> WebError {
        move |cause| WebError::Internal(Box::new(Fault::new(doing, cause)))
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut res = self.status().into_response();
        let (storage, cause) = match &self {
            WebError::Internal(e) => (None, Some(cause_chain(e.as_ref()))),
            WebError::Storage(fault, c) => (Some(*fault), Some(c.clone())),
            _ => (None, None),
        };
        res.extensions_mut().insert(ErrorMarker { csrf: matches!(self, WebError::Csrf), storage, cause });
        res
    }
}

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound => WebError::NotFound,
            AppError::Invalid(_) | AppError::AlreadySetUp => WebError::BadRequest,
            AppError::Refused(_) => WebError::Forbidden,
            AppError::Store(StoreError::Storage { fault, detail }) => WebError::Storage(fault, detail),
            other => WebError::Internal(Box::new(other)),
        }
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        WebError::from(AppError::from(e))
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::internal("template")(e)
    }
}

pub type WebResult<T> = Result<T, WebError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_internal_error_carries_its_whole_cause_to_the_log_and_not_to_the_page() {
        let failure = AppError::internal("ledger export")(std::io::Error::other("disk said no"));
        let response = WebError::from(failure).into_response();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let marker = response.extensions().get::<ErrorMarker>().unwrap();
        assert_eq!(marker.cause.as_deref(), Some("ledger export: disk said no"));
    }

    #[test]
    fn a_store_error_keeps_the_system_s_own_words() {
        let failure = AppError::from(StoreError::from(std::io::Error::other("bad sector")));
        let response = WebError::from(failure).into_response();
        let marker = response.extensions().get::<ErrorMarker>().unwrap();
        assert_eq!(marker.cause.as_deref(), Some("file: bad sector"));
    }
}
