//! 初動対応カード: one A4 page, made from the registers, for when the screens are dark — the
//! first hour's steps, who decides, whom to call, where the offline backups are, the order of
//! recovery and how each department works on paper.
//!
//! A printed card goes stale when the data it was made from changes. The card's data has a
//! fingerprint ([`fingerprint`]): the SHA-256 of every entry of the registers it reads
//! (contacts, vendors, backups, systems, 代替運用) in a fixed order. A print is recorded with
//! the fingerprint; a different fingerprint today means the paper on the wall is out of date.

use crate::incident::{Phase, STEPS, StepDef};
use crate::register::{CONTACT_ROLES, Choice, Record, Registers, contact_group};
use crate::register::{backups, contacts, paper_operations, systems, vendors};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// One person or body to call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardContact {
    pub role: String,
    pub name: String,
    pub phone: String,
    pub after_hours: String,
    /// 院内, 事業者 or 外部関係機関 (`internal`, `vendor`, `external`).
    pub group: &'static str,
}

/// Where one offline (or any) backup is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardBackup {
    pub name: String,
    pub system: String,
    pub place: String,
    pub offline: bool,
}

/// One department's paper operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardPaper {
    pub department: String,
    pub procedure: String,
    pub forms_place: String,
}

/// Everything the card shows besides the fixed steps.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Card {
    /// 経営層 and 医療情報システム安全管理責任者.
    pub deciders: Vec<CardContact>,
    /// Every contact of the chart, then each vendor's emergency number.
    pub calls: Vec<CardContact>,
    /// Offline backups first.
    pub backups: Vec<CardBackup>,
    /// Systems with a recovery priority, highest first: (priority, system name).
    pub recovery_order: Vec<(i64, String)>,
    pub paper: Vec<CardPaper>,
}

/// The first hour: the steps of 検知 and 初動対応.
pub fn first_steps() -> Vec<&'static StepDef> {
    STEPS.iter().filter(|s| matches!(s.phase, Phase::Detection | Phase::Initial)).collect()
}

fn role_rank(role: &str) -> usize {
    CONTACT_ROLES.iter().position(|c| c.code == role).unwrap_or(CONTACT_ROLES.len())
}

fn contact(r: &Record) -> CardContact {
    let role = r.text(contacts::ROLE);
    let name = match r.text(contacts::ORGANIZATION) {
        "" => r.text(contacts::NAME).to_owned(),
        org => format!("{}（{org}）", r.text(contacts::NAME)),
    };
    CardContact {
        role: Choice::by_code(CONTACT_ROLES, role).map_or(role, |c| c.ja).to_owned(),
        name,
        phone: r.text(contacts::PHONE).to_owned(),
        after_hours: r.text(contacts::PHONE_AFTER_HOURS).to_owned(),
        group: contact_group(role),
    }
}

impl Card {
    pub fn from_registers(r: &Registers) -> Card {
        let mut contacts: Vec<&Record> = r.contacts.iter().collect();
        contacts.sort_by_key(|c| {
            (
                role_rank(c.text(contacts::ROLE)),
                c.number(contacts::ORDER).unwrap_or(i64::MAX),
                c.text(contacts::NAME).to_owned(),
            )
        });
        let deciders = contacts
            .iter()
            .filter(|c| matches!(c.text(contacts::ROLE), "executive" | "security_officer"))
            .map(|c| contact(c))
            .collect();
        let mut calls: Vec<CardContact> = contacts.iter().map(|c| contact(c)).collect();
        let mut vendors: Vec<&Record> = r.vendors.iter().collect();
        vendors.sort_by_key(|v| v.text(vendors::NAME).to_owned());
        for v in vendors {
            let phone = match v.text(vendors::EMERGENCY_PHONE) {
                "" => v.text(vendors::PHONE),
                emergency => emergency,
            };
            if phone.is_empty() {
                continue;
            }
            let name = match v.text(vendors::EMERGENCY_CONTACT) {
                "" => v.text(vendors::NAME).to_owned(),
                who => format!("{}（{who}）", v.text(vendors::NAME)),
            };
            calls.push(CardContact {
                role: "事業者（緊急時）".to_owned(),
                name,
                phone: phone.to_owned(),
                after_hours: v.text(vendors::HOURS).to_owned(),
                group: "vendor",
            });
        }
        let mut backups: Vec<CardBackup> = r
            .backups
            .iter()
            .map(|b| CardBackup {
                name: b.text(backups::NAME).to_owned(),
                system: b.text(backups::SYSTEM).to_owned(),
                place: b.text(backups::PLACE).to_owned(),
                offline: b.flag(backups::OFFLINE) == Some(true),
            })
            .collect();
        backups.sort_by(|a, b| (!a.offline, &a.system, &a.name).cmp(&(!b.offline, &b.system, &b.name)));
        let mut recovery_order: Vec<(i64, String)> = r
            .systems
            .iter()
            .filter_map(|s| Some((s.number(systems::RECOVERY_PRIORITY)?, s.text(systems::NAME).to_owned())))
            .collect();
        recovery_order.sort();
        let mut paper: Vec<CardPaper> = r
            .paper_operations
            .iter()
            .map(|p| CardPaper {
                department: p.text(paper_operations::DEPARTMENT).to_owned(),
                procedure: p.text(paper_operations::PROCEDURE).to_owned(),
                forms_place: p.text(paper_operations::FORMS_PLACE).to_owned(),
            })
            .collect();
        paper.sort_by(|a, b| a.department.cmp(&b.department));
        Card { deciders, calls, backups, recovery_order, paper }
    }
}

/// The fingerprint of the data a card is made from: every entry of contacts, vendors, backups,
/// systems and 代替運用, in a fixed order, hashed. Any change to one of them changes it.
pub fn fingerprint(r: &Registers) -> String {
    let mut hasher = Sha256::new();
    for (name, records) in [
        ("contacts", &r.contacts),
        ("vendors", &r.vendors),
        ("backups", &r.backups),
        ("systems", &r.systems),
        ("paper_operations", &r.paper_operations),
    ] {
        let mut texts: Vec<String> =
            records.iter().map(|rec| serde_json::to_string(rec).unwrap_or_default()).collect();
        texts.sort();
        hasher.update(name.as_bytes());
        hasher.update([0]);
        for t in texts {
            hasher.update(t.as_bytes());
            hasher.update([0]);
        }
        hasher.update([1]);
    }
    hex::encode(hasher.finalize())
}

/// Whether the card on paper still matches the registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardFreshness {
    NeverPrinted,
    /// Printed, but contacts, backups, systems or 代替運用 changed since.
    Stale,
    Current,
}

/// Compares the fingerprint recorded with the latest print to today's.
pub fn freshness(last_printed: Option<&str>, current: &str) -> CardFreshness {
    match last_printed {
        None => CardFreshness::NeverPrinted,
        Some(printed) if printed == current => CardFreshness::Current,
        Some(_) => CardFreshness::Stale,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::{Register, parse_record};

    fn rec(register: Register, pairs: &[(&str, &str)]) -> Record {
        parse_record(register, &|code| {
            pairs.iter().find(|(k, _)| *k == code).map_or(String::new(), |(_, v)| (*v).to_owned())
        })
        .unwrap()
    }

    fn registers() -> Registers {
        Registers {
            contacts: vec![
                rec(
                    Register::Contacts,
                    &[("role", "システム担当"), ("name", "情報課 佐藤"), ("phone", "内線201")],
                ),
                rec(
                    Register::Contacts,
                    &[("role", "院長"), ("name", "院長 山田"), ("phone", "090-1111-2222")],
                ),
            ],
            vendors: vec![rec(
                Register::Vendors,
                &[("name", "カルテ社"), ("phone", "03-1111-0000"), ("emergency_phone", "0120-999-000")],
            )],
            backups: vec![
                rec(
                    Register::Backups,
                    &[("name", "日次"), ("system", "電子カルテ"), ("method", "NAS"), ("frequency", "毎日")],
                ),
                rec(
                    Register::Backups,
                    &[
                        ("name", "週次テープ"),
                        ("system", "電子カルテ"),
                        ("method", "テープ"),
                        ("frequency", "毎週"),
                        ("offline", "はい"),
                        ("place", "事務棟2階 金庫"),
                    ],
                ),
            ],
            systems: vec![
                rec(Register::Systems, &[("name", "PACS"), ("category", "PACS"), ("recovery_priority", "2")]),
                rec(
                    Register::Systems,
                    &[("name", "電子カルテ"), ("category", "ehr"), ("recovery_priority", "1")],
                ),
            ],
            paper_operations: vec![rec(
                Register::PaperOperations,
                &[("department", "外来"), ("procedure", "紙カルテで受付"), ("forms_place", "医事課 棚A")],
            )],
            ..Registers::default()
        }
    }

    #[test]
    fn the_card_orders_what_matters_first() {
        let card = Card::from_registers(&registers());
        assert_eq!(card.deciders.len(), 1, "only 経営層 and 安全管理責任者 decide");
        assert_eq!(card.deciders[0].phone, "090-1111-2222");
        assert_eq!(card.calls[0].role, "経営層", "the chart's order, executives first");
        let vendor = card.calls.last().unwrap();
        assert_eq!((vendor.phone.as_str(), vendor.group), ("0120-999-000", "vendor"));
        assert_eq!(card.backups[0].place, "事務棟2階 金庫", "offline backups come first");
        assert_eq!(card.recovery_order, vec![(1, "電子カルテ".to_owned()), (2, "PACS".to_owned())]);
        assert_eq!(card.paper[0].forms_place, "医事課 棚A");
        assert!(first_steps().iter().all(|s| s.phase != Phase::Recovery));
        assert!(first_steps().iter().any(|s| s.code == "isolate_network"));
    }

    #[test]
    fn a_change_to_any_source_makes_a_printed_card_stale() {
        let base = registers();
        let printed = fingerprint(&base);
        assert_eq!(freshness(None, &printed), CardFreshness::NeverPrinted);
        assert_eq!(freshness(Some(&printed), &fingerprint(&base)), CardFreshness::Current);
        let mut reordered = base.clone();
        reordered.contacts.reverse();
        assert_eq!(fingerprint(&reordered), printed, "the order entries are loaded in does not matter");
        let changes: [fn(&mut Registers); 5] = [
            |r| {
                r.contacts[0] = rec(
                    Register::Contacts,
                    &[("role", "システム担当"), ("name", "情報課 佐藤"), ("phone", "内線202")],
                )
            },
            |r| r.vendors.clear(),
            |r| r.backups.pop().map(drop).unwrap_or_default(),
            |r| {
                r.systems[0] = rec(
                    Register::Systems,
                    &[("name", "PACS"), ("category", "PACS"), ("recovery_priority", "3")],
                )
            },
            |r| r.paper_operations.clear(),
        ];
        for (n, change) in changes.iter().enumerate() {
            let mut r = base.clone();
            change(&mut r);
            assert_eq!(freshness(Some(&printed), &fingerprint(&r)), CardFreshness::Stale, "change {n}");
        }
        let mut unrelated = base;
        unrelated.documents.push(rec(Register::Documents, &[("kind", "BCP"), ("title", "BCP")]));
        assert_eq!(freshness(Some(&printed), &fingerprint(&unrelated)), CardFreshness::Current);
    }
}
