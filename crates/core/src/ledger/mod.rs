//! 情報機器台帳: the asset ledger. Every server, PC, network device, medical device and
//! printer that the medical information systems use, with the facts the checklist asks about.
//!
//! Fields are described once ([`Field`]) and drive the form, the import's header matching,
//! the export columns and validation alike.

mod asset;
mod field;
mod marks;
mod parse;
mod vocab;

pub use asset::{Asset, SUPPORT_ENDED_WORD};
pub use field::Field;
pub use marks::{
    AssetMark, CONFIRMATION_VALID_DAYS, MarkDays, SUPPORT_ENDED_UNKNOWN_DAY, confirmed_day, marks,
    support_end_day, support_has_ended,
};
pub use parse::{FieldProblem, ReadAsset, parse_asset, parse_bool, read_asset, with_field};
pub use vocab::{AddressKind, AssetKind, PatchStatus, PatchedBy, Zone};
