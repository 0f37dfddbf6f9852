//! サイバー攻撃を想定したBCP: the ministry's 確認表 as a yearly self-check, and what it, the BCP
//! document and the drills say about checklist item `bcp.plan`.
//!
//! The 確認表 walks the phases 平時 → 検知 → 初動対応 → 復旧処理 → 事後対応; its items are data
//! here ([`ITEMS`]) with stable keys, each answered once a fiscal year as 済, 未 or 該当なし with
//! an evidence link (an entry of a register, whose attached files come with it) and a note.
//! Items marked essential are the ones without which the plan does not hold together.

pub mod card;
pub mod training;

use crate::date::FiscalYear;
use crate::message::{FieldError, Message};
use crate::register::{Choice, DRILL_KINDS, Record};
use crate::suggest::{Source, Suggested, insufficient, no, with_list, yes};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// The phases of the 確認表; 平時 is preparation, the other four follow an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BcpPhase {
    Normal,
    Detection,
    Initial,
    Recovery,
    Post,
}

impl BcpPhase {
    pub const ALL: [BcpPhase; 5] =
        [BcpPhase::Normal, BcpPhase::Detection, BcpPhase::Initial, BcpPhase::Recovery, BcpPhase::Post];

    pub fn code(self) -> &'static str {
        match self {
            BcpPhase::Normal => "normal",
            BcpPhase::Detection => "detection",
            BcpPhase::Initial => "initial",
            BcpPhase::Recovery => "recovery",
            BcpPhase::Post => "post",
        }
    }

    /// `bcp.phase.<code>`: the phase's name and what it is for.
    pub fn message_key(self) -> String {
        format!("bcp.phase.{}", self.code())
    }
}

/// One item of the 確認表.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BcpItem {
    /// Stable: answers are stored under it. Only ever add.
    pub key: &'static str,
    /// A short Japanese name, for reasons and lists.
    pub name_ja: &'static str,
    pub phase: BcpPhase,
    /// The section of the 確認表 this item comes from (several items share one).
    pub number: &'static str,
    /// 未 here makes the plan incomplete (`bcp.plan` いいえ).
    pub essential: bool,
}

impl BcpItem {
    /// `bcp.item.<key>`: what to confirm, in one sentence.
    pub fn message_key(&self) -> String {
        format!("bcp.item.{}", self.key)
    }
}

const fn item(
    key: &'static str,
    name_ja: &'static str,
    phase: BcpPhase,
    number: &'static str,
    essential: bool,
) -> BcpItem {
    BcpItem { key, name_ja, phase, number, essential }
}

/// The 確認表's items in its order.
pub const ITEMS: &[BcpItem] = &[
    item("normal.inventory", "機器の把握", BcpPhase::Normal, "1-1", true),
    item("normal.diagrams", "ネットワーク・システム構成図", BcpPhase::Normal, "1-1", false),
    item("normal.outage_impact", "停止時の影響の把握", BcpPhase::Normal, "1-1", true),
    item("normal.vulnerabilities", "脆弱性への対応", BcpPhase::Normal, "1-1", false),
    item("normal.contact_chart", "連絡体制図", BcpPhase::Normal, "1-2", true),
    item("normal.threat_information", "リスク検知のための情報収集", BcpPhase::Normal, "1-2", false),
    item("normal.drills", "訓練", BcpPhase::Normal, "1-2", true),
    item("normal.paper_manuals", "障害時・紙運用の手順", BcpPhase::Normal, "1-2", true),
    item("normal.offline_backups", "オフラインのバックアップ", BcpPhase::Normal, "1-2", true),
    item("normal.recovery_order", "復旧の順番", BcpPhase::Normal, "1-2", true),
    item("detection.reporting_route", "異常の報告経路", BcpPhase::Detection, "2-3", true),
    item("initial.investigation", "原因調査", BcpPhase::Initial, "3-1", false),
    item("initial.isolation", "ネットワークの切り離し", BcpPhase::Initial, "3", true),
    item("initial.report_executive", "経営層への報告と指示", BcpPhase::Initial, "3-4", true),
    item("initial.clinical_policy", "診療の継続方針", BcpPhase::Initial, "3-4", true),
    item("recovery.by_priority", "優先度に沿った復旧", BcpPhase::Recovery, "4-1", true),
    item("recovery.vendor_request", "事業者への復旧依頼", BcpPhase::Recovery, "4-2", false),
    item("recovery.evidence", "証拠の保全", BcpPhase::Recovery, "4", false),
    item("post.prevention", "再発防止策", BcpPhase::Post, "5-2", false),
    item("post.vendor_instruction", "事業者への再発防止の指示", BcpPhase::Post, "5-5", false),
    item("post.report_outside", "外部関係機関への報告", BcpPhase::Post, "5-6", true),
];

pub fn item_def(key: &str) -> Option<&'static BcpItem> {
    ITEMS.iter().find(|i| i.key == key)
}

/// 済, 未 or 該当なし.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Done,
    NotDone,
    NotApplicable,
}

impl ItemStatus {
    pub const ALL: [ItemStatus; 3] = [ItemStatus::Done, ItemStatus::NotDone, ItemStatus::NotApplicable];

    pub fn code(self) -> &'static str {
        match self {
            ItemStatus::Done => "done",
            ItemStatus::NotDone => "not_done",
            ItemStatus::NotApplicable => "not_applicable",
        }
    }

    pub fn parse(code: &str) -> Option<ItemStatus> {
        ItemStatus::ALL.into_iter().find(|s| s.code() == code.trim())
    }

    pub fn message_key(self) -> &'static str {
        match self {
            ItemStatus::Done => "bcp.status.done",
            ItemStatus::NotDone => "bcp.status.not_done",
            ItemStatus::NotApplicable => "bcp.status.not_applicable",
        }
    }
}

/// One item's answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ItemAnswer {
    pub status: Option<ItemStatus>,
    /// The register entry that shows it (its files come with it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<i64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A year's check: the BCP document it was made against and the answer per item key.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct BcpCheck {
    /// The documents register's entry of kind `bcp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<i64>,
    #[serde(default)]
    pub items: BTreeMap<String, ItemAnswer>,
}

/// A note may be this long.
pub const NOTE_MAX: usize = 500;

impl BcpCheck {
    pub fn answer(&self, key: &str) -> Option<&ItemAnswer> {
        self.items.get(key)
    }

    pub fn status(&self, key: &str) -> Option<ItemStatus> {
        self.items.get(key).and_then(|a| a.status)
    }

    /// Items without a status yet.
    pub fn unanswered(&self) -> Vec<&'static BcpItem> {
        ITEMS.iter().filter(|i| self.status(i.key).is_none()).collect()
    }

    /// Essential items answered 未.
    pub fn essential_open(&self) -> Vec<&'static BcpItem> {
        ITEMS.iter().filter(|i| i.essential && self.status(i.key) == Some(ItemStatus::NotDone)).collect()
    }

    pub fn is_complete(&self) -> bool {
        self.unanswered().is_empty()
    }

    /// Reads the form (`document`, and per item `status.<key>`, `evidence.<key>`, `note.<key>`),
    /// naming every problem: an unknown status, a note too long, and 該当なし without a note
    /// saying why it does not apply.
    pub fn from_form(get: &dyn Fn(&str) -> String) -> Result<BcpCheck, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut check = BcpCheck { document: id_of(&get("document")), items: BTreeMap::new() };
        for item in ITEMS {
            let raw = get(&format!("status.{}", item.key));
            let status = match raw.trim() {
                "" => None,
                code => match ItemStatus::parse(code) {
                    Some(s) => Some(s),
                    None => {
                        errors.push(FieldError::new(item.key, Message::new("error.choose_one")));
                        None
                    }
                },
            };
            let note = get(&format!("note.{}", item.key)).trim().to_owned();
            if note.chars().count() > NOTE_MAX {
                errors.push(FieldError::new(item.key, Message::new("error.too_long").arg("max", NOTE_MAX)));
            } else if status == Some(ItemStatus::NotApplicable) && note.is_empty() {
                errors.push(FieldError::new(item.key, Message::new("bcp.error.reason_required")));
            }
            let evidence = id_of(&get(&format!("evidence.{}", item.key)));
            if status.is_some() || evidence.is_some() || !note.is_empty() {
                check.items.insert(item.key.to_owned(), ItemAnswer { status, evidence, note });
            }
        }
        if errors.is_empty() { Ok(check) } else { Err(errors) }
    }

    /// Every register entry the check points at, for the caller to confirm they exist.
    pub fn linked_entries(&self) -> Vec<i64> {
        self.document.into_iter().chain(self.items.values().filter_map(|a| a.evidence)).collect()
    }
}

fn id_of(raw: &str) -> Option<i64> {
    raw.trim().parse::<i64>().ok().filter(|id| *id > 0)
}

/// Drills (訓練 register) held in the fiscal year, with how many were 机上 and 実動.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DrillCount {
    pub tabletop: usize,
    pub functional: usize,
}

impl DrillCount {
    pub fn total(self) -> usize {
        self.tabletop + self.functional
    }
}

/// A drill run in the incident module (an incident marked 訓練): its number and the day it began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DrillRun {
    pub number: i64,
    pub held_on: Date,
}

/// The year's drills: the register's entries, and every drill run in the incident module as one
/// 実動訓練 (the response was played through the flowchart, step by step), without a second
/// recording. A register entry that names a run by its number (「インシデント番号」) is that run's
/// record, so the run is counted once, as the entry says.
pub fn drills_in_year(drills: &[Record], runs: &[DrillRun], year: FiscalYear) -> DrillCount {
    let mut count = DrillCount::default();
    for d in drills.iter().filter(|d| d.date("held_on").is_some_and(|on| year.contains(on))) {
        match Choice::by_code(DRILL_KINDS, d.text("kind")).map(|c| c.code) {
            Some("functional") => count.functional += 1,
            _ => count.tabletop += 1,
        }
    }
    count.functional += unrecorded_runs(drills, runs).filter(|r| year.contains(r.held_on)).count();
    count
}

/// The drill runs no register entry names by number.
pub fn unrecorded_runs<'a>(drills: &'a [Record], runs: &'a [DrillRun]) -> impl Iterator<Item = &'a DrillRun> {
    runs.iter().filter(|run| {
        let number = run.number.to_string();
        !drills.iter().any(|d| d.text("incident").trim().trim_start_matches('#') == number)
    })
}

/// Checklist item `bcp.plan` (3-(3)): はい when a BCP document is on record and the year's
/// check is complete with no essential item 未; いいえ when an essential item is 未;
/// otherwise 判断材料不足 (no document, no check, or items not answered yet). The year's drills
/// are named as a further reason: they are how the plan's procedures were confirmed.
pub fn bcp_status(
    bcp_documents: &[Record],
    check: Option<&BcpCheck>,
    drills: DrillCount,
    year: FiscalYear,
) -> Suggested {
    let mut out = judge(bcp_documents, check);
    out.reasons.push(
        Message::new("suggest.reason.bcp_drills")
            .arg("tabletop", drills.tabletop)
            .arg("functional", drills.functional),
    );
    out.source = Some(Source::BcpCheck { fiscal_year: year.0 });
    out
}

fn judge(bcp_documents: &[Record], check: Option<&BcpCheck>) -> Suggested {
    if let Some(check) = check {
        let open: Vec<String> = check.essential_open().iter().map(|i| i.number_and_key()).collect();
        if !open.is_empty() {
            return no(with_list(Message::new("suggest.reason.bcp_items_open"), &open), open);
        }
    }
    let Some(document) = bcp_documents.first() else {
        return insufficient(
            Message::new("suggest.reason.document_missing").arg("kind", "BCP（事業継続計画）"),
            Vec::new(),
        );
    };
    let Some(check) = check else {
        return insufficient(Message::new("suggest.reason.bcp_not_checked"), Vec::new());
    };
    let unanswered: Vec<String> = check.unanswered().iter().map(|i| i.number_and_key()).collect();
    if !unanswered.is_empty() {
        return insufficient(
            with_list(Message::new("suggest.reason.bcp_incomplete"), &unanswered),
            unanswered,
        );
    }
    let mut out = yes(Message::new("suggest.reason.bcp_checked")
        .arg("title", document.text("title"))
        .arg("count", ITEMS.len()));
    out.records = bcp_documents.iter().map(|d| d.text("title").to_owned()).collect();
    out
}

impl BcpItem {
    /// The item's own 項番, unique: its phase's number and its place in that phase (1-1 … 1-10,
    /// 2-1, 3-1 …).
    pub fn item_number(&self) -> String {
        let phase = BcpPhase::ALL.iter().position(|p| *p == self.phase).unwrap_or(0) + 1;
        let place =
            ITEMS.iter().filter(|i| i.phase == self.phase).position(|i| i.key == self.key).unwrap_or(0) + 1;
        format!("{phase}-{place}")
    }

    /// `1-7 訓練`: how a reason names the item.
    fn number_and_key(&self) -> String {
        format!("{} {}", self.item_number(), self.name_ja)
    }
}

#[cfg(test)]
mod tests;
