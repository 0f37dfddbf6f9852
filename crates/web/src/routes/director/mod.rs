//! `/director`: the director's page — one A4 of where the institution stands in a fiscal year,
//! each line with where it comes from (`view`), shown on screen and as a print (`page`), and
//! the director's 「確認しました」 (`signoff`).

pub mod page;
pub mod signoff;
mod view;
