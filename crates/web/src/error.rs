//! Errors of the web layer. A handler returns a [`WebError`]; it becomes a bare status with
//! a marker, and [`crate::middleware::errors::render`] turns that into a page in the user's
//! language with the request id. Causes go to the log, never to the page.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iryosec_app::AppError;
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
    Internal(String),
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

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut res = self.status().into_response();
        let (storage, cause) = match &self {
            WebError::Internal(c) => (None, Some(c.clone())),
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
            other => WebError::Internal(other.to_string()),
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
        WebError::Internal(format!("template: {e}"))
    }
}

pub type WebResult<T> = Result<T, WebError>;
