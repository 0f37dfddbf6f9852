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
mod view;

use crate::error::WebError;

/// Assessment ids in paths are numbers; anything else is a page that does not exist.
fn parse_id(raw: &str) -> Result<i64, WebError> {
    raw.parse::<i64>().map_err(|_| WebError::NotFound)
}
