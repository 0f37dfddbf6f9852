//! Role checklists: the lists users imported (server-wide, each import a new version, like the
//! checklist editions) and the answers of the lists answered once a fiscal year.

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult};
use crate::pool::{SqlStore, with_pool};
use crate::{RoleStore, StoredEdition, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::roles::{Answers, Audience};
use iryosec_core::{InstitutionId, Timestamp};

/// A role list to store: validated, as TOML.
#[derive(Debug, Clone)]
pub struct NewRoleList {
    pub id: String,
    pub audience: Audience,
    pub title: String,
    pub source_text: String,
    pub source_name: String,
}

/// One list's answers for a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleAnswersRecord {
    pub audience: Audience,
    pub list_id: String,
    pub answers: Answers,
    pub updated_at: Timestamp,
    pub updated_by: String,
}

pub(crate) fn parse_answers(table: &str, body: &str) -> StoreResult<Answers> {
    serde_json::from_str(body).map_err(|e| StoreError::Corrupt(format!("{table}.body: {e}")))
}

pub(crate) fn year(fiscal_year: i32) -> i64 {
    i64::from(fiscal_year)
}

#[async_trait]
impl RoleStore for SqlStore {
    async fn imported_role_lists(&self) -> StoreResult<Vec<StoredEdition>> {
        let rows: Vec<(String, i64, String, String, i64, String)> =
            with_pool!(&self.pool, |p| sqlx::query_as(sql::ROLE_LISTS_LATEST).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(id, version, source_text, source_name, imported_at, imported_by)| StoredEdition {
                id,
                version,
                source_text,
                source_name,
                imported_at: Timestamp(imported_at),
                imported_by,
            })
            .collect())
    }

    async fn store_role_list(&self, list: &NewRoleList, actor: &Actor, now: Timestamp) -> StoreResult<i64> {
        let version = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let event = AuditEvent {
                institution_id: None,
                action: AuditAction::DefinitionImported,
                target_kind: "role_list",
                target_id: Some(list.id.clone()),
                before: None,
                after: Some(serde_json::json!({ "source": list.source_name, "title": list.title })),
            };
            // The audit append writes first, so the version read below is this transaction's.
            append_audit!(self, tx, &event, actor, now);
            let latest: Option<i64> =
                sqlx::query_scalar(sql::ROLE_LIST_LATEST_VERSION).bind(&list.id).fetch_one(&mut *tx).await?;
            let version = latest.unwrap_or(0) + 1;
            sqlx::query(sql::ROLE_LIST_INSERT)
                .bind(&list.id)
                .bind(version)
                .bind(list.audience.code())
                .bind(&list.title)
                .bind(&list.source_text)
                .bind(&list.source_name)
                .bind(now.millis())
                .bind(&actor.login)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            version
        });
        Ok(version)
    }

    async fn role_list_uses(&self, id: &str) -> StoreResult<i64> {
        Ok(with_pool!(&self.pool, |p| sqlx::query_scalar(sql::ROLE_LIST_USES).bind(id).fetch_one(p).await)?)
    }

    async fn role_answers(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> StoreResult<Vec<RoleAnswersRecord>> {
        let rows: Vec<(String, String, String, i64, String)> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::ROLE_ANSWERS_OF_YEAR)
                .bind(institution.get())
                .bind(year(fiscal_year))
                .fetch_all(p)
                .await
        })?;
        rows.into_iter()
            .map(|(audience, list_id, body, updated_at, updated_by)| {
                Ok(RoleAnswersRecord {
                    audience: Audience::parse(&audience)
                        .ok_or_else(|| StoreError::Corrupt(format!("role_answers.audience: {audience}")))?,
                    list_id,
                    answers: parse_answers("role_answers", &body)?,
                    updated_at: Timestamp(updated_at),
                    updated_by,
                })
            })
            .collect()
    }

    async fn save_role_answers(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        audience: Audience,
        list_id: &str,
        answers: &Answers,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        let body = serde_json::to_string(answers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let before: Option<(String, String)> = sqlx::query_as(sql::ROLE_ANSWERS_ONE)
                .bind(inst)
                .bind(year(fiscal_year))
                .bind(audience.code())
                .fetch_optional(&mut *tx)
                .await?;
            // A year's answers stay with the list they were given to: a newer list is answered
            // from the next year on.
            if let Some((stored_list, _)) = &before
                && stored_list != list_id
            {
                return Err(StoreError::Refused(
                    iryosec_core::Message::new("roles.error.other_list").arg("id", stored_list),
                ));
            }
            sqlx::query(sql::ROLE_ANSWERS_UPSERT)
                .bind(inst)
                .bind(year(fiscal_year))
                .bind(audience.code())
                .bind(list_id)
                .bind(&body)
                .bind(now.millis())
                .bind(&actor.login)
                .execute(&mut *tx)
                .await?;
            let e = AuditEvent {
                institution_id: Some(inst),
                action: AuditAction::RoleAnswersSaved,
                target_kind: "role_answers",
                target_id: Some(format!("{fiscal_year}:{}", audience.code())),
                before: before.and_then(|(_, b)| serde_json::from_str(&b).ok()),
                after: Some(serde_json::json!({ "list": list_id, "answers": answers })),
            };
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }
}
