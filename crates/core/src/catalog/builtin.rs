//! The editions shipped inside the binary (`catalog/checklist/*.toml`). They are parsed once,
//! on first use; the tests make sure every one of them is valid, so a broken definition
//! never reaches a release.

use super::model::{Edition, Sheet};
use super::parse::parse_toml;
use std::sync::LazyLock;

macro_rules! builtin {
    ($($file:literal),* $(,)?) => {
        [$(($file, include_str!(concat!("../../../../catalog/checklist/", $file)))),*]
    };
}

/// File name and text of every shipped edition, oldest first.
pub const FILES: [(&str, &str); 9] = builtin!(
    "r5-hospital.toml",
    "r5-pharmacy.toml",
    "r5-vendor.toml",
    "r6-hospital.toml",
    "r6-pharmacy.toml",
    "r6-vendor.toml",
    "r7-hospital.toml",
    "r7-pharmacy.toml",
    "r7-vendor.toml",
);

static EDITIONS: LazyLock<Vec<Edition>> =
    LazyLock::new(|| FILES.iter().filter_map(|(_, text)| parse_toml(text).ok()).collect());

/// Every shipped edition.
pub fn editions() -> &'static [Edition] {
    &EDITIONS
}

pub fn edition(id: &str) -> Option<&'static Edition> {
    EDITIONS.iter().find(|e| e.id == id)
}

/// The newest shipped edition of a sheet for a fiscal year (the one in force then).
pub fn for_fiscal_year(sheet: Sheet, fiscal_year: i32) -> Option<&'static Edition> {
    EDITIONS.iter().filter(|e| e.sheet == sheet && e.fiscal_year <= fiscal_year).max_by_key(|e| e.fiscal_year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{Scope, Verification, diff};

    #[test]
    fn every_shipped_edition_is_valid() {
        for (file, text) in FILES {
            if let Err(errors) = parse_toml(text) {
                panic!("{file}: {errors:?}");
            }
        }
        assert_eq!(editions().len(), 9);
    }

    #[test]
    fn ids_name_year_and_sheet() {
        for e in editions() {
            let year = match e.fiscal_year {
                2023 => "r5",
                2024 => "r6",
                2025 => "r7",
                other => panic!("unexpected year {other}"),
            };
            assert_eq!(e.id, format!("mhlw-checklist-{year}-{}", e.sheet.code()));
        }
    }

    #[test]
    fn the_r6_hospital_edition_has_the_gate_and_fourteen_items() {
        let e = edition("mhlw-checklist-r6-hospital").unwrap();
        assert_eq!(e.items.len(), 14);
        assert_eq!(e.gate().map(|g| g.title.as_str()), Some("医療情報システムを導入、運用している。"));
        assert_eq!(e.confirmations, 2);
    }

    #[test]
    fn r5_marks_terminal_pcs_for_the_next_year() {
        let e = edition("mhlw-checklist-r5-hospital").unwrap();
        let accounts = e.item("access.remove_unneeded_accounts").unwrap();
        assert_eq!(accounts.number, "2-(5)");
        assert_eq!(accounts.due_for(Some(Scope::Server)), 2023);
        assert_eq!(accounts.due_for(Some(Scope::Terminal)), 2024);
        assert!(e.gate().is_none(), "the preliminary question came with R6");
    }

    #[test]
    fn r7_adds_five_items_and_merges_the_patch_scopes() {
        let r6 = edition("mhlw-checklist-r6-hospital").unwrap();
        let r7 = edition("mhlw-checklist-r7-hospital").unwrap();
        let changes = diff(r6, r7);
        let added: Vec<_> = changes
            .iter()
            .filter_map(|c| match c {
                crate::catalog::ItemChange::Added { key, .. } => Some(key.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(
            added,
            vec![
                "password.length_and_rotation",
                "password.no_reuse",
                "media.usb_restriction",
                "auth.two_factor",
                "policy.operation_rules"
            ]
        );
        assert!(
            !changes.iter().any(|c| matches!(c, crate::catalog::ItemChange::Removed { .. })),
            "nothing was removed"
        );
        assert_eq!(r7.item("patch.apply").unwrap().scopes, vec![Scope::General]);
        assert_eq!(r7.item("auth.two_factor").unwrap().due, 2027);
    }

    #[test]
    fn unverified_items_say_why() {
        for e in editions() {
            for i in e.items.iter().filter(|i| i.verification == Verification::Unverified) {
                assert!(!i.source_note.is_empty(), "{} {} has no note", e.id, i.number);
            }
            assert!(e.items.iter().all(|i| !i.guidance.is_empty()), "{}", e.id);
        }
    }

    #[test]
    fn vendor_sheets_carry_sections_one_and_two() {
        let v = edition("mhlw-checklist-r7-vendor").unwrap();
        assert!(v.items.iter().all(|i| i.section == "1" || i.section == "2"));
        assert!(v.item("vendor.mds_sds_obtained").unwrap().title.starts_with("医療機関に"));
    }

    #[test]
    fn the_edition_in_force_follows_the_fiscal_year() {
        assert_eq!(for_fiscal_year(Sheet::Hospital, 2025).map(|e| e.fiscal_year), Some(2025));
        assert_eq!(for_fiscal_year(Sheet::Hospital, 2026).map(|e| e.fiscal_year), Some(2025));
        assert_eq!(for_fiscal_year(Sheet::Pharmacy, 2023).map(|e| e.fiscal_year), Some(2023));
        assert_eq!(for_fiscal_year(Sheet::Hospital, 2022), None);
    }
}
