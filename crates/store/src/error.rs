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
    /// The disk under the data is full, read-only, or not ours to write: nothing was changed,
    /// and the person must free space or fix the disk, not the configuration.
    #[error("storage ({fault:?}): {detail}")]
    Storage { fault: StorageFault, detail: String },
    #[error("file")]
    Io(#[source] std::io::Error),
    #[error("database")]
    Database(#[source] sqlx::Error),
}

/// Why the data could not be written, as the operating system or the database says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StorageFault {
    /// No space left (or the disk quota is used up).
    Full,
    /// The file system or the database accepts no writes.
    ReadOnly,
    /// This service account may not open or write the files (or the database's tables).
    Denied,
}

impl StorageFault {
    pub fn of_io(e: &std::io::Error) -> Option<StorageFault> {
        use std::io::ErrorKind;
        match e.kind() {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => Some(StorageFault::Full),
            ErrorKind::ReadOnlyFilesystem => Some(StorageFault::ReadOnly),
            ErrorKind::PermissionDenied => Some(StorageFault::Denied),
            _ => None,
        }
    }

    pub fn of_sqlx(e: &sqlx::Error) -> Option<StorageFault> {
        match e {
            sqlx::Error::Io(io) => StorageFault::of_io(io),
            sqlx::Error::Database(db) => {
                if let Some(pg) = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>() {
                    StorageFault::of_postgres_code(pg.code())
                } else {
                    let code = db.code()?.parse::<i32>().ok()?;
                    StorageFault::of_sqlite_code(code)
                }
            }
            _ => None,
        }
    }

    /// SQLite's result codes (extended codes carry the primary one in their low byte).
    fn of_sqlite_code(code: i32) -> Option<StorageFault> {
        // SQLITE_IOERR_SHMSIZE: opening a WAL database on a full disk cannot give its
        // shared-memory file room.
        if code == 4874 {
            return Some(StorageFault::Full);
        }
        match code & 0xff {
            13 => Some(StorageFault::Full),       // SQLITE_FULL
            8 => Some(StorageFault::ReadOnly),    // SQLITE_READONLY and its kinds
            3 | 14 => Some(StorageFault::Denied), // SQLITE_PERM, SQLITE_CANTOPEN
            _ => None,
        }
    }

    /// PostgreSQL's SQLSTATE codes.
    fn of_postgres_code(code: &str) -> Option<StorageFault> {
        match code {
            "53100" => Some(StorageFault::Full),     // disk_full
            "25006" => Some(StorageFault::ReadOnly), // read_only_sql_transaction
            "42501" => Some(StorageFault::Denied),   // insufficient_privilege
            _ => None,
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let Some(fault) = StorageFault::of_sqlx(&e) {
            return StoreError::Storage { fault, detail: e.to_string() };
        }
        match e {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            other => StoreError::Database(other),
        }
    }
}

impl From<std::io::Error> for StoreError {
    fn from(e: std::io::Error) -> Self {
        match StorageFault::of_io(&e) {
            Some(fault) => StoreError::Storage { fault, detail: e.to_string() },
            None => StoreError::Io(e),
        }
    }
}

impl StoreError {
    /// An error met while opening the database: a storage fault stays one (a full disk is not
    /// a wrong password), anything else is a connection problem described by `what`.
    pub(crate) fn on_connect(what: &str, e: sqlx::Error) -> StoreError {
        match StorageFault::of_sqlx(&e) {
            Some(fault) => StoreError::Storage { fault, detail: format!("{what}: {e}") },
            None => StoreError::Connect(format!("{what}: {e}")),
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Error, ErrorKind};

    #[test]
    fn full_read_only_and_forbidden_disks_are_told_apart_from_other_errors() {
        assert_eq!(StorageFault::of_postgres_code("53100"), Some(StorageFault::Full));
        assert_eq!(StorageFault::of_postgres_code("25006"), Some(StorageFault::ReadOnly));
        assert_eq!(StorageFault::of_postgres_code("42501"), Some(StorageFault::Denied));
        assert_eq!(StorageFault::of_postgres_code("28P01"), None, "a wrong password is not a disk");
        assert_eq!(StorageFault::of_sqlite_code(13), Some(StorageFault::Full));
        assert_eq!(StorageFault::of_sqlite_code(8 | (3 << 8)), Some(StorageFault::ReadOnly));
        assert_eq!(StorageFault::of_sqlite_code(4874), Some(StorageFault::Full));
        assert_eq!(StorageFault::of_sqlite_code(5), None, "busy is not a disk");
        assert_eq!(StorageFault::of_sqlite_code(778), None, "a failed write is not always a full disk");
        assert_eq!(StorageFault::of_io(&Error::from(ErrorKind::StorageFull)), Some(StorageFault::Full));
        assert_eq!(
            StorageFault::of_io(&Error::from(ErrorKind::ReadOnlyFilesystem)),
            Some(StorageFault::ReadOnly)
        );
        assert_eq!(
            StorageFault::of_io(&Error::from(ErrorKind::PermissionDenied)),
            Some(StorageFault::Denied)
        );
        assert!(matches!(StoreError::from(Error::from(ErrorKind::NotFound)), StoreError::Io(_)));
    }
}
