//! The devices seen against the ledger: which ledger entry each one is (by MAC, then address,
//! then host name, with the reason), what differs, which seen devices the ledger lacks and
//! which ledger entries were not seen. Proposals come out of it; a person confirms them.

use super::{SeenDevice, short_hostname};
use crate::ledger::{Asset, AssetKind, Field};
use serde::Serialize;
use std::collections::HashMap;

/// Why a seen device was taken for a ledger entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    Mac,
    Ip,
    Hostname,
}

impl MatchedBy {
    pub fn message_key(self) -> &'static str {
        match self {
            MatchedBy::Mac => "discovery.matched_by.mac",
            MatchedBy::Ip => "discovery.matched_by.ip",
            MatchedBy::Hostname => "discovery.matched_by.hostname",
        }
    }
}

/// A field the file shows otherwise than the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub field: Field,
    pub ledger: String,
    pub seen: String,
    /// The ledger's value after the change (an added address keeps the others).
    pub proposed: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matched {
    /// Index into the seen devices.
    pub seen: usize,
    pub asset_no: String,
    pub by: MatchedBy,
    pub changes: Vec<Change>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reconciliation {
    pub matched: Vec<Matched>,
    /// Seen devices the ledger does not have (indexes into the seen devices).
    pub not_in_ledger: Vec<usize>,
    /// Ledger entries in use, with an address, that no file saw (管理番号).
    pub not_seen: Vec<String>,
}

/// One change a person may confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Proposal {
    /// A new ledger entry for a device the ledger lacks.
    Add { seen: usize, asset: Box<Asset> },
    /// A field of an entry set to what the file shows.
    Update { asset_no: String, change: Change },
}

/// Where ledger entries are found by each kind of key.
struct Index<'a> {
    by_mac: HashMap<&'a str, usize>,
    by_ip: HashMap<&'a str, usize>,
    by_name: HashMap<String, usize>,
}

fn index(ledger: &[Asset]) -> Index<'_> {
    let mut ix = Index { by_mac: HashMap::new(), by_ip: HashMap::new(), by_name: HashMap::new() };
    for (i, a) in ledger.iter().enumerate().filter(|(_, a)| a.retired_on.is_none()) {
        for mac in list(&a.mac) {
            ix.by_mac.entry(mac).or_insert(i);
        }
        for ip in list(&a.ip).filter(|ip| !ip.contains('/')) {
            ix.by_ip.entry(ip).or_insert(i);
        }
        if looks_like_hostname(&a.name) {
            ix.by_name.entry(short_hostname(&a.name)).or_insert(i);
        }
    }
    ix
}

/// The items of a ledger list field (`a, b`).
fn list(text: &str) -> impl Iterator<Item = &str> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty())
}

/// A 名称 that is a computer's name (`RECEPT-PC01`), not a description (`受付の PC`).
fn looks_like_hostname(name: &str) -> bool {
    let n = name.trim();
    !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

pub fn reconcile(seen: &[SeenDevice], ledger: &[Asset]) -> Reconciliation {
    let ix = index(ledger);
    let mut out = Reconciliation::default();
    let mut taken = vec![false; ledger.len()];
    for (s, d) in seen.iter().enumerate() {
        match find(&ix, ledger, d) {
            Some((i, by)) => {
                // A second card of a device already matched brings no second set of changes.
                let changes = if taken[i] { Vec::new() } else { changes(&ledger[i], d) };
                taken[i] = true;
                out.matched.push(Matched { seen: s, asset_no: ledger[i].asset_no.clone(), by, changes });
            }
            None => out.not_in_ledger.push(s),
        }
    }
    out.not_seen = ledger
        .iter()
        .zip(&taken)
        .filter(|(a, t)| !**t && a.retired_on.is_none() && !(a.ip.is_empty() && a.mac.is_empty()))
        .map(|(a, _)| a.asset_no.clone())
        .collect();
    out
}

/// The ledger entry a device is, strongest key first. An address or name match is refused when
/// both sides know their MACs and they differ: that is another device on the same address.
fn find(ix: &Index, ledger: &[Asset], d: &SeenDevice) -> Option<(usize, MatchedBy)> {
    if let Some(&i) = ix.by_mac.get(d.mac.as_str()) {
        return Some((i, MatchedBy::Mac));
    }
    let other_card = |i: usize| !d.mac.is_empty() && !ledger[i].mac.is_empty();
    if let Some(&i) = ix.by_ip.get(d.ip.as_str()).filter(|i| !other_card(**i)) {
        return Some((i, MatchedBy::Ip));
    }
    if d.hostname.is_empty() {
        return None;
    }
    ix.by_name
        .get(&short_hostname(&d.hostname))
        .filter(|i| !other_card(**i))
        .map(|&i| (i, MatchedBy::Hostname))
}

fn changes(a: &Asset, d: &SeenDevice) -> Vec<Change> {
    let mut out = Vec::new();
    let mut change = |field: Field, ledger: &str, seen: &str, proposed: String| {
        out.push(Change { field, ledger: ledger.to_owned(), seen: seen.to_owned(), proposed });
    };
    if !d.ip.is_empty() && !list(&a.ip).any(|ip| ip == d.ip) {
        change(Field::Ip, &a.ip, &d.ip, added(&a.ip, &d.ip));
    }
    if !d.mac.is_empty() && !list(&a.mac).any(|m| m == d.mac) {
        change(Field::Mac, &a.mac, &d.mac, added(&a.mac, &d.mac));
    }
    if !d.hostname.is_empty()
        && looks_like_hostname(&a.name)
        && short_hostname(&a.name) != short_hostname(&d.hostname)
    {
        change(Field::Name, &a.name, &d.hostname, d.hostname.clone());
    }
    if a.os.trim().is_empty() && !d.os.is_empty() {
        change(Field::Os, &a.os, &d.os, d.os.clone());
    }
    if !d.os_version.is_empty() && folded(&a.os_version) != folded(&d.os_version) {
        change(Field::OsVersion, &a.os_version, &d.os_version, d.os_version.clone());
    }
    out
}

fn folded(s: &str) -> String {
    s.split_whitespace().collect::<String>().to_lowercase()
}

/// A list with one more item; a single item is replaced (the device moved).
fn added(list_text: &str, item: &str) -> String {
    if list(list_text).count() <= 1 { item.to_owned() } else { format!("{list_text}, {item}") }
}

/// Every change the files suggest, new entries first, in a stable order.
pub fn proposals(seen: &[SeenDevice], r: &Reconciliation) -> Vec<Proposal> {
    let adds =
        r.not_in_ledger.iter().map(|&s| Proposal::Add { seen: s, asset: Box::new(new_asset(&seen[s])) });
    let updates = r.matched.iter().flat_map(|m| {
        m.changes.iter().map(|c| Proposal::Update { asset_no: m.asset_no.clone(), change: c.clone() })
    });
    adds.chain(updates).collect()
}

/// A ledger entry for a device the ledger lacks: 管理番号 from its MAC (or address), the rest
/// as seen; the kind guessed from what it runs and who made it.
pub fn new_asset(d: &SeenDevice) -> Asset {
    let id = if d.mac.is_empty() { d.ip.replace(['.', ':'], "-") } else { d.mac.replace(':', "") };
    Asset {
        asset_no: format!("NW-{id}"),
        name: d.label().to_owned(),
        kind: Some(guess_kind(d)),
        maker: d.vendor.clone(),
        ip: d.ip.clone(),
        mac: d.mac.clone(),
        os: d.os.clone(),
        os_version: d.os_version.clone(),
        ..Asset::default()
    }
}

fn guess_kind(d: &SeenDevice) -> AssetKind {
    let os = d.os.to_lowercase();
    let vendor = d.vendor.to_lowercase();
    let has_port = |p: u16| d.ports.iter().any(|o| o.port == p);
    const PRINTER_MAKERS: [&str; 8] =
        ["canon", "ricoh", "konica", "kyocera", "sharp", "富士フイルム", "brother", "epson"];
    const FIREWALL_MAKERS: [&str; 6] =
        ["fortinet", "palo alto", "sonicwall", "check point", "sophos", "juniper"];
    if os.contains("windows server") || vendor.contains("仮想マシン") {
        AssetKind::Server
    } else if os.contains("windows") || vendor.contains("apple") {
        AssetKind::Terminal
    } else if PRINTER_MAKERS.iter().any(|m| vendor.contains(m)) || has_port(9100) || has_port(631) {
        AssetKind::Printer
    } else if FIREWALL_MAKERS.iter().any(|m| vendor.contains(m)) || os.contains("fortios") {
        AssetKind::Firewall
    } else if vendor.contains("yamaha") || vendor.contains("cisco") {
        AssetKind::Router
    } else if vendor.contains("allied") || vendor.contains("buffalo") {
        AssetKind::Switch
    } else {
        AssetKind::Other
    }
}
