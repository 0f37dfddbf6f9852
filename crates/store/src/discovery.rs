//! Discovery: applying the changes a person confirmed from network files, the sightings of
//! ledger entries, the imports kept as evidence — and the signed lifecycle bundles.

use crate::assets::{insert_asset, update_asset};
use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult};
use crate::pool::{SqlStore, with_pool};
use crate::{AssetRecord, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::ledger::Asset;
use iryosec_core::{InstitutionId, Timestamp};

/// A ledger entry changed from what the files showed: the entry as the person saw it when
/// confirming, the entry after, and the file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetChange {
    pub asset_no: String,
    pub before: Asset,
    pub after: Asset,
    pub source: String,
}

/// Everything one confirmed discovery import writes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiscoveryChanges {
    pub files: Vec<String>,
    /// New entries with the file each came from.
    pub added: Vec<(Asset, String)>,
    pub changed: Vec<AssetChange>,
    /// Ledger entries the files saw (管理番号) and in which file.
    pub seen: Vec<(String, String)>,
    /// What was read (counts, Windows update status), kept as evidence.
    pub summary: serde_json::Value,
}

/// How many of each were written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiscoveryCounts {
    pub added: usize,
    pub changed: usize,
    pub seen: usize,
}

/// A ledger entry's latest sighting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    pub asset_no: String,
    pub seen_at: Timestamp,
    pub source: String,
}

/// The latest discovery import kept.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscoveryImport {
    pub imported_at: Timestamp,
    pub imported_by: String,
    pub files: Vec<String>,
    pub summary: serde_json::Value,
}

/// A signed bundle as kept (its signature was checked before it was stored).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredBundle {
    pub id: i64,
    pub created_on: String,
    pub signed_by: String,
    pub source_name: String,
    pub payload: String,
    pub imported_at: i64,
    pub imported_by: String,
}

fn asset_event(
    institution: InstitutionId,
    action: AuditAction,
    id: i64,
    before: Option<&Asset>,
    after: &Asset,
    source: &str,
) -> AuditEvent {
    let mut after_json = serde_json::to_value(after).unwrap_or(serde_json::Value::Null);
    // The history names the file the change came from.
    if let Some(map) = after_json.as_object_mut() {
        map.insert("source".to_owned(), serde_json::Value::String(source.to_owned()));
    }
    AuditEvent {
        institution_id: Some(institution.get()),
        action,
        target_kind: "asset",
        target_id: Some(id.to_string()),
        before: before.and_then(|b| serde_json::to_value(b).ok()),
        after: Some(after_json),
    }
}

#[async_trait]
impl crate::DiscoveryStore for SqlStore {
    async fn apply_discovery(
        &self,
        institution: InstitutionId,
        changes: &DiscoveryChanges,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<DiscoveryCounts> {
        let inst = institution.get();
        let files = serde_json::to_string(&changes.files).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let summary = changes.summary.to_string();
        let counts = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            for (asset, source) in &changes.added {
                let id = insert_asset!(tx, inst, asset, now)?;
                append_audit!(
                    self,
                    tx,
                    &asset_event(institution, AuditAction::AssetDiscovered, id, None, asset, source),
                    actor,
                    now
                );
            }
            for c in &changes.changed {
                let row: Option<crate::assets::AssetRow> = sqlx::query_as(sql::ASSET_BY_NO)
                    .bind(inst)
                    .bind(&c.asset_no)
                    .fetch_optional(&mut *tx)
                    .await?;
                let current = AssetRecord::try_from(row.ok_or(StoreError::NotFound)?)?;
                // Someone changed the entry since the person looked: their confirmation is stale.
                if current.asset != c.before {
                    return Err(StoreError::Conflict("asset_changed"));
                }
                update_asset!(tx, inst, current.id, &c.after, now)?;
                let e = asset_event(
                    institution,
                    AuditAction::AssetReconciled,
                    current.id,
                    Some(&current.asset),
                    &c.after,
                    &c.source,
                );
                append_audit!(self, tx, &e, actor, now);
            }
            let added = changes.added.iter().map(|(a, s)| (&a.asset_no, s));
            for (asset_no, source) in changes.seen.iter().map(|(a, s)| (a, s)).chain(added) {
                sqlx::query(sql::SIGHTING_UPSERT)
                    .bind(inst)
                    .bind(asset_no)
                    .bind(now.millis())
                    .bind(source)
                    .execute(&mut *tx)
                    .await?;
            }
            let id: i64 = sqlx::query_scalar(sql::DISCOVERY_IMPORT_INSERT)
                .bind(inst)
                .bind(now.millis())
                .bind(&actor.login)
                .bind(&files)
                .bind(&summary)
                .fetch_one(&mut *tx)
                .await?;
            let counts = DiscoveryCounts {
                added: changes.added.len(),
                changed: changes.changed.len(),
                seen: changes.seen.len(),
            };
            let event = AuditEvent {
                institution_id: Some(inst),
                action: AuditAction::DiscoveryRecorded,
                target_kind: "discovery_import",
                target_id: Some(id.to_string()),
                before: None,
                after: Some(serde_json::json!({
                    "files": changes.files, "added": counts.added, "changed": counts.changed, "seen": counts.seen,
                })),
            };
            append_audit!(self, tx, &event, actor, now);
            tx.commit().await?;
            counts
        });
        Ok(counts)
    }

    async fn asset_sightings(&self, institution: InstitutionId) -> StoreResult<Vec<Sighting>> {
        let rows: Vec<(String, i64, String)> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::SIGHTINGS_ALL).bind(institution.get()).fetch_all(p).await
        })?;
        Ok(rows
            .into_iter()
            .map(|(asset_no, at, source)| Sighting { asset_no, seen_at: Timestamp(at), source })
            .collect())
    }

    async fn latest_discovery(&self, institution: InstitutionId) -> StoreResult<Option<DiscoveryImport>> {
        let row: Option<(i64, String, String, String)> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::DISCOVERY_IMPORT_LATEST).bind(institution.get()).fetch_optional(p).await
        })?;
        row.map(|(at, by, files, summary)| {
            let corrupt = |e: serde_json::Error| StoreError::Corrupt(format!("discovery_imports: {e}"));
            Ok(DiscoveryImport {
                imported_at: Timestamp(at),
                imported_by: by,
                files: serde_json::from_str(&files).map_err(corrupt)?,
                summary: serde_json::from_str(&summary).map_err(corrupt)?,
            })
        })
        .transpose()
    }
}

#[async_trait]
impl crate::LifecycleStore for SqlStore {
    async fn import_lifecycle_bundle(
        &self,
        created_on: &str,
        signed_by: &str,
        source_name: &str,
        payload: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let id = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let event = AuditEvent {
                institution_id: None,
                action: AuditAction::LifecycleImported,
                target_kind: "lifecycle_bundle",
                target_id: Some(created_on.to_owned()),
                before: None,
                after: Some(
                    serde_json::json!({ "source": source_name, "signed_by": signed_by, "created": created_on }),
                ),
            };
            append_audit!(self, tx, &event, actor, now);
            let id: i64 = sqlx::query_scalar(sql::LIFECYCLE_BUNDLE_INSERT)
                .bind(created_on)
                .bind(signed_by)
                .bind(source_name)
                .bind(payload)
                .bind(now.millis())
                .bind(&actor.login)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    async fn lifecycle_bundles(&self) -> StoreResult<Vec<StoredBundle>> {
        Ok(with_pool!(&self.pool, |p| sqlx::query_as(sql::LIFECYCLE_BUNDLES_ALL).fetch_all(p).await)?)
    }
}
