//! Configuration: command-line flags, then `IRYOSEC_*` environment variables, then the
//! config file (`--config FILE`, or `./iryosec.toml` if present), then defaults. With no
//! configuration at all iryosec runs on SQLite in `./iryosec-data` at 127.0.0.1:8080.

use crate::output::{CliError, Out};
use crate::serve::ServeOpts;
use clap::{Args, ValueEnum};
use iryosec_app::{App, AppError, SessionPolicy, SystemClock};
use iryosec_core::InstitutionId;
use iryosec_i18n::Lang;
use iryosec_store::{DatabaseUrl, StoreError};
use iryosec_web::{Limits, SecureCookies};
use serde::Deserialize;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

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
    pub session_idle_minutes: Option<u64>,
    pub session_max_hours: Option<u64>,
    pub cookie_secure: Option<String>,
    pub server_kind: Option<String>,
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    pub audit_key_file: Option<PathBuf>,
    /// Public keys (`ed25519:…`) whose lifecycle bundles are trusted besides the project's.
    #[serde(default)]
    pub lifecycle_keys: Vec<String>,
    pub max_connections: Option<u64>,
    pub uploads_in_flight_mb: Option<u64>,
    pub heavy_jobs: Option<u64>,
    pub header_timeout_seconds: Option<u64>,
    pub body_idle_timeout_seconds: Option<u64>,
    pub body_timeout_seconds: Option<u64>,
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

/// Whether cookies are `Secure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CookieSecure {
    /// On unless listening on loopback; there, on for requests a trusted proxy forwards from HTTPS.
    Auto,
    Always,
    Never,
}

/// What the server is for: one institution's own, or a group's or prefecture's that also
/// aggregates many institutions' answers (the 集計 page is then in the navigation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ServerKind {
    Institution,
    Group,
    Prefecture,
}

/// A numeric setting: its names in the three places it can be given, its range and default.
struct Number {
    key: &'static str,
    flag: &'static str,
    env: &'static str,
    min: u64,
    max: u64,
    default: u64,
}

const SESSION_IDLE: Number = Number {
    key: "session_idle_minutes",
    flag: "--session-idle-minutes",
    env: "IRYOSEC_SESSION_IDLE_MINUTES",
    min: 1,
    max: 24 * 60,
    default: 30,
};
const SESSION_MAX: Number =
    Number { key: "session_max_hours", flag: "—", env: "—", min: 1, max: 7 * 24, default: 12 };
const CONNECTIONS: Number = Number {
    key: "max_connections",
    flag: "--max-connections",
    env: "IRYOSEC_MAX_CONNECTIONS",
    min: 1,
    max: 100_000,
    default: 256,
};
const UPLOADS_MB: Number = Number {
    key: "uploads_in_flight_mb",
    flag: "--uploads-in-flight-mb",
    env: "IRYOSEC_UPLOADS_IN_FLIGHT_MB",
    min: 16,
    max: 1024 * 1024,
    default: 512,
};
const HEAVY_JOBS: Number = Number {
    key: "heavy_jobs",
    flag: "--heavy-jobs",
    env: "IRYOSEC_HEAVY_JOBS",
    min: 1,
    max: 256,
    default: 2,
};
const HEADER_TIMEOUT: Number = Number {
    key: "header_timeout_seconds",
    flag: "--header-timeout-seconds",
    env: "IRYOSEC_HEADER_TIMEOUT_SECONDS",
    min: 1,
    max: 600,
    default: 10,
};
const BODY_IDLE: Number = Number {
    key: "body_idle_timeout_seconds",
    flag: "--body-idle-timeout-seconds",
    env: "IRYOSEC_BODY_IDLE_TIMEOUT_SECONDS",
    min: 1,
    max: 3600,
    default: 30,
};
const BODY_TOTAL: Number = Number {
    key: "body_timeout_seconds",
    flag: "--body-timeout-seconds",
    env: "IRYOSEC_BODY_TIMEOUT_SECONDS",
    min: 1,
    max: 24 * 3600,
    default: 600,
};

impl Number {
    /// The flag's (or environment's) value, else the file's, else the default; refused outside the range.
    fn pick(&self, given: Option<u64>, file: Option<u64>, out: &Out) -> Result<u64, CliError> {
        let value = given.or(file).unwrap_or(self.default);
        if (self.min..=self.max).contains(&value) {
            return Ok(value);
        }
        let args = [
            ("key", self.key.to_owned()),
            ("flag", self.flag.to_owned()),
            ("env", self.env.to_owned()),
            ("value", value.to_string()),
            ("min", self.min.to_string()),
            ("max", self.max.to_string()),
        ];
        Err(CliError::unusable(out.t_args("cli.setting_out_of_range", &args)))
    }
}

/// Everything `serve` runs with, merged once from flags, environment, file and defaults and
/// checked; `iryosec config` prints this same value.
pub struct Settings {
    pub resolved: Resolved,
    pub address: IpAddr,
    pub port: u16,
    pub session: SessionPolicy,
    pub cookie_secure: CookieSecure,
    pub server_kind: ServerKind,
    pub trusted_proxies: Vec<IpAddr>,
    pub limits: Limits,
}

impl Settings {
    pub fn resolve(global: &GlobalOpts, opts: &ServeOpts, out: &Out) -> Result<Settings, CliError> {
        let resolved = resolve(global, opts.demo, out)?;
        let file = &resolved.file;
        let address =
            opts.address.clone().or_else(|| file.address.clone()).unwrap_or_else(|| "127.0.0.1".into());
        let address = parse_ip(&address, out)?;
        let cookie_secure = match (opts.cookie_secure, file.cookie_secure.as_deref()) {
            (Some(c), _) => c,
            (None, Some(text)) => CookieSecure::from_str(text.trim(), true).map_err(|_| {
                let args = [("key", "cookie_secure".to_owned()), ("value", text.to_owned())];
                CliError::unusable(out.t_args("cli.cookie_secure_unknown", &args))
            })?,
            (None, None) => CookieSecure::Auto,
        };
        let server_kind = match (opts.server_kind, file.server_kind.as_deref()) {
            (Some(k), _) => k,
            (None, Some(text)) => ServerKind::from_str(text.trim(), true).map_err(|_| {
                let args = [("key", "server_kind".to_owned()), ("value", text.to_owned())];
                CliError::unusable(out.t_args("cli.server_kind_unknown", &args))
            })?,
            (None, None) => ServerKind::Institution,
        };
        let proxies =
            if opts.trusted_proxies.is_empty() { &file.trusted_proxies } else { &opts.trusted_proxies };
        let trusted_proxies = proxies.iter().map(|p| parse_ip(p, out)).collect::<Result<Vec<_>, _>>()?;
        let idle_minutes = SESSION_IDLE.pick(opts.session_idle_minutes, file.session_idle_minutes, out)?;
        let max_hours = SESSION_MAX.pick(None, file.session_max_hours, out)?;
        let limits = limits(opts, file, out)?;
        Ok(Settings {
            port: opts.port.or(file.port).unwrap_or(8080),
            session: SessionPolicy { idle_minutes: idle_minutes as i64, max_hours: max_hours as i64 },
            resolved,
            address,
            cookie_secure,
            server_kind,
            trusted_proxies,
            limits,
        })
    }

    /// When the server marks cookies `Secure`.
    pub fn secure_cookies(&self) -> SecureCookies {
        match self.cookie_secure {
            CookieSecure::Always => SecureCookies::Always,
            CookieSecure::Never => SecureCookies::Never,
            CookieSecure::Auto if !self.address.is_loopback() => SecureCookies::Always,
            CookieSecure::Auto => SecureCookies::WhenForwardedHttps,
        }
    }

    pub fn to_json(&self) -> serde_json::Value {
        let l = &self.limits;
        serde_json::json!({
            "data_dir": self.resolved.data_dir.display().to_string(),
            "database_url": self.resolved.database.to_string(),
            "address": self.address.to_string(),
            "port": self.port,
            "session_idle_minutes": self.session.idle_minutes,
            "session_max_hours": self.session.max_hours,
            "cookie_secure": format!("{:?}", self.cookie_secure).to_lowercase(),
            "secure_cookies": match self.secure_cookies() {
                SecureCookies::Always => "always",
                SecureCookies::Never => "never",
                SecureCookies::WhenForwardedHttps => "when a trusted proxy forwards HTTPS",
            },
            "server_kind": format!("{:?}", self.server_kind).to_lowercase(),
            "trusted_proxies": self.trusted_proxies.iter().map(IpAddr::to_string).collect::<Vec<_>>(),
            "max_connections": l.max_connections,
            "uploads_in_flight_mb": l.upload_bytes_in_flight / iryosec_web::limits::MIB,
            "heavy_jobs": l.heavy_jobs,
            "header_timeout_seconds": l.header_timeout.as_secs(),
            "body_idle_timeout_seconds": l.body_idle_timeout.as_secs(),
            "body_timeout_seconds": l.body_total_timeout.as_secs(),
            "audit_key_file": self.resolved.audit_key_file.display().to_string(),
            "lifecycle_keys": self.resolved.file.lifecycle_keys,
        })
    }
}

/// The server's limits from the flags (or environment) and the file.
fn limits(opts: &ServeOpts, file: &FileConfig, out: &Out) -> Result<Limits, CliError> {
    let seconds = |n: &Number, given, file| n.pick(given, file, out).map(Duration::from_secs);
    Ok(Limits {
        max_connections: count(CONNECTIONS.pick(opts.max_connections, file.max_connections, out)?),
        upload_bytes_in_flight: count(UPLOADS_MB.pick(
            opts.uploads_in_flight_mb,
            file.uploads_in_flight_mb,
            out,
        )?)
        .saturating_mul(iryosec_web::limits::MIB),
        heavy_jobs: count(HEAVY_JOBS.pick(opts.heavy_jobs, file.heavy_jobs, out)?),
        header_timeout: seconds(&HEADER_TIMEOUT, opts.header_timeout_seconds, file.header_timeout_seconds)?,
        body_idle_timeout: seconds(
            &BODY_IDLE,
            opts.body_idle_timeout_seconds,
            file.body_idle_timeout_seconds,
        )?,
        body_total_timeout: seconds(&BODY_TOTAL, opts.body_timeout_seconds, file.body_timeout_seconds)?,
        ..Limits::default()
    })
}

fn count(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

fn parse_ip(text: &str, out: &Out) -> Result<IpAddr, CliError> {
    text.trim()
        .parse()
        .map_err(|_| CliError::unusable(out.t_args("cli.bad_address", &[("address", text.to_owned())])))
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
    let all = app.institutions().await.map_err(|e| app_store_error(out, &e))?;
    let id = match (institution, all.as_slice()) {
        (Some(id), _) if all.iter().any(|i| i.id.get() == id) => InstitutionId(id),
        (None, [only]) => only.id,
        (_, []) => return Err(CliError::unusable(out.t("cli.no_institution"))),
        _ => return Err(CliError::unusable(out.t("cli.choose_institution"))),
    };
    Ok((app, id))
}

/// A store failure that came through a use case is said as [`store_error`] says it.
pub fn app_store_error(out: &Out, e: &AppError) -> CliError {
    match e {
        AppError::Store(e) => store_error(out, e),
        other => out.app_failure(other),
    }
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

/// `iryosec config`: exactly what `serve` (with the same flags and environment) would use,
/// with passwords hidden.
pub fn show(global: &GlobalOpts, opts: &ServeOpts, out: &Out) -> Result<ExitCode, CliError> {
    let settings = Settings::resolve(global, opts, out)?;
    out.json(&settings.to_json());
    Ok(ExitCode::SUCCESS)
}
