//! The ministry's published checklist files, known by SHA-256 (`catalog/official/`), so a
//! workbook a person imports can be named as the official one, or said not to be.

use super::model::Sheet;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::sync::LazyLock;

const FILES_TOML: &str = include_str!("../../../../catalog/official/checklist-files.toml");

/// One file the ministry published.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialFile {
    /// The file name on the ministry's site (`001716187.xlsx`).
    pub name: String,
    pub what: String,
    pub fiscal_year: i32,
    #[serde(default)]
    pub sheet: Option<Sheet>,
    pub bytes: u64,
    pub sha256: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Table {
    source: String,
    files: Vec<OfficialFile>,
}

/// The table is checked by a test; a broken one would recognise nothing rather than stop.
static TABLE: LazyLock<Table> = LazyLock::new(|| {
    toml::from_str(FILES_TOML).unwrap_or_else(|_| Table { source: String::new(), files: Vec::new() })
});

/// Where the table of known files comes from.
pub fn source() -> &'static str {
    &TABLE.source
}

/// Every known official file.
pub fn files() -> &'static [OfficialFile] {
    &TABLE.files
}

/// The SHA-256 of some bytes, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// The official file these bytes are, if they are one.
pub fn recognise(bytes: &[u8]) -> Option<&'static OfficialFile> {
    let digest = sha256_hex(bytes);
    files().iter().find(|f| f.sha256 == digest && f.bytes == bytes.len() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_reads_and_names_its_source() {
        assert!(toml::from_str::<Table>(FILES_TOML).is_ok());
        assert_eq!(files().len(), 4);
        assert!(source().contains("0000516275_00006"));
        let merged = files().iter().find(|f| f.name == "001716187.xlsx").map(|f| f.sheet);
        assert_eq!(merged, Some(Some(Sheet::HospitalPharmacy)));
    }

    #[test]
    fn other_bytes_are_not_recognised() {
        assert_eq!(recognise(b"PK\x03\x04 something else"), None);
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
