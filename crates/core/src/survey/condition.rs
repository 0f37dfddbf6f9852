//! The small language of show-if conditions. In a definition file a condition is an inline
//! table (`{ yes = "Q6" }`, `{ question = "Q8", in = [1, 2] }`, `{ any_row = "Q15", where =
//! { column = "maker", equals = "Fortinet" } }`, `{ and = [...] }`); see
//! `docs/survey-format.md`.
//!
//! Conditions are judged in three values: a test on a question that has no answer (not yet
//! answered, skipped by the branching, or answered wrongly) is unknown, `and`/`or`/`not`
//! combine unknowns as Kleene logic does, and a question is shown only when its condition is
//! known to be true. So a question never appears because of an answer nobody gave.

use super::answer::{Answer, Row};
use crate::text::to_half_width;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A value written in a condition: an option number, a number, or a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Literal {
    Number(i64),
    Text(String),
}

impl Literal {
    /// Whether an answer is this value. Texts compare without regard to case or full-width
    /// letters, so `Fortinet` matches `ＦＯＲＴＩＮＥＴ` and `fortinet`.
    pub fn matches(&self, answer: &Answer) -> bool {
        match (self, answer) {
            (Literal::Number(n), Answer::Choice(c)) => i64::from(*c) == *n,
            (Literal::Number(n), Answer::Number(m)) => n == m,
            (Literal::Text(t), Answer::Text(s)) => fold(t) == fold(s),
            _ => false,
        }
    }
}

fn fold(s: &str) -> String {
    to_half_width(s).to_lowercase()
}

/// What is asked of one answer (or one cell).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Test {
    Yes,
    No,
    Equals(Literal),
    In(Vec<Literal>),
    /// A multiple choice includes this option.
    Contains(u32),
}

impl Test {
    /// `None` when there is no answer to test.
    fn eval(&self, value: Option<&Answer>) -> Option<bool> {
        let value = value?;
        Some(match (self, value) {
            (Test::Yes, Answer::YesNo(b)) => *b,
            (Test::No, Answer::YesNo(b)) => !*b,
            (Test::Equals(l), v) => l.matches(v),
            (Test::In(ls), v) => ls.iter().any(|l| l.matches(v)),
            (Test::Contains(n), Answer::Choices(chosen)) => chosen.contains(n),
            _ => false,
        })
    }
}

/// When a question is shown, in terms of earlier answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawCondition", into = "RawCondition")]
pub enum Condition {
    Is {
        question: String,
        test: Test,
    },
    /// The table has a row (that matches `row`, when given).
    AnyRow {
        question: String,
        row: Option<RowCondition>,
    },
    And(Vec<Condition>),
    Or(Vec<Condition>),
    Not(Box<Condition>),
}

/// A test on the cells of one row of a table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "RawRowCondition", into = "RawRowCondition")]
pub enum RowCondition {
    Is { column: String, test: Test },
    And(Vec<RowCondition>),
    Or(Vec<RowCondition>),
    Not(Box<RowCondition>),
}

/// The answers a condition may look at: earlier questions' accepted answers.
pub type Known<'a> = BTreeMap<&'a str, &'a Answer>;

impl Condition {
    pub fn eval(&self, known: &Known<'_>) -> Option<bool> {
        match self {
            Condition::Is { question, test } => test.eval(known.get(question.as_str()).copied()),
            Condition::AnyRow { question, row } => match known.get(question.as_str()).copied()? {
                Answer::Table(rows) => match row {
                    None => Some(!rows.is_empty()),
                    Some(cond) => any(rows.iter().map(|r| cond.eval(r))),
                },
                _ => Some(false),
            },
            Condition::And(all_of) => all(all_of.iter().map(|c| c.eval(known))),
            Condition::Or(any_of) => any(any_of.iter().map(|c| c.eval(known))),
            Condition::Not(inner) => inner.eval(known).map(|b| !b),
        }
    }
}

impl Condition {
    /// The questions the condition looks at.
    pub fn questions(&self) -> Vec<&str> {
        match self {
            Condition::Is { question, .. } | Condition::AnyRow { question, .. } => vec![question.as_str()],
            Condition::And(list) | Condition::Or(list) => {
                list.iter().flat_map(Condition::questions).collect()
            }
            Condition::Not(inner) => inner.questions(),
        }
    }
}

impl RowCondition {
    pub fn eval(&self, row: &Row) -> Option<bool> {
        match self {
            RowCondition::Is { column, test } => test.eval(row.get(column)),
            RowCondition::And(all_of) => all(all_of.iter().map(|c| c.eval(row))),
            RowCondition::Or(any_of) => any(any_of.iter().map(|c| c.eval(row))),
            RowCondition::Not(inner) => inner.eval(row).map(|b| !b),
        }
    }
}

/// Kleene `and`: false wins over unknown.
fn all(values: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut result = Some(true);
    for v in values {
        match v {
            Some(false) => return Some(false),
            None => result = None,
            Some(true) => {}
        }
    }
    result
}

/// Kleene `or`: true wins over unknown.
fn any(values: impl Iterator<Item = Option<bool>>) -> Option<bool> {
    let mut result = Some(false);
    for v in values {
        match v {
            Some(true) => return Some(true),
            None => result = None,
            Some(false) => {}
        }
    }
    result
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Number(n) => write!(f, "{n}"),
            Literal::Text(t) => write!(f, "\"{t}\""),
        }
    }
}

fn write_test(f: &mut fmt::Formatter<'_>, subject: &str, test: &Test) -> fmt::Result {
    match test {
        Test::Yes => write!(f, "yes({subject})"),
        Test::No => write!(f, "no({subject})"),
        Test::Equals(l) => write!(f, "{subject} = {l}"),
        Test::In(ls) => {
            let list: Vec<String> = ls.iter().map(Literal::to_string).collect();
            write!(f, "{subject} in [{}]", list.join(", "))
        }
        Test::Contains(n) => write!(f, "{subject} contains {n}"),
    }
}

fn write_list<T: fmt::Display>(f: &mut fmt::Formatter<'_>, items: &[T], op: &str) -> fmt::Result {
    let parts: Vec<String> = items.iter().map(|c| format!("({c})")).collect();
    write!(f, "{}", parts.join(op))
}

/// The condition in a compact notation (`yes(Q6)`, `Q8 in [1, 2]`,
/// `any_row(Q15, maker = "Fortinet")`, `(…) and (…)`), for outlines and messages.
impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Is { question, test } => write_test(f, question, test),
            Condition::AnyRow { question, row: None } => write!(f, "any_row({question})"),
            Condition::AnyRow { question, row: Some(r) } => write!(f, "any_row({question}, {r})"),
            Condition::And(cs) => write_list(f, cs, " and "),
            Condition::Or(cs) => write_list(f, cs, " or "),
            Condition::Not(c) => write!(f, "not ({c})"),
        }
    }
}

impl fmt::Display for RowCondition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RowCondition::Is { column, test } => write_test(f, column, test),
            RowCondition::And(cs) => write_list(f, cs, " and "),
            RowCondition::Or(cs) => write_list(f, cs, " or "),
            RowCondition::Not(c) => write!(f, "not ({c})"),
        }
    }
}

// The file form: one inline table with optional keys, of which exactly one form must be
// used. Reading through it (instead of an untagged enum) gives clear errors with a line.
// `flatten` cannot be combined with `deny_unknown_fields`, so the test keys are repeated.

const CONDITION_FORMS: &str = "条件は yes・no・question（equals／in／contains を添える）・any_row（where を添えられる）・and・or・not のどれか一つで書いてください";
const ROW_FORMS: &str = "where の条件は yes・no・column（equals／in／contains を添える）・and・or・not のどれか一つで書いてください";

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCondition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    yes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    question: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    equals: Option<Literal>,
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    one_of: Option<Vec<Literal>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    contains: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    any_row: Option<String>,
    #[serde(default, rename = "where", skip_serializing_if = "Option::is_none")]
    row: Option<RowCondition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    and: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    or: Option<Vec<Condition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not: Option<Box<Condition>>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRowCondition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    yes: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    no: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    column: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    equals: Option<Literal>,
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    one_of: Option<Vec<Literal>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    contains: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    and: Option<Vec<RowCondition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    or: Option<Vec<RowCondition>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    not: Option<Box<RowCondition>>,
}

/// The test keys of one inline table, checked to form exactly one test on one subject.
struct TestKeys {
    yes: Option<String>,
    no: Option<String>,
    subject: Option<String>,
    equals: Option<Literal>,
    one_of: Option<Vec<Literal>>,
    contains: Option<u32>,
}

impl TestKeys {
    fn is_empty(&self) -> bool {
        self.yes.is_none()
            && self.no.is_none()
            && self.subject.is_none()
            && self.equals.is_none()
            && self.one_of.is_none()
            && self.contains.is_none()
    }

    fn into_test(self) -> Option<(String, Test)> {
        match self {
            TestKeys {
                yes: Some(id),
                no: None,
                subject: None,
                equals: None,
                one_of: None,
                contains: None,
            } => Some((id, Test::Yes)),
            TestKeys {
                yes: None,
                no: Some(id),
                subject: None,
                equals: None,
                one_of: None,
                contains: None,
            } => Some((id, Test::No)),
            TestKeys { yes: None, no: None, subject: Some(id), equals, one_of, contains } => {
                match (equals, one_of, contains) {
                    (Some(l), None, None) => Some((id, Test::Equals(l))),
                    (None, Some(ls), None) => Some((id, Test::In(ls))),
                    (None, None, Some(n)) => Some((id, Test::Contains(n))),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

fn split_test(test: &Test, subject: String) -> (Option<String>, Option<String>, TestKeys) {
    let mut keys =
        TestKeys { yes: None, no: None, subject: None, equals: None, one_of: None, contains: None };
    match test {
        Test::Yes => keys.yes = Some(subject),
        Test::No => keys.no = Some(subject),
        Test::Equals(l) => (keys.subject, keys.equals) = (Some(subject), Some(l.clone())),
        Test::In(ls) => (keys.subject, keys.one_of) = (Some(subject), Some(ls.clone())),
        Test::Contains(n) => (keys.subject, keys.contains) = (Some(subject), Some(*n)),
    }
    (keys.yes.take(), keys.no.take(), keys)
}

impl TryFrom<RawCondition> for Condition {
    type Error = String;

    fn try_from(r: RawCondition) -> Result<Condition, String> {
        let keys = TestKeys {
            yes: r.yes,
            no: r.no,
            subject: r.question,
            equals: r.equals,
            one_of: r.one_of,
            contains: r.contains,
        };
        let no_test = keys.is_empty();
        let form = match (r.any_row, r.row, r.and, r.or, r.not) {
            (None, None, None, None, None) => {
                keys.into_test().map(|(question, test)| Condition::Is { question, test })
            }
            (Some(question), row, None, None, None) if no_test => Some(Condition::AnyRow { question, row }),
            (None, None, Some(list), None, None) if no_test => Some(Condition::And(list)),
            (None, None, None, Some(list), None) if no_test => Some(Condition::Or(list)),
            (None, None, None, None, Some(inner)) if no_test => Some(Condition::Not(inner)),
            _ => None,
        };
        form.ok_or_else(|| CONDITION_FORMS.to_owned())
    }
}

impl From<Condition> for RawCondition {
    fn from(c: Condition) -> RawCondition {
        match c {
            Condition::Is { question, test } => {
                let (yes, no, keys) = split_test(&test, question);
                RawCondition {
                    yes,
                    no,
                    question: keys.subject,
                    equals: keys.equals,
                    one_of: keys.one_of,
                    contains: keys.contains,
                    ..RawCondition::default()
                }
            }
            Condition::AnyRow { question, row } => {
                RawCondition { any_row: Some(question), row, ..RawCondition::default() }
            }
            Condition::And(list) => RawCondition { and: Some(list), ..RawCondition::default() },
            Condition::Or(list) => RawCondition { or: Some(list), ..RawCondition::default() },
            Condition::Not(inner) => RawCondition { not: Some(inner), ..RawCondition::default() },
        }
    }
}

impl TryFrom<RawRowCondition> for RowCondition {
    type Error = String;

    fn try_from(r: RawRowCondition) -> Result<RowCondition, String> {
        let keys = TestKeys {
            yes: r.yes,
            no: r.no,
            subject: r.column,
            equals: r.equals,
            one_of: r.one_of,
            contains: r.contains,
        };
        let no_test = keys.is_empty();
        let form = match (r.and, r.or, r.not) {
            (None, None, None) => keys.into_test().map(|(column, test)| RowCondition::Is { column, test }),
            (Some(list), None, None) if no_test => Some(RowCondition::And(list)),
            (None, Some(list), None) if no_test => Some(RowCondition::Or(list)),
            (None, None, Some(inner)) if no_test => Some(RowCondition::Not(inner)),
            _ => None,
        };
        form.ok_or_else(|| ROW_FORMS.to_owned())
    }
}

impl From<RowCondition> for RawRowCondition {
    fn from(c: RowCondition) -> RawRowCondition {
        match c {
            RowCondition::Is { column, test } => {
                let (yes, no, keys) = split_test(&test, column);
                RawRowCondition {
                    yes,
                    no,
                    column: keys.subject,
                    equals: keys.equals,
                    one_of: keys.one_of,
                    contains: keys.contains,
                    ..RawRowCondition::default()
                }
            }
            RowCondition::And(list) => RawRowCondition { and: Some(list), ..RawRowCondition::default() },
            RowCondition::Or(list) => RawRowCondition { or: Some(list), ..RawRowCondition::default() },
            RowCondition::Not(inner) => RawRowCondition { not: Some(inner), ..RawRowCondition::default() },
        }
    }
}

#[cfg(test)]
mod tests;
