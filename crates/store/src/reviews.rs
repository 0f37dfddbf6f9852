//! 事業者確認用 sheets sent to vendors, and people's word on suggested answers.

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult};
use crate::pool::{SqlStore, with_pool};
use crate::{ReviewStore, SuggestionReview, VendorSheet, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::date::{format_iso, parse_date};
use iryosec_core::{InstitutionId, Timestamp};

/// Writes a person's word on an item's suggestion, with its audit entry, inside an open
/// transaction of either backend.
macro_rules! upsert_review {
    ($store:expr, $tx:expr, $inst:expr, $review:expr, $actor:expr, $now:expr) => {{
        let review: &$crate::SuggestionReview = $review;
        sqlx::query($crate::sql::SUGGESTION_REVIEW_UPSERT)
            .bind($inst)
            .bind(review.assessment_id)
            .bind(&review.item_key)
            .bind(&review.suggested)
            .bind(&review.decision)
            .bind(&review.reason)
            .bind(review.decided_at.millis())
            .bind(&review.decided_by)
            .execute(&mut *$tx)
            .await?;
        let e = iryosec_core::audit::AuditEvent {
            institution_id: Some($inst),
            action: iryosec_core::audit::AuditAction::SuggestionReviewed,
            target_kind: "assessment",
            target_id: Some(review.assessment_id.to_string()),
            before: None,
            after: Some(serde_json::json!({
                "item": review.item_key, "suggested": review.suggested,
                "decision": review.decision, "reason": review.reason,
            })),
        };
        $crate::audit::append_audit!($store, $tx, &e, $actor, $now);
    }};
}
pub(crate) use upsert_review;

#[derive(sqlx::FromRow)]
struct SheetRow {
    vendor_id: i64,
    edition_id: String,
    sent_on: Option<String>,
    returned_on: Option<String>,
    answers: Option<String>,
    updated_at: i64,
}

impl From<SheetRow> for VendorSheet {
    fn from(r: SheetRow) -> Self {
        let date = |d: Option<String>| d.and_then(|d| parse_date(&d).ok());
        VendorSheet {
            vendor_id: r.vendor_id,
            edition_id: r.edition_id,
            sent_on: date(r.sent_on),
            returned_on: date(r.returned_on),
            answers: r.answers,
            updated_at: Timestamp(r.updated_at),
        }
    }
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    assessment_id: i64,
    item_key: String,
    suggested: String,
    decision: String,
    reason: String,
    decided_at: i64,
    decided_by: String,
}

impl From<ReviewRow> for SuggestionReview {
    fn from(r: ReviewRow) -> Self {
        SuggestionReview {
            assessment_id: r.assessment_id,
            item_key: r.item_key,
            suggested: r.suggested,
            decision: r.decision,
            reason: r.reason,
            decided_at: Timestamp(r.decided_at),
            decided_by: r.decided_by,
        }
    }
}

#[async_trait]
impl ReviewStore for SqlStore {
    async fn vendor_sheets(&self, institution: InstitutionId) -> StoreResult<Vec<VendorSheet>> {
        let rows: Vec<SheetRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::VENDOR_SHEETS).bind(institution.get()).fetch_all(p).await
        })?;
        Ok(rows.into_iter().map(VendorSheet::from).collect())
    }

    async fn save_vendor_sheet(
        &self,
        institution: InstitutionId,
        sheet: &VendorSheet,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        let sent = sheet.sent_on.map(format_iso);
        let returned = sheet.returned_on.map(format_iso);
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let vendor: i64 = sqlx::query_scalar(sql::VENDOR_EXISTS)
                .bind(inst)
                .bind(sheet.vendor_id)
                .fetch_one(&mut *tx)
                .await?;
            if vendor == 0 {
                return Err(StoreError::NotFound);
            }
            sqlx::query(sql::VENDOR_SHEET_UPSERT)
                .bind(inst)
                .bind(sheet.vendor_id)
                .bind(&sheet.edition_id)
                .bind(&sent)
                .bind(&returned)
                .bind(&sheet.answers)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            let e = AuditEvent {
                institution_id: Some(inst),
                action: AuditAction::VendorSheetSaved,
                target_kind: "vendors",
                target_id: Some(sheet.vendor_id.to_string()),
                before: None,
                after: Some(serde_json::json!({
                    "edition": sheet.edition_id, "sent_on": sent, "returned_on": returned,
                    "answers": sheet.answers.is_some(),
                })),
            };
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn suggestion_reviews(
        &self,
        institution: InstitutionId,
        assessment: i64,
    ) -> StoreResult<Vec<SuggestionReview>> {
        let rows: Vec<ReviewRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::SUGGESTION_REVIEWS)
                .bind(institution.get())
                .bind(assessment)
                .fetch_all(p)
                .await
        })?;
        Ok(rows.into_iter().map(SuggestionReview::from).collect())
    }

    async fn save_suggestion_review(
        &self,
        institution: InstitutionId,
        review: &SuggestionReview,
        actor: &Actor,
    ) -> StoreResult<()> {
        let inst = institution.get();
        let now = review.decided_at;
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let exists: i64 = sqlx::query_scalar(sql::ASSESSMENT_EXISTS)
                .bind(inst)
                .bind(review.assessment_id)
                .fetch_one(&mut *tx)
                .await?;
            if exists == 0 {
                return Err(StoreError::NotFound);
            }
            upsert_review!(self, tx, inst, review, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }
}
