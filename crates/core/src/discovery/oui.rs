//! The maker of a network card from its MAC address's first three bytes, from the small table
//! in `catalog/discovery/oui.toml` (makers common on hospital networks, after IEEE's listing).

use serde::Deserialize;
use std::collections::HashMap;
use std::sync::LazyLock;

pub const OUI_TOML: &str = include_str!("../../../../catalog/discovery/oui.toml");

#[derive(Deserialize)]
struct Table {
    vendors: Vec<Vendor>,
}

#[derive(Deserialize)]
struct Vendor {
    name: String,
    prefixes: Vec<String>,
}

static TABLE: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    let table: Table = toml::from_str(OUI_TOML).unwrap_or(Table { vendors: Vec::new() });
    table
        .vendors
        .into_iter()
        .flat_map(|v| v.prefixes.into_iter().map(move |p| (p.to_uppercase(), v.name.clone())))
        .collect()
});

/// The maker, for a normalised MAC (`AA:BB:CC:DD:EE:FF`).
pub fn vendor(mac: &str) -> Option<&'static str> {
    TABLE.get(mac.get(..8)?).map(String::as_str)
}

/// A locally administered address: set by software (a phone's private Wi-Fi address, a
/// virtual machine), so it names no maker.
pub fn is_local(mac: &str) -> bool {
    mac.get(..2).and_then(|b| u8::from_str_radix(b, 16).ok()).is_some_and(|b| b & 0b10 != 0)
}

/// Every prefix in the table (for the test that it reads).
pub fn len() -> usize {
    TABLE.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_and_names_makers() {
        assert!(len() > 60);
        assert_eq!(vendor("00:09:0F:12:34:56"), Some("Fortinet"));
        assert_eq!(vendor("12:34:56:00:00:01"), None);
        assert!(is_local("DA:A1:19:00:00:01") && !is_local("00:09:0F:12:34:56"));
    }
}
