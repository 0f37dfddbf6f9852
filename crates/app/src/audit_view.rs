//! Reading the audit log: the audit page with its chain check, a record's history, and the
//! whole-log checks the command line and the tests ask for.

use crate::{App, AppResult};
use iryosec_core::InstitutionId;
use iryosec_core::audit::AuditEntry;
use iryosec_store::{AuditFilter, AuditHead, AuditVerification};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The last chain check per institution, by the head it checked.
pub(crate) type ChainChecks = Arc<Mutex<HashMap<i64, ChainCheck>>>;

#[derive(Clone)]
pub(crate) struct ChainCheck {
    head_seq: i64,
    head_hash: String,
    result: AuditVerification,
}

/// A record's detail page: the record and its newest history entries.
pub struct WithHistory<T> {
    pub record: T,
    pub history: Vec<AuditEntry>,
}

/// One page of the audit log and whether the institution's chain is whole.
pub struct AuditLogPage {
    pub entries: Vec<AuditEntry>,
    /// How many entries match the filter in all.
    pub total: i64,
    pub chain: AuditVerification,
}

impl App {
    /// The entries matching `filter`, newest first, `limit` of them from `offset`, with the
    /// institution's chain check.
    pub async fn audit_log_page(
        &self,
        institution: InstitutionId,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> AppResult<AuditLogPage> {
        let (entries, total) = self.audit_entries(institution, filter, limit, offset).await?;
        let chain = self.chain_check(institution).await?;
        Ok(AuditLogPage { entries, total, chain })
    }

    /// The entries matching `filter`, newest first, and how many match in all.
    pub async fn audit_entries(
        &self,
        institution: InstitutionId,
        filter: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> AppResult<(Vec<AuditEntry>, i64)> {
        Ok(self.store.audit_entries(institution, filter, limit, offset).await?)
    }

    /// The newest entries about one record: its history as the detail pages show it.
    pub async fn history(
        &self,
        institution: InstitutionId,
        target_kind: &str,
        target_id: i64,
        limit: i64,
    ) -> AppResult<Vec<AuditEntry>> {
        Ok(self.store.audit_for(institution, target_kind, &target_id.to_string(), limit).await?)
    }

    /// The head of every chain in the log.
    pub async fn audit_heads(&self) -> AppResult<Vec<AuditHead>> {
        Ok(self.store.audit_heads().await?)
    }

    /// Every chain checked from its first entry.
    pub async fn verify_audit(&self) -> AppResult<AuditVerification> {
        Ok(self.store.verify_audit().await?)
    }

    /// The institution's chain check. Re-hashing the whole chain on every view would grow
    /// with the log, so a check is reused while the chain's head is unchanged; any new entry
    /// (the viewer's own login, say) moves the head and brings a fresh check.
    /// `iryosec audit verify` always checks everything.
    async fn chain_check(&self, institution: InstitutionId) -> AppResult<AuditVerification> {
        let (seq, hash) = self.audit_anchor(institution).await?.map(|h| (h.seq, h.hash)).unwrap_or_default();
        let cached = self.chain_checks.lock().ok().and_then(|m| m.get(&institution.get()).cloned());
        if let Some(c) = cached.filter(|c| c.head_seq == seq && c.head_hash == hash) {
            return Ok(c.result);
        }
        let result = self.store.verify_institution_audit(institution).await?;
        if let Ok(mut m) = self.chain_checks.lock() {
            m.insert(
                institution.get(),
                ChainCheck { head_seq: seq, head_hash: hash, result: result.clone() },
            );
        }
        Ok(result)
    }
}
