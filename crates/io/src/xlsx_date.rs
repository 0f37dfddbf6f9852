//! Dates in the workbooks iryosec writes: real Excel dates (day numbers) under a date format,
//! 和暦 or Western as the person chose, so that Excel sorts, filters and counts with them; and
//! the day numbers read back.

use iryosec_core::date::{DateStyle, parse_date};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};
use time::{Date, Duration, Month};

/// Excel's 和暦 (令和7年5月16日, 令和元年 for the first year) and the Western form.
const WAREKI: &str = "[$-ja-JP-x-gannen]ggge\"年\"m\"月\"d\"日\"";
const WESTERN: &str = "yyyy/mm/dd";

/// Width of a date column in characters, for either form.
pub const DATE_WIDTH: f64 = 15.0;

pub fn date_format(style: DateStyle) -> Format {
    Format::new().set_num_format(match style {
        DateStyle::Wareki => WAREKI,
        DateStyle::Western => WESTERN,
    })
}

fn day_zero() -> Option<Date> {
    Date::from_calendar_date(1899, Month::December, 30).ok()
}

/// Excel's day number of a date (days since 1899-12-30).
pub fn serial(date: Date) -> f64 {
    day_zero().map_or(0.0, |zero| (date - zero).whole_days() as f64)
}

/// The date of an Excel day number; `None` outside Excel's calendar (up to 9999-12-31).
pub fn from_serial(serial: f64) -> Option<Date> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = i64::try_from(serial.floor() as i128).ok()?;
    day_zero()?.checked_add(Duration::days(days))
}

/// Writes a date's text (as stored, 2025-05-16) as an Excel date under `format`; text that is
/// not a date stays text, and empty text writes nothing.
pub fn write_day(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    match parse_date(text) {
        Ok(d) => ws.write_number_with_format(row, col, serial(d), format).map(|_| ()),
        Err(_) if text.is_empty() => Ok(()),
        Err(_) => ws.write_string(row, col, text).map(|_| ()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use time::macros::date;

    /// The number formats a workbook declares (its `xl/styles.xml`).
    pub(crate) fn number_formats(xlsx: &[u8]) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let styles = std::io::read_to_string(zip.by_name("xl/styles.xml").unwrap()).unwrap();
        styles.split("<numFmt ").skip(1).map(|f| f.split("/>").next().unwrap_or_default()).collect()
    }

    #[test]
    fn day_numbers_go_both_ways_and_absurd_ones_are_nothing() {
        assert_eq!(serial(date!(2025 - 06 - 01)), 45809.0);
        assert_eq!(from_serial(45809.0), Some(date!(2025 - 06 - 01)));
        assert_eq!(from_serial(1.1e14), None);
        assert_eq!(from_serial(-5.0), None);
        assert_eq!(from_serial(f64::NAN), None);
    }
}
