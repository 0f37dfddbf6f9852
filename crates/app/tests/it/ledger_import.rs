//! A hospital's own ledger imported as a new user would: found on its second sheet below its
//! title, read with the file's own 管理番号, the person's correction remembered for the next
//! upload, each changed asset's history kept, and what needs a look marked.

use super::*;
use iryosec_app::ledger::LedgerQuery;
use iryosec_app::ledger_import::{LedgerChoice, LedgerImport};
use iryosec_core::CancelToken;
use iryosec_core::ledger::{AssetMark, Field};
use iryosec_io::finder::HeaderReason;
use iryosec_io::mapping::Found;
use iryosec_io::samples::{HOSPITAL_ASSET_NOS, hospital_ledger, hospital_ledger_changed};
use iryosec_io::table::Source;
use iryosec_store::AuditStore;

async fn import(
    t: &T,
    inst: &Institution,
    name: &str,
    bytes: &[u8],
    choice: &LedgerChoice,
    dry_run: bool,
) -> LedgerImport {
    t.app
        .import_ledger(inst.id, Source::new(name, bytes, &CancelToken::never()), choice, dry_run, &actor())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_hand_made_ledger_is_stored_with_its_own_numbers_and_a_correction_is_remembered() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let preview = import(&t, &inst, "台帳.xlsx", &hospital_ledger(), &LedgerChoice::default(), true).await;
    let found = &preview.read.plan.found;
    assert_eq!((found.sheet.as_deref(), found.header_row, found.header_rows), (Some("台帳"), 4, 2));
    assert_eq!(preview.read.plan.mapping.column_of(Field::AssetNo), Some(1), "管理番号, not No.");
    assert_eq!(preview.read.plan.mapping.column_of(Field::Owner), Some(9));
    assert_eq!((preview.read.rows, preview.read.errors.len(), preview.imported), (5, 0, None));
    assert!(t.app.ledger(inst.id).await.unwrap().is_empty(), "a preview writes nothing");

    // The person decides that 利用者 is not the 管理責任者, and imports.
    let fixed = LedgerChoice { by_header: vec![("利用者".into(), None)], ..LedgerChoice::default() };
    let first = import(&t, &inst, "台帳.xlsx", &hospital_ledger(), &fixed, false).await;
    assert_eq!(first.imported.map(|c| c.inserted), Some(5));
    let ledger = t.app.ledger(inst.id).await.unwrap();
    let mut numbers: Vec<&str> = ledger.iter().map(|a| a.asset_no.as_str()).collect();
    numbers.sort_unstable();
    let mut expected = HOSPITAL_ASSET_NOS.to_vec();
    expected.sort_unstable();
    assert_eq!(numbers, expected, "the file's own 管理番号");
    assert!(ledger.iter().all(|a| a.owner.is_empty()));

    // A changed copy: the same headers, one device moved. The correction is applied by itself.
    t.clock.advance_minutes(60);
    let copy = hospital_ledger_changed(&[(7, 8, "総務課")]);
    let again = import(&t, &inst, "台帳（6月）.xlsx", &copy, &LedgerChoice::default(), false).await;
    assert!(again.read.plan.remembered);
    assert_eq!(again.read.plan.found.header_reason, HeaderReason::Remembered);
    assert_eq!(
        (again.read.plan.mapping.fields[9], again.read.plan.mapping.found[9]),
        (None, Some(Found::Remembered))
    );
    let counts = again.imported.unwrap();
    assert_eq!((counts.inserted, counts.updated, counts.unchanged), (0, 1, 4));

    let (records, _) = t
        .app
        .ledger_page(inst.id, &LedgerQuery { text: "PC-101".into(), ..Default::default() }, 10, 0)
        .await
        .unwrap();
    let history = t.db.audit_for(inst.id, "asset", &records[0].record.id.to_string(), 10).await.unwrap();
    assert_eq!(history[0].action, "asset.import_updated");
    let after: serde_json::Value = serde_json::from_str(history[0].after_json.as_deref().unwrap()).unwrap();
    assert_eq!(after, serde_json::json!({"department": "総務課", "source": "台帳（6月）.xlsx"}));
    let filter = AuditFilter { action: Some("asset.imported".into()), ..Default::default() };
    let (entries, _) = t.db.audit_entries(inst.id, &filter, 1, 0).await.unwrap();
    let summary: serde_json::Value = serde_json::from_str(entries[0].after_json.as_deref().unwrap()).unwrap();
    assert_eq!(
        (summary["changed"].clone(), summary["added"].clone()),
        (serde_json::json!(["PC-101"]), serde_json::json!([]))
    );
}

#[tokio::test]
async fn devices_past_or_near_their_end_of_support_or_unconfirmed_are_marked_and_counted() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    // The clock stands at 2025-05-16: 令和7年度 ends 2026-03-31.
    let csv = "管理番号,名称,種別,サポート終了日,最終確認日\r\n\
               PC-10,受付PC,端末,2025-10-14,2025-04-01\r\n\
               CT-7,CT装置,CT,サポート終了,2025-04-01\r\n\
               SV-1,サーバ,サーバ,2025年3月,2025-04-01\r\n\
               PR-1,複合機,複合機,2030-03-31,2023-04-01\r\n";
    let report = import(&t, &inst, "台帳.csv", csv.as_bytes(), &LedgerChoice::default(), false).await;
    assert!(report.read.errors.is_empty(), "{:?}", report.read.errors);
    let counts = t.app.ledger_mark_counts(inst.id).await.unwrap();
    assert_eq!((counts.support_ended, counts.support_ending, counts.unconfirmed), (2, 1, 1));
    let marked = |mark| LedgerQuery { mark: Some(mark), ..Default::default() };
    let (ended, total) = t.app.ledger_page(inst.id, &marked(AssetMark::SupportEnded), 50, 0).await.unwrap();
    assert_eq!(total, 2);
    assert_eq!(ended.iter().map(|m| m.record.asset.asset_no.as_str()).collect::<Vec<_>>(), ["CT-7", "SV-1"]);
    assert_eq!(ended[0].marks, [AssetMark::SupportEnded]);
    let (near, _) = t.app.ledger_page(inst.id, &marked(AssetMark::SupportEndsThisYear), 50, 0).await.unwrap();
    assert_eq!(near[0].record.asset.asset_no, "PC-10");
    let (stale, _) = t.app.ledger_page(inst.id, &marked(AssetMark::Unconfirmed), 50, 0).await.unwrap();
    assert_eq!(
        (stale[0].record.asset.asset_no.as_str(), stale[0].marks.as_slice()),
        ("PR-1", &[AssetMark::Unconfirmed][..])
    );
}
