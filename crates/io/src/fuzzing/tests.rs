//! The fuzz corpora replayed on the stable toolchain, and the seeds checked to reach past each
//! parser's first refusal (a seed every parser refuses at once teaches the fuzzer nothing).

use super::*;
use std::path::{Path, PathBuf};

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus")
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Corpora whose targets live in another crate, which replays them itself.
const ELSEWHERE: &[&str] = &["multipart"];

#[test]
fn every_target_has_a_corpus_and_every_corpus_a_target() {
    let mut folders: Vec<String> = std::fs::read_dir(corpus_root())
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !ELSEWHERE.contains(&name.as_str()))
        .collect();
    folders.sort();
    let mut names: Vec<String> = TARGETS.iter().map(|t| t.name.to_owned()).collect();
    names.sort();
    assert_eq!(folders, names);
    for t in TARGETS {
        assert!(!files_in(&corpus_root().join(t.name)).is_empty(), "fuzz/corpus/{} is empty", t.name);
    }
}

#[test]
fn every_corpus_file_runs_through_its_target() {
    for t in TARGETS {
        for file in files_in(&corpus_root().join(t.name)) {
            let bytes = std::fs::read(&file).unwrap_or_default();
            let ran = std::panic::catch_unwind(|| (t.run)(&bytes));
            assert!(ran.is_ok(), "{} fails on {}", t.name, file.display());
        }
    }
}

fn seed(target: &str, name: &str) -> Vec<u8> {
    seeds().into_iter().find(|s| s.0 == target && s.1 == name).map(|s| s.2).unwrap_or_default()
}

fn read(bytes: &[u8]) -> crate::table::Table {
    read_upload(bytes, read_table).unwrap_or_default()
}

#[test]
fn every_seed_runs_through_its_target() {
    for (target, name, bytes) in seeds() {
        let run = TARGETS.iter().find(|t| t.name == target).map(|t| t.run);
        assert!(run.is_some(), "seed {name} is for no target {target}");
        if let Some(run) = run {
            run(&bytes);
        }
    }
}

#[test]
fn table_seeds_read_the_same_in_every_encoding_and_line_ending() {
    let utf8 = read(&seed("table", "utf8.csv"));
    assert_eq!(utf8.headers.first().map(String::as_str), Some("管理番号"));
    assert_eq!(utf8.rows.len(), 3);
    for name in ["bom.csv", "shift_jis.csv", "cr.csv"] {
        assert_eq!(read(&seed("table", name)), utf8, "{name}");
    }
    assert_eq!(read(&seed("table", "ledger.xlsx")).rows.len(), 2);
}

#[test]
fn ledger_and_register_seeds_are_clean_files() {
    for name in ["utf8.csv", "shift_jis.csv", "ledger.xlsx", "export.csv"] {
        let bytes = seed("ledger", name);
        let read = read_upload(&bytes, |s| {
            crate::ledger_sheet::read_ledger(s, &ImportChoice::default(), 10, &mut |_| {})
        });
        let read = read.unwrap();
        assert!(read.rows > 0 && read.errors.is_empty(), "{name}: {:?}", read.errors);
    }
    for register in Register::ALL {
        let bytes = seed("registers", &format!("{}.csv", register.code()));
        let read =
            |s: Source<'_>| crate::register_sheet::read_register(register, s, &ImportChoice::default());
        let (table, plan) = read_upload(&bytes, read).unwrap();
        let (records, errors) = crate::register_sheet::parse_rows(register, &table, &plan);
        assert_eq!((records.len(), errors), (1, Vec::new()), "{}", register.code());
    }
}

#[test]
fn account_seeds_are_read_whole() {
    use crate::account_sheet::{read_account_table, read_accounts, read_roster, read_roster_table};
    let bytes = seed("accounts", "ad.csv");
    let (table, plan) = read_upload(&bytes, |s| read_account_table(s, &ImportChoice::default())).unwrap();
    let accounts = read_accounts(&table, &plan, "AD");
    assert_eq!(accounts.map(|a| a.len()), Ok(3));
    let bytes = seed("accounts", "roster_shift_jis.csv");
    let (table, plan) = read_upload(&bytes, |s| read_roster_table(s, &ImportChoice::default())).unwrap();
    let staff = read_roster(&table, &plan);
    assert_eq!(staff.map(|s| s.len()), Ok(3));
    let bytes = seed("accounts", "institutions.csv");
    let institutions = read_upload(&bytes, crate::aggregate_input::read_roster);
    assert_eq!(institutions.map(|r| r.len()), Ok(2));
}

#[test]
fn definition_bundle_and_workbook_seeds_are_accepted() {
    for (target, name, bytes) in seeds() {
        let text = std::str::from_utf8(&bytes).unwrap_or("");
        let accepted = match target {
            "date" => parse_date(text).is_ok(),
            "checklist_definition" => iryosec_core::catalog::parse_toml(text)
                .is_ok_and(|e| iryosec_core::catalog::validate(&e).is_empty()),
            "survey_definition" => {
                let read = survey::parse_toml(text);
                assert!(read.as_ref().is_ok_and(|e| survey::validate(e).is_empty()), "{name}: {read:?}");
                true
            }
            "survey_condition" => crate::json::parse(&bytes)
                .ok()
                .and_then(|v| v.get("condition").cloned())
                .is_some_and(|c| serde_json::from_value::<Condition>(c).is_ok()),
            "assessment_bundle" => crate::assessment_bundle::read_bundle(&bytes).is_ok(),
            "survey_bundle" if name == "survey.json" => {
                crate::survey_bundle::read_survey_bundle(&bytes).is_ok()
            }
            "aggregate_submission" => crate::aggregate_input::read_submission(&name, &bytes).is_ok(),
            "edition_template" if name == "small.xlsx" => crate::edition_xlsx::read_edition(&bytes).is_ok(),
            "assessment_sheet" => crate::assessment_sheet::read_xlsx(&bytes).is_ok(),
            _ => true,
        };
        assert!(accepted, "seed {target}/{name} is refused");
    }
}

/// Writes the seeds into `fuzz/corpus/<target>/seed-<name>`, next to what fuzzing found.
#[test]
#[ignore = "writes fuzz/corpus; run by `scripts/fuzz seed`"]
fn write_seed_corpora() {
    for (target, name, bytes) in seeds() {
        let dir = corpus_root().join(target);
        let written = std::fs::create_dir_all(&dir)
            .and_then(|()| std::fs::write(dir.join(format!("seed-{name}")), bytes));
        assert!(written.is_ok(), "{}: {written:?}", dir.display());
    }
}
