//! The survey editions shipped inside the binary (`catalog/survey/*.toml`). They are parsed
//! once, on first use; the tests make sure every one of them is valid, so a broken
//! definition never reaches a release.

use super::model::Edition;
use super::parse::parse_toml;
use std::sync::LazyLock;

macro_rules! builtin {
    ($($file:literal),* $(,)?) => {
        [$(($file, include_str!(concat!("../../../../catalog/survey/", $file)))),*]
    };
}

/// File name and text of every shipped edition, oldest first.
pub const FILES: [(&str, &str); 2] = builtin!("fy2022-hospital.toml", "fy2023-hospital.toml");

static EDITIONS: LazyLock<Vec<Edition>> =
    LazyLock::new(|| FILES.iter().filter_map(|(_, text)| parse_toml(text).ok()).collect());

/// Every shipped edition, oldest first.
pub fn editions() -> &'static [Edition] {
    &EDITIONS
}

pub fn edition(id: &str) -> Option<&'static Edition> {
    EDITIONS.iter().find(|e| e.id == id)
}
