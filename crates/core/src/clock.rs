//! Time is a parameter. Domain code never reads the system clock; callers pass a [`Clock`]
//! so tests can stand at any moment (an era boundary, a fiscal-year end, a lockout expiry).

use serde::{Deserialize, Serialize};
use time::{OffsetDateTime, UtcOffset, macros::offset};

/// Japan Standard Time. Japan has no daylight saving time, so a fixed offset is exact.
pub const JST: UtcOffset = offset!(+9);

/// Milliseconds since the Unix epoch, UTC. Stored as a 64-bit integer in both databases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn millis(self) -> i64 {
        self.0
    }

    pub fn plus_minutes(self, minutes: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(minutes.saturating_mul(60_000)))
    }

    pub fn plus_millis(self, millis: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(millis))
    }

    /// The moment in Japan Standard Time; `None` only for values outside the calendar.
    pub fn to_jst(self) -> Option<OffsetDateTime> {
        let nanos = i128::from(self.0) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos).ok().map(|t| t.to_offset(JST))
    }

    pub fn from_datetime(t: OffsetDateTime) -> Timestamp {
        let millis = t.unix_timestamp_nanos() / 1_000_000;
        Timestamp(i64::try_from(millis).unwrap_or(i64::MAX))
    }
}

/// Where "now" comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

/// A clock that always says the same time; for tests and for replaying records.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// A clock a test moves by hand.
#[derive(Debug, Default)]
pub struct ManualClock(std::sync::atomic::AtomicI64);

impl ManualClock {
    pub fn at(t: Timestamp) -> ManualClock {
        ManualClock(std::sync::atomic::AtomicI64::new(t.0))
    }

    pub fn advance_minutes(&self, minutes: i64) {
        self.0.fetch_add(minutes * 60_000, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn set(&self, t: Timestamp) {
        self.0.store(t.0, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        Timestamp(self.0.load(std::sync::atomic::Ordering::SeqCst))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn timestamp_round_trips_through_jst() {
        let t = Timestamp::from_datetime(datetime!(2025-05-16 00:30 +9));
        let jst = t.to_jst().unwrap();
        assert_eq!((jst.year(), u8::from(jst.month()), jst.day(), jst.hour()), (2025, 5, 16, 0));
        // The same moment is still the 15th in UTC: the JST conversion matters for dates.
        assert_eq!(jst.to_offset(UtcOffset::UTC).day(), 15);
    }

    #[test]
    fn minutes_are_added_in_milliseconds() {
        assert_eq!(Timestamp(0).plus_minutes(15), Timestamp(900_000));
    }
}
