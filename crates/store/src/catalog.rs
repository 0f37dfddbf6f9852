//! Checklist editions imported by users. Each import of an id is a new version; the newest
//! is the one in use, older ones stay for the record.

use crate::error::StoreResult;
use crate::pool::{SqlStore, with_pool};
use crate::{CatalogStore, NewEdition, StoredEdition, sql};
use async_trait::async_trait;
use iryosec_core::Timestamp;
use iryosec_core::audit::Actor;

#[derive(sqlx::FromRow)]
struct EditionRow {
    id: String,
    version: i64,
    source_text: String,
    source_name: String,
    imported_at: i64,
    imported_by: String,
}

/// Stores an edition as the next version of its id inside the transaction `$tx`, audited;
/// evaluates to the version. Shared by imports and published drafts.
macro_rules! insert_edition {
    ($self:ident, $tx:ident, $e:expr, $actor:expr, $now:expr) => {{
        let e: &$crate::NewEdition = $e;
        let event = iryosec_core::audit::AuditEvent {
            institution_id: None,
            action: iryosec_core::audit::AuditAction::DefinitionImported,
            target_kind: "catalog_edition",
            target_id: Some(e.id.clone()),
            before: None,
            after: Some(serde_json::json!({ "source": e.source_name, "title": e.title })),
        };
        // The audit append writes first, so the version read below is this transaction's.
        $crate::audit::append_audit!($self, $tx, &event, $actor, $now);
        let latest: Option<i64> =
            sqlx::query_scalar($crate::sql::EDITION_LATEST_VERSION).bind(&e.id).fetch_one(&mut *$tx).await?;
        let version = latest.unwrap_or(0) + 1;
        sqlx::query($crate::sql::EDITION_INSERT)
            .bind(&e.id)
            .bind(version)
            .bind(i64::from(e.fiscal_year))
            .bind(&e.sheet)
            .bind(&e.title)
            .bind(&e.source_text)
            .bind(&e.source_name)
            .bind($now.millis())
            .bind(&$actor.login)
            .execute(&mut *$tx)
            .await?;
        version
    }};
}
pub(crate) use insert_edition;

#[async_trait]
impl CatalogStore for SqlStore {
    async fn imported_editions(&self) -> StoreResult<Vec<StoredEdition>> {
        let rows: Vec<EditionRow> =
            with_pool!(&self.pool, |p| sqlx::query_as(sql::EDITIONS_LATEST).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|r| StoredEdition {
                id: r.id,
                version: r.version,
                source_text: r.source_text,
                source_name: r.source_name,
                imported_at: Timestamp(r.imported_at),
                imported_by: r.imported_by,
            })
            .collect())
    }

    async fn store_edition(&self, e: &NewEdition, actor: &Actor, now: Timestamp) -> StoreResult<i64> {
        let version = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let version = insert_edition!(self, tx, e, actor, now);
            tx.commit().await?;
            version
        });
        Ok(version)
    }
}
