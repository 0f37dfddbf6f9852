//! インシデント対応: opening an incident (or a drill), marking its steps, notes and corrections,
//! closing it, the institution's targets, the recovery list from the registers, and the
//! timeline as JSON.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::audit::Actor;
use iryosec_core::incident::{
    IncidentInput, IncidentState, StepInput, Targets, TimelineEntry, TimelineVerifier, parse_incident,
    parse_note, parse_step_change, parse_targets, recovery_order,
};
use iryosec_core::register::{Record, Register, Registers};
use iryosec_core::register::{backups, systems};
use iryosec_core::{FieldError, InstitutionId, Message};
use iryosec_store::IncidentRecord;

/// An incident with everything its page shows.
#[derive(Debug, Clone)]
pub struct IncidentView {
    pub incident: IncidentRecord,
    pub timeline: Vec<TimelineEntry>,
    pub state: IncidentState,
    pub targets: Targets,
}

/// One affected system in the order to restore it, with its backups from the register.
#[derive(Debug, Clone)]
pub struct RecoveryItem {
    pub name: String,
    /// `None` when the name is not (or no longer) in the systems register.
    pub system: Option<Record>,
    pub priority: Option<i64>,
    pub backups: Vec<Record>,
}

/// Reads the id of an entry as the form sends it: digits, or nothing.
fn parse_entry_id(field: &'static str, raw: &str) -> AppResult<Option<i64>> {
    match raw.trim() {
        "" => Ok(None),
        t => t
            .parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .map(Some)
            .ok_or_else(|| AppError::field(field, Message::new("incident.error.entry_id"))),
    }
}

impl App {
    /// Opens an incident; the affected systems must be names of the systems register.
    pub async fn open_incident(
        &self,
        institution: InstitutionId,
        input: &IncidentInput,
        actor: &Actor,
    ) -> AppResult<i64> {
        let now = self.clock.now();
        let mut errors = Vec::new();
        let facts = parse_incident(input, now).map_err(|e| errors.extend(e)).ok();
        let known = self.store.entries(institution, Register::Systems, None).await?;
        let unknown: Vec<&str> = input
            .systems
            .iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty() && !known.iter().any(|k| k.record.text(systems::NAME) == *s))
            .collect();
        if !unknown.is_empty() {
            let m = Message::new("incident.error.unknown_system").arg("names", unknown.join("、"));
            errors.push(FieldError::new("systems", m));
        }
        match facts {
            Some(facts) if errors.is_empty() => {
                Ok(self.store.open_incident(institution, &facts, actor, now).await?)
            }
            _ => Err(AppError::Invalid(errors)),
        }
    }

    /// Real incidents, or drills, newest first.
    pub async fn incidents(
        &self,
        institution: InstitutionId,
        drills: bool,
    ) -> AppResult<Vec<IncidentRecord>> {
        Ok(self.store.incidents(institution, drills).await?)
    }

    pub async fn incident(&self, institution: InstitutionId, id: i64) -> AppResult<IncidentView> {
        let incident = self.store.incident(institution, id).await?.ok_or(AppError::NotFound)?;
        let timeline = self.store.incident_timeline(institution, id).await?;
        let state = IncidentState::from_timeline(&timeline);
        let targets = self.store.incident_targets(institution).await?;
        Ok(IncidentView { incident, timeline, state, targets })
    }

    /// Marks a step. `expected` is the id of the step's latest entry the person saw (empty or 0:
    /// none); a change based on an older view is refused.
    pub async fn record_incident_step(
        &self,
        institution: InstitutionId,
        incident: i64,
        step: &str,
        input: &StepInput,
        expected: &str,
        actor: &Actor,
    ) -> AppResult<TimelineEntry> {
        let record = self.store.incident(institution, incident).await?.ok_or(AppError::NotFound)?;
        let now = self.clock.now();
        let mut errors = Vec::new();
        let change =
            parse_step_change(step, input, record.facts.detected_at, now).map_err(|e| errors.extend(e)).ok();
        let base = match parse_entry_id("expected", expected) {
            Ok(base) => base.unwrap_or(0),
            Err(AppError::Invalid(e)) => {
                errors.extend(e);
                0
            }
            Err(e) => return Err(e),
        };
        match change {
            Some(change) if errors.is_empty() => {
                Ok(self.store.record_step(institution, incident, &change, base, actor, now).await?)
            }
            _ => Err(AppError::Invalid(errors)),
        }
    }

    /// Adds a free note, or (with `corrects`, an entry's number in the incident) a correction of it.
    pub async fn add_incident_note(
        &self,
        institution: InstitutionId,
        incident: i64,
        note: &str,
        corrects: &str,
        actor: &Actor,
    ) -> AppResult<TimelineEntry> {
        let note = parse_note(note).map_err(AppError::Invalid)?;
        // People name an entry by its number in the incident (its `seq`); the store keeps its id.
        let corrects = match parse_entry_id("corrects", corrects)?.filter(|n| *n > 0) {
            None => None,
            Some(seq) => {
                let timeline = self.store.incident_timeline(institution, incident).await?;
                let entry = timeline.iter().find(|e| e.seq == seq).ok_or_else(|| {
                    AppError::field("corrects", Message::new("incident.error.no_such_entry").arg("id", seq))
                })?;
                Some(entry.id)
            }
        };
        let now = self.clock.now();
        Ok(self.store.add_incident_note(institution, incident, &note, corrects, actor, now).await?)
    }

    pub async fn close_incident(
        &self,
        institution: InstitutionId,
        incident: i64,
        note: &str,
        actor: &Actor,
    ) -> AppResult<TimelineEntry> {
        let note = note.trim();
        if note.chars().count() > iryosec_core::incident::NOTE_MAX_CHARS {
            let m = Message::new("error.too_long").arg("max", iryosec_core::incident::NOTE_MAX_CHARS);
            return Err(AppError::field("note", m));
        }
        Ok(self.store.close_incident(institution, incident, note, actor, self.clock.now()).await?)
    }

    pub async fn incident_targets(&self, institution: InstitutionId) -> AppResult<Targets> {
        Ok(self.store.incident_targets(institution).await?)
    }

    /// Saves the targets form (one field per step code; empty keeps the default).
    pub async fn save_incident_targets(
        &self,
        institution: InstitutionId,
        get: &(dyn Fn(&str) -> String + Sync),
        actor: &Actor,
    ) -> AppResult<()> {
        let targets = parse_targets(get).map_err(AppError::Invalid)?;
        Ok(self.store.save_incident_targets(institution, &targets, actor, self.clock.now()).await?)
    }

    /// The affected systems in 復旧優先順位 order, each with its backups, from the registers.
    pub fn recovery_plan(registers: &Registers, incident: &IncidentRecord) -> Vec<RecoveryItem> {
        let mut items: Vec<RecoveryItem> = incident
            .facts
            .systems
            .iter()
            .map(|name| {
                let system = registers.systems.iter().find(|s| s.text(systems::NAME) == name).cloned();
                RecoveryItem {
                    name: name.clone(),
                    priority: system.as_ref().and_then(|s| s.number(systems::RECOVERY_PRIORITY)),
                    system,
                    backups: registers
                        .backups
                        .iter()
                        .filter(|b| b.text(backups::SYSTEM) == name)
                        .cloned()
                        .collect(),
                }
            })
            .collect();
        recovery_order(&mut items, |i| i.priority, |i| i.name.clone());
        items
    }

    /// The incident and its timeline as JSON: facts, every entry with its hashes, the state of
    /// each step, and whether the chain holds.
    pub async fn incident_json(&self, institution: InstitutionId, id: i64) -> AppResult<serde_json::Value> {
        let v = self.incident(institution, id).await?;
        let mut verifier = TimelineVerifier::new(institution.get(), id);
        let chain_ok = v.timeline.iter().all(|e| verifier.check(e).is_ok());
        let steps: serde_json::Map<String, serde_json::Value> = iryosec_core::incident::STEPS
            .iter()
            .map(|s| {
                let value = match v.state.steps.get(s.code) {
                    Some(st) => serde_json::json!(st),
                    None => serde_json::json!({ "status": "not_done" }),
                };
                (s.code.to_owned(), value)
            })
            .collect();
        Ok(serde_json::json!({
            "format": "iryosec-incident",
            "format_version": 1,
            "incident": {
                "id": v.incident.id,
                "facts": v.incident.facts,
                "opened_at": v.incident.opened_at,
                "opened_by": v.incident.opened_by,
                "closed_at": v.incident.closed_at,
            },
            "steps": steps,
            "timeline": v.timeline,
            "chain_ok": chain_ok,
        }))
    }
}
