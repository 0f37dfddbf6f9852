//! アカウント点検: reviews of the systems' accounts against the staff roster, their findings, and
//! the decision recorded on each finding. A decision replaces the one before; the audit log
//! keeps every one, with what it replaced.

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult};
use crate::pool::{SqlStore, fetch_json_rows, with_pool};
use crate::{AccountReviewStore, sql};
use async_trait::async_trait;
use iryosec_core::account_review::Decision;
use iryosec_core::accounts::{Finding, FindingKind};
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::date::{format_iso, parse_date};
use iryosec_core::{InstitutionId, Timestamp};
use serde::{Deserialize, Serialize};
use time::Date;

/// One system's account list as it was read for a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewSource {
    pub system: String,
    pub file_name: String,
    pub accounts: usize,
}

/// A review to record, already run.
#[derive(Debug, Clone)]
pub struct NewAccountReview {
    pub reviewed_on: Date,
    pub fiscal_year: i32,
    pub unused_days: i64,
    pub sources: Vec<ReviewSource>,
    pub roster_file: String,
    pub staff_count: usize,
    pub findings: Vec<Finding>,
}

/// A recorded review, with how many of its findings are open and decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountReviewRecord {
    pub id: i64,
    pub reviewed_on: Date,
    pub fiscal_year: i32,
    pub unused_days: i64,
    pub sources: Vec<ReviewSource>,
    pub roster_file: String,
    pub account_count: i64,
    pub staff_count: i64,
    pub created_at: Timestamp,
    pub created_by: String,
    pub open: i64,
    pub decided: i64,
}

/// A finding of a recorded review and the decision on it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewFindingRecord {
    pub id: i64,
    pub review_id: i64,
    pub finding: Finding,
    pub decision: Option<Decision>,
    pub reason: String,
    pub decided_at: Option<Timestamp>,
    pub decided_by: String,
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: i64,
    reviewed_on: String,
    fiscal_year: i64,
    unused_days: i64,
    sources: String,
    roster_file: String,
    account_count: i64,
    staff_count: i64,
    created_at: i64,
    created_by: String,
    open_count: i64,
    decided_count: i64,
}

impl TryFrom<ReviewRow> for AccountReviewRecord {
    type Error = StoreError;
    fn try_from(r: ReviewRow) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("account_reviews {}: {what}", r.id));
        Ok(AccountReviewRecord {
            id: r.id,
            reviewed_on: parse_date(&r.reviewed_on).map_err(|_| corrupt("reviewed_on"))?,
            fiscal_year: i32::try_from(r.fiscal_year).map_err(|_| corrupt("fiscal_year"))?,
            unused_days: r.unused_days,
            sources: serde_json::from_str(&r.sources).map_err(|_| corrupt("sources"))?,
            roster_file: r.roster_file,
            account_count: r.account_count,
            staff_count: r.staff_count,
            created_at: Timestamp(r.created_at),
            created_by: r.created_by,
            open: r.open_count,
            decided: r.decided_count,
        })
    }
}

#[derive(sqlx::FromRow, serde::Deserialize)]
struct FindingRow {
    id: i64,
    review_id: i64,
    kind: String,
    system: String,
    login: String,
    account_name: String,
    employee_no: Option<String>,
    staff_name: Option<String>,
    idle_days: Option<i64>,
    decision: Option<String>,
    reason: String,
    decided_at: Option<i64>,
    decided_by: String,
}

impl TryFrom<FindingRow> for ReviewFindingRecord {
    type Error = StoreError;
    fn try_from(r: FindingRow) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("account_review_findings {}: {what}", r.id));
        let kind = FindingKind::parse(&r.kind).ok_or_else(|| corrupt("kind"))?;
        let decision = match r.decision.as_deref() {
            Some(code) => Some(Decision::parse(code).ok_or_else(|| corrupt("decision"))?),
            None => None,
        };
        Ok(ReviewFindingRecord {
            id: r.id,
            review_id: r.review_id,
            finding: Finding {
                kind,
                system: r.system,
                login: r.login,
                name: r.account_name,
                employee_no: r.employee_no,
                staff_name: r.staff_name,
                idle_days: r.idle_days,
            },
            decision,
            reason: r.reason,
            decided_at: r.decided_at.map(Timestamp),
            decided_by: r.decided_by,
        })
    }
}

fn event(institution: InstitutionId, action: AuditAction, review: i64) -> AuditEvent {
    AuditEvent {
        institution_id: Some(institution.get()),
        action,
        target_kind: "account_review",
        target_id: Some(review.to_string()),
        before: None,
        after: None,
    }
}

/// What the audit log keeps of a decision: enough to read the history without the tables.
fn decision_json(f: &ReviewFindingRecord, decision: Decision, reason: &str) -> serde_json::Value {
    serde_json::json!({
        "finding": f.id, "kind": f.finding.kind.code(), "system": f.finding.system, "login": f.finding.login,
        "decision": decision.code(), "reason": reason,
    })
}

#[async_trait]
impl AccountReviewStore for SqlStore {
    async fn create_account_review(
        &self,
        institution: InstitutionId,
        review: &NewAccountReview,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let inst = institution.get();
        let sources =
            serde_json::to_string(&review.sources).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let accounts: usize = review.sources.iter().map(|s| s.accounts).sum();
        let (accounts, staff) = (count(accounts), count(review.staff_count));
        let id = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar(sql::ACCOUNT_REVIEW_INSERT)
                .bind(inst)
                .bind(format_iso(review.reviewed_on))
                .bind(i64::from(review.fiscal_year))
                .bind(review.unused_days)
                .bind(&sources)
                .bind(&review.roster_file)
                .bind(accounts)
                .bind(staff)
                .bind(now.millis())
                .bind(&actor.login)
                .fetch_one(&mut *tx)
                .await?;
            for (position, f) in (0i64..).zip(&review.findings) {
                sqlx::query(sql::ACCOUNT_FINDING_INSERT)
                    .bind(inst)
                    .bind(id)
                    .bind(position)
                    .bind(f.kind.code())
                    .bind(&f.system)
                    .bind(&f.login)
                    .bind(&f.name)
                    .bind(&f.employee_no)
                    .bind(&f.staff_name)
                    .bind(f.idle_days)
                    .execute(&mut *tx)
                    .await?;
            }
            let mut e = event(institution, AuditAction::AccountReviewCreated, id);
            e.after = Some(serde_json::json!({
                "reviewed_on": format_iso(review.reviewed_on), "fiscal_year": review.fiscal_year,
                "unused_days": review.unused_days, "sources": review.sources, "roster_file": review.roster_file,
                "accounts": accounts, "staff": staff, "findings": review.findings.len(),
            }));
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    async fn account_reviews(&self, institution: InstitutionId) -> StoreResult<Vec<AccountReviewRecord>> {
        let rows: Vec<ReviewRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::ACCOUNT_REVIEWS_OF_INSTITUTION).bind(institution.get()).fetch_all(p).await
        })?;
        rows.into_iter().map(AccountReviewRecord::try_from).collect()
    }

    async fn account_review(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> StoreResult<Option<AccountReviewRecord>> {
        let row: Option<ReviewRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::ACCOUNT_REVIEW_BY_ID).bind(institution.get()).bind(id).fetch_optional(p).await
        })?;
        row.map(AccountReviewRecord::try_from).transpose()
    }

    async fn account_review_findings(
        &self,
        institution: InstitutionId,
        review: i64,
    ) -> StoreResult<Vec<ReviewFindingRecord>> {
        let rows: Vec<FindingRow> = fetch_json_rows!(&self.pool, sql::ACCOUNT_FINDINGS_JSON, |q| q
            .bind(institution.get())
            .bind(review))?;
        rows.into_iter().map(ReviewFindingRecord::try_from).collect()
    }

    async fn decide_account_finding(
        &self,
        institution: InstitutionId,
        review: i64,
        finding: i64,
        decision: Decision,
        reason: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let before: Option<FindingRow> = sqlx::query_as(sql::ACCOUNT_FINDING_BY_ID)
                .bind(inst)
                .bind(review)
                .bind(finding)
                .fetch_optional(&mut *tx)
                .await?;
            let before = ReviewFindingRecord::try_from(before.ok_or(StoreError::NotFound)?)?;
            sqlx::query(sql::ACCOUNT_FINDING_DECIDE)
                .bind(inst)
                .bind(review)
                .bind(finding)
                .bind(decision.code())
                .bind(reason)
                .bind(now.millis())
                .bind(&actor.login)
                .execute(&mut *tx)
                .await?;
            let mut e = event(institution, AuditAction::AccountFindingDecided, review);
            e.before = before.decision.map(|d| decision_json(&before, d, &before.reason));
            e.after = Some(decision_json(&before, decision, reason));
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn decide_open_findings(
        &self,
        institution: InstitutionId,
        review: i64,
        kind: FindingKind,
        decision: Decision,
        reason: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<u64> {
        let inst = institution.get();
        let decided = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let exists: i64 = sqlx::query_scalar(sql::ACCOUNT_REVIEW_EXISTS)
                .bind(inst)
                .bind(review)
                .fetch_one(&mut *tx)
                .await?;
            if exists == 0 {
                return Err(StoreError::NotFound);
            }
            let done = sqlx::query(sql::ACCOUNT_FINDINGS_DECIDE_OPEN)
                .bind(inst)
                .bind(review)
                .bind(kind.code())
                .bind(decision.code())
                .bind(reason)
                .bind(now.millis())
                .bind(&actor.login)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if done > 0 {
                let mut e = event(institution, AuditAction::AccountFindingsDecidedTogether, review);
                e.after = Some(serde_json::json!({
                    "kind": kind.code(), "decision": decision.code(), "reason": reason, "count": done,
                }));
                append_audit!(self, tx, &e, actor, now);
            }
            tx.commit().await?;
            done
        });
        Ok(decided)
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
