//! Finding the table in a file as people make them: the sheet that holds it (a workbook's
//! first sheet is often a cover or a note), and its header row below titles, notes and blank
//! or merged rows — a header split over two rows (a group 「保守」 merged over 「業者」 and
//! 「期限」) is read as one. What was chosen is reported with the reason, and a person may say
//! which sheet and row instead.
//!
//! Only the first rows of each sheet are looked at to decide; the rows below the header are
//! read once, afterwards, by the import ([`each_data_row`]).

use crate::limits::Budget;
use crate::mapping::{HeaderWords, header_key};
use crate::sheets::{Flow, Opened};
use iryosec_core::{CancelToken, Message};
use serde::Serialize;
use std::borrow::Cow;
use std::hash::Hash;

/// What a person said about where the table is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TableChoice {
    pub sheet: Option<String>,
    /// The (first) header row, as Excel numbers it.
    pub header_row: Option<u32>,
}

/// Where a header was found before, as remembered with the institution's mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownHeader {
    pub sheet: Option<String>,
    pub header_row: u32,
    /// Its headers' keys ([`header_key`]).
    pub keys: Vec<String>,
}

/// A sheet of the workbook and how much its best row looks like the header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetInfo {
    pub name: String,
    pub header_row: Option<u32>,
    /// How many fields its best header names (0 for a sheet not looked at).
    pub fields: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SheetReason {
    /// A CSV file, or a workbook of one sheet.
    Only,
    Chosen,
    Remembered,
    /// Its header names the most fields.
    MostFields,
    /// No sheet has a row that names a field: the first is read.
    First,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderReason {
    Chosen,
    Remembered,
    /// The row (or pair of rows) naming the most fields among the first rows.
    MostFields,
    /// No row names a field: the first non-blank row is taken.
    FirstRow,
}

/// Another sheet with the same header, read into the same import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetPart {
    pub name: String,
    pub header_row: u32,
    pub header_rows: u32,
}

/// Where the table is, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableFound {
    /// Every sheet of a workbook (none for CSV).
    pub sheets: Vec<SheetInfo>,
    /// The sheet read (`None` for CSV).
    pub sheet: Option<String>,
    pub sheet_reason: SheetReason,
    /// Further sheets with the same header, read after it (per-department sheets).
    pub more_sheets: Vec<SheetPart>,
    /// The first header row, as Excel numbers it.
    pub header_row: u32,
    /// 1, or 2 for a header split over two rows.
    pub header_rows: u32,
    pub header_reason: HeaderReason,
    /// How many fields the header names.
    pub fields_named: usize,
    /// The non-blank rows above the header (titles, notes): number and text.
    pub above: Vec<(u32, String)>,
    /// Each column's header (a two-row header's parts joined).
    pub headers: Vec<String>,
}

impl TableFound {
    /// The sheets read, in order, each with the last row of its header.
    pub fn parts(&self) -> Vec<(Option<String>, u32)> {
        let mut parts = vec![(self.sheet.clone(), self.header_row + self.header_rows - 1)];
        parts.extend(
            self.more_sheets.iter().map(|p| (Some(p.name.clone()), p.header_row + p.header_rows - 1)),
        );
        parts
    }

    /// The header row as a person names it: 「4」, or 「4〜5」 for two rows.
    pub fn header_rows_text(&self) -> String {
        match self.header_rows {
            1 => self.header_row.to_string(),
            n => format!("{}〜{}", self.header_row, self.header_row + n - 1),
        }
    }
}

/// Non-blank rows looked at per sheet to find the header.
pub const HEAD_ROWS: usize = 30;
/// Sheets looked at; the rest are listed, and read only when named.
const SHEETS_LOOKED_AT: usize = 50;
/// How much of a row above the header is kept to show.
const ABOVE_CHARS: usize = 60;

/// A sheet's first non-blank rows.
struct SheetHead {
    name: Option<String>,
    rows: Vec<(u32, Vec<String>)>,
    best: Option<Candidate>,
}

/// A possible header: one row, or two read as one.
#[derive(Debug, Clone)]
struct Candidate {
    /// Its first row's index among the head rows, and number.
    at: usize,
    row: u32,
    rows: u32,
    headers: Vec<String>,
    fields: usize,
}

/// Finds the table. With `several`, other sheets with the same header are read too, unless the
/// person named a sheet.
#[allow(clippy::indexing_slicing, reason = "rows and cells are indexed by positions found in the same rows")]
pub fn find_table<T: Copy + Eq + Hash>(
    opened: &mut Opened<'_>,
    words: &HeaderWords<T>,
    choice: &TableChoice,
    known: &[KnownHeader],
    several: bool,
    cancel: &CancelToken,
) -> Result<TableFound, Message> {
    let names = opened.sheets();
    if let Some(wanted) = &choice.sheet
        && !names.iter().flatten().any(|n| n == wanted)
    {
        let all: Vec<&str> = names.iter().flatten().map(String::as_str).collect();
        return Err(Message::new("io.error.no_such_sheet")
            .arg("sheet", wanted)
            .arg("sheets", all.join("、")));
    }
    let heads = read_heads(opened, &names, choice, words, cancel)?;
    let remembered = remembered_position(&heads, known, words);
    let (index, sheet_reason) = match (&choice.sheet, &remembered) {
        (Some(wanted), _) => {
            (heads.iter().position(|h| h.name.as_ref() == Some(wanted)).unwrap_or(0), SheetReason::Chosen)
        }
        (None, Some((i, _))) => (*i, SheetReason::Remembered),
        (None, None) => most_fields(&heads),
    };
    let sheet_reason = match sheet_reason {
        SheetReason::Chosen => SheetReason::Chosen,
        _ if names.len() == 1 => SheetReason::Only,
        other => other,
    };
    let head = heads.get(index).ok_or_else(|| Message::new("io.error.empty_file"))?;
    let remembered_here = remembered.filter(|(i, _)| *i == index).map(|(_, c)| c);
    let (header, header_reason) = choose_header(head, choice, remembered_here, words)?;
    let more_sheets = if several && choice.sheet.is_none() {
        same_header(&heads, index, &header.headers)
    } else {
        Vec::new()
    };
    Ok(TableFound {
        sheets: heads.iter().filter_map(SheetHead::info).collect(),
        sheet: head.name.clone(),
        sheet_reason,
        more_sheets,
        header_row: header.row,
        header_rows: header.rows,
        header_reason,
        fields_named: header.fields,
        above: head.rows[..header.at].iter().map(|(n, cells)| (*n, shown(cells))).collect(),
        headers: header.headers,
    })
}

impl SheetHead {
    fn info(&self) -> Option<SheetInfo> {
        Some(SheetInfo {
            name: self.name.clone()?,
            header_row: self.best.as_ref().map(|c| c.row),
            fields: self.best.as_ref().map_or(0, |c| c.fields),
        })
    }
}

/// The first rows of every sheet looked at (only the named one, when a sheet is named).
fn read_heads<T: Copy + Eq + Hash>(
    opened: &mut Opened<'_>,
    names: &[Option<String>],
    choice: &TableChoice,
    words: &HeaderWords<T>,
    cancel: &CancelToken,
) -> Result<Vec<SheetHead>, Message> {
    // A chosen row further down than the rows usually looked at is read up to the row below it.
    let deepest = choice.header_row.map_or(0, |r| r.saturating_add(1));
    let mut budget = Budget::new(cancel);
    let mut heads = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let looked_at = match &choice.sheet {
            Some(wanted) => name.as_ref() == Some(wanted),
            None => i < SHEETS_LOOKED_AT,
        };
        let mut rows = Vec::new();
        if looked_at {
            opened.rows(name.as_deref(), &mut budget, &mut |n, cells| {
                rows.push((n, cells.iter().map(|c| c.to_string()).collect()));
                if rows.len() >= HEAD_ROWS && n >= deepest { Flow::Stop } else { Flow::More }
            })?;
        }
        let best = best_header(&rows, words);
        heads.push(SheetHead { name: name.clone(), rows, best });
    }
    Ok(heads)
}

/// The sheet whose header names the most fields (the first of equals), or the first sheet.
fn most_fields(heads: &[SheetHead]) -> (usize, SheetReason) {
    let mut best: Option<(usize, usize)> = None;
    for (i, h) in heads.iter().enumerate() {
        let fields = h.best.as_ref().map_or(0, |c| c.fields);
        if fields > 0 && best.is_none_or(|(_, most)| fields > most) {
            best = Some((i, fields));
        }
    }
    best.map_or((0, SheetReason::First), |(i, _)| (i, SheetReason::MostFields))
}

/// A remembered header position that holds the same headers in this file.
#[allow(clippy::indexing_slicing, reason = "rows and cells are indexed by positions found in the same rows")]
fn remembered_position<T: Copy + Eq + Hash>(
    heads: &[SheetHead],
    known: &[KnownHeader],
    words: &HeaderWords<T>,
) -> Option<(usize, Candidate)> {
    known.iter().find_map(|k| {
        let i = heads.iter().position(|h| h.name == k.sheet)?;
        let c = header_at(&heads[i].rows, k.header_row, words)?;
        (keys(&c.headers) == k.keys).then_some((i, c))
    })
}

fn choose_header<T: Copy + Eq + Hash>(
    head: &SheetHead,
    choice: &TableChoice,
    remembered: Option<Candidate>,
    words: &HeaderWords<T>,
) -> Result<(Candidate, HeaderReason), Message> {
    if let Some(row) = choice.header_row {
        let c = header_at(&head.rows, row, words)
            .ok_or_else(|| Message::new("io.error.no_header_row").arg("row", row))?;
        return Ok((c, HeaderReason::Chosen));
    }
    if let Some(c) = remembered {
        return Ok((c, HeaderReason::Remembered));
    }
    if let Some(c) = &head.best {
        return Ok((c.clone(), HeaderReason::MostFields));
    }
    let first = head.rows.first().map(|r| r.0).ok_or_else(|| Message::new("io.error.empty_file"))?;
    let c = header_at(&head.rows, first, words).ok_or_else(|| Message::new("io.error.empty_file"))?;
    Ok((c, HeaderReason::FirstRow))
}

/// Other sheets whose best header has the same keys.
fn same_header(heads: &[SheetHead], chosen: usize, headers: &[String]) -> Vec<SheetPart> {
    let wanted = keys(headers);
    heads
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != chosen)
        .filter_map(|(_, h)| {
            let c = h.best.as_ref().filter(|c| keys(&c.headers) == wanted)?;
            Some(SheetPart { name: h.name.clone()?, header_row: c.row, header_rows: c.rows })
        })
        .collect()
}

/// The row (or pair) among `rows` naming the most fields, the earliest of equals; `None` when
/// no row names any.
fn best_header<T: Copy + Eq + Hash>(
    rows: &[(u32, Vec<String>)],
    words: &HeaderWords<T>,
) -> Option<Candidate> {
    let mut best: Option<Candidate> = None;
    for at in 0..rows.len() {
        let c = candidate_at(rows, at, words);
        if c.fields > 0 && best.as_ref().is_none_or(|b| c.fields > b.fields) {
            best = Some(c);
        }
    }
    best
}

fn header_at<T: Copy + Eq + Hash>(
    rows: &[(u32, Vec<String>)],
    row: u32,
    words: &HeaderWords<T>,
) -> Option<Candidate> {
    rows.iter().position(|r| r.0 == row).map(|at| candidate_at(rows, at, words))
}

/// The header starting at `rows[at]`: that row, or it and the next read as one when together
/// they name more fields than either alone.
#[allow(clippy::indexing_slicing, reason = "rows and cells are indexed by positions found in the same rows")]
fn candidate_at<T: Copy + Eq + Hash>(
    rows: &[(u32, Vec<String>)],
    at: usize,
    words: &HeaderWords<T>,
) -> Candidate {
    let (row, top) = (&rows[at].0, &rows[at].1);
    let alone = words.recognised(top.iter().map(String::as_str));
    if let Some((next_row, below)) = rows.get(at + 1).filter(|r| r.0 == row + 1) {
        let combined = combine(top, below, words);
        let together = words.recognised(combined.iter().map(String::as_str));
        let below_alone = words.recognised(below.iter().map(String::as_str));
        if together > alone && together > below_alone {
            debug_assert_eq!(*next_row, row + 1);
            return Candidate { at, row: *row, rows: 2, headers: combined, fields: together };
        }
    }
    Candidate { at, row: *row, rows: 1, headers: top.clone(), fields: alone }
}

/// Two header rows as one: a group cell above (merged across the columns below it, so filled in
/// its first column only) joins each sub-header under it; a cell with nothing below it (merged
/// down) stands alone. Of the group and sub-header joined, the sub-header and the group, the
/// first that names a field is the column's header.
fn combine<T: Copy + Eq + Hash>(top: &[String], below: &[String], words: &HeaderWords<T>) -> Vec<String> {
    let width = top.len().max(below.len());
    let mut group: Option<&str> = None;
    (0..width)
        .map(|c| {
            let above = top.get(c).map_or("", String::as_str);
            let under = below.get(c).map_or("", String::as_str);
            match (above.is_empty(), under.is_empty()) {
                (false, false) => {
                    group = Some(above);
                    joined(words, above, under)
                }
                (false, true) => {
                    group = None;
                    above.to_owned()
                }
                (true, false) => group.map_or_else(|| under.to_owned(), |g| joined(words, g, under)),
                (true, true) => {
                    group = None;
                    String::new()
                }
            }
        })
        .collect()
}

fn joined<T: Copy + Eq + Hash>(words: &HeaderWords<T>, group: &str, sub: &str) -> String {
    let both = format!("{group} {sub}");
    [both.as_str(), sub, group].into_iter().find(|h| words.names_a_field(h)).unwrap_or(&both).to_owned()
}

fn keys(headers: &[String]) -> Vec<String> {
    let mut keys: Vec<String> = headers.iter().map(|h| header_key(h)).collect();
    while keys.last().is_some_and(String::is_empty) {
        keys.pop();
    }
    keys
}

/// A row's filled cells as one short text.
fn shown(cells: &[String]) -> String {
    let text = cells.iter().filter(|c| !c.is_empty()).cloned().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(ABOVE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// What takes each data row: the sheet's index in [`TableFound::parts`], the row's number and
/// its cells; it says whether to read on.
pub(crate) type DataRow<'r> = dyn FnMut(usize, u32, &[Cow<'_, str>]) -> Flow + 'r;

/// Hands every row below the header of each sheet read to `row`.
pub(crate) fn each_data_row(
    opened: &mut Opened<'_>,
    found: &TableFound,
    budget: &mut Budget<'_>,
    row: &mut DataRow<'_>,
) -> Result<(), Message> {
    for (i, (sheet, last_header)) in found.parts().into_iter().enumerate() {
        let mut stop = false;
        opened.rows(sheet.as_deref(), budget, &mut |n, cells| {
            if n <= last_header {
                return Flow::More;
            }
            let flow = row(i, n, cells);
            stop = flow == Flow::Stop;
            flow
        })?;
        if stop {
            break;
        }
    }
    Ok(())
}

/// Words that end a table: a totals row.
const FOOTER_WORDS: &[&str] = &["合計", "計", "小計", "総計", "以上", "total"];

/// Why a row under the header is not a record, if it is not: a totals row (its first cell says
/// 「合計」), or a remark (one cell, starting 「※」 or 「注」).
pub fn skipped_row<S: AsRef<str>>(cells: &[S]) -> Option<Message> {
    let mut filled = cells.iter().map(AsRef::as_ref).filter(|c| !c.is_empty());
    let first = filled.next()?;
    let only = filled.next().is_none();
    if FOOTER_WORDS.contains(&header_key(first).as_str()) {
        return Some(Message::new("io.note.footer").arg("text", first));
    }
    let remark = ['※', '注', '*', '＊'].iter().any(|m| first.starts_with(*m));
    (only && remark).then(|| Message::new("io.note.remark").arg("text", shown(&[first.to_owned()])))
}

#[cfg(test)]
mod tests;
