//! Hostile files through the use cases the web pages call (ledger preview and import,
//! register import, account review, the aggregation's roster): each is refused with the
//! limit it broke, quickly, and nothing is written.

use super::*;
use iryosec_app::account_reviews::{ReviewError, ReviewRequest, Upload};
use iryosec_core::CancelToken;
use iryosec_core::register::Register;
use iryosec_io::hostile;
use std::time::{Duration, Instant};

/// Every hostile workbook, by name, with the message key it must be refused with.
fn hostile_workbooks() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        ("shared-strings-bomb.xlsx", hostile::shared_strings_bomb(1024), "io.error.zip_unpacked"),
        ("cell-bomb.xlsx", hostile::cell_bomb(1024, None), "io.error.zip_unpacked"),
        ("lying-cell-bomb.xlsx", hostile::cell_bomb(1024, Some(1024)), "io.error.xlsx_broken"),
        ("packed-bomb.xlsx", hostile::cell_bomb(64, None), "io.error.zip_ratio"),
        ("far.xlsx", hostile::workbook(&[("A1", "管理番号"), ("ZZZZZZ1", "x")]), "io.error.too_far_right"),
        (
            "corner.xlsx",
            hostile::workbook(&[("A1", "管理番号"), ("XFD1048576", "x")]),
            "io.error.too_far_right",
        ),
        ("strings.xlsx", hostile::shared_strings_count_bomb(), "io.error.shared_strings"),
        ("not-a-workbook.xlsx", "管理番号,名称\n".as_bytes().to_vec(), "io.error.not_xlsx_named"),
    ]
}

fn refused_key(e: AppError) -> &'static str {
    match e {
        AppError::Invalid(f) => f[0].message.key,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn the_ledger_preview_and_import_refuse_every_hostile_workbook_and_keep_nothing() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    for (name, bytes, key) in hostile_workbooks() {
        let started = Instant::now();
        let token = t.app.stage_ledger(inst.id, name, &bytes).await.unwrap();
        let never = CancelToken::never();
        let preview = t
            .app
            .staged_ledger(
                inst.id,
                &token,
                &iryosec_app::ledger_import::LedgerChoice::default(),
                true,
                &actor(),
                &never,
            )
            .await
            .unwrap_err();
        assert_eq!(refused_key(preview), key, "{name}");
        let import = t
            .app
            .import_ledger(
                inst.id,
                iryosec_io::table::Source::new(name, &bytes, &never),
                &iryosec_app::ledger_import::LedgerChoice::default(),
                false,
                &actor(),
            )
            .await
            .unwrap_err();
        assert_eq!(refused_key(import), key, "{name}");
        assert!(started.elapsed() < Duration::from_secs(4), "{name} took {:?}", started.elapsed());
    }
    assert!(t.app.ledger(inst.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_register_import_refuses_hostile_files_and_keeps_nothing() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let never = CancelToken::never();
    for (name, bytes, key) in hostile_workbooks() {
        let e = t
            .app
            .import_register(
                inst.id,
                Register::Systems,
                iryosec_io::table::Source::new(name, &bytes, &never),
                false,
                &actor(),
            )
            .await;
        assert_eq!(refused_key(e.unwrap_err()), key, "{name}");
    }
    let wide = vec!["システム名"; 200_000].join(",");
    let e = t
        .app
        .import_register(
            inst.id,
            Register::Systems,
            iryosec_io::table::Source::new("wide.csv", wide.as_bytes(), &never),
            false,
            &actor(),
        )
        .await;
    assert_eq!(refused_key(e.unwrap_err()), "io.error.too_far_right");
    assert!(t.app.entries(inst.id, Register::Systems, None).await.unwrap().is_empty());
}

#[tokio::test]
async fn an_account_review_names_the_hostile_file_and_records_nothing() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let roster = Upload { file_name: "名簿.csv".into(), bytes: "氏名\n山田\n".as_bytes().to_vec() };
    for (name, bytes, key) in hostile_workbooks() {
        let req = ReviewRequest {
            accounts: vec![("AD".into(), Upload { file_name: name.into(), bytes })],
            roster: Some(roster.clone()),
            reviewed_on: "2025-05-01".into(),
            unused_days: "90".into(),
        };
        let Err(ReviewError::Files(problems)) =
            t.app.run_account_review(inst.id, req, &actor(), &CancelToken::never()).await
        else {
            panic!("{name} was not refused")
        };
        assert_eq!((problems[0].file.as_str(), problems[0].message.key), (name, key));
    }
    assert!(t.app.account_reviews(inst.id).await.unwrap().is_empty());
}

#[tokio::test]
async fn the_aggregation_roster_refuses_hostile_workbooks() {
    for (name, bytes, key) in hostile_workbooks() {
        let never = CancelToken::never();
        let problems =
            iryosec_io::aggregate_input::read_roster(iryosec_io::table::Source::new(name, &bytes, &never));
        assert_eq!(problems.unwrap_err()[0].key, key, "{name}");
    }
}

#[tokio::test]
async fn an_abandoned_import_stops_and_writes_nothing() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let mut csv = String::from("管理番号,名称,種別\r\n");
    for i in 0..50_000 {
        csv.push_str(&format!("PC-{i:05},端末{i},端末\r\n"));
    }
    let cancel = CancelToken::new();
    cancel.cancel();
    let e = t
        .app
        .import_ledger(
            inst.id,
            iryosec_io::table::Source::new("台帳.csv", csv.as_bytes(), &cancel),
            &iryosec_app::ledger_import::LedgerChoice::default(),
            false,
            &actor(),
        )
        .await;
    assert!(matches!(e, Err(AppError::Cancelled)), "{e:?}");
    assert!(t.app.ledger(inst.id).await.unwrap().is_empty());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.json"), b"{}").unwrap();
    let files = vec![("a.json".to_owned(), dir.path().join("a.json"))];
    assert!(iryosec_app::aggregate::aggregate_files(files, &[], &cancel).is_err());
}
