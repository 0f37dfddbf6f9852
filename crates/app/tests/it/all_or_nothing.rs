//! An import stores every row of a file or none of it: ledgers and registers made at random,
//! with a random set of rows broken in the ways people break them.

use super::*;
use iryosec_core::CancelToken;
use iryosec_core::register::Register;
use proptest::prelude::*;
use std::collections::BTreeMap;

/// How a row is broken.
#[derive(Debug, Clone, Copy)]
enum Broken {
    Kind,
    NoName,
    Duplicate,
    FarDate,
    Number,
}

fn broken() -> impl Strategy<Value = Broken> {
    prop_oneof![
        Just(Broken::Kind),
        Just(Broken::NoName),
        Just(Broken::Duplicate),
        Just(Broken::FarDate),
        Just(Broken::Number),
    ]
}

/// A file of `rows` rows and which of them are broken (by index, row 0 under the header).
fn file(max_rows: usize) -> impl Strategy<Value = (usize, BTreeMap<usize, Broken>)> {
    (1..max_rows).prop_flat_map(|rows| {
        let some_broken = proptest::collection::btree_map(0..rows, broken(), 0..4);
        (Just(rows), prop_oneof![1 => Just(BTreeMap::new()), 2 => some_broken])
    })
}

/// Whether a duplicate at `i` can copy the row above: only a row that was read fine is one
/// that a later row can repeat.
fn copies_previous(i: usize, broken: &BTreeMap<usize, Broken>) -> bool {
    i > 0 && !broken.contains_key(&(i - 1))
}

/// A ledger CSV; a broken row is reported on its own row, a duplicate on the second of the two.
fn ledger_csv(rows: usize, broken: &BTreeMap<usize, Broken>) -> String {
    let mut csv = String::from("管理番号,名称,種別,導入日,IPアドレス\r\n");
    for i in 0..rows {
        let (mut no, mut name, mut kind, mut on, mut ip) =
            (format!("PC-{i:05}"), format!("端末{i}"), "端末", "令和3年4月1日", "192.168.0.1");
        match broken.get(&i) {
            Some(Broken::Kind) => kind = "宇宙船",
            Some(Broken::NoName) => name.clear(),
            Some(Broken::Duplicate) if copies_previous(i, broken) => no = format!("PC-{:05}", i - 1),
            Some(Broken::Duplicate) => kind = "",
            Some(Broken::FarDate) => on = "令和99年4月1日",
            Some(Broken::Number) => ip = "999.1.1.1",
            None => {}
        }
        csv.push_str(&format!("{no},{name},{kind},{on},{ip}\r\n"));
    }
    csv
}

/// A systems register CSV, broken the same ways.
fn systems_csv(rows: usize, broken: &BTreeMap<usize, Broken>) -> String {
    let mut csv = String::from("システム名,区分,契約日,復旧優先順位\r\n");
    for i in 0..rows {
        let (mut name, mut category, mut on, mut priority) =
            (format!("システム{i}"), "電子カルテ", "2021/4/1".to_owned(), (i % 999 + 1).to_string());
        match broken.get(&i) {
            Some(Broken::Kind) => category = "宇宙船",
            Some(Broken::NoName) => name.clear(),
            Some(Broken::Duplicate) if copies_previous(i, broken) => name = format!("システム{}", i - 1),
            Some(Broken::Duplicate) => category = "",
            Some(Broken::FarDate) => on = "9999-12-31".to_owned(),
            Some(Broken::Number) => priority = "0".to_owned(),
            None => {}
        }
        csv.push_str(&format!("{name},{category},{on},{priority}\r\n"));
    }
    csv
}

/// The spreadsheet rows (header on row 1) a person is told are broken.
fn broken_rows(broken: &BTreeMap<usize, Broken>) -> Vec<u32> {
    broken.keys().map(|i| u32::try_from(*i).unwrap() + 2).collect()
}

async fn imports_logged(t: &T, inst: &Institution, action: &str) -> i64 {
    let filter = AuditFilter { action: Some(action.into()), ..Default::default() };
    t.app.audit_entries(inst.id, &filter, 10, 0).await.unwrap().1
}

/// What an import of a file of `rows` rows, `broken` of them broken, must have left: every row
/// and one audit entry, or no row, no entry, and each broken row named.
struct Outcome<'a> {
    rows: usize,
    broken: &'a BTreeMap<usize, Broken>,
    errors: &'a [iryosec_io::ledger_sheet::RowError],
    imported: bool,
    stored: usize,
    logged: i64,
}

fn assert_all_or_nothing(o: Outcome<'_>) {
    let mut reported: Vec<u32> = o.errors.iter().map(|e| e.row).collect();
    reported.dedup();
    if o.broken.is_empty() {
        assert_eq!(reported, Vec::<u32>::new());
        assert_eq!((o.imported, o.stored, o.logged), (true, o.rows, 1));
    } else {
        assert_eq!(reported, broken_rows(o.broken));
        assert_eq!((o.imported, o.stored, o.logged), (false, 0, 0), "nothing of a broken file is kept");
    }
}

fn run(future: impl std::future::Future<Output = ()>) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(future);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Rows go to the database while the file is read, 1,000 at a time: files of up to 2,500
    /// rows break after some were written.
    #[test]
    fn a_ledger_import_stores_every_row_or_none((rows, broken) in file(2_500)) {
        run(async {
            let t = app().await;
            let (inst, _) = set_up(&t).await;
            let bytes = ledger_csv(rows, &broken).into_bytes();
            let never = CancelToken::never();
            let source = iryosec_io::table::Source::new("台帳.csv", &bytes, &never);
            let report = t.app.import_ledger(inst.id, source, &iryosec_app::ledger_import::LedgerChoice::default(), false, &actor()).await.unwrap();
            assert_all_or_nothing(Outcome {
                rows,
                broken: &broken,
                errors: &report.read.errors,
                imported: report.imported.is_some(),
                stored: t.app.ledger(inst.id).await.unwrap().len(),
                logged: imports_logged(&t, &inst, "asset.imported").await,
            });
        });
    }

    #[test]
    fn a_register_import_stores_every_row_or_none((rows, broken) in file(300)) {
        run(async {
            let t = app().await;
            let (inst, _) = set_up(&t).await;
            let bytes = systems_csv(rows, &broken).into_bytes();
            let never = CancelToken::never();
            let source = iryosec_io::table::Source::new("システム.csv", &bytes, &never);
            let report = t.app.import_register(inst.id, Register::Systems, source, false, &actor()).await.unwrap();
            assert_all_or_nothing(Outcome {
                rows,
                broken: &broken,
                errors: &report.errors,
                imported: report.imported.is_some(),
                stored: t.app.entries(inst.id, Register::Systems, None).await.unwrap().len(),
                logged: imports_logged(&t, &inst, "register.imported").await,
            });
        });
    }
}
