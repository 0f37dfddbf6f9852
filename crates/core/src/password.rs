//! The password rule. Length is what makes a password strong; composition rules make people
//! write `Password1!` on a sticky note, so we ask for length and refuse only the obvious.

use crate::message::Message;

pub const MIN_CHARS: usize = 12;
pub const MAX_CHARS: usize = 128;

/// Passwords seen in every breach list, and the ones a hospital would guess first.
const COMMON: [&str; 12] = [
    "password1234",
    "passwordpassword",
    "123456789012",
    "qwertyuiopas",
    "administrator",
    "iryosec12345",
    "iryosecadmin",
    "hospital1234",
    "byouin123456",
    "p@ssw0rd1234",
    "abc123456789",
    "admin1234567",
];

/// Checks a new password against the rule; `login_id` must not be part of it.
pub fn check(password: &str, login_id: &str) -> Result<(), Message> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(Message::new("password.error.too_short").arg("min", MIN_CHARS));
    }
    if chars > MAX_CHARS {
        return Err(Message::new("password.error.too_long").arg("max", MAX_CHARS));
    }
    let lower = password.to_lowercase();
    if !login_id.is_empty() && lower.contains(&login_id.to_lowercase()) {
        return Err(Message::new("password.error.contains_login_id"));
    }
    if COMMON.contains(&lower.as_str()) || is_run(&lower) {
        return Err(Message::new("password.error.too_common"));
    }
    Ok(())
}

/// "aaaaaaaaaaaa", "123456789012…", "abcdefghijkl": one character repeated or one step apart.
fn is_run(s: &str) -> bool {
    let codes: Vec<i64> = s.chars().map(|c| i64::from(u32::from(c))).collect();
    let steps: Vec<i64> = codes.iter().zip(codes.iter().skip(1)).map(|(a, b)| b - a).collect();
    let first = steps.first().copied().unwrap_or(0);
    matches!(first, -1..=1)
        && steps.iter().all(|&s| s == first || (first == 1 && s == -9) || (first == -1 && s == 9))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_passphrases_pass() {
        assert_eq!(check("kaigi-shitsu-no-mado", "tanaka"), Ok(()));
        assert_eq!(check("さくらの花が咲く季節です", "tanaka"), Ok(()));
    }

    #[test]
    fn short_passwords_are_refused_with_the_minimum() {
        let err = check("short-pw", "tanaka").unwrap_err();
        assert_eq!(err.key, "password.error.too_short");
        assert_eq!(err.args, vec![("min", "12".to_owned())]);
    }

    #[test]
    fn the_login_id_may_not_be_inside() {
        assert_eq!(
            check("Tanaka-2025-spring", "tanaka").unwrap_err().key,
            "password.error.contains_login_id"
        );
    }

    #[test]
    fn obvious_passwords_are_refused() {
        for pw in ["Password1234", "aaaaaaaaaaaa", "123456789012", "abcdefghijklmnop", "987654321098"] {
            assert_eq!(check(pw, "tanaka").unwrap_err().key, "password.error.too_common", "{pw}");
        }
    }

    #[test]
    fn too_long_is_refused() {
        assert_eq!(check(&"x1y2".repeat(40), "t").unwrap_err().key, "password.error.too_long");
    }
}
