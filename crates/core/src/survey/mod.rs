//! The ministry's yearly G-MIS survey of hospitals as data. An edition is a TOML file
//! (format in `docs/survey-format.md`): its questions in the printed order, the kind of
//! answer each takes, and show-if conditions on earlier answers that carry the answer
//! guide's branching. [`parse_toml`] reads and [`validate`] checks a definition;
//! [`evaluate`] tells, for a set of answers, which questions apply, which are unanswered and
//! which answers are wrong. Editions shipped with iryosec are in [`builtin`].

mod answer;
pub mod builtin;
mod condition;
mod derive;
mod evaluate;
mod model;
mod parse;
mod prefill;
mod validate;
mod words;

#[cfg(test)]
mod tests;

pub use crate::catalog::DefinitionError;
pub use answer::{Answer, AnswerProblem, Answers, Row};
pub use condition::{Condition, Known, Literal, RowCondition, Test};
pub use derive::with_derived_gates;
pub use evaluate::{Evaluation, Invalid, answers_from_json, evaluate, evaluate_json};
pub use model::{AnswerType, Choice, Column, Edition, FORMAT_VERSION, KIND_SURVEY, Question};
pub use parse::parse_toml;
pub use prefill::{Proposal, prefill, prefill_with, respondent};
pub use validate::{Place, Problem, validate};
pub use words::answer_words;
