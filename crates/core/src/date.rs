//! Japanese calendar conventions: 和暦 (era years) and 年度 (fiscal years, April–March).
//!
//! Only the Gregorian-calendar eras are covered (from 明治6年, when Japan adopted the
//! Gregorian calendar); older dates fall back to Western notation.

use crate::text::half_width;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// A Japanese era, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Era {
    Meiji,
    Taisho,
    Showa,
    Heisei,
    Reiwa,
}

const ERAS: [(Era, i32, u8, u8); 5] = [
    (Era::Meiji, 1868, 1, 25),
    (Era::Taisho, 1912, 7, 30),
    (Era::Showa, 1926, 12, 25),
    (Era::Heisei, 1989, 1, 8),
    (Era::Reiwa, 2019, 5, 1),
];

/// 1873-01-01, the first Gregorian day in Japan.
const GREGORIAN_ADOPTION: (i32, u8, u8) = (1873, 1, 1);

impl Era {
    pub fn name_ja(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Era::Meiji => "Meiji",
            Era::Taisho => "Taisho",
            Era::Showa => "Showa",
            Era::Heisei => "Heisei",
            Era::Reiwa => "Reiwa",
        }
    }

    /// The one-letter abbreviation used on forms (R7.5.16).
    pub fn initial(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    fn start(self) -> (i32, u8, u8) {
        ERAS.iter().find(|e| e.0 == self).map(|e| (e.1, e.2, e.3)).unwrap_or((0, 1, 1))
    }

    fn from_name(name: &str) -> Option<Era> {
        let era = match name {
            "明治" | "M" | "m" => Era::Meiji,
            "大正" | "T" | "t" => Era::Taisho,
            "昭和" | "S" | "s" => Era::Showa,
            "平成" | "H" | "h" => Era::Heisei,
            "令和" | "R" | "r" => Era::Reiwa,
            _ => return None,
        };
        Some(era)
    }
}

/// A year counted in an era; year 1 is written 元年.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EraYear {
    pub era: Era,
    pub year: i32,
}

impl EraYear {
    /// "令和7年", "令和元年".
    pub fn label_ja(self) -> String {
        if self.year == 1 {
            format!("{}元年", self.era.name_ja())
        } else {
            format!("{}{}年", self.era.name_ja(), self.year)
        }
    }
}

fn ymd(date: Date) -> (i32, u8, u8) {
    (date.year(), u8::from(date.month()), date.day())
}

/// The era year of a date, or `None` before the Gregorian calendar was adopted.
pub fn era_year(date: Date) -> Option<EraYear> {
    let d = ymd(date);
    if d < GREGORIAN_ADOPTION {
        return None;
    }
    let (era, start_year, ..) = ERAS.iter().rev().find(|(_, y, m, day)| d >= (*y, *m, *day))?;
    Some(EraYear { era: *era, year: date.year() - start_year + 1 })
}

/// 令和7年5月16日; Western 2025年5月16日 before 明治6年.
pub fn format_wareki(date: Date) -> String {
    match era_year(date) {
        Some(ey) => format!("{}{}月{}日", ey.label_ja(), u8::from(date.month()), date.day()),
        None => format_western_ja(date),
    }
}

/// 2025年5月16日.
pub fn format_western_ja(date: Date) -> String {
    format!("{}年{}月{}日", date.year(), u8::from(date.month()), date.day())
}

/// 2025-05-16: what the English UI and machine output use.
pub fn format_iso(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// How a person prefers dates to be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum DateStyle {
    #[default]
    Wareki,
    Western,
}

impl DateStyle {
    pub fn code(self) -> &'static str {
        match self {
            DateStyle::Wareki => "wareki",
            DateStyle::Western => "western",
        }
    }

    pub fn parse(code: &str) -> Option<DateStyle> {
        match code {
            "wareki" => Some(DateStyle::Wareki),
            "western" => Some(DateStyle::Western),
            _ => None,
        }
    }
}

/// A Japanese fiscal year (年度): April 1 to March 31 of the next year, named by the
/// calendar year in which it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FiscalYear(pub i32);

impl FiscalYear {
    pub fn containing(date: Date) -> FiscalYear {
        if date.month() >= Month::April { FiscalYear(date.year()) } else { FiscalYear(date.year() - 1) }
    }

    pub fn start(self) -> Option<Date> {
        Date::from_calendar_date(self.0, Month::April, 1).ok()
    }

    pub fn end(self) -> Option<Date> {
        Date::from_calendar_date(self.0 + 1, Month::March, 31).ok()
    }

    pub fn contains(self, date: Date) -> bool {
        FiscalYear::containing(date) == self
    }

    /// 令和7年度. The era is the one in force on May 1 of the starting year, which gives the
    /// names in official use across both recent changes: 昭和63年度 (Apr 1988–Mar 1989) and
    /// 令和元年度 (Apr 2019–Mar 2020; also called 平成31年度 in documents issued before May 2019).
    pub fn label_ja(self) -> String {
        let naming_day = Date::from_calendar_date(self.0, Month::May, 1).ok().and_then(era_year);
        match naming_day {
            Some(ey) => format!("{}度", ey.label_ja()),
            None => format!("{}年度", self.0),
        }
    }

    /// "FY2025".
    pub fn label_en(self) -> String {
        format!("FY{}", self.0)
    }
}

/// The years a date in the ledger or a register may fall in. The records describe the equipment,
/// contracts and paperwork of a working hospital: 1900 is before any of it was bought, and 2099
/// beyond any end of support announced; 令和99年 or 9999-12-31 is a typing mistake.
pub const RECORD_YEARS: std::ops::RangeInclusive<i32> = 1900..=2099;

/// A date typed into the ledger or a register: readable, and within [`RECORD_YEARS`].
pub fn parse_record_date(input: &str) -> Result<Date, crate::Message> {
    let d = parse_date(input).map_err(|_| crate::Message::new("error.date"))?;
    within_record_years(d)
}

fn within_record_years(d: Date) -> Result<Date, crate::Message> {
    if RECORD_YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(crate::Message::new("error.date_horizon")
            .arg("min", RECORD_YEARS.start())
            .arg("max", RECORD_YEARS.end()))
    }
}

/// Why a typed date could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateParseError {
    #[error("not a recognised date format")]
    Format,
    #[error("no such day in the calendar")]
    NoSuchDay,
    #[error("the era has no such year")]
    EraYear,
}

/// Reads a date as people type it: 2025-05-16, 2025/5/16, 2025年5月16日, 令和7年5月16日,
/// 令和元年5月1日, R7.5.16, R7/5/16, with full-width digits accepted.
pub fn parse_date(input: &str) -> Result<Date, DateParseError> {
    let s = squashed(input);
    let (era, rest) = split_era(&s);
    let [y, m, d] = split_numbers(rest).ok_or(DateParseError::Format)?;
    let year = western_year(era, y)?;
    let day = u8::try_from(d).map_err(|_| DateParseError::NoSuchDay)?;
    let date = Date::from_calendar_date(year, month_of(m)?, day).map_err(|_| DateParseError::NoSuchDay)?;
    if let Some(era) = era {
        // 平成31年5月1日 does not exist: that day is 令和元年5月1日.
        if era_year(date).map(|ey| ey.era) != Some(era) {
            return Err(DateParseError::EraYear);
        }
    }
    Ok(date)
}

/// Which day stands for a month written without its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayOfMonth {
    First,
    Last,
}

/// A month written without its day, as ledgers often give an end of support or a purchase:
/// 2029年3月, 令和11年3月, R11.3, 2029/3, 2029-03. Read as its first or last day.
pub fn parse_month(input: &str, day: DayOfMonth) -> Result<Date, DateParseError> {
    let s = squashed(input);
    let (era, rest) = split_era(&s);
    let rest = rest.strip_suffix('月').unwrap_or(rest);
    let [y, m] = split_parts(rest).ok_or(DateParseError::Format)?;
    let (year, month) = (western_year(era, y)?, month_of(m)?);
    let first = Date::from_calendar_date(year, month, 1).map_err(|_| DateParseError::NoSuchDay)?;
    let last = first.replace_day(month.length(year)).map_err(|_| DateParseError::NoSuchDay)?;
    // 平成31年4月 and 令和元年5月 exist, 平成31年6月 does not; 昭和元年12月 began on the 25th.
    if era.is_some() && ![first, last].iter().any(|d| era_year(*d).map(|ey| ey.era) == era) {
        return Err(DateParseError::EraYear);
    }
    Ok(match day {
        DayOfMonth::First => first,
        DayOfMonth::Last => last,
    })
}

/// A month typed into the ledger or a register ([`parse_month`]), within [`RECORD_YEARS`].
pub fn parse_record_month(input: &str, day: DayOfMonth) -> Result<Date, crate::Message> {
    let d = parse_month(input, day).map_err(|_| crate::Message::new("error.date"))?;
    within_record_years(d)
}

/// Full-width folded, without spaces.
fn squashed(input: &str) -> String {
    input.trim().chars().map(half_width).filter(|c| *c != ' ').collect()
}

/// The Western year of year `y` of `era` (or of no era: then four digits).
fn western_year(era: Option<Era>, y: i32) -> Result<i32, DateParseError> {
    match era {
        Some(era) => {
            let start = era.start();
            let year = start.0 + y - 1;
            let next_start = ERAS.iter().find(|e| e.0 > era).map(|e| e.1).unwrap_or(i32::MAX);
            if y < 1 || year > next_start {
                return Err(DateParseError::EraYear);
            }
            Ok(year)
        }
        // "7.6.1" could be 令和7年 or 2007: refuse to guess.
        None if y < 1000 => Err(DateParseError::Format),
        None => Ok(y),
    }
}

fn month_of(m: i32) -> Result<Month, DateParseError> {
    u8::try_from(m).ok().and_then(|m| Month::try_from(m).ok()).ok_or(DateParseError::NoSuchDay)
}

fn split_era(s: &str) -> (Option<Era>, &str) {
    for prefix_len in [6, 1] {
        if let Some(prefix) = s.get(..prefix_len)
            && let Some(era) = Era::from_name(prefix)
        {
            return (Some(era), s.get(prefix_len..).unwrap_or(""));
        }
    }
    (None, s)
}

/// "7年5月16日", "7.5.16", "2025-05-16", "元年5月1日" → [y, m, d].
fn split_numbers(s: &str) -> Option<[i32; 3]> {
    let s = s.strip_suffix('日').unwrap_or(s);
    split_parts(s)
}

/// Exactly `N` numbers of at most four digits, separated by 年, 月, -, / or . (元 read as 1).
fn split_parts<const N: usize>(s: &str) -> Option<[i32; N]> {
    // Copied only in the rare case that needs it: a ledger import reads dates by the thousand.
    let s: std::borrow::Cow<'_, str> =
        if s.contains('元') { s.replacen('元', "1", 1).into() } else { s.into() };
    let mut parts = s.split(['年', '月', '-', '/', '.']);
    let mut numbers = [0; N];
    for n in &mut numbers {
        let p = parts.next()?;
        let digits = !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
        *n = if digits { p.parse().ok()? } else { return None };
    }
    if parts.next().is_some() { None } else { Some(numbers) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn wareki_names_days_on_both_sides_of_era_changes() {
        assert_eq!(format_wareki(date!(2025 - 05 - 16)), "令和7年5月16日");
        assert_eq!(format_wareki(date!(2019 - 04 - 30)), "平成31年4月30日");
        assert_eq!(format_wareki(date!(2019 - 05 - 01)), "令和元年5月1日");
        assert_eq!(format_wareki(date!(1989 - 01 - 07)), "昭和64年1月7日");
        assert_eq!(format_wareki(date!(1989 - 01 - 08)), "平成元年1月8日");
        assert_eq!(format_wareki(date!(1926 - 12 - 25)), "昭和元年12月25日");
        assert_eq!(format_wareki(date!(1912 - 07 - 30)), "大正元年7月30日");
    }

    #[test]
    fn dates_before_the_gregorian_calendar_are_western() {
        assert_eq!(format_wareki(date!(1872 - 12 - 31)), "1872年12月31日");
        assert_eq!(format_wareki(date!(1873 - 01 - 01)), "明治6年1月1日");
    }

    #[test]
    fn a_month_without_its_day_reads_as_its_first_or_last_day() {
        let last = |s| parse_month(s, DayOfMonth::Last);
        assert_eq!(last("2029年3月"), Ok(date!(2029 - 03 - 31)));
        assert_eq!(last("２０２８年２月"), Ok(date!(2028 - 02 - 29)));
        assert_eq!(last("令和11年3月"), Ok(date!(2029 - 03 - 31)));
        assert_eq!(last("R11.3"), Ok(date!(2029 - 03 - 31)));
        assert_eq!(parse_month("2029/4", DayOfMonth::First), Ok(date!(2029 - 04 - 01)));
        assert_eq!(last("平成31年4月"), Ok(date!(2019 - 04 - 30)));
        assert_eq!(last("令和元年5月"), Ok(date!(2019 - 05 - 31)));
        assert_eq!(last("昭和元年12月"), Ok(date!(1926 - 12 - 31)));
        assert_eq!(last("平成31年6月"), Err(DateParseError::EraYear));
        assert_eq!(last("2029年13月"), Err(DateParseError::NoSuchDay));
        assert_eq!(last("2029年3月1日"), Err(DateParseError::Format), "a whole date is not a month");
        assert_eq!(last("3月"), Err(DateParseError::Format));
        assert_eq!(parse_record_month("2200年1月", DayOfMonth::Last).unwrap_err().key, "error.date_horizon");
    }

    #[test]
    fn fiscal_year_runs_april_to_march() {
        assert_eq!(FiscalYear::containing(date!(2025 - 04 - 01)), FiscalYear(2025));
        assert_eq!(FiscalYear::containing(date!(2026 - 03 - 31)), FiscalYear(2025));
        assert_eq!(FiscalYear::containing(date!(2025 - 03 - 31)), FiscalYear(2024));
        assert_eq!(FiscalYear(2025).start(), Some(date!(2025 - 04 - 01)));
        assert_eq!(FiscalYear(2025).end(), Some(date!(2026 - 03 - 31)));
        assert!(FiscalYear(2025).contains(date!(2026 - 01 - 15)));
        assert!(!FiscalYear(2025).contains(date!(2026 - 04 - 01)));
    }

    #[test]
    fn fiscal_year_labels_across_era_boundaries() {
        assert_eq!(FiscalYear(2025).label_ja(), "令和7年度");
        assert_eq!(FiscalYear(2019).label_ja(), "令和元年度");
        assert_eq!(FiscalYear(2018).label_ja(), "平成30年度");
        assert_eq!(FiscalYear(1989).label_ja(), "平成元年度");
        assert_eq!(FiscalYear(1988).label_ja(), "昭和63年度");
        assert_eq!(FiscalYear(2025).label_en(), "FY2025");
    }

    #[test]
    fn a_fiscal_year_spanning_an_era_change_contains_both_eras_days() {
        let fy = FiscalYear(2019);
        assert!(fy.contains(date!(2019 - 04 - 30)));
        assert!(fy.contains(date!(2019 - 05 - 01)));
        assert!(fy.contains(date!(2020 - 03 - 31)));
    }

    #[test]
    fn parses_the_ways_people_write_dates() {
        let d = date!(2025 - 05 - 16);
        for input in [
            "2025-05-16",
            "2025/5/16",
            "2025年5月16日",
            "令和7年5月16日",
            "R7.5.16",
            "r7/5/16",
            "２０２５／５／１６",
            " 令和７年５月１６日 ",
        ] {
            assert_eq!(parse_date(input), Ok(d), "{input}");
        }
        assert_eq!(parse_date("令和元年5月1日"), Ok(date!(2019 - 05 - 01)));
        assert_eq!(parse_date("H31.4.30"), Ok(date!(2019 - 04 - 30)));
    }

    #[test]
    fn rejects_days_that_do_not_exist() {
        assert_eq!(parse_date("2025-02-30"), Err(DateParseError::NoSuchDay));
        assert_eq!(parse_date("2025-13-01"), Err(DateParseError::NoSuchDay));
        assert_eq!(parse_date("平成31年5月1日"), Err(DateParseError::EraYear));
        assert_eq!(parse_date("令和0年5月1日"), Err(DateParseError::EraYear));
        assert_eq!(parse_date("昭和70年1月1日"), Err(DateParseError::EraYear));
        assert_eq!(parse_date("yesterday"), Err(DateParseError::Format));
        assert_eq!(parse_date("7年6月1日"), Err(DateParseError::Format));
        assert_eq!(parse_date("7.6.1"), Err(DateParseError::Format));
        assert_eq!(parse_date(""), Err(DateParseError::Format));
    }

    /// A date in every form the product writes and people copy from it: 和暦 long (元年 for an
    /// era's first year, and 1年 as some type it), 和暦 short (R3.4.1), Western with 年月日, with
    /// slashes (2021/4/1) and ISO; and each of them again in full-width digits and signs.
    fn written_forms(d: Date) -> Vec<String> {
        let (y, m, day) = (d.year(), u8::from(d.month()), d.day());
        let mut forms = vec![format_wareki(d), format_western_ja(d), format_iso(d), format!("{y}/{m}/{day}")];
        if let Some(ey) = era_year(d) {
            forms.push(format!("{}{}.{m}.{day}", ey.era.initial(), ey.year));
            forms.push(format!("{}{}/{m}/{day}", ey.era.initial().to_ascii_lowercase(), ey.year));
            forms.push(format!("{}{}年{m}月{day}日", ey.era.name_ja(), ey.year));
        }
        let full_width: Vec<String> = forms.iter().map(|f| f.chars().map(full_width).collect()).collect();
        forms.extend(full_width);
        forms
    }

    /// The inverse of [`half_width`] for ASCII digits, letters and signs.
    fn full_width(c: char) -> char {
        match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        }
    }

    proptest::proptest! {
        #[test]
        fn every_written_form_reads_back_as_the_same_day(
            // Western years need four digits, so as not to be taken for an era year.
            day in date!(1000 - 01 - 01).to_julian_day()..=date!(9999 - 12 - 31).to_julian_day()
        ) {
            let Ok(d) = Date::from_julian_day(day) else { return Ok(()) };
            for form in written_forms(d) {
                proptest::prop_assert_eq!(parse_date(&form), Ok(d), "{}", form);
            }
            let in_records = parse_record_date(&format_wareki(d)).ok();
            proptest::prop_assert_eq!(in_records, RECORD_YEARS.contains(&d.year()).then_some(d));
        }

        #[test]
        fn days_around_the_era_changes_read_back(offset in -400i64..400) {
            for (_, y, m, day) in ERAS {
                let start = Date::from_calendar_date(y, Month::try_from(m).unwrap_or(Month::January), day);
                let Some(d) = start.ok().and_then(|s| s.checked_add(time::Duration::days(offset))) else { continue };
                for form in written_forms(d) {
                    proptest::prop_assert_eq!(parse_date(&form), Ok(d), "{}", form);
                }
            }
        }
    }
}
