//! Witness lines: a chain's head (chain, sequence number, seal, time) written down somewhere
//! the database's writers cannot reach. A later check proves the log still holds every
//! witnessed head, so history up to that point cannot have been rewritten or cut short.
//!
//! A witness file is JSON lines, one head a line, appended to and never rewritten:
//! `{"format":"iryosec-witness/1","chain":"institution:1","institution_id":1,"seq":42,
//! "hash":"…","head_at":"2025-05-16T09:00:00+09:00","written_at":"…"}`. Empty lines and lines
//! starting with `#` are skipped. Only `format`, `chain`, `seq` and `hash` are checked.

use crate::Timestamp;
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "iryosec-witness/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WitnessLine {
    pub format: String,
    pub chain: String,
    #[serde(default)]
    pub institution_id: Option<i64>,
    pub seq: i64,
    pub hash: String,
    /// When the head's entry was written (JST, RFC 3339).
    #[serde(default)]
    pub head_at: String,
    /// When the line was written (JST, RFC 3339).
    #[serde(default)]
    pub written_at: String,
}

impl WitnessLine {
    pub fn new(
        chain: &str,
        institution_id: Option<i64>,
        seq: i64,
        hash: &str,
        head_at: Option<Timestamp>,
        written_at: Timestamp,
    ) -> WitnessLine {
        WitnessLine {
            format: FORMAT.to_owned(),
            chain: chain.to_owned(),
            institution_id,
            seq,
            hash: hash.to_owned(),
            head_at: head_at.map(rfc3339_jst).unwrap_or_default(),
            written_at: rfc3339_jst(written_at),
        }
    }

    /// The line as written to a witness file, without its newline.
    pub fn to_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn rfc3339_jst(t: Timestamp) -> String {
    t.to_jst().and_then(|d| d.format(&time::format_description::well_known::Rfc3339).ok()).unwrap_or_default()
}

/// Reads a witness file's lines; `Err` names the first bad line by its number (from 1).
pub fn parse(text: &str) -> Result<Vec<WitnessLine>, usize> {
    let mut lines = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let raw = raw.trim();
        if raw.is_empty() || raw.starts_with('#') {
            continue;
        }
        let line: WitnessLine = serde_json::from_str(raw).map_err(|_| n + 1)?;
        if line.format != FORMAT || line.seq < 1 || line.chain.is_empty() {
            return Err(n + 1);
        }
        lines.push(line);
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_round_trip_and_comments_are_skipped() {
        let l = WitnessLine::new("institution:1", Some(1), 42, "ab", Some(Timestamp(0)), Timestamp(0));
        assert_eq!(l.head_at, "1970-01-01T09:00:00+09:00");
        let text = format!("# kept by the 事務長\n\n{}\n{}\n", l.to_line(), l.to_line());
        assert_eq!(parse(&text), Ok(vec![l.clone(), l]));
    }

    #[test]
    fn a_bad_line_is_named_by_its_number() {
        let l = WitnessLine::new("system", None, 1, "ab", None, Timestamp(0)).to_line();
        assert_eq!(parse(&format!("{l}\nnot json")), Err(2));
        assert_eq!(parse(&l.replace("iryosec-witness/1", "other")), Err(1));
        assert_eq!(parse(&l.replace("\"seq\":1", "\"seq\":0")), Err(1));
    }
}
