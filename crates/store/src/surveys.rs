//! G-MIS 調査の回答: one answer set per institution, fiscal year and edition, saved as drafts as
//! often as people like, and archives of a year's bundle once someone settles it. Every save
//! and archive writes its audit entry in the same transaction.

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult};
use crate::pool::{SqlStore, with_pool};
use crate::{SurveyStore, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::{InstitutionId, Timestamp};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The answers of one institution to one survey edition for one fiscal year.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyAnswerSet {
    pub fiscal_year: i32,
    pub edition_id: String,
    /// Question id → answer, in the answer-file convention.
    pub answers: Map<String, Value>,
    /// The ids whose answer a person confirmed.
    pub confirmed: Vec<String>,
    /// Question id → where a prefilled answer came from.
    pub sources: BTreeMap<String, String>,
    pub updated_at: Timestamp,
    pub updated_by: String,
}

/// A settled year's bundle, without its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyArchive {
    pub id: i64,
    pub fiscal_year: i32,
    pub edition_id: String,
    pub created_at: Timestamp,
    pub created_by: String,
}

#[derive(sqlx::FromRow)]
struct AnswerRow {
    fiscal_year: i64,
    edition_id: String,
    answers: String,
    confirmed: String,
    sources: String,
    updated_at: i64,
    updated_by: String,
}

impl TryFrom<AnswerRow> for SurveyAnswerSet {
    type Error = StoreError;
    fn try_from(r: AnswerRow) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| {
            StoreError::Corrupt(format!("survey_answers {} {}: {what}", r.fiscal_year, r.edition_id))
        };
        Ok(SurveyAnswerSet {
            fiscal_year: i32::try_from(r.fiscal_year).map_err(|_| corrupt("fiscal_year"))?,
            answers: serde_json::from_str(&r.answers).map_err(|_| corrupt("answers"))?,
            confirmed: serde_json::from_str(&r.confirmed).map_err(|_| corrupt("confirmed"))?,
            sources: serde_json::from_str(&r.sources).map_err(|_| corrupt("sources"))?,
            edition_id: r.edition_id,
            updated_at: Timestamp(r.updated_at),
            updated_by: r.updated_by,
        })
    }
}

#[derive(sqlx::FromRow)]
struct ArchiveRow {
    id: i64,
    fiscal_year: i64,
    edition_id: String,
    created_at: i64,
    created_by: String,
}

fn to_json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// What the audit log keeps of an answer set: all of it (a survey has a few dozen answers).
fn audit_json(set: &SurveyAnswerSet) -> Value {
    serde_json::json!({
        "fiscal_year": set.fiscal_year, "edition": set.edition_id, "answers": set.answers,
        "confirmed": set.confirmed, "sources": set.sources,
    })
}

#[async_trait]
impl SurveyStore for SqlStore {
    async fn survey_answer_sets(&self, institution: InstitutionId) -> StoreResult<Vec<SurveyAnswerSet>> {
        let rows: Vec<AnswerRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::SURVEY_ANSWERS_OF_INSTITUTION).bind(institution.get()).fetch_all(p).await
        })?;
        rows.into_iter().map(SurveyAnswerSet::try_from).collect()
    }

    async fn survey_answer_set(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        edition_id: &str,
    ) -> StoreResult<Option<SurveyAnswerSet>> {
        let row: Option<AnswerRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::SURVEY_ANSWERS_GET)
                .bind(institution.get())
                .bind(i64::from(fiscal_year))
                .bind(edition_id)
                .fetch_optional(p)
                .await
        })?;
        row.map(SurveyAnswerSet::try_from).transpose()
    }

    async fn save_survey_answers(
        &self,
        institution: InstitutionId,
        set: &SurveyAnswerSet,
        imported_from: Option<&str>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        let (answers, confirmed, sources) =
            (to_json(&set.answers)?, to_json(&set.confirmed)?, to_json(&set.sources)?);
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let before: Option<AnswerRow> = sqlx::query_as(sql::SURVEY_ANSWERS_GET)
                .bind(inst)
                .bind(i64::from(set.fiscal_year))
                .bind(&set.edition_id)
                .fetch_optional(&mut *tx)
                .await?;
            let before = before.map(SurveyAnswerSet::try_from).transpose()?;
            sqlx::query(sql::SURVEY_ANSWERS_UPSERT)
                .bind(inst)
                .bind(i64::from(set.fiscal_year))
                .bind(&set.edition_id)
                .bind(&answers)
                .bind(&confirmed)
                .bind(&sources)
                .bind(now.millis())
                .bind(&actor.login)
                .execute(&mut *tx)
                .await?;
            let action =
                if imported_from.is_some() { AuditAction::SurveyImported } else { AuditAction::SurveySaved };
            let mut after = audit_json(set);
            if let (Some(file), Some(obj)) = (imported_from, after.as_object_mut()) {
                obj.insert("file".into(), Value::String(file.to_owned()));
            }
            let e = AuditEvent {
                institution_id: Some(inst),
                action,
                target_kind: "survey",
                target_id: Some(format!("{}/{}", set.fiscal_year, set.edition_id)),
                before: before.as_ref().map(audit_json),
                after: Some(after),
            };
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn archive_survey(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
        edition_id: &str,
        bundle: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let inst = institution.get();
        let id = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar(sql::SURVEY_ARCHIVE_INSERT)
                .bind(inst)
                .bind(i64::from(fiscal_year))
                .bind(edition_id)
                .bind(bundle)
                .bind(now.millis())
                .bind(&actor.login)
                .fetch_one(&mut *tx)
                .await?;
            let e = AuditEvent {
                institution_id: Some(inst),
                action: AuditAction::SurveyArchived,
                target_kind: "survey",
                target_id: Some(format!("{fiscal_year}/{edition_id}")),
                before: None,
                after: Some(
                    serde_json::json!({ "archive": id, "fiscal_year": fiscal_year, "edition": edition_id }),
                ),
            };
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    async fn survey_archives(&self, institution: InstitutionId) -> StoreResult<Vec<SurveyArchive>> {
        let rows: Vec<ArchiveRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::SURVEY_ARCHIVES_OF_INSTITUTION).bind(institution.get()).fetch_all(p).await
        })?;
        rows.into_iter()
            .map(|r| {
                Ok(SurveyArchive {
                    id: r.id,
                    fiscal_year: i32::try_from(r.fiscal_year)
                        .map_err(|_| StoreError::Corrupt(format!("survey_archives {}: fiscal_year", r.id)))?,
                    edition_id: r.edition_id,
                    created_at: Timestamp(r.created_at),
                    created_by: r.created_by,
                })
            })
            .collect()
    }

    async fn survey_archive_bundle(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> StoreResult<Option<String>> {
        with_pool!(&self.pool, |p| {
            sqlx::query_scalar(sql::SURVEY_ARCHIVE_BUNDLE)
                .bind(institution.get())
                .bind(id)
                .fetch_optional(p)
                .await
        })
        .map_err(StoreError::from)
    }
}
