//! インシデント対応: incidents, their append-only hash-chained timelines, and the institution's
//! targets per step.
//!
//! Every append runs in one transaction that starts by writing (`INSTITUTION_LOCK`), re-reads
//! the incident's timeline, checks the change against the state that timeline gives
//! (`core::incident::check_change`), claims the next place of the incident's chain, inserts the
//! entry, moves the head and appends the audit entry. Two people marking different steps at
//! the same moment are serialised and both kept; a change based on a stale view of its step is
//! refused with the name of whoever recorded the newer entry.

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult};
use crate::pool::{SqlStore, with_pool};
use crate::{AuditVerification, IncidentStore, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent, GENESIS_HASH};
use iryosec_core::incident::timeline::{
    KIND_CLOSED, KIND_CORRECTION, KIND_NOTE, KIND_OPENED, KIND_STEP, NewEntry, TimelineEntry,
};
use iryosec_core::incident::{
    IncidentFacts, IncidentKind, IncidentState, StepChange, Targets, check_change, check_close,
};
use iryosec_core::{InstitutionId, Message, Timestamp};

/// An incident as stored, with when it was closed (from its timeline).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentRecord {
    pub id: i64,
    pub facts: IncidentFacts,
    pub opened_at: Timestamp,
    pub opened_by: String,
    pub closed_at: Option<Timestamp>,
    pub last_entry_at: Option<Timestamp>,
}

#[derive(sqlx::FromRow)]
pub(crate) struct IncidentRow {
    id: i64,
    kind: String,
    title: String,
    systems: String,
    detected_by: String,
    detected_how: String,
    detected_at: i64,
    is_drill: bool,
    opened_at: i64,
    opened_by: String,
    closed_at: Option<i64>,
    last_entry_at: Option<i64>,
}

impl TryFrom<IncidentRow> for IncidentRecord {
    type Error = StoreError;
    fn try_from(r: IncidentRow) -> Result<Self, Self::Error> {
        let corrupt = |what: &str| StoreError::Corrupt(format!("incidents {}: {what}", r.id));
        Ok(IncidentRecord {
            id: r.id,
            facts: IncidentFacts {
                kind: IncidentKind::parse(&r.kind).ok_or_else(|| corrupt("kind"))?,
                title: r.title,
                systems: serde_json::from_str(&r.systems).map_err(|_| corrupt("systems"))?,
                detected_by: r.detected_by,
                detected_how: r.detected_how,
                detected_at: Timestamp(r.detected_at),
                drill: r.is_drill,
            },
            opened_at: Timestamp(r.opened_at),
            opened_by: r.opened_by,
            closed_at: r.closed_at.map(Timestamp),
            last_entry_at: r.last_entry_at.map(Timestamp),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct TimelineRow {
    id: i64,
    institution_id: i64,
    incident_id: i64,
    pub(crate) seq: i64,
    recorded_at: i64,
    recorded_by: String,
    kind: String,
    step: Option<String>,
    status: Option<String>,
    actor: String,
    done_at: Option<i64>,
    note: String,
    corrects: Option<i64>,
    base: Option<i64>,
    payload: Option<String>,
    prev_hash: String,
    hash: String,
}

impl From<TimelineRow> for TimelineEntry {
    fn from(r: TimelineRow) -> Self {
        TimelineEntry {
            id: r.id,
            institution_id: r.institution_id,
            incident_id: r.incident_id,
            seq: r.seq,
            recorded_at: r.recorded_at,
            recorded_by: r.recorded_by,
            kind: r.kind,
            step: r.step,
            status: r.status,
            actor: r.actor,
            done_at: r.done_at,
            note: r.note,
            corrects: r.corrects,
            base: r.base,
            payload: r.payload,
            prev_hash: r.prev_hash,
            hash: r.hash,
        }
    }
}

/// Appends one timeline entry inside an open transaction `$tx`: claims the incident's next
/// place, hashes the entry onto the one before, inserts it, moves the head, and appends the
/// audit entry. Evaluates to the sealed entry with its id.
macro_rules! append_timeline {
    ($store:expr, $tx:expr, $inst:expr, $incident:expr, $new:expr, $actor:expr, $now:expr, $action:expr) => {{
        let new: &NewEntry = $new;
        let actor: &Actor = $actor;
        let (inst, incident): (InstitutionId, i64) = ($inst, $incident);
        let (seq, prev_hash): (i64, String) = sqlx::query_as(sql::INCIDENT_HEAD_CLAIM)
            .bind(inst.get())
            .bind(incident)
            .fetch_optional(&mut *$tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut entry =
            TimelineEntry::start(inst.get(), incident, new, &actor.login, $now.millis()).seal(seq, prev_hash);
        entry.id = sqlx::query_scalar(sql::INCIDENT_TIMELINE_INSERT)
            .bind(entry.institution_id)
            .bind(entry.incident_id)
            .bind(entry.seq)
            .bind(entry.recorded_at)
            .bind(&entry.recorded_by)
            .bind(&entry.kind)
            .bind(&entry.step)
            .bind(&entry.status)
            .bind(&entry.actor)
            .bind(entry.done_at)
            .bind(&entry.note)
            .bind(entry.corrects)
            .bind(entry.base)
            .bind(&entry.payload)
            .bind(&entry.prev_hash)
            .bind(&entry.hash)
            .fetch_one(&mut *$tx)
            .await?;
        sqlx::query(sql::INCIDENT_HEAD_SET_HASH)
            .bind(inst.get())
            .bind(incident)
            .bind(&entry.hash)
            .execute(&mut *$tx)
            .await?;
        let e = audit_event(inst, $action, incident, &entry);
        append_audit!($store, $tx, &e, actor, $now);
        entry
    }};
}

/// What the audit log keeps of a timeline entry: where it sits and what it says.
fn audit_event(inst: InstitutionId, action: AuditAction, incident: i64, e: &TimelineEntry) -> AuditEvent {
    AuditEvent {
        institution_id: Some(inst.get()),
        action,
        target_kind: "incident",
        target_id: Some(incident.to_string()),
        before: None,
        after: Some(serde_json::json!({
            "seq": e.seq, "kind": e.kind, "step": e.step, "status": e.status, "actor": e.actor,
            "done_at": e.done_at, "note": e.note, "corrects": e.corrects, "hash": e.hash,
        })),
    }
}

/// Reads the incident and its timeline inside a transaction.
macro_rules! load_in_tx {
    ($tx:expr, $inst:expr, $incident:expr) => {{
        let row: Option<IncidentRow> = sqlx::query_as(sql::INCIDENT_BY_ID)
            .bind($inst.get())
            .bind($incident)
            .fetch_optional(&mut *$tx)
            .await?;
        let record = IncidentRecord::try_from(row.ok_or(StoreError::NotFound)?)?;
        let rows: Vec<TimelineRow> = sqlx::query_as(sql::INCIDENT_TIMELINE_OF)
            .bind($inst.get())
            .bind($incident)
            .fetch_all(&mut *$tx)
            .await?;
        let entries: Vec<TimelineEntry> = rows.into_iter().map(TimelineEntry::from).collect();
        (record, IncidentState::from_timeline(&entries))
    }};
}

#[async_trait]
impl IncidentStore for SqlStore {
    async fn open_incident(
        &self,
        institution: InstitutionId,
        facts: &IncidentFacts,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let inst = institution.get();
        let systems =
            serde_json::to_string(&facts.systems).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let payload = serde_json::to_string(facts).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let opened = NewEntry { kind: KIND_OPENED, payload: Some(payload), ..NewEntry::default() };
        let id = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let id: i64 = sqlx::query_scalar(sql::INCIDENT_INSERT)
                .bind(inst)
                .bind(facts.kind.code())
                .bind(&facts.title)
                .bind(&systems)
                .bind(&facts.detected_by)
                .bind(&facts.detected_how)
                .bind(facts.detected_at.millis())
                .bind(facts.drill)
                .bind(now.millis())
                .bind(&actor.login)
                .fetch_one(&mut *tx)
                .await?;
            sqlx::query(sql::INCIDENT_HEAD_INSERT)
                .bind(id)
                .bind(inst)
                .bind(GENESIS_HASH)
                .execute(&mut *tx)
                .await?;
            let _ =
                append_timeline!(self, tx, institution, id, &opened, actor, now, AuditAction::IncidentOpened);
            tx.commit().await?;
            id
        });
        Ok(id)
    }

    async fn incidents(&self, institution: InstitutionId, drills: bool) -> StoreResult<Vec<IncidentRecord>> {
        let rows: Vec<IncidentRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::INCIDENTS_OF_INSTITUTION)
                .bind(institution.get())
                .bind(drills)
                .fetch_all(p)
                .await
        })?;
        rows.into_iter().map(IncidentRecord::try_from).collect()
    }

    async fn incident(&self, institution: InstitutionId, id: i64) -> StoreResult<Option<IncidentRecord>> {
        let row: Option<IncidentRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::INCIDENT_BY_ID).bind(institution.get()).bind(id).fetch_optional(p).await
        })?;
        row.map(IncidentRecord::try_from).transpose()
    }

    async fn incident_timeline(
        &self,
        institution: InstitutionId,
        id: i64,
    ) -> StoreResult<Vec<TimelineEntry>> {
        let rows: Vec<TimelineRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::INCIDENT_TIMELINE_OF).bind(institution.get()).bind(id).fetch_all(p).await
        })?;
        Ok(rows.into_iter().map(TimelineEntry::from).collect())
    }

    async fn record_step(
        &self,
        institution: InstitutionId,
        incident: i64,
        change: &StepChange,
        base: i64,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<TimelineEntry> {
        let new = NewEntry {
            kind: KIND_STEP,
            step: Some(change.step.code.to_owned()),
            status: Some(change.status.code().to_owned()),
            actor: change.actor.clone(),
            done_at: change.done_at.map(Timestamp::millis),
            note: change.note.clone(),
            corrects: None,
            base: Some(base),
            payload: None,
        };
        let entry = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(institution.get()).execute(&mut *tx).await?;
            let (_, state) = load_in_tx!(tx, institution, incident);
            check_change(&state, change, base).map_err(StoreError::Refused)?;
            let entry = append_timeline!(
                self,
                tx,
                institution,
                incident,
                &new,
                actor,
                now,
                AuditAction::IncidentRecorded
            );
            tx.commit().await?;
            entry
        });
        Ok(entry)
    }

    async fn add_incident_note(
        &self,
        institution: InstitutionId,
        incident: i64,
        note: &str,
        corrects: Option<i64>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<TimelineEntry> {
        let kind = if corrects.is_some() { KIND_CORRECTION } else { KIND_NOTE };
        let new = NewEntry { kind, note: note.to_owned(), corrects, ..NewEntry::default() };
        let entry = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(institution.get()).execute(&mut *tx).await?;
            let _ = load_in_tx!(tx, institution, incident);
            if let Some(target) = corrects {
                let found: i64 = sqlx::query_scalar(sql::INCIDENT_ENTRY_EXISTS)
                    .bind(institution.get())
                    .bind(incident)
                    .bind(target)
                    .fetch_one(&mut *tx)
                    .await?;
                if found == 0 {
                    return Err(StoreError::Refused(
                        Message::new("incident.error.no_such_entry").arg("id", target),
                    ));
                }
            }
            let entry = append_timeline!(
                self,
                tx,
                institution,
                incident,
                &new,
                actor,
                now,
                AuditAction::IncidentRecorded
            );
            tx.commit().await?;
            entry
        });
        Ok(entry)
    }

    async fn close_incident(
        &self,
        institution: InstitutionId,
        incident: i64,
        note: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<TimelineEntry> {
        let new = NewEntry { kind: KIND_CLOSED, note: note.to_owned(), ..NewEntry::default() };
        let entry = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(institution.get()).execute(&mut *tx).await?;
            let (_, state) = load_in_tx!(tx, institution, incident);
            check_close(&state).map_err(StoreError::Refused)?;
            let entry = append_timeline!(
                self,
                tx,
                institution,
                incident,
                &new,
                actor,
                now,
                AuditAction::IncidentClosed
            );
            tx.commit().await?;
            entry
        });
        Ok(entry)
    }

    async fn incident_targets(&self, institution: InstitutionId) -> StoreResult<Targets> {
        let rows: Vec<(String, i64)> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::INCIDENT_TARGETS_OF).bind(institution.get()).fetch_all(p).await
        })?;
        Ok(Targets(rows.into_iter().collect()))
    }

    async fn save_incident_targets(
        &self,
        institution: InstitutionId,
        targets: &Targets,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let inst = institution.get();
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            sqlx::query(sql::INSTITUTION_LOCK).bind(inst).execute(&mut *tx).await?;
            let before: Vec<(String, i64)> =
                sqlx::query_as(sql::INCIDENT_TARGETS_OF).bind(inst).fetch_all(&mut *tx).await?;
            sqlx::query(sql::INCIDENT_TARGETS_CLEAR).bind(inst).execute(&mut *tx).await?;
            for (step, minutes) in &targets.0 {
                sqlx::query(sql::INCIDENT_TARGET_INSERT)
                    .bind(inst)
                    .bind(step)
                    .bind(*minutes)
                    .bind(now.millis())
                    .bind(&actor.login)
                    .execute(&mut *tx)
                    .await?;
            }
            let e = AuditEvent {
                institution_id: Some(inst),
                action: AuditAction::IncidentTargetsSaved,
                target_kind: "incident_targets",
                target_id: None,
                before: Some(serde_json::json!(
                    before.into_iter().collect::<std::collections::BTreeMap<_, _>>()
                )),
                after: Some(serde_json::json!(targets.0)),
            };
            append_audit!(self, tx, &e, actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn verify_incident_timelines(&self) -> StoreResult<AuditVerification> {
        crate::incident_verify::verify_all(self).await
    }
}
