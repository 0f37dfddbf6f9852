//! Accounts: login ids, and the lockout rule after repeated failed logins.

use crate::clock::Timestamp;
use crate::date::DateStyle;
use crate::ids::{InstitutionId, UserId};
use crate::message::Message;
use crate::role::Role;
use crate::text::to_half_width;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A login id: 3–64 characters of `a-z 0-9 . _ @ -`, compared case-insensitively (stored
/// lower-case). Unique across the whole server so one login page serves every institution.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LoginId(String);

pub const LOGIN_ID_MIN: usize = 3;
pub const LOGIN_ID_MAX: usize = 64;

impl LoginId {
    pub fn parse(input: &str) -> Result<LoginId, Message> {
        let s = to_half_width(input).to_ascii_lowercase();
        if s.len() < LOGIN_ID_MIN || s.len() > LOGIN_ID_MAX {
            return Err(Message::new("user.error.login_id_length")
                .arg("min", LOGIN_ID_MIN)
                .arg("max", LOGIN_ID_MAX));
        }
        if !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '@' | '-')) {
            return Err(Message::new("user.error.login_id_chars"));
        }
        Ok(LoginId(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LoginId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

pub const DISPLAY_NAME_MAX: usize = 60;

/// A person's name as shown in the UI and the audit log; falls back to the login id.
pub fn parse_display_name(input: &str, login: &LoginId) -> Result<String, Message> {
    let name = input.trim();
    if name.chars().count() > DISPLAY_NAME_MAX {
        return Err(Message::new("error.too_long").arg("max", DISPLAY_NAME_MAX));
    }
    Ok(if name.is_empty() { login.as_str().to_owned() } else { name.to_owned() })
}

/// A login account as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub institution_id: InstitutionId,
    pub login_id: LoginId,
    pub display_name: String,
    pub role: Role,
    /// Argon2id PHC string; never shown, never logged, never in an audit entry.
    pub password_hash: String,
    /// UI language code (`ja`, `en`).
    pub lang: String,
    pub date_style: DateStyle,
    pub disabled: bool,
    pub failed_logins: i64,
    pub locked_until: Option<Timestamp>,
    pub last_login_at: Option<Timestamp>,
    pub password_changed_at: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl User {
    /// What the audit log records of an account: everything but the password hash.
    pub fn audit_view(&self) -> serde_json::Value {
        serde_json::json!({
            "login_id": self.login_id.as_str(),
            "display_name": self.display_name,
            "role": self.role.code(),
            "disabled": self.disabled,
        })
    }

    pub fn is_locked(&self, now: Timestamp) -> bool {
        is_locked(self.locked_until, now)
    }
}

/// After this many failed logins in a row the account is locked for [`LOCKOUT_MINUTES`].
pub const MAX_FAILED_LOGINS: i64 = 5;
pub const LOCKOUT_MINUTES: i64 = 15;

/// The account state after one more failed login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureOutcome {
    pub failed_logins: i64,
    pub locked_until: Option<Timestamp>,
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_ids_are_normalised_and_checked() {
        assert_eq!(LoginId::parse(" Ｓａｔｏ.Hanako ").unwrap().as_str(), "sato.hanako");
        assert_eq!(LoginId::parse("ab").unwrap_err().key, "user.error.login_id_length");
        assert_eq!(LoginId::parse("さとう").unwrap_err().key, "user.error.login_id_chars");
        assert_eq!(LoginId::parse("bob\"e'i;").unwrap_err().key, "user.error.login_id_chars");
        assert!(LoginId::parse(&"a".repeat(65)).is_err());
    }

    #[test]
    fn the_fifth_failure_locks_for_fifteen_minutes() {
        let now = Timestamp(1_000_000);
        let mut count = 0;
        for _ in 0..4 {
            let outcome = after_failed_login(count, now);
            assert_eq!(outcome.locked_until, None);
            count = outcome.failed_logins;
        }
        let fifth = after_failed_login(count, now);
        assert_eq!(fifth.locked_until, Some(now.plus_minutes(15)));
        assert!(is_locked(fifth.locked_until, now.plus_minutes(14)));
        assert!(!is_locked(fifth.locked_until, now.plus_minutes(15)));
    }

    #[test]
    fn display_name_defaults_to_the_login_id() {
        let login = LoginId::parse("tanaka").unwrap();
        assert_eq!(parse_display_name("  ", &login).unwrap(), "tanaka");
        assert_eq!(parse_display_name("田中 一郎", &login).unwrap(), "田中 一郎");
    }
}
