//! The lockout rule: what repeated failed logins do to an account.
//!
//! A lock holds one account **and one client address** together: five wrong passwords in a
//! row from one address lock that address out of that account for fifteen minutes, while the
//! owner at another address logs in as usual. So a guesser cannot lock an administrator out
//! from everywhere, and one noisy machine behind a hospital's NAT does not lock anyone else.
//!
//! Guessing from many addresses is slowed for the account as a whole: once its failures within
//! the last hour reach [`SLOWDOWN_AFTER`], an address the account has not logged in from lately
//! gets one password check per growing wait (up to [`SLOWDOWN_MAX_SECONDS`]). The account is
//! never locked by it, and the addresses its owner logs in from are not slowed at all.

use crate::clock::Timestamp;

/// After this many failed logins in a row from one address, that address is locked out of
/// the account for [`LOCKOUT_MINUTES`].
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;
/// Failures of one account (from any address) before unfamiliar addresses are slowed.
pub const SLOWDOWN_AFTER: i64 = 10;
/// The longest wait between two password checks from unfamiliar addresses.
pub const SLOWDOWN_MAX_SECONDS: i64 = 60;
/// An account's failures count together while each comes within this time of the one before.
pub const FAILURE_MEMORY_MINUTES: i64 = 60;
/// An address the account logged in from within this many days is familiar: not slowed.
pub const FAMILIAR_DAYS: i64 = 90;

/// The state of an account and address pair after one more failed login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureOutcome {
    pub failed_logins: i64,
    pub locked_until: Option<Timestamp>,
}

/// One more failure of an account and address pair that had `failed_logins` in a row.
pub fn after_failed_login(failed_logins: i64, now: Timestamp) -> FailureOutcome {
    let failed_logins = failed_logins.saturating_add(1);
    if failed_logins >= MAX_FAILED_LOGINS {
        // The counter restarts, so after the lock expires the person gets a full set of tries.
        FailureOutcome { failed_logins: 0, locked_until: Some(now.plus_minutes(LOCKOUT_MINUTES)) }
    } else {
        FailureOutcome { failed_logins, locked_until: None }
    }
}

pub fn is_locked(locked_until: Option<Timestamp>, now: Timestamp) -> bool {
    locked_until.is_some_and(|until| now < until)
}

/// The earliest last failure that still counts with a new one (see [`FAILURE_MEMORY_MINUTES`]).
pub fn failure_memory_start(now: Timestamp) -> Timestamp {
    now.plus_minutes(-FAILURE_MEMORY_MINUTES)
}

/// An account's failures that still count at `now`: none once the last is an hour old.
pub fn recent_failures(failed_logins: i64, last_failed_at: Option<Timestamp>, now: Timestamp) -> i64 {
    match last_failed_at {
        Some(last) if last >= failure_memory_start(now) => failed_logins,
        _ => 0,
    }
}

/// How long an unfamiliar address waits between password checks for an account with this many
/// recent failures: nothing below [`SLOWDOWN_AFTER`], then 1, 2, 4 … seconds up to the maximum.
pub fn slowdown_millis(recent_failures: i64) -> Option<i64> {
    let over = recent_failures.checked_sub(SLOWDOWN_AFTER).filter(|over| *over >= 0)?;
    // 2^6 s already passes the maximum, so the exponent stops there.
    let seconds = (1_i64 << over.min(6)).min(SLOWDOWN_MAX_SECONDS);
    Some(seconds * 1000)
}

/// What an account remembers of one client address.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClientRecord {
    /// This address may not try this account's password before then.
    pub locked_until: Option<Timestamp>,
    /// The last successful login of the account from this address.
    pub last_login_at: Option<Timestamp>,
}

impl ClientRecord {
    pub fn is_locked(&self, now: Timestamp) -> bool {
        is_locked(self.locked_until, now)
    }

    /// The owner logged in from here lately, so a guesser elsewhere does not slow them down.
    pub fn is_familiar(&self, now: Timestamp) -> bool {
        self.last_login_at.is_some_and(|at| at >= now.plus_minutes(-FAMILIAR_DAYS * 24 * 60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_000_000_000);

    #[test]
    fn the_fifth_failure_from_one_address_locks_it_for_fifteen_minutes() {
        let mut count = 0;
        for _ in 0..4 {
            let outcome = after_failed_login(count, NOW);
            assert_eq!(outcome.locked_until, None);
            count = outcome.failed_logins;
        }
        let fifth = after_failed_login(count, NOW);
        assert_eq!(fifth, FailureOutcome { failed_logins: 0, locked_until: Some(NOW.plus_minutes(15)) });
        let record = ClientRecord { locked_until: fifth.locked_until, last_login_at: None };
        assert!(record.is_locked(NOW.plus_minutes(14)));
        assert!(!record.is_locked(NOW.plus_minutes(15)));
    }

    #[test]
    fn account_failures_are_forgotten_an_hour_after_the_last() {
        let last = Some(NOW.plus_minutes(-60));
        assert_eq!(recent_failures(12, last, NOW), 12);
        assert_eq!(recent_failures(12, last, NOW.plus_millis(1)), 0);
        assert_eq!(recent_failures(12, None, NOW), 0);
    }

    #[test]
    fn the_wait_grows_from_one_second_to_a_minute_and_never_becomes_a_lock() {
        assert_eq!(slowdown_millis(0), None);
        assert_eq!(slowdown_millis(SLOWDOWN_AFTER - 1), None);
        let waits: Vec<i64> = (0..8).filter_map(|n| slowdown_millis(SLOWDOWN_AFTER + n)).collect();
        assert_eq!(waits, vec![1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
        assert_eq!(slowdown_millis(i64::MAX), Some(60_000));
        assert_eq!(slowdown_millis(i64::MIN), None);
    }

    #[test]
    fn an_address_stays_familiar_for_ninety_days_after_a_login() {
        let record = ClientRecord { locked_until: None, last_login_at: Some(NOW) };
        assert!(record.is_familiar(NOW.plus_minutes(90 * 24 * 60)));
        assert!(!record.is_familiar(NOW.plus_minutes(90 * 24 * 60 + 1)));
        assert!(!ClientRecord::default().is_familiar(NOW));
    }
}
