//! The ministry's own checklist workbook, read as it is published: the item table is found by
//! its headers (a 「チェック項目」-like column and 確認日 or はい／いいえ columns), sections by their
//! rows (「1 体制構築」), items by their printed numbers (1-①, 2-(1), or ① and (1) under a section),
//! scopes (医療情報システム全般・サーバ・端末PC・ネットワーク機器) on the item's row or the rows below
//! it, and the number of 確認日 columns. Merged cells hold their text in the first cell, which is
//! all this reads. What cannot be found is said with its sheet, row and column.

use crate::cells::{CellError, column_letter, text};
use calamine::{Data, Range, Reader};
use iryosec_core::Message;
use iryosec_core::catalog::{FormItem, FormRead, Scope, Section, Sheet, position};
use iryosec_core::text::to_half_width;

/// What the person (or the recognised official file) says when the workbook does not.
#[derive(Debug, Clone, Default)]
pub struct FormHints {
    /// Read this sheet only.
    pub sheet_name: Option<String>,
    pub fiscal_year: Option<i32>,
    pub sheet: Option<Sheet>,
}

/// Reads the item table of the first sheet that has one (or of the named sheet).
pub fn read_form(bytes: &[u8], hints: &FormHints) -> Result<FormRead, CellError> {
    let mut wb = crate::workbook::open(bytes).map_err(|m| CellError::new("", 0, "", m))?;
    let names: Vec<String> = match &hints.sheet_name {
        Some(name) => vec![name.clone()],
        None => wb.sheet_names().to_vec(),
    };
    for name in &names {
        let range = crate::workbook::grid(&mut wb, name)
            .map_err(|m| CellError::new(name, 0, "", m))?
            .ok_or_else(|| CellError::new(name, 0, "", Message::new("io.error.ministry_missing_sheet")))?;
        let rows = texts(&range);
        if let Some(header) = find_header(&rows) {
            return read_table(name, &rows, &header, hints);
        }
    }
    Err(CellError::new(&names.join("・"), 0, "", Message::new("io.error.ministry_no_table")))
}

/// A sheet's text, row by row: (Excel row, [(column index, text)]) of the filled cells.
type Rows = Vec<(u32, Vec<(usize, String)>)>;

fn texts(range: &Range<Data>) -> Rows {
    let (top, left) = range.start().map_or((0, 0), |(r, c)| (r, c as usize));
    range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let cells = row
                .iter()
                .enumerate()
                .map(|(j, c)| (left + j, text(Some(c))))
                .filter(|(_, t)| !t.is_empty())
                .collect();
            (top + u32::try_from(i).unwrap_or(0) + 1, cells)
        })
        .filter(|(_, cells): &(u32, Vec<(usize, String)>)| !cells.is_empty())
        .collect()
}

struct Header {
    /// Index into the rows of the header row, and of the first data row.
    at: usize,
    data_from: usize,
    item_col: usize,
    number_col: Option<usize>,
    scope_col: Option<usize>,
    confirmations: u8,
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn cell_with(cells: &[(usize, String)], test: impl Fn(&str) -> bool) -> Option<&(usize, String)> {
    cells.iter().find(|(_, t)| test(&squeeze(t)))
}

/// The header row: a short cell naming the item column (…項目), and 確認日 or はい／いいえ on it or
/// the row below (a two-row header).
fn find_header(rows: &Rows) -> Option<Header> {
    rows.iter().enumerate().find_map(|(at, (_, cells))| {
        let (item_col, _) = cell_with(cells, |t| t.ends_with("項目") && t.chars().count() <= 8)?;
        let below = rows.get(at + 1).map_or(&[][..], |(_, c)| c.as_slice());
        let both = || cells.iter().chain(below);
        let dates = both().filter(|(_, t)| squeeze(t).contains("確認日")).count();
        let answers = both().any(|(_, t)| {
            let t = squeeze(t);
            t.contains("はい") || t.contains("確認結果") || t.contains("実施状況")
        });
        if dates == 0 && !answers {
            return None;
        }
        let second_round = both().any(|(_, t)| squeeze(t).contains("2回目"));
        let sub_header = below.iter().any(|(_, t)| {
            let t = squeeze(t);
            ["はい", "いいえ", "確認日", "回目"].iter().any(|w| t.contains(w))
        }) && below.iter().all(|(_, t)| printed_number(t).is_none());
        Some(Header {
            at,
            data_from: at + 1 + usize::from(sub_header && !below.is_empty()),
            item_col: *item_col,
            number_col: cell_with(cells, |t| t.contains("番号") || t == "No" || t == "No.").map(|(c, _)| *c),
            scope_col: cell_with(cells, |t| t.contains("対象") || t.contains("区分")).map(|(c, _)| *c),
            confirmations: if dates >= 2 || second_round { 2 } else { 1 },
        })
    })
}

/// `1-①`, `2-(1)`, `①`, `(1)`, `（１）` as printed (half-width brackets), else `None`.
fn printed_number(cell: &str) -> Option<String> {
    let n: String = to_half_width(cell).chars().filter(|c| !c.is_whitespace()).collect();
    let tail = n.split_once('-').map_or(n.as_str(), |(s, t)| {
        if s.chars().all(|c| c.is_ascii_digit()) && !s.is_empty() { t } else { "" }
    });
    position(tail).map(|_| n.clone())
}

/// `1 体制構築`, `1．体制構築`, `２.医療情報…`: (number, title).
fn section_number(cell: &str) -> Option<(String, String)> {
    let t = to_half_width(cell);
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    let rest = t[digits.len()..].trim_start_matches(['.', '．', '、', ' ', ')', '）']).trim();
    let rest_is_title = !rest.is_empty()
        && !rest.starts_with('-')
        && !rest.chars().next().is_some_and(|c| c.is_ascii_digit());
    rest_is_title.then(|| (digits, rest.to_owned()))
}

fn scope_of(cell: &str) -> Option<Scope> {
    let t = squeeze(cell);
    if t.chars().count() > 16 {
        return None;
    }
    [
        ("全般", Scope::General),
        ("サーバ", Scope::Server),
        ("端末", Scope::Terminal),
        ("ネットワーク", Scope::Network),
    ]
    .into_iter()
    .find(|(word, _)| t.contains(word))
    .map(|(_, s)| s)
}

/// The text above the table and the sheet's name, where the title, year and sheet are printed.
fn heading_texts(name: &str, rows: &Rows, header: &Header) -> Vec<String> {
    let mut out = vec![name.to_owned()];
    out.extend(rows.iter().take(header.at).flat_map(|(_, cells)| cells.iter().map(|(_, t)| t.clone())));
    out
}

fn sheet_kind(texts: &[String]) -> Option<Sheet> {
    let marks = [
        ("医療機関・薬局確認用", Sheet::HospitalPharmacy),
        ("事業者確認用", Sheet::Vendor),
        ("薬局確認用", Sheet::Pharmacy),
        ("医療機関確認用", Sheet::Hospital),
    ];
    marks.into_iter().find(|(m, _)| texts.iter().any(|t| squeeze(t).contains(m))).map(|(_, s)| s)
}

/// 令和N年度 (or 令和元年度) as the Western starting year.
fn fiscal_year(texts: &[String]) -> Option<i32> {
    texts.iter().find_map(|t| {
        let t = to_half_width(&squeeze(t));
        let at = t.find("令和")? + "令和".len();
        let rest = &t[at..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let (n, after) = if rest.starts_with('元') {
            (1, &rest['元'.len_utf8()..])
        } else {
            (digits.parse().ok()?, &rest[digits.len()..])
        };
        after.starts_with("年度").then_some(2018 + n)
    })
}

fn read_table(name: &str, rows: &Rows, h: &Header, hints: &FormHints) -> Result<FormRead, CellError> {
    let heading = heading_texts(name, rows, h);
    let header_row = rows.get(h.at).map_or(0, |(r, _)| *r);
    let fail = |key: &'static str| CellError::new(name, header_row, "", Message::new(key));
    let sheet = hints
        .sheet
        .or_else(|| sheet_kind(&heading))
        .ok_or_else(|| fail("io.error.ministry_no_sheet_kind"))?;
    let fiscal_year = hints
        .fiscal_year
        .or_else(|| fiscal_year(&heading))
        .ok_or_else(|| fail("io.error.ministry_no_year"))?;
    let title = heading
        .iter()
        .skip(1)
        .find(|t| t.contains("チェックリスト"))
        .cloned()
        .unwrap_or_else(|| name.to_owned());
    let mut form = FormRead {
        sheet_name: name.to_owned(),
        sheet,
        fiscal_year,
        title,
        confirmations: h.confirmations,
        sections: Vec::new(),
        items: Vec::new(),
    };
    for (row, cells) in rows.iter().skip(h.data_from) {
        read_row(name, *row, cells, h, &mut form)?;
    }
    if form.items.is_empty() {
        return Err(CellError::new(name, header_row, "", Message::new("io.error.ministry_no_items")));
    }
    Ok(form)
}

fn read_row(
    name: &str,
    row: u32,
    cells: &[(usize, String)],
    h: &Header,
    form: &mut FormRead,
) -> Result<(), CellError> {
    let at =
        |col: Option<usize>| col.and_then(|c| cells.iter().find(|(i, _)| *i == c)).map(|(_, t)| t.as_str());
    let first = cells.first().map(|(_, t)| t.as_str()).unwrap_or("");
    if first.starts_with('※') {
        return Ok(());
    }
    // The number is in its own column, or the first cell left of the item text, or in front of the text.
    let left_of_item = cells.iter().filter(|(c, _)| *c < h.item_col).map(|(_, t)| t.as_str()).next_back();
    let item_text = at(Some(h.item_col)).unwrap_or("");
    let number_cell = at(h.number_col).or(left_of_item);
    let (number, title) = match number_cell.and_then(printed_number) {
        Some(n) => (Some(n), item_text.to_owned()),
        None => split_leading_number(item_text),
    };
    let scope = at(h.scope_col)
        .and_then(scope_of)
        .or_else(|| cells.iter().filter(|(c, _)| *c != h.item_col).find_map(|(_, t)| scope_of(t)));
    let Some(number) = number else {
        if let Some((number, title)) = section_row(number_cell, item_text, first) {
            form.sections.push(Section { number, title });
        } else if let (Some(scope), Some(item)) = (scope, form.items.last_mut())
            && !item.scopes.contains(&scope)
        {
            item.scopes.push(scope);
        }
        return Ok(());
    };
    let item_column = column_letter(h.item_col);
    let (section, number) = match number.split_once('-') {
        Some((s, _)) => (s.to_owned(), number.clone()),
        None => {
            let s = form.sections.last().map(|s| s.number.clone()).ok_or_else(|| {
                CellError::new(
                    name,
                    row,
                    &item_column,
                    Message::new("io.error.ministry_no_section").arg("number", &number),
                )
            })?;
            (s.clone(), format!("{s}-{number}"))
        }
    };
    if title.trim().is_empty() {
        return Err(CellError::new(
            name,
            row,
            &item_column,
            Message::new("io.error.ministry_no_text").arg("number", &number),
        ));
    }
    form.items.push(FormItem {
        number,
        section,
        title: title.trim().to_owned(),
        scopes: scope.into_iter().collect(),
        row,
    });
    Ok(())
}

/// A section's row: its number alone in the number column with the title in the item column,
/// or `1 体制構築` in one cell.
fn section_row(number_cell: Option<&str>, item_text: &str, first: &str) -> Option<(String, String)> {
    let alone = number_cell.map(to_half_width).filter(|n| {
        (1..=2).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit()) && !item_text.is_empty()
    });
    match alone {
        Some(n) => Some((n, item_text.to_owned())),
        None => section_number(number_cell.unwrap_or(first)).or_else(|| section_number(first)),
    }
}

/// `2-① サーバ…` → (`2-①`, `サーバ…`); text without a number in front stays as it is.
fn split_leading_number(text: &str) -> (Option<String>, String) {
    let head: String = text.chars().take_while(|c| !c.is_whitespace()).collect();
    match printed_number(&head) {
        Some(n) if head.len() < text.len() => (Some(n), text[head.len()..].trim().to_owned()),
        _ => (None, text.to_owned()),
    }
}

#[cfg(any(test, feature = "samples"))]
pub mod sample;

#[cfg(test)]
mod tests;
