//! Ledger imports: many assets written in one transaction, in multi-row statements, possibly
//! while the file they come from is still being read.

use crate::assets::{Indexed, event, indexed};
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
                // What the ledger holds of these, to leave the unchanged alone and keep the history
                // of the changed; read only when some are already in it.
                let known: Vec<&str> =
                    unique.iter().map(|a| a.asset_no.as_str()).filter(|n| tally.is_known(n)).collect();
                let mut before: HashMap<String, (i64, String)> = HashMap::new();
                if !known.is_empty() {
                    let text = sql::assets_by_no(known.len(), numbered);
                    let mut q = sqlx::query_as::<_, (String, i64, String)>(&text).bind(inst);
                    for n in &known {
                        q = q.bind(*n);
                    }
                    for (no, id, data) in q.fetch_all(&mut *tx).await? {
                        before.insert(no, (id, data));
                    }
                }
                let mut writes: Vec<(&Asset, Indexed)> = Vec::with_capacity(unique.len());
                let mut changed: Vec<(i64, Asset, &Asset)> = Vec::new();
                for a in unique {
                    match before.get(&a.asset_no) {
                        Some((id, data)) => {
                            let old: Asset = serde_json::from_str(data).map_err(|e| {
                                StoreError::Corrupt(format!("assets {id} ({}): {e}", a.asset_no))
                            })?;
                            if old == *a {
                                tally.unchanged(&a.asset_no);
                                continue;
                            }
                            tally.changed(&old, a);
                            changed.push((*id, old, a));
                        }
                        None => tally.added(&a.asset_no),
                    }
                    writes.push((a, indexed(a)));
                }
                if !writes.is_empty() {
                    let text = sql::asset_upsert_batch(writes.len(), numbered);
                    let mut q = sqlx::query(&text);
                    for (a, ix) in &writes {
                        q = q
                            .bind(inst)
                            .bind(&a.asset_no)
                            .bind(&a.name)
                            .bind(ix.kind)
                            .bind(ix.zone)
                            .bind(ix.retired)
                            .bind(&ix.search)
                            .bind(&ix.data)
                            .bind(now.millis())
                            .bind(now.millis())
                            .bind(ix.support_end_day)
                            .bind(ix.confirmed_day);
                    }
                    q.execute(&mut *tx).await?;
                }
                for (id, old, new) in &changed {
                    append_audit!(store, tx, &history(institution, *id, old, new, source), actor, now);
                }
            }
            pending.drain(..ready);
            if let Some(commit) = verdict {
                break commit;
            }
        };
        if commit {
            append_audit!(store, tx, &imported(institution, source, &tally), actor, now);
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

/// The import's own entry: the file, the counts, and the 管理番号 added, changed and retired.
fn imported(institution: InstitutionId, source: &str, tally: &Tally) -> AuditEvent {
    let mut e = event(institution, AuditAction::AssetsImported, None);
    let c = tally.counts;
    e.after = Some(serde_json::json!({
        "source": source,
        "inserted": c.inserted,
        "updated": c.updated,
        "unchanged": c.unchanged,
        "added": tally.added,
        "changed": tally.changed,
        "removed": tally.retired,
    }));
    e
}

/// One asset's change by an import, in its history: the fields that changed, before and after,
/// and the file it came from.
fn history(institution: InstitutionId, id: i64, old: &Asset, new: &Asset, source: &str) -> AuditEvent {
    let as_map = |a: &Asset| match serde_json::to_value(a) {
        Ok(serde_json::Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    let (old, new) = (as_map(old), as_map(new));
    let mut before = serde_json::Map::new();
    let mut after = serde_json::Map::new();
    for key in old.keys().chain(new.keys().filter(|k| !old.contains_key(*k))) {
        let (was, is) = (old.get(key), new.get(key));
        if was != is {
            before.insert(key.clone(), was.cloned().unwrap_or(serde_json::Value::Null));
            after.insert(key.clone(), is.cloned().unwrap_or(serde_json::Value::Null));
        }
    }
    after.insert("source".to_owned(), serde_json::Value::from(source));
    let mut e = event(institution, AuditAction::AssetImportUpdated, Some(id));
    e.before = Some(serde_json::Value::Object(before));
    e.after = Some(serde_json::Value::Object(after));
    e
}

/// Counts each 管理番号 once, and lists them: added if the ledger did not have it before the
/// import, changed or unchanged if it did; retired when the import set its 廃棄日.
struct Tally {
    existing: HashSet<String>,
    written: HashSet<String>,
    counts: ImportCounts,
    added: Vec<String>,
    changed: Vec<String>,
    retired: Vec<String>,
}

impl Tally {
    fn new(existing: Vec<String>) -> Tally {
        Tally {
            existing: existing.into_iter().collect(),
            written: HashSet::new(),
            counts: ImportCounts::default(),
            added: Vec::new(),
            changed: Vec::new(),
            retired: Vec::new(),
        }
    }

    /// Whether the ledger holds it (from before, or written earlier by this import).
    fn is_known(&self, asset_no: &str) -> bool {
        self.existing.contains(asset_no) || self.written.contains(asset_no)
    }

    /// True the first time an asset is counted.
    fn first(&mut self, asset_no: &str) -> bool {
        !self.written.contains(asset_no) && self.written.insert(asset_no.to_owned())
    }

    fn added(&mut self, asset_no: &str) {
        if self.first(asset_no) {
            self.counts.inserted += 1;
            self.added.push(asset_no.to_owned());
        }
    }

    fn changed(&mut self, old: &Asset, new: &Asset) {
        if self.first(&new.asset_no) {
            self.counts.updated += 1;
            if old.retired_on.is_none() && new.retired_on.is_some() {
                self.retired.push(new.asset_no.clone());
            } else {
                self.changed.push(new.asset_no.clone());
            }
        }
    }

    fn unchanged(&mut self, asset_no: &str) {
        if self.first(asset_no) {
            self.counts.unchanged += 1;
        }
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
