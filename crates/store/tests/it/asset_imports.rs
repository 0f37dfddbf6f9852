//! What a ledger import leaves behind: each changed asset's history, the import's own entry with
//! the 管理番号 added, changed and retired, the marks the list filters by, and layouts remembered.

use crate::harness::*;
use iryosec_core::ledger::{Asset, AssetKind, AssetMark, MarkDays};
use iryosec_store::{AssetFilter, AssetStore, AuditFilter, AuditStore, LayoutStore};
use time::macros::date;

fn asset(no: &str, name: &str) -> Asset {
    Asset { asset_no: no.into(), name: name.into(), kind: Some(AssetKind::Terminal), ..Default::default() }
}

fn json(text: Option<&str>) -> serde_json::Value {
    serde_json::from_str(text.unwrap()).unwrap()
}

on_every_backend!(an_import_keeps_each_changed_asset_s_history_and_lists_what_it_did, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let first = vec![asset("PC-1", "受付PC"), asset("PC-2", "会計PC"), asset("PC-3", "診察PC")];
    s.import_assets(inst.id, &first, "台帳.xlsx", &actor(), NOW).await.unwrap();
    let ids: Vec<(String, i64)> = s.asset_ids(inst.id, &["PC-1".into(), "PC-2".into()]).await.unwrap();
    let id_of = |no: &str| ids.iter().find(|(n, _)| n == no).unwrap().1;

    let mut renamed = asset("PC-1", "受付PC（2台目）");
    renamed.location = "1階".into();
    let mut retired = asset("PC-2", "会計PC");
    retired.retired_on = Some(date!(2025 - 05 - 01));
    let second = vec![renamed, retired, asset("PC-3", "診察PC"), asset("PC-4", "新しいPC")];
    let counts = s.import_assets(inst.id, &second, "台帳（5月）.xlsx", &actor(), NOW).await.unwrap();
    assert_eq!((counts.inserted, counts.updated, counts.unchanged), (1, 2, 1));

    let history = s.audit_for(inst.id, "asset", &id_of("PC-1").to_string(), 10).await.unwrap();
    assert_eq!(history[0].action, "asset.import_updated");
    assert_eq!(
        json(history[0].before_json.as_deref()),
        serde_json::json!({"name": "受付PC", "location": null})
    );
    assert_eq!(
        json(history[0].after_json.as_deref()),
        serde_json::json!({"name": "受付PC（2台目）", "location": "1階", "source": "台帳（5月）.xlsx"})
    );
    let unchanged = s.asset_ids(inst.id, &["PC-3".into()]).await.unwrap()[0].1;
    assert!(s.audit_for(inst.id, "asset", &unchanged.to_string(), 10).await.unwrap().is_empty());

    let filter = AuditFilter { action: Some("asset.imported".into()), ..Default::default() };
    let (entries, _) = s.audit_entries(inst.id, &filter, 10, 0).await.unwrap();
    let summary = json(entries[0].after_json.as_deref());
    assert_eq!(summary["source"], "台帳（5月）.xlsx");
    assert_eq!(summary["added"], serde_json::json!(["PC-4"]));
    assert_eq!(summary["changed"], serde_json::json!(["PC-1"]));
    assert_eq!(summary["removed"], serde_json::json!(["PC-2"]), "retired by the import");
    assert_eq!(summary["unchanged"], 1);
});

on_every_backend!(assets_are_filtered_and_counted_by_their_marks, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let today = date!(2026 - 01 - 15);
    let confirmed = Some(date!(2025 - 12 - 01));
    let with = |no: &str, support: Option<time::Date>, ended: bool, confirmed: Option<time::Date>| Asset {
        support_ends_on: support,
        support_ended: ended,
        confirmed_on: confirmed,
        ..asset(no, no)
    };
    let mut gone = with("OLD-1", Some(date!(2020 - 01 - 14)), false, None);
    gone.retired_on = Some(date!(2021 - 01 - 01));
    let ledger = vec![
        with("WIN10", Some(date!(2025 - 10 - 14)), false, confirmed),
        with("CT-W7", None, true, confirmed),
        with("NEAR", Some(date!(2026 - 03 - 31)), false, confirmed),
        with("LATER", Some(date!(2027 - 03 - 31)), false, confirmed),
        with("STALE", None, false, Some(date!(2024 - 12 - 01))),
        gone,
    ];
    s.import_assets(inst.id, &ledger, "台帳.xlsx", &actor(), NOW).await.unwrap();
    let days = MarkDays::at(today);
    let marked = |mark| async move {
        let filter = AssetFilter { mark: Some((mark, days)), include_retired: true, ..Default::default() };
        let (rows, total) = s.assets(inst.id, &filter, 50, 0).await.unwrap();
        assert_eq!(rows.len() as i64, total);
        rows.into_iter().map(|r| r.asset.asset_no).collect::<Vec<_>>()
    };
    assert_eq!(marked(AssetMark::SupportEnded).await, ["CT-W7", "WIN10"]);
    assert_eq!(marked(AssetMark::SupportEndsThisYear).await, ["NEAR"]);
    assert_eq!(marked(AssetMark::Unconfirmed).await, ["STALE"], "a retired asset carries no mark");
    let counts = s.asset_mark_counts(inst.id, days).await.unwrap();
    assert_eq!((counts.support_ended, counts.support_ending, counts.unconfirmed), (2, 1, 1));
});

on_every_backend!(a_layout_is_remembered_per_institution_and_kind_and_audited_when_it_changes, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let layout = r#"{"sheet":"台帳","header_row":4}"#;
    assert!(s.remember_import_layout(a.id, "ledger", "管理番号", layout, &actor(), NOW).await.unwrap());
    assert!(
        !s.remember_import_layout(a.id, "ledger", "管理番号", layout, &actor(), NOW).await.unwrap(),
        "the same again"
    );
    let moved = r#"{"sheet":"台帳","header_row":5}"#;
    assert!(
        s.remember_import_layout(a.id, "ledger", "管理番号", moved, &actor(), NOW.plus_minutes(1))
            .await
            .unwrap()
    );
    assert_eq!(s.import_layouts(a.id, "ledger").await.unwrap(), [moved]);
    assert!(s.import_layouts(a.id, "vendors").await.unwrap().is_empty());
    assert!(s.import_layouts(b.id, "ledger").await.unwrap().is_empty(), "another institution's");
    let filter = AuditFilter { action: Some("import.layout_remembered".into()), ..Default::default() };
    assert_eq!(s.audit_entries(a.id, &filter, 10, 0).await.unwrap().1, 2);
});
