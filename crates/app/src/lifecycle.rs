//! End of support and known-exploited flaws: the shipped data with the imported signed bundles
//! laid over it, importing a bundle after its signature is checked, and the ledger judged
//! against the data — for `iryosec lifecycle check`, the suggestions, the survey's VPN
//! questions, the director's page and the critical gaps.

use crate::{App, AppError, AppResult};
use iryosec_core::audit::Actor;
use iryosec_core::discovery::updates::{MachineUpdates, judge};
use iryosec_core::lifecycle::bundle::{self, PublicKey, Verified};
use iryosec_core::lifecycle::matching::{DeviceLifecycle, check_ledger};
use iryosec_core::lifecycle::{Lifecycle, builtin};
use iryosec_core::suggest::NetworkEvidence;
use iryosec_core::{InstitutionId, Message};
use serde::Serialize;
use time::Date;

/// The ledger against the data, as of a day.
#[derive(Debug, Clone, Serialize)]
pub struct LifecycleReport {
    pub today: Date,
    /// When the newest facts were taken from their sources.
    pub data_as_of: Option<Date>,
    pub devices: Vec<DeviceLifecycle>,
}

impl LifecycleReport {
    pub fn support_ended(&self) -> impl Iterator<Item = &DeviceLifecycle> {
        self.devices.iter().filter(|d| d.support_ended())
    }

    pub fn ending_this_year(&self) -> impl Iterator<Item = &DeviceLifecycle> {
        self.devices.iter().filter(|d| d.ends_this_year())
    }

    /// Remote-access devices with a flaw their version is known to be in.
    pub fn exploited(&self) -> impl Iterator<Item = &DeviceLifecycle> {
        self.devices.iter().filter(|d| d.exploited().next().is_some())
    }

    /// What a director or an aggregate should see first: devices past support and devices in a
    /// known-exploited range, each naming the devices.
    pub fn critical_gaps(&self) -> Vec<Message> {
        let numbers = |it: &mut dyn Iterator<Item = &DeviceLifecycle>| -> Vec<String> {
            it.map(|d| d.asset_no.clone()).collect()
        };
        let ended = numbers(&mut self.support_ended());
        let exploited = numbers(&mut self.exploited());
        let mut out = Vec::new();
        if !exploited.is_empty() {
            out.push(
                Message::new("lifecycle.gap.exploited")
                    .arg("count", exploited.len())
                    .arg("records", exploited.join("、")),
            );
        }
        if !ended.is_empty() {
            out.push(
                Message::new("lifecycle.gap.support_ended")
                    .arg("count", ended.len())
                    .arg("records", ended.join("、")),
            );
        }
        out
    }

    /// Whether anything needs acting on (for exit codes).
    pub fn has_gaps(&self) -> bool {
        self.support_ended().next().is_some() || self.exploited().next().is_some()
    }
}

/// What an imported bundle held.
#[derive(Debug, Clone, Serialize)]
pub struct BundleSummary {
    pub created: Date,
    pub signed_by: String,
    pub sources: Vec<String>,
    pub products: usize,
    pub flaws: usize,
}

impl BundleSummary {
    pub fn of(v: &Verified) -> BundleSummary {
        BundleSummary {
            created: v.payload.created,
            signed_by: v.key.clone(),
            sources: v.payload.sources.clone(),
            products: v.payload.data.products.len(),
            flaws: v.payload.data.flaws.len(),
        }
    }
}

impl App {
    /// The shipped facts with every imported bundle laid over them, oldest bundle first.
    pub async fn lifecycle_data(&self) -> AppResult<Lifecycle> {
        let mut data = builtin().clone();
        for b in self.store.lifecycle_bundles().await? {
            let payload = bundle::read_kept(&b.payload)
                .map_err(|m| AppError::Internal(format!("lifecycle_bundles {}: {}", b.id, m.key)))?;
            data = data.merged(&payload.data);
        }
        Ok(data)
    }

    /// Checks a bundle's signature against the trusted keys and keeps it; a bundle that fails
    /// is refused with the reason and nothing is kept.
    pub async fn import_lifecycle_bundle(
        &self,
        file_name: &str,
        bytes: &[u8],
        trusted: &[PublicKey],
        actor: &Actor,
    ) -> AppResult<BundleSummary> {
        let verified = bundle::verify(bytes, trusted).map_err(AppError::Refused)?;
        let created = iryosec_core::date::format_iso(verified.payload.created);
        self.store
            .import_lifecycle_bundle(
                &created,
                &verified.key,
                file_name,
                &verified.payload_text,
                actor,
                self.clock.now(),
            )
            .await?;
        Ok(BundleSummary::of(&verified))
    }

    /// The institution's ledger against the data, as of today.
    pub async fn lifecycle_check(&self, institution: InstitutionId) -> AppResult<LifecycleReport> {
        let data = self.lifecycle_data().await?;
        let assets = self.ledger(institution).await?;
        let today = self.today();
        Ok(LifecycleReport { today, data_as_of: data.as_of, devices: check_ledger(&data, &assets, today) })
    }

    /// What the suggestions read of the network: the ledger against the lifecycle data, and
    /// the Windows update status of the latest discovery import, as of `day`.
    pub async fn network_evidence(
        &self,
        institution: InstitutionId,
        assets: &[iryosec_core::ledger::Asset],
        day: Date,
    ) -> AppResult<NetworkEvidence> {
        let data = self.lifecycle_data().await?;
        let updates = self.windows_updates(institution).await?;
        Ok(NetworkEvidence { lifecycle: check_ledger(&data, assets, day), updates: judge(&updates, day) })
    }

    /// The Windows update status per machine kept with the latest discovery import (2-⑥).
    pub async fn windows_updates(&self, institution: InstitutionId) -> AppResult<Vec<MachineUpdates>> {
        let Some(latest) = self.store.latest_discovery(institution).await? else { return Ok(Vec::new()) };
        let updates = latest.summary.get("updates").cloned().unwrap_or(serde_json::Value::Array(Vec::new()));
        serde_json::from_value(updates).map_err(|e| AppError::Internal(format!("discovery_imports: {e}")))
    }
}
