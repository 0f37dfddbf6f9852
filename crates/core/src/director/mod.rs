//! The director's page: the state of things on one page for 院長・理事長・薬局開設者, in plain
//! words. The page gathers what other parts already judge (the year's checklist, the suggestions
//! from the registers, incidents and drills, training, the role checks); this module holds the
//! rules that are the page's own: which suggestions are critical gaps ([`gaps`]), which decisions
//! they call for ([`decisions`]), the words explained once ([`TERMS`]) and who may sign the page
//! off ([`signoff`]). Every line says where it comes from ([`Origin`]).

pub mod decisions;
pub mod gaps;
pub mod signoff;

use crate::message::Message;
use serde::Serialize;

/// Where a line of the page comes from, so the director can ask for the record behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Origin {
    /// The year's self-assessment of the ministry's checklist.
    Assessment { fiscal_year: i32 },
    /// What the registers suggest for a checklist item (by stable key); `number` is the item's
    /// printed number in the year's edition, filled in by whoever knows the edition — the key
    /// itself is never shown.
    Suggestion { key: String, number: Option<String> },
    /// The incident records.
    Incidents,
    /// Drills: the drills register and drills run as incidents.
    Drills,
    /// The staff and training registers.
    Trainings,
    /// The role checklists' tally.
    RoleChecks { fiscal_year: i32 },
}

impl Origin {
    /// 「出典：…」 in words.
    pub fn label(&self) -> Message {
        match self {
            Origin::Assessment { fiscal_year } => Message::new("director.origin.assessment")
                .arg("year", crate::date::FiscalYear(*fiscal_year).label_ja()),
            Origin::Suggestion { number: Some(number), .. } => {
                Message::new("director.origin.suggestion").arg("item", number)
            }
            Origin::Suggestion { number: None, .. } => Message::new("director.origin.suggestion_any"),
            Origin::Incidents => Message::new("director.origin.incidents"),
            Origin::Drills => Message::new("director.origin.drills"),
            Origin::Trainings => Message::new("director.origin.trainings"),
            Origin::RoleChecks { fiscal_year } => Message::new("director.origin.role_checks")
                .arg("year", crate::date::FiscalYear(*fiscal_year).label_ja()),
        }
    }
}

/// The words the page uses that a director may not know, each explained once at the foot of the
/// page (catalog keys `director.term.<code>`: the term, then `…_means`: what it means).
pub const TERMS: [&str; 10] = [
    "offline_backup",
    "vpn",
    "remote_maintenance",
    "patch",
    "end_of_support",
    "bcp",
    "two_factor",
    "account",
    "incident",
    "nine_areas",
];

/// The catalog keys of a term and of its explanation.
pub fn term_keys(code: &str) -> (String, String) {
    (format!("director.term.{code}"), format!("director.term.{code}_means"))
}
