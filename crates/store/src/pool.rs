//! The two connection pools behind one [`SqlStore`], and how each is opened.

use crate::connect::{Backend, DatabaseUrl, MigrateMode};
use crate::error::{StorageFault, StoreError, StoreResult};
use iryosec_core::audit::AuditKey;
use sqlx::migrate::{MigrateError, Migrator};
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::time::Duration;

pub(crate) static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
pub(crate) static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs the same code against whichever pool is open: the body is compiled once per
/// backend, with `$p` bound to `&SqlitePool` or `&PgPool`. The SQL it uses is shared.
macro_rules! with_pool {
    ($pool:expr, |$p:ident| $body:expr) => {
        match $pool {
            $crate::pool::Pool::Sqlite($p) => $body,
            $crate::pool::Pool::Postgres($p) => $body,
        }
    };
}
pub(crate) use with_pool;

/// Runs a [`crate::sql::JsonRows`] query with the binds given to `$q` and reads its objects into
/// a `Vec` of rows.
macro_rules! fetch_json_rows {
    ($pool:expr, $query:expr, |$q:ident| $binds:expr) => {{
        let text: String = match $pool {
            $crate::pool::Pool::Sqlite(p) => {
                let $q = sqlx::query_scalar($query.sqlite);
                $binds.fetch_one(p).await?
            }
            $crate::pool::Pool::Postgres(p) => {
                let $q = sqlx::query_scalar($query.postgres);
                $binds.fetch_one(p).await?
            }
        };
        serde_json::from_str(&text)
            .map_err(|e| $crate::error::StoreError::Corrupt(format!("{e} in {text:.200}")))
    }};
}
pub(crate) use fetch_json_rows;

/// The store, on SQLite or PostgreSQL.
#[derive(Debug, Clone)]
pub struct SqlStore {
    pub(crate) pool: Pool,
    pub(crate) url: DatabaseUrl,
    /// Seals every audit entry; without it nothing that writes the log can be done.
    pub(crate) audit_key: Option<AuditKey>,
}

const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

impl SqlStore {
    /// Opens (and for SQLite creates) the database; with [`MigrateMode::Run`] brings the
    /// schema up to date.
    pub async fn connect(url: &DatabaseUrl, mode: MigrateMode) -> StoreResult<SqlStore> {
        let pool = match url {
            DatabaseUrl::Sqlite(path) => Pool::Sqlite(open_sqlite(path, true).await?),
            DatabaseUrl::Postgres(u) => Pool::Postgres(open_postgres(u).await?),
        };
        let store = SqlStore { pool, url: url.clone(), audit_key: None };
        if mode == MigrateMode::Run {
            store.migrate().await?;
        }
        Ok(store)
    }

    /// Opens an existing SQLite file without creating it.
    pub async fn open_existing_sqlite(path: &std::path::Path) -> StoreResult<SqlStore> {
        let pool = Pool::Sqlite(open_sqlite(path, false).await?);
        Ok(SqlStore { pool, url: DatabaseUrl::Sqlite(path.to_owned()), audit_key: None })
    }

    /// The store with the key that seals and verifies the audit log.
    pub fn with_audit_key(mut self, key: AuditKey) -> SqlStore {
        self.audit_key = Some(key);
        self
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    pub async fn migrate(&self) -> StoreResult<()> {
        let result = match &self.pool {
            Pool::Sqlite(p) => SQLITE_MIGRATIONS.run(p).await,
            Pool::Postgres(p) => POSTGRES_MIGRATIONS.run(p).await,
        };
        result.map_err(describe_migrate_error)
    }

    /// The newest migration applied to the database (0 when none).
    pub async fn schema_version(&self) -> StoreResult<i64> {
        let version: Option<i64> =
            with_pool!(&self.pool, |p| { sqlx::query_scalar(crate::sql::SCHEMA_VERSION).fetch_one(p).await })
                .map_err(|e| StoreError::Migrate(format!("no iryosec schema found ({e})")))?;
        Ok(version.unwrap_or(0))
    }

    /// The newest migration this binary knows.
    pub fn known_schema_version(backend: Backend) -> i64 {
        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.iter().map(|m| m.version).max().unwrap_or(0)
    }

    pub async fn close(&self) {
        with_pool!(&self.pool, |p| p.close().await);
    }
}

async fn open_sqlite(path: &std::path::Path, create: bool) -> StoreResult<SqlitePool> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(create)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(BUSY_TIMEOUT)
        .foreign_keys(true);
    SqlitePoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| StoreError::on_connect(&path.display().to_string(), e))
}

async fn open_postgres(url: &str) -> StoreResult<PgPool> {
    // One direct attempt first: the pool would retry a refused connection until its acquire
    // timeout, leaving a person with a wrong URL waiting for nothing.
    let fail = |e: sqlx::Error| StoreError::on_connect(&crate::connect::redact(url), e);
    let options: sqlx::postgres::PgConnectOptions = url.parse().map_err(fail)?;
    let probe = <sqlx::PgConnection as sqlx::Connection>::connect_with(&options).await.map_err(fail)?;
    sqlx::Connection::close(probe).await.map_err(fail)?;
    PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await
        .map_err(fail)
}

fn describe_migrate_error(e: MigrateError) -> StoreError {
    match e {
        MigrateError::VersionMissing(v) => StoreError::Migrate(format!(
            "the database was upgraded by a newer iryosec (migration {v} is unknown to this version); \
             use that version or newer"
        )),
        MigrateError::VersionMismatch(v) => {
            StoreError::Migrate(format!("migration {v} differs from the one applied to this database"))
        }
        MigrateError::Execute(e) | MigrateError::ExecuteMigration(e, _)
            if StorageFault::of_sqlx(&e).is_some() =>
        {
            StoreError::from(e)
        }
        other => StoreError::Migrate(other.to_string()),
    }
}

#[async_trait::async_trait]
impl crate::Store for SqlStore {
    fn backend(&self) -> Backend {
        self.url.backend()
    }

    fn data_place(&self) -> String {
        self.url.place()
    }
}
