//! `/assessments`: the yearly self-assessment pages.

pub mod adopt;
pub mod answer;
pub mod exchange;
pub mod item;
pub mod list;
pub mod overview;
pub mod print;
mod sheet_view;
pub mod suggestion;
pub(crate) mod view;
