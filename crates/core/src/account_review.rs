//! The account review as kept on record: a review's settings, and what was decided about each
//! finding — 削除, 無効化 or 維持. The ministry's Q&A counts disabling an account as removing
//! it; keeping an account a review flagged is allowed, but only with the reason written down.

use crate::accounts::FindingKind;
use crate::date::{FiscalYear, parse_date};
use crate::message::{FieldError, Message};
use serde::Serialize;
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// 削除: the account is deleted.
    Delete,
    /// 無効化: the account is disabled (kept for the record, cannot log in).
    Disable,
    /// 維持: the account stays, for a reason written down.
    Keep,
}

impl Decision {
    pub const ALL: [Decision; 3] = [Decision::Delete, Decision::Disable, Decision::Keep];

    pub fn code(self) -> &'static str {
        match self {
            Decision::Delete => "delete",
            Decision::Disable => "disable",
            Decision::Keep => "keep",
        }
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            Decision::Delete => "削除",
            Decision::Disable => "無効化",
            Decision::Keep => "維持",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            Decision::Delete => "account_review.decision.delete",
            Decision::Disable => "account_review.decision.disable",
            Decision::Keep => "account_review.decision.keep",
        }
    }

    /// The code or the Japanese name.
    pub fn parse(text: &str) -> Option<Decision> {
        let t = text.trim();
        Decision::ALL.into_iter().find(|d| d.code() == t || d.name_ja() == t)
    }

    /// 削除 and 無効化 both take the account out of use.
    pub fn removes(self) -> bool {
        matches!(self, Decision::Delete | Decision::Disable)
    }
}

/// A reason is a sentence or two, not a document.
pub const REASON_MAX_CHARS: usize = 500;

/// Checks a decision as typed: one of the three, and a reason when the account is kept.
pub fn parse_decision(decision: &str, reason: &str) -> Result<(Decision, String), Vec<FieldError>> {
    let reason = reason.trim().to_owned();
    let mut errors = Vec::new();
    let parsed = Decision::parse(decision);
    match parsed {
        None => errors.push(FieldError::new("decision", Message::new("error.choose_one"))),
        Some(Decision::Keep) if reason.is_empty() => {
            errors.push(FieldError::new("reason", Message::new("account_review.error.keep_needs_reason")))
        }
        Some(_) => {}
    }
    if reason.chars().count() > REASON_MAX_CHARS {
        errors.push(FieldError::new("reason", Message::new("error.too_long").arg("max", REASON_MAX_CHARS)));
    }
    match parsed {
        Some(d) if errors.is_empty() => Ok((d, reason)),
        _ => Err(errors),
    }
}

pub const UNUSED_DAYS_DEFAULT: i64 = 90;
/// Ten years: anything longer is a typing mistake.
pub const UNUSED_DAYS_MAX: i64 = 3650;

/// The unused-days limit as typed (on the page, or as `--unused-days`): a whole number of days
/// from 1 to [`UNUSED_DAYS_MAX`]. The one rule for every way a review is run.
pub fn parse_unused_days(text: &str) -> Result<i64, Message> {
    let days = crate::text::to_half_width(text).trim().parse::<i64>().ok();
    days.filter(|d| (1..=UNUSED_DAYS_MAX).contains(d))
        .ok_or_else(|| Message::new("account_review.error.unused_days").arg("max", UNUSED_DAYS_MAX))
}

/// The settings of a new review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReviewSettings {
    pub reviewed_on: Date,
    /// The 年度 the review counts for (April start), from its date.
    pub fiscal_year: FiscalYear,
    pub unused_days: i64,
}

/// Checks the review date (not after `today`: a review is recorded once it is done) and the
/// unused-days limit.
pub fn parse_settings(
    reviewed_on: &str,
    unused_days: &str,
    today: Date,
) -> Result<ReviewSettings, Vec<FieldError>> {
    let mut errors = Vec::new();
    let date = match reviewed_on.trim() {
        "" => {
            errors.push(FieldError::new("reviewed_on", Message::new("error.required")));
            None
        }
        text => match parse_date(text) {
            Ok(d) if d > today => {
                errors.push(FieldError::new("reviewed_on", Message::new("account_review.error.future")));
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                errors.push(FieldError::new("reviewed_on", Message::new("error.date")));
                None
            }
        },
    };
    let days =
        parse_unused_days(unused_days).map_err(|m| errors.push(FieldError::new("unused_days", m))).ok();
    match (date, days) {
        (Some(d), Some(n)) if errors.is_empty() => {
            Ok(ReviewSettings { reviewed_on: d, fiscal_year: FiscalYear::containing(d), unused_days: n })
        }
        _ => Err(errors),
    }
}

/// A finding of a stored review with what was decided about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecidedFinding {
    pub kind: FindingKind,
    pub system: String,
    pub login: String,
    pub decision: Option<Decision>,
    pub reason: String,
}

impl DecidedFinding {
    /// Decided: removed, or kept with a reason on record.
    pub fn is_decided(&self) -> bool {
        match self.decision {
            Some(Decision::Keep) => !self.reason.trim().is_empty(),
            Some(_) => true,
            None => false,
        }
    }

    /// How the account is named in a reason: `AD: yamada`.
    pub fn account(&self) -> String {
        format!("{}: {}", self.system, self.login)
    }
}

/// A stored review and its findings, as the suggestion rule reads them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewedAccounts {
    pub id: i64,
    pub reviewed_on: Date,
    pub findings: Vec<DecidedFinding>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unused_days_are_one_to_ten_years_whatever_is_typed() {
        assert_eq!(parse_unused_days("９０"), Ok(90));
        assert_eq!(parse_unused_days("3650"), Ok(3650));
        for bad in ["0", "3651", "4294967295", "1000000", "-5", "九十", "99999999999999999999"] {
            assert_eq!(parse_unused_days(bad).unwrap_err().key, "account_review.error.unused_days", "{bad}");
        }
    }
    use time::macros::date;

    #[test]
    fn keeping_an_account_needs_a_reason_and_removing_it_does_not() {
        assert_eq!(parse_decision("delete", "").unwrap(), (Decision::Delete, String::new()));
        assert_eq!(parse_decision("無効化", " 退職 ").unwrap(), (Decision::Disable, "退職".to_owned()));
        let refused = parse_decision("keep", "  ").unwrap_err();
        assert_eq!(refused[0].field, "reason");
        assert_eq!(refused[0].message.key, "account_review.error.keep_needs_reason");
        assert_eq!(parse_decision("維持", "委託先の保守用。作業時のみ有効化").unwrap().0, Decision::Keep);
        assert_eq!(parse_decision("maybe", "").unwrap_err()[0].field, "decision");
        let long = "あ".repeat(REASON_MAX_CHARS + 1);
        assert_eq!(parse_decision("keep", &long).unwrap_err()[0].message.key, "error.too_long");
        assert!(Decision::Disable.removes() && !Decision::Keep.removes());
    }

    #[test]
    fn a_review_belongs_to_the_fiscal_year_of_its_date_and_is_not_dated_ahead() {
        let today = date!(2026 - 05 - 16);
        let s = parse_settings("令和8年3月31日", "90", today).unwrap();
        assert_eq!(
            (s.reviewed_on, s.fiscal_year, s.unused_days),
            (date!(2026 - 03 - 31), FiscalYear(2025), 90)
        );
        assert_eq!(parse_settings("2026-04-01", "１８０", today).unwrap().fiscal_year, FiscalYear(2026));
        let ahead = parse_settings("2026-05-17", "90", today).unwrap_err();
        assert_eq!(ahead[0].message.key, "account_review.error.future");
        let bad = parse_settings("いつか", "0", today).unwrap_err();
        let fields: Vec<_> = bad.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["reviewed_on", "unused_days"]);
    }

    #[test]
    fn a_kept_account_counts_as_decided_only_with_its_reason() {
        let mut f = DecidedFinding {
            kind: FindingKind::Generic,
            system: "AD".into(),
            login: "kiosk".into(),
            decision: Some(Decision::Keep),
            reason: String::new(),
        };
        assert!(!f.is_decided());
        f.reason = "受付の共用端末。パスワードは月次で変更".into();
        assert!(f.is_decided());
        assert_eq!(f.account(), "AD: kiosk");
    }
}
