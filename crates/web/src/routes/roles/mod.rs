//! `/roles`: the role checklists — the yearly lists answered by the institution (`list`,
//! `answer`), the staff check's codes and paper sheets (`codes`, `paper`), and the year's tally
//! into the nine-area matrix (`tally`). The staff's own page, without an account, is
//! [`crate::routes::check`].

pub mod answer;
pub mod codes;
pub mod list;
pub mod paper;
pub mod tally;

use crate::error::WebResult;
use crate::routes::params::parse_year;
use crate::state::AppState;
use iryosec_core::roles::{Audience, MarkInput, RoleItem};
use serde::Deserialize;
use std::collections::HashMap;

/// `?year=` (this fiscal year when absent) and `?notice=`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct YearQuery {
    pub year: Option<String>,
    pub notice: Option<String>,
}

impl YearQuery {
    pub fn year(&self, state: &AppState) -> WebResult<i32> {
        match self.year.as_deref() {
            Some(raw) => parse_year(raw),
            None => Ok(state.app.current_fiscal_year().0),
        }
    }
}

/// The yearly list a path names (`executive`, `system_admin`, `self_check`).
pub fn yearly_audience(code: &str) -> WebResult<Audience> {
    Audience::parse(code)
        .filter(|a| !a.answered_by_many() && a.code() == code)
        .ok_or(crate::error::WebError::NotFound)
}

/// The marks and notes of a form, one per item (`mark.<key>`, `note.<key>`).
pub fn mark_inputs(items: &[RoleItem], form: &HashMap<String, String>) -> Vec<MarkInput> {
    let get = |name: String| form.get(&name).cloned().unwrap_or_default();
    items
        .iter()
        .map(|i| MarkInput {
            key: i.key.clone(),
            mark: get(format!("mark.{}", i.key)),
            note: get(format!("note.{}", i.key)),
        })
        .collect()
}

/// An item as the answer forms show it: its mark and note (as saved or as sent back).
pub struct ItemField {
    pub key: String,
    pub number: String,
    pub viewpoint: String,
    pub text: String,
    pub mark: String,
    pub note: String,
}

/// The three marks as a form offers them: (code, label).
pub fn mark_choices(page: &crate::page::PageCtx) -> Vec<(&'static str, String)> {
    iryosec_core::roles::Mark::ALL.iter().map(|m| (m.code(), page.t(m.label_key()).to_owned())).collect()
}
