//! Accounts: login ids and what an account is (the lockout rule is in [`crate::lockout`]).

use crate::clock::Timestamp;
use crate::date::DateStyle;
use crate::ids::{InstitutionId, UserId};
use crate::lockout;
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
    /// Failed logins of the account from any address, each within an hour of the one before.
    pub failed_logins: i64,
    pub last_failed_login_at: Option<Timestamp>,
    /// Until when some address is locked out of the account (shown to administrators).
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

    /// Whether some address is locked out of the account now (the owner elsewhere is not).
    pub fn is_locked(&self, now: Timestamp) -> bool {
        lockout::is_locked(self.locked_until, now)
    }

    /// The account's failed logins that still count towards slowing unfamiliar addresses.
    pub fn recent_failures(&self, now: Timestamp) -> i64 {
        lockout::recent_failures(self.failed_logins, self.last_failed_login_at, now)
    }
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
    fn display_name_defaults_to_the_login_id() {
        let login = LoginId::parse("tanaka").unwrap();
        assert_eq!(parse_display_name("  ", &login).unwrap(), "tanaka");
        assert_eq!(parse_display_name("田中 一郎", &login).unwrap(), "田中 一郎");
    }
}
