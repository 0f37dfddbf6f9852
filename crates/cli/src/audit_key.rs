//! Opening the database together with the audit log's key file (see `app::audit_log`).

use crate::config::{self, Resolved};
use crate::output::{CliError, Out};
use iryosec_app::SystemClock;
use iryosec_app::audit_log::{self, KeyError, KeyUse};
use iryosec_core::Clock;
use iryosec_store::{MigrateMode, SqlStore, Store};

/// Brings the schema up to date and loads the key, creating it for a database that was never
/// sealed.
pub async fn open_for_writing(r: &Resolved, out: &Out) -> Result<SqlStore, CliError> {
    let store =
        SqlStore::connect(&r.database, MigrateMode::Run).await.map_err(|e| config::store_error(out, &e))?;
    unlock(store, r, KeyUse::Write, out).await
}

/// Opens the database as it is and loads the key, which must exist: verifying never makes one.
pub async fn open_for_verifying(r: &Resolved, out: &Out) -> Result<SqlStore, CliError> {
    config::require_database(&r.database, out)?;
    let store = open_as_is(r, out).await?;
    let have = store.schema_version().await.map_err(|e| config::store_error(out, &e))?;
    if have < SqlStore::known_schema_version(store.backend()) {
        return Err(CliError::unusable(
            out.t_args("cli.audit_not_upgraded", &[("database", r.database.to_string())]),
        ));
    }
    unlock(store, r, KeyUse::Verify, out).await
}

/// Opens the database as it is, without the key (for reading heads only).
pub async fn open_as_is(r: &Resolved, out: &Out) -> Result<SqlStore, CliError> {
    config::require_database(&r.database, out)?;
    SqlStore::connect(&r.database, MigrateMode::Leave).await.map_err(|e| config::store_error(out, &e))
}

async fn unlock(store: SqlStore, r: &Resolved, intent: KeyUse, out: &Out) -> Result<SqlStore, CliError> {
    audit_log::unlock(store, &r.audit_key_file, intent, SystemClock.now())
        .await
        .map_err(|e| key_error(out, &e))
}

fn key_error(out: &Out, e: &KeyError) -> CliError {
    match (e, e.message()) {
        (KeyError::Store(s), _) => config::store_error(out, s),
        (_, Some(m)) => CliError::unusable(out.lang.tr_args(m.key, &m.args)),
        (_, None) => CliError::unusable(e.to_string()),
    }
}
