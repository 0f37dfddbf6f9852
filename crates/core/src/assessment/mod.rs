//! The yearly self-assessment: answers to one checklist edition for one fiscal year.
//!
//! Answers are kept per item and per scope (サーバ / 端末PC / …), keyed by the item's stable
//! key so that next year's assessment can start from this one ([`carry_forward`]).

mod agreement;
mod answer;
mod applicability;
mod carry;
mod status;

pub use agreement::{Agreement, adopted_input, agreement, seen_in, seen_summary, suggested_value};
pub use answer::{Answer, AnswerInput, YesNo, check_answer};
pub use applicability::{Applicability, Facts, applicability};
pub use carry::{CarryFlag, carry_forward};
pub use status::{OpenItem, SectionStatus, Status, status};

use crate::catalog::Scope;

/// Where an answer belongs: an item's key and one of its scopes (`None`: the whole item).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot {
    pub key: String,
    pub scope: Option<Scope>,
}

impl Slot {
    pub fn new(key: &str, scope: Option<Scope>) -> Slot {
        Slot { key: key.to_owned(), scope }
    }

    /// The scope as stored: its code, or "" for the whole item.
    pub fn scope_code(&self) -> &'static str {
        self.scope.map_or("", Scope::code)
    }
}
