//! Login throttling per client address, and the stand-in lockout of ids that belong to no
//! account. Both live in memory: they guard a running server, and a restart forgets them.

use iryosec_core::Timestamp;
use iryosec_core::lockout::{self, ClientRecord};
use std::collections::HashMap;
use std::sync::Mutex;

/// Failed logins per client address: a guard against password guessing from one machine across
/// many accounts, which the lockout per account and address alone does not stop. Only failures
/// count, so the staff of a whole hospital logging in through one NAT address are never held up.
pub struct LoginThrottle {
    max_failures: usize,
    window_millis: i64,
    failures: Mutex<HashMap<String, Vec<Timestamp>>>,
}

impl Default for LoginThrottle {
    /// 20 failures per address in 5 minutes: plenty for people, little for a script.
    fn default() -> Self {
        LoginThrottle::new(20, 5 * 60_000)
    }
}

/// Addresses remembered at most; beyond it the ones with no failure in the window are dropped.
const MAX_TRACKED: usize = 10_000;

impl LoginThrottle {
    pub fn new(max_failures: usize, window_millis: i64) -> LoginThrottle {
        LoginThrottle { max_failures, window_millis, failures: Mutex::new(HashMap::new()) }
    }

    /// Whether `client` may try to log in now: false once it failed too often in the window.
    pub fn allows(&self, client: &str, now: Timestamp) -> bool {
        let Ok(map) = self.failures.lock() else { return true };
        let cutoff = now.plus_millis(-self.window_millis);
        map.get(client).is_none_or(|times| times.iter().filter(|t| **t > cutoff).count() < self.max_failures)
    }

    /// Counts a login attempt from `client` that did not succeed.
    pub fn fail(&self, client: &str, now: Timestamp) {
        let Ok(mut map) = self.failures.lock() else { return };
        let cutoff = now.plus_millis(-self.window_millis);
        if map.len() > MAX_TRACKED {
            map.retain(|_, times| times.last().is_some_and(|t| *t > cutoff));
        }
        let times = map.entry(client.to_owned()).or_default();
        times.retain(|t| *t > cutoff);
        times.push(now);
    }
}

/// How a login with an id that belongs to no account is answered, chosen before the (always
/// failing) password check as a real account's would be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnknownAttempt {
    /// The address counts as locked out of this id: no check.
    Locked,
    /// The id counts as slowed and its turn is taken: no check.
    Slowed,
    /// Checked and failed; `locked` when this failure locks the address out.
    Failed { locked: bool },
}

/// What a real account would remember, kept for an id that belongs to no account.
#[derive(Default)]
struct UnknownAccount {
    failures: i64,
    last_failed_at: Option<Timestamp>,
    slowed_until: Option<Timestamp>,
    clients: HashMap<String, (i64, Option<Timestamp>)>,
}

/// Failed logins with ids that belong to no account, run through the same lockout rule as real
/// accounts, so that "locked" and "wait" come after the same tries whether or not the id exists.
#[derive(Default)]
pub struct UnknownLogins(Mutex<HashMap<String, UnknownAccount>>);

impl UnknownLogins {
    pub fn attempt(&self, login: &str, client: &str, now: Timestamp) -> UnknownAttempt {
        let Ok(mut map) = self.0.lock() else { return UnknownAttempt::Failed { locked: false } };
        if map.len() > MAX_TRACKED {
            map.clear();
        }
        let key: String = login.trim().to_lowercase().chars().take(64).collect();
        let account = map.entry(key).or_default();
        if account.clients.len() > MAX_TRACKED {
            account.clients.clear();
        }
        let (in_a_row, locked_until) = account.clients.get(client).copied().unwrap_or_default();
        if (ClientRecord { locked_until, last_login_at: None }).is_locked(now) {
            return UnknownAttempt::Locked;
        }
        let recent = lockout::recent_failures(account.failures, account.last_failed_at, now);
        if let Some(wait) = lockout::slowdown_millis(recent) {
            if lockout::is_locked(account.slowed_until, now) {
                return UnknownAttempt::Slowed;
            }
            account.slowed_until = Some(now.plus_millis(wait));
        }
        account.failures = recent + 1;
        account.last_failed_at = Some(now);
        let outcome = lockout::after_failed_login(in_a_row, now);
        account.clients.insert(client.to_owned(), (outcome.failed_logins, outcome.locked_until));
        UnknownAttempt::Failed { locked: outcome.locked_until.is_some() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: Timestamp = Timestamp(1_000_000);

    #[test]
    fn only_failures_count_per_address_within_the_window() {
        let t = LoginThrottle::new(3, 60_000);
        for _ in 0..10 {
            assert!(t.allows("10.0.0.1", NOW), "asking is not failing");
        }
        for _ in 0..3 {
            t.fail("10.0.0.1", NOW);
        }
        assert!(!t.allows("10.0.0.1", NOW));
        assert!(t.allows("10.0.0.2", NOW), "other addresses are not affected");
        assert!(t.allows("10.0.0.1", NOW.plus_millis(60_001)), "the window slides");
    }

    #[test]
    fn unknown_ids_lock_per_address_like_real_accounts() {
        let u = UnknownLogins::default();
        for _ in 0..4 {
            assert_eq!(u.attempt("nobody", "10.0.0.1", NOW), UnknownAttempt::Failed { locked: false });
        }
        assert_eq!(u.attempt("NOBODY", "10.0.0.1", NOW), UnknownAttempt::Failed { locked: true });
        assert_eq!(u.attempt("nobody", "10.0.0.1", NOW), UnknownAttempt::Locked);
        assert_eq!(u.attempt("nobody", "10.0.0.2", NOW), UnknownAttempt::Failed { locked: false });
        assert_eq!(
            u.attempt("nobody", "10.0.0.1", NOW.plus_minutes(15)),
            UnknownAttempt::Failed { locked: false }
        );
    }

    #[test]
    fn unknown_ids_are_slowed_after_many_failures_from_many_addresses() {
        let u = UnknownLogins::default();
        for i in 0..lockout::SLOWDOWN_AFTER {
            assert_eq!(
                u.attempt("nobody", &format!("10.0.0.{i}"), NOW),
                UnknownAttempt::Failed { locked: false }
            );
        }
        assert_eq!(u.attempt("nobody", "10.0.1.1", NOW), UnknownAttempt::Failed { locked: false });
        assert_eq!(u.attempt("nobody", "10.0.1.2", NOW), UnknownAttempt::Slowed);
        assert_eq!(
            u.attempt("nobody", "10.0.1.2", NOW.plus_millis(1_000)),
            UnknownAttempt::Failed { locked: false }
        );
    }
}
