//! Suggested answers grounded in the registers: systems in use, the security officer and the
//! contact chart, vendors' MDS/SDS, and backups judged against the guideline.

use super::{CONTACT_ROLES, Choice, Record};
use crate::data_backup::{BackupPlan, evaluate};
use crate::message::Message;
use crate::suggest::{Suggested, Suggestion, insufficient, no, suggested, with_list, yes};
use std::collections::BTreeMap;
use time::Date;

/// What the registers hold, loaded together.
#[derive(Debug, Clone, Default)]
pub struct Registers {
    pub systems: Vec<Record>,
    pub vendors: Vec<Record>,
    pub backups: Vec<Record>,
    pub restore_tests: Vec<Record>,
    pub contacts: Vec<Record>,
    pub documents: Vec<Record>,
    /// 代替運用: how each department works on paper.
    pub paper_operations: Vec<Record>,
    pub drills: Vec<Record>,
    /// Drills run in the incident module; they count as drills too (`bcp::drills_in_year`).
    pub drill_runs: Vec<crate::bcp::DrillRun>,
    /// 外部接続: VPN, remote-maintenance lines and the other ways out.
    pub connections: Vec<Record>,
    /// Returned 事業者確認用 sheets: vendor name → item key → answered はい (every scope).
    pub vendor_answers: BTreeMap<String, BTreeMap<String, bool>>,
}

/// The roles a contact chart cannot do without; the last two are alternatives.
const NEEDED_ROLES: [&[&str]; 5] =
    [&["executive"], &["security_officer"], &["system_admin"], &["vendor_support"], &["police"]];
const AUTHORITY: [&str; 2] = ["mhlw", "prefecture"];

pub fn systems_in_use(r: &Registers) -> Suggested {
    if r.systems.is_empty() {
        insufficient(Message::new("suggest.reason.no_systems"), Vec::new())
    } else {
        yes(Message::new("suggest.reason.systems_registered").arg("count", r.systems.len()))
    }
}

pub fn security_officer(r: &Registers) -> Suggested {
    let officers: Vec<String> = r
        .contacts
        .iter()
        .filter(|c| c.text("role") == "security_officer")
        .map(|c| c.text("name").to_owned())
        .collect();
    match officers.first() {
        Some(name) => yes(Message::new("suggest.reason.officer_named").arg("name", name)),
        None => insufficient(Message::new("suggest.reason.officer_missing"), Vec::new()),
    }
}

pub fn contact_chart(r: &Registers) -> Suggested {
    if r.contacts.is_empty() {
        return no(Message::new("suggest.reason.chart_empty"), Vec::new());
    }
    let has = |role: &str| r.contacts.iter().any(|c| c.text("role") == role);
    let mut missing: Vec<String> = NEEDED_ROLES
        .iter()
        .filter(|alternatives| !alternatives.iter().any(|role| has(role)))
        .filter_map(|alternatives| alternatives.first().and_then(|code| Choice::by_code(CONTACT_ROLES, code)))
        .map(|c| c.ja.to_owned())
        .collect();
    if !AUTHORITY.iter().any(|role| has(role)) {
        missing.push("厚生労働省 または 都道府県・保健所".to_owned());
    }
    if !missing.is_empty() {
        return no(with_list(Message::new("suggest.reason.chart_roles_missing"), &missing), missing);
    }
    let unreachable: Vec<String> = r
        .contacts
        .iter()
        .filter(|c| {
            c.text("phone").is_empty() && c.text("phone_after_hours").is_empty() && c.text("email").is_empty()
        })
        .map(|c| c.text("name").to_owned())
        .collect();
    if !unreachable.is_empty() {
        return no(with_list(Message::new("suggest.reason.chart_unreachable"), &unreachable), unreachable);
    }
    yes(Message::new("suggest.reason.chart_complete").arg("count", r.contacts.len()))
}

/// Every vendor named by a system must have handed over its MDS/SDS.
pub fn mds_sds(r: &Registers) -> Suggested {
    if r.systems.is_empty() {
        return insufficient(Message::new("suggest.reason.no_systems"), Vec::new());
    }
    let mut named: Vec<&str> = r.systems.iter().flat_map(|s| s.list("vendors")).collect();
    named.sort_unstable();
    named.dedup();
    if named.is_empty() {
        return insufficient(Message::new("suggest.reason.no_vendors_named"), Vec::new());
    }
    let received = |name: &str| {
        r.vendors.iter().any(|v| v.text("name") == name && v.date("mds_sds_received_on").is_some())
    };
    let missing: Vec<String> = named.iter().filter(|n| !received(n)).map(|n| (*n).to_owned()).collect();
    if missing.is_empty() {
        yes(Message::new("suggest.reason.mds_all").arg("count", named.len()))
    } else {
        no(with_list(Message::new("suggest.reason.mds_missing"), &missing), missing)
    }
}

/// Systems that handle patient information (or every system, when none says) need backups
/// that meet the guideline.
pub fn backups(r: &Registers, today: Date) -> Suggested {
    let mut systems: Vec<&str> =
        r.systems.iter().filter(|s| s.flag("patient_info") == Some(true)).map(|s| s.text("name")).collect();
    if systems.is_empty() {
        systems = r.systems.iter().map(|s| s.text("name")).collect();
    }
    if systems.is_empty() {
        systems = r.backups.iter().map(|b| b.text("system")).collect();
        systems.sort_unstable();
        systems.dedup();
    }
    if systems.is_empty() {
        return insufficient(Message::new("suggest.reason.no_backups"), Vec::new());
    }
    let mut failing = Vec::new();
    let mut reasons = Vec::new();
    for system in systems {
        let plan = BackupPlan::from_registers(system, &r.backups, &r.restore_tests);
        let Some(plan) = plan else {
            failing.push(system.to_owned());
            reasons.push(Message::new("suggest.reason.backup_none").arg("system", system));
            continue;
        };
        let unmet: Vec<_> = evaluate(&plan, today).into_iter().filter(|v| !v.met).collect();
        if !unmet.is_empty() {
            failing.push(system.to_owned());
            reasons.extend(unmet.into_iter().map(|v| v.reason));
        }
    }
    if failing.is_empty() {
        yes(Message::new("suggest.reason.backup_ok"))
    } else {
        suggested(Suggestion::No, reasons, failing)
    }
}

/// Returned vendor sheets speak to the same item: a いいえ makes the item いいえ; はい is noted.
pub fn with_vendor_answers(key: &str, base: Suggested, r: &Registers) -> Suggested {
    let said = |wanted: bool| -> Vec<String> {
        r.vendor_answers.iter().filter(|(_, a)| a.get(key) == Some(&wanted)).map(|(v, _)| v.clone()).collect()
    };
    let (noes, yeses) = (said(false), said(true));
    if !noes.is_empty() {
        let mut reasons = vec![with_list(Message::new("suggest.reason.vendor_no"), &noes)];
        reasons.extend(base.reasons);
        let mut records = base.records;
        records.extend(noes);
        return Suggested { suggestion: Suggestion::No, reasons, records, ..base };
    }
    let mut out = base;
    if !yeses.is_empty() {
        out.reasons.push(with_list(Message::new("suggest.reason.vendor_yes"), &yeses));
    }
    out
}
