use iryosec_core::{FieldError, Message};
use iryosec_store::StoreError;

pub type AppResult<T> = Result<T, AppError>;

/// A cause of any kind, kept with its own causes.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// An internal failure: what was being done, and why it failed. The cause's chain is kept for
/// the log ([`cause_chain`]); a person sees only that something went wrong.
#[derive(Debug, thiserror::Error)]
#[error("{doing}")]
pub struct Fault {
    doing: &'static str,
    #[source]
    cause: BoxError,
}

impl Fault {
    pub fn new(doing: &'static str, cause: impl Into<BoxError>) -> Fault {
        Fault { doing, cause: cause.into() }
    }
}

/// An error and each of its causes on one line (`ledger export: No space left on device`),
/// as the log gets it.
pub fn cause_chain(e: &(dyn std::error::Error + 'static)) -> String {
    std::iter::successors(Some(e), |e| e.source()).map(ToString::to_string).collect::<Vec<_>>().join(": ")
}

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
    #[error(transparent)]
    Internal(Fault),
}

impl From<iryosec_core::Cancelled> for AppError {
    fn from(_: iryosec_core::Cancelled) -> Self {
        AppError::Cancelled
    }
}

impl AppError {
    /// Wraps a cause as an internal error saying what was being done:
    /// `.map_err(AppError::internal("ledger export"))`.
    pub fn internal<E: Into<BoxError>>(doing: &'static str) -> impl FnOnce(E) -> AppError {
        move |cause| AppError::Internal(Fault::new(doing, cause))
    }

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
