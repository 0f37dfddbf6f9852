//! Answers proposed from the registers and the asset ledger, each with the entries it rests
//! on: the security officer on the contact chart, the electronic medical record among the
//! systems, its backups, the BCP among the documents and the VPN devices of the ledger. A
//! proposal is a draft: the page shows it with its source and a person confirms it. Nothing
//! here reads an absence of records as an answer, except where the survey asks what the
//! records show (how many backups, whether some VPN device is not a Fortinet one).

use super::answer::{Answer, Row};
use super::model::Edition;
use crate::ledger::{Asset, AssetKind};
use crate::lifecycle::matching::DeviceLifecycle;
use crate::register::{Record, Registers};
use std::collections::BTreeMap;

mod respondent;
pub use respondent::respondent;

/// One proposed answer and where it comes from, worded for the person confirming it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub id: String,
    pub answer: Answer,
    pub source: String,
}

/// What a question of an edition is prefilled from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// はい when the contact chart names a 医療情報システム安全管理責任者.
    Officer,
    /// はい when the systems register holds an electronic medical record.
    Ehr,
    /// はい when the electronic medical record has backups.
    BackupsMade,
    /// FY2023: 毎日 / 週1回 / 月1回 / その他, the most frequent backup.
    Frequency2023,
    /// FY2022: 1か月以内に1回 when some backup is taken at least monthly.
    Frequency2022,
    /// FY2023: 3つ以上 / 2つ / 1つ.
    Count2023,
    /// FY2022: one backup or two or more.
    Count2022,
    /// FY2023: 3世代以上 / 2世代 / 1世代, the most generations kept.
    Generations2023,
    /// FY2022: はい when some backup keeps two or more generations.
    Generations2022,
    /// FY2023: how many kinds of media (the backups' methods).
    MediaKinds,
    /// FY2022: rewritable and write-once media combined, or one of them only.
    MediaMix,
    Offline,
    Encrypted,
    Bcp,
    VpnPresent,
    VpnLocations,
    /// FY2022 Q15: the Fortinet devices.
    FortinetTable,
    /// FY2022 pre-Q17: some VPN device is not a Fortinet one.
    OtherVpn,
    /// FY2022 Q17: the other devices, or all of them when none is a Fortinet one.
    VpnTable,
    /// FY2022 Q16-1 (updated to the latest software?): いいえ while a Fortinet device still runs a
    /// version in a known-exploited range.
    FortinetExploited,
    /// FY2022 Q17-1: いいえ when another VPN device is past its support or in an exploited range.
    OtherVpnCurrent,
}

const FY2022: &[(&str, Rule)] = &[
    ("Q2", Rule::Officer),
    ("Q6", Rule::Bcp),
    ("Q7", Rule::Ehr),
    ("Q8", Rule::Count2022),
    ("Q9", Rule::MediaMix),
    ("Q9-1", Rule::Offline),
    ("Q10", Rule::Frequency2022),
    ("Q10-1", Rule::Generations2022),
    ("Q10-2", Rule::Encrypted),
    ("pre-Q14", Rule::VpnPresent),
    ("Q14", Rule::VpnLocations),
    ("Q15", Rule::FortinetTable),
    ("pre-Q17", Rule::OtherVpn),
    ("Q17", Rule::VpnTable),
    ("Q16-1", Rule::FortinetExploited),
    ("Q17-1", Rule::OtherVpnCurrent),
];

const FY2023: &[(&str, Rule)] = &[
    ("Q2", Rule::Officer),
    ("Q10", Rule::Bcp),
    ("Q11", Rule::Ehr),
    ("Q12", Rule::BackupsMade),
    ("Q12-1", Rule::Frequency2023),
    ("Q12-2", Rule::Count2023),
    ("Q12-3", Rule::Generations2023),
    ("Q12-4", Rule::MediaKinds),
    ("Q12-5", Rule::Offline),
    ("Q12-6", Rule::Encrypted),
];

/// The rules of a shipped edition; an edition iryosec does not know gets none.
fn rules(edition_id: &str) -> &'static [(&'static str, Rule)] {
    match edition_id {
        "mhlw-survey-fy2022-hospital" => FY2022,
        "mhlw-survey-fy2023-hospital" => FY2023,
        _ => &[],
    }
}

/// The facts the rules read, gathered once.
struct Facts<'a> {
    officers: Vec<&'a str>,
    ehr: Vec<&'a str>,
    backups: Vec<&'a Record>,
    bcp: Vec<&'a str>,
    vpn: Vec<&'a Asset>,
    /// The VPN devices against the end-of-support and known-exploited data.
    lifecycle: Vec<&'a DeviceLifecycle>,
    /// VPN and remote-maintenance lines of the external connections register.
    vpn_connections: Vec<&'a str>,
}

impl<'a> Facts<'a> {
    fn new(r: &'a Registers, assets: &'a [Asset], lifecycle: &'a [DeviceLifecycle]) -> Facts<'a> {
        let officers = r
            .contacts
            .iter()
            .filter(|c| c.text("role") == "security_officer")
            .map(|c| c.text("name"))
            .collect();
        let ehr: Vec<&str> =
            r.systems.iter().filter(|s| s.text("category") == "ehr").map(|s| s.text("name")).collect();
        let backups = r.backups.iter().filter(|b| ehr.contains(&b.text("system"))).collect();
        let bcp = r.documents.iter().filter(|d| d.text("kind") == "bcp").map(|d| d.text("title")).collect();
        let vpn: Vec<&Asset> =
            assets.iter().filter(|a| a.kind == Some(AssetKind::Vpn) && a.retired_on.is_none()).collect();
        let vpn_nos: Vec<&str> = vpn.iter().map(|a| a.asset_no.as_str()).collect();
        let lifecycle = lifecycle.iter().filter(|d| vpn_nos.contains(&d.asset_no.as_str())).collect();
        let vpn_connections = r
            .connections
            .iter()
            .filter(|c| matches!(c.text("kind"), "vpn" | "remote_maintenance"))
            .map(|c| c.text("name"))
            .collect();
        Facts { officers, ehr, backups, bcp, vpn, lifecycle, vpn_connections }
    }

    fn backup_source(&self, detail: &str) -> String {
        let names: Vec<&str> = self.backups.iter().map(|b| b.text("name")).collect();
        format!("バックアップ台帳（電子カルテ {}）: {}（{}）", self.ehr.join("、"), detail, names.join("、"))
    }
}

/// Proposed answers for an edition, in its printed order.
pub fn prefill(edition: &Edition, registers: &Registers, assets: &[Asset]) -> Vec<Proposal> {
    prefill_with(edition, registers, assets, &[])
}

/// [`prefill`], with the ledger's devices judged against the end-of-support and known-exploited
/// data for the VPN questions.
pub fn prefill_with(
    edition: &Edition,
    registers: &Registers,
    assets: &[Asset],
    lifecycle: &[DeviceLifecycle],
) -> Vec<Proposal> {
    let facts = Facts::new(registers, assets, lifecycle);
    let rules = rules(&edition.id);
    edition
        .questions()
        .filter_map(|q| {
            let (_, rule) = rules.iter().find(|(id, _)| *id == q.id)?;
            let (answer, source) = propose(*rule, &facts)?;
            Some(Proposal { id: q.id.clone(), answer, source })
        })
        .collect()
}

/// A choice among "3 or more", "2", "1", numbered 1, 2, 3 as both FY2023 questions print them.
fn three_two_one(n: usize) -> Option<u32> {
    match n {
        0 => None,
        1 => Some(3),
        2 => Some(2),
        _ => Some(1),
    }
}

fn propose(rule: Rule, f: &Facts<'_>) -> Option<(Answer, String)> {
    let yes = |source: String| Some((Answer::YesNo(true), source));
    let has_backups = !f.backups.is_empty();
    match rule {
        Rule::Officer => {
            let names = f.officers.join("、");
            (!f.officers.is_empty())
                .then(|| (Answer::YesNo(true), format!("連絡体制図: 医療情報システム安全管理責任者 {names}")))
        }
        Rule::Ehr => (!f.ehr.is_empty())
            .then(|| (Answer::YesNo(true), format!("医療情報システム台帳: 電子カルテ {}", f.ehr.join("、")))),
        Rule::Bcp => (!f.bcp.is_empty())
            .then(|| (Answer::YesNo(true), format!("規程・文書台帳: {}", f.bcp.join("、")))),
        Rule::BackupsMade if has_backups => yes(f.backup_source(&format!("{}件", f.backups.len()))),
        Rule::Count2023 if has_backups => {
            let n = three_two_one(f.backups.len())?;
            Some((Answer::Choice(n), f.backup_source(&format!("{}件", f.backups.len()))))
        }
        Rule::Count2022 if has_backups => {
            let n = if f.backups.len() == 1 { 1 } else { 2 };
            Some((Answer::Choice(n), f.backup_source(&format!("{}件", f.backups.len()))))
        }
        Rule::Frequency2023 | Rule::Frequency2022 if has_backups => frequency(rule, f),
        Rule::Generations2023 | Rule::Generations2022 if has_backups => {
            let most = f.backups.iter().filter_map(|b| b.number("generations")).max()?;
            let source = f.backup_source(&format!("保持世代数 最大{most}"));
            let answer = if rule == Rule::Generations2022 {
                Answer::YesNo(most >= 2)
            } else {
                Answer::Choice(three_two_one(usize::try_from(most).ok()?)?)
            };
            Some((answer, source))
        }
        Rule::MediaKinds if has_backups => {
            let mut kinds: Vec<String> = f
                .backups
                .iter()
                .map(|b| b.text("method").trim().to_lowercase())
                .filter(|m| !m.is_empty())
                .collect();
            kinds.sort_unstable();
            kinds.dedup();
            let n = three_two_one(kinds.len())?;
            Some((Answer::Choice(n), f.backup_source(&format!("方法 {}種類", kinds.len()))))
        }
        Rule::MediaMix if has_backups => {
            let media: Vec<&str> = f.backups.iter().map(|b| b.text("media")).collect();
            if media.iter().any(|m| m.is_empty()) {
                return None;
            }
            let both = media.contains(&"rewritable") && media.contains(&"immutable");
            let detail = if both {
                "追記可能と追記不能（WORM）の媒体"
            } else {
                "媒体の種類は1つ"
            };
            Some((Answer::Choice(if both { 1 } else { 2 }), f.backup_source(detail)))
        }
        Rule::Offline if has_backups => {
            let flags: Vec<Option<bool>> = f.backups.iter().map(|b| b.flag("offline")).collect();
            if flags.contains(&Some(true)) {
                yes(f.backup_source("オフライン保管あり"))
            } else if flags.iter().all(|b| *b == Some(false)) {
                Some((Answer::YesNo(false), f.backup_source("オフライン保管なし")))
            } else {
                None
            }
        }
        Rule::Encrypted if has_backups => {
            let any = f.backups.iter().any(|b| b.flag("encrypted") == Some(true));
            if any { yes(f.backup_source("暗号化あり")) } else { None }
        }
        Rule::VpnPresent if !f.vpn.is_empty() => Some((Answer::YesNo(true), vpn_source(&f.vpn))),
        // No VPN device in the ledger, but the connections register names VPN lines.
        Rule::VpnPresent => (!f.vpn_connections.is_empty()).then(|| {
            let names = f.vpn_connections.join("、");
            (Answer::YesNo(true), format!("外部接続台帳: VPN・リモート保守回線 {names}"))
        }),
        Rule::VpnLocations => {
            let known = !f.vpn.is_empty() && f.vpn.iter().all(|a| !a.location.trim().is_empty());
            known
                .then(|| (Answer::YesNo(true), format!("{}（設置場所がすべて記入済み）", vpn_source(&f.vpn))))
        }
        Rule::FortinetTable => {
            let fortinet: Vec<&Asset> = f.vpn.iter().copied().filter(|a| is_fortinet(a)).collect();
            (!f.vpn.is_empty()).then(|| (vpn_table(&fortinet, false), vpn_source(&fortinet)))
        }
        Rule::OtherVpn => {
            let fortinet = f.vpn.iter().filter(|a| is_fortinet(a)).count();
            let other = f.vpn.len() - fortinet;
            (fortinet > 0).then(|| (Answer::YesNo(other > 0), vpn_source(&f.vpn)))
        }
        Rule::VpnTable => {
            // Without a Fortinet device, every device; otherwise the others.
            let rows: Vec<&Asset> = f.vpn.iter().copied().filter(|a| !is_fortinet(a)).collect();
            (!rows.is_empty()).then(|| (vpn_table(&rows, true), vpn_source(&rows)))
        }
        Rule::FortinetExploited => {
            let hit: Vec<&DeviceLifecycle> = f
                .lifecycle
                .iter()
                .copied()
                .filter(|d| {
                    d.exploited().next().is_some()
                        && f.vpn.iter().any(|a| a.asset_no == d.asset_no && is_fortinet(a))
                })
                .collect();
            (!hit.is_empty()).then(|| (Answer::YesNo(false), lifecycle_source(&hit)))
        }
        Rule::OtherVpnCurrent => {
            let hit: Vec<&DeviceLifecycle> = f
                .lifecycle
                .iter()
                .copied()
                .filter(|d| d.support_ended() || d.exploited().next().is_some())
                .filter(|d| f.vpn.iter().any(|a| a.asset_no == d.asset_no && !is_fortinet(a)))
                .collect();
            (!hit.is_empty()).then(|| (Answer::YesNo(false), lifecycle_source(&hit)))
        }
        _ => None,
    }
}

/// The devices and what the data says of them, for the person confirming.
fn lifecycle_source(devices: &[&DeviceLifecycle]) -> String {
    let items: Vec<String> = devices
        .iter()
        .map(|d| {
            let cves: Vec<&str> = d.exploited().map(|f| f.cve.as_str()).collect();
            let support = if d.support_ended() { "サポート終了" } else { "" };
            let what = [support.to_owned(), cves.join("・")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("、");
            format!("{} {}（{what}）", d.asset_no, d.cycle.clone().unwrap_or_default())
        })
        .collect();
    format!("資産台帳とサポート終了・脆弱性データ: {}", items.join("、"))
}

fn frequency(rule: Rule, f: &Facts<'_>) -> Option<(Answer, String)> {
    const ORDER: [(&str, &str); 4] =
        [("daily", "毎日"), ("weekly", "毎週"), ("monthly", "毎月"), ("irregular", "不定期")];
    let rank = |code: &str| ORDER.iter().position(|(c, _)| *c == code);
    let best = f.backups.iter().filter_map(|b| rank(b.text("frequency"))).min()?;
    let source = f.backup_source(&format!("頻度 {}", ORDER[best].1));
    let choice = match (rule, best) {
        (Rule::Frequency2023, 0) => 1,
        (Rule::Frequency2023, 1) => 2,
        (Rule::Frequency2023, 2) => 3,
        (Rule::Frequency2023, _) => 5,
        (_, 0..=2) => 1,
        _ => return None,
    };
    Some((Answer::Choice(choice), source))
}

fn is_fortinet(a: &Asset) -> bool {
    [&a.maker, &a.model, &a.os, &a.name, &a.software].iter().any(|t| t.to_lowercase().contains("forti"))
}

/// The maker as the ledger records it, or else as the firmware's name gives it away.
fn maker(a: &Asset) -> Option<&str> {
    match a.maker.trim() {
        "" => maker_of_firmware(a),
        recorded => Some(recorded),
    }
}

/// The maker a VPN device's firmware names, for the makers whose firmware says so.
fn maker_of_firmware(a: &Asset) -> Option<&'static str> {
    const KNOWN: [(&str, &str); 6] = [
        ("forti", "Fortinet"),
        ("pan-os", "Palo Alto Networks"),
        ("sonicos", "SonicWall"),
        ("junos", "Juniper Networks"),
        ("rtx", "ヤマハ"),
        ("cisco", "Cisco"),
    ];
    let os = format!("{} {}", a.os, a.name).to_lowercase();
    KNOWN.iter().find(|(word, _)| os.contains(word)).map(|(_, m)| *m)
}

fn vpn_source(devices: &[&Asset]) -> String {
    let names: Vec<&str> = devices.iter().map(|a| a.asset_no.as_str()).filter(|n| !n.is_empty()).collect();
    format!("資産台帳: VPN装置 {}台（{}）", devices.len(), names.join("、"))
}

/// One row per maker, model and version with its count; a model the ledger does not record is
/// left for the person to fill in.
fn vpn_table(devices: &[&Asset], with_maker: bool) -> Answer {
    let mut groups: BTreeMap<(Option<&str>, &str, String), i64> = BTreeMap::new();
    for a in devices {
        let version = format!("{} {}", a.os.trim(), a.os_version.trim()).trim().to_owned();
        *groups.entry((maker(a), a.model.trim(), version)).or_default() += 1;
    }
    let rows = groups
        .into_iter()
        .map(|((maker, model, version), count)| {
            let mut row = Row::new();
            if let (true, Some(m)) = (with_maker, maker) {
                row.insert("maker".into(), Answer::Text(m.to_owned()));
            }
            if !model.is_empty() {
                row.insert("model".into(), Answer::Text(model.to_owned()));
            }
            row.insert("count".into(), Answer::Number(count));
            if !version.is_empty() {
                row.insert("os_version".into(), Answer::Text(version));
            }
            row
        })
        .collect();
    Answer::Table(rows)
}

#[cfg(test)]
mod tests;
