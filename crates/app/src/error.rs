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
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    pub fn field(field: &'static str, message: Message) -> AppError {
        AppError::Invalid(vec![FieldError::new(field, message)])
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
