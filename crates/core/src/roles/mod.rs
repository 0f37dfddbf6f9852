//! Role checklists: the ministry's training material gives each role its own check — 経営層向け,
//! システム管理者向け, 医療従事者・一般のシステム利用者向け — tallied into the nine-area matrix
//! (組織的・システム的・人的 × 是正的・発見的・予防的) to show where an institution is weak.
//!
//! A list is a TOML file (format in `docs/role-checklist-format.md`) parsed into a [`RoleList`]
//! and checked by [`validate`]; the shipped ones are embedded ([`builtin`]), and a newer or an
//! official list is imported as a file. Each says whose it is ([`Author`]): the ministry's text
//! as printed, or iryosec's own. Answers are ○, × or わからない ([`Mark`]); the staff check is
//! answered by many people through a per-year [`code`], each counted under a department and a
//! job role only. [`tally`] turns answers into shares per item, 視点 and area, and [`heatmap`]
//! draws the matrix.

pub mod answer;
pub mod builtin;
pub mod code;
pub mod groups;
pub mod heatmap;
mod model;
mod parse;
pub mod tally;
mod validate;

pub use answer::{
    Answers, ItemAnswer, JobRole, Mark, MarkInput, Respondent, check_answers, check_respondent,
};
pub use model::*;
pub use parse::parse_toml;
pub use validate::{Place, Problem, validate};

#[cfg(test)]
mod tests;
