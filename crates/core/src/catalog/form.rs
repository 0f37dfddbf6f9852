//! An edition as read from the ministry's own workbook, before it has stable keys: the printed
//! numbers, texts, scopes and date columns. [`draft_from_form`] turns it into a draft edition by
//! matching each item to the previous edition's (by number and wording, or by wording alone),
//! so answers carry over by key; what matched how is returned for the person to review.

use super::model::{Edition, FORMAT_VERSION, Item, KIND_CHECKLIST, Section, Sheet, Verification};
use super::official::OfficialFile;
use crate::text::half_width;
use serde::Serialize;
use std::collections::HashSet;

/// One item row of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormItem {
    /// As printed, with the section in front (`2-①`, `2-(1)`).
    pub number: String,
    pub section: String,
    pub title: String,
    pub scopes: Vec<super::model::Scope>,
    /// The Excel row the item starts at.
    pub row: u32,
}

/// What a workbook's item table says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormRead {
    pub sheet_name: String,
    pub sheet: Sheet,
    pub fiscal_year: i32,
    pub title: String,
    /// How many 確認日 columns the table has (1 or 2).
    pub confirmations: u8,
    pub sections: Vec<Section>,
    pub items: Vec<FormItem>,
}

/// How an item of the form found its stable key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchedBy {
    /// The previous edition has an item of the same number with like wording.
    NumberAndText,
    /// An item of another number with like wording (renumbered).
    Text,
    /// Nothing like it before: a new key.
    New,
}

impl MatchedBy {
    pub fn label_key(self) -> &'static str {
        match self {
            MatchedBy::NumberAndText => "definitions.matched.number_and_text",
            MatchedBy::Text => "definitions.matched.text",
            MatchedBy::New => "definitions.matched.new",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemMatch {
    pub number: String,
    pub key: String,
    pub matched_by: MatchedBy,
    pub previous_number: Option<String>,
    /// How alike the wording is, 0–100.
    pub similarity: u8,
}

/// The file a form was read from.
#[derive(Debug, Clone, Copy)]
pub struct FormFile<'a> {
    pub name: &'a str,
    pub official: Option<&'a OfficialFile>,
}

/// Wording at least this alike (in percent) keeps the key of the item with the same number.
const SAME_NUMBER_SIMILARITY: u8 = 40;
/// Wording at least this alike keeps the key of an item with another number.
const RENUMBERED_SIMILARITY: u8 = 60;

/// The draft edition for a form, with how each item matched the previous edition.
pub fn draft_from_form(
    form: &FormRead,
    previous: Option<&Edition>,
    file: FormFile<'_>,
) -> (Edition, Vec<ItemMatch>) {
    let matches = match_items(form, previous);
    let items =
        form.items.iter().zip(&matches).map(|(f, m)| draft_item(form, f, m, previous, file)).collect();
    let edition = Edition {
        format: FORMAT_VERSION,
        id: format!(
            "mhlw-checklist-r{}-{}-workbook",
            form.fiscal_year - 2018,
            form.sheet.code().replace('_', "-")
        ),
        kind: KIND_CHECKLIST.to_owned(),
        title: form.title.clone(),
        fiscal_year: form.fiscal_year,
        sheet: form.sheet,
        confirmations: form.confirmations,
        published: String::new(),
        provisional: false,
        source: source_text(form, file),
        note: String::new(),
        official_file: String::new(),
        official_sha256: String::new(),
        sections: sections(form, previous),
        items,
    };
    (edition, matches)
}

fn source_text(form: &FormRead, file: FormFile<'_>) -> String {
    match file.official {
        Some(o) => format!(
            "厚生労働省の様式ファイル {}（{}。SHA-256 が公表されたファイルと一致）のシート「{}」から読み取り。",
            o.name, o.what, form.sheet_name
        ),
        None => format!(
            "{} のシート「{}」から読み取り。公表されたファイルとして記録されたものとは一致しないため、原本と照合してください。",
            file.name, form.sheet_name
        ),
    }
}

/// The form's sections, and a section for any item number whose section row the form lacks
/// (titled as the previous edition titles it).
fn sections(form: &FormRead, previous: Option<&Edition>) -> Vec<Section> {
    let mut out = form.sections.clone();
    for item in &form.items {
        if out.iter().all(|s| s.number != item.section) {
            let title = previous
                .and_then(|p| p.sections.iter().find(|s| s.number == item.section))
                .map_or_else(|| item.section.clone(), |s| s.title.clone());
            out.push(Section { number: item.section.clone(), title });
        }
    }
    out
}

fn draft_item(
    form: &FormRead,
    f: &FormItem,
    m: &ItemMatch,
    previous: Option<&Edition>,
    file: FormFile<'_>,
) -> Item {
    let before = previous.and_then(|p| p.item(&m.key)).filter(|_| m.matched_by != MatchedBy::New);
    let how = match (m.matched_by, &m.previous_number) {
        (MatchedBy::New, _) | (_, None) => "前の版に対応する項目なし".to_owned(),
        (MatchedBy::NumberAndText, Some(n)) => {
            format!("前の版の {n} と番号・文言で対応（文言の一致 {}%）", m.similarity)
        }
        (MatchedBy::Text, Some(n)) => format!("前の版の {n} と文言で対応（文言の一致 {}%）", m.similarity),
    };
    Item {
        number: f.number.clone(),
        key: m.key.clone(),
        section: f.section.clone(),
        title: f.title.clone(),
        scopes: f.scopes.clone(),
        due: form.fiscal_year,
        due_by_scope: Default::default(),
        applies_if: before.map(|b| b.applies_if.clone()).unwrap_or_default(),
        gate: before.is_some_and(|b| b.gate) && f.scopes.is_empty(),
        guidance: before.map(|b| b.guidance.clone()).unwrap_or_default(),
        guideline: before.map(|b| b.guideline.clone()).unwrap_or_default(),
        verification: if file.official.is_some() { Verification::Final } else { Verification::Inferred },
        source_note: format!("{} の {}!{} 行目から読み取り。{how}。", file.name, form.sheet_name, f.row),
        checked_by: String::new(),
        checked_on: String::new(),
    }
}

/// Each form item's key: the same number with like wording first, then like wording anywhere,
/// else a new key.
pub fn match_items(form: &FormRead, previous: Option<&Edition>) -> Vec<ItemMatch> {
    let empty: Vec<Item> = Vec::new();
    let before = previous.map_or(&empty, |p| &p.items);
    let mut used = HashSet::new();
    let mut found: Vec<Option<(usize, MatchedBy, u8)>> = vec![None; form.items.len()];
    for (slot, f) in found.iter_mut().zip(&form.items) {
        let same =
            before.iter().enumerate().find(|(j, b)| !used.contains(j) && same_number(&b.number, &f.number));
        if let Some((j, b)) = same {
            let score = similarity(&b.title, &f.title);
            if score >= SAME_NUMBER_SIMILARITY {
                used.insert(j);
                *slot = Some((j, MatchedBy::NumberAndText, score));
            }
        }
    }
    for (slot, f) in found.iter_mut().zip(&form.items).filter(|(s, _)| s.is_none()) {
        let best = before
            .iter()
            .enumerate()
            .filter(|(j, _)| !used.contains(j))
            .map(|(j, b)| (j, similarity(&b.title, &f.title)))
            .max_by_key(|(_, s)| *s)
            .filter(|(_, s)| *s >= RENUMBERED_SIMILARITY);
        if let Some((j, score)) = best {
            used.insert(j);
            *slot = Some((j, MatchedBy::Text, score));
        }
    }
    let mut keys: HashSet<String> = HashSet::new();
    form.items
        .iter()
        .zip(found)
        .map(|(f, slot)| match slot.and_then(|(j, by, s)| before.get(j).map(|b| (b, by, s))) {
            Some((b, by, score)) => {
                keys.insert(b.key.clone());
                ItemMatch {
                    number: f.number.clone(),
                    key: b.key.clone(),
                    matched_by: by,
                    previous_number: Some(b.number.clone()),
                    similarity: score,
                }
            }
            None => ItemMatch {
                number: f.number.clone(),
                key: new_key(form.fiscal_year, f, &mut keys),
                matched_by: MatchedBy::New,
                previous_number: None,
                similarity: 0,
            },
        })
        .collect()
}

/// `item.fy2026_2_14` for the 14th item of section 2; unique within the edition.
fn new_key(fiscal_year: i32, f: &FormItem, taken: &mut HashSet<String>) -> String {
    let tail = ordinal(&f.number).map_or_else(|| f.row.to_string(), |(s, n)| format!("{s}_{n}"));
    let safe: String =
        tail.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    let mut key = format!("item.fy{fiscal_year}_{safe}");
    if taken.contains(&key) {
        key = format!("{key}_r{}", f.row);
    }
    taken.insert(key.clone());
    key
}

/// Section and position of a printed number: `2-⑤`, `2-(5)` and `2-（５）` are all (2, 5).
pub fn ordinal(number: &str) -> Option<(String, u32)> {
    let n: String = number.chars().map(half_width).filter(|c| !c.is_whitespace()).collect();
    let (section, rest) = n.split_once('-')?;
    Some((section.to_owned(), position(rest)?))
}

/// ① … ⑳ or (n) as a number.
pub fn position(printed: &str) -> Option<u32> {
    let mut chars = printed.chars();
    if let (Some(c @ '①'..='⑳'), None) = (chars.next(), chars.next()) {
        return Some(c as u32 - '①' as u32 + 1);
    }
    let inner = printed.strip_prefix('(')?.strip_suffix(')')?;
    inner.parse().ok().filter(|n| *n > 0)
}

fn same_number(a: &str, b: &str) -> bool {
    a == b || ordinal(a).is_some_and(|x| ordinal(b) == Some(x))
}

/// How alike two wordings are, 0–100: shared pairs of neighbouring characters (Dice), after
/// dropping spaces and punctuation and making full-width letters and digits half-width.
pub fn similarity(a: &str, b: &str) -> u8 {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().map(half_width).filter(|c| c.is_alphanumeric()).collect();
        chars.iter().copied().zip(chars.iter().copied().skip(1)).collect()
    };
    let (x, mut y) = (pairs(a), pairs(b));
    if x.is_empty() || y.is_empty() {
        return if a.trim() == b.trim() { 100 } else { 0 };
    }
    let total = x.len() + y.len();
    let mut shared = 0;
    for p in &x {
        if let Some(at) = y.iter().position(|q| q == p) {
            y.swap_remove(at);
            shared += 1;
        }
    }
    u8::try_from(shared * 200 / total).unwrap_or(100)
}

#[cfg(test)]
mod tests;
