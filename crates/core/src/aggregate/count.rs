//! Counting one edition's bundles: per question (survey) or per item and scope (checklist),
//! how many institutions gave each answer, in total, per size band and per prefecture.

use super::gaps::{self, Gap};
use super::{Content, EditionReport, Institution, SizeBand, Submission};
use crate::assessment::{Answer as ItemAnswer, Facts, Slot, YesNo, applicability};
use crate::catalog;
use crate::survey::{self, Answer, AnswerType};
use crate::text::to_half_width;
use serde::ser::{SerializeMap, SerializeStruct};
use serde::{Serialize, Serializer};
use std::collections::{BTreeMap, BTreeSet};

/// A count, in total and broken down by size band and by prefecture (JIS code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub total: u32,
    bands: [u32; 8],
    prefectures: [u32; 48],
}

impl Default for Tally {
    fn default() -> Self {
        Tally { total: 0, bands: [0; 8], prefectures: [0; 48] }
    }
}

impl Tally {
    #[allow(
        clippy::indexing_slicing,
        reason = "the arrays are sized by the band enum and the 47 prefectures (capped just before)"
    )]
    pub fn add(&mut self, who: &Institution, n: u32) {
        self.total += n;
        self.bands[who.band().index()] += n;
        self.prefectures[usize::from(who.prefecture.min(47))] += n;
    }

    #[allow(
        clippy::indexing_slicing,
        reason = "the arrays are sized by the band enum and the 47 prefectures (capped just before)"
    )]
    pub fn band(&self, band: SizeBand) -> u32 {
        self.bands[band.index()]
    }

    /// By JIS code; 0 for codes outside 1–47.
    pub fn prefecture(&self, code: u8) -> u32 {
        self.prefectures.get(usize::from(code)).copied().unwrap_or(0)
    }

    /// The prefectures with a count, by code.
    pub fn prefectures(&self) -> impl Iterator<Item = (u8, u32)> + '_ {
        (1u8..=47).map(|c| (c, self.prefecture(c))).filter(|(_, n)| *n > 0)
    }
}

/// `{"total": 3, "bands": {"20-99": 1, …}, "prefectures": {"13": 2, …}}`.
impl Serialize for Tally {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Bands<'a>(&'a Tally);
        impl Serialize for Bands<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(SizeBand::ALL.len()))?;
                for b in SizeBand::ALL {
                    m.serialize_entry(b.code(), &self.0.band(b))?;
                }
                m.end()
            }
        }
        struct Prefs<'a>(&'a Tally);
        impl Serialize for Prefs<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(None)?;
                for (code, n) in self.0.prefectures() {
                    m.serialize_entry(&code.to_string(), &n)?;
                }
                m.end()
            }
        }
        let mut st = s.serialize_struct("Tally", 3)?;
        st.serialize_field("total", &self.total)?;
        st.serialize_field("bands", &Bands(self))?;
        st.serialize_field("prefectures", &Prefs(self))?;
        st.end()
    }
}

/// What a row of a distribution counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RowLabel {
    Yes,
    No,
    /// Asked (the branching shows the question) but not answered.
    Unanswered,
    /// A text or number answer was given.
    Answered,
    Option {
        number: u32,
        label: String,
    },
    /// A table with at least one row.
    WithRows,
    /// A table answered with no rows.
    NoRows,
    /// The rows of all tables together.
    Rows,
    /// The devices (the `count` column) of all tables together.
    Devices,
    /// The devices of one maker (the `maker` column).
    DevicesBy {
        maker: String,
    },
}

/// Whether a row counts institutions (and has a ratio), table rows or devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Institutions,
    Rows,
    Devices,
}

#[derive(Debug, Clone, Serialize)]
pub struct RowReport {
    pub label: RowLabel,
    pub measure: Measure,
    pub count: Tally,
    /// Of the institutions the question applied to; only for rows counting institutions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ratio: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionReport {
    /// The question id (`Q9-1`) or the item's number (`2-⑪`).
    pub id: String,
    /// The scope of a checklist item (`server`), if it has scopes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<&'static str>,
    pub text: String,
    /// `yes_no`, `single`, `multiple`, `text`, `number`, `table`.
    pub answer_type: &'static str,
    /// The institutions the question applied to.
    pub applicable: Tally,
    /// The institutions the branching (or the checklist's conditions) spared it.
    pub not_applicable: u32,
    pub rows: Vec<RowReport>,
}

/// Ratio of a row to the institutions a question applied to, in the same breakdown.
pub fn ratio(count: u32, of: u32) -> Option<f64> {
    (of > 0).then(|| f64::from(count) / f64::from(of))
}

fn rows(labels: Vec<(RowLabel, Measure)>) -> Vec<RowReport> {
    labels
        .into_iter()
        .map(|(label, measure)| RowReport { label, measure, count: Tally::default(), ratio: None })
        .collect()
}

fn finish(
    id: String,
    scope: Option<&'static str>,
    text: String,
    answer_type: &'static str,
    applicable: Tally,
    total: u32,
    mut rows: Vec<RowReport>,
) -> QuestionReport {
    for r in &mut rows {
        if r.measure == Measure::Institutions {
            r.ratio = ratio(r.count.total, applicable.total);
        }
    }
    let not_applicable = total.saturating_sub(applicable.total);
    QuestionReport { id, scope, text, answer_type, applicable, not_applicable, rows }
}

pub(super) fn edition_report(group: &[&Submission]) -> EditionReport {
    let mut institutions = Tally::default();
    let mut gap_tallies: BTreeMap<Gap, Tally> = BTreeMap::new();
    for s in group {
        institutions.add(&s.institution, 1);
        for g in s.content.gaps() {
            gap_tallies.entry(g).or_default().add(&s.institution, 1);
        }
    }
    let (kind, id, title, fiscal_year, questions, gap_kinds) = match group.first().map(|s| &s.content) {
        Some(Content::Survey { edition, .. }) => {
            let kinds: BTreeSet<Gap> =
                gaps::rules().survey.iter().filter(|r| r.edition == edition.id).map(|r| r.gap).collect();
            (
                "survey",
                &edition.id,
                &edition.title,
                edition.fiscal_year,
                survey_questions(edition, group),
                kinds,
            )
        }
        Some(Content::Checklist { edition, .. }) => {
            let kinds: BTreeSet<Gap> = gaps::rules()
                .checklist
                .iter()
                .filter(|r| edition.item(&r.key).is_some())
                .map(|r| r.gap)
                .collect();
            (
                "checklist",
                &edition.id,
                &edition.title,
                edition.fiscal_year,
                checklist_items(edition, group),
                kinds,
            )
        }
        None => {
            return EditionReport {
                kind: "survey",
                id: String::new(),
                title: String::new(),
                fiscal_year: 0,
                institutions,
                gaps: Vec::new(),
                questions: Vec::new(),
            };
        }
    };
    let gaps = gap_kinds.into_iter().map(|g| (g, gap_tallies.remove(&g).unwrap_or_default())).collect();
    let fiscal_year = group.first().map_or(fiscal_year, |s| s.fiscal_year);
    EditionReport { kind, id: id.clone(), title: title.clone(), fiscal_year, institutions, gaps, questions }
}

fn survey_questions(edition: &survey::Edition, group: &[&Submission]) -> Vec<QuestionReport> {
    let answers: Vec<(&Institution, &survey::Answers, &BTreeSet<String>)> = group
        .iter()
        .filter_map(|s| match &s.content {
            Content::Survey { answers, applicable, .. } => Some((&s.institution, answers, applicable)),
            Content::Checklist { .. } => None,
        })
        .collect();
    let total = u32::try_from(answers.len()).unwrap_or(u32::MAX);
    edition
        .questions()
        .map(|q| {
            let mut applicable = Tally::default();
            let mut out = rows(labels_of(&q.answer));
            let mut makers: BTreeMap<String, (String, Tally)> = BTreeMap::new();
            for (who, given, applies) in &answers {
                if !applies.contains(&q.id) {
                    continue;
                }
                applicable.add(who, 1);
                match given.get(&q.id) {
                    None => add_label(&mut out, &RowLabel::Unanswered, who, 1),
                    Some(a) => count_answer(&q.answer, a, who, &mut out, &mut makers),
                }
            }
            let mut by_maker: Vec<(String, Tally)> = makers.into_values().collect();
            by_maker.sort_by(|a, b| b.1.total.cmp(&a.1.total).then_with(|| a.0.cmp(&b.0)));
            for (maker, count) in by_maker {
                out.push(RowReport {
                    label: RowLabel::DevicesBy { maker },
                    measure: Measure::Devices,
                    count,
                    ratio: None,
                });
            }
            finish(q.id.clone(), None, q.text.clone(), q.answer.code(), applicable, total, out)
        })
        .collect()
}

/// The rows a question's distribution has before anything is counted.
fn labels_of(ty: &AnswerType) -> Vec<(RowLabel, Measure)> {
    let inst = Measure::Institutions;
    let mut labels = match ty {
        AnswerType::YesNo => vec![(RowLabel::Yes, inst), (RowLabel::No, inst)],
        AnswerType::Single { options } | AnswerType::Multiple { options } => options
            .iter()
            .map(|c| (RowLabel::Option { number: c.number, label: c.label.clone() }, inst))
            .collect(),
        AnswerType::Text { .. } | AnswerType::Number { .. } => vec![(RowLabel::Answered, inst)],
        AnswerType::Table { .. } => vec![(RowLabel::WithRows, inst), (RowLabel::NoRows, inst)],
    };
    labels.push((RowLabel::Unanswered, inst));
    if let AnswerType::Table { .. } = ty {
        labels.push((RowLabel::Rows, Measure::Rows));
        if ty.column("count").is_some() {
            labels.push((RowLabel::Devices, Measure::Devices));
        }
    }
    labels
}

fn add_label(rows: &mut [RowReport], label: &RowLabel, who: &Institution, n: u32) {
    if let Some(r) = rows.iter_mut().find(|r| &r.label == label) {
        r.count.add(who, n);
    }
}

fn count_answer(
    ty: &AnswerType,
    answer: &Answer,
    who: &Institution,
    rows: &mut [RowReport],
    makers: &mut BTreeMap<String, (String, Tally)>,
) {
    match answer {
        Answer::YesNo(true) => add_label(rows, &RowLabel::Yes, who, 1),
        Answer::YesNo(false) => add_label(rows, &RowLabel::No, who, 1),
        Answer::Choice(n) => add_option(rows, *n, who),
        Answer::Choices(chosen) => chosen.iter().for_each(|n| add_option(rows, *n, who)),
        Answer::Text(_) | Answer::Number(_) => add_label(rows, &RowLabel::Answered, who, 1),
        Answer::Table(table) => {
            let label = if table.is_empty() { RowLabel::NoRows } else { RowLabel::WithRows };
            add_label(rows, &label, who, 1);
            add_label(rows, &RowLabel::Rows, who, u32::try_from(table.len()).unwrap_or(u32::MAX));
            for row in table {
                let devices = match row.get("count") {
                    Some(Answer::Number(n)) => u32::try_from(*n).unwrap_or(0),
                    _ => 1,
                };
                if ty.column("count").is_some() {
                    add_label(rows, &RowLabel::Devices, who, devices);
                }
                if let Some(Answer::Text(maker)) = row.get("maker") {
                    let shown = to_half_width(maker.trim());
                    let entry =
                        makers.entry(shown.to_lowercase()).or_insert_with(|| (shown, Tally::default()));
                    entry.1.add(who, devices);
                }
            }
        }
    }
}

fn add_option(rows: &mut [RowReport], number: u32, who: &Institution) {
    if let Some(r) =
        rows.iter_mut().find(|r| matches!(r.label, RowLabel::Option { number: n, .. } if n == number))
    {
        r.count.add(who, 1);
    }
}

fn checklist_items(edition: &catalog::Edition, group: &[&Submission]) -> Vec<QuestionReport> {
    let answers: Vec<(&Institution, Facts, BTreeMap<Slot, ItemAnswer>)> = group
        .iter()
        .filter_map(|s| match &s.content {
            Content::Checklist { facts, answers, .. } => {
                let full = answers
                    .iter()
                    .map(|(slot, v)| (slot.clone(), ItemAnswer { value: Some(*v), ..ItemAnswer::default() }))
                    .collect();
                Some((&s.institution, *facts, full))
            }
            Content::Survey { .. } => None,
        })
        .collect();
    let total = u32::try_from(answers.len()).unwrap_or(u32::MAX);
    let mut out = Vec::new();
    for item in &edition.items {
        for scope in item.slots() {
            let slot = Slot::new(&item.key, scope);
            let mut applicable = Tally::default();
            let inst = Measure::Institutions;
            let mut counts =
                rows(vec![(RowLabel::Yes, inst), (RowLabel::No, inst), (RowLabel::Unanswered, inst)]);
            for (who, facts, given) in &answers {
                if !applicability(edition, item, *facts, given).applies() {
                    continue;
                }
                applicable.add(who, 1);
                let label = match given.get(&slot).and_then(|a| a.value) {
                    Some(YesNo::Yes) => RowLabel::Yes,
                    Some(YesNo::No) => RowLabel::No,
                    None => RowLabel::Unanswered,
                };
                add_label(&mut counts, &label, who, 1);
            }
            let scope_code = scope.map(catalog::Scope::code);
            out.push(finish(
                item.number.clone(),
                scope_code,
                item.title.clone(),
                "yes_no",
                applicable,
                total,
                counts,
            ));
        }
    }
    out
}
