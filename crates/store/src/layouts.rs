//! How files were read, remembered per institution for the next file with the same headers.

use crate::audit::append_audit;
use crate::error::StoreResult;
use crate::pool::{SqlStore, with_pool};
use crate::{LayoutStore, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::{InstitutionId, Timestamp};

#[async_trait]
impl LayoutStore for SqlStore {
    async fn import_layouts(&self, institution: InstitutionId, kind: &str) -> StoreResult<Vec<String>> {
        Ok(with_pool!(&self.pool, |p| {
            sqlx::query_scalar(sql::IMPORT_LAYOUTS).bind(institution.get()).bind(kind).fetch_all(p).await
        })?)
    }

    async fn remember_import_layout(
        &self,
        institution: InstitutionId,
        kind: &str,
        signature: &str,
        layout: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let inst = institution.get();
        let changed = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let before: Option<String> = sqlx::query_scalar(sql::IMPORT_LAYOUT_GET)
                .bind(inst)
                .bind(kind)
                .bind(signature)
                .fetch_optional(&mut *tx)
                .await?;
            if before.as_deref() == Some(layout) {
                tx.rollback().await?;
                false
            } else {
                sqlx::query(sql::IMPORT_LAYOUT_PUT)
                    .bind(inst)
                    .bind(kind)
                    .bind(signature)
                    .bind(layout)
                    .bind(now.millis())
                    .execute(&mut *tx)
                    .await?;
                let event = AuditEvent {
                    institution_id: Some(inst),
                    action: AuditAction::ImportLayoutRemembered,
                    target_kind: "import_layout",
                    target_id: None,
                    before: before.as_deref().and_then(in_words),
                    after: in_words(layout),
                };
                append_audit!(self, tx, &event, actor, now);
                tx.commit().await?;
                true
            }
        });
        Ok(changed)
    }
}

/// A layout as the audit log shows it: what was imported, the sheet, the header row and the
/// headers of the columns taken (the mapping file's own format and version are left out).
#[allow(clippy::indexing_slicing, reason = "a row is read by the column positions of its own query")]
fn in_words(layout: &str) -> Option<serde_json::Value> {
    let stored: serde_json::Value = serde_json::from_str(layout).ok()?;
    let taken: Vec<&str> = stored["columns"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["field"].is_string())
        .filter_map(|c| c["header"].as_str())
        .collect();
    Some(serde_json::json!({
        "import": stored["import"],
        "sheet": stored["sheet"],
        "header_row": stored["header_row"],
        "columns": taken,
    }))
}
