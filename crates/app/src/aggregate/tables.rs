//! The aggregation as tables, one per sheet: a summary, the distributions by size band, the
//! distributions by prefecture, critical gaps, who has not answered, refused files and
//! bundles left out for a later one. CSV carries the distributions by size band.

use super::Outcome;
use crate::account_review_export::Tr;
use iryosec_core::Message;
use iryosec_core::aggregate::{Institution, MissingReason, QuestionReport, RowLabel, SizeBand, Tally};
use iryosec_core::prefecture::Prefecture;
use iryosec_io::aggregate_sheet::{Cell, Table, write_table_csv, write_tables_xlsx};

fn t(tr: Tr, key: &'static str) -> String {
    tr(&Message::new(key))
}

/// What a row of a distribution counts, in words.
pub fn row_label(label: &RowLabel, tr: Tr) -> String {
    match label {
        RowLabel::Yes => t(tr, "aggregate.row.yes"),
        RowLabel::No => t(tr, "aggregate.row.no"),
        RowLabel::Unanswered => t(tr, "aggregate.row.unanswered"),
        RowLabel::Answered => t(tr, "aggregate.row.answered"),
        RowLabel::Option { number, label } => format!("{number}. {label}"),
        RowLabel::WithRows => t(tr, "aggregate.row.with_rows"),
        RowLabel::NoRows => t(tr, "aggregate.row.no_rows"),
        RowLabel::Rows => t(tr, "aggregate.row.rows"),
        RowLabel::Devices => t(tr, "aggregate.row.devices"),
        RowLabel::DevicesBy { maker } => tr(&Message::new("aggregate.row.devices_by").arg("maker", maker)),
    }
}

fn count(n: impl Into<u64>) -> Cell {
    Cell::Count(n.into())
}

fn ratio(n: u32, of: u32) -> Cell {
    Cell::Ratio(iryosec_core::aggregate::ratio(n, of))
}

fn prefecture(code: u8) -> String {
    Prefecture::from_code(code).map(|p| p.name_ja().to_owned()).unwrap_or_default()
}

fn institution_cells(i: &Institution) -> Vec<Cell> {
    vec![
        Cell::text(i.medical_code.clone().unwrap_or_default()),
        Cell::text(i.name.clone()),
        Cell::text(prefecture(i.prefecture)),
        i.beds.map_or(Cell::text(""), count),
    ]
}

fn headers(tr: Tr, keys: &[&'static str]) -> Vec<String> {
    keys.iter().map(|k| t(tr, k)).collect()
}

fn scope(q: &QuestionReport, tr: Tr) -> String {
    q.scope.map(|s| tr(&Message::new(scope_key(s)))).unwrap_or_default()
}

fn scope_key(code: &str) -> &'static str {
    match code {
        "general" => "assessment.scope.general",
        "server" => "assessment.scope.server",
        "terminal" => "assessment.scope.terminal",
        _ => "assessment.scope.network",
    }
}

fn summary(o: &Outcome, tr: Tr) -> Table {
    let r = &o.report;
    let mut rows = vec![
        vec![Cell::text(t(tr, "aggregate.bundles")), count(r.bundles as u64)],
        vec![Cell::text(t(tr, "aggregate.counted")), count(r.counted as u64)],
        vec![Cell::text(t(tr, "aggregate.institutions")), count(r.institutions as u64)],
        vec![Cell::text(t(tr, "aggregate.refused_count")), count(o.refused.len() as u64)],
        vec![Cell::text(t(tr, "aggregate.superseded_count")), count(r.superseded.len() as u64)],
    ];
    if let Some(year) = r.latest_year {
        rows.push(vec![Cell::text(t(tr, "aggregate.latest_year")), count(u64::try_from(year).unwrap_or(0))]);
    }
    for e in &r.editions {
        rows.push(vec![Cell::text(format!("{} {}", e.fiscal_year, e.title)), count(e.institutions.total)]);
        for (gap, tally) in &e.gaps {
            let label = format!("  {}", t(tr, gap.label_key()));
            rows.push(vec![Cell::text(label), count(tally.total), ratio(tally.total, e.institutions.total)]);
        }
    }
    Table {
        name: t(tr, "aggregate.sheet.summary"),
        headers: headers(tr, &["aggregate.column.item", "aggregate.column.count", "aggregate.column.ratio"]),
        rows,
    }
}

/// One line per question and answer, with count and ratio overall and per size band.
fn by_band(o: &Outcome, tr: Tr) -> Table {
    let mut head = headers(
        tr,
        &[
            "aggregate.column.fiscal_year",
            "aggregate.column.edition",
            "aggregate.column.question",
            "aggregate.column.scope",
            "aggregate.column.text",
            "aggregate.column.answer",
            "aggregate.column.count",
            "aggregate.column.applicable",
            "aggregate.column.ratio",
        ],
    );
    for b in SizeBand::ALL {
        let band = t(tr, b.label_key());
        head.push(band.clone());
        head.push(format!("{band} {}", t(tr, "aggregate.column.ratio")));
    }
    let mut rows = Vec::new();
    for e in &o.report.editions {
        for q in &e.questions {
            for row in &q.rows {
                let institutions = row.ratio.is_some();
                let mut cells = vec![
                    count(u64::try_from(e.fiscal_year).unwrap_or(0)),
                    Cell::text(e.id.clone()),
                    Cell::text(q.id.clone()),
                    Cell::text(scope(q, tr)),
                    Cell::text(q.text.clone()),
                    Cell::text(row_label(&row.label, tr)),
                    count(row.count.total),
                    count(q.applicable.total),
                    Cell::Ratio(row.ratio),
                ];
                for b in SizeBand::ALL {
                    cells.push(count(row.count.band(b)));
                    cells.push(if institutions {
                        ratio(row.count.band(b), q.applicable.band(b))
                    } else {
                        Cell::Ratio(None)
                    });
                }
                rows.push(cells);
            }
        }
    }
    Table { name: t(tr, "aggregate.sheet.by_band"), headers: head, rows }
}

/// Long form: one line per question, answer and prefecture that has an answer.
fn by_prefecture(o: &Outcome, tr: Tr) -> Table {
    let head = headers(
        tr,
        &[
            "aggregate.column.fiscal_year",
            "aggregate.column.edition",
            "aggregate.column.question",
            "aggregate.column.scope",
            "aggregate.column.answer",
            "aggregate.column.prefecture",
            "aggregate.column.count",
            "aggregate.column.applicable",
            "aggregate.column.ratio",
        ],
    );
    let mut rows = Vec::new();
    for e in &o.report.editions {
        for q in &e.questions {
            let label_of: Vec<(String, bool, &Tally)> =
                q.rows.iter().map(|r| (row_label(&r.label, tr), r.ratio.is_some(), &r.count)).collect();
            for (code, applicable) in q.applicable.prefectures() {
                for (label, institutions, tally) in &label_of {
                    let n = tally.prefecture(code);
                    rows.push(vec![
                        count(u64::try_from(e.fiscal_year).unwrap_or(0)),
                        Cell::text(e.id.clone()),
                        Cell::text(q.id.clone()),
                        Cell::text(scope(q, tr)),
                        Cell::text(label.clone()),
                        Cell::text(prefecture(code)),
                        count(n),
                        count(applicable),
                        if *institutions { ratio(n, applicable) } else { Cell::Ratio(None) },
                    ]);
                }
            }
        }
    }
    Table { name: t(tr, "aggregate.sheet.by_prefecture"), headers: head, rows }
}

const INSTITUTION_HEADERS: [&str; 4] = [
    "aggregate.column.medical_code",
    "aggregate.column.name",
    "aggregate.column.prefecture",
    "aggregate.column.beds",
];

fn gaps(o: &Outcome, tr: Tr) -> Table {
    let mut keys = vec!["aggregate.column.fiscal_year", "aggregate.column.edition"];
    keys.extend(INSTITUTION_HEADERS);
    keys.extend(["aggregate.column.gaps", "aggregate.column.file"]);
    let rows = o
        .report
        .gaps
        .iter()
        .map(|g| {
            let mut cells =
                vec![count(u64::try_from(g.fiscal_year).unwrap_or(0)), Cell::text(g.edition.clone())];
            cells.extend(institution_cells(&g.institution));
            let list: Vec<String> = g.gaps.iter().map(|x| t(tr, x.label_key())).collect();
            cells.push(Cell::text(list.join("・")));
            cells.push(Cell::text(g.file.clone()));
            cells
        })
        .collect();
    Table { name: t(tr, "aggregate.sheet.gaps"), headers: headers(tr, &keys), rows }
}

/// Why an institution is on the not-answered list, in words.
pub fn missing_reason(reason: &MissingReason, tr: Tr) -> String {
    match reason {
        MissingReason::Roster => t(tr, "aggregate.missing.roster"),
        MissingReason::EarlierYear { last_year } => {
            tr(&Message::new("aggregate.missing.earlier").arg("year", last_year))
        }
    }
}

fn not_answered(o: &Outcome, tr: Tr) -> Table {
    let mut keys = vec!["aggregate.column.fiscal_year"];
    keys.extend(INSTITUTION_HEADERS);
    keys.push("aggregate.column.reason");
    let rows = o
        .report
        .not_answered
        .iter()
        .map(|m| {
            let mut cells = vec![count(u64::try_from(m.fiscal_year).unwrap_or(0))];
            cells.extend(institution_cells(&m.institution));
            cells.push(Cell::text(missing_reason(&m.reason, tr)));
            cells
        })
        .collect();
    Table { name: t(tr, "aggregate.sheet.not_answered"), headers: headers(tr, &keys), rows }
}

/// A refusal's reasons in one line.
pub fn reasons(reasons: &[Message], tr: Tr) -> String {
    reasons.iter().map(tr).collect::<Vec<_>>().join(" ")
}

fn refused(o: &Outcome, tr: Tr) -> Table {
    let rows = o
        .refused
        .iter()
        .map(|r| vec![Cell::text(r.file.clone()), Cell::text(reasons(&r.reasons, tr))])
        .collect();
    Table {
        name: t(tr, "aggregate.sheet.refused"),
        headers: headers(tr, &["aggregate.column.file", "aggregate.column.reason"]),
        rows,
    }
}

fn superseded(o: &Outcome, tr: Tr) -> Table {
    let rows = o
        .report
        .superseded
        .iter()
        .map(|s| vec![Cell::text(s.file.clone()), Cell::text(s.by.clone())])
        .collect();
    Table {
        name: t(tr, "aggregate.sheet.superseded"),
        headers: headers(tr, &["aggregate.column.file", "aggregate.column.kept"]),
        rows,
    }
}

/// Every table, in the order of the workbook's sheets.
pub fn tables(o: &Outcome, tr: Tr) -> Vec<Table> {
    vec![
        summary(o, tr),
        by_band(o, tr),
        by_prefecture(o, tr),
        gaps(o, tr),
        not_answered(o, tr),
        refused(o, tr),
        superseded(o, tr),
    ]
}

pub fn xlsx(o: &Outcome, tr: Tr) -> Result<Vec<u8>, crate::AppError> {
    write_tables_xlsx(&tables(o, tr)).map_err(crate::AppError::internal("aggregate workbook"))
}

/// The distributions by size band as CSV with a BOM.
pub fn csv(o: &Outcome, tr: Tr) -> Vec<u8> {
    write_table_csv(&by_band(o, tr))
}
