//! Discovery and lifecycle use cases: files read and held against the ledger, only confirmed
//! proposals written, and signed bundles checked before they count.

use super::*;
use iryosec_app::discovery::DiscoveryFile;
use iryosec_core::discovery::reconcile::Proposal;
use iryosec_core::lifecycle::bundle::{self, Payload, SecretKey};
use iryosec_core::lifecycle::{Cycle, Eol, Lifecycle, builtin};

const LEDGER: &str = "管理番号,名称,種別,IPアドレス,MACアドレス,OS・ファームウェア,バージョン\r\n\
    FW-01,FW01,UTM,192.168.1.1,00:09:0F:00:00:01,FortiOS,6.0.4\r\n\
    PC-01,RECEPT-01,端末PC,192.168.1.10,,Windows 10 Pro,22H2\r\n\
    PC-09,OLD-PC,端末PC,192.168.1.99,,,\r\n";

fn file(name: &str, text: &str) -> DiscoveryFile {
    DiscoveryFile { name: name.into(), input: Box::new(std::io::Cursor::new(text.as_bytes().to_vec())) }
}

fn leases() -> DiscoveryFile {
    file(
        "dhcpd.leases",
        "lease 192.168.1.20 {\n  hardware ethernet 00:a0:de:00:00:02;\n  client-hostname \"RECEPT-01\";\n}\n\
         lease 192.168.1.30 {\n  hardware ethernet 00:a0:de:00:00:03;\n  client-hostname \"DESKTOP-4F2K9QZ\";\n}\n",
    )
}

#[tokio::test]
async fn only_confirmed_proposals_change_the_ledger_and_each_names_its_file() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let never = iryosec_core::cancel::CancelToken::never();
    let source = iryosec_io::table::Source::new("台帳.csv", LEDGER.as_bytes(), &never);
    t.app.import_ledger(inst.id, source, &Default::default(), false, &actor()).await.unwrap();
    let report = t.app.discovery_preview(inst.id, vec![leases()]).await.unwrap().unwrap();
    let a = &report.analysis;
    assert_eq!(a.reconciliation.matched.len(), 1, "RECEPT-01 by its host name");
    assert_eq!(report.not_seen.iter().map(|n| n.asset_no.as_str()).collect::<Vec<_>>(), ["FW-01", "PC-09"]);
    assert!(report.not_seen.iter().all(|n| n.last_seen.is_none()), "never seen before");
    let (add, update) = (
        a.proposals.iter().position(|p| matches!(p, Proposal::Add { .. })).unwrap() + 1,
        a.proposals.iter().position(|p| matches!(p, Proposal::Update { change, .. } if change.field == iryosec_core::ledger::Field::Ip)).unwrap() + 1,
    );
    assert!(a.findings.iter().any(|(_, f)| f.iter().any(|m| m.key == "discovery.finding.default_hostname")));
    assert_eq!(t.app.ledger(inst.id).await.unwrap().len(), 3, "a preview writes nothing");

    let counts = t.app.discovery_apply(inst.id, &report, &[update, add], &actor()).await.unwrap();
    assert_eq!((counts.added, counts.changed, counts.seen), (1, 1, 1));
    let ledger = t.app.ledger(inst.id).await.unwrap();
    let pc = ledger.iter().find(|x| x.asset_no == "PC-01").unwrap();
    assert_eq!(pc.ip, "192.168.1.20");
    assert!(ledger.iter().any(|x| x.asset_no == "NW-00A0DE000003"));
    let id = iryosec_store::AssetStore::asset_ids(&t.db, inst.id, &["PC-01".to_owned()]).await.unwrap()[0].1;
    let history = t.app.history(inst.id, "asset", id, 5).await.unwrap();
    assert!(history[0].after_json.as_deref().unwrap().contains("dhcpd.leases"));

    // The same confirmation again is stale: PC-01 is no longer what was confirmed against.
    let err = t.app.discovery_apply(inst.id, &report, &[update], &actor()).await.unwrap_err();
    assert!(matches!(err, AppError::Refused(ref m) if m.key == "discovery.apply.stale"), "{err:?}");
    let again = t.app.discovery_preview(inst.id, vec![leases()]).await.unwrap().unwrap();
    let fw = again.not_seen.iter().find(|n| n.asset_no == "PC-01");
    assert!(fw.is_none(), "PC-01 is seen now");
}

#[tokio::test]
async fn a_broken_file_is_named_with_its_line_and_nothing_is_read_on() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let cut = file(
        "scan.xml",
        "<?xml version=\"1.0\"?>\n<nmaprun start=\"1747357200\">\n<host><status state=\"up\"/>\n",
    );
    let err = t.app.discovery_preview(inst.id, vec![leases(), cut]).await.unwrap().unwrap_err();
    assert_eq!((err.file.as_str(), err.message.key), ("scan.xml", "discovery.error.truncated"));
    assert!(err.line.is_some());
}

#[tokio::test]
async fn a_bundle_counts_only_when_a_trusted_key_signed_it() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let never = iryosec_core::cancel::CancelToken::never();
    let source = iryosec_io::table::Source::new("台帳.csv", LEDGER.as_bytes(), &never);
    t.app.import_ledger(inst.id, source, &Default::default(), false, &actor()).await.unwrap();
    let report = t.app.lifecycle_check(inst.id).await.unwrap();
    assert_eq!(report.exploited().map(|d| d.asset_no.as_str()).collect::<Vec<_>>(), ["FW-01"]);
    assert_eq!(report.critical_gaps()[0].key, "lifecycle.gap.exploited");

    let mut newer = Lifecycle::default();
    let mut p = builtin().product("fortios").unwrap().clone();
    p.cycles = vec![Cycle {
        cycle: "6.0".into(),
        label: String::new(),
        eol: Eol::On(time::macros::date!(2030 - 01 - 01)),
        latest: String::new(),
    }];
    newer.products.push(p);
    let payload = Payload {
        format: bundle::PAYLOAD_FORMAT.into(),
        version: bundle::VERSION,
        created: time::macros::date!(2026 - 01 - 01),
        sources: vec!["test".into()],
        data: newer,
    };
    let key = SecretKey::from_seed([5; 32]);
    let signed = bundle::sign(&payload, &key).unwrap();
    let stranger = SecretKey::from_seed([6; 32]).public();
    let err =
        t.app.import_lifecycle_bundle("b.json", signed.as_bytes(), &[stranger], &actor()).await.unwrap_err();
    assert!(matches!(err, AppError::Refused(ref m) if m.key == "lifecycle.bundle.untrusted_key"));
    assert!(iryosec_store::LifecycleStore::lifecycle_bundles(&t.db).await.unwrap().is_empty());
    let summary =
        t.app.import_lifecycle_bundle("b.json", signed.as_bytes(), &[key.public()], &actor()).await.unwrap();
    assert_eq!(summary.products, 1);
    let after = t.app.lifecycle_check(inst.id).await.unwrap();
    let fw = after.devices.iter().find(|d| d.asset_no == "FW-01").unwrap();
    assert!(!fw.support_ended(), "the bundle's later date now counts");
}
