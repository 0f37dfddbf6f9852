use crate::harness::*;
use iryosec_core::ledger::{Asset, AssetKind};
use iryosec_store::{
    AssetChange, AssetStore, AuditStore, DiscoveryChanges, DiscoveryStore, LifecycleStore, Store, StoreError,
};

fn pc(no: &str, ip: &str) -> Asset {
    Asset {
        asset_no: no.into(),
        name: no.into(),
        kind: Some(AssetKind::Terminal),
        ip: ip.into(),
        ..Default::default()
    }
}

on_every_backend!(confirmed_discovery_changes_are_written_together_with_their_file_in_the_history, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let id = s.create_asset(inst.id, &pc("PC-1", "192.168.1.5"), &actor(), NOW).await.unwrap();
    s.create_asset(inst.id, &pc("PC-2", "192.168.1.6"), &actor(), NOW).await.unwrap();
    let moved = pc("PC-1", "192.168.1.50");
    let changes = DiscoveryChanges {
        files: vec!["scan.xml".into(), "dhcp.csv".into()],
        added: vec![(pc("NW-00090F000001", "192.168.1.70"), "scan.xml".into())],
        changed: vec![AssetChange {
            asset_no: "PC-1".into(),
            before: pc("PC-1", "192.168.1.5"),
            after: moved.clone(),
            source: "dhcp.csv".into(),
        }],
        seen: vec![("PC-1".into(), "dhcp.csv".into())],
        summary: serde_json::json!({ "devices": 3 }),
    };
    let counts = s.apply_discovery(inst.id, &changes, &actor(), NOW).await.unwrap();
    assert_eq!((counts.added, counts.changed, counts.seen), (1, 1, 1));
    assert_eq!(s.asset(inst.id, id).await.unwrap().unwrap().asset.ip, "192.168.1.50");
    let history = s.audit_for(inst.id, "asset", &id.to_string(), 10).await.unwrap();
    assert_eq!(history[0].action, "asset.reconciled");
    assert!(history[0].after_json.as_deref().unwrap().contains("\"source\":\"dhcp.csv\""));
    let seen: Vec<(String, String)> =
        s.asset_sightings(inst.id).await.unwrap().into_iter().map(|x| (x.asset_no, x.source)).collect();
    assert_eq!(seen, [("NW-00090F000001".into(), "scan.xml".into()), ("PC-1".into(), "dhcp.csv".into())]);
    let latest = s.latest_discovery(inst.id).await.unwrap().unwrap();
    assert_eq!((latest.files.len(), latest.summary["devices"].as_i64()), (2, Some(3)));

    // Confirmed against what the entry was before: now stale, and nothing of it is written.
    let again = DiscoveryChanges {
        added: vec![(pc("NW-NEW", "192.168.1.80"), "scan.xml".into())],
        ..changes.clone()
    };
    let err = s.apply_discovery(inst.id, &again, &actor(), NOW).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict("asset_changed")), "{err:?}");
    let (all, _) = s.assets(inst.id, &Default::default(), 50, 0).await.unwrap();
    assert_eq!(all.len(), 3, "the new entry of the refused import was rolled back");
    let (other, _) = institution(s, "b").await;
    assert!(s.asset_sightings(other.id).await.unwrap().is_empty());
});

on_every_backend!(lifecycle_bundles_are_kept_in_order_with_an_audit_entry, |db| {
    let s = &db.store;
    s.import_lifecycle_bundle("2026-02-01", "ed25519:bb", "b.bundle", "{\"b\":1}", &actor(), NOW)
        .await
        .unwrap();
    s.import_lifecycle_bundle("2026-01-01", "ed25519:aa", "a.bundle", "{\"a\":1}", &actor(), NOW)
        .await
        .unwrap();
    let kept: Vec<String> = s.lifecycle_bundles().await.unwrap().into_iter().map(|b| b.source_name).collect();
    assert_eq!(kept, ["a.bundle", "b.bundle"]);
    assert!(s.verify_audit().await.unwrap().first_break.is_none());
});
