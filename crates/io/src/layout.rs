//! A file's layout as confirmed once: the sheet, the header row and which field each column
//! holds. It is remembered per institution and applied to the next file whose headers are the
//! same, and it can be kept as a mapping file (`iryosec-mapping`, JSON) to reuse from the
//! command line.

use crate::finder::{KnownHeader, TableFound};
use crate::mapping::{ColumnMapping, HeaderWords, header_key};
use iryosec_core::Message;
use serde::{Deserialize, Serialize};
use std::hash::Hash;

pub const FORMAT: &str = "iryosec-mapping";
pub const VERSION: u32 = 1;

/// One column: its header as the file has it, and the field's code (`None`: not taken).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutColumn {
    pub header: String,
    pub field: Option<String>,
}

/// Where the table was and how its columns were read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    pub format: String,
    pub version: u32,
    /// What the file was imported as: `ledger`, a register's code, `accounts` or `roster`.
    pub import: String,
    pub sheet: Option<String>,
    pub header_row: u32,
    pub columns: Vec<LayoutColumn>,
}

impl Layout {
    /// The layout an import used, to remember.
    pub fn of<T: Copy + Eq + Hash>(
        import: &str,
        found: &TableFound,
        mapping: &ColumnMapping<T>,
        words: &HeaderWords<T>,
    ) -> Layout {
        let columns = found
            .headers
            .iter()
            .enumerate()
            .map(|(i, h)| LayoutColumn {
                header: h.clone(),
                field: mapping.fields.get(i).copied().flatten().map(|f| words.code(f).to_owned()),
            })
            .collect();
        Layout {
            format: FORMAT.to_owned(),
            version: VERSION,
            import: import.to_owned(),
            sheet: found.sheet.clone(),
            header_row: found.header_row,
            columns,
        }
    }

    /// Its headers' keys, which a file must have for the layout to apply by itself.
    pub fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self.columns.iter().map(|c| header_key(&c.header)).collect();
        while keys.last().is_some_and(String::is_empty) {
            keys.pop();
        }
        keys
    }

    /// What identifies the headers it applies to: their keys, joined.
    pub fn signature(&self) -> String {
        self.keys().join("\u{1f}")
    }

    pub fn known_header(&self) -> KnownHeader {
        KnownHeader { sheet: self.sheet.clone(), header_row: self.header_row, keys: self.keys() }
    }

    /// Whether the file's headers are this layout's.
    pub fn fits(&self, headers: &[String]) -> bool {
        let mut theirs: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
        while theirs.last().is_some_and(String::is_empty) {
            theirs.pop();
        }
        theirs == self.keys()
    }

    /// The mapping file: pretty JSON, readable and editable by a person.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Reads a mapping file (within the JSON limits) made for `import`.
    pub fn from_json(bytes: &[u8], import: &str) -> Result<Layout, Message> {
        let value = crate::json::parse(bytes)?;
        crate::json::check_envelope(&value, FORMAT, VERSION, "io.error.not_mapping")?;
        let layout: Layout = crate::json::shaped(value)?;
        if layout.import != import {
            return Err(Message::new("io.error.mapping_for_other").arg("import", &layout.import));
        }
        Ok(layout)
    }
}
