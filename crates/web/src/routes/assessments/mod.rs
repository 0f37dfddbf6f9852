//! `/assessments`: the yearly self-assessment pages.

pub mod exchange;
pub mod item;
pub mod list;
pub mod overview;
pub mod print;
pub mod suggestion;
pub(crate) mod view;
