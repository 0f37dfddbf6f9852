//! Backup and restore.
//!
//! * SQLite: `VACUUM INTO` writes a consistent, compact copy of the database file while the
//!   server keeps running. The backup *is* a SQLite database; restoring copies it into place.
//! * PostgreSQL: a gzip-compressed JSON-lines dump read inside one `REPEATABLE READ`
//!   snapshot, so it is consistent too. Restoring loads it into an empty database in one
//!   transaction. It needs no `pg_dump` of a matching version on the machine.
//!
//! Nothing is ever half-written: backups go to a `.partial` file that is linked into place
//! only when complete, and an existing file is never overwritten.

use crate::error::{StoreError, StoreResult};
use crate::pool::{Pool, SqlStore, with_pool};
use crate::{Backend, DatabaseUrl, MigrateMode, sql};
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// Reports progress of long work; the CLI shows a bar, tests ignore it.
pub trait Progress: Send + Sync {
    fn start(&self, total: u64, what: &str);
    fn advance(&self, n: u64);
    fn finish(&self);
}

pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64, _: &str) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BackupSummary {
    pub path: PathBuf,
    pub backend: &'static str,
    pub bytes: u64,
    pub schema_version: i64,
    /// Rows written (PostgreSQL dumps); `None` for SQLite file copies.
    pub rows: Option<u64>,
}

/// What kind of backup a file is, judged by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupKind {
    SqliteFile,
    Dump,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const DUMP_FORMAT: &str = "iryosec-dump";

pub fn detect(path: &Path) -> StoreResult<BackupKind> {
    let mut head = [0u8; 16];
    let mut file = File::open(path)?;
    let n = file.read(&mut head)?;
    if n == 16 && &head == SQLITE_MAGIC {
        Ok(BackupKind::SqliteFile)
    } else if n >= 2 && head[..2] == GZIP_MAGIC {
        Ok(BackupKind::Dump)
    } else {
        Err(StoreError::Backup(format!(
            "{} is not an iryosec backup (neither a SQLite file nor a dump)",
            path.display()
        )))
    }
}

fn partial_path(dest: &Path) -> PathBuf {
    let mut name = dest.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".partial");
    dest.with_file_name(name)
}

/// Moves a finished file into place without ever replacing an existing one. Hard links make
/// that atomic; file systems without them (FAT and exFAT media, many network shares) get a
/// copy into a file created new, synced before the partial file goes.
fn publish(partial: &Path, dest: &Path) -> StoreResult<u64> {
    let exists = || StoreError::Backup(format!("{} already exists", dest.display()));
    let result = match std::fs::hard_link(partial, dest) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
        Err(_) => copy_new(partial, dest).map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => exists(),
            _ => StoreError::from(e),
        }),
    };
    let _ = std::fs::remove_file(partial);
    result?;
    Ok(std::fs::metadata(dest)?.len())
}

fn copy_new(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut out = File::create_new(to)?;
    let copied = std::io::copy(&mut File::open(from)?, &mut out).and_then(|_| out.sync_all());
    if copied.is_err() {
        let _ = std::fs::remove_file(to);
    }
    copied
}

impl SqlStore {
    /// Writes a consistent backup to `dest`, which must not exist yet.
    pub async fn backup_to(&self, dest: &Path, progress: &dyn Progress) -> StoreResult<BackupSummary> {
        if dest.exists() {
            return Err(StoreError::Backup(format!(
                "{} already exists; choose a new file name",
                dest.display()
            )));
        }
        let partial = partial_path(dest);
        let _ = std::fs::remove_file(&partial);
        let schema_version = self.schema_version().await?;
        let written = match &self.pool {
            Pool::Sqlite(p) => {
                progress.start(0, "VACUUM INTO");
                let done = sqlite_backup(p, &partial).await.map(|()| None);
                progress.finish();
                done
            }
            Pool::Postgres(p) => dump_postgres(p, &partial, schema_version, progress).await.map(Some),
        };
        let rows = match written {
            Ok(rows) => rows,
            Err(e) => {
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
        };
        let bytes = publish(&partial, dest)?;
        Ok(BackupSummary {
            path: dest.to_owned(),
            backend: self.url.backend().name(),
            bytes,
            schema_version,
            rows,
        })
    }
}

async fn sqlite_backup(pool: &sqlx::SqlitePool, partial: &Path) -> StoreResult<()> {
    let target =
        partial.to_str().ok_or_else(|| StoreError::Backup("backup path is not valid UTF-8".into()))?;
    sqlx::query("VACUUM INTO $1").bind(target).execute(pool).await?;
    check_sqlite_file(partial).await.map(|_| ())
}

/// Opens a SQLite file read-only and checks it is a whole iryosec database; returns its
/// schema version.
pub async fn check_sqlite_file(path: &Path) -> StoreResult<i64> {
    let bad = |why: String| StoreError::Backup(format!("{}: {why}", path.display()));
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| bad(format!("cannot be opened as SQLite ({e})")))?;
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .map_err(|e| bad(format!("damaged ({e})")))?;
    if check != "ok" {
        return Err(bad(format!("damaged ({check})")));
    }
    let version: Option<i64> = sqlx::query_scalar(sql::SCHEMA_VERSION)
        .fetch_one(&mut conn)
        .await
        .map_err(|_| bad("not an iryosec database".into()))?;
    let _: i64 = sqlx::query_scalar(sql::INSTITUTION_COUNT)
        .fetch_one(&mut conn)
        .await
        .map_err(|_| bad("not an iryosec database".into()))?;
    conn.close().await.map_err(StoreError::from)?;
    let version = version.unwrap_or(0);
    if version > SqlStore::known_schema_version(Backend::Sqlite) {
        return Err(bad("made by a newer iryosec; restore it with that version".into()));
    }
    Ok(version)
}

#[derive(Serialize, Deserialize)]
struct DumpHeader {
    format: String,
    format_version: u32,
    schema_version: i64,
}

#[derive(Serialize, Deserialize)]
struct TableHeader {
    table: String,
    rows: u64,
}

#[derive(Serialize, Deserialize)]
struct DumpEnd {
    end: bool,
    rows: u64,
}

/// The tables of a dump, parents before children. Sessions are left out on purpose: a
/// restored database starts with everyone logged out.
const DUMP_TABLES: [(&str, &str, &str, &str); 34] = [
    (
        "server_settings",
        "SELECT COUNT(*) FROM server_settings",
        "SELECT row_to_json(t)::text FROM server_settings t ORDER BY key",
        "INSERT INTO server_settings SELECT * FROM json_populate_record(NULL::server_settings, $1::json)",
    ),
    (
        "catalog_editions",
        "SELECT COUNT(*) FROM catalog_editions",
        "SELECT row_to_json(t)::text FROM catalog_editions t ORDER BY id, version",
        "INSERT INTO catalog_editions SELECT * FROM json_populate_record(NULL::catalog_editions, $1::json)",
    ),
    (
        "lifecycle_bundles",
        "SELECT COUNT(*) FROM lifecycle_bundles",
        "SELECT row_to_json(t)::text FROM lifecycle_bundles t ORDER BY id",
        "INSERT INTO lifecycle_bundles SELECT * FROM json_populate_record(NULL::lifecycle_bundles, $1::json)",
    ),
    (
        "institutions",
        "SELECT COUNT(*) FROM institutions",
        "SELECT row_to_json(t)::text FROM institutions t ORDER BY id",
        "INSERT INTO institutions SELECT * FROM json_populate_record(NULL::institutions, $1::json)",
    ),
    (
        "users",
        "SELECT COUNT(*) FROM users",
        "SELECT row_to_json(t)::text FROM users t ORDER BY id",
        "INSERT INTO users SELECT * FROM json_populate_record(NULL::users, $1::json)",
    ),
    (
        "assessments",
        "SELECT COUNT(*) FROM assessments",
        "SELECT row_to_json(t)::text FROM assessments t ORDER BY id",
        "INSERT INTO assessments SELECT * FROM json_populate_record(NULL::assessments, $1::json)",
    ),
    (
        "assessment_answers",
        "SELECT COUNT(*) FROM assessment_answers",
        "SELECT row_to_json(t)::text FROM assessment_answers t ORDER BY assessment_id, item_key, scope",
        "INSERT INTO assessment_answers SELECT * FROM json_populate_record(NULL::assessment_answers, $1::json)",
    ),
    (
        "evidence_files",
        "SELECT COUNT(*) FROM evidence_files",
        "SELECT row_to_json(t)::text FROM evidence_files t ORDER BY id",
        "INSERT INTO evidence_files SELECT * FROM json_populate_record(NULL::evidence_files, $1::json)",
    ),
    (
        "assets",
        "SELECT COUNT(*) FROM assets",
        "SELECT row_to_json(t)::text FROM assets t ORDER BY id",
        "INSERT INTO assets SELECT * FROM json_populate_record(NULL::assets, $1::json)",
    ),
    (
        "import_layouts",
        "SELECT COUNT(*) FROM import_layouts",
        "SELECT row_to_json(t)::text FROM import_layouts t ORDER BY id",
        "INSERT INTO import_layouts SELECT * FROM json_populate_record(NULL::import_layouts, $1::json)",
    ),
    (
        "asset_sightings",
        "SELECT COUNT(*) FROM asset_sightings",
        "SELECT row_to_json(t)::text FROM asset_sightings t ORDER BY institution_id, asset_id",
        "INSERT INTO asset_sightings SELECT * FROM json_populate_record(NULL::asset_sightings, $1::json)",
    ),
    (
        "discovery_imports",
        "SELECT COUNT(*) FROM discovery_imports",
        "SELECT row_to_json(t)::text FROM discovery_imports t ORDER BY id",
        "INSERT INTO discovery_imports SELECT * FROM json_populate_record(NULL::discovery_imports, $1::json)",
    ),
    (
        "register_records",
        "SELECT COUNT(*) FROM register_records",
        "SELECT row_to_json(t)::text FROM register_records t ORDER BY id",
        "INSERT INTO register_records SELECT * FROM json_populate_record(NULL::register_records, $1::json)",
    ),
    (
        "record_files",
        "SELECT COUNT(*) FROM record_files",
        "SELECT row_to_json(t)::text FROM record_files t ORDER BY id",
        "INSERT INTO record_files SELECT * FROM json_populate_record(NULL::record_files, $1::json)",
    ),
    (
        "vendor_sheets",
        "SELECT COUNT(*) FROM vendor_sheets",
        "SELECT row_to_json(t)::text FROM vendor_sheets t ORDER BY id",
        "INSERT INTO vendor_sheets SELECT * FROM json_populate_record(NULL::vendor_sheets, $1::json)",
    ),
    (
        "suggestion_reviews",
        "SELECT COUNT(*) FROM suggestion_reviews",
        "SELECT row_to_json(t)::text FROM suggestion_reviews t ORDER BY id",
        "INSERT INTO suggestion_reviews SELECT * FROM json_populate_record(NULL::suggestion_reviews, $1::json)",
    ),
    (
        "account_reviews",
        "SELECT COUNT(*) FROM account_reviews",
        "SELECT row_to_json(t)::text FROM account_reviews t ORDER BY id",
        "INSERT INTO account_reviews SELECT * FROM json_populate_record(NULL::account_reviews, $1::json)",
    ),
    (
        "account_review_findings",
        "SELECT COUNT(*) FROM account_review_findings",
        "SELECT row_to_json(t)::text FROM account_review_findings t ORDER BY id",
        "INSERT INTO account_review_findings SELECT * FROM json_populate_record(NULL::account_review_findings, $1::json)",
    ),
    (
        "incidents",
        "SELECT COUNT(*) FROM incidents",
        "SELECT row_to_json(t)::text FROM incidents t ORDER BY id",
        "INSERT INTO incidents SELECT * FROM json_populate_record(NULL::incidents, $1::json)",
    ),
    (
        "incident_heads",
        "SELECT COUNT(*) FROM incident_heads",
        "SELECT row_to_json(t)::text FROM incident_heads t ORDER BY incident_id",
        "INSERT INTO incident_heads SELECT * FROM json_populate_record(NULL::incident_heads, $1::json)",
    ),
    (
        "incident_timeline",
        "SELECT COUNT(*) FROM incident_timeline",
        "SELECT row_to_json(t)::text FROM incident_timeline t ORDER BY id",
        "INSERT INTO incident_timeline SELECT * FROM json_populate_record(NULL::incident_timeline, $1::json)",
    ),
    (
        "incident_targets",
        "SELECT COUNT(*) FROM incident_targets",
        "SELECT row_to_json(t)::text FROM incident_targets t ORDER BY institution_id, step",
        "INSERT INTO incident_targets SELECT * FROM json_populate_record(NULL::incident_targets, $1::json)",
    ),
    (
        "survey_answers",
        "SELECT COUNT(*) FROM survey_answers",
        "SELECT row_to_json(t)::text FROM survey_answers t ORDER BY id",
        "INSERT INTO survey_answers SELECT * FROM json_populate_record(NULL::survey_answers, $1::json)",
    ),
    (
        "survey_archives",
        "SELECT COUNT(*) FROM survey_archives",
        "SELECT row_to_json(t)::text FROM survey_archives t ORDER BY id",
        "INSERT INTO survey_archives SELECT * FROM json_populate_record(NULL::survey_archives, $1::json)",
    ),
    (
        "bcp_checks",
        "SELECT COUNT(*) FROM bcp_checks",
        "SELECT row_to_json(t)::text FROM bcp_checks t ORDER BY id",
        "INSERT INTO bcp_checks SELECT * FROM json_populate_record(NULL::bcp_checks, $1::json)",
    ),
    (
        "bcp_card_prints",
        "SELECT COUNT(*) FROM bcp_card_prints",
        "SELECT row_to_json(t)::text FROM bcp_card_prints t ORDER BY id",
        "INSERT INTO bcp_card_prints SELECT * FROM json_populate_record(NULL::bcp_card_prints, $1::json)",
    ),
    (
        "role_lists",
        "SELECT COUNT(*) FROM role_lists",
        "SELECT row_to_json(t)::text FROM role_lists t ORDER BY id, version",
        "INSERT INTO role_lists SELECT * FROM json_populate_record(NULL::role_lists, $1::json)",
    ),
    (
        "catalog_drafts",
        "SELECT COUNT(*) FROM catalog_drafts",
        "SELECT row_to_json(t)::text FROM catalog_drafts t ORDER BY id",
        "INSERT INTO catalog_drafts SELECT * FROM json_populate_record(NULL::catalog_drafts, $1::json)",
    ),
    (
        "role_answers",
        "SELECT COUNT(*) FROM role_answers",
        "SELECT row_to_json(t)::text FROM role_answers t ORDER BY id",
        "INSERT INTO role_answers SELECT * FROM json_populate_record(NULL::role_answers, $1::json)",
    ),
    (
        "staff_codes",
        "SELECT COUNT(*) FROM staff_codes",
        "SELECT row_to_json(t)::text FROM staff_codes t ORDER BY id",
        "INSERT INTO staff_codes SELECT * FROM json_populate_record(NULL::staff_codes, $1::json)",
    ),
    (
        "staff_answers",
        "SELECT COUNT(*) FROM staff_answers",
        "SELECT row_to_json(t)::text FROM staff_answers t ORDER BY id",
        "INSERT INTO staff_answers SELECT * FROM json_populate_record(NULL::staff_answers, $1::json)",
    ),
    (
        "director_signoffs",
        "SELECT COUNT(*) FROM director_signoffs",
        "SELECT row_to_json(t)::text FROM director_signoffs t ORDER BY id",
        "INSERT INTO director_signoffs SELECT * FROM json_populate_record(NULL::director_signoffs, $1::json)",
    ),
    (
        "audit_heads",
        "SELECT COUNT(*) FROM audit_heads",
        "SELECT row_to_json(t)::text FROM audit_heads t ORDER BY chain",
        "INSERT INTO audit_heads SELECT * FROM json_populate_record(NULL::audit_heads, $1::json)",
    ),
    (
        "audit_log",
        "SELECT COUNT(*) FROM audit_log",
        "SELECT row_to_json(t)::text FROM audit_log t ORDER BY id",
        "INSERT INTO audit_log SELECT * FROM json_populate_record(NULL::audit_log, $1::json)",
    ),
];

/// The tables a dump carries, in order.
pub fn dumped_tables() -> Vec<&'static str> {
    DUMP_TABLES.iter().map(|t| t.0).collect()
}

/// Tables deliberately left out of a dump (sessions, login counts per address, files waiting
/// for an import's commit) or managed by the migrator.
pub const NOT_DUMPED: [&str; 4] = ["sessions", "login_attempts", "import_staging", "_sqlx_migrations"];

/// Identity columns whose sequences must move past the restored ids.
const IDENTITY_RESETS: [&str; 26] = [
    "SELECT setval(pg_get_serial_sequence('catalog_drafts', 'id'), COALESCE(MAX(id), 0) + 1, false) \
     FROM catalog_drafts",
    "SELECT setval(pg_get_serial_sequence('role_answers', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM role_answers",
    "SELECT setval(pg_get_serial_sequence('staff_codes', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM staff_codes",
    "SELECT setval(pg_get_serial_sequence('staff_answers', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM staff_answers",
    "SELECT setval(pg_get_serial_sequence('director_signoffs', 'id'), COALESCE(MAX(id), 0) + 1, false) \
     FROM director_signoffs",
    "SELECT setval(pg_get_serial_sequence('bcp_checks', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM bcp_checks",
    "SELECT setval(pg_get_serial_sequence('bcp_card_prints', 'id'), COALESCE(MAX(id), 0) + 1, false) \
     FROM bcp_card_prints",
    "SELECT setval(pg_get_serial_sequence('incidents', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM incidents",
    "SELECT setval(pg_get_serial_sequence('incident_timeline', 'id'), COALESCE(MAX(id), 0) + 1, false) \
     FROM incident_timeline",
    "SELECT setval(pg_get_serial_sequence('survey_answers', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM survey_answers",
    "SELECT setval(pg_get_serial_sequence('survey_archives', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM survey_archives",
    "SELECT setval(pg_get_serial_sequence('import_layouts', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM import_layouts",
    "SELECT setval(pg_get_serial_sequence('register_records', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM register_records",
    "SELECT setval(pg_get_serial_sequence('record_files', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM record_files",
    "SELECT setval(pg_get_serial_sequence('vendor_sheets', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM vendor_sheets",
    "SELECT setval(pg_get_serial_sequence('suggestion_reviews', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM suggestion_reviews",
    "SELECT setval(pg_get_serial_sequence('assets', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM assets",
    "SELECT setval(pg_get_serial_sequence('discovery_imports', 'id'), COALESCE(MAX(id), 0) + 1, false) \
     FROM discovery_imports",
    "SELECT setval(pg_get_serial_sequence('lifecycle_bundles', 'id'), COALESCE(MAX(id), 0) + 1, false) \
     FROM lifecycle_bundles",
    "SELECT setval(pg_get_serial_sequence('account_reviews', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM account_reviews",
    "SELECT setval(pg_get_serial_sequence('account_review_findings', 'id'), COALESCE(MAX(id), 0) + 1, false) \
     FROM account_review_findings",
    "SELECT setval(pg_get_serial_sequence('evidence_files', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM evidence_files",
    "SELECT setval(pg_get_serial_sequence('assessments', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM assessments",
    "SELECT setval(pg_get_serial_sequence('institutions', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM institutions",
    "SELECT setval(pg_get_serial_sequence('users', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM users",
    "SELECT setval(pg_get_serial_sequence('audit_log', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM audit_log",
];

fn write_json<T: Serialize>(out: &mut impl Write, value: &T) -> StoreResult<()> {
    serde_json::to_writer(&mut *out, value).map_err(|e| StoreError::Backup(e.to_string()))?;
    out.write_all(b"\n")?;
    Ok(())
}

async fn dump_postgres(
    pool: &sqlx::PgPool,
    partial: &Path,
    schema_version: i64,
    progress: &dyn Progress,
) -> StoreResult<u64> {
    let file = File::create_new(partial)?;
    let mut out = flate2::write::GzEncoder::new(BufWriter::new(file), flate2::Compression::default());
    let mut tx = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").execute(&mut *tx).await?;
    let mut counts = Vec::new();
    for (_, count_sql, ..) in DUMP_TABLES {
        let n: i64 = sqlx::query_scalar(count_sql).fetch_one(&mut *tx).await?;
        counts.push(u64::try_from(n).unwrap_or(0));
    }
    progress.start(counts.iter().sum(), "dump");
    write_json(&mut out, &DumpHeader { format: DUMP_FORMAT.into(), format_version: 1, schema_version })?;
    let mut total = 0;
    for ((table, _, select_sql, _), rows) in DUMP_TABLES.into_iter().zip(counts) {
        write_json(&mut out, &TableHeader { table: table.into(), rows })?;
        let mut stream = sqlx::query_scalar::<_, String>(select_sql).fetch(&mut *tx);
        let mut written = 0;
        while let Some(line) = stream.try_next().await? {
            out.write_all(line.as_bytes())?;
            out.write_all(b"\n")?;
            written += 1;
            progress.advance(1);
        }
        if written != rows {
            return Err(StoreError::Backup(format!("{table}: expected {rows} rows, read {written}")));
        }
        total += written;
    }
    write_json(&mut out, &DumpEnd { end: true, rows: total })?;
    let file = out.finish()?.into_inner().map_err(|e| StoreError::from(e.into_error()))?;
    file.sync_all()?;
    tx.commit().await?;
    progress.finish();
    Ok(total)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreSummary {
    pub database: String,
    pub schema_version: i64,
    pub rows: Option<u64>,
    /// Where a database that was in the way was moved (`--force` with SQLite).
    pub moved_aside: Option<PathBuf>,
}

/// Restores a SQLite backup file as the database at `target`. Refuses when `target`
/// exists, unless `force`, which first moves the existing files aside (never deletes them).
pub async fn restore_sqlite_file(
    backup: &Path,
    target: &Path,
    force: bool,
    moved_suffix: &str,
) -> StoreResult<RestoreSummary> {
    let schema_version = check_sqlite_file(backup).await?;
    let mut moved_aside = None;
    if target.exists() {
        if !force {
            return Err(StoreError::Backup(format!(
                "{} already holds a database; restore into an empty data folder, or add --force to move it aside",
                target.display()
            )));
        }
        moved_aside = Some(move_aside(target, moved_suffix).await?);
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let partial = partial_path(target);
    let _ = std::fs::remove_file(&partial);
    std::fs::copy(backup, &partial)?;
    publish(&partial, target)?;
    Ok(RestoreSummary {
        database: DatabaseUrl::Sqlite(target.to_owned()).to_string(),
        schema_version,
        rows: None,
        moved_aside,
    })
}

/// Moves a SQLite database and its WAL files aside, after making sure no server has it open.
async fn move_aside(target: &Path, suffix: &str) -> StoreResult<PathBuf> {
    {
        let mut conn = SqliteConnectOptions::new().filename(target).connect().await?;
        let busy = sqlx::query("BEGIN EXCLUSIVE").execute(&mut conn).await.is_err();
        if busy {
            return Err(StoreError::Backup(format!("{} is in use; stop the server first", target.display())));
        }
        sqlx::query("COMMIT").execute(&mut conn).await?;
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await?;
        conn.close().await?;
    }
    let aside = PathBuf::from(format!("{}.{suffix}", target.display()));
    for ext in ["", "-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{ext}", target.display()));
        if from.exists() {
            std::fs::rename(&from, format!("{}{ext}", aside.display()))?;
        }
    }
    Ok(aside)
}

/// Loads a dump into `store`, which must be a PostgreSQL database with no institution yet.
pub async fn restore_dump(
    backup: &Path,
    store: &SqlStore,
    progress: &dyn Progress,
) -> StoreResult<RestoreSummary> {
    let Pool::Postgres(pool) = &store.pool else {
        return Err(StoreError::Backup(
            "this backup is a PostgreSQL dump; restore it with --database-url postgres://…".into(),
        ));
    };
    store.migrate().await?;
    let bad = |why: String| StoreError::Backup(format!("{}: {why}", backup.display()));
    let mut lines = BufReader::new(flate2::read::GzDecoder::new(File::open(backup)?)).lines();
    let mut next_line = |what: &str| -> StoreResult<String> {
        match lines.next() {
            Some(Ok(line)) => Ok(line),
            Some(Err(e)) => Err(bad(format!("damaged or not a dump ({e})"))),
            None => Err(bad(format!("ends early, before {what}: the file is incomplete"))),
        }
    };
    let header: DumpHeader =
        serde_json::from_str(&next_line("the header")?).map_err(|_| bad("not an iryosec dump".into()))?;
    if header.format != DUMP_FORMAT || header.format_version != 1 {
        return Err(bad("not an iryosec dump of a known format".into()));
    }
    let known = SqlStore::known_schema_version(Backend::Postgres);
    if header.schema_version != known {
        return Err(bad(format!(
            "made with schema version {}, this iryosec has {known}; restore with the matching version",
            header.schema_version
        )));
    }
    let mut tx = pool.begin().await?;
    let existing: i64 = sqlx::query_scalar(sql::INSTITUTION_COUNT).fetch_one(&mut *tx).await?;
    if existing > 0 {
        return Err(StoreError::Backup(
            "the target database already holds institutions; restore into a new, empty database".into(),
        ));
    }
    let mut total = 0;
    progress.start(0, "restore");
    for (table, _, _, insert_sql) in DUMP_TABLES {
        let th: TableHeader =
            serde_json::from_str(&next_line(table)?).map_err(|_| bad(format!("{table}: damaged")))?;
        if th.table != table {
            return Err(bad(format!("expected table {table}, found {}", th.table)));
        }
        for n in 0..th.rows {
            let row = next_line(table)?;
            sqlx::query(insert_sql)
                .bind(&row)
                .execute(&mut *tx)
                .await
                .map_err(|e| bad(format!("{table} row {}: {e}", n + 1)))?;
            progress.advance(1);
        }
        total += th.rows;
    }
    let end: DumpEnd =
        serde_json::from_str(&next_line("the end marker")?).map_err(|_| bad("damaged end".into()))?;
    if !end.end || end.rows != total {
        return Err(bad(format!("end marker says {} rows, read {total}", end.rows)));
    }
    for reset in IDENTITY_RESETS {
        sqlx::query(reset).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    progress.finish();
    Ok(RestoreSummary {
        database: store.url.to_string(),
        schema_version: header.schema_version,
        rows: Some(total),
        moved_aside: None,
    })
}

impl SqlStore {
    /// Ends every session (after a restore: nobody carries a login across).
    pub async fn end_all_sessions(&self) -> StoreResult<()> {
        with_pool!(&self.pool, |p| sqlx::query(sql::SESSIONS_DELETE_ALL).execute(p).await.map(|_| ()))?;
        Ok(())
    }

    /// Opens a store for a restore target after the files are in place.
    pub async fn open_restored(url: &DatabaseUrl) -> StoreResult<SqlStore> {
        SqlStore::connect(url, MigrateMode::Run).await
    }
}
