//! Institutions, including first-run setup.

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult, on_unique};
use crate::pool::{SqlStore, with_pool};
use crate::rows::{InstitutionRow, UserRow};
use crate::{InstitutionStore, NewUser, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::institution::{Institution, InstitutionProfile};
use iryosec_core::user::User;
use iryosec_core::{InstitutionId, Timestamp};

fn profile_json(p: &InstitutionProfile) -> serde_json::Value {
    serde_json::to_value(p).unwrap_or(serde_json::Value::Null)
}

#[async_trait]
impl InstitutionStore for SqlStore {
    async fn institution_count(&self) -> StoreResult<i64> {
        Ok(with_pool!(&self.pool, |p| sqlx::query_scalar(sql::INSTITUTION_COUNT).fetch_one(p).await)?)
    }

    async fn create_institution(
        &self,
        profile: &InstitutionProfile,
        is_demo: bool,
        admin: &NewUser,
        first_only: bool,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<(Institution, User)> {
        let beds = profile.beds.map(i64::from);
        let (institution_id, user_id): (i64, i64) = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let mark = if first_only { sql::SETUP_MARK } else { sql::SETUP_MARK_IF_ABSENT };
            sqlx::query(mark).bind(now.millis().to_string()).execute(&mut *tx).await.map_err(|e| match e
                .as_database_error()
            {
                Some(db) if db.is_unique_violation() => StoreError::AlreadySetUp,
                _ => StoreError::from(e),
            })?;
            let institution_id: i64 = sqlx::query_scalar(sql::INSTITUTION_INSERT)
                .bind(&profile.name)
                .bind(profile.kind.code())
                .bind(i64::from(profile.prefecture.code()))
                .bind(beds)
                .bind(&profile.medical_code)
                .bind(is_demo)
                .bind(now.millis())
                .fetch_one(&mut *tx)
                .await?;
            let user_id: i64 = sqlx::query_scalar(sql::USER_INSERT)
                .bind(institution_id)
                .bind(admin.login_id.as_str())
                .bind(&admin.display_name)
                .bind(admin.role.code())
                .bind(&admin.password_hash)
                .bind(&admin.lang)
                .bind(now.millis())
                .fetch_one(&mut *tx)
                .await
                .map_err(on_unique("login_id"))?;
            let created = AuditEvent {
                institution_id: Some(institution_id),
                action: AuditAction::InstitutionCreated,
                target_kind: "institution",
                target_id: Some(institution_id.to_string()),
                before: None,
                after: Some(profile_json(profile)),
            };
            append_audit!(self, tx, &created, actor, now);
            let user_event = AuditEvent {
                institution_id: Some(institution_id),
                action: AuditAction::UserCreated,
                target_kind: "user",
                target_id: Some(user_id.to_string()),
                before: None,
                after: Some(serde_json::json!({
                    "login_id": admin.login_id.as_str(), "display_name": admin.display_name,
                    "role": admin.role.code(), "disabled": false,
                })),
            };
            append_audit!(self, tx, &user_event, actor, now);
            tx.commit().await?;
            (institution_id, user_id)
        });
        let institution =
            self.institution(InstitutionId(institution_id)).await?.ok_or(StoreError::NotFound)?;
        let row: UserRow = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::USER_BY_ID).bind(institution_id).bind(user_id).fetch_one(p).await
        })?;
        Ok((institution, User::try_from(row)?))
    }

    async fn institution(&self, id: InstitutionId) -> StoreResult<Option<Institution>> {
        let row: Option<InstitutionRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::INSTITUTION_BY_ID).bind(id.get()).fetch_optional(p).await
        })?;
        row.map(Institution::try_from).transpose()
    }

    async fn institutions(&self) -> StoreResult<Vec<Institution>> {
        let rows: Vec<InstitutionRow> =
            with_pool!(&self.pool, |p| sqlx::query_as(sql::INSTITUTIONS_ALL).fetch_all(p).await)?;
        rows.into_iter().map(Institution::try_from).collect()
    }

    async fn update_institution(
        &self,
        id: InstitutionId,
        profile: &InstitutionProfile,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<Institution> {
        let beds = profile.beds.map(i64::from);
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let locked = sqlx::query(sql::INSTITUTION_LOCK).bind(id.get()).execute(&mut *tx).await?;
            if locked.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            let before: InstitutionRow =
                sqlx::query_as(sql::INSTITUTION_BY_ID).bind(id.get()).fetch_one(&mut *tx).await?;
            let before = Institution::try_from(before)?;
            sqlx::query(sql::INSTITUTION_UPDATE)
                .bind(id.get())
                .bind(&profile.name)
                .bind(profile.kind.code())
                .bind(i64::from(profile.prefecture.code()))
                .bind(beds)
                .bind(&profile.medical_code)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            let event = AuditEvent {
                institution_id: Some(id.get()),
                action: AuditAction::InstitutionUpdated,
                target_kind: "institution",
                target_id: Some(id.to_string()),
                before: Some(profile_json(&before.profile)),
                after: Some(profile_json(profile)),
            };
            append_audit!(self, tx, &event, actor, now);
            tx.commit().await?;
        });
        self.institution(id).await?.ok_or(StoreError::NotFound)
    }
}
