use iryosec_core::{FieldError, Message};
use iryosec_store::StoreError;

pub type AppResult<T> = Result<T, AppError>;

/// Why a use case did not happen. `Invalid` and `Refused` are for the person; the rest are
/// for the log (and a request id on screen).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error("refused: {}", .0.key)]
    Refused(Message),
    #[error("not found")]
    NotFound,
    #[error("setup was already completed")]
    AlreadySetUp,
    #[error(transparent)]
    Store(StoreError),
    /// The work was abandoned (its [`iryosec_core::CancelToken`] was cancelled); nothing was written.
    #[error("cancelled")]
    Cancelled,
    #[error("internal: {0}")]
    Internal(String),
}

impl From<iryosec_core::Cancelled> for AppError {
    fn from(_: iryosec_core::Cancelled) -> Self {
        AppError::Cancelled
    }
}

impl AppError {
    pub fn field(field: &'static str, message: Message) -> AppError {
        AppError::Invalid(vec![FieldError::new(field, message)])
    }

    /// A file that could not be read: `Cancelled` when its reading was abandoned, otherwise the
    /// reader's message on `field`.
    pub fn unread_file(
        field: &'static str,
        message: Message,
        cancel: &iryosec_core::CancelToken,
    ) -> AppError {
        if cancel.is_cancelled() { AppError::Cancelled } else { AppError::field(field, message) }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::AlreadySetUp => AppError::AlreadySetUp,
            StoreError::Refused(m) => AppError::Refused(m),
            StoreError::Conflict("login_id") => {
                AppError::field("login_id", Message::new("user.error.login_id_taken"))
            }
            other => AppError::Store(other),
        }
    }
}
