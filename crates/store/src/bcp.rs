//! サイバー攻撃を想定したBCP: the yearly 確認表 (one row per fiscal year, the answers as JSON)
//! and the prints of the 初動対応カード (one row per print, never changed).

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult};
use crate::pool::{SqlStore, with_pool};
use crate::{BcpStore, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::bcp::BcpCheck;
use iryosec_core::{InstitutionId, Timestamp};

/// A year's check as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BcpCheckRecord {
    pub fiscal_year: i32,
    pub check: BcpCheck,
    pub updated_at: Timestamp,
    pub updated_by: String,
}

/// The latest print of the card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardPrint {
    pub printed_at: Timestamp,
    pub printed_by: String,
    pub fingerprint: String,
}

fn parse_body(body: &str) -> StoreResult<BcpCheck> {
    serde_json::from_str(body).map_err(|e| StoreError::Corrupt(format!("bcp_checks.body: {e}")))
}

#[async_trait]
impl BcpStore for SqlStore {
    async fn bcp_check(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> StoreResult<Option<BcpCheckRecord>> {
        let row: Option<(i64, String, i64, String)> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::BCP_CHECK_OF)
                .bind(institution.get())
                .bind(i64::from(fiscal_year))
                .fetch_optional(p)
                .await
        })?;
        let Some((year, body, updated_at, updated_by)) = row else { return Ok(None) };
        Ok(Some(BcpCheckRecord {
            fiscal_year: i32::try_from(year).unwrap_or(fiscal_year),
            check: parse_body(&body)?,
            updated_at: Timestamp(updated_at),
            updated_by,
        }))
    }

    async fn save_bcp_check(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        check: &BcpCheck,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        let body = serde_json::to_string(check).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let before: Option<(i64, String, i64, String)> = sqlx::query_as(sql::BCP_CHECK_OF)
                .bind(inst)
                .bind(i64::from(fiscal_year))
                .fetch_optional(&mut *tx)
                .await?;
            sqlx::query(sql::BCP_CHECK_UPSERT)
                .bind(inst)
                .bind(i64::from(fiscal_year))
                .bind(&body)
                .bind(now.millis())
                .bind(&actor.login)
                .execute(&mut *tx)
                .await?;
            let e = AuditEvent {
                institution_id: Some(inst),
                action: AuditAction::BcpCheckSaved,
                target_kind: "bcp_check",
                target_id: Some(fiscal_year.to_string()),
                before: before.and_then(|(_, b, ..)| serde_json::from_str(&b).ok()),
                after: serde_json::from_str(&body).ok(),
            };
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn record_card_print(
        &self,
        institution: InstitutionId,
        fingerprint: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            sqlx::query(sql::BCP_CARD_PRINT_INSERT)
                .bind(inst)
                .bind(now.millis())
                .bind(&actor.login)
                .bind(fingerprint)
                .execute(&mut *tx)
                .await?;
            let e = AuditEvent {
                institution_id: Some(inst),
                action: AuditAction::BcpCardPrinted,
                target_kind: "bcp_card",
                target_id: Some(fingerprint.to_owned()),
                before: None,
                after: None,
            };
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn latest_card_print(&self, institution: InstitutionId) -> StoreResult<Option<CardPrint>> {
        let row: Option<(i64, String, String)> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::BCP_CARD_PRINT_LATEST).bind(institution.get()).fetch_optional(p).await
        })?;
        Ok(row.map(|(at, by, fingerprint)| CardPrint {
            printed_at: Timestamp(at),
            printed_by: by,
            fingerprint,
        }))
    }
}
