//! The one-page form's rows and the list of answers that differ from their suggestion, as the
//! answer page and the overview show them.

use super::view::{answer_key, date_text, number_text, scope_label};
use crate::form::message;
use crate::page::PageCtx;
use iryosec_app::answer_sheet::{AnswerSheet, SheetItem, SheetSlot};
use iryosec_app::assessments::SlotErrors;
use iryosec_core::assessment::{Agreement, AnswerInput, Slot, YesNo};
use iryosec_core::catalog::Scope;
use iryosec_core::date::format_iso;
use std::collections::BTreeMap;

/// What a person typed into the form that was refused, with the problems per slot.
pub struct Typed {
    pub inputs: BTreeMap<Slot, AnswerInput>,
    pub errors: SlotErrors,
}

/// One answer slot as a row of the form.
pub struct SheetRow {
    /// Field names start with it: `{key}.{scope}`.
    pub name: String,
    pub key: String,
    /// The item's number and title go on its first row, spanning its slots.
    pub first: bool,
    pub span: usize,
    pub number: String,
    pub title: String,
    pub scope_label: String,
    pub applies: bool,
    pub na_reason: String,
    pub value: String,
    pub confirmed_1: String,
    pub confirmed_2: String,
    pub target: String,
    pub note: String,
    pub confirmed_by: String,
    /// Carried from last year and not yet confirmed: what it said.
    pub last_year: String,
    pub suggestion_code: &'static str,
    pub suggestion_label: String,
    pub suggestion_reasons: String,
    pub agreement_code: &'static str,
    pub agreement_label: String,
    pub changed: bool,
    /// Problems by field, in the person's language.
    pub errors: Vec<(String, String)>,
}

impl SheetRow {
    pub fn error(&self, field: &str) -> bool {
        self.errors.iter().any(|(f, _)| f == field)
    }
}

pub struct SheetSection {
    pub number: String,
    pub title: String,
    pub rows: Vec<SheetRow>,
}

/// An answer that does not follow its suggestion, with the reason given.
pub struct DifferenceRow {
    pub number: String,
    pub key: String,
    pub scope: String,
    pub agreement_code: &'static str,
    pub agreement_label: String,
    pub detail: String,
    pub reason: String,
}

/// The form's sections (all, or the one asked for), each row filled with what was typed, else
/// what is saved, else the defaults: 確認日 today, 確認者 the person.
pub fn sections(
    page: &PageCtx,
    sheet: &AnswerSheet,
    only: &str,
    typed: Option<&Typed>,
    by: &str,
) -> Vec<SheetSection> {
    sheet
        .view
        .edition
        .sections
        .iter()
        .filter(|s| only.is_empty() || s.number == only)
        .map(|s| SheetSection {
            number: s.number.clone(),
            title: s.title.clone(),
            rows: sheet
                .items
                .iter()
                .filter(|i| i.item.section == s.number)
                .flat_map(|i| i.slots.iter().enumerate().map(move |(n, slot)| (i, n, slot)))
                .map(|(item, n, slot)| row(page, sheet, item, n, slot, typed, by))
                .collect(),
        })
        .collect()
}

fn row(
    page: &PageCtx,
    sheet: &AnswerSheet,
    item: &SheetItem,
    n: usize,
    slot: &SheetSlot,
    typed: Option<&Typed>,
    by: &str,
) -> SheetRow {
    let key = Slot::new(&item.item.key, slot.scope);
    let saved = slot.answer.clone().unwrap_or_default();
    let iso = |d: Option<time::Date>| d.map(format_iso).unwrap_or_default();
    let confirmed = !saved.draft && saved.value.is_some();
    let input = match typed.and_then(|t| t.inputs.get(&key)) {
        Some(input) => input.clone(),
        None => AnswerInput {
            value: saved.value.filter(|_| !saved.draft).map(YesNo::code).unwrap_or("").to_owned(),
            confirmed_1: if confirmed { iso(saved.confirmed[0]) } else { format_iso(sheet.today) },
            confirmed_2: iso(saved.confirmed[1]),
            target: iso(saved.target),
            note: saved.note.clone(),
            confirmed_by: if saved.confirmed_by.is_empty() {
                by.to_owned()
            } else {
                saved.confirmed_by.clone()
            },
        },
    };
    let errors = typed
        .into_iter()
        .flat_map(|t| t.errors.iter().filter(|(s, _)| *s == key))
        .flat_map(|(_, e)| e.iter().map(|f| (f.field.to_owned(), message(page.lang, &f.message))))
        .collect();
    let suggested = &slot.suggested;
    SheetRow {
        name: format!("{}.{}", item.item.key, slot.scope.map_or("item", Scope::code)),
        key: item.item.key.clone(),
        first: n == 0,
        span: item.slots.len(),
        number: number_text(page.lang, &item.item.number),
        title: item.item.title.clone(),
        scope_label: scope_label(page, slot.scope),
        applies: item.applicability.applies(),
        na_reason: item.applicability.reason_key().map(|k| page.t(k).to_owned()).unwrap_or_default(),
        value: YesNo::parse(&input.value).map_or("", YesNo::code).to_owned(),
        confirmed_1: input.confirmed_1,
        confirmed_2: input.confirmed_2,
        target: input.target,
        note: input.note,
        confirmed_by: input.confirmed_by,
        last_year: match saved.value.filter(|_| saved.draft) {
            Some(v) => page.t1("assessment.sheet.last_year", "value", page.t(answer_key(v))),
            None => String::new(),
        },
        suggestion_code: suggested.suggestion.code(),
        suggestion_label: page.t(suggested.suggestion.label_key()).to_owned(),
        suggestion_reasons: suggested
            .reasons
            .iter()
            .map(|m| message(page.lang, m))
            .collect::<Vec<_>>()
            .join(" "),
        agreement_code: slot.agreement.code(),
        agreement_label: page.t(slot.agreement.label_key()).to_owned(),
        changed: slot.agreement == Agreement::SuggestionChanged,
        errors,
    }
}

/// Every answer that differs from its suggestion or whose suggestion has changed.
pub fn differences(page: &PageCtx, sheet: &AnswerSheet) -> Vec<DifferenceRow> {
    sheet
        .differences()
        .into_iter()
        .map(|(item, slot)| {
            let answer = slot.answer.as_ref().and_then(|a| a.value).map_or("", |v| page.t(answer_key(v)));
            DifferenceRow {
                number: number_text(page.lang, &item.item.number),
                key: item.item.key.clone(),
                scope: scope_label(page, slot.scope),
                agreement_code: slot.agreement.code(),
                agreement_label: page.t(slot.agreement.label_key()).to_owned(),
                detail: page.t2(
                    "assessment.sheet.answer_and_suggestion",
                    "answer",
                    answer,
                    "suggestion",
                    page.t(slot.suggested.suggestion.label_key()),
                ),
                reason: slot.reason.clone(),
            }
        })
        .collect()
}

/// A date as the person reads it, for the confirmation page.
pub fn shown_date(page: &PageCtx, iso: &str) -> String {
    date_text(page, iryosec_core::date::parse_date(iso).ok())
}
