//! The audit log's key file, and the head a printout carries.
//!
//! The key lives in a file outside the database (by default `audit.key` in the data folder),
//! readable by the service account only. It is created the first time a database without
//! sealed entries is opened for writing; that first sealing also appends a sealed entry to
//! every chain there already is, which pins the entries written before the key. Once the
//! database holds sealed entries the key is expected: a missing or different key file is
//! refused, and nothing ever makes a new key for such a database.

use crate::{App, AppResult};
use iryosec_core::audit::{Actor, AuditKey, KEY_LEN, chain_key};
use iryosec_core::{InstitutionId, Message, Timestamp};
use iryosec_store::{AuditHead, AuditStore, SqlStore, StoreError};
use rand::RngCore;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What the key is for: writing may create it (for a database that has none yet), verifying
/// never does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyUse {
    Write,
    Verify,
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("audit key file missing: {0}")]
    Missing(PathBuf),
    #[error("audit key file unreadable: {0}: {1}")]
    Unreadable(PathBuf, String),
    #[error("audit key file malformed: {0}")]
    Malformed(PathBuf),
    #[error("audit key file {path} holds key {found}, the database expects {expected}")]
    Mismatch { path: PathBuf, found: String, expected: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl KeyError {
    /// What to tell the person; `None` for a store error, which has its own message.
    pub fn message(&self) -> Option<Message> {
        let path = |p: &Path| p.display().to_string();
        Some(match self {
            KeyError::Missing(p) => Message::new("audit.key_missing").arg("path", path(p)),
            KeyError::Unreadable(p, e) => {
                Message::new("audit.key_unreadable").arg("path", path(p)).arg("error", e)
            }
            KeyError::Malformed(p) => Message::new("audit.key_malformed").arg("path", path(p)),
            KeyError::Mismatch { path: p, found, expected } => Message::new("audit.key_mismatch")
                .arg("path", path(p))
                .arg("found", found)
                .arg("expected", expected),
            KeyError::Store(_) => return None,
        })
    }
}

/// Gives `store` its key from `path`, creating the key if `intent` allows and the database
/// has never been sealed.
pub async fn unlock(
    store: SqlStore,
    path: &Path,
    intent: KeyUse,
    now: Timestamp,
) -> Result<SqlStore, KeyError> {
    let expected = store.latest_audit_key_id().await?;
    let key = match read_key(path)? {
        Some(key) => key,
        None if intent == KeyUse::Verify => return Err(KeyError::Missing(path.to_owned())),
        None => match &expected {
            None => return create(store, path, now).await,
            Some(id) => finish_interrupted(path, id)?.ok_or_else(|| KeyError::Missing(path.to_owned()))?,
        },
    };
    match expected {
        Some(id) if id != key.id() => {
            Err(KeyError::Mismatch { path: path.to_owned(), found: key.id().to_owned(), expected: id })
        }
        _ => Ok(store.with_audit_key(key)),
    }
}

/// Where a new key waits until the database has been sealed with it.
fn pending_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".new");
    path.with_file_name(name)
}

fn read_key(path: &Path) -> Result<Option<AuditKey>, KeyError> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            AuditKey::from_file_text(&text).map(Some).ok_or_else(|| KeyError::Malformed(path.to_owned()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(KeyError::Unreadable(path.to_owned(), e.to_string())),
    }
}

/// A new key is written beside the key file's place, the database is sealed with it, and
/// only then is it moved into place: a crash in between leaves either no key in use or a
/// pending one that [`finish_interrupted`] recognises by its id.
async fn create(store: SqlStore, path: &Path, now: Timestamp) -> Result<SqlStore, KeyError> {
    let mut bytes = [0u8; KEY_LEN];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let key = AuditKey::from_bytes(bytes);
    let pending = pending_path(path);
    let unwritable = |e: std::io::Error| KeyError::Unreadable(pending.clone(), e.to_string());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(unwritable)?;
    }
    write_private(&pending, &key.file_text()).map_err(unwritable)?;
    let store = store.with_audit_key(key);
    store.seal_every_chain(&Actor::cli("audit-key"), now).await?;
    std::fs::rename(&pending, path).map_err(unwritable)?;
    Ok(store)
}

/// The pending key of a creation that stopped after sealing, if it is the expected one.
fn finish_interrupted(path: &Path, expected: &str) -> Result<Option<AuditKey>, KeyError> {
    let pending = pending_path(path);
    match read_key(&pending) {
        Ok(Some(key)) if key.id() == expected => {
            std::fs::rename(&pending, path).map_err(|e| KeyError::Unreadable(pending, e.to_string()))?;
            Ok(Some(key))
        }
        _ => Ok(None),
    }
}

/// Writes a file only its owner may read (on Unix; elsewhere the folder's rights apply).
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    let _ = std::fs::remove_file(path);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

impl App {
    /// The institution's chain head, as printouts carry it so a later check can prove the
    /// log still holds it.
    pub async fn audit_anchor(&self, institution: InstitutionId) -> AppResult<Option<AuditHead>> {
        let chain = chain_key(Some(institution.get()));
        Ok(self.store.audit_heads().await?.into_iter().find(|h| h.chain == chain))
    }
}
