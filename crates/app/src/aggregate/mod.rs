//! Aggregating many institutions' bundles, for the `aggregate` command and the aggregation
//! page: reading the files side by side (one thread per core), the report from
//! `core::aggregate`, and its tables for Excel and CSV in the reader's language. Nothing is
//! stored: the result is made from the files given, each time.

mod tables;

pub use tables::{csv, missing_reason, reasons, row_label, tables, xlsx};

use iryosec_core::aggregate::{self, Report, RosterEntry, Submission};
use iryosec_core::{CancelToken, Cancelled, Message};
use iryosec_io::aggregate_input::read_submission;
use iryosec_io::limits::{ReadError, read_file};
use std::path::PathBuf;

/// A file that could not be counted, and why (the first reason says what, the others give
/// details).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub file: String,
    pub reasons: Vec<Message>,
}

/// The report and the files left out of it.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub report: Report,
    pub refused: Vec<Refused>,
}

impl Outcome {
    /// Whether anything could be counted.
    pub fn usable(&self) -> bool {
        self.report.bundles > 0
    }
}

/// Runs `work` over `items` on as many threads as there are cores, keeping their order.
pub fn in_parallel<T: Send, R: Send>(items: Vec<T>, work: &(dyn Fn(T) -> R + Sync)) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(items.len().max(1));
    if threads <= 1 {
        return items.into_iter().map(work).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let mut chunks: Vec<Vec<T>> = Vec::with_capacity(threads);
    let mut items = items.into_iter();
    loop {
        let part: Vec<T> = items.by_ref().take(chunk).collect();
        if part.is_empty() {
            break;
        }
        chunks.push(part);
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|part| s.spawn(move || part.into_iter().map(work).collect::<Vec<R>>()))
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_default()).collect()
    })
}

/// Reads one file's bytes (already loaded, or loaded by the caller's closure) into a
/// submission or a refusal.
pub fn read_one(file: String, bytes: Result<Vec<u8>, Message>) -> Result<Submission, Refused> {
    let bytes = bytes.map_err(|m| Refused { file: file.clone(), reasons: vec![m] })?;
    read_submission(&file, &bytes).map_err(|reasons| Refused { file, reasons })
}

/// Aggregates what was read; refused files are listed in the order given.
pub fn aggregate(read: Vec<Result<Submission, Refused>>, roster: &[RosterEntry]) -> Outcome {
    let mut submissions = Vec::with_capacity(read.len());
    let mut refused = Vec::new();
    for r in read {
        match r {
            Ok(s) => submissions.push(s),
            Err(x) => refused.push(x),
        }
    }
    Outcome { report: aggregate::aggregate(submissions, roster), refused }
}

/// Bundle files — each named as the person knows it and read from its path within the file
/// limit — read side by side on every core and aggregated. The command line and an upload
/// (whose files wait on disk) both come through here. Once `cancel` is set no further file is
/// read, and the whole aggregation stops.
pub fn aggregate_files(
    files: Vec<(String, PathBuf)>,
    roster: &[RosterEntry],
    cancel: &CancelToken,
) -> Result<Outcome, Cancelled> {
    let read = in_parallel(files, &|(name, path)| {
        cancel.check()?;
        Ok(read_one(name, read_file(&path).map_err(unread)))
    });
    let read = read.into_iter().collect::<Result<Vec<_>, Cancelled>>()?;
    Ok(aggregate(read, roster))
}

/// Why a bundle file was not read, as the list of refused files says it.
fn unread(e: ReadError) -> Message {
    match e {
        ReadError::Unreadable(e) => Message::new("cli.aggregate.unreadable").arg("error", e),
        ReadError::TooLarge(m) => m,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_in_parallel_keeps_the_order() {
        let out = in_parallel((0..1001).collect(), &|n: i32| n * 2);
        assert_eq!(out, (0..1001).map(|n| n * 2).collect::<Vec<_>>());
        assert!(in_parallel(Vec::<i32>::new(), &|n| n).is_empty());
    }

    #[test]
    fn bad_files_are_refused_by_name_and_the_rest_counted() {
        let good = serde_json::json!({
            "format": "iryosec-survey", "version": 1, "exported_at": "2024-02-20T10:00:00+09:00",
            "institution": { "name": "A病院", "kind": "hospital", "prefecture": 13, "medical_code": "1", "beds": 50 },
            "fiscal_year": 2023,
            "edition": { "id": "mhlw-survey-fy2023-hospital", "title": "t", "fiscal_year": 2023 },
            "answers": { "Q2": true }, "complete": false
        });
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), good.to_string()).unwrap();
        std::fs::write(dir.path().join("b.json"), b"{").unwrap();
        let missing = dir.path().join("c.json");
        let files = ["a.json", "b.json"].map(|n| (n.to_owned(), dir.path().join(n))).into_iter();
        let files = files.chain([("c.json".to_owned(), missing)]).collect();
        let o = aggregate_files(files, &[], &CancelToken::never()).unwrap();
        assert!(o.usable());
        assert_eq!(o.report.counted, 1);
        assert_eq!(o.refused.len(), 2);
        assert_eq!(o.refused[0].file, "b.json");
        assert_eq!(o.refused[0].reasons[0].key, "io.error.json");
        assert_eq!(o.refused[1].reasons[0].key, "cli.aggregate.unreadable", "a file that is not there");

        let tr = |m: &Message| m.key.to_owned();
        let sheets = tables(&o, &tr);
        let names: Vec<&str> = sheets.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names[..3],
            ["aggregate.sheet.summary", "aggregate.sheet.by_band", "aggregate.sheet.by_prefecture"]
        );
        // Q2 はい: one of one, overall and in the 20–99 band (columns 9 and 11, 12).
        let by_band = &sheets[1];
        let q2 = by_band
            .rows
            .iter()
            .find(|r| r[2].plain() == "Q2" && r[5].plain() == "aggregate.row.yes")
            .unwrap();
        assert_eq!(
            (q2[6].plain(), q2[8].plain(), q2[11].plain(), q2[12].plain()),
            ("1".into(), "100.0%".into(), "1".into(), "100.0%".into())
        );
        let refused = &sheets[5];
        assert_eq!(refused.rows[0][0].plain(), "b.json");
        let text = String::from_utf8(csv(&o, &tr)).unwrap();
        assert!(text.starts_with('\u{feff}') && text.contains("Q2"));
        assert!(xlsx(&o, &tr).unwrap().starts_with(b"PK"));
    }
}
