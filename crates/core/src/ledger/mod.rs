//! 情報機器台帳: the asset ledger. Every server, PC, network device, medical device and
//! printer that the medical information systems use, with the facts the checklist asks about.
//!
//! Fields are described once ([`Field`]) and drive the form, the import's header matching,
//! the export columns and validation alike.

mod field;
mod parse;

pub use field::{AssetKind, Field, PatchStatus, PatchedBy, Zone};
pub use parse::{Asset, FieldProblem, parse_asset, parse_bool, with_field};
