//! Login throttling per client address: a guard against password guessing from one machine
//! across many accounts, which the per-account lockout alone does not stop.

use iryosec_core::Timestamp;
use std::collections::HashMap;
use std::sync::Mutex;

pub struct LoginThrottle {
    max_attempts: usize,
    window_millis: i64,
    attempts: Mutex<HashMap<String, Vec<Timestamp>>>,
}

impl Default for LoginThrottle {
    /// 20 attempts per address in 5 minutes: plenty for a person, little for a script.
    fn default() -> Self {
        LoginThrottle::new(20, 5 * 60_000)
    }
}

impl LoginThrottle {
    pub fn new(max_attempts: usize, window_millis: i64) -> LoginThrottle {
        LoginThrottle { max_attempts, window_millis, attempts: Mutex::new(HashMap::new()) }
    }

    /// Records an attempt from `client`; false when it is over the limit.
    pub fn allow(&self, client: &str, now: Timestamp) -> bool {
        let Ok(mut map) = self.attempts.lock() else { return true };
        let cutoff = now.plus_millis(-self.window_millis);
        if map.len() > 10_000 {
            map.retain(|_, times| times.last().is_some_and(|t| *t > cutoff));
        }
        let times = map.entry(client.to_owned()).or_default();
        times.retain(|t| *t > cutoff);
        if times.len() >= self.max_attempts {
            return false;
        }
        times.push(now);
        true
    }
}

/// Failed logins with ids that belong to no account, counted like real accounts' failures so
/// that "locked" is said after five tries whether or not the id exists.
#[derive(Default)]
pub struct UnknownLogins(Mutex<HashMap<String, (i64, Option<Timestamp>)>>);

impl UnknownLogins {
    /// Counts a failure; true when the id now counts as locked.
    pub fn fail(&self, login: &str, now: Timestamp) -> bool {
        let Ok(mut map) = self.0.lock() else { return false };
        if map.len() > 10_000 {
            map.clear();
        }
        let key: String = login.trim().to_lowercase().chars().take(64).collect();
        let entry = map.entry(key).or_insert((0, None));
        if iryosec_core::user::is_locked(entry.1, now) {
            return true;
        }
        let outcome = iryosec_core::user::after_failed_login(entry.0, now);
        *entry = (outcome.failed_logins, outcome.locked_until);
        outcome.locked_until.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_address_within_the_window() {
        let t = LoginThrottle::new(3, 60_000);
        let now = Timestamp(1_000_000);
        assert!(t.allow("10.0.0.1", now));
        assert!(t.allow("10.0.0.1", now));
        assert!(t.allow("10.0.0.1", now));
        assert!(!t.allow("10.0.0.1", now));
        assert!(t.allow("10.0.0.2", now), "other addresses are not affected");
        assert!(t.allow("10.0.0.1", now.plus_millis(60_001)), "the window slides");
    }
}
