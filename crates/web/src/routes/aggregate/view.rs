//! The aggregation as the page shows it: texts in the reader's language, counts with their
//! percentages, and a bar chart per question (SVG made by `core::aggregate::svg`, which
//! escapes every text it writes).

use crate::form::message;
use iryosec_app::aggregate::{Outcome, missing_reason, reasons, row_label};
use iryosec_core::Message;
use iryosec_core::aggregate::svg::{Bar, bar_chart};
use iryosec_core::aggregate::{EditionReport, Institution, QuestionReport, SizeBand, ratio};
use iryosec_core::date::FiscalYear;
use iryosec_core::prefecture::Prefecture;
use iryosec_i18n::Lang;

pub struct View {
    pub bundles: usize,
    pub counted: usize,
    pub institutions: usize,
    pub superseded: usize,
    pub refused: Vec<(String, String)>,
    pub bands: Vec<String>,
    pub editions: Vec<EditionView>,
    pub gaps: Vec<InstitutionRow>,
    pub latest_year: String,
    pub not_answered: Vec<InstitutionRow>,
}

pub struct EditionView {
    pub id: String,
    pub title: String,
    pub year: String,
    pub institutions: u32,
    pub by_band: Vec<u32>,
    pub gaps: Vec<(String, u32, String)>,
    pub gap_chart: String,
    pub questions: Vec<QuestionView>,
}

pub struct QuestionView {
    pub anchor: String,
    pub id: String,
    pub text: String,
    pub applicable: u32,
    pub not_applicable: u32,
    pub chart: String,
    pub rows: Vec<RowView>,
    pub prefectures: Vec<(String, u32, Vec<u32>)>,
}

pub struct RowView {
    pub label: String,
    pub count: u32,
    pub percent: String,
    pub bands: Vec<String>,
}

pub struct InstitutionRow {
    pub year: String,
    pub code: String,
    pub name: String,
    pub prefecture: String,
    pub beds: String,
    pub what: String,
    pub file: String,
}

fn percent(r: Option<f64>) -> String {
    r.map(|r| format!("{:.1}%", r * 100.0)).unwrap_or_default()
}

fn prefecture(code: u8, lang: Lang) -> String {
    Prefecture::from_code(code)
        .map(|p| if lang == Lang::Ja { p.name_ja() } else { p.name_en() }.to_owned())
        .unwrap_or_default()
}

fn institution_row(year: i32, i: &Institution, what: String, file: String, lang: Lang) -> InstitutionRow {
    InstitutionRow {
        year: FiscalYear(year).label_ja(),
        code: i.medical_code.clone().unwrap_or_default(),
        name: i.name.clone(),
        prefecture: prefecture(i.prefecture, lang),
        beds: i.beds.map(|b| b.to_string()).unwrap_or_default(),
        what,
        file,
    }
}

fn question(q: &QuestionReport, lang: Lang, tr: &(dyn Fn(&Message) -> String + Sync)) -> QuestionView {
    let scope =
        q.scope.map(|s| format!(" {}", lang.tr(&format!("assessment.scope.{s}")))).unwrap_or_default();
    let id = format!("{}{scope}", q.id);
    let institution_rows: Vec<_> = q.rows.iter().filter(|r| r.ratio.is_some()).collect();
    let bars: Vec<Bar> = institution_rows
        .iter()
        .map(|r| Bar {
            label: row_label(&r.label, tr),
            value: format!("{} ({})", r.count.total, percent(r.ratio)),
            share: r.ratio.unwrap_or(0.0),
        })
        .collect();
    let rows = q
        .rows
        .iter()
        .map(|r| RowView {
            label: row_label(&r.label, tr),
            count: r.count.total,
            percent: percent(r.ratio),
            bands: SizeBand::ALL
                .iter()
                .map(|b| {
                    let n = r.count.band(*b);
                    let share = r.ratio.and_then(|_| ratio(n, q.applicable.band(*b)));
                    if share.is_some() { format!("{n} ({})", percent(share)) } else { n.to_string() }
                })
                .collect(),
        })
        .collect();
    let prefectures = q
        .applicable
        .prefectures()
        .map(|(code, n)| {
            (prefecture(code, lang), n, q.rows.iter().map(|r| r.count.prefecture(code)).collect())
        })
        .collect();
    QuestionView {
        anchor: format!("q-{}", id.replace(' ', "-")),
        chart: bar_chart(&format!("{id} {}", q.text), &bars),
        id,
        text: q.text.clone(),
        applicable: q.applicable.total,
        not_applicable: q.not_applicable,
        rows,
        prefectures,
    }
}

fn edition(e: &EditionReport, lang: Lang, tr: &(dyn Fn(&Message) -> String + Sync)) -> EditionView {
    let gaps: Vec<(String, u32, String)> = e
        .gaps
        .iter()
        .map(|(g, t)| {
            (lang.tr(g.label_key()).to_owned(), t.total, percent(ratio(t.total, e.institutions.total)))
        })
        .collect();
    let bars: Vec<Bar> = e
        .gaps
        .iter()
        .map(|(g, t)| Bar {
            label: lang.tr(g.label_key()).to_owned(),
            value: format!("{} ({})", t.total, percent(ratio(t.total, e.institutions.total))),
            share: ratio(t.total, e.institutions.total).unwrap_or(0.0),
        })
        .collect();
    EditionView {
        id: e.id.clone(),
        title: e.title.clone(),
        year: FiscalYear(e.fiscal_year).label_ja(),
        institutions: e.institutions.total,
        by_band: SizeBand::ALL.iter().map(|b| e.institutions.band(*b)).collect(),
        gap_chart: bar_chart(lang.tr("aggregate.sheet.gaps"), &bars),
        gaps,
        questions: e.questions.iter().map(|q| question(q, lang, tr)).collect(),
    }
}

impl View {
    pub fn new(o: &Outcome, lang: Lang) -> View {
        let tr = move |m: &Message| message(lang, m);
        let r = &o.report;
        View {
            bundles: r.bundles,
            counted: r.counted,
            institutions: r.institutions,
            superseded: r.superseded.len(),
            refused: o.refused.iter().map(|x| (x.file.clone(), reasons(&x.reasons, &tr))).collect(),
            bands: SizeBand::ALL.iter().map(|b| lang.tr(b.label_key()).to_owned()).collect(),
            editions: r.editions.iter().map(|e| edition(e, lang, &tr)).collect(),
            gaps: r
                .gaps
                .iter()
                .map(|g| {
                    let what: Vec<&str> = g.gaps.iter().map(|x| lang.tr(x.label_key())).collect();
                    institution_row(g.fiscal_year, &g.institution, what.join("・"), g.file.clone(), lang)
                })
                .collect(),
            latest_year: r.latest_year.map(|y| FiscalYear(y).label_ja()).unwrap_or_default(),
            not_answered: r
                .not_answered
                .iter()
                .map(|m| {
                    institution_row(
                        m.fiscal_year,
                        &m.institution,
                        missing_reason(&m.reason, &tr),
                        String::new(),
                        lang,
                    )
                })
                .collect(),
        }
    }
}
