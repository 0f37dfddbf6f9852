//! One answer and the rules it must follow.

use crate::date::{FiscalYear, format_iso, parse_date};
use crate::message::{FieldError, Message};
use serde::{Deserialize, Serialize};
use time::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YesNo {
    Yes,
    No,
}

impl YesNo {
    pub fn code(self) -> &'static str {
        match self {
            YesNo::Yes => "yes",
            YesNo::No => "no",
        }
    }

    /// "yes", "はい", "○", "true" …
    pub fn parse(s: &str) -> Option<YesNo> {
        match crate::text::to_half_width(s).to_lowercase().as_str() {
            "yes" | "はい" | "○" | "〇" | "true" | "y" => Some(YesNo::Yes),
            "no" | "いいえ" | "×" | "false" | "n" => Some(YesNo::No),
            _ => None,
        }
    }

    pub fn name_ja(self) -> &'static str {
        match self {
            YesNo::Yes => "はい",
            YesNo::No => "いいえ",
        }
    }
}

/// An answer as stored. Dates are civil dates (the day written on the form).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Answer {
    pub value: Option<YesNo>,
    /// 確認日: 1回目, 2回目.
    pub confirmed: [Option<Date>; 2],
    /// 目標日, for いいえ: by when it will be done, inside the fiscal year.
    pub target: Option<Date>,
    pub note: String,
    /// Who confirmed (a name as written, or the login that saved it).
    pub confirmed_by: String,
    /// Carried over from last year and not yet reconfirmed.
    pub draft: bool,
}

impl Answer {
    pub fn is_empty(&self) -> bool {
        self.value.is_none()
            && self.confirmed == [None, None]
            && self.target.is_none()
            && self.note.is_empty()
    }
}

/// An answer as typed into the form (or a cell of the workbook).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AnswerInput {
    pub value: String,
    pub confirmed_1: String,
    pub confirmed_2: String,
    pub target: String,
    pub note: String,
    pub confirmed_by: String,
}

pub const NOTE_MAX: usize = 1000;

fn date_field(raw: &str, field: &'static str, errors: &mut Vec<FieldError>) -> Option<Date> {
    if raw.trim().is_empty() {
        return None;
    }
    match parse_date(raw) {
        Ok(d) => Some(d),
        Err(_) => {
            errors.push(FieldError::new(field, Message::new("error.date")));
            None
        }
    }
}

/// Checks an answer for an assessment of `fiscal_year` on `today`. `confirmations` is how
/// many 確認日 the edition has; `gate` says the item is the preliminary question, whose いいえ
/// is a fact, not a gap, and so takes no 目標日. Field names: value, confirmed_1, confirmed_2,
/// target, note.
pub fn check_answer(
    input: &AnswerInput,
    fiscal_year: FiscalYear,
    confirmations: u8,
    gate: bool,
    today: Date,
) -> Result<Answer, Vec<FieldError>> {
    let mut errors = Vec::new();
    let value = match input.value.trim() {
        "" => None,
        v => {
            let parsed = YesNo::parse(v);
            if parsed.is_none() {
                errors.push(FieldError::new("value", Message::new("assessment.error.value")));
            }
            parsed
        }
    };
    let first = date_field(&input.confirmed_1, "confirmed_1", &mut errors);
    let second = date_field(&input.confirmed_2, "confirmed_2", &mut errors);
    let target = date_field(&input.target, "target", &mut errors);
    let fy_start = fiscal_year.start().unwrap_or(Date::MIN);
    for (date, field) in [(first, "confirmed_1"), (second, "confirmed_2")] {
        if date.is_some_and(|d| d > today) {
            errors.push(FieldError::new(
                field,
                Message::new("assessment.error.future").arg("today", format_iso(today)),
            ));
        } else if date.is_some_and(|d| d < fy_start) {
            // Last year's check does not confirm this year's answer.
            errors.push(FieldError::new(
                field,
                Message::new("assessment.error.before_year").arg("start", format_iso(fy_start)),
            ));
        }
    }
    if second.is_some() && confirmations < 2 {
        errors.push(FieldError::new("confirmed_2", Message::new("assessment.error.no_second")));
    }
    if let (Some(a), Some(b)) = (first, second)
        && b < a
    {
        errors.push(FieldError::new("confirmed_2", Message::new("assessment.error.second_before_first")));
    }
    if second.is_some() && first.is_none() {
        errors.push(FieldError::new("confirmed_1", Message::new("assessment.error.first_missing")));
    }
    if value.is_some() && first.is_none() {
        errors.push(FieldError::new("confirmed_1", Message::new("assessment.error.confirmed_required")));
    }
    if gate {
        if target.is_some() {
            errors.push(FieldError::new("target", Message::new("assessment.error.target_for_gate")));
        }
    } else {
        check_target(value, target, fiscal_year, &mut errors);
    }
    let note = input.note.trim().to_owned();
    if note.chars().count() > NOTE_MAX {
        errors.push(FieldError::new("note", Message::new("error.too_long").arg("max", NOTE_MAX)));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Answer {
        value,
        confirmed: [first, second],
        target,
        note,
        confirmed_by: input.confirmed_by.trim().chars().take(60).collect(),
        draft: false,
    })
}

/// いいえ needs a 目標日 inside the fiscal year; はい needs none.
fn check_target(value: Option<YesNo>, target: Option<Date>, fy: FiscalYear, errors: &mut Vec<FieldError>) {
    match (value, target) {
        (Some(YesNo::No), None) => {
            errors.push(FieldError::new("target", Message::new("assessment.error.target_required")))
        }
        (Some(YesNo::No), Some(t)) if !fy.contains(t) => {
            let (start, end) = (
                fy.start().map(format_iso).unwrap_or_default(),
                fy.end().map(format_iso).unwrap_or_default(),
            );
            errors.push(FieldError::new(
                "target",
                Message::new("assessment.error.target_outside").arg("start", start).arg("end", end),
            ));
        }
        (Some(YesNo::Yes), Some(_)) => {
            errors.push(FieldError::new("target", Message::new("assessment.error.target_for_yes")))
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2025 - 11 - 20);

    fn input(value: &str, c1: &str, target: &str) -> AnswerInput {
        AnswerInput {
            value: value.into(),
            confirmed_1: c1.into(),
            target: target.into(),
            ..Default::default()
        }
    }

    fn keys(r: Result<Answer, Vec<FieldError>>) -> Vec<(&'static str, &'static str)> {
        r.err().unwrap_or_default().iter().map(|e| (e.field, e.message.key)).collect()
    }

    #[test]
    fn a_yes_with_its_date_is_fine() {
        let a = check_answer(&input("はい", "令和7年6月1日", ""), FiscalYear(2025), 1, false, TODAY).unwrap();
        assert_eq!((a.value, a.confirmed[0]), (Some(YesNo::Yes), Some(date!(2025 - 06 - 01))));
    }

    #[test]
    fn a_no_needs_a_target_inside_the_fiscal_year() {
        assert_eq!(
            keys(check_answer(&input("no", "2025-06-01", ""), FiscalYear(2025), 1, false, TODAY)),
            vec![("target", "assessment.error.target_required")]
        );
        assert_eq!(
            keys(check_answer(&input("no", "2025-06-01", "2026-04-01"), FiscalYear(2025), 1, false, TODAY)),
            vec![("target", "assessment.error.target_outside")]
        );
        assert!(
            check_answer(&input("no", "2025-06-01", "2026-03-31"), FiscalYear(2025), 1, false, TODAY).is_ok()
        );
        assert_eq!(
            keys(check_answer(&input("yes", "2025-06-01", "2026-03-31"), FiscalYear(2025), 1, false, TODAY)),
            vec![("target", "assessment.error.target_for_yes")]
        );
    }

    #[test]
    fn confirmation_dates_are_not_in_the_future_and_in_order() {
        assert_eq!(
            keys(check_answer(&input("yes", "2025-11-21", ""), FiscalYear(2025), 1, false, TODAY)),
            vec![("confirmed_1", "assessment.error.future")]
        );
        let two = AnswerInput {
            value: "yes".into(),
            confirmed_1: "2025-09-01".into(),
            confirmed_2: "2025-08-01".into(),
            ..Default::default()
        };
        assert_eq!(
            keys(check_answer(&two, FiscalYear(2025), 2, false, TODAY)),
            vec![("confirmed_2", "assessment.error.second_before_first")]
        );
        assert_eq!(
            keys(check_answer(&two, FiscalYear(2025), 1, false, TODAY)).first(),
            Some(&("confirmed_2", "assessment.error.no_second"))
        );
        assert_eq!(
            keys(check_answer(&input("yes", "", ""), FiscalYear(2025), 1, false, TODAY)),
            vec![("confirmed_1", "assessment.error.confirmed_required")]
        );
    }

    #[test]
    fn garbage_is_named_per_field() {
        let bad = AnswerInput { value: "maybe".into(), confirmed_1: "someday".into(), ..Default::default() };
        assert_eq!(
            keys(check_answer(&bad, FiscalYear(2025), 1, false, TODAY)),
            vec![("value", "assessment.error.value"), ("confirmed_1", "error.date")]
        );
    }

    #[test]
    fn a_check_from_before_the_fiscal_year_does_not_count() {
        assert_eq!(
            keys(check_answer(&input("はい", "2025-03-31", ""), FiscalYear(2025), 1, false, TODAY)),
            vec![("confirmed_1", "assessment.error.before_year")]
        );
    }

    #[test]
    fn the_preliminary_question_takes_no_target() {
        assert!(check_answer(&input("いいえ", "2025-06-01", ""), FiscalYear(2025), 1, true, TODAY).is_ok());
        assert_eq!(
            keys(check_answer(
                &input("いいえ", "2025-06-01", "2025-12-01"),
                FiscalYear(2025),
                1,
                true,
                TODAY
            )),
            vec![("target", "assessment.error.target_for_gate")]
        );
    }

    #[test]
    fn an_empty_input_is_an_empty_answer() {
        assert!(check_answer(&AnswerInput::default(), FiscalYear(2025), 1, false, TODAY).unwrap().is_empty());
    }
}
