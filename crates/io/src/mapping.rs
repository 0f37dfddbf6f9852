//! Which field each column of a file holds, decided honestly: the header a field is exported
//! under (its exact name) always wins over a synonym, a synonym over a guess; two columns that
//! claim one field as surely as each other become a question for the person, never a silent
//! choice; and every column not taken is listed, with the column that took its field.
//!
//! Headers are compared after folding width, case, spaces, brackets and 「・」 ([`header_key`]).

use serde::Serialize;
use std::collections::HashMap;
use std::hash::Hash;

/// How surely a column was found to hold its field, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Found {
    /// A weak header (「No.」), or a known name inside a longer header (「設置場所（部屋）」).
    Guess,
    /// One of the field's other names (「機器名称」 for 名称).
    Synonym,
    /// The field's own header (「管理番号」) or code (`asset_no`).
    Exact,
    /// As remembered from the institution's last import of a file with these headers.
    Remembered,
    /// As the person chose (a form, `--map`, a mapping file).
    Chosen,
}

/// One field's names, for [`HeaderWords::new`].
pub struct FieldWords<'a, T> {
    pub field: T,
    /// Stored name, also an exact header.
    pub code: &'a str,
    /// The exported header first, then synonyms.
    pub names: &'a [&'a str],
    /// Headers that only suggest the field.
    pub weak: &'a [&'a str],
}

/// The header vocabulary of one kind of file: every field's names, each header looked up in
/// one step whatever the number of fields (a wide file costs its width).
pub struct HeaderWords<T> {
    /// Each field with its code, its header and a few of its names, as a person may be told.
    fields: Vec<(T, String, String, String)>,
    by_key: HashMap<String, Vec<(T, Found)>>,
    /// Names of two characters or more, longest first, for headers that hold one.
    inside: Vec<(String, T)>,
}

/// How many of a field's names a message suggests.
const EXAMPLES: usize = 4;

/// Names shorter than this are not looked for inside longer headers (「IP」 is in too much).
const INSIDE_MIN_CHARS: usize = 3;

impl<T: Copy + Eq + Hash> HeaderWords<T> {
    /// Fields in the order a header that fits several should prefer.
    pub fn new<'a>(fields: impl IntoIterator<Item = FieldWords<'a, T>>) -> HeaderWords<T> {
        let mut words = HeaderWords { fields: Vec::new(), by_key: HashMap::new(), inside: Vec::new() };
        for f in fields {
            let label = f.names.first().copied().unwrap_or(f.code);
            let examples = f.names.iter().take(EXAMPLES).copied().collect::<Vec<_>>().join("／");
            words.fields.push((f.field, f.code.to_owned(), label.to_owned(), examples));
            words.add(f.code, f.field, Found::Exact);
            words.add(label, f.field, Found::Exact);
            for name in f.names.iter().skip(1) {
                words.add(name, f.field, Found::Synonym);
                let key = header_key(name);
                if key.chars().count() >= INSIDE_MIN_CHARS {
                    words.inside.push((key, f.field));
                }
            }
            if header_key(label).chars().count() >= INSIDE_MIN_CHARS {
                words.inside.push((header_key(label), f.field));
            }
            for name in f.weak {
                words.add(name, f.field, Found::Guess);
            }
        }
        words.inside.sort_by_key(|(k, _)| std::cmp::Reverse(k.chars().count()));
        words
    }

    fn add(&mut self, name: &str, field: T, found: Found) {
        let fits = self.by_key.entry(header_key(name)).or_default();
        if !fits.iter().any(|(f, _)| *f == field) {
            fits.push((field, found));
        }
    }

    /// The fields `header` may name, the surest first.
    pub fn candidates(&self, header: &str) -> Vec<(T, Found)> {
        let key = header_key(header);
        if key.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<(T, Found)> = self.by_key.get(&key).cloned().unwrap_or_default();
        if found.iter().all(|(_, how)| *how == Found::Guess) {
            let held = self.inside.iter().filter(|(name, _)| key.contains(name.as_str()));
            for (_, field) in held {
                if !found.iter().any(|(f, _)| f == field) {
                    found.push((*field, Found::Guess));
                }
            }
        }
        found.sort_by_key(|(_, how)| std::cmp::Reverse(*how));
        found
    }

    /// How many different fields these headers name by an exact name or a synonym: how much a
    /// row looks like this file's header.
    pub fn recognised<'h>(&self, headers: impl IntoIterator<Item = &'h str>) -> usize {
        let mut named: Vec<T> = Vec::new();
        for h in headers {
            let fits = self.by_key.get(&header_key(h)).into_iter().flatten();
            for (f, _) in fits.filter(|(_, how)| *how >= Found::Synonym) {
                if !named.contains(f) {
                    named.push(*f);
                }
            }
        }
        named.len()
    }

    /// Whether a header names any field by an exact name or a synonym.
    pub fn names_a_field(&self, header: &str) -> bool {
        self.recognised([header]) > 0
    }

    /// The field a person means by `text`: its code, its header or a synonym.
    pub fn field_named(&self, text: &str) -> Option<T> {
        let fits = self.by_key.get(&header_key(text))?;
        fits.iter().filter(|(_, how)| *how >= Found::Synonym).map(|(f, _)| *f).next()
    }

    pub fn by_code(&self, code: &str) -> Option<T> {
        self.fields.iter().find(|(_, c, ..)| c == code).map(|(f, ..)| *f)
    }

    pub fn code(&self, field: T) -> &str {
        self.fields.iter().find(|(f, ..)| *f == field).map_or("", |(_, c, ..)| c.as_str())
    }

    /// The field's header as exported (its Japanese name).
    pub fn label(&self, field: T) -> &str {
        self.fields.iter().find(|(f, ..)| *f == field).map_or("", |(_, _, l, _)| l.as_str())
    }

    /// A few headers that name the field, for a message: 「管理番号／資産番号／…」.
    pub fn examples(&self, field: T) -> &str {
        self.fields.iter().find(|(f, ..)| *f == field).map_or("", |(.., e)| e.as_str())
    }

    pub fn fields(&self) -> impl Iterator<Item = T> + '_ {
        self.fields.iter().map(|(f, ..)| *f)
    }
}

/// Two or more columns that claim one field equally: the person says which (or none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question<T> {
    pub field: T,
    pub columns: Vec<usize>,
}

/// A column that holds no field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Untaken<T> {
    pub column: usize,
    /// The field it might have held, and the column that holds it (more surely, or by choice).
    pub lost_to: Option<(T, usize)>,
}

/// The field of each column, how surely, and what is left to decide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnMapping<T> {
    pub fields: Vec<Option<T>>,
    pub found: Vec<Option<Found>>,
    pub questions: Vec<Question<T>>,
}

impl<T: Copy + Eq + Hash> ColumnMapping<T> {
    /// The proposal for `headers`: surer claims first; equal claims on one field become a question.
    pub fn propose(words: &HeaderWords<T>, headers: &[String]) -> ColumnMapping<T> {
        let candidates: Vec<Vec<(T, Found)>> = headers.iter().map(|h| words.candidates(h)).collect();
        let mut m = ColumnMapping {
            fields: vec![None; headers.len()],
            found: vec![None; headers.len()],
            questions: Vec::new(),
        };
        for tier in [Found::Exact, Found::Synonym, Found::Guess] {
            while m.settle_round(&candidates, tier) {}
        }
        m
    }

    /// One round of claims at `tier`: each free column claims its first free field of that tier;
    /// a field claimed once is taken, claimed more often becomes a question. Whether anything moved.
    #[allow(clippy::indexing_slicing, reason = "columns are indexed by positions taken from the same header")]
    fn settle_round(&mut self, candidates: &[Vec<(T, Found)>], tier: Found) -> bool {
        let mut claims: Vec<(T, Vec<usize>)> = Vec::new();
        for (col, fits) in candidates.iter().enumerate() {
            if self.fields[col].is_some() || self.in_question(col) {
                continue;
            }
            let claim = fits.iter().find(|(f, how)| *how == tier && self.is_free(*f));
            if let Some((field, _)) = claim {
                match claims.iter_mut().find(|(f, _)| f == field) {
                    Some((_, cols)) => cols.push(col),
                    None => claims.push((*field, vec![col])),
                }
            }
        }
        for (field, columns) in &claims {
            if let [col] = columns.as_slice() {
                self.fields[*col] = Some(*field);
                self.found[*col] = Some(tier);
            } else {
                self.questions.push(Question { field: *field, columns: columns.clone() });
            }
        }
        !claims.is_empty()
    }

    fn is_free(&self, field: T) -> bool {
        !self.fields.contains(&Some(field)) && !self.questions.iter().any(|q| q.field == field)
    }

    fn in_question(&self, col: usize) -> bool {
        self.questions.iter().any(|q| q.columns.contains(&col))
    }

    /// The person's (or a remembered) decision for one column: it holds `field`, or nothing. Any
    /// other column holding that field lets it go; a question the column was in is settled.
    #[allow(clippy::indexing_slicing, reason = "columns are indexed by positions taken from the same header")]
    pub fn decide(&mut self, column: usize, field: Option<T>, how: Found) {
        if column >= self.fields.len() {
            return;
        }
        if let Some(f) = field {
            for (col, held) in self.fields.iter_mut().enumerate() {
                if *held == Some(f) && col != column {
                    *held = None;
                    self.found[col] = None;
                }
            }
        }
        self.questions.retain(|q| !q.columns.contains(&column) && Some(q.field) != field);
        self.fields[column] = field;
        self.found[column] = Some(how);
    }

    /// The column holding `field`.
    pub fn column_of(&self, field: T) -> Option<usize> {
        self.fields.iter().position(|f| *f == Some(field))
    }

    /// Every column that holds no field and is in no question, with the field it lost, if any.
    #[allow(clippy::indexing_slicing, reason = "columns are indexed by positions taken from the same header")]
    pub fn untaken(&self, words: &HeaderWords<T>, headers: &[String]) -> Vec<Untaken<T>> {
        (0..self.fields.len())
            .filter(|c| self.fields[*c].is_none() && !self.in_question(*c))
            .filter(|c| headers.get(*c).is_some_and(|h| !h.trim().is_empty()))
            .map(|column| {
                let lost = headers.get(column).map(|h| words.candidates(h)).unwrap_or_default();
                let lost_to = lost.iter().find_map(|(f, _)| self.column_of(*f).map(|c| (*f, c)));
                Untaken { column, lost_to }
            })
            .collect()
    }
}

/// A header as compared: half-width, lower case, without spaces, brackets, 「・」, marks such as
/// ※ or * that flag a required column, and punctuation.
pub fn header_key(h: &str) -> String {
    iryosec_core::text::to_half_width(h)
        .to_lowercase()
        .chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '_' | '-'
                        | '・'
                        | '･'
                        | '.'
                        | '。'
                        | '、'
                        | ':'
                        | '('
                        | ')'
                        | '['
                        | ']'
                        | '{'
                        | '}'
                        | '<'
                        | '>'
                        | '【'
                        | '】'
                        | '「'
                        | '」'
                        | '『'
                        | '』'
                        | '〔'
                        | '〕'
                        | '〈'
                        | '〉'
                        | '《'
                        | '》'
                        | '/'
                        | '※'
                        | '*'
                        | '＊'
                )
        })
        .collect()
}

#[cfg(test)]
mod tests;
