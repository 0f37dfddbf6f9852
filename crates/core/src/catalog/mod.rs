//! Checklist editions as data. The ministry revises its cybersecurity checklist every fiscal
//! year; an edition is a TOML file (format in `docs/catalog-format.md`) that is parsed into
//! a [`Edition`] and checked by [`validate`]. Editions shipped with iryosec are embedded
//! ([`builtin`]); newer ones are imported by users as files.

pub mod builtin;
mod diff;
mod editor;
mod form;
mod model;
pub mod official;
pub(crate) mod parse;
pub(crate) mod validate;

pub use diff::{ItemChange, diff};
pub use editor::{ItemFields, add_item, for_publication, item_from_fields, start_from};
pub use form::{
    FormFile, FormItem, FormRead, ItemMatch, MatchedBy, draft_from_form, ordinal, position, similarity,
};
pub use model::*;
pub use parse::{DefinitionError, parse_toml};
pub use validate::{Place, Problem, validate};
