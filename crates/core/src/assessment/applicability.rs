//! Which items apply: the preliminary question and the institution's facts decide.

use super::Slot;
use super::answer::{Answer, YesNo};
use crate::catalog::{Condition, Edition, Item};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the institution says about itself that makes items apply or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// A maintenance or supply contract with a system vendor exists.
    pub vendor_contract: bool,
}

impl Default for Facts {
    fn default() -> Self {
        Facts { vendor_contract: true }
    }
}

/// Whether an item is to be answered, and if not, why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    Applies,
    /// 対象外: the preliminary question was answered いいえ.
    NoSystem,
    /// 対象外: a condition of the item does not hold.
    ConditionUnmet(Condition),
}

impl Applicability {
    pub fn applies(self) -> bool {
        self == Applicability::Applies
    }

    /// The catalog key of the reason shown beside 対象外.
    pub fn reason_key(self) -> Option<&'static str> {
        match self {
            Applicability::Applies => None,
            Applicability::NoSystem => Some("assessment.na.no_system"),
            Applicability::ConditionUnmet(Condition::VendorContract) => {
                Some("assessment.na.no_vendor_contract")
            }
        }
    }
}

pub fn applicability(
    edition: &Edition,
    item: &Item,
    facts: Facts,
    answers: &BTreeMap<Slot, Answer>,
) -> Applicability {
    if item.gate {
        return Applicability::Applies;
    }
    let gate_no = edition
        .gate()
        .and_then(|g| answers.get(&Slot::new(&g.key, None)))
        .is_some_and(|a| a.value == Some(YesNo::No));
    if gate_no {
        return Applicability::NoSystem;
    }
    for condition in &item.applies_if {
        let holds = match condition {
            Condition::VendorContract => facts.vendor_contract,
        };
        if !holds {
            return Applicability::ConditionUnmet(*condition);
        }
    }
    Applicability::Applies
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin::edition;

    #[test]
    fn answering_no_to_the_preliminary_question_exempts_everything_else() {
        let e = edition("mhlw-checklist-r6-hospital").unwrap();
        let mut answers = BTreeMap::new();
        answers.insert(
            Slot::new("system.in_use", None),
            Answer { value: Some(YesNo::No), ..Default::default() },
        );
        let ledger = e.item("assets.ledger").unwrap();
        assert_eq!(applicability(e, ledger, Facts::default(), &answers), Applicability::NoSystem);
        assert_eq!(applicability(e, e.gate().unwrap(), Facts::default(), &answers), Applicability::Applies);
    }

    #[test]
    fn vendor_items_need_a_vendor_contract() {
        let e = edition("mhlw-checklist-r7-hospital").unwrap();
        let remote = e.item("vendor.remote_maintenance_checked").unwrap();
        let none = Facts { vendor_contract: false };
        assert_eq!(
            applicability(e, remote, none, &BTreeMap::new()),
            Applicability::ConditionUnmet(Condition::VendorContract)
        );
        assert!(applicability(e, remote, Facts::default(), &BTreeMap::new()).applies());
        assert!(applicability(e, e.item("assets.ledger").unwrap(), none, &BTreeMap::new()).applies());
    }
}
