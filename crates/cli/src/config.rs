//! Configuration: command-line flags, then `IRYOSEC_*` environment variables, then the
//! config file (`--config FILE`, or `./iryosec.toml` if present), then defaults. With no
//! configuration at all iryosec runs on SQLite in `./iryosec-data` at 127.0.0.1:8080.

use crate::output::{CliError, Out};
use clap::Args;
use iryosec_app::{App, SessionPolicy, SystemClock};
use iryosec_core::InstitutionId;
use iryosec_i18n::Lang;
use iryosec_store::{DatabaseUrl, StoreError};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

pub const DEFAULT_DATA_DIR: &str = "iryosec-data";
pub const DEMO_DATA_DIR: &str = "iryosec-demo";
pub const DEFAULT_CONFIG_FILE: &str = "iryosec.toml";
pub const AUDIT_KEY_FILE: &str = "audit.key";

#[derive(Args, Debug, Clone)]
pub struct GlobalOpts {
    /// データフォルダ (data folder) [default: ./iryosec-data]
    #[arg(long, env = "IRYOSEC_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// データベース URL: sqlite://PATH または postgres://USER:PASS@HOST/DB [default: SQLite in the data folder]
    #[arg(long, env = "IRYOSEC_DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,
    /// 設定ファイル (TOML) [default: ./iryosec.toml if present]
    #[arg(long, env = "IRYOSEC_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// メッセージの言語 (language of messages): ja, en
    #[arg(long, env = "IRYOSEC_LANG", global = true)]
    pub lang: Option<String>,
    /// 監査ログの鍵ファイル (audit log key file) [default: audit.key in the data folder]
    #[arg(long, env = "IRYOSEC_AUDIT_KEY_FILE", global = true)]
    pub audit_key_file: Option<PathBuf>,
}

impl GlobalOpts {
    pub fn lang(&self) -> Lang {
        self.lang.as_deref().and_then(Lang::parse).unwrap_or_default()
    }
}

/// The config file. Unknown keys are an error, so a typo never silently does nothing.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub data_dir: Option<PathBuf>,
    pub database_url: Option<String>,
    pub address: Option<String>,
    pub port: Option<u16>,
    pub session_idle_minutes: Option<i64>,
    pub session_max_hours: Option<i64>,
    pub cookie_secure: Option<String>,
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    pub audit_key_file: Option<PathBuf>,
    /// Public keys (`ed25519:…`) whose lifecycle bundles are trusted besides the project's.
    #[serde(default)]
    pub lifecycle_keys: Vec<String>,
}

pub fn load_file(global: &GlobalOpts, out: &Out) -> Result<FileConfig, CliError> {
    let (path, required) = match &global.config {
        Some(p) => (p.clone(), true),
        None => (PathBuf::from(DEFAULT_CONFIG_FILE), false),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if !required && e.kind() == std::io::ErrorKind::NotFound => return Ok(FileConfig::default()),
        Err(e) => {
            let args = [("path", path.display().to_string()), ("error", e.to_string())];
            return Err(CliError::unusable(out.t_args("cli.config_unreadable", &args)));
        }
    };
    toml::from_str(&text).map_err(|e| {
        let args = [("path", path.display().to_string()), ("error", e.to_string())];
        CliError::unusable(out.t_args("cli.config_invalid", &args))
    })
}

/// Where the data lives and which database to use, after all sources are merged.
pub struct Resolved {
    pub data_dir: PathBuf,
    pub database: DatabaseUrl,
    pub file: FileConfig,
    /// The audit log's key, outside the database.
    pub audit_key_file: PathBuf,
}

pub fn resolve(global: &GlobalOpts, demo: bool, out: &Out) -> Result<Resolved, CliError> {
    let file = load_file(global, out)?;
    let default_dir = if demo { DEMO_DATA_DIR } else { DEFAULT_DATA_DIR };
    let data_dir = global
        .data_dir
        .clone()
        .or_else(|| file.data_dir.clone())
        .unwrap_or_else(|| PathBuf::from(default_dir));
    let url = if demo {
        global.database_url.clone()
    } else {
        global.database_url.clone().or_else(|| file.database_url.clone())
    };
    let database = match url {
        Some(u) => DatabaseUrl::parse(&u).map_err(|e| store_error(out, &e))?,
        None => DatabaseUrl::sqlite_in(&data_dir),
    };
    let configured_key = if demo { None } else { file.audit_key_file.clone() };
    let audit_key_file =
        global.audit_key_file.clone().or(configured_key).unwrap_or_else(|| data_dir.join(AUDIT_KEY_FILE));
    Ok(Resolved { data_dir, database, file, audit_key_file })
}

/// Creates the data folder if needed and makes sure we can write there.
pub fn prepare_data_dir(dir: &Path, out: &Out) -> Result<(), CliError> {
    let fail = |e: std::io::Error| {
        CliError::unusable(out.t_args(
            "cli.data_dir_unusable",
            &[("path", dir.display().to_string()), ("error", e.to_string())],
        ))
    };
    std::fs::create_dir_all(dir).map_err(fail)?;
    let probe = dir.join(".iryosec-write-test");
    std::fs::write(&probe, b"ok").map_err(fail)?;
    std::fs::remove_file(&probe).map_err(fail)
}

/// Commands that read existing data refuse, rather than create, a missing SQLite file.
pub fn require_database(database: &DatabaseUrl, out: &Out) -> Result<(), CliError> {
    match database {
        DatabaseUrl::Sqlite(path) if !path.exists() => {
            Err(CliError::unusable(out.t_args("cli.no_database", &[("path", path.display().to_string())])))
        }
        _ => Ok(()),
    }
}

/// Holds the lock of a SQLite database's folder for as long as the returned file lives. A
/// running server holds it, so a restore cannot move its database away under it, and a second
/// server cannot share the folder.
pub fn lock_database_folder(db_path: &Path, out: &Out) -> Result<std::fs::File, CliError> {
    let lock_path = db_path.with_file_name("iryosec.lock");
    let file =
        std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&lock_path).map_err(
            |e| {
                CliError::unusable(out.t_args(
                    "cli.data_dir_unusable",
                    &[("path", lock_path.display().to_string()), ("error", e.to_string())],
                ))
            },
        )?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(CliError::unusable(
            out.t_args("cli.data_dir_in_use", &[("path", db_path.display().to_string())]),
        )),
        Err(std::fs::TryLockError::Error(e)) => Err(CliError::unusable(out.t_args(
            "cli.data_dir_unusable",
            &[("path", lock_path.display().to_string()), ("error", e.to_string())],
        ))),
    }
}

/// A store error as a message for the person: connection problems and schema problems are
/// configuration (exit 2), not bugs.
/// Opens the configured database (migrating it) and picks the institution: the one given, or
/// the only one there is.
pub async fn open_institution(
    global: &GlobalOpts,
    institution: Option<i64>,
    out: &Out,
) -> Result<(App, InstitutionId), CliError> {
    let r = resolve(global, false, out)?;
    require_database(&r.database, out)?;
    let store = crate::audit_key::open_for_writing(&r, out).await?;
    let app = App::new(Arc::new(store), Arc::new(SystemClock), SessionPolicy::default());
    let all = app.store.institutions().await.map_err(|e| store_error(out, &e))?;
    let id = match (institution, all.as_slice()) {
        (Some(id), _) if all.iter().any(|i| i.id.get() == id) => InstitutionId(id),
        (None, [only]) => only.id,
        _ => return Err(CliError::unusable(out.t("cli.choose_institution"))),
    };
    Ok((app, id))
}

pub fn store_error(out: &Out, e: &StoreError) -> CliError {
    let key = match e {
        StoreError::Storage { fault, .. } => return out.storage_failure(*fault, None),
        StoreError::Connect(_) => "cli.database_unreachable",
        StoreError::Migrate(_) => "cli.database_schema",
        StoreError::Backup(_) | StoreError::Io(_) => "cli.backup_problem",
        _ => "cli.database_error",
    };
    CliError::unusable(out.t_args(key, &[("error", e.to_string())]))
}

pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("IRYOSEC_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).try_init();
}

/// `iryosec config`: what would be used, with passwords hidden.
pub fn show(global: &GlobalOpts, out: &Out) -> Result<ExitCode, CliError> {
    let r = resolve(global, false, out)?;
    let value = serde_json::json!({
        "data_dir": r.data_dir.display().to_string(),
        "database_url": r.database.to_string(),
        "address": r.file.address.unwrap_or_else(|| "127.0.0.1".into()),
        "port": r.file.port.unwrap_or(8080),
        "session_idle_minutes": r.file.session_idle_minutes.unwrap_or(30),
        "session_max_hours": r.file.session_max_hours.unwrap_or(12),
        "cookie_secure": r.file.cookie_secure.unwrap_or_else(|| "auto".into()),
        "trusted_proxies": r.file.trusted_proxies,
        "audit_key_file": r.audit_key_file.display().to_string(),
        "lifecycle_keys": r.file.lifecycle_keys,
    });
    out.json(&value);
    Ok(ExitCode::SUCCESS)
}
