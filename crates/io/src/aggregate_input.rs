//! Reading what is aggregated: many institutions' JSON bundles (`iryosec-survey` and
//! `iryosec-assessment`, told apart by their `format`) and the roster of institutions
//! expected to answer. A bundle that cannot be counted is refused with every reason, so the
//! caller can name the file and go on with the others.

use crate::assessment_bundle::{InstitutionRef, bundle_from_value};
use crate::survey_bundle::{self, survey_bundle_from_value};
use crate::table::{Source, header_key, on_sheet, read_table};
use iryosec_core::Message;
use iryosec_core::aggregate::{Content, Institution, RosterEntry, Submission};
use iryosec_core::assessment::{Facts, Slot, YesNo};
use iryosec_core::prefecture::Prefecture;
use iryosec_core::{catalog, survey};
use std::collections::BTreeMap;
use time::format_description::well_known::Rfc3339;

/// Reads one bundle of either kind; `Err` holds why it cannot be counted (the first message
/// says what, the others give details).
pub fn read_submission(file: &str, bytes: &[u8]) -> Result<Submission, Vec<Message>> {
    let value = crate::json::parse(bytes).map_err(|m| vec![m])?;
    let format = value.get("format").and_then(|v| v.as_str()).unwrap_or("").to_owned();
    match format.as_str() {
        survey_bundle::FORMAT => survey_submission(file, value),
        crate::assessment_bundle::FORMAT => checklist_submission(file, value),
        other => Err(vec![Message::new("aggregate.error.format").arg("format", other)]),
    }
}

fn institution(r: &InstitutionRef) -> Result<Institution, Vec<Message>> {
    if Prefecture::from_code(r.prefecture).is_none() {
        return Err(vec![
            Message::new("io.error.bundle_field")
                .arg("path", "institution.prefecture")
                .arg("value", r.prefecture),
        ]);
    }
    if r.name.trim().is_empty() {
        return Err(vec![
            Message::new("io.error.bundle_field").arg("path", "institution.name").arg("value", ""),
        ]);
    }
    Ok(Institution {
        name: r.name.trim().to_owned(),
        prefecture: r.prefecture,
        medical_code: r.medical_code.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned),
        beds: r.beds,
    })
}

/// `exported_at` as seconds: an RFC 3339 time, or a date (taken as midnight in Japan).
fn exported_at(text: &str) -> Result<i64, Vec<Message>> {
    if let Ok(t) = time::OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t.unix_timestamp());
    }
    let day = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &day)
        .map(|d| d.midnight().assume_offset(time::macros::offset!(+9)).unix_timestamp())
        .map_err(|_| {
            vec![Message::new("io.error.bundle_field").arg("path", "exported_at").arg("value", text)]
        })
}

fn fiscal_year_matches(bundle_year: i32, edition_year: i32) -> Result<(), Vec<Message>> {
    if bundle_year == edition_year {
        return Ok(());
    }
    Err(vec![
        Message::new("aggregate.error.fiscal_year")
            .arg("year", bundle_year)
            .arg("edition_year", edition_year),
    ])
}

fn survey_submission(file: &str, value: serde_json::Value) -> Result<Submission, Vec<Message>> {
    let b = survey_bundle_from_value(value).map_err(|m| vec![m])?;
    let edition = survey::builtin::edition(&b.edition.id)
        .ok_or_else(|| vec![Message::new("aggregate.error.unknown_edition").arg("id", &b.edition.id)])?;
    fiscal_year_matches(b.fiscal_year, edition.fiscal_year)?;
    let eval = survey::evaluate_json(edition, &b.answers);
    if let Some(first) = eval.invalid.first() {
        let mut reasons = vec![
            Message::new("aggregate.error.answers").arg("count", eval.invalid.len()).arg("id", &first.id),
        ];
        reasons.push(first.reason.clone());
        return Err(reasons);
    }
    Ok(Submission {
        file: file.to_owned(),
        institution: institution(&b.institution)?,
        fiscal_year: b.fiscal_year,
        exported_at: exported_at(&b.exported_at)?,
        content: Content::Survey {
            edition,
            answers: survey::answers_from_json(edition, &b.answers),
            applicable: eval.applicable.into_iter().collect(),
        },
    })
}

fn checklist_submission(file: &str, value: serde_json::Value) -> Result<Submission, Vec<Message>> {
    let read = bundle_from_value(value).map_err(|m| vec![m])?;
    let b = read.bundle;
    let edition = catalog::builtin::edition(&b.edition.id)
        .ok_or_else(|| vec![Message::new("aggregate.error.unknown_edition").arg("id", &b.edition.id)])?;
    fiscal_year_matches(b.edition.fiscal_year, edition.fiscal_year)?;
    let mut answers = BTreeMap::new();
    for (slot, input, _) in read.inputs {
        let known = edition.item(&slot.key).is_some_and(|item| item.slots().contains(&slot.scope));
        if !known {
            let place = format!("{}:{}", slot.key, slot.scope_code());
            return Err(vec![Message::new("aggregate.error.unknown_item").arg("key", place)]);
        }
        if let Some(v) = YesNo::parse(&input.value) {
            answers.insert(Slot::new(&slot.key, slot.scope), v);
        }
    }
    Ok(Submission {
        file: file.to_owned(),
        institution: institution(&b.institution)?,
        fiscal_year: b.fiscal_year,
        exported_at: exported_at(&b.exported_at)?,
        content: Content::Checklist { edition, facts: Facts { vendor_contract: b.vendor_contract }, answers },
    })
}

/// The roster's columns, found by header: 医療機関コード, 名称, 都道府県, 病床数.
const CODE: [&str; 3] = ["医療機関コード", "コード", "medicalcode"];
const NAME: [&str; 5] = ["名称", "医療機関名", "病院名", "名前", "name"];
const PREFECTURE: [&str; 2] = ["都道府県", "prefecture"];
const BEDS: [&str; 4] = ["病床数", "許可病床数", "beds", "病床"];

/// Reads the roster (CSV in UTF-8 or Shift_JIS, or the first sheet of a workbook). Every
/// problem is named by row and column; a roster with any problem is not used.
pub fn read_roster(source: Source<'_>) -> Result<Vec<RosterEntry>, Vec<Message>> {
    let table = read_table(source).map_err(|m| vec![m])?;
    let keys: Vec<String> = table.headers.iter().map(|h| header_key(h)).collect();
    let column = |names: &[&str]| names.iter().find_map(|n| keys.iter().position(|k| *k == header_key(n)));
    let name = column(&NAME);
    let pref = column(&PREFECTURE);
    let (Some(name), Some(pref)) = (name, pref) else {
        let missing = if name.is_none() { NAME[0] } else { PREFECTURE[0] };
        let m = Message::new("io.error.missing_column").arg("column", missing);
        return Err(vec![on_sheet(m, table.sheet.as_deref())]);
    };
    let code = column(&CODE);
    let beds = column(&BEDS);
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let cell =
        |cells: &[String], i: Option<usize>| i.and_then(|i| cells.get(i)).map_or("", |s| s.trim()).to_owned();
    for (row, cells) in &table.rows {
        let problem = |column: &str, value: &str| {
            Message::new("aggregate.error.roster_cell")
                .arg("row", row)
                .arg("column", column)
                .arg("value", value)
        };
        let n = cell(cells, Some(name));
        let p = cell(cells, Some(pref));
        let b = cell(cells, beds);
        let prefecture = Prefecture::parse(&p);
        let bed_count = if b.is_empty() {
            Ok(None)
        } else {
            iryosec_core::text::to_half_width(&b).parse::<u32>().map(Some)
        };
        if n.is_empty() {
            problems.push(problem(NAME[0], &n));
        }
        if prefecture.is_none() {
            problems.push(problem(PREFECTURE[0], &p));
        }
        if bed_count.is_err() {
            problems.push(problem(BEDS[0], &b));
        }
        if let (false, Some(prefecture), Ok(beds)) = (n.is_empty(), prefecture, bed_count) {
            let code = cell(cells, code);
            out.push(RosterEntry {
                institution: Institution {
                    name: n,
                    prefecture: prefecture.code(),
                    medical_code: (!code.is_empty()).then_some(code),
                    beds,
                },
            });
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

#[cfg(test)]
mod tests;
