//! Edition drafts made in the editor, one institution's each. Every change is audited with
//! what it changed; publishing stores the edition and marks the draft in one transaction.

use crate::audit::append_audit;
use crate::catalog::insert_edition;
use crate::error::{StoreError, StoreResult};
use crate::pool::{SqlStore, with_pool};
use crate::{DraftChange, DraftRecord, DraftStore, NewDraft, NewEdition, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::{InstitutionId, Timestamp};

#[derive(sqlx::FromRow)]
struct DraftRow {
    id: i64,
    source_edition: String,
    fiscal_year: i64,
    sheet: String,
    content: String,
    official_name: String,
    official_sha256: String,
    created_by: String,
    created_at: i64,
    updated_by: String,
    updated_at: i64,
    published_edition: Option<String>,
}

impl DraftRow {
    fn record(self, institution: InstitutionId) -> StoreResult<DraftRecord> {
        Ok(DraftRecord {
            id: self.id,
            institution_id: institution,
            source_edition: self.source_edition,
            fiscal_year: i32::try_from(self.fiscal_year).map_err(|_| {
                StoreError::Corrupt(format!("catalog_drafts.fiscal_year: {}", self.fiscal_year))
            })?,
            sheet: self.sheet,
            content: self.content,
            official_name: self.official_name,
            official_sha256: self.official_sha256,
            created_by: self.created_by,
            created_at: Timestamp(self.created_at),
            updated_by: self.updated_by,
            updated_at: Timestamp(self.updated_at),
            published_edition: self.published_edition,
        })
    }
}

fn event(institution: InstitutionId, id: i64, change: &DraftChange) -> AuditEvent {
    AuditEvent {
        institution_id: Some(institution.get()),
        action: AuditAction::DefinitionDraftSaved,
        target_kind: "catalog_draft",
        target_id: Some(id.to_string()),
        before: change.before.clone(),
        after: change.after.clone(),
    }
}

#[async_trait]
impl DraftStore for SqlStore {
    async fn create_draft(
        &self,
        institution: InstitutionId,
        d: &NewDraft,
        change: &DraftChange,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let id = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let id: i64 = sqlx::query_scalar(sql::DRAFT_INSERT)
                .bind(institution.get())
                .bind(&d.source_edition)
                .bind(i64::from(d.fiscal_year))
                .bind(&d.sheet)
                .bind(&d.content)
                .bind(&d.official_name)
                .bind(&d.official_sha256)
                .bind(&actor.login)
                .bind(now.millis())
                .fetch_one(&mut *tx)
                .await?;
            append_audit!(self, tx, &event(institution, id, change), actor, now);
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    async fn draft(&self, institution: InstitutionId, id: i64) -> StoreResult<Option<DraftRecord>> {
        let row: Option<DraftRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::DRAFT_BY_ID).bind(institution.get()).bind(id).fetch_optional(p).await
        })?;
        row.map(|r| r.record(institution)).transpose()
    }

    async fn drafts(&self, institution: InstitutionId) -> StoreResult<Vec<DraftRecord>> {
        let rows: Vec<DraftRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::DRAFTS_OF_INSTITUTION).bind(institution.get()).fetch_all(p).await
        })?;
        rows.into_iter().map(|r| r.record(institution)).collect()
    }

    async fn save_draft(
        &self,
        institution: InstitutionId,
        id: i64,
        content: &str,
        change: &DraftChange,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let updated = sqlx::query(sql::DRAFT_UPDATE)
                .bind(institution.get())
                .bind(id)
                .bind(content)
                .bind(&actor.login)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound);
            }
            append_audit!(self, tx, &event(institution, id, change), actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn publish_draft(
        &self,
        institution: InstitutionId,
        id: i64,
        edition: &NewEdition,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let version = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let updated = sqlx::query(sql::DRAFT_PUBLISHED)
                .bind(institution.get())
                .bind(id)
                .bind(&edition.id)
                .bind(&actor.login)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if updated == 0 {
                return Err(StoreError::NotFound);
            }
            let change = DraftChange {
                before: None,
                after: Some(serde_json::json!({ "published_as": edition.id, "title": edition.title })),
            };
            append_audit!(self, tx, &event(institution, id, &change), actor, now);
            let version = insert_edition!(self, tx, edition, actor, now);
            tx.commit().await?;
            version
        });
        Ok(version)
    }
}
