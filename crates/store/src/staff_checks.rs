//! The staff check: per-year codes (only their hash is kept) and the answers given through them
//! or typed in from paper, each with a department and a job role and nothing that names a person.

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult, on_unique};
use crate::pool::{SqlStore, with_pool};
use crate::roles::{parse_answers, year};
use crate::{StaffCheckStore, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::roles::{Answers, JobRole, Respondent};
use iryosec_core::{InstitutionId, Message, Timestamp};

/// A code to issue.
#[derive(Debug, Clone)]
pub struct NewStaffCode {
    pub fiscal_year: i32,
    /// SHA-256 of the code, hex.
    pub code_hash: String,
    /// What the administrator calls it (「看護部用」).
    pub label: String,
    /// The departments staff choose from; empty: none asked.
    pub departments: Vec<String>,
    /// The list the code answers.
    pub list_id: String,
}

/// A code as stored, with how many answers came through it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffCodeRecord {
    pub id: i64,
    pub institution_id: InstitutionId,
    pub fiscal_year: i32,
    pub label: String,
    pub departments: Vec<String>,
    pub list_id: String,
    pub created_at: Timestamp,
    pub created_by: String,
    pub revoked_at: Option<Timestamp>,
    pub revoked_by: Option<String>,
    pub answers: i64,
}

impl StaffCodeRecord {
    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

/// One staff member's answers to store.
#[derive(Debug, Clone)]
pub struct NewStaffAnswer {
    pub fiscal_year: i32,
    pub list_id: String,
    /// The code it came through; `None` for a paper sheet typed in by an administrator.
    pub code_id: Option<i64>,
    pub respondent: Respondent,
    pub answers: Answers,
    /// The day only (`YYYY-MM-DD`), never the moment.
    pub received_on: String,
}

/// One staff member's answers as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAnswerRecord {
    pub id: i64,
    pub list_id: String,
    pub code_id: Option<i64>,
    pub respondent: Respondent,
    pub answers: Answers,
    pub received_on: String,
    /// Who typed in a paper sheet.
    pub entered_by: Option<String>,
}

type CodeRow = (i64, i64, i64, String, String, String, i64, String, Option<i64>, Option<String>, i64);

fn code_record(row: CodeRow) -> StoreResult<StaffCodeRecord> {
    let (
        id,
        inst,
        fiscal_year,
        label,
        departments,
        list_id,
        created_at,
        created_by,
        revoked_at,
        revoked_by,
        answers,
    ) = row;
    Ok(StaffCodeRecord {
        id,
        institution_id: InstitutionId(inst),
        fiscal_year: i32::try_from(fiscal_year)
            .map_err(|_| StoreError::Corrupt("staff_codes.fiscal_year".into()))?,
        label,
        departments: serde_json::from_str(&departments)
            .map_err(|e| StoreError::Corrupt(format!("staff_codes.departments: {e}")))?,
        list_id,
        created_at: Timestamp(created_at),
        created_by,
        revoked_at: revoked_at.map(Timestamp),
        revoked_by,
        answers,
    })
}

#[async_trait]
impl StaffCheckStore for SqlStore {
    async fn issue_staff_code(
        &self,
        institution: InstitutionId,
        code: &NewStaffCode,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<StaffCodeRecord> {
        let inst = institution.get();
        let departments =
            serde_json::to_string(&code.departments).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let row: CodeRow = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar(sql::STAFF_CODE_INSERT)
                .bind(inst)
                .bind(year(code.fiscal_year))
                .bind(&code.code_hash)
                .bind(&code.label)
                .bind(&departments)
                .bind(&code.list_id)
                .bind(now.millis())
                .bind(&actor.login)
                .fetch_one(&mut *tx)
                .await
                .map_err(on_unique("staff_code"))?;
            let e = AuditEvent {
                institution_id: Some(inst),
                action: AuditAction::StaffCodeIssued,
                target_kind: "staff_code",
                target_id: Some(id.to_string()),
                before: None,
                after: Some(serde_json::json!({
                    "fiscal_year": code.fiscal_year, "label": code.label,
                    "departments": code.departments, "list": code.list_id,
                })),
            };
            append_audit!(self, tx, &e, actor, now);
            let row = sqlx::query_as(sql::STAFF_CODE_ONE).bind(inst).bind(id).fetch_one(&mut *tx).await?;
            tx.commit().await?;
            row
        });
        code_record(row)
    }

    async fn staff_codes(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> StoreResult<Vec<StaffCodeRecord>> {
        let rows: Vec<CodeRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::STAFF_CODES_OF_YEAR)
                .bind(institution.get())
                .bind(year(fiscal_year))
                .fetch_all(p)
                .await
        })?;
        rows.into_iter().map(code_record).collect()
    }

    async fn staff_code_by_hash(&self, code_hash: &str) -> StoreResult<Option<StaffCodeRecord>> {
        let row: Option<CodeRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::STAFF_CODE_BY_HASH).bind(code_hash).fetch_optional(p).await
        })?;
        row.map(code_record).transpose()
    }

    async fn revoke_staff_code(
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
            let done = sqlx::query(sql::STAFF_CODE_REVOKE)
                .bind(inst)
                .bind(id)
                .bind(now.millis())
                .bind(&actor.login)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            let e = AuditEvent {
                institution_id: Some(inst),
                action: AuditAction::StaffCodeRevoked,
                target_kind: "staff_code",
                target_id: Some(id.to_string()),
                before: None,
                after: None,
            };
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn add_staff_answer(
        &self,
        institution: InstitutionId,
        answer: &NewStaffAnswer,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        let body = serde_json::to_string(&answer.answers).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let entered_by = answer.code_id.is_none().then(|| actor.login.clone());
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            // A code revoked since the page was opened takes no more answers.
            if let Some(code) = answer.code_id {
                let row: Option<CodeRow> = sqlx::query_as(sql::STAFF_CODE_ONE)
                    .bind(inst)
                    .bind(code)
                    .fetch_optional(&mut *tx)
                    .await?;
                match row.map(code_record).transpose()? {
                    None => return Err(StoreError::NotFound),
                    Some(c) if c.is_revoked() => {
                        return Err(StoreError::Refused(Message::new("roles.error.code_revoked")));
                    }
                    Some(_) => {}
                }
            }
            sqlx::query(sql::STAFF_ANSWER_INSERT)
                .bind(inst)
                .bind(year(answer.fiscal_year))
                .bind(&answer.list_id)
                .bind(answer.code_id)
                .bind(&answer.respondent.department)
                .bind(answer.respondent.job_role.code())
                .bind(&body)
                .bind(&answer.received_on)
                .bind(&entered_by)
                .execute(&mut *tx)
                .await?;
            // The entry says that an answer came, and through which code; not who, nor which
            // answer row, so the log cannot be read back to a person.
            let e = AuditEvent {
                institution_id: Some(inst),
                action: AuditAction::StaffAnswerReceived,
                target_kind: "staff_answer",
                target_id: None,
                before: None,
                after: Some(serde_json::json!({
                    "fiscal_year": answer.fiscal_year, "code": answer.code_id, "paper": answer.code_id.is_none(),
                })),
            };
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn staff_answers(
        &self,
        institution: InstitutionId,
        fiscal_year: i32,
    ) -> StoreResult<Vec<StaffAnswerRecord>> {
        type Row = (i64, String, Option<i64>, String, String, String, String, Option<String>);
        let rows: Vec<Row> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::STAFF_ANSWERS_OF_YEAR)
                .bind(institution.get())
                .bind(year(fiscal_year))
                .fetch_all(p)
                .await
        })?;
        rows.into_iter()
            .map(|(id, list_id, code_id, department, job_role, body, received_on, entered_by)| {
                let job_role = JobRole::parse(&job_role)
                    .ok_or_else(|| StoreError::Corrupt(format!("staff_answers id {id}: job_role")))?;
                Ok(StaffAnswerRecord {
                    id,
                    list_id,
                    code_id,
                    respondent: Respondent { department, job_role },
                    answers: parse_answers("staff_answers", &body)?,
                    received_on,
                    entered_by,
                })
            })
            .collect()
    }
}
