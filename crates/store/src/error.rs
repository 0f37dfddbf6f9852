use iryosec_core::Message;

pub type StoreResult<T> = Result<T, StoreError>;

/// What can go wrong in the store. The variants a person can act on carry what to tell them;
/// the rest are logged with their cause and shown as an internal error with a request id.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique value is taken (e.g. a login id).
    #[error("already exists: {0}")]
    Conflict(&'static str),
    /// First-run setup was already completed.
    #[error("setup was already completed")]
    AlreadySetUp,
    /// A rule of the domain refused the change (e.g. removing the last administrator).
    #[error("refused: {}", .0.key)]
    Refused(Message),
    /// Stored data that the domain cannot read: the database was edited by hand.
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    #[error("cannot open the database: {0}")]
    Connect(String),
    #[error("database schema: {0}")]
    Migrate(String),
    /// The audit log's key was not given to the store, so nothing can be sealed or verified.
    #[error("the audit log's key is not loaded")]
    NoAuditKey,
    #[error("backup: {0}")]
    Backup(String),
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
    #[error("database: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            other => StoreError::Database(other),
        }
    }
}

/// Turns a unique-constraint violation into [`StoreError::Conflict`] naming `what`.
pub(crate) fn on_unique(what: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match e.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Conflict(what),
        _ => StoreError::from(e),
    }
}
