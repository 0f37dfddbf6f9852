//! Discovery: reading the network files a hospital has, holding them against the ledger and,
//! only for the proposals a person confirms, changing the ledger — in one transaction, each
//! change in the asset's history with the file it came from.

use crate::{App, AppError, AppResult};
use iryosec_core::audit::Actor;
use iryosec_core::discovery::reconcile::Proposal;
use iryosec_core::discovery::updates::{MachineStatus, MachineUpdates, judge};
use iryosec_core::discovery::{Analysis, SeenDevice, analyse};
use iryosec_core::ledger::{Asset, with_field};
use iryosec_core::{InstitutionId, Message, Timestamp};
use iryosec_io::discovery::{FileError, FileKind, read};
use iryosec_store::{AssetChange, DiscoveryChanges, DiscoveryCounts, StoreError};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::io::BufRead;

/// A file to read: its name as the person knows it, and its content.
pub struct DiscoveryFile {
    pub name: String,
    pub input: Box<dyn BufRead + Send>,
}

/// What a file was taken for and how many devices and machines it showed.
#[derive(Debug, Clone, Serialize)]
pub struct FileSummary {
    pub name: String,
    pub kind: FileKind,
    pub devices: usize,
    pub machines: usize,
}

/// A ledger entry no file saw, and when it was last seen (if ever).
#[derive(Debug, Clone, Serialize)]
pub struct NotSeen {
    pub asset_no: String,
    pub name: String,
    pub last_seen: Option<Timestamp>,
    pub last_source: Option<String>,
}

/// Everything the files say against the ledger; nothing has been written.
#[derive(Debug, Clone, Serialize)]
pub struct DiscoveryReport {
    pub files: Vec<FileSummary>,
    #[serde(flatten)]
    pub analysis: Analysis,
    pub not_seen: Vec<NotSeen>,
    pub updates: Vec<MachineStatus>,
    /// The update rows as read, kept with an applied import as evidence.
    #[serde(skip)]
    pub machines: Vec<MachineUpdates>,
    /// The ledger entries the proposals change, as they were when the files were read.
    #[serde(skip)]
    pub before: HashMap<String, Asset>,
}

impl App {
    /// Reads every file and holds what they show against the ledger. A file that cannot be read
    /// is named with its line (the inner error), and nothing is read on from it.
    pub async fn discovery_preview(
        &self,
        institution: InstitutionId,
        files: Vec<DiscoveryFile>,
    ) -> AppResult<Result<DiscoveryReport, FileError>> {
        let read = tokio::task::spawn_blocking(move || read_all(files))
            .await
            .map_err(|e| AppError::Internal(format!("discovery reader: {e}")))?;
        let (summaries, devices, machines) = match read {
            Ok(r) => r,
            Err(e) => return Ok(Err(e)),
        };
        let ledger = self.ledger(institution).await?;
        let analysis = analyse(devices, &ledger);
        let sightings: HashMap<String, (Timestamp, String)> = self
            .store
            .asset_sightings(institution)
            .await?
            .into_iter()
            .map(|s| (s.asset_no, (s.seen_at, s.source)))
            .collect();
        let by_no: HashMap<&str, &Asset> = ledger.iter().map(|a| (a.asset_no.as_str(), a)).collect();
        let not_seen = analysis
            .reconciliation
            .not_seen
            .iter()
            .map(|no| NotSeen {
                asset_no: no.clone(),
                name: by_no.get(no.as_str()).map(|a| a.name.clone()).unwrap_or_default(),
                last_seen: sightings.get(no).map(|s| s.0),
                last_source: sightings.get(no).map(|s| s.1.clone()),
            })
            .collect();
        let before = analysis
            .reconciliation
            .matched
            .iter()
            .filter(|m| !m.changes.is_empty())
            .filter_map(|m| by_no.get(m.asset_no.as_str()).map(|a| (m.asset_no.clone(), (*a).clone())))
            .collect();
        let updates = judge(&machines, self.today());
        Ok(Ok(DiscoveryReport { files: summaries, analysis, not_seen, updates, machines, before }))
    }

    /// Applies the proposals a person confirmed (numbered from 1 as listed), records which
    /// ledger entries were seen, and keeps the import with its update status — all in one
    /// transaction. A ledger entry changed since the files were read refuses the whole import.
    pub async fn discovery_apply(
        &self,
        institution: InstitutionId,
        report: &DiscoveryReport,
        confirmed: &[usize],
        actor: &Actor,
    ) -> AppResult<DiscoveryCounts> {
        let a = &report.analysis;
        let source_of = |seen: usize| {
            a.devices.get(seen).and_then(|d| d.seen_in.first()).map_or_else(String::new, |s| s.file.clone())
        };
        let mut added = Vec::new();
        let mut changed: BTreeMap<String, AssetChange> = BTreeMap::new();
        for &n in confirmed {
            let proposal = n.checked_sub(1).and_then(|i| a.proposals.get(i)).ok_or_else(|| {
                AppError::Refused(Message::new("discovery.apply.no_such_proposal").arg("number", n))
            })?;
            match proposal {
                Proposal::Add { seen, asset } => added.push(((**asset).clone(), source_of(*seen))),
                Proposal::Update { asset_no, change } => {
                    let before = report.before.get(asset_no).ok_or(AppError::NotFound)?;
                    let seen = a
                        .reconciliation
                        .matched
                        .iter()
                        .find(|m| &m.asset_no == asset_no)
                        .map_or(0, |m| m.seen);
                    let entry = changed.entry(asset_no.clone()).or_insert_with(|| AssetChange {
                        asset_no: asset_no.clone(),
                        before: before.clone(),
                        after: before.clone(),
                        source: source_of(seen),
                    });
                    entry.after =
                        with_field(&entry.after, change.field, &change.proposed).map_err(|problems| {
                            let why = problems.first().map_or("", |p| p.message.key);
                            AppError::Refused(
                                Message::new("discovery.apply.invalid")
                                    .arg("asset_no", asset_no)
                                    .arg("field", change.field.label_ja())
                                    .arg("value", &change.proposed)
                                    .arg("reason", why),
                            )
                        })?;
                }
            }
        }
        let seen = a.reconciliation.matched.iter().map(|m| (m.asset_no.clone(), source_of(m.seen))).collect();
        let changes = DiscoveryChanges {
            files: report.files.iter().map(|f| f.name.clone()).collect(),
            added,
            changed: changed.into_values().collect(),
            seen,
            summary: serde_json::json!({
                "files": report.files,
                "devices": a.devices.len(),
                "not_in_ledger": a.reconciliation.not_in_ledger.len(),
                "not_seen": report.not_seen.len(),
                "updates": report.machines,
            }),
        };
        match self.store.apply_discovery(institution, &changes, actor, self.clock.now()).await {
            Err(StoreError::Conflict("asset_changed")) => {
                Err(AppError::Refused(Message::new("discovery.apply.stale")))
            }
            Err(StoreError::Conflict("asset_no")) => {
                Err(AppError::Refused(Message::new("discovery.apply.taken")))
            }
            other => Ok(other?),
        }
    }
}

type Read = (Vec<FileSummary>, Vec<SeenDevice>, Vec<MachineUpdates>);

fn read_all(files: Vec<DiscoveryFile>) -> Result<Read, FileError> {
    let mut summaries = Vec::new();
    let mut devices = Vec::new();
    let mut machines = Vec::new();
    for f in files {
        let (kind, got) = read(&f.name, f.input)?;
        summaries.push(FileSummary {
            name: f.name,
            kind,
            devices: got.devices.len(),
            machines: got.updates.len(),
        });
        devices.extend(got.devices);
        machines.extend(got.updates);
    }
    Ok((summaries, devices, machines))
}
