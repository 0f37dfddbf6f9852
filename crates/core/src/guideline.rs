//! Which edition of the ministry's safety-management guideline (医療情報システムの安全管理に
//! 関するガイドライン) a fiscal year is judged by. 第7.0版 was established on 2026-06-29 (令和8年
//! 6月) and the 令和8年度 checklist is tied to it; the years before are judged by 第6.0版.
//! Suggestions on authentication, passwords and access logs follow the edition in force.

use crate::date::FiscalYear;
use serde::Serialize;
use time::Date;
use time::macros::date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Guideline {
    #[serde(rename = "6.0")]
    V6,
    #[serde(rename = "7.0")]
    V7,
}

/// The first fiscal year judged by 第7.0版 (令和8年度).
pub const FIRST_YEAR_OF_V7: i32 = 2026;

/// 令和9年4月1日: systems running on this day use two-factor authentication at the log-in of
/// client terminals and servers (第7.0版); introduced or renewed before it, they adopt it then.
pub const TWO_FACTOR_BY: Date = date!(2027 - 04 - 01);

impl Guideline {
    pub fn in_force(year: FiscalYear) -> Guideline {
        if year.0 >= FIRST_YEAR_OF_V7 { Guideline::V7 } else { Guideline::V6 }
    }

    /// The edition as people name it: 第7.0版.
    pub fn label_key(self) -> &'static str {
        match self {
            Guideline::V6 => "suggest.guideline.v6",
            Guideline::V7 => "suggest.guideline.v7",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reiwa_8_is_the_first_year_of_the_seventh_edition() {
        assert_eq!(Guideline::in_force(FiscalYear(2025)), Guideline::V6);
        assert_eq!(Guideline::in_force(FiscalYear(2026)), Guideline::V7);
        assert_eq!(Guideline::in_force(FiscalYear(2030)), Guideline::V7);
        assert_eq!(serde_json::to_value(Guideline::V7).unwrap(), "7.0");
    }
}
