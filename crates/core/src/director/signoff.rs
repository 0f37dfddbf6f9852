//! The director's 「確認しました」: who may record it, and what it says — the day, a comment, and
//! for an administrator acting for the director, the director's name.

use crate::date::FiscalYear;
use crate::message::{FieldError, Message};
use crate::role::Role;
use serde::{Deserialize, Serialize};
use time::Date;

/// Whether the director signed in person or an administrator for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignedAs {
    /// The director, logged in with the 閲覧者 role.
    Director,
    /// An administrator recording the director's confirmation (given on paper, say).
    OnBehalf,
}

impl SignedAs {
    /// Who may record a sign-off: the director's role (閲覧者) as themselves, an administrator
    /// for them; nobody else.
    pub fn for_role(role: Role) -> Option<SignedAs> {
        match role {
            Role::Viewer => Some(SignedAs::Director),
            Role::Admin => Some(SignedAs::OnBehalf),
            Role::Editor | Role::Auditor => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            SignedAs::Director => "director",
            SignedAs::OnBehalf => "on_behalf",
        }
    }

    pub fn parse(code: &str) -> Option<SignedAs> {
        match code {
            "director" => Some(SignedAs::Director),
            "on_behalf" => Some(SignedAs::OnBehalf),
            _ => None,
        }
    }
}

/// A sign-off as a form gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SignOffInput {
    /// The day the director confirmed (`2025-06-01`, or 和暦); empty: today.
    pub signed_on: String,
    pub comment: String,
    /// The director's name; required when an administrator records it.
    pub director_name: String,
}

/// A checked sign-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    pub signed_on: Date,
    pub comment: String,
    pub signed_as: SignedAs,
    /// The director's name as given (in person: the account's display name).
    pub director_name: String,
}

pub const COMMENT_MAX: usize = 1000;
pub const NAME_MAX: usize = 100;

/// Checks a sign-off: a day inside the fiscal year and not after today, a comment within bounds,
/// and the director's name when someone records it for them.
pub fn check(
    input: &SignOffInput,
    signed_as: SignedAs,
    own_name: &str,
    year: FiscalYear,
    today: Date,
) -> Result<SignOff, Vec<FieldError>> {
    let mut errors = Vec::new();
    let signed_on = match input.signed_on.trim() {
        "" => Some(today),
        text => match crate::date::parse_record_date(text) {
            Ok(d) if d > today => {
                errors.push(FieldError::new("signed_on", Message::new("director.error.future")));
                None
            }
            Ok(d) if year.start().is_some_and(|start| d < start) => {
                errors.push(FieldError::new(
                    "signed_on",
                    Message::new("director.error.before_year").arg("year", year.label_ja()),
                ));
                None
            }
            Ok(d) => Some(d),
            Err(m) => {
                errors.push(FieldError::new("signed_on", m));
                None
            }
        },
    };
    let comment = input.comment.trim();
    if comment.chars().count() > COMMENT_MAX {
        errors.push(FieldError::new("comment", Message::new("error.too_long").arg("max", COMMENT_MAX)));
    }
    let director_name = match signed_as {
        SignedAs::Director => own_name.trim().to_owned(),
        SignedAs::OnBehalf => input.director_name.trim().to_owned(),
    };
    if director_name.is_empty() {
        errors.push(FieldError::new("director_name", Message::new("director.error.name_required")));
    } else if director_name.chars().count() > NAME_MAX {
        errors.push(FieldError::new("director_name", Message::new("error.too_long").arg("max", NAME_MAX)));
    }
    match signed_on {
        Some(signed_on) if errors.is_empty() => {
            Ok(SignOff { signed_on, comment: comment.to_owned(), signed_as, director_name })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2025 - 06 - 10);

    fn input(on: &str, name: &str) -> SignOffInput {
        SignOffInput {
            signed_on: on.into(),
            comment: "予算は来月の理事会で".into(),
            director_name: name.into(),
        }
    }

    #[test]
    fn the_director_signs_in_person_an_administrator_for_them_and_nobody_else() {
        assert_eq!(SignedAs::for_role(Role::Viewer), Some(SignedAs::Director));
        assert_eq!(SignedAs::for_role(Role::Admin), Some(SignedAs::OnBehalf));
        assert_eq!(SignedAs::for_role(Role::Editor), None);
        assert_eq!(SignedAs::for_role(Role::Auditor), None);
    }

    #[test]
    fn a_sign_off_has_a_day_in_the_year_up_to_today_and_a_name() {
        let year = FiscalYear(2025);
        let own = check(&input("", ""), SignedAs::Director, "院長 山田", year, TODAY).unwrap();
        assert_eq!((own.signed_on, own.director_name.as_str()), (TODAY, "院長 山田"));
        let held =
            check(&input("令和7年6月1日", "山田 太郎"), SignedAs::OnBehalf, "管理者", year, TODAY).unwrap();
        assert_eq!((held.signed_on, held.director_name.as_str()), (date!(2025 - 06 - 01), "山田 太郎"));

        let errors = check(&input("2025-07-01", ""), SignedAs::OnBehalf, "管理者", year, TODAY).unwrap_err();
        let keys: Vec<_> = errors.iter().map(|e| (e.field, e.message.key)).collect();
        assert_eq!(
            keys,
            [("signed_on", "director.error.future"), ("director_name", "director.error.name_required")]
        );
        let before = check(&input("2025-03-31", "山田"), SignedAs::OnBehalf, "", year, TODAY).unwrap_err();
        assert_eq!(before[0].message.key, "director.error.before_year");
        let last_year = check(&input("2025-05-01", "山田"), SignedAs::OnBehalf, "", FiscalYear(2024), TODAY);
        assert!(last_year.is_ok(), "last year's page may be signed after the year ended");
    }
}
