//! Ledger imports: rows are written while the file is read, and kept only if all are fine.

use super::*;
use iryosec_core::CancelToken;

/// A ledger CSV of `n` terminals; the row of terminal `bad` (if any) has an unknown kind.
fn ledger_csv(n: usize, bad: Option<usize>) -> Vec<u8> {
    let mut csv = String::from("管理番号,名称,種別\r\n");
    for i in 0..n {
        let kind = if Some(i) == bad { "宇宙船" } else { "端末" };
        csv.push_str(&format!("PC-{i:05},端末{i},{kind}\r\n"));
    }
    csv.into_bytes()
}

async fn imports_logged(t: &T, inst: &Institution) -> i64 {
    let filter = AuditFilter { action: Some("asset.imported".into()), ..Default::default() };
    t.app.audit_entries(inst.id, &filter, 10, 0).await.unwrap().1
}

#[tokio::test]
async fn a_problem_late_in_a_large_file_keeps_nothing_of_it() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    // Thousands of rows are written before the problem near the end is read.
    let bytes = ledger_csv(6_000, Some(5_500));
    let report = t
        .app
        .import_ledger(
            inst.id,
            iryosec_io::table::Source::new("台帳.csv", &bytes, &CancelToken::never()),
            None,
            false,
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!(report.imported, None);
    assert_eq!((report.rows, report.errors.len()), (6_000, 1));
    assert_eq!((report.errors[0].row, report.errors[0].column.as_str()), (5_502, "C"));
    assert!(t.app.ledger(inst.id).await.unwrap().is_empty());
    assert_eq!(imports_logged(&t, &inst).await, 0);
}

#[tokio::test]
async fn a_large_file_is_imported_whole_with_one_audit_entry() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let checked = t
        .app
        .import_ledger(
            inst.id,
            iryosec_io::table::Source::new("台帳.csv", &ledger_csv(6_000, None), &CancelToken::never()),
            None,
            true,
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!((checked.rows, checked.imported), (6_000, None), "a dry run writes nothing");
    assert!(t.app.ledger(inst.id).await.unwrap().is_empty());

    let report = t
        .app
        .import_ledger(
            inst.id,
            iryosec_io::table::Source::new("台帳.csv", &ledger_csv(6_000, None), &CancelToken::never()),
            None,
            false,
            &actor(),
        )
        .await
        .unwrap();
    let counts = report.imported.unwrap();
    assert_eq!((counts.inserted, counts.updated), (6_000, 0));
    let ledger = t.app.ledger(inst.id).await.unwrap();
    assert_eq!(ledger.len(), 6_000);
    assert_eq!((ledger[5_999].asset_no.as_str(), ledger[5_999].name.as_str()), ("PC-05999", "端末5999"));
    assert_eq!(report.sample[0], (2, vec!["PC-00000".to_owned(), "端末0".to_owned(), "端末".to_owned()]));

    let again = t
        .app
        .import_ledger(
            inst.id,
            iryosec_io::table::Source::new("台帳.csv", &ledger_csv(3_000, None), &CancelToken::never()),
            None,
            false,
            &actor(),
        )
        .await
        .unwrap();
    let counts = again.imported.unwrap();
    assert_eq!((counts.inserted, counts.updated), (0, 3_000));
    assert_eq!(imports_logged(&t, &inst).await, 2);
}

#[tokio::test]
async fn a_file_that_is_not_a_table_is_refused() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let broken = b"PK\x03\x04 not really a workbook";
    let refused = t
        .app
        .import_ledger(
            inst.id,
            iryosec_io::table::Source::new("台帳.xlsx", broken, &CancelToken::never()),
            None,
            false,
            &actor(),
        )
        .await;
    assert!(
        matches!(&refused, Err(AppError::Invalid(f)) if f[0].message.key == "io.error.not_xlsx"),
        "{refused:?}"
    );
    assert_eq!(imports_logged(&t, &inst).await, 0);
}

#[tokio::test]
async fn the_exported_workbook_reads_back_as_the_same_ledger() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    t.app
        .import_ledger(
            inst.id,
            iryosec_io::table::Source::new("台帳.csv", &ledger_csv(2_345, None), &CancelToken::never()),
            None,
            false,
            &actor(),
        )
        .await
        .unwrap();
    let bytes = t.app.ledger_xlsx(inst.id, iryosec_core::date::DateStyle::default()).await.unwrap();
    let mut back = Vec::new();
    let read = iryosec_io::ledger_sheet::read_ledger(
        iryosec_io::table::Source::new("export.xlsx", &bytes, &CancelToken::never()),
        None,
        500,
        &mut |b| back.extend(b),
    )
    .unwrap();
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(back, t.app.ledger(inst.id).await.unwrap());
    assert_eq!(back.len(), 2_345);
}

#[tokio::test]
async fn the_exported_csv_written_while_read_is_the_whole_ledger() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let (csv, never) = (ledger_csv(2_345, None), CancelToken::never());
    let source = iryosec_io::table::Source::new("台帳.csv", &csv, &never);
    t.app.import_ledger(inst.id, source, None, false, &actor()).await.unwrap();
    let bytes = t.app.ledger_csv(inst.id).await.unwrap();
    let whole = iryosec_io::ledger_sheet::write_csv(&t.app.ledger(inst.id).await.unwrap());
    assert_eq!(bytes, whole);
    let mut back = Vec::new();
    let source = iryosec_io::table::Source::new("export.csv", &bytes, &never);
    let read = iryosec_io::ledger_sheet::read_ledger(source, None, 500, &mut |b| back.extend(b)).unwrap();
    assert!(read.errors.is_empty(), "{:?}", read.errors);
    assert_eq!(back.len(), 2_345);
}
