//! Ledger imports: many assets written in one transaction, in multi-row statements, possibly
//! while the file they come from is still being read.

use crate::assets::{event, indexed};
use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult};
use crate::pool::{Pool, SqlStore, with_pool};
use crate::{ImportCounts, ImportFeed, sql};
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::ledger::Asset;
use iryosec_core::{InstitutionId, Timestamp};
use std::collections::{HashMap, HashSet};
use tokio::sync::mpsc;

pub(crate) async fn import_all(
    store: &SqlStore,
    institution: InstitutionId,
    assets: &[Asset],
    source: &str,
    actor: &Actor,
    now: Timestamp,
) -> StoreResult<ImportCounts> {
    let (tx, rx) = mpsc::channel(2);
    // Room for both messages: neither send can fail.
    let _ = tx.try_send(ImportFeed::Assets(assets.to_vec()));
    let _ = tx.try_send(ImportFeed::Commit);
    drop(tx);
    import_feed(store, institution, rx, source, actor, now)
        .await?
        .ok_or_else(|| StoreError::Corrupt("import feed ended before its commit".to_owned()))
}

#[allow(clippy::indexing_slicing, reason = "`ready` never exceeds what is pending")]
pub(crate) async fn import_feed(
    store: &SqlStore,
    institution: InstitutionId,
    mut feed: mpsc::Receiver<ImportFeed>,
    source: &str,
    actor: &Actor,
    now: Timestamp,
) -> StoreResult<Option<ImportCounts>> {
    let inst = institution.get();
    let numbered = matches!(store.pool, Pool::Postgres(_));
    let counts = with_pool!(&store.pool, |p| {
        let mut tx = p.begin().await?;
        sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
        let existing: Vec<String> = sqlx::query_scalar(sql::ASSET_NOS).bind(inst).fetch_all(&mut *tx).await?;
        let mut tally = Tally::new(existing);
        // Rows wait here until a whole statement's worth has arrived, so nearly every statement
        // has the same text and is prepared once.
        let mut pending: Vec<Asset> = Vec::new();
        let commit = loop {
            let (verdict, ready) = take(feed.recv().await, &mut pending);
            for chunk in pending[..ready].chunks(sql::ASSET_BATCH) {
                let unique = last_of_each(chunk);
                let text = sql::asset_upsert_batch(unique.len(), numbered);
                let mut q = sqlx::query(&text);
                for a in unique {
                    let ix = indexed(a);
                    tally.add(&a.asset_no);
                    q = q
                        .bind(inst)
                        .bind(&a.asset_no)
                        .bind(&a.name)
                        .bind(ix.kind)
                        .bind(ix.zone)
                        .bind(ix.retired)
                        .bind(ix.search)
                        .bind(ix.data)
                        .bind(now.millis())
                        .bind(now.millis());
                }
                q.execute(&mut *tx).await?;
            }
            pending.drain(..ready);
            if let Some(commit) = verdict {
                break commit;
            }
        };
        if commit {
            append_audit!(store, tx, &imported(institution, source, tally.counts), actor, now);
            tx.commit().await?;
            Some(tally.counts)
        } else {
            tx.rollback().await?;
            None
        }
    });
    Ok(counts)
}

/// Takes in what the reader sent. Answers whether the feed has ended (committed or abandoned),
/// and how many pending assets to write now: whole statements while more is coming, all of them
/// on commit, none once abandoned.
fn take(message: Option<ImportFeed>, pending: &mut Vec<Asset>) -> (Option<bool>, usize) {
    match message {
        Some(ImportFeed::Assets(assets)) => {
            pending.extend(assets);
            (None, pending.len() / sql::ASSET_BATCH * sql::ASSET_BATCH)
        }
        Some(ImportFeed::Commit) => (Some(true), pending.len()),
        None => (Some(false), 0),
    }
}

fn imported(institution: InstitutionId, source: &str, counts: ImportCounts) -> AuditEvent {
    let mut e = event(institution, AuditAction::AssetsImported, None);
    e.after =
        Some(serde_json::json!({ "source": source, "inserted": counts.inserted, "updated": counts.updated }));
    e
}

/// Counts each 管理番号 once: inserted if the ledger did not have it before the import.
struct Tally {
    existing: HashSet<String>,
    written: HashSet<String>,
    counts: ImportCounts,
}

impl Tally {
    fn new(existing: Vec<String>) -> Tally {
        Tally {
            existing: existing.into_iter().collect(),
            written: HashSet::new(),
            counts: ImportCounts { inserted: 0, updated: 0 },
        }
    }

    fn add(&mut self, asset_no: &str) {
        if self.written.contains(asset_no) {
            return;
        }
        self.written.insert(asset_no.to_owned());
        if self.existing.contains(asset_no) { self.counts.updated += 1 } else { self.counts.inserted += 1 }
    }
}

/// One asset per 管理番号, the last one given winning, in the order given: one statement may not
/// update the same row twice.
fn last_of_each(assets: &[Asset]) -> Vec<&Asset> {
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, a) in assets.iter().enumerate() {
        last.insert(&a.asset_no, i);
    }
    assets
        .iter()
        .enumerate()
        .filter(|(i, a)| last.get(a.asset_no.as_str()) == Some(i))
        .map(|(_, a)| a)
        .collect()
}
