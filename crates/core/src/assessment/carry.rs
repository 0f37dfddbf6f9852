//! Starting a year from the last one: answers follow their item's stable key into the new
//! edition, as drafts to be reconfirmed with a new 確認日.

use super::Slot;
use super::answer::{Answer, YesNo};
use crate::catalog::{Edition, ItemChange, Scope, diff};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why an item of the new edition deserves a second look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum CarryFlag {
    /// Not in last year's edition.
    New,
    /// Same requirement, but its wording, scopes, due year or conditions changed.
    Changed { fields: Vec<String> },
}

/// Carries `previous` answers (given for `from`) into `to`. Dates and targets are cleared,
/// because they must be this year's; everything carried is a draft.
pub fn carry_forward(
    from: &Edition,
    previous: &BTreeMap<Slot, Answer>,
    to: &Edition,
) -> (BTreeMap<Slot, Answer>, BTreeMap<String, CarryFlag>) {
    let mut flags = BTreeMap::new();
    for change in diff(from, to) {
        match change {
            ItemChange::Added { key, .. } => {
                flags.insert(key, CarryFlag::New);
            }
            ItemChange::Changed { key, fields, .. } => {
                let fields: Vec<String> =
                    fields.into_iter().filter(|f| *f != "number").map(str::to_owned).collect();
                if !fields.is_empty() {
                    flags.insert(key, CarryFlag::Changed { fields });
                }
            }
            ItemChange::Removed { .. } => {}
        }
    }
    let mut carried = BTreeMap::new();
    for item in &to.items {
        let old_slots = from.item(&item.key).map(|i| i.slots()).unwrap_or_default();
        for scope in item.slots() {
            if let Some(answer) = carried_answer(previous, &item.key, scope, &old_slots) {
                carried.insert(Slot::new(&item.key, scope), answer);
            }
        }
    }
    (carried, flags)
}

/// The answer for a slot: the same scope's; or, for a scope merged into 全般 (as the patch
/// item was in 令和7年度), はい only if every old scope said はい.
fn carried_answer(
    previous: &BTreeMap<Slot, Answer>,
    key: &str,
    scope: Option<Scope>,
    old_slots: &[Option<Scope>],
) -> Option<Answer> {
    let as_draft = |a: &Answer| Answer {
        value: a.value,
        confirmed: [None, None],
        target: None,
        note: a.note.clone(),
        confirmed_by: String::new(),
        draft: true,
    };
    if let Some(a) = previous.get(&Slot::new(key, scope)).filter(|a| !a.is_empty()) {
        return Some(as_draft(a));
    }
    if scope == Some(Scope::General) && !old_slots.is_empty() {
        let all_yes = old_slots
            .iter()
            .all(|s| previous.get(&Slot::new(key, *s)).is_some_and(|a| a.value == Some(YesNo::Yes)));
        if all_yes {
            return Some(Answer { value: Some(YesNo::Yes), draft: true, ..Answer::default() });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::builtin::edition;
    use time::macros::date;

    fn yes() -> Answer {
        Answer {
            value: Some(YesNo::Yes),
            confirmed: [Some(date!(2024 - 06 - 01)), None],
            ..Default::default()
        }
    }

    #[test]
    fn answers_follow_their_keys_as_drafts_without_dates() {
        let (r6, r7) =
            (edition("mhlw-checklist-r6-hospital").unwrap(), edition("mhlw-checklist-r7-hospital").unwrap());
        let mut prev = BTreeMap::new();
        prev.insert(Slot::new("assets.ledger", Some(Scope::General)), yes());
        let no = Answer {
            value: Some(YesNo::No),
            target: Some(date!(2025 - 03 - 01)),
            note: "更新予定".into(),
            ..Default::default()
        };
        prev.insert(Slot::new("access.logs", Some(Scope::Server)), no);
        let (carried, flags) = carry_forward(r6, &prev, r7);
        let ledger = &carried[&Slot::new("assets.ledger", Some(Scope::General))];
        assert_eq!((ledger.value, ledger.confirmed, ledger.draft), (Some(YesNo::Yes), [None, None], true));
        let logs = &carried[&Slot::new("access.logs", Some(Scope::Server))];
        assert_eq!((logs.value, logs.target, logs.note.as_str()), (Some(YesNo::No), None, "更新予定"));
        assert_eq!(flags.get("password.no_reuse"), Some(&CarryFlag::New));
        assert!(
            matches!(flags.get("patch.apply"), Some(CarryFlag::Changed { fields }) if fields.iter().any(|f| f == "scopes"))
        );
        assert!(!flags.contains_key("assets.ledger"), "a renumbering alone is no change");
    }

    #[test]
    fn merged_scopes_carry_yes_only_when_every_part_was_yes() {
        let (r6, r7) =
            (edition("mhlw-checklist-r6-hospital").unwrap(), edition("mhlw-checklist-r7-hospital").unwrap());
        let mut prev = BTreeMap::new();
        for s in [Scope::Server, Scope::Terminal, Scope::Network] {
            prev.insert(Slot::new("patch.apply", Some(s)), yes());
        }
        let (carried, _) = carry_forward(r6, &prev, r7);
        assert_eq!(carried[&Slot::new("patch.apply", Some(Scope::General))].value, Some(YesNo::Yes));
        prev.insert(
            Slot::new("patch.apply", Some(Scope::Network)),
            Answer { value: Some(YesNo::No), ..Default::default() },
        );
        let (carried, _) = carry_forward(r6, &prev, r7);
        assert!(!carried.contains_key(&Slot::new("patch.apply", Some(Scope::General))));
        prev.remove(&Slot::new("patch.apply", Some(Scope::Network)));
        let (carried, _) = carry_forward(r6, &prev, r7);
        assert!(
            !carried.contains_key(&Slot::new("patch.apply", Some(Scope::General))),
            "an unanswered part is no yes"
        );
    }
}
