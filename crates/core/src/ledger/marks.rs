//! What the ledger should make a person look at: devices past their end of support, devices
//! whose support ends within the fiscal year, and devices nobody has confirmed for a year.
//!
//! The rules are written over day numbers (Julian days), so that the database can filter and
//! count by the same comparisons ([`MarkDays`], [`support_end_day`], [`confirmed_day`]).

use super::asset::Asset;
use crate::date::FiscalYear;
use time::{Date, Duration};

/// How long a confirmation (棚卸) holds: a device not confirmed within this many days is
/// 「1年以上未確認」. The checklist's suggestion for 台帳管理 judges by the same rule.
pub const CONFIRMATION_VALID_DAYS: i64 = 365;

/// The day number stored for 「サポート終了」 written without a date: before every real day, so
/// that it counts as ended whatever today is.
pub const SUPPORT_ENDED_UNKNOWN_DAY: i32 = 0;

/// A mark on an asset in use (a retired asset has none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssetMark {
    /// サポート終了: the end of support has passed (or is written as past without a date).
    SupportEnded,
    /// 期限間近: support ends from today to the end of the fiscal year.
    SupportEndsThisYear,
    /// 1年以上未確認: no confirmation date, or one more than a year ago.
    Unconfirmed,
}

impl AssetMark {
    pub const ALL: [AssetMark; 3] =
        [AssetMark::SupportEnded, AssetMark::SupportEndsThisYear, AssetMark::Unconfirmed];

    pub fn code(self) -> &'static str {
        match self {
            AssetMark::SupportEnded => "support_ended",
            AssetMark::SupportEndsThisYear => "support_ending",
            AssetMark::Unconfirmed => "unconfirmed",
        }
    }

    pub fn parse(code: &str) -> Option<AssetMark> {
        AssetMark::ALL.into_iter().find(|m| m.code() == code)
    }

    /// The catalog key of its name.
    pub fn message_key(self) -> &'static str {
        match self {
            AssetMark::SupportEnded => "ledger.mark.support_ended",
            AssetMark::SupportEndsThisYear => "ledger.mark.support_ending",
            AssetMark::Unconfirmed => "ledger.mark.unconfirmed",
        }
    }
}

/// The day numbers the marks are judged against, for one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkDays {
    pub today: i32,
    /// The last day of the fiscal year that holds today.
    pub fiscal_year_end: i32,
    /// A confirmation before this day is too old.
    pub confirmed_since: i32,
}

impl MarkDays {
    pub fn at(today: Date) -> MarkDays {
        let year_end = FiscalYear::containing(today).end().unwrap_or(today);
        MarkDays {
            today: today.to_julian_day(),
            fiscal_year_end: year_end.to_julian_day(),
            confirmed_since: (today - Duration::days(CONFIRMATION_VALID_DAYS)).to_julian_day(),
        }
    }

    /// Whether an asset in use with these stored day numbers carries `mark`.
    pub fn holds(self, mark: AssetMark, support_end: Option<i32>, confirmed: Option<i32>) -> bool {
        match mark {
            AssetMark::SupportEnded => support_end.is_some_and(|d| d < self.today),
            AssetMark::SupportEndsThisYear => {
                support_end.is_some_and(|d| (self.today..=self.fiscal_year_end).contains(&d))
            }
            AssetMark::Unconfirmed => confirmed.is_none_or(|d| d < self.confirmed_since),
        }
    }
}

/// The day number of the end of support, [`SUPPORT_ENDED_UNKNOWN_DAY`] when it is known to have
/// ended on a day not written down.
pub fn support_end_day(a: &Asset) -> Option<i32> {
    match a.support_ends_on {
        Some(d) => Some(d.to_julian_day()),
        None if a.support_ended => Some(SUPPORT_ENDED_UNKNOWN_DAY),
        None => None,
    }
}

pub fn confirmed_day(a: &Asset) -> Option<i32> {
    a.confirmed_on.map(Date::to_julian_day)
}

/// Whether the end of support has passed on `today` (or was written as past without a date).
pub fn support_has_ended(a: &Asset, today: Date) -> bool {
    MarkDays::at(today).holds(AssetMark::SupportEnded, support_end_day(a), None)
}

/// The marks of an asset on `today`; none once it is retired.
pub fn marks(a: &Asset, today: Date) -> Vec<AssetMark> {
    if a.retired_on.is_some() {
        return Vec::new();
    }
    let days = MarkDays::at(today);
    let (support_end, confirmed) = (support_end_day(a), confirmed_day(a));
    AssetMark::ALL.into_iter().filter(|m| days.holds(*m, support_end, confirmed)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn asset(support: Option<Date>, ended: bool, confirmed: Option<Date>) -> Asset {
        Asset { support_ends_on: support, support_ended: ended, confirmed_on: confirmed, ..Asset::default() }
    }

    #[test]
    fn windows_10_is_past_its_support_and_a_ct_on_windows_7_too() {
        let today = date!(2026 - 01 - 15);
        let win10 = asset(Some(date!(2025 - 10 - 14)), false, Some(date!(2025 - 12 - 01)));
        assert_eq!(marks(&win10, today), vec![AssetMark::SupportEnded]);
        let ct = asset(None, true, Some(date!(2025 - 12 - 01)));
        assert_eq!(marks(&ct, today), vec![AssetMark::SupportEnded], "ended, date unknown");
    }

    #[test]
    fn support_ending_within_the_fiscal_year_is_near() {
        let today = date!(2026 - 01 - 15);
        let confirmed = Some(date!(2025 - 12 - 01));
        let near = asset(Some(date!(2026 - 03 - 31)), false, confirmed);
        assert_eq!(marks(&near, today), vec![AssetMark::SupportEndsThisYear]);
        let today_ends = asset(Some(today), false, confirmed);
        assert_eq!(
            marks(&today_ends, today),
            vec![AssetMark::SupportEndsThisYear],
            "ends today: not yet past"
        );
        let next_year = asset(Some(date!(2026 - 04 - 01)), false, confirmed);
        assert!(marks(&next_year, today).is_empty(), "the next fiscal year");
    }

    #[test]
    fn a_device_not_confirmed_for_a_year_is_marked_and_a_retired_one_never() {
        let today = date!(2026 - 01 - 15);
        assert_eq!(marks(&asset(None, false, None), today), vec![AssetMark::Unconfirmed]);
        let old = asset(None, false, Some(date!(2025 - 01 - 14)));
        assert_eq!(marks(&old, today), vec![AssetMark::Unconfirmed]);
        let year_ago = asset(None, false, Some(date!(2025 - 01 - 15)));
        assert!(marks(&year_ago, today).is_empty(), "365 days ago still holds");
        let retired = Asset { retired_on: Some(date!(2025 - 06 - 01)), ..asset(None, true, None) };
        assert!(marks(&retired, today).is_empty());
    }

    #[test]
    fn mark_codes_read_back() {
        for m in AssetMark::ALL {
            assert_eq!(AssetMark::parse(m.code()), Some(m));
        }
    }
}
