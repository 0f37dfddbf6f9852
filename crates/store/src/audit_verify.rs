//! Verifying the audit log: every chain under the key, every institution has its chain, and
//! every witnessed head is still there.

use crate::error::{StoreError, StoreResult};
use crate::{AuditHead, AuditStore, AuditVerification};
use iryosec_core::InstitutionId;
use iryosec_core::audit::witness::WitnessLine;
use iryosec_core::audit::{AuditVerifier, BreakKind, ChainBreak, chain_key};

const VERIFY_BATCH: i64 = 2_000;

fn broken(chains: usize, entries: i64, b: ChainBreak) -> AuditVerification {
    AuditVerification { chains, entries, first_break: Some(b) }
}

fn whole_chain(chain: String, problem: BreakKind) -> ChainBreak {
    ChainBreak { chain, seq: 1, entry_id: None, problem }
}

/// Checks every chain in batches, so memory stays flat however long the log grows.
pub(crate) async fn verify_all<S: AuditStore + ?Sized>(store: &S) -> StoreResult<AuditVerification> {
    let heads = store.audit_heads().await?;
    let headless =
        store.audit_chains_in_log().await?.into_iter().find(|c| !heads.iter().any(|h| &h.chain == c));
    if let Some(chain) = headless {
        return Ok(broken(heads.len(), 0, whole_chain(chain, BreakKind::Unanchored)));
    }
    if let Some(id) = store.institutions_without_chain().await?.first() {
        return Ok(broken(heads.len(), 0, whole_chain(chain_key(Some(*id)), BreakKind::Missing)));
    }
    verify_heads(store, &heads).await
}

/// Checks one institution's chain, that it exists, and that no entry naming it sits elsewhere.
pub(crate) async fn verify_one<S: AuditStore + ?Sized>(
    store: &S,
    institution: InstitutionId,
) -> StoreResult<AuditVerification> {
    let chain = chain_key(Some(institution.get()));
    if store.audit_foreign_entries(institution).await? > 0 {
        return Ok(broken(1, 0, whole_chain(chain, BreakKind::WrongChain)));
    }
    let heads: Vec<AuditHead> = store.audit_heads().await?.into_iter().filter(|h| h.chain == chain).collect();
    if heads.is_empty() {
        return Ok(broken(1, 0, whole_chain(chain, BreakKind::Missing)));
    }
    verify_heads(store, &heads).await
}

async fn verify_heads<S: AuditStore + ?Sized>(
    store: &S,
    heads: &[AuditHead],
) -> StoreResult<AuditVerification> {
    let key = store.audit_key().ok_or(StoreError::NoAuditKey)?;
    let mut entries = 0;
    for head in heads {
        if chain_key(head.institution_id) != head.chain {
            return Ok(broken(heads.len(), entries, whole_chain(head.chain.clone(), BreakKind::WrongChain)));
        }
        let mut verifier = AuditVerifier::new(&head.chain, key);
        let mut after = 0;
        loop {
            let page = store.audit_chain_page(&head.chain, after, VERIFY_BATCH).await?;
            let Some(last) = page.last() else { break };
            after = last.seq;
            for entry in &page {
                if let Err(b) = verifier.check(entry) {
                    return Ok(broken(heads.len(), entries, b));
                }
                entries += 1;
            }
        }
        if let Err(b) = verifier.finish(head.seq, &head.hash) {
            return Ok(broken(heads.len(), entries, b));
        }
    }
    Ok(AuditVerification { chains: heads.len(), entries, first_break: None })
}

/// The first witnessed head the log no longer holds as witnessed. Run after the chains
/// verified: then an entry still at a witnessed place with the witnessed seal proves that
/// nothing up to it changed.
pub(crate) async fn verify_witnessed<S: AuditStore + ?Sized>(
    store: &S,
    lines: &[WitnessLine],
) -> StoreResult<Option<ChainBreak>> {
    for line in lines {
        let found = store.audit_chain_page(&line.chain, line.seq - 1, 1).await?.into_iter().next();
        let problem = match &found {
            Some(e) if e.seq == line.seq && e.hash == line.hash => continue,
            Some(e) if e.seq == line.seq => BreakKind::WitnessDiffers,
            _ => BreakKind::WitnessMissing,
        };
        let entry_id = found.filter(|e| e.seq == line.seq).map(|e| e.id);
        return Ok(Some(ChainBreak { chain: line.chain.clone(), seq: line.seq, entry_id, problem }));
    }
    Ok(None)
}
