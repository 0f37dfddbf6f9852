//! What routes read from their path and query string, in one place for every page.

use crate::error::WebError;
use serde::Deserialize;

/// A record's id in a path is a number; anything else is a page that does not exist.
pub fn parse_id(raw: &str) -> Result<i64, WebError> {
    raw.parse::<i64>().map_err(|_| WebError::NotFound)
}

/// The fiscal year named in a path; anything else is a page that does not exist.
pub fn parse_year(raw: &str) -> Result<i32, WebError> {
    raw.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).ok_or(WebError::NotFound)
}

/// `?notice=`: the confirmation a redirect asks the page to show (see `PageCtx::with_notice`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NoticeQuery {
    pub notice: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_years_outside_their_form_are_not_found() {
        assert_eq!(parse_id("42").ok(), Some(42));
        assert!(matches!(parse_id("4x"), Err(WebError::NotFound)));
        assert_eq!(parse_year("2025").ok(), Some(2025));
        assert!(matches!(parse_year("1999"), Err(WebError::NotFound)));
        assert!(matches!(parse_year("R7"), Err(WebError::NotFound)));
    }
}
