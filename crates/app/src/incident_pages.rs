//! What the incident page and its printable chronology show, assembled in one call each: the
//! incident with the registers it draws on, and the rules the pages state (the chain check,
//! whether patient data may have leaked, the drill's register entry).

use crate::incidents::{IncidentView, RecoveryItem};
use crate::{App, AppResult};
use iryosec_core::incident::{IncidentKind, TimelineVerifier};
use iryosec_core::register::{Register, Registers};
use iryosec_core::{InstitutionId, Timestamp};

/// The incident page: the incident, the registers its contacts come from, and the order to
/// restore the affected systems in.
pub struct IncidentPage {
    pub view: IncidentView,
    pub registers: Registers,
    pub recovery: Vec<RecoveryItem>,
    /// For a drill: the drills register entry that names its number, if there is one.
    pub drill_entry: Option<i64>,
    pub now: Timestamp,
}

/// The printable chronology and the report drafts filled from the record.
pub struct Chronology {
    pub view: IncidentView,
    pub institution: String,
    /// Whether every timeline entry still links to the one before it.
    pub chain_ok: bool,
    pub patient_data: PatientData,
    pub now: Timestamp,
}

/// Whether patient data may have leaked, from the incident's kind and the systems register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PatientData {
    Leaked,
    Unknown,
    /// The affected systems that the register marks as holding patient data.
    Possible(Vec<String>),
}

impl App {
    pub async fn incident_page(&self, institution: InstitutionId, id: i64) -> AppResult<IncidentPage> {
        let view = self.incident(institution, id).await?;
        // One read of the registers serves the contacts and the recovery order.
        let registers = self.registers(institution).await?;
        let recovery = App::recovery_plan(&registers, &view.incident);
        let drill_entry =
            if view.incident.facts.drill { self.drill_entry(institution, id).await? } else { None };
        Ok(IncidentPage { view, registers, recovery, drill_entry, now: self.clock.now() })
    }

    pub async fn incident_chronology(&self, institution: InstitutionId, id: i64) -> AppResult<Chronology> {
        let view = self.incident(institution, id).await?;
        let institution_name = self.institution(institution).await?.profile.name;
        let mut verifier = TimelineVerifier::new(institution.get(), id);
        let chain_ok = view.timeline.iter().all(|e| verifier.check(e).is_ok());
        let patient_data = self.patient_data(institution, &view).await?;
        Ok(Chronology { view, institution: institution_name, chain_ok, patient_data, now: self.clock.now() })
    }

    async fn patient_data(&self, institution: InstitutionId, view: &IncidentView) -> AppResult<PatientData> {
        let facts = &view.incident.facts;
        if facts.kind == IncidentKind::DataLeak {
            return Ok(PatientData::Leaked);
        }
        let systems = self.entries(institution, Register::Systems, None).await?;
        let with_patient_data: Vec<String> = facts
            .systems
            .iter()
            .filter(|name| {
                systems.iter().any(|s| {
                    s.record.text("name") == name.as_str() && s.record.flag("patient_info") == Some(true)
                })
            })
            .cloned()
            .collect();
        Ok(if with_patient_data.is_empty() {
            PatientData::Unknown
        } else {
            PatientData::Possible(with_patient_data)
        })
    }

    /// The drills register entry that names the drill's number.
    async fn drill_entry(&self, institution: InstitutionId, id: i64) -> AppResult<Option<i64>> {
        let id = id.to_string();
        let drills = self.entries(institution, Register::Drills, None).await?;
        Ok(drills.iter().find(|d| d.record.text("incident") == id).map(|d| d.id))
    }
}
