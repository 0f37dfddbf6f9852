//! The asset ledger.

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult};
use crate::pool::{SqlStore, fetch_json_rows, with_pool};
use crate::{AssetFilter, AssetRecord, AssetStore, ImportCounts, ImportFeed, MarkCounts, sql};
use async_trait::async_trait;
use futures_util::TryStreamExt;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::ledger::{Asset, AssetMark, MarkDays, confirmed_day, support_end_day};
use iryosec_core::{InstitutionId, Timestamp};
use sqlx::Row;

#[derive(sqlx::FromRow)]
pub(crate) struct AssetRow {
    id: i64,
    asset_no: String,
    data: String,
    created_at: i64,
    updated_at: i64,
}

impl TryFrom<AssetRow> for AssetRecord {
    type Error = StoreError;
    fn try_from(r: AssetRow) -> Result<Self, Self::Error> {
        let asset: Asset = serde_json::from_str(&r.data)
            .map_err(|e| StoreError::Corrupt(format!("assets {} ({}): {e}", r.id, r.asset_no)))?;
        Ok(AssetRecord {
            id: r.id,
            asset,
            created_at: Timestamp(r.created_at),
            updated_at: Timestamp(r.updated_at),
        })
    }
}

/// The columns stored beside the JSON: what lists search and filter by.
pub(crate) struct Indexed {
    pub(crate) kind: &'static str,
    pub(crate) zone: Option<&'static str>,
    pub(crate) retired: bool,
    pub(crate) search: String,
    pub(crate) data: String,
    pub(crate) support_end_day: Option<i64>,
    pub(crate) confirmed_day: Option<i64>,
}

pub(crate) fn indexed(a: &Asset) -> Indexed {
    let mut search = String::new();
    for (i, s) in [&a.asset_no, &a.name, &a.location, &a.department, &a.ip, &a.owner].into_iter().enumerate()
    {
        if i > 0 {
            search.push('\u{1f}');
        }
        push_lowercase(&mut search, s);
    }
    Indexed {
        kind: a.kind.map_or("other", |k| k.code()),
        zone: a.zone.map(|z| z.code()),
        retired: a.retired_on.is_some(),
        search,
        data: serde_json::to_string(a).unwrap_or_default(),
        support_end_day: support_end_day(a).map(i64::from),
        confirmed_day: confirmed_day(a).map(i64::from),
    }
}

/// The day bounds `sql::asset_filter!` takes for a mark filter, each `None` when not asked.
struct MarkBounds {
    ended_before: Option<i64>,
    ending_from: Option<i64>,
    ending_until: Option<i64>,
    confirmed_before: Option<i64>,
}

fn mark_bounds(mark: Option<(AssetMark, MarkDays)>) -> MarkBounds {
    let mut b =
        MarkBounds { ended_before: None, ending_from: None, ending_until: None, confirmed_before: None };
    match mark {
        Some((AssetMark::SupportEnded, d)) => b.ended_before = Some(d.today.into()),
        Some((AssetMark::SupportEndsThisYear, d)) => {
            (b.ending_from, b.ending_until) = (Some(d.today.into()), Some(d.fiscal_year_end.into()));
        }
        Some((AssetMark::Unconfirmed, d)) => b.confirmed_before = Some(d.confirmed_since.into()),
        None => {}
    }
    b
}

/// `s` in lower case exactly as `str::to_lowercase` writes it, without looking up kana and kanji
/// (which have no case) one by one: an import indexes a hundred thousand rows.
fn push_lowercase(out: &mut String, s: &str) {
    // Σ is the one letter whose lower case depends on where it stands in a word.
    if s.contains('Σ') {
        out.push_str(&s.to_lowercase());
        return;
    }
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if ('\u{3000}'..='\u{9fff}').contains(&c) {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// Binds an asset's stored columns, in the order `ASSET_INSERT` and `ASSET_UPDATE` name them.
macro_rules! bind_asset {
    ($query:expr, $asset:expr, $ix:expr) => {
        $query
            .bind(&$asset.asset_no)
            .bind(&$asset.name)
            .bind($ix.kind)
            .bind($ix.zone)
            .bind($ix.retired)
            .bind(&$ix.search)
            .bind(&$ix.data)
    };
}
pub(crate) use bind_asset;

/// Inserts an asset inside a transaction (`tx`); evaluates to its id, or `Conflict("asset_no")`.
macro_rules! insert_asset {
    ($tx:expr, $inst:expr, $asset:expr, $now:expr) => {{
        let asset: &iryosec_core::ledger::Asset = $asset;
        let ix = $crate::assets::indexed(asset);
        $crate::assets::bind_asset!(
            sqlx::query_scalar::<_, i64>($crate::sql::ASSET_INSERT).bind($inst),
            asset,
            ix
        )
        .bind($now.millis())
        .bind(ix.support_end_day)
        .bind(ix.confirmed_day)
        .fetch_one(&mut *$tx)
        .await
        .map_err($crate::error::on_unique("asset_no"))
    }};
}
pub(crate) use insert_asset;

/// Replaces asset `id` inside a transaction (`tx`), or fails with `Conflict("asset_no")`.
macro_rules! update_asset {
    ($tx:expr, $inst:expr, $id:expr, $asset:expr, $now:expr) => {{
        let asset: &iryosec_core::ledger::Asset = $asset;
        let ix = $crate::assets::indexed(asset);
        $crate::assets::bind_asset!(sqlx::query($crate::sql::ASSET_UPDATE).bind($inst).bind($id), asset, ix)
            .bind($now.millis())
            .bind(ix.support_end_day)
            .bind(ix.confirmed_day)
            .execute(&mut *$tx)
            .await
            .map_err($crate::error::on_unique("asset_no"))
    }};
}
pub(crate) use update_asset;

pub(crate) fn event(institution: InstitutionId, action: AuditAction, id: Option<i64>) -> AuditEvent {
    AuditEvent {
        institution_id: Some(institution.get()),
        action,
        target_kind: "asset",
        target_id: id.map(|i| i.to_string()),
        before: None,
        after: None,
    }
}

fn json(a: &Asset) -> serde_json::Value {
    serde_json::to_value(a).unwrap_or(serde_json::Value::Null)
}

/// `%text%` for LIKE, with LIKE's own wildcards escaped (the SQL says `ESCAPE '\\'`).
pub(crate) fn like(text: &str) -> String {
    let mut out = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[async_trait]
impl AssetStore for SqlStore {
    async fn assets(
        &self,
        institution: InstitutionId,
        filter: &AssetFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<(Vec<AssetRecord>, i64)> {
        let text = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(like);
        let kind = filter.kind.map(|k| k.code());
        let m = mark_bounds(filter.mark);
        let (rows, total): (Vec<AssetRow>, i64) = with_pool!(&self.pool, |p| {
            let rows = sqlx::query_as(sql::ASSET_LIST)
                .bind(institution.get())
                .bind(&text)
                .bind(kind)
                .bind(filter.include_retired)
                .bind(m.ended_before)
                .bind(m.ending_from)
                .bind(m.ending_until)
                .bind(m.confirmed_before)
                .bind(limit)
                .bind(offset)
                .fetch_all(p)
                .await?;
            let total = sqlx::query_scalar(sql::ASSET_COUNT)
                .bind(institution.get())
                .bind(&text)
                .bind(kind)
                .bind(filter.include_retired)
                .bind(m.ended_before)
                .bind(m.ending_from)
                .bind(m.ending_until)
                .bind(m.confirmed_before)
                .fetch_one(p)
                .await?;
            (rows, total)
        });
        Ok((rows.into_iter().map(AssetRecord::try_from).collect::<Result<_, _>>()?, total))
    }

    async fn all_assets(&self, institution: InstitutionId) -> StoreResult<Vec<AssetRecord>> {
        let rows: Vec<AssetRow> = with_pool!(&self.pool, |p| sqlx::query_as(sql::ASSETS_ALL)
            .bind(institution.get())
            .fetch_all(p)
            .await)?;
        rows.into_iter().map(AssetRecord::try_from).collect()
    }

    async fn ledger_assets(&self, institution: InstitutionId) -> StoreResult<Vec<Asset>> {
        fetch_json_rows!(&self.pool, sql::ASSETS_DATA_JSON, |q| q.bind(institution.get()))
    }

    async fn asset_ids(
        &self,
        institution: InstitutionId,
        numbers: &[String],
    ) -> StoreResult<Vec<(String, i64)>> {
        let mut found = Vec::new();
        // Only the names asked for: reading every 管理番号 of a large ledger costs more than the page.
        for chunk in numbers.chunks(sql::ASSET_IDS_BATCH) {
            let text = sql::asset_ids(chunk.len());
            let rows: Vec<(String, i64)> = with_pool!(&self.pool, |p| {
                let mut q = sqlx::query_as(&text).bind(institution.get());
                for n in chunk {
                    q = q.bind(n);
                }
                q.fetch_all(p).await
            })?;
            found.extend(rows);
        }
        Ok(found)
    }

    async fn send_all_assets(
        &self,
        institution: InstitutionId,
        batch: usize,
        to: tokio::sync::mpsc::Sender<Vec<Asset>>,
    ) -> StoreResult<()> {
        with_pool!(&self.pool, |p| {
            // Only the JSON, read in place: the export needs nothing else of the row.
            let mut rows = sqlx::query(sql::ASSETS_ALL_DATA).bind(institution.get()).fetch(p);
            let mut assets = Vec::with_capacity(batch);
            while let Some(row) = rows.try_next().await? {
                let data: &str = row.try_get(1)?;
                let asset = serde_json::from_str(data).map_err(|e| {
                    StoreError::Corrupt(format!(
                        "assets {}: {e}",
                        row.try_get::<i64, _>(0).unwrap_or_default()
                    ))
                })?;
                assets.push(asset);
                if assets.len() == batch
                    && to.send(std::mem::replace(&mut assets, Vec::with_capacity(batch))).await.is_err()
                {
                    return Ok(());
                }
            }
            if !assets.is_empty() {
                // A receiver gone by now has all it wanted.
                let _ = to.send(assets).await;
            }
        });
        Ok(())
    }

    async fn asset(&self, institution: InstitutionId, id: i64) -> StoreResult<Option<AssetRecord>> {
        let row: Option<AssetRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::ASSET_BY_ID).bind(institution.get()).bind(id).fetch_optional(p).await
        })?;
        row.map(AssetRecord::try_from).transpose()
    }

    async fn create_asset(
        &self,
        institution: InstitutionId,
        asset: &Asset,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let inst = institution.get();
        let id = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let id = insert_asset!(tx, inst, asset, now)?;
            let mut e = event(institution, AuditAction::AssetCreated, Some(id));
            e.after = Some(json(asset));
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    async fn update_asset(
        &self,
        institution: InstitutionId,
        id: i64,
        asset: &Asset,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let before: Option<AssetRow> =
                sqlx::query_as(sql::ASSET_BY_ID).bind(inst).bind(id).fetch_optional(&mut *tx).await?;
            let before = AssetRecord::try_from(before.ok_or(StoreError::NotFound)?)?;
            update_asset!(tx, inst, id, asset, now)?;
            let mut e = event(institution, AuditAction::AssetUpdated, Some(id));
            e.before = Some(json(&before.asset));
            e.after = Some(json(asset));
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn asset_mark_counts(&self, institution: InstitutionId, days: MarkDays) -> StoreResult<MarkCounts> {
        let (support_ended, support_ending, unconfirmed): (i64, i64, i64) = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::ASSET_MARK_COUNTS)
                .bind(institution.get())
                .bind(i64::from(days.today))
                .bind(i64::from(days.fiscal_year_end))
                .bind(i64::from(days.confirmed_since))
                .fetch_one(p)
                .await
        })?;
        Ok(MarkCounts { support_ended, support_ending, unconfirmed })
    }

    async fn import_assets(
        &self,
        institution: InstitutionId,
        assets: &[Asset],
        source: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<ImportCounts> {
        crate::asset_import::import_all(self, institution, assets, source, actor, now).await
    }

    async fn import_asset_feed(
        &self,
        institution: InstitutionId,
        feed: tokio::sync::mpsc::Receiver<ImportFeed>,
        source: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<Option<ImportCounts>> {
        crate::asset_import::import_feed(self, institution, feed, source, actor, now).await
    }
}

#[async_trait]
impl crate::StagingStore for SqlStore {
    async fn stage_file(
        &self,
        institution: InstitutionId,
        token: &str,
        file_name: &str,
        data: &[u8],
        now: Timestamp,
    ) -> StoreResult<()> {
        with_pool!(&self.pool, |p| {
            sqlx::query(sql::STAGING_INSERT)
                .bind(institution.get())
                .bind(token)
                .bind(file_name)
                .bind(data)
                .bind(now.millis())
                .execute(p)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    async fn staged_file(
        &self,
        institution: InstitutionId,
        token: &str,
    ) -> StoreResult<Option<(String, Vec<u8>)>> {
        Ok(with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::STAGING_GET).bind(institution.get()).bind(token).fetch_optional(p).await
        })?)
    }

    async fn drop_staged(&self, institution: InstitutionId, token: &str) -> StoreResult<()> {
        with_pool!(&self.pool, |p| {
            sqlx::query(sql::STAGING_DELETE).bind(institution.get()).bind(token).execute(p).await.map(|_| ())
        })?;
        Ok(())
    }

    async fn expire_staged(&self, before: Timestamp) -> StoreResult<u64> {
        Ok(with_pool!(&self.pool, |p| {
            sqlx::query(sql::STAGING_EXPIRE).bind(before.millis()).execute(p).await.map(|r| r.rows_affected())
        })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_case_is_the_standard_one() {
        let lower = |s: &str| {
            let mut out = String::new();
            push_lowercase(&mut out, s);
            out
        };
        for s in ["PC-001 受付ＰＣ", "ΟΔΥΣΣΕΥΣ", "İstanbul Ǆ", "ＡＢＣ１２３", "サーバ室　東棟3F", "ÀÉÎ"]
        {
            assert_eq!(lower(s), s.to_lowercase(), "{s}");
        }
        assert!(('\u{3000}'..='\u{9fff}').all(|c| c.to_lowercase().eq([c])), "no letter there has a case");
    }
}
