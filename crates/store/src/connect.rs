//! Choosing and opening the database. The backend follows the URL scheme; a bare path is
//! refused rather than guessed, so a typo never silently creates an empty database.

use crate::error::{StoreError, StoreResult};
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        }
    }
}

/// Whether opening the database brings its schema up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MigrateMode {
    /// Run pending migrations (serve, admin commands).
    Run,
    /// Leave the schema as it is (backup: copy what is there, before any upgrade).
    Leave,
}

/// A parsed database URL. `Debug` and `Display` hide the password.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    /// `sqlite://PATH` (or `sqlite:PATH`) and `postgres://…` / `postgresql://…`.
    pub fn parse(url: &str) -> StoreResult<DatabaseUrl> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(url.to_owned()));
        }
        let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:"));
        match path {
            Some(p) if !p.is_empty() && !p.contains('?') => Ok(DatabaseUrl::Sqlite(PathBuf::from(p))),
            Some(_) => {
                Err(StoreError::Connect(format!("SQLite URL without a file path or with options: {url}")))
            }
            None => Err(StoreError::Connect(format!(
                "unknown database URL scheme in {}: use sqlite://PATH or postgres://USER@HOST/DB",
                redact(url)
            ))),
        }
    }

    pub fn sqlite_in(data_dir: &Path) -> DatabaseUrl {
        DatabaseUrl::Sqlite(data_dir.join("iryosec.sqlite3"))
    }

    pub fn backend(&self) -> Backend {
        match self {
            DatabaseUrl::Sqlite(_) => Backend::Sqlite,
            DatabaseUrl::Postgres(_) => Backend::Postgres,
        }
    }

    /// Where the data is written, as told to a person whose disk is full: the folder of the
    /// SQLite file (absolute), or the PostgreSQL server's URL with the password hidden.
    pub fn place(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => folder_of(path),
            DatabaseUrl::Postgres(url) => redact(url),
        }
    }
}

/// The folder a file is in, as an absolute path to show a person.
pub fn folder_of(file: &Path) -> String {
    let folder = file.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::path::absolute(folder).unwrap_or_else(|_| folder.to_owned()).display().to_string()
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatabaseUrl::Sqlite(p) => write!(f, "sqlite://{}", p.display()),
            DatabaseUrl::Postgres(u) => f.write_str(&redact(u)),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`; a `password=` query
/// parameter is masked too.
pub fn redact(url: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let base = match base.split_once("://").and_then(|(scheme, rest)| Some((scheme, rest.rsplit_once('@')?)))
    {
        Some((scheme, (credentials, host))) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => base.to_owned(),
        },
        None => base.to_owned(),
    };
    let Some(query) = query else { return base };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
            _ => pair.to_owned(),
        })
        .collect();
    format!("{base}?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_choose_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.sqlite3").unwrap(),
            DatabaseUrl::Sqlite("data/x.sqlite3".into())
        );
        assert_eq!(DatabaseUrl::parse("sqlite:/abs/x.db").unwrap(), DatabaseUrl::Sqlite("/abs/x.db".into()));
        assert_eq!(DatabaseUrl::parse("postgresql://h/db").unwrap().backend(), Backend::Postgres);
    }

    #[test]
    fn bare_paths_and_unknown_schemes_are_refused() {
        assert!(DatabaseUrl::parse("data/x.sqlite3").is_err());
        assert!(DatabaseUrl::parse("mysql://u:p@h/db").is_err());
        assert!(DatabaseUrl::parse("sqlite://").is_err());
    }

    #[test]
    fn the_place_of_the_data_is_its_folder_or_its_server() {
        let sqlite = DatabaseUrl::parse("sqlite:///srv/iryosec-data/iryosec.sqlite3").unwrap();
        assert_eq!(sqlite.place(), "/srv/iryosec-data");
        assert!(Path::new(&DatabaseUrl::parse("sqlite://x.db").unwrap().place()).is_absolute());
        let pg = DatabaseUrl::parse("postgres://iryo:s3cret@db.local/iryosec").unwrap();
        assert_eq!(pg.place(), "postgres://iryo:***@db.local/iryosec");
    }

    #[test]
    fn passwords_never_show() {
        let url = DatabaseUrl::parse("postgres://iryo:s3cret@db.local:5432/iryosec").unwrap();
        assert_eq!(url.to_string(), "postgres://iryo:***@db.local:5432/iryosec");
        assert!(!format!("{url:?}").contains("s3cret"));
        let err = DatabaseUrl::parse("mysql://u:hunter2@h/db").unwrap_err();
        assert!(!err.to_string().contains("hunter2"));
        let query = DatabaseUrl::parse("postgres://iryo@db/iryosec?sslmode=disable&password=s3cret").unwrap();
        assert_eq!(query.to_string(), "postgres://iryo@db/iryosec?sslmode=disable&password=***");
    }
}
