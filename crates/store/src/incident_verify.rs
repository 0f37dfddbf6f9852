//! Verifying incident records. Each timeline is hash-chained; on top of that the keyed audit
//! log countersigns every timeline entry (its place and hash, written in the same
//! transaction), so a timeline cannot be rewritten without breaking the keyed log. The facts a
//! page shows (kind, title, 発見日時, the 訓練 flag, who detected it and how, the systems, who
//! opened it and when) must match what the opening entry recorded, and no incident the log
//! saw opened may be gone.

use crate::error::StoreResult;
use crate::incidents::{IncidentRecord, IncidentRow, TimelineRow};
use crate::pool::{SqlStore, with_pool};
use crate::{AuditVerification, sql};
use iryosec_core::audit::{BreakKind, ChainBreak};
use iryosec_core::incident::IncidentFacts;
use iryosec_core::incident::timeline::{KIND_OPENED, TimelineEntry, TimelineVerifier, chain_key};
use std::collections::BTreeMap;

const VERIFY_BATCH: i64 = 2_000;

#[derive(sqlx::FromRow)]
struct HeadRow {
    incident_id: i64,
    institution_id: i64,
    seq: i64,
    hash: String,
}

/// An incident the audit log saw opened: its institution and id (as the entry's target).
type Opened = (Option<i64>, Option<String>);

fn broken(incident: i64, seq: i64, entry_id: Option<i64>, problem: BreakKind) -> ChainBreak {
    ChainBreak { chain: chain_key(incident), seq, entry_id, problem }
}

/// Walks every incident on the server and reports the first break.
pub(crate) async fn verify_all(store: &SqlStore) -> StoreResult<AuditVerification> {
    let (heads, headless, opened): (Vec<HeadRow>, Vec<i64>, Vec<Opened>) = with_pool!(&store.pool, |p| {
        let heads = sqlx::query_as(sql::INCIDENT_HEADS_ALL).fetch_all(p).await?;
        let mut headless: Vec<i64> =
            sqlx::query_scalar(sql::INCIDENT_TIMELINES_WITHOUT_HEAD).fetch_all(p).await?;
        headless.extend(sqlx::query_scalar::<_, i64>(sql::INCIDENTS_WITHOUT_HEAD).fetch_all(p).await?);
        let opened = sqlx::query_as(sql::AUDIT_INCIDENTS_OPENED).fetch_all(p).await?;
        (heads, headless, opened)
    });
    let chains = heads.len();
    let fail = |entries, b| Ok(AuditVerification { chains, entries, first_break: Some(b) });
    if let Some(incident) = headless.iter().min() {
        return fail(0, broken(*incident, 1, None, BreakKind::Unanchored));
    }
    let gone = opened.iter().find(|(inst, target)| {
        !heads.iter().any(|h| Some(h.institution_id) == *inst && Some(h.incident_id.to_string()) == *target)
    });
    if let Some((_, target)) = gone {
        let chain = format!("incident:{}", target.as_deref().unwrap_or("?"));
        return fail(0, ChainBreak { chain, seq: 1, entry_id: None, problem: BreakKind::Missing });
    }
    let mut entries = 0;
    for head in &heads {
        if let Some(b) = verify_one(store, head, &mut entries).await? {
            return fail(entries, b);
        }
    }
    Ok(AuditVerification { chains, entries, first_break: None })
}

async fn verify_one(store: &SqlStore, head: &HeadRow, entries: &mut i64) -> StoreResult<Option<ChainBreak>> {
    let incident = head.incident_id;
    let (row, anchors): (Option<IncidentRow>, Vec<Option<String>>) = with_pool!(&store.pool, |p| {
        let row = sqlx::query_as(sql::INCIDENT_BY_ID)
            .bind(head.institution_id)
            .bind(incident)
            .fetch_optional(p)
            .await?;
        let anchors = sqlx::query_scalar(sql::AUDIT_INCIDENT_ENTRIES)
            .bind(head.institution_id)
            .bind(incident.to_string())
            .fetch_all(p)
            .await?;
        (row, anchors)
    });
    let Some(row) = row else { return Ok(Some(broken(incident, 1, None, BreakKind::Missing))) };
    let countersigned = countersigned(&anchors);
    let mut row = Some(row);
    let mut verifier = TimelineVerifier::new(head.institution_id, incident);
    let mut after = 0;
    loop {
        let page: Vec<TimelineRow> = with_pool!(&store.pool, |p| {
            sqlx::query_as(sql::INCIDENT_TIMELINE_PAGE)
                .bind(incident)
                .bind(after)
                .bind(VERIFY_BATCH)
                .fetch_all(p)
                .await
        })?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for entry in page.into_iter().map(TimelineEntry::from) {
            if let Err(b) = verifier.check(&entry) {
                return Ok(Some(b));
            }
            let at = |problem| Ok(Some(broken(incident, entry.seq, Some(entry.id), problem)));
            if countersigned.get(&entry.seq) != Some(&entry.hash) {
                return at(BreakKind::NotInLog);
            }
            if let Some(row) = row.take().filter(|_| entry.seq == 1)
                && !facts_match(row, &entry)
            {
                return at(BreakKind::FactsDiffer);
            }
            *entries += 1;
        }
    }
    if let Err(b) = verifier.finish(head.seq, &head.hash) {
        return Ok(Some(b));
    }
    match countersigned.keys().next_back() {
        Some(&last) if last > head.seq => {
            Ok(Some(broken(incident, head.seq + 1, None, BreakKind::Truncated)))
        }
        _ => Ok(None),
    }
}

/// The place and hash of each timeline entry, as the audit log recorded them.
fn countersigned(after_json: &[Option<String>]) -> BTreeMap<i64, String> {
    #[derive(serde::Deserialize)]
    struct Anchor {
        seq: i64,
        hash: String,
    }
    after_json
        .iter()
        .flatten()
        .filter_map(|j| serde_json::from_str::<Anchor>(j).ok())
        .map(|a| (a.seq, a.hash))
        .collect()
}

/// Whether the incident's row says what its opening entry recorded.
fn facts_match(row: IncidentRow, opening: &TimelineEntry) -> bool {
    let Ok(record) = IncidentRecord::try_from(row) else { return false };
    let recorded: Option<IncidentFacts> =
        opening.payload.as_deref().and_then(|p| serde_json::from_str(p).ok());
    opening.kind == KIND_OPENED
        && recorded.as_ref() == Some(&record.facts)
        && record.opened_at.millis() == opening.recorded_at
        && record.opened_by == opening.recorded_by
}
