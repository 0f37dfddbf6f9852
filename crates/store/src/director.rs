//! The director's 「確認しました」 per fiscal year: added, never changed, each audited.

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult};
use crate::pool::{SqlStore, with_pool};
use crate::roles::year;
use crate::{DirectorStore, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::director::signoff::{SignOff, SignedAs};
use iryosec_core::{InstitutionId, Timestamp};

/// A sign-off as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignOffRecord {
    pub id: i64,
    pub fiscal_year: i32,
    pub signoff: SignOff,
    pub recorded_at: Timestamp,
    /// The account that recorded it.
    pub recorded_by: String,
}

#[async_trait]
impl DirectorStore for SqlStore {
    async fn sign_off(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        signoff: &SignOff,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<SignOffRecord> {
        let inst = institution.get();
        let signed_on = signoff.signed_on.to_string();
        let id: i64 = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar(sql::SIGNOFF_INSERT)
                .bind(inst)
                .bind(year(fiscal_year))
                .bind(&signed_on)
                .bind(&signoff.comment)
                .bind(signoff.signed_as.code())
                .bind(&signoff.director_name)
                .bind(now.millis())
                .bind(&actor.login)
                .fetch_one(&mut *tx)
                .await?;
            let e = AuditEvent {
                institution_id: Some(inst),
                action: AuditAction::DirectorSignedOff,
                target_kind: "director_page",
                target_id: Some(fiscal_year.to_string()),
                before: None,
                after: serde_json::to_value(signoff).ok(),
            };
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
            id
        });
        Ok(SignOffRecord {
            id,
            fiscal_year,
            signoff: signoff.clone(),
            recorded_at: now,
            recorded_by: actor.login.clone(),
        })
    }

    async fn signoffs(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> StoreResult<Vec<SignOffRecord>> {
        type Row = (i64, String, String, String, String, i64, String);
        let rows: Vec<Row> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::SIGNOFFS_OF_YEAR)
                .bind(institution.get())
                .bind(year(fiscal_year))
                .fetch_all(p)
                .await
        })?;
        rows.into_iter()
            .map(|(id, signed_on, comment, signed_as, director_name, recorded_at, recorded_by)| {
                let corrupt = |what: &str| StoreError::Corrupt(format!("director_signoffs id {id}: {what}"));
                Ok(SignOffRecord {
                    id,
                    fiscal_year,
                    signoff: SignOff {
                        signed_on: iryosec_core::date::parse_date(&signed_on)
                            .map_err(|_| corrupt("signed_on"))?,
                        comment,
                        signed_as: SignedAs::parse(&signed_as).ok_or_else(|| corrupt("signed_as"))?,
                        director_name,
                    },
                    recorded_at: Timestamp(recorded_at),
                    recorded_by,
                })
            })
            .collect()
    }
}
