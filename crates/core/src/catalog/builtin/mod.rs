//! The editions shipped inside the binary (`catalog/checklist/*.toml`). They are parsed once,
//! on first use; the tests make sure every one of them is valid, so a broken definition
//! never reaches a release.

use super::model::{Edition, Sheet};
use super::parse::parse_toml;
use std::sync::LazyLock;

macro_rules! builtin {
    ($($file:literal),* $(,)?) => {
        [$(($file, include_str!(concat!("../../../../../catalog/checklist/", $file)))),*]
    };
}

/// File name and text of every shipped edition, oldest first.
pub const FILES: [(&str, &str); 11] = builtin!(
    "r5-hospital.toml",
    "r5-pharmacy.toml",
    "r5-vendor.toml",
    "r6-hospital.toml",
    "r6-pharmacy.toml",
    "r6-vendor.toml",
    "r7-hospital.toml",
    "r7-pharmacy.toml",
    "r7-vendor.toml",
    "r8-hospital-pharmacy.toml",
    "r8-vendor.toml",
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
mod tests;
