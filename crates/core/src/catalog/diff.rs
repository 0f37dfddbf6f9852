//! What changed between two editions, matched by stable key.

use super::model::{Edition, Item};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ItemChange {
    Added {
        key: String,
        number: String,
        title: String,
    },
    Removed {
        key: String,
        number: String,
        title: String,
    },
    /// Same key; `fields` names what differs (number, title, scopes, due, applies_if).
    Changed {
        key: String,
        from_number: String,
        to_number: String,
        fields: Vec<&'static str>,
    },
}

/// What differs between two versions of one requirement. Due years are compared relative to
/// each edition's own year, so "due in the edition's year" is no change from one year to the next.
fn changed_fields(from: &Edition, a: &Item, to: &Edition, b: &Item) -> Vec<&'static str> {
    let mut f = Vec::new();
    if a.number != b.number {
        f.push("number");
    }
    if a.title != b.title {
        f.push("title");
    }
    if a.scopes != b.scopes {
        f.push("scopes");
    }
    let relative = |e: &Edition, i: &Item| {
        let by_scope: Vec<_> = i.due_by_scope.iter().map(|(s, y)| (*s, y - e.fiscal_year)).collect();
        (i.due - e.fiscal_year, by_scope)
    };
    if relative(from, a) != relative(to, b) {
        f.push("due");
    }
    if a.applies_if != b.applies_if || a.gate != b.gate {
        f.push("applies_if");
    }
    f
}

/// Items added in `to`, removed from `from`, and changed, in the order of the forms.
pub fn diff(from: &Edition, to: &Edition) -> Vec<ItemChange> {
    let mut out = Vec::new();
    for b in &to.items {
        match from.item(&b.key) {
            None => out.push(ItemChange::Added {
                key: b.key.clone(),
                number: b.number.clone(),
                title: b.title.clone(),
            }),
            Some(a) => {
                let fields = changed_fields(from, a, to, b);
                if !fields.is_empty() {
                    out.push(ItemChange::Changed {
                        key: b.key.clone(),
                        from_number: a.number.clone(),
                        to_number: b.number.clone(),
                        fields,
                    });
                }
            }
        }
    }
    for a in from.items.iter().filter(|a| to.item(&a.key).is_none()) {
        out.push(ItemChange::Removed {
            key: a.key.clone(),
            number: a.number.clone(),
            title: a.title.clone(),
        });
    }
    out
}
