//! Making an edition in the editor: a new fiscal year's edition started from an earlier one,
//! and the changes a person makes to its items. Each change is checked for its own fields here;
//! the whole edition is checked by [`super::validate`] before it is published.

use super::model::{Condition, Edition, Item, Scope, Sheet, Verification};
use crate::message::{FieldError, Message};

/// A new edition for `fiscal_year` and `sheet` with the items of `source`: the same stable keys
/// (answers carry across by them), due years moved by the years between, no publication date
/// (the ministry's is not known yet), and every check of the items against the form cleared,
/// since they were checked against another year's form. The copy is the institution's own
/// transcription of the ministry's form, so it is not iryosec's provisional reconstruction.
pub fn start_from(source: &Edition, fiscal_year: i32, sheet: Sheet, id: String) -> Edition {
    let shift = fiscal_year - source.fiscal_year;
    let title = source
        .title
        .replace(&reiwa(source.fiscal_year), &reiwa(fiscal_year))
        .replace(source.sheet.name_ja(), sheet.name_ja());
    let items = source
        .items
        .iter()
        .map(|i| Item {
            due: i.due + shift,
            due_by_scope: i.due_by_scope.iter().map(|(s, y)| (*s, y + shift)).collect(),
            verification: if shift == 0 { i.verification } else { Verification::Inferred },
            source_note: format!("{} の {} から引き継いだ文言。", source.title, i.number),
            checked_by: String::new(),
            checked_on: String::new(),
            ..i.clone()
        })
        .collect();
    Edition {
        id,
        title,
        fiscal_year,
        sheet,
        published: String::new(),
        provisional: false,
        source: format!("{}（{}）をもとに編集。", source.title, source.id),
        note: String::new(),
        official_file: String::new(),
        official_sha256: String::new(),
        items,
        ..source.clone()
    }
}

/// 「令和N年度」 as the ministry's titles print it.
fn reiwa(fiscal_year: i32) -> String {
    format!("令和{}年度", fiscal_year - 2018)
}

/// The fields of one item as the editor's form sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ItemFields {
    pub number: String,
    pub key: String,
    pub section: String,
    pub title: String,
    pub scopes: Vec<Scope>,
    pub due: String,
    pub vendor_contract: bool,
    pub gate: bool,
    pub guidance: String,
}

impl ItemFields {
    pub fn of(item: &Item) -> ItemFields {
        ItemFields {
            number: item.number.clone(),
            key: item.key.clone(),
            section: item.section.clone(),
            title: item.title.clone(),
            scopes: item.scopes.clone(),
            due: item.due.to_string(),
            vendor_contract: item.applies_if.contains(&Condition::VendorContract),
            gate: item.gate,
            guidance: item.guidance.clone(),
        }
    }
}

/// The item the fields describe, built on `base` (what the form does not show is kept). A
/// change of wording or number means the item is no longer the one a person checked.
pub fn item_from_fields(base: &Item, f: &ItemFields) -> Result<Item, Vec<FieldError>> {
    let due = f
        .due
        .trim()
        .parse::<i32>()
        .map_err(|_| vec![FieldError::new("due", Message::new("catalog.error.due_not_year"))])?;
    let mut item = Item {
        number: f.number.trim().to_owned(),
        key: f.key.trim().to_owned(),
        section: f.section.trim().to_owned(),
        title: f.title.trim().to_owned(),
        scopes: f.scopes.clone(),
        due,
        applies_if: if f.vendor_contract { vec![Condition::VendorContract] } else { Vec::new() },
        gate: f.gate,
        guidance: f.guidance.trim().to_owned(),
        ..base.clone()
    };
    item.due_by_scope.retain(|s, _| item.scopes.contains(s));
    if item.number != base.number || item.title != base.title {
        item.checked_by.clear();
        item.checked_on.clear();
    }
    Ok(item)
}

/// A new, empty item of a section, placed after that section's last item.
pub fn add_item(edition: &mut Edition, item: Item) -> usize {
    let at =
        edition.items.iter().rposition(|i| i.section == item.section).map_or(edition.items.len(), |p| p + 1);
    edition.items.insert(at, item);
    at
}

/// The edition as it is published: an item a named person checked against the official form
/// is verified against the final text; the others say what they said.
pub fn for_publication(draft: &Edition) -> Edition {
    let mut edition = draft.clone();
    for item in edition.items.iter_mut().filter(|i| i.is_checked()) {
        item.verification = Verification::Final;
    }
    edition
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{builtin, validate};

    fn r7() -> &'static Edition {
        builtin::edition("mhlw-checklist-r7-hospital").unwrap()
    }

    #[test]
    fn a_new_year_keeps_keys_moves_due_years_and_renames() {
        let e = start_from(r7(), 2026, Sheet::HospitalPharmacy, "r8-copy".into());
        assert!(e.title.contains("令和8年度") && e.title.ends_with("医療機関・薬局確認用"), "{}", e.title);
        let keys = |e: &Edition| e.items.iter().map(|i| i.key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&e), keys(r7()));
        assert_eq!(e.items[1].due, r7().items[1].due + 1);
        assert!(e.items.iter().all(|i| i.verification == Verification::Inferred && !i.is_checked()));
        assert!(validate(&e).is_empty(), "{:?}", validate(&e));
    }

    #[test]
    fn a_checked_item_is_published_as_final_and_rewording_clears_the_check() {
        let mut e = start_from(r7(), 2026, Sheet::Hospital, "r8-copy".into());
        e.items[1].checked_by = "佐藤".into();
        e.items[1].checked_on = "2026-06-10".into();
        let published = for_publication(&e);
        assert_eq!(published.items[1].verification, Verification::Final);
        assert_eq!(published.items_not_final().len(), e.items.len() - 1);
        let mut f = ItemFields::of(&e.items[1]);
        f.title = "別の文言".into();
        let changed = item_from_fields(&e.items[1], &f).unwrap();
        assert!(!changed.is_checked());
        f.due = "来年".into();
        assert_eq!(item_from_fields(&e.items[1], &f).unwrap_err()[0].field, "due");
    }
}
