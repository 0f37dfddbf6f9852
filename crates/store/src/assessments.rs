//! Assessments and their answers.

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult, on_unique};
use crate::pool::{SqlStore, with_pool};
use crate::reviews::upsert_review;
use crate::{AssessmentRecord, AssessmentStore, NewAssessment, SuggestionReview, sql};
use async_trait::async_trait;
use iryosec_core::assessment::{Answer, Facts, Slot, YesNo};
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::catalog::Scope;
use iryosec_core::date::format_iso;
use iryosec_core::{InstitutionId, Timestamp};
use std::collections::BTreeMap;
use time::Date;

#[derive(sqlx::FromRow)]
struct AssessmentRow {
    id: i64,
    institution_id: i64,
    fiscal_year: i64,
    edition_id: String,
    vendor_contract: bool,
    carried_from: Option<i64>,
    carry_flags: String,
    created_at: i64,
    updated_at: i64,
}

impl From<AssessmentRow> for AssessmentRecord {
    fn from(r: AssessmentRow) -> Self {
        AssessmentRecord {
            id: r.id,
            institution_id: InstitutionId(r.institution_id),
            fiscal_year: i32::try_from(r.fiscal_year).unwrap_or(0),
            edition_id: r.edition_id,
            facts: Facts { vendor_contract: r.vendor_contract },
            carried_from: r.carried_from,
            carry_flags: r.carry_flags,
            created_at: Timestamp(r.created_at),
            updated_at: Timestamp(r.updated_at),
        }
    }
}

#[derive(sqlx::FromRow)]
struct AnswerRow {
    item_key: String,
    scope: String,
    answer: Option<String>,
    confirmed_1: Option<String>,
    confirmed_2: Option<String>,
    target_date: Option<String>,
    note: String,
    confirmed_by: String,
    draft: bool,
}

fn date(s: &Option<String>) -> Option<Date> {
    s.as_deref().and_then(|d| iryosec_core::date::parse_date(d).ok())
}

impl AnswerRow {
    fn into_pair(self) -> (Slot, Answer) {
        let scope = Scope::parse(&self.scope);
        let answer = Answer {
            value: self.answer.as_deref().and_then(YesNo::parse),
            confirmed: [date(&self.confirmed_1), date(&self.confirmed_2)],
            target: date(&self.target_date),
            note: self.note,
            confirmed_by: self.confirmed_by,
            draft: self.draft,
        };
        (Slot { key: self.item_key, scope }, answer)
    }
}

/// What the audit log keeps of an answer.
fn answer_json(slot: &Slot, a: Option<&Answer>) -> serde_json::Value {
    serde_json::json!({
        "item": slot.key, "scope": slot.scope_code(),
        "answer": a.and_then(|a| a.value).map(YesNo::code),
        "confirmed_1": a.and_then(|a| a.confirmed[0]).map(format_iso),
        "confirmed_2": a.and_then(|a| a.confirmed[1]).map(format_iso),
        "target": a.and_then(|a| a.target).map(format_iso),
        "note": a.map(|a| a.note.as_str()).unwrap_or(""),
    })
}

/// Writes one answer inside an open transaction of either backend.
macro_rules! upsert_answer {
    ($tx:expr, $inst:expr, $assessment:expr, $slot:expr, $a:expr, $actor:expr, $now:expr) => {{
        let (slot, a): (&Slot, &Answer) = ($slot, $a);
        sqlx::query(sql::ANSWER_UPSERT)
            .bind($inst)
            .bind($assessment)
            .bind(&slot.key)
            .bind(slot.scope_code())
            .bind(a.value.map(YesNo::code))
            .bind(a.confirmed[0].map(format_iso))
            .bind(a.confirmed[1].map(format_iso))
            .bind(a.target.map(format_iso))
            .bind(&a.note)
            .bind(&a.confirmed_by)
            .bind(a.draft)
            .bind($now.millis())
            .bind(&$actor.login)
            .execute(&mut *$tx)
            .await?;
    }};
}

fn assessment_event(institution: InstitutionId, id: i64, action: AuditAction) -> AuditEvent {
    AuditEvent {
        institution_id: Some(institution.get()),
        action,
        target_kind: "assessment",
        target_id: Some(id.to_string()),
        before: None,
        after: None,
    }
}

#[async_trait]
impl AssessmentStore for SqlStore {
    async fn create_assessment(
        &self,
        institution: InstitutionId,
        new: &NewAssessment,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<AssessmentRecord> {
        let inst = institution.get();
        let id: i64 = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let locked = sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            if locked.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            let id: i64 = sqlx::query_scalar(sql::ASSESSMENT_INSERT)
                .bind(inst)
                .bind(i64::from(new.fiscal_year))
                .bind(&new.edition_id)
                .bind(new.facts.vendor_contract)
                .bind(new.carried_from)
                .bind(&new.carry_flags)
                .bind(now.millis())
                .fetch_one(&mut *tx)
                .await
                .map_err(on_unique("assessment"))?;
            for (slot, answer) in &new.answers {
                upsert_answer!(tx, inst, id, slot, answer, actor, now);
            }
            let mut event = assessment_event(institution, id, AuditAction::AssessmentCreated);
            event.after = Some(serde_json::json!({
                "fiscal_year": new.fiscal_year, "edition": new.edition_id, "carried_from": new.carried_from,
                "carried_answers": new.answers.len(),
            }));
            append_audit!(self, tx, &event, actor, now);
            tx.commit().await?;
            id
        });
        self.assessment(institution, id).await?.ok_or(StoreError::NotFound)
    }

    async fn assessments(&self, institution: InstitutionId) -> StoreResult<Vec<AssessmentRecord>> {
        let rows: Vec<AssessmentRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::ASSESSMENTS_OF_INSTITUTION).bind(institution.get()).fetch_all(p).await
        })?;
        Ok(rows.into_iter().map(AssessmentRecord::from).collect())
    }

    async fn assessment(&self, institution: InstitutionId, id: i64) -> StoreResult<Option<AssessmentRecord>> {
        let row: Option<AssessmentRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::ASSESSMENT_BY_ID).bind(institution.get()).bind(id).fetch_optional(p).await
        })?;
        Ok(row.map(AssessmentRecord::from))
    }

    async fn answers(
        &self,
        institution: InstitutionId,
        assessment: i64,
    ) -> StoreResult<BTreeMap<Slot, Answer>> {
        let rows: Vec<AnswerRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::ANSWERS_OF_ASSESSMENT)
                .bind(institution.get())
                .bind(assessment)
                .fetch_all(p)
                .await
        })?;
        Ok(rows.into_iter().map(AnswerRow::into_pair).collect())
    }

    async fn save_answers(
        &self,
        institution: InstitutionId,
        assessment: i64,
        answers: &[(Slot, Answer)],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        self.save_answers_reviewed(institution, assessment, answers, &[], actor, now).await
    }

    async fn save_answers_reviewed(
        &self,
        institution: InstitutionId,
        assessment: i64,
        answers: &[(Slot, Answer)],
        reviews: &[SuggestionReview],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        with_pool!(&self.pool, |p| {
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
            // Read inside the transaction (which holds the write lock), so the comparison and
            // the audit's before/after are what this change really replaced.
            let rows: Vec<AnswerRow> = sqlx::query_as(sql::ANSWERS_OF_ASSESSMENT)
                .bind(inst)
                .bind(assessment)
                .fetch_all(&mut *tx)
                .await?;
            let before: BTreeMap<Slot, Answer> = rows.into_iter().map(AnswerRow::into_pair).collect();
            let changed: Vec<&(Slot, Answer)> =
                answers.iter().filter(|(s, a)| before.get(s) != Some(a)).collect();
            for (slot, answer) in &changed {
                upsert_answer!(tx, inst, assessment, slot, answer, actor, now);
            }
            if !changed.is_empty() {
                let mut event = assessment_event(institution, assessment, AuditAction::AnswersSaved);
                event.before = Some(changed.iter().map(|(s, _)| answer_json(s, before.get(s))).collect());
                event.after = Some(changed.iter().map(|(s, a)| answer_json(s, Some(a))).collect());
                append_audit!(self, tx, &event, actor, now);
            }
            for review in reviews.iter().filter(|r| r.assessment_id == assessment) {
                upsert_review!(self, tx, inst, review, actor, now);
            }
            tx.commit().await?;
        });
        Ok(())
    }

    async fn assessments_using_edition(&self, edition_id: &str) -> StoreResult<i64> {
        Ok(with_pool!(&self.pool, |p| {
            sqlx::query_scalar(sql::ASSESSMENTS_USING_EDITION).bind(edition_id).fetch_one(p).await
        })?)
    }

    async fn set_assessment_facts(
        &self,
        institution: InstitutionId,
        assessment: i64,
        facts: Facts,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let updated = sqlx::query(sql::ASSESSMENT_SET_FACTS)
                .bind(inst)
                .bind(assessment)
                .bind(facts.vendor_contract)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            if updated.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            let mut event = assessment_event(institution, assessment, AuditAction::AssessmentUpdated);
            event.after = Some(serde_json::json!({ "vendor_contract": facts.vendor_contract }));
            append_audit!(self, tx, &event, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }
}
