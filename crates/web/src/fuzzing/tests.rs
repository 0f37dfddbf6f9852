//! The upload form corpus replayed on the stable toolchain, and the seeds checked to be read as
//! a browser's form would be.

use super::*;
use std::path::{Path, PathBuf};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/multipart")
}

/// The form read from a seed, with the folder its files lie in (they go with it).
fn read(data: &[u8]) -> Result<(Received, tempfile::TempDir), String> {
    let input = Input::split(data).ok_or("no boundary line")?;
    let request = input.request().ok_or("no request")?;
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| e.to_string())?;
    let received = runtime.block_on(async {
        let multipart = Multipart::from_request(request, &()).await.map_err(|e| e.body_text())?;
        Received::all(multipart, dir.path(), input.limit).await.map_err(|e| format!("{e:?}"))
    })?;
    Ok((received, dir))
}

fn seed(name: &str) -> Vec<u8> {
    seeds().into_iter().find(|s| s.0 == name).map(|s| s.1).unwrap_or_default()
}

#[test]
fn every_corpus_file_runs_through_the_target() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    assert!(!files.is_empty(), "fuzz/corpus/multipart is empty");
    for file in files {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let ran = std::panic::catch_unwind(|| multipart(&bytes));
        assert!(ran.is_ok(), "multipart fails on {}", file.display());
    }
}

#[test]
fn seeds_are_read_as_a_browser_sent_them() {
    let (ledger, _dir) = read(&seed("ledger")).expect("ledger form");
    assert_eq!(ledger.fields, vec![("_csrf".to_owned(), "token".to_owned())]);
    assert_eq!(ledger.files.len(), 1);
    assert_eq!(ledger.files[0].file_name, "台帳.csv");
    let bytes = ledger.files[0].bytes().expect("file");
    assert!(String::from_utf8_lossy(&bytes).starts_with("管理番号,機器名"));

    let (bundles, _dir) = read(&seed("bundles")).expect("bundles form");
    let names: Vec<&str> = bundles.files.iter().map(|f| f.file_name.as_str()).collect();
    assert_eq!(names, ["a.json", "b.json"]);

    let (empty, _dir) = read(&seed("empty_file")).expect("form with an empty file input");
    assert!(empty.files.is_empty());
    assert_eq!(empty.fields, vec![("note".to_owned(), "メモ".to_owned())]);

    assert!(read(&seed("over_limit")).is_err_and(|e| e.contains("TooLarge")), "the limit is not kept");
    assert_eq!(read(&seed("quoted")).expect("quoted boundary").0.fields.len(), 1);
    for (_, bytes) in seeds() {
        multipart(&bytes);
    }
}

/// Writes the seeds into `fuzz/corpus/multipart/seed-<name>`.
#[test]
#[ignore = "writes fuzz/corpus; run by `scripts/fuzz seed`"]
fn write_seed_corpus() {
    for (name, bytes) in seeds() {
        let written = std::fs::create_dir_all(corpus())
            .and_then(|()| std::fs::write(corpus().join(format!("seed-{name}")), bytes));
        assert!(written.is_ok(), "{written:?}");
    }
}
