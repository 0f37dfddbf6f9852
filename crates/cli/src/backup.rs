//! `iryosec backup FILE` and `iryosec restore FILE`.

use crate::config::{self, GlobalOpts};
use crate::output::{Bar, CliError, Format, Out};
use clap::Args;
use iryosec_app::SystemClock;
use iryosec_core::Clock;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_store::backup::{self, BackupKind};
use iryosec_store::{AuditStore, DatabaseUrl, InstitutionStore, MigrateMode, SqlStore, StoreError};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct BackupOpts {
    /// 書き出すファイル (must not exist yet)
    file: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct RestoreOpts {
    /// 復元するバックアップ (a SQLite backup file or a PostgreSQL dump)
    file: PathBuf,
    /// 既存のデータベースを別名で残してから復元する (move an existing SQLite database aside first)
    #[arg(long)]
    force: bool,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub async fn backup(global: &GlobalOpts, o: BackupOpts, out: &Out) -> Result<ExitCode, CliError> {
    let r = config::resolve(global, false, out)?;
    config::require_database(&r.database, out)?;
    // Leave the schema alone: a backup taken before an upgrade must be of the old schema.
    let store =
        SqlStore::connect(&r.database, MigrateMode::Leave).await.map_err(|e| config::store_error(out, &e))?;
    let summary = store.backup_to(&o.file, &Bar::new()).await.map_err(|e| match e {
        // What fills up or refuses writes during a backup is where the backup goes.
        StoreError::Storage { fault, .. } => {
            out.storage_failure(fault, Some(&iryosec_store::folder_of(&o.file)))
        }
        other => config::store_error(out, &other),
    })?;
    store.close().await;
    // The key is deliberately not in the backup: a copy of the database alone must not be
    // enough to rewrite its history. The person keeps the key file with the backups.
    let key_file = r.audit_key_file.display().to_string();
    match o.format {
        Format::Json => {
            let mut value = serde_json::to_value(&summary).unwrap_or_default();
            if let Some(fields) = value.as_object_mut() {
                fields.insert("audit_key_file".to_owned(), serde_json::json!(key_file));
            }
            out.json(&value)
        }
        Format::Text => {
            out.line(&out.t_args(
                "cli.backup_done",
                &[("path", summary.path.display().to_string()), ("bytes", summary.bytes.to_string())],
            ));
            out.note(&out.t_args("cli.backup_keep_key", &[("path", key_file)]));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn restore(global: &GlobalOpts, o: RestoreOpts, out: &Out) -> Result<ExitCode, CliError> {
    let r = config::resolve(global, false, out)?;
    let kind = backup::detect(&o.file).map_err(|e| config::store_error(out, &e))?;
    let clock = SystemClock;
    let summary = match (kind, &r.database) {
        (BackupKind::SqliteFile, DatabaseUrl::Sqlite(target)) => {
            let suffix = format!("before-restore-{}", clock.now().millis());
            if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
                config::prepare_data_dir(dir, out)?;
            }
            // Refused while a server has the folder: it would keep writing to the old file.
            let _lock = config::lock_database_folder(target, out)?;
            backup::restore_sqlite_file(&o.file, target, o.force, &suffix).await
        }
        (BackupKind::Dump, DatabaseUrl::Postgres(_)) => {
            let store = SqlStore::connect(&r.database, MigrateMode::Run)
                .await
                .map_err(|e| config::store_error(out, &e))?;
            let done = backup::restore_dump(&o.file, &store, &Bar::new()).await;
            store.close().await;
            done
        }
        (BackupKind::SqliteFile, DatabaseUrl::Postgres(_)) => {
            return Err(CliError::unusable(out.t("cli.restore_sqlite_into_pg")));
        }
        (BackupKind::Dump, DatabaseUrl::Sqlite(_)) => {
            return Err(CliError::unusable(out.t("cli.restore_dump_into_sqlite")));
        }
    }
    .map_err(|e| config::store_error(out, &e))?;
    record_restore(&r, &o.file, out).await?;
    match o.format {
        Format::Json => out.json(&serde_json::to_value(&summary).unwrap_or_default()),
        Format::Text => {
            out.line(&out.t_args("cli.restore_done", &[("database", summary.database.clone())]));
            if let Some(aside) = &summary.moved_aside {
                out.line(&out.t_args("cli.restore_moved_aside", &[("path", aside.display().to_string())]));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Brings the restored schema up to date, ends every session, and notes the restore in
/// each institution's audit log (with the key file that belongs to the backup).
async fn record_restore(r: &config::Resolved, file: &Path, out: &Out) -> Result<(), CliError> {
    let err = |e: iryosec_store::StoreError| config::store_error(out, &e);
    let store = crate::audit_key::open_for_writing(r, out).await?;
    store.end_all_sessions().await.map_err(err)?;
    let now = SystemClock.now();
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned());
    for inst in store.institutions().await.map_err(err)? {
        let event = AuditEvent {
            institution_id: Some(inst.id.get()),
            action: AuditAction::Restored,
            target_kind: "backup",
            target_id: name.clone(),
            before: None,
            after: None,
        };
        store.append_audit(&event, &Actor::cli("restore"), now).await.map_err(err)?;
    }
    store.close().await;
    Ok(())
}
