//! Suggested answers: for a checklist item (by stable key) and scope, what the registers say —
//! はい, いいえ or 判断材料不足 — with the reasons and the records behind them. A person confirms
//! or overrides; a suggestion never answers by itself.
//!
//! Rules exist for the items the asset ledger, the account review and the other registers can
//! ground (the latter in [`crate::register::rules`]); returned vendor sheets can turn any item to
//! いいえ. Every other item is 判断材料不足 with a reason saying no register covers it yet, so the
//! absence of a rule is never read as はい. Each suggestion names the guideline edition it was
//! judged by ([`Guideline::in_force`] for the assessment's fiscal year): two-factor
//! authentication, passwords and access logs are judged differently under 第7.0版.

pub mod network;
mod unneeded_accounts;

use crate::account_review::ReviewedAccounts;
use crate::bcp::{BcpCheck, bcp_status, drills_in_year};
use crate::catalog::Scope;
use crate::date::FiscalYear;
use crate::guideline::Guideline;
use crate::ledger::{Asset, AssetKind, PatchStatus};
use crate::message::Message;
use crate::register::{Registers, policies, rules};
pub use network::NetworkEvidence;
use serde::Serialize;
use time::{Date, Duration};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Suggestion {
    Yes,
    No,
    Insufficient,
}

impl Suggestion {
    pub fn code(self) -> &'static str {
        match self {
            Suggestion::Yes => "yes",
            Suggestion::No => "no",
            Suggestion::Insufficient => "insufficient",
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Suggestion::Yes => "suggest.value.yes",
            Suggestion::No => "suggest.value.no",
            Suggestion::Insufficient => "suggest.value.insufficient",
        }
    }
}

/// A suggestion with why, which records (管理番号, accounts) it rests on, and the record a
/// person can open to see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggested {
    pub suggestion: Suggestion,
    pub reasons: Vec<Message>,
    pub records: Vec<String>,
    pub source: Option<Source>,
    /// The guideline edition the rule applied; set for every checklist item's suggestion.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guideline: Option<Guideline>,
}

/// A record with a page of its own that a suggestion rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// The account reviews (none in the year yet: where to run one).
    AccountReviews,
    AccountReview {
        id: i64,
    },
    /// The year's BCP 確認表.
    BcpCheck {
        fiscal_year: i32,
    },
}

/// What the registers hold, as of a day of a fiscal year.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    pub today: Date,
    pub fiscal_year: FiscalYear,
    pub assets: &'a [Asset],
    pub registers: &'a Registers,
    pub account_reviews: &'a [ReviewedAccounts],
    /// The year's BCP 確認表, when one was saved.
    pub bcp_check: Option<&'a BcpCheck>,
    /// End of support, exploited flaws and Windows updates, from the data and network files.
    pub network: &'a NetworkEvidence,
}

/// A ledger entry not confirmed for longer than this no longer vouches for anything.
pub const CONFIRMATION_VALID_DAYS: i64 = 365;
/// At most this many 管理番号 are named in a reason; the count is always given.
const NAMED: usize = 5;

/// The checklist item the account review grounds.
pub const ACCOUNTS_KEY: &str = "access.remove_unneeded_accounts";

/// The items a register can ground; every other item is 判断材料不足 without looking at records.
pub const KEYS_WITH_RULES: [&str; 19] = [
    "system.in_use",
    "governance.security_officer",
    "vendor.mds_sds_obtained",
    "incident.contact_chart",
    "backup.backup_and_restore",
    "access.role_based_rights",
    "auth.two_factor",
    "password.length_and_rotation",
    "password.no_reuse",
    "policy.operation_rules",
    "bcp.plan",
    // From here on, the rules read the asset ledger.
    "assets.ledger",
    "patch.apply",
    "vendor.remote_maintenance_checked",
    "media.usb_restriction",
    "access.logs",
    "hardening.stop_unneeded_services",
    "network.restrict_sources",
    // The account review.
    ACCOUNTS_KEY,
];

/// Whether the registers can say anything about this item.
pub fn has_rule(key: &str) -> bool {
    KEYS_WITH_RULES.contains(&key)
}

/// Which of the large registers an item's rule reads, so a caller loads only those; the small
/// registers are always at hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Needs {
    pub assets: bool,
    pub account_reviews: bool,
}

pub fn needs(key: &str) -> Needs {
    if key == ACCOUNTS_KEY {
        return Needs { assets: false, account_reviews: true };
    }
    let reads_ledger = KEYS_WITH_RULES.iter().skip(FIRST_LEDGER_RULE).any(|k| *k == key);
    Needs { assets: reads_ledger, account_reviews: false }
}

/// Where the ledger rules start in [`KEYS_WITH_RULES`]; the rules before them read the small
/// registers only.
const FIRST_LEDGER_RULE: usize = 11;

/// The suggestion for one item and scope, judged by the guideline in force in the fiscal year.
pub fn suggest(key: &str, scope: Scope, ev: &Evidence) -> Suggested {
    let mut out = rules::with_vendor_answers(key, from_registers(key, scope, ev), ev.registers);
    out.guideline = Some(Guideline::in_force(ev.fiscal_year));
    out
}

fn from_registers(key: &str, scope: Scope, ev: &Evidence) -> Suggested {
    let r = ev.registers;
    let guideline = Guideline::in_force(ev.fiscal_year);
    match key {
        "system.in_use" => return rules::systems_in_use(r),
        "governance.security_officer" => return rules::security_officer(r),
        "vendor.mds_sds_obtained" => return rules::mds_sds(r),
        "incident.contact_chart" => return rules::contact_chart(r),
        "backup.backup_and_restore" => return rules::backups(r, ev.today),
        "access.role_based_rights" => return policies::system_setting(r, "role_based_access"),
        "auth.two_factor" => return policies::two_factor(r, guideline, ev.fiscal_year, ev.today),
        "password.length_and_rotation" => return policies::passwords(r, guideline),
        "password.no_reuse" => return policies::system_setting(r, "password_no_reuse"),
        "policy.operation_rules" => return policies::document_kept(r, "operation_rules"),
        "bcp.plan" => {
            let documents: Vec<_> = r.documents.iter().filter(|d| d.text("kind") == "bcp").cloned().collect();
            let drills = drills_in_year(&r.drills, &r.drill_runs, ev.fiscal_year);
            return bcp_status(&documents, ev.bcp_check, drills, ev.fiscal_year);
        }
        _ => {}
    }
    let active: Vec<&Asset> = ev.assets.iter().filter(|a| a.retired_on.is_none()).collect();
    match key {
        "assets.ledger" => ledger_kept(&active, ev.today),
        "patch.apply" => {
            let devices = in_scope(&active, scope);
            let windows = matches!(scope, Scope::General | Scope::Server | Scope::Terminal);
            network::support_ended(&devices, ev.network)
                .or_else(|| windows.then(|| network::windows_behind(ev.network)).flatten())
                .unwrap_or_else(|| patches(&devices, ev.today))
        }
        "vendor.remote_maintenance_checked" => {
            let remote: Vec<&Asset> = active
                .iter()
                .copied()
                .filter(|a| a.remote_maintenance == Some(true) || a.kind == Some(AssetKind::Vpn))
                .collect();
            network::exploited(&remote, ev.network)
                .or_else(|| network::connections_unreviewed(r, ev.today))
                .unwrap_or_else(|| remote_maintenance(&active, ev.today))
        }
        "media.usb_restriction" => {
            flag(&in_scope(&active, scope), |a| a.usb_restricted, "suggest.reason.usb_no")
        }
        "access.logs" => {
            let recorded = flag(&in_scope(&active, scope), |a| a.access_logs, "suggest.reason.logs_no");
            match guideline {
                Guideline::V6 => recorded,
                Guideline::V7 => policies::both(recorded, policies::system_setting(r, "log_review")),
            }
        }
        "hardening.stop_unneeded_services" => {
            flag(&in_scope(&active, scope), |a| a.services_stopped, "suggest.reason.services_no")
        }
        "network.restrict_sources" => network::connections_unrestricted(r).unwrap_or_else(|| {
            flag(&in_scope(&active, scope), |a| a.source_restricted, "suggest.reason.sources_no")
        }),
        ACCOUNTS_KEY => unneeded_accounts::reviewed(ev.account_reviews, ev.fiscal_year),
        _ => insufficient(Message::new("suggest.reason.no_register"), Vec::new()),
    }
}

/// The devices a scope speaks of; 全般 means servers, terminals and network devices together.
fn in_scope<'a>(assets: &[&'a Asset], scope: Scope) -> Vec<&'a Asset> {
    assets
        .iter()
        .copied()
        .filter(|a| a.kind.and_then(scope_of).is_some_and(|s| scope == Scope::General || s == scope))
        .collect()
}

fn scope_of(kind: AssetKind) -> Option<Scope> {
    match kind {
        AssetKind::Server => Some(Scope::Server),
        AssetKind::Terminal => Some(Scope::Terminal),
        AssetKind::Router
        | AssetKind::Switch
        | AssetKind::Firewall
        | AssetKind::Vpn
        | AssetKind::WirelessAp => Some(Scope::Network),
        AssetKind::MedicalDevice | AssetKind::Printer | AssetKind::Iot | AssetKind::Other => None,
    }
}

fn ledger_kept(active: &[&Asset], today: Date) -> Suggested {
    if active.is_empty() {
        return no(Message::new("suggest.reason.ledger_empty"), Vec::new());
    }
    let since = today - Duration::days(CONFIRMATION_VALID_DAYS);
    let stale = numbers(active.iter().filter(|a| a.confirmed_on.is_none_or(|d| d < since)));
    if stale.is_empty() {
        yes(Message::new("suggest.reason.ledger_confirmed").arg("count", active.len()))
    } else {
        no(with_list(Message::new("suggest.reason.ledger_stale"), &stale), stale)
    }
}

fn patches(assets: &[&Asset], today: Date) -> Suggested {
    if assets.is_empty() {
        return insufficient(Message::new("suggest.reason.no_devices"), Vec::new());
    }
    let unsupported = numbers(assets.iter().filter(|a| {
        a.support_ends_on.is_some_and(|d| d < today) && a.compensating_control.trim().is_empty()
    }));
    if !unsupported.is_empty() {
        return no(with_list(Message::new("suggest.reason.support_ended"), &unsupported), unsupported);
    }
    let uncovered = numbers(assets.iter().filter(|a| match a.patch_status {
        Some(PatchStatus::Pending) => true,
        Some(PatchStatus::NotPossible) => a.compensating_control.trim().is_empty(),
        _ => false,
    }));
    if !uncovered.is_empty() {
        return no(with_list(Message::new("suggest.reason.patch_pending"), &uncovered), uncovered);
    }
    let unknown =
        numbers(assets.iter().filter(|a| matches!(a.patch_status, None | Some(PatchStatus::Unknown))));
    if !unknown.is_empty() {
        return insufficient(with_list(Message::new("suggest.reason.patch_unknown"), &unknown), unknown);
    }
    yes(Message::new("suggest.reason.patch_current").arg("count", assets.len()))
}

/// Devices maintained remotely must have their path and the device it passes recorded, and have
/// been confirmed (with the vendor) within a year.
fn remote_maintenance(active: &[&Asset], today: Date) -> Suggested {
    let remote: Vec<&Asset> = active.iter().copied().filter(|a| a.remote_maintenance == Some(true)).collect();
    if remote.is_empty() {
        let unknown = active.iter().any(|a| a.remote_maintenance.is_none());
        return if unknown || active.is_empty() {
            insufficient(Message::new("suggest.reason.remote_unknown"), Vec::new())
        } else {
            yes(Message::new("suggest.reason.remote_none"))
        };
    }
    let since = today - Duration::days(CONFIRMATION_VALID_DAYS);
    let unclear = numbers(remote.iter().filter(|a| {
        a.remote_path.trim().is_empty()
            || a.remote_via.trim().is_empty()
            || a.confirmed_on.is_none_or(|d| d < since)
    }));
    if unclear.is_empty() {
        yes(Message::new("suggest.reason.remote_recorded").arg("count", remote.len()))
    } else {
        no(with_list(Message::new("suggest.reason.remote_unclear"), &unclear), unclear)
    }
}

/// A yes/no property every device in scope should have.
fn flag(assets: &[&Asset], get: impl Fn(&Asset) -> Option<bool>, no_key: &'static str) -> Suggested {
    if assets.is_empty() {
        return insufficient(Message::new("suggest.reason.no_devices"), Vec::new());
    }
    let missing = numbers(assets.iter().filter(|a| get(a) == Some(false)));
    if !missing.is_empty() {
        return no(with_list(Message::new(no_key), &missing), missing);
    }
    let unknown = numbers(assets.iter().filter(|a| get(a).is_none()));
    if !unknown.is_empty() {
        return insufficient(with_list(Message::new("suggest.reason.flag_unknown"), &unknown), unknown);
    }
    yes(Message::new("suggest.reason.flag_yes").arg("count", assets.len()))
}

fn numbers<'a>(assets: impl Iterator<Item = &'a &'a Asset>) -> Vec<String> {
    assets.map(|a| a.asset_no.clone()).collect()
}

/// Adds the count and the first few 管理番号 to a reason.
pub(crate) fn with_list(m: Message, records: &[String]) -> Message {
    let mut named = records.iter().take(NAMED).cloned().collect::<Vec<_>>().join("、");
    if records.len() > NAMED {
        named.push_str(" …");
    }
    m.arg("count", records.len()).arg("records", named)
}

pub(crate) fn suggested(suggestion: Suggestion, reasons: Vec<Message>, records: Vec<String>) -> Suggested {
    Suggested { suggestion, reasons, records, source: None, guideline: None }
}

pub(crate) fn yes(reason: Message) -> Suggested {
    suggested(Suggestion::Yes, vec![reason], Vec::new())
}

pub(crate) fn no(reason: Message, records: Vec<String>) -> Suggested {
    suggested(Suggestion::No, vec![reason], records)
}

pub(crate) fn insufficient(reason: Message, records: Vec<String>) -> Suggested {
    suggested(Suggestion::Insufficient, vec![reason], records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Field, parse_asset};
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 21);

    fn asset(no: &str, kind: &str, extra: &[(Field, &str)]) -> Asset {
        let name = format!("機器{no}");
        parse_asset(&|f| match f {
            Field::AssetNo => no,
            Field::Name => &name,
            Field::Kind => kind,
            Field::ConfirmedOn => "2026-04-01",
            other => extra.iter().find(|(g, _)| *g == other).map_or("", |(_, v)| *v),
        })
        .unwrap()
    }

    static EMPTY: std::sync::LazyLock<Registers> = std::sync::LazyLock::new(Registers::default);
    static NO_NETWORK: std::sync::LazyLock<NetworkEvidence> =
        std::sync::LazyLock::new(NetworkEvidence::default);

    fn ev(assets: &[Asset]) -> Evidence<'_> {
        Evidence {
            today: TODAY,
            fiscal_year: FiscalYear(2026),
            assets,
            registers: &EMPTY,
            account_reviews: &[],
            bcp_check: None,
            network: &NO_NETWORK,
        }
    }

    #[test]
    fn an_empty_ledger_is_no_and_a_stale_entry_is_named() {
        assert_eq!(suggest("assets.ledger", Scope::General, &ev(&[])).suggestion, Suggestion::No);
        let mut old = asset("SV-1", "サーバ", &[]);
        old.confirmed_on = Some(date!(2025 - 10 - 01));
        let s = suggest("assets.ledger", Scope::General, &ev(&[asset("PC-1", "端末", &[]), old]));
        assert_eq!((s.suggestion, s.records), (Suggestion::No, vec!["SV-1".to_owned()]));
        let fresh = [asset("PC-1", "端末", &[])];
        assert_eq!(suggest("assets.ledger", Scope::General, &ev(&fresh)).suggestion, Suggestion::Yes);
    }

    #[test]
    fn a_device_that_cannot_be_patched_needs_a_compensating_control() {
        let bare = asset("MR-1", "サーバ", &[(Field::PatchStatus, "適用不可")]);
        let covered = asset(
            "MR-2",
            "サーバ",
            &[(Field::PatchStatus, "適用不可"), (Field::CompensatingControl, "閉域で運用")],
        );
        let current = asset("PC-1", "端末", &[(Field::PatchStatus, "最新")]);
        let s = suggest("patch.apply", Scope::General, &ev(&[bare, covered.clone(), current.clone()]));
        assert_eq!((s.suggestion, s.records), (Suggestion::No, vec!["MR-1".to_owned()]));
        assert_eq!(
            suggest("patch.apply", Scope::General, &ev(&[covered, current])).suggestion,
            Suggestion::Yes
        );
    }

    #[test]
    fn devices_past_end_of_support_need_a_compensating_control() {
        let old =
            asset("PC-9", "端末", &[(Field::PatchStatus, "最新"), (Field::SupportEndsOn, "2025-10-14")]);
        let s = suggest("patch.apply", Scope::General, &ev(std::slice::from_ref(&old)));
        assert_eq!((s.suggestion, s.reasons[0].key), (Suggestion::No, "suggest.reason.support_ended"));
        let mut covered = old;
        covered.compensating_control = "ネットワークから切り離して運用".into();
        assert_eq!(suggest("patch.apply", Scope::General, &ev(&[covered])).suggestion, Suggestion::Yes);
    }

    #[test]
    fn remote_maintenance_needs_its_path_recorded_and_a_recent_confirmation() {
        let bare = asset("SV-1", "サーバ", &[(Field::RemoteMaintenance, "有")]);
        let s =
            suggest("vendor.remote_maintenance_checked", Scope::General, &ev(std::slice::from_ref(&bare)));
        assert_eq!((s.suggestion, s.records), (Suggestion::No, vec!["SV-1".to_owned()]));
        let recorded = asset(
            "SV-1",
            "サーバ",
            &[
                (Field::RemoteMaintenance, "有"),
                (Field::RemotePath, "IPsec-VPN"),
                (Field::RemoteVia, "VPN-01"),
            ],
        );
        let ok = suggest("vendor.remote_maintenance_checked", Scope::General, &ev(&[recorded]));
        assert_eq!(ok.suggestion, Suggestion::Yes);
        let silent =
            suggest("vendor.remote_maintenance_checked", Scope::General, &ev(&[asset("PC-1", "端末", &[])]));
        assert_eq!(silent.suggestion, Suggestion::Insufficient, "nothing recorded is not a はい");
        let none = asset("PC-1", "端末", &[(Field::RemoteMaintenance, "無")]);
        assert_eq!(
            suggest("vendor.remote_maintenance_checked", Scope::General, &ev(&[none])).suggestion,
            Suggestion::Yes
        );
    }

    #[test]
    fn scopes_pick_their_devices_and_unknown_values_are_not_taken_as_yes() {
        let sw = asset("SW-1", "スイッチ", &[(Field::SourceRestricted, "無")]);
        let sv = asset("SV-1", "サーバ", &[(Field::SourceRestricted, "有"), (Field::AccessLogs, "有")]);
        let pc = asset("PC-1", "端末", &[]);
        let all = [sw, sv, pc];
        assert_eq!(suggest("network.restrict_sources", Scope::Network, &ev(&all)).suggestion, Suggestion::No);
        let logs = suggest("access.logs", Scope::Server, &ev(&all));
        assert_eq!(logs.reasons[0].key, "suggest.reason.flag_yes", "the server's logs are recorded");
        let s = suggest("media.usb_restriction", Scope::Terminal, &ev(&all));
        assert_eq!((s.suggestion, s.records), (Suggestion::Insufficient, vec!["PC-1".to_owned()]));
        let none = suggest("access.logs", Scope::Server, &ev(&[]));
        assert_eq!(none.suggestion, Suggestion::Insufficient);
    }

    #[test]
    fn retired_devices_do_not_count_and_unknown_keys_have_no_register() {
        let mut gone = asset("SW-9", "スイッチ", &[(Field::SourceRestricted, "無")]);
        gone.retired_on = Some(date!(2026 - 01 - 01));
        let s = suggest("network.restrict_sources", Scope::Network, &ev(&[gone]));
        assert_eq!(s.suggestion, Suggestion::Insufficient);
        let other = suggest("imported.new_item", Scope::General, &ev(&[]));
        assert_eq!(other.reasons[0].key, "suggest.reason.no_register");
        assert!(!has_rule("imported.new_item"));
        assert_eq!(needs("imported.new_item"), Needs::default());
        assert_eq!(needs("bcp.plan"), Needs::default(), "the small registers are always at hand");
        assert_eq!(needs("patch.apply"), Needs { assets: true, account_reviews: false });
        assert_eq!(needs(ACCOUNTS_KEY), Needs { assets: false, account_reviews: true });
        for key in KEYS_WITH_RULES {
            let s = suggest(key, Scope::General, &ev(&[]));
            assert_ne!(s.reasons[0].key, "suggest.reason.no_register", "{key} is listed but has no rule");
        }
    }

    #[test]
    fn every_item_of_every_shipped_edition_has_a_rule() {
        for edition in crate::catalog::builtin::editions() {
            for item in &edition.items {
                assert!(has_rule(&item.key), "{} of {} has no rule", item.key, edition.id);
            }
        }
    }
}
