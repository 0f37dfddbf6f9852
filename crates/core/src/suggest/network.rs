//! Suggestions grounded in what the network and the lifecycle data show: devices whose
//! support has ended by the published dates, Windows machines behind on updates, VPN and
//! remote-access devices in a known-exploited range, and external connections without source
//! restriction or a recent review.

use super::{CONFIRMATION_VALID_DAYS, Suggested, no, with_list};
use crate::discovery::updates::MachineStatus;
use crate::ledger::Asset;
use crate::lifecycle::matching::DeviceLifecycle;
use crate::message::Message;
use crate::register::Registers;
use std::collections::{BTreeSet, HashMap};
use time::{Date, Duration};

/// What the network files and the lifecycle data say, prepared by the caller.
#[derive(Debug, Clone, Default)]
pub struct NetworkEvidence {
    /// Every ledger device against the end-of-support and known-exploited data.
    pub lifecycle: Vec<DeviceLifecycle>,
    /// Windows update status from the latest discovery import.
    pub updates: Vec<MachineStatus>,
}

impl NetworkEvidence {
    fn by_asset(&self) -> HashMap<&str, &DeviceLifecycle> {
        self.lifecycle.iter().map(|d| (d.asset_no.as_str(), d)).collect()
    }
}

/// Devices in scope whose support has ended by the published data, with no compensating
/// control recorded.
pub fn support_ended(assets: &[&Asset], network: &NetworkEvidence) -> Option<Suggested> {
    let by_asset = network.by_asset();
    let mut products = BTreeSet::new();
    let mut sources = BTreeSet::new();
    let ended: Vec<String> = assets
        .iter()
        .filter(|a| a.compensating_control.trim().is_empty())
        .filter_map(|a| by_asset.get(a.asset_no.as_str()).filter(|d| d.support_ended()))
        .map(|d| {
            products.insert(format!(
                "{} {}",
                d.product.clone().unwrap_or_default(),
                d.cycle.clone().unwrap_or_default()
            ));
            sources.insert(d.source.clone());
            d.asset_no.clone()
        })
        .collect();
    (!ended.is_empty()).then(|| {
        let m = with_list(Message::new("suggest.reason.support_ended_data"), &ended)
            .arg("products", join(&products))
            .arg("sources", join(&sources));
        no(m, ended)
    })
}

/// Windows machines behind on updates by the hospital's own exports.
pub fn windows_behind(network: &NetworkEvidence) -> Option<Suggested> {
    let behind: Vec<String> = network.updates.iter().filter(|m| m.behind).map(|m| m.host.clone()).collect();
    (!behind.is_empty())
        .then(|| no(with_list(Message::new("suggest.reason.windows_behind"), &behind), behind))
}

/// Remote-access devices whose recorded version is in a known-exploited range.
pub fn exploited(assets: &[&Asset], network: &NetworkEvidence) -> Option<Suggested> {
    let by_asset = network.by_asset();
    let mut cves = BTreeSet::new();
    let affected: Vec<String> = assets
        .iter()
        .filter_map(|a| by_asset.get(a.asset_no.as_str()))
        .filter(|d| d.exploited().next().is_some())
        .map(|d| {
            cves.extend(d.exploited().map(|f| f.cve.clone()));
            d.asset_no.clone()
        })
        .collect();
    (!affected.is_empty()).then(|| {
        let m = with_list(Message::new("suggest.reason.kev_affected"), &affected).arg("cves", join(&cves));
        no(m, affected)
    })
}

/// External connections recorded without source restriction.
pub fn connections_unrestricted(r: &Registers) -> Option<Suggested> {
    let open: Vec<String> = r
        .connections
        .iter()
        .filter(|c| c.flag("source_restricted") == Some(false))
        .map(|c| c.text("name").to_owned())
        .collect();
    (!open.is_empty())
        .then(|| no(with_list(Message::new("suggest.reason.connection_unrestricted"), &open), open))
}

/// Remote-maintenance and VPN connections not reviewed within a year.
pub fn connections_unreviewed(r: &Registers, today: Date) -> Option<Suggested> {
    let since = today - Duration::days(CONFIRMATION_VALID_DAYS);
    let stale: Vec<String> = r
        .connections
        .iter()
        .filter(|c| matches!(c.text("kind"), "remote_maintenance" | "vpn"))
        .filter(|c| c.date("reviewed_on").is_none_or(|d| d < since))
        .map(|c| c.text("name").to_owned())
        .collect();
    (!stale.is_empty())
        .then(|| no(with_list(Message::new("suggest.reason.connection_unreviewed"), &stale), stale))
}

fn join(set: &BTreeSet<String>) -> String {
    set.iter().filter(|s| !s.trim().is_empty()).cloned().collect::<Vec<_>>().join("、")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Scope;
    use crate::date::FiscalYear;
    use crate::discovery::SeenAt;
    use crate::discovery::updates::{MachineUpdates, judge};
    use crate::ledger::AssetKind;
    use crate::lifecycle::{builtin, matching::check_ledger};
    use crate::register::{Register, parse_record};
    use crate::suggest::{Evidence, Suggestion, suggest};
    use time::macros::date;

    const TODAY: Date = date!(2025 - 06 - 30);

    fn device(no: &str, kind: AssetKind, os: &str, version: &str) -> Asset {
        Asset {
            asset_no: no.into(),
            name: no.into(),
            kind: Some(kind),
            os: os.into(),
            os_version: version.into(),
            patch_status: Some(crate::ledger::PatchStatus::Current),
            remote_maintenance: Some(true),
            remote_path: "VPN".into(),
            remote_via: "FW-1".into(),
            confirmed_on: Some(date!(2025 - 04 - 01)),
            ..Asset::default()
        }
    }

    fn judged(
        key: &str,
        scope: Scope,
        assets: &[Asset],
        r: &Registers,
        network: &NetworkEvidence,
    ) -> Suggested {
        let ev = Evidence {
            today: TODAY,
            fiscal_year: FiscalYear(2025),
            assets,
            registers: r,
            account_reviews: &[],
            bcp_check: None,
            network,
        };
        suggest(key, scope, &ev)
    }

    #[test]
    fn the_published_end_of_support_and_exploited_versions_turn_patches_and_remote_maintenance_to_no() {
        let assets = vec![
            device("FW-1", AssetKind::Vpn, "FortiOS", "6.0.4"),
            device("PC-1", AssetKind::Terminal, "Windows 11 Pro", "23H2"),
        ];
        let network =
            NetworkEvidence { lifecycle: check_ledger(builtin(), &assets, TODAY), updates: Vec::new() };
        let r = Registers::default();
        let patch = judged("patch.apply", Scope::Network, &assets, &r, &network);
        assert_eq!(patch.suggestion, Suggestion::No);
        assert_eq!(patch.reasons[0].key, "suggest.reason.support_ended_data");
        assert_eq!(patch.records, ["FW-1"]);
        let remote = judged("vendor.remote_maintenance_checked", Scope::General, &assets, &r, &network);
        assert_eq!(
            (remote.suggestion, remote.reasons[0].key),
            (Suggestion::No, "suggest.reason.kev_affected")
        );
        assert!(remote.reasons[0].args.iter().any(|(k, v)| *k == "cves" && v.contains("CVE-2018-13379")));
        let terminals = judged("patch.apply", Scope::Terminal, &assets, &r, &network);
        assert_eq!(terminals.suggestion, Suggestion::Yes, "Windows 11 23H2 is supported until 2025-11-11");
    }

    #[test]
    fn windows_machines_behind_and_unrestricted_connections_are_named() {
        let assets = vec![device("PC-1", AssetKind::Terminal, "", "")];
        let behind = MachineUpdates {
            host: "PC-OLD".into(),
            last_update: Some(date!(2025 - 01 - 10)),
            installed: 1,
            needed: None,
            failed: None,
            seen_in: SeenAt { file: "hotfix.csv".into(), line: 2 },
        };
        let network = NetworkEvidence { lifecycle: Vec::new(), updates: judge(&[behind], TODAY) };
        let mut r = Registers::default();
        let get = |code: &str| match code {
            "name" => "保守VPN".to_owned(),
            "kind" => "VPN".to_owned(),
            "source_restricted" => "なし".to_owned(),
            _ => String::new(),
        };
        r.connections.push(parse_record(Register::Connections, &get).unwrap());
        let patch = judged("patch.apply", Scope::Terminal, &assets, &r, &network);
        assert_eq!((patch.suggestion, patch.records), (Suggestion::No, vec!["PC-OLD".to_owned()]));
        let sources = judged("network.restrict_sources", Scope::General, &assets, &r, &network);
        assert_eq!((sources.suggestion, sources.records), (Suggestion::No, vec!["保守VPN".to_owned()]));
        let remote = judged(
            "vendor.remote_maintenance_checked",
            Scope::General,
            &assets,
            &r,
            &NetworkEvidence::default(),
        );
        assert_eq!(remote.reasons[0].key, "suggest.reason.connection_unreviewed");
    }
}
