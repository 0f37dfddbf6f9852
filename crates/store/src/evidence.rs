//! Evidence files attached to assessments.

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult};
use crate::pool::{SqlStore, with_pool};
use crate::{EvidenceMeta, EvidenceStore, NewEvidence, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::{InstitutionId, Timestamp};

#[derive(sqlx::FromRow)]
struct MetaRow {
    id: i64,
    assessment_id: i64,
    item_key: String,
    file_name: String,
    content_type: String,
    size: i64,
    sha256: String,
    uploaded_at: i64,
    uploaded_by: String,
}

impl From<MetaRow> for EvidenceMeta {
    fn from(r: MetaRow) -> Self {
        EvidenceMeta {
            id: r.id,
            assessment_id: r.assessment_id,
            item_key: r.item_key,
            file_name: r.file_name,
            content_type: r.content_type,
            size: r.size,
            sha256: r.sha256,
            uploaded_at: Timestamp(r.uploaded_at),
            uploaded_by: r.uploaded_by,
        }
    }
}

fn event(institution: InstitutionId, action: AuditAction, meta: serde_json::Value, id: i64) -> AuditEvent {
    AuditEvent {
        institution_id: Some(institution.get()),
        action,
        target_kind: "evidence",
        target_id: Some(id.to_string()),
        before: None,
        after: Some(meta),
    }
}

#[async_trait]
impl EvidenceStore for SqlStore {
    async fn add_evidence(
        &self,
        institution: InstitutionId,
        assessment: i64,
        file: &NewEvidence,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let inst = institution.get();
        let size = i64::try_from(file.data.len()).unwrap_or(i64::MAX);
        let id = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let touched = sqlx::query(sql::ASSESSMENT_TOUCH)
                .bind(inst)
                .bind(assessment)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            if touched.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            let id: i64 = sqlx::query_scalar(sql::EVIDENCE_INSERT)
                .bind(inst)
                .bind(assessment)
                .bind(&file.item_key)
                .bind(&file.file_name)
                .bind(&file.content_type)
                .bind(size)
                .bind(&file.sha256)
                .bind(&file.data)
                .bind(now.millis())
                .bind(&actor.login)
                .fetch_one(&mut *tx)
                .await?;
            let meta = serde_json::json!({
                "assessment": assessment, "item": file.item_key, "file_name": file.file_name,
                "size": size, "sha256": file.sha256,
            });
            append_audit!(self, tx, &event(institution, AuditAction::EvidenceAdded, meta, id), actor, now);
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    async fn evidence_of(
        &self,
        institution: InstitutionId,
        assessment: i64,
    ) -> StoreResult<Vec<EvidenceMeta>> {
        let rows: Vec<MetaRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::EVIDENCE_OF_ASSESSMENT)
                .bind(institution.get())
                .bind(assessment)
                .fetch_all(p)
                .await
        })?;
        Ok(rows.into_iter().map(EvidenceMeta::from).collect())
    }

    async fn evidence_file(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> StoreResult<Option<(EvidenceMeta, Vec<u8>)>> {
        let found: Option<(MetaRow, Vec<u8>)> = with_pool!(&self.pool, |p| {
            let meta: Option<MetaRow> =
                sqlx::query_as(sql::EVIDENCE_META).bind(institution.get()).bind(id).fetch_optional(p).await?;
            match meta {
                Some(m) => {
                    let data: Vec<u8> = sqlx::query_scalar(sql::EVIDENCE_DATA)
                        .bind(institution.get())
                        .bind(id)
                        .fetch_one(p)
                        .await?;
                    Some((m, data))
                }
                None => None,
            }
        });
        Ok(found.map(|(m, d)| (EvidenceMeta::from(m), d)))
    }

    async fn delete_evidence(
        &self,
        institution: InstitutionId,
        id: i64,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let meta: Option<MetaRow> =
                sqlx::query_as(sql::EVIDENCE_META).bind(inst).bind(id).fetch_optional(&mut *tx).await?;
            let Some(meta) = meta else { return Err(StoreError::NotFound) };
            sqlx::query(sql::EVIDENCE_DELETE).bind(inst).bind(id).execute(&mut *tx).await?;
            let kept = serde_json::json!({
                "assessment": meta.assessment_id, "item": meta.item_key, "file_name": meta.file_name, "sha256": meta.sha256,
            });
            let mut e = event(institution, AuditAction::EvidenceDeleted, serde_json::Value::Null, id);
            e.before = Some(kept);
            e.after = None;
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }
}
