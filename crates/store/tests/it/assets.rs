use crate::harness::*;
use iryosec_core::ledger::{Asset, AssetKind, Zone};
use iryosec_store::{AssetFilter, AssetStore, AuditFilter, AuditStore, ImportFeed, StoreError};
use tokio::sync::mpsc;

fn asset(no: &str, name: &str, kind: AssetKind) -> Asset {
    Asset {
        asset_no: no.into(),
        name: name.into(),
        kind: Some(kind),
        location: "2階 医事課".into(),
        ..Default::default()
    }
}

on_every_backend!(assets_are_kept_found_and_changed_with_history, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let mut server = asset("SV_001", "電子カルテサーバ", AssetKind::Server);
    server.zone = Some(Zone::Closed);
    server.ip = "192.168.10.5".into();
    let id = s.create_asset(inst.id, &server, &actor(), NOW).await.unwrap();
    s.create_asset(inst.id, &asset("SV0012", "PACS", AssetKind::Server), &actor(), NOW).await.unwrap();
    s.create_asset(inst.id, &asset("PC-101", "受付PC", AssetKind::Terminal), &actor(), NOW).await.unwrap();
    let clash = s.create_asset(inst.id, &asset("PC-101", "別のPC", AssetKind::Terminal), &actor(), NOW).await;
    assert!(matches!(clash, Err(StoreError::Conflict("asset_no"))), "{clash:?}");

    let search = |text: &str| AssetFilter { text: Some(text.into()), ..Default::default() };
    assert_eq!(
        s.assets(inst.id, &search("sv_"), 50, 0).await.unwrap().1,
        1,
        "_ is a character, not a wildcard"
    );
    assert_eq!(s.assets(inst.id, &search("カルテ"), 50, 0).await.unwrap().1, 1);
    assert_eq!(s.assets(inst.id, &search("192.168"), 50, 0).await.unwrap().1, 1);
    let servers = AssetFilter { kind: Some(AssetKind::Server), ..Default::default() };
    let (rows, total) = s.assets(inst.id, &servers, 1, 0).await.unwrap();
    assert_eq!((rows.len(), total), (1, 2));

    let mut changed = server.clone();
    changed.retired_on = Some(time::macros::date!(2025 - 03 - 31));
    s.update_asset(inst.id, id, &changed, &actor(), NOW).await.unwrap();
    assert_eq!(s.asset(inst.id, id).await.unwrap().unwrap().asset, changed);
    assert_eq!(
        s.assets(inst.id, &AssetFilter::default(), 50, 0).await.unwrap().1,
        2,
        "retired assets are hidden"
    );
    let all = AssetFilter { include_retired: true, ..Default::default() };
    assert_eq!(s.assets(inst.id, &all, 50, 0).await.unwrap().1, 3);
    let history = s.audit_for(inst.id, "asset", &id.to_string(), 10).await.unwrap();
    assert_eq!(
        history.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["asset.updated", "asset.created"]
    );
    assert!(history[0].after_json.as_deref().unwrap().contains("2025-03-31"));
});

on_every_backend!(an_import_inserts_and_replaces_by_asset_number_in_one_go, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    s.create_asset(inst.id, &asset("PC-101", "受付PC", AssetKind::Terminal), &actor(), NOW).await.unwrap();
    let batch = vec![
        asset("PC-101", "受付PC（更新）", AssetKind::Terminal),
        asset("PC-102", "会計PC", AssetKind::Terminal),
    ];
    let counts = s.import_assets(inst.id, &batch, "台帳.xlsx", &actor(), NOW).await.unwrap();
    assert_eq!((counts.inserted, counts.updated), (1, 1));
    let names: Vec<String> = s.all_assets(inst.id).await.unwrap().into_iter().map(|a| a.asset.name).collect();
    assert_eq!(names, vec!["受付PC（更新）", "会計PC"]);
});

on_every_backend!(a_large_import_spans_several_statements_and_the_last_duplicate_wins, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let mut batch: Vec<_> =
        (0..1_234).map(|i| asset(&format!("PC-{i:05}"), &format!("端末{i}"), AssetKind::Terminal)).collect();
    batch.push(asset("PC-00007", "端末7（後の行）", AssetKind::Terminal));
    let counts = s.import_assets(inst.id, &batch, "大きな台帳.xlsx", &actor(), NOW).await.unwrap();
    assert_eq!((counts.inserted, counts.updated), (1_234, 0));
    let again = s.import_assets(inst.id, &batch[1_000..], "差分.xlsx", &actor(), NOW).await.unwrap();
    assert_eq!(
        (again.inserted, again.updated, again.unchanged),
        (0, 0, 235),
        "the same rows again change nothing"
    );
    let all = s.all_assets(inst.id).await.unwrap();
    assert_eq!(all.len(), 1_234);
    assert!(all.iter().any(|a| a.asset.name == "端末7（後の行）"));
    assert!(all.iter().any(|a| a.asset.name == "端末1233"));
});

fn terminals(numbers: std::ops::Range<usize>) -> Vec<Asset> {
    numbers.map(|i| asset(&format!("PC-{i:05}"), &format!("端末{i}"), AssetKind::Terminal)).collect()
}

/// A feed that already holds every message, as a reader would send them.
async fn feed(messages: Vec<ImportFeed>) -> mpsc::Receiver<ImportFeed> {
    let (tx, rx) = mpsc::channel(messages.len().max(1));
    for m in messages {
        tx.send(m).await.unwrap();
    }
    rx
}

on_every_backend!(a_fed_import_is_kept_only_once_committed, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let imports = AuditFilter { action: Some("asset.imported".into()), ..Default::default() };

    let abandoned =
        feed(vec![ImportFeed::Assets(terminals(0..250)), ImportFeed::Assets(terminals(250..300))]).await;
    let none = s.import_asset_feed(inst.id, abandoned, "途中.xlsx", &actor(), NOW).await.unwrap();
    assert_eq!(none, None, "a feed that ends without its commit keeps nothing");
    assert!(s.all_assets(inst.id).await.unwrap().is_empty());
    assert_eq!(s.audit_entries(inst.id, &imports, 10, 0).await.unwrap().1, 0);

    // Batches that do not line up with statements, and a 管理番号 given again in a later batch.
    let later = asset("PC-00007", "端末7（後の行）", AssetKind::Terminal);
    let fed = feed(vec![
        ImportFeed::Assets(terminals(0..150)),
        ImportFeed::Assets(vec![later]),
        ImportFeed::Assets(terminals(150..260)),
        ImportFeed::Commit,
    ])
    .await;
    let counts = s.import_asset_feed(inst.id, fed, "台帳.xlsx", &actor(), NOW).await.unwrap().unwrap();
    assert_eq!((counts.inserted, counts.updated), (260, 0));
    let all = s.all_assets(inst.id).await.unwrap();
    assert_eq!(all.len(), 260);
    assert_eq!(all.iter().find(|a| a.asset.asset_no == "PC-00007").unwrap().asset.name, "端末7（後の行）");
    let (entries, total) = s.audit_entries(inst.id, &imports, 10, 0).await.unwrap();
    assert_eq!(total, 1);
    assert!(entries[0].after_json.as_deref().unwrap().contains("\"inserted\":260"));
});

on_every_backend!(the_whole_ledger_is_sent_in_batches_in_asset_number_order, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let mut mixed = terminals(0..1_005);
    mixed.reverse();
    s.import_assets(a.id, &mixed, "台帳.xlsx", &actor(), NOW).await.unwrap();
    s.import_assets(b.id, &terminals(0..3), "他院.xlsx", &actor(), NOW).await.unwrap();
    let (to, mut batches) = mpsc::channel(2);
    let (sent, received) = tokio::join!(s.send_all_assets(a.id, 250, to), async move {
        let mut sizes = Vec::new();
        let mut numbers = Vec::new();
        while let Some(batch) = batches.recv().await {
            sizes.push(batch.len());
            numbers.extend(batch.into_iter().map(|a| a.asset_no));
        }
        (sizes, numbers)
    });
    sent.unwrap();
    let (sizes, numbers) = received;
    assert_eq!(sizes, vec![250, 250, 250, 250, 5]);
    assert_eq!(numbers, terminals(0..1_005).into_iter().map(|a| a.asset_no).collect::<Vec<_>>());

    let (to, batches) = mpsc::channel(1);
    drop(batches);
    s.send_all_assets(a.id, 250, to).await.expect("a reader that stopped listening is no error");
});

on_every_backend!(ledgers_stay_with_their_institution, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let id =
        s.create_asset(b.id, &asset("X-1", "b's server", AssetKind::Server), &actor(), NOW).await.unwrap();
    // The same 管理番号 is fine in another institution.
    s.create_asset(a.id, &asset("X-1", "a's server", AssetKind::Server), &actor(), NOW).await.unwrap();
    assert!(s.asset(a.id, id).await.unwrap().is_none());
    let hijack = s.update_asset(a.id, id, &asset("X-9", "mine now", AssetKind::Server), &actor(), NOW).await;
    assert!(matches!(hijack, Err(StoreError::NotFound)));
    assert_eq!(s.all_assets(a.id).await.unwrap().len(), 1);
    assert!(s.audit_for(a.id, "asset", &id.to_string(), 10).await.unwrap().is_empty());
});

on_every_backend!(asset_ids_find_only_the_numbers_asked_for_in_the_institution, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let (other, _) = institution(s, "b").await;
    let id =
        s.create_asset(inst.id, &asset("SV-1", "サーバ", AssetKind::Server), &actor(), NOW).await.unwrap();
    s.create_asset(inst.id, &asset("PC-1", "端末", AssetKind::Terminal), &actor(), NOW).await.unwrap();
    let asked = vec!["SV-1".to_owned(), "NOPE".to_owned()];
    assert_eq!(s.asset_ids(inst.id, &asked).await.unwrap(), vec![("SV-1".to_owned(), id)]);
    assert!(s.asset_ids(other.id, &asked).await.unwrap().is_empty());
    let many: Vec<String> = (0..450).map(|i| format!("X-{i}")).chain(["PC-1".to_owned()]).collect();
    assert_eq!(s.asset_ids(inst.id, &many).await.unwrap().len(), 1, "more names than one statement takes");
});

on_every_backend!(the_ledger_is_read_whole_in_one_go_as_stored, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let mut special = asset("SV-\"1\"", "電子カルテ\\サーバ　本番", AssetKind::Server);
    special.zone = Some(Zone::Closed);
    special.notes = "改行\nと\"引用符\"".into();
    let mut all = terminals(0..300);
    all.push(special);
    all.reverse();
    s.import_assets(a.id, &all, "台帳.xlsx", &actor(), NOW).await.unwrap();
    s.import_assets(b.id, &terminals(0..3), "他院.xlsx", &actor(), NOW).await.unwrap();
    let read = s.ledger_assets(a.id).await.unwrap();
    let records: Vec<Asset> = s.all_assets(a.id).await.unwrap().into_iter().map(|r| r.asset).collect();
    assert_eq!(read.len(), 301);
    assert_eq!(read, records, "the same assets, in the same order, as the records say");
    assert!(read.iter().any(|x| x.notes == "改行\nと\"引用符\"" && x.zone == Some(Zone::Closed)));
    assert_eq!(s.ledger_assets(b.id).await.unwrap().len(), 3);
});
