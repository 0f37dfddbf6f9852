//! How answers look on the pages: the same cells on the overview, the item page and the print.

use crate::page::PageCtx;
use iryosec_app::assessments::AssessmentView;
use iryosec_core::assessment::{Answer, CarryFlag, Slot, YesNo, applicability};
use iryosec_core::catalog::{Item, Scope};
use time::Date;

/// One answer slot as shown in a row.
pub struct SlotRow {
    pub scope: Option<Scope>,
    pub scope_label: String,
    pub answer: String,
    /// CSS class: yes, no, none, na, draft.
    pub class: &'static str,
    pub confirmed_1: String,
    pub confirmed_2: String,
    pub target: String,
    pub overdue: bool,
    pub note: String,
    pub confirmed_by: String,
    /// The answer says the opposite of what the registers suggest (marked on the print).
    pub differs: bool,
}

/// One item with its slots.
pub struct ItemRow {
    pub number: String,
    pub key: String,
    pub title: String,
    pub slots: Vec<SlotRow>,
    pub na_reason: String,
    pub flag: String,
    /// How far the wording is checked (`final`, `draft`, `inferred`) and that in words.
    pub verification: &'static str,
    pub verification_label: String,
    pub source_note: String,
    pub due_note: String,
}

/// An item still answered いいえ, with its 目標日.
pub struct OpenRow {
    pub number: String,
    pub key: String,
    pub title: String,
    pub scope: String,
    pub target: String,
    pub overdue: bool,
}

pub fn open_rows(page: &PageCtx, view: &AssessmentView) -> Vec<OpenRow> {
    view.status
        .open
        .iter()
        .map(|o| OpenRow {
            number: number_text(page.lang, &o.number),
            key: o.key.clone(),
            title: o.title.clone(),
            scope: scope_label(page, o.scope),
            target: date_text(page, o.target),
            overdue: o.overdue,
        })
        .collect()
}

/// A section with its items.
pub struct SectionRows {
    pub number: String,
    pub title: String,
    pub items: Vec<ItemRow>,
}

pub fn date_text(page: &PageCtx, d: Option<Date>) -> String {
    d.map(|d| page.day(d)).unwrap_or_default()
}

/// An item's number as people read it: the preliminary question's `pre` in words.
pub fn number_text(lang: iryosec_i18n::Lang, number: &str) -> String {
    if number == PRELIMINARY { lang.tr("assessment.number_pre").to_owned() } else { number.to_owned() }
}

/// The number the ministry's form gives the preliminary question in the edition files.
const PRELIMINARY: &str = "pre";

pub fn scope_label(page: &PageCtx, scope: Option<Scope>) -> String {
    match scope {
        None => page.t("assessment.scope.item").to_owned(),
        Some(s) => page.t(&format!("assessment.scope.{}", s.code())).to_owned(),
    }
}

fn slot_row(
    page: &PageCtx,
    scope: Option<Scope>,
    answer: Option<&Answer>,
    applies: bool,
    today: Date,
) -> SlotRow {
    let (answer_text, class) = match (applies, answer) {
        (false, _) => (page.t("assessment.answer.na").to_owned(), "na"),
        (true, Some(a)) if a.draft && a.value.is_some() => {
            let v = a.value.map_or("", |v| page.t(answer_key(v)));
            (format!("{v}（{}）", page.t("assessment.answer.draft")), "draft")
        }
        (true, Some(Answer { value: Some(YesNo::Yes), .. })) => {
            (page.t("assessment.answer.yes").to_owned(), "yes")
        }
        (true, Some(Answer { value: Some(YesNo::No), .. })) => {
            (page.t("assessment.answer.no").to_owned(), "no")
        }
        (true, _) => (page.t("assessment.answer.none").to_owned(), "none"),
    };
    let a = answer.cloned().unwrap_or_default();
    SlotRow {
        scope,
        scope_label: scope_label(page, scope),
        answer: answer_text,
        class,
        confirmed_1: date_text(page, a.confirmed[0]),
        confirmed_2: date_text(page, a.confirmed[1]),
        target: date_text(page, a.target),
        overdue: a.value == Some(YesNo::No) && a.target.is_some_and(|t| t < today),
        note: a.note,
        confirmed_by: a.confirmed_by,
        differs: false,
    }
}

pub fn answer_key(v: YesNo) -> &'static str {
    match v {
        YesNo::Yes => "assessment.answer.yes",
        YesNo::No => "assessment.answer.no",
    }
}

pub fn item_row(page: &PageCtx, view: &AssessmentView, item: &Item, today: Date) -> ItemRow {
    let applies = applicability(&view.edition, item, view.record.facts, &view.answers);
    let slots = item
        .slots()
        .into_iter()
        .map(|scope| {
            slot_row(page, scope, view.answers.get(&Slot::new(&item.key, scope)), applies.applies(), today)
        })
        .collect();
    let flag = match view.flags.get(&item.key) {
        Some(CarryFlag::New) => page.t("assessment.flag.new").to_owned(),
        Some(CarryFlag::Changed { .. }) => page.t("assessment.flag.changed").to_owned(),
        None => String::new(),
    };
    let due_note = if item.due > view.record.fiscal_year {
        page.t1("assessment.due_later", "year", iryosec_core::date::FiscalYear(item.due).label_ja())
    } else {
        String::new()
    };
    ItemRow {
        number: number_text(page.lang, &item.number),
        key: item.key.clone(),
        title: item.title.clone(),
        slots,
        na_reason: applies.reason_key().map(|k| page.t(k).to_owned()).unwrap_or_default(),
        flag,
        verification: item.verification.code(),
        verification_label: page.t(item.verification.label_key()).to_owned(),
        source_note: item.source_note.clone(),
        due_note,
    }
}

pub fn sections(page: &PageCtx, view: &AssessmentView, today: Date) -> Vec<SectionRows> {
    view.edition
        .sections
        .iter()
        .map(|s| SectionRows {
            number: s.number.clone(),
            title: s.title.clone(),
            items: view.edition.items_in(&s.number).map(|i| item_row(page, view, i, today)).collect(),
        })
        .collect()
}
