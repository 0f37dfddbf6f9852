use super::reconcile::{MatchedBy, Proposal, proposals, reconcile};
use super::*;
use crate::ledger::{Asset, AssetKind, Field};

fn seen(ip: &str, mac: &str, host: &str, file: &str) -> SeenDevice {
    with_vendor(SeenDevice {
        ip: ip.into(),
        mac: mac.into(),
        hostname: host.into(),
        seen_in: vec![SeenAt { file: file.into(), line: 1 }],
        ..SeenDevice::default()
    })
}

fn asset(no: &str, name: &str, ip: &str, mac: &str) -> Asset {
    Asset {
        asset_no: no.into(),
        name: name.into(),
        kind: Some(AssetKind::Terminal),
        ip: ip.into(),
        mac: mac.into(),
        ..Asset::default()
    }
}

#[test]
fn macs_are_read_in_every_common_spelling() {
    assert_eq!(normalise_mac("00-1a-2b-3c-4d-5e").as_deref(), Some("00:1A:2B:3C:4D:5E"));
    assert_eq!(normalise_mac("001a.2b3c.4d5e").as_deref(), Some("00:1A:2B:3C:4D:5E"));
    assert_eq!(normalise_mac("0:1a:2b:3c:4d:5e").as_deref(), Some("00:1A:2B:3C:4D:5E"));
    assert_eq!(normalise_mac("ff-ff-ff"), None);
    assert_eq!(normalise_mac("00:00:00:00:00:00"), None, "an incomplete ARP entry names no card");
}

#[test]
fn sightings_of_one_device_in_several_files_become_one() {
    let mut scan = seen("192.168.1.10", "", "", "scan.xml");
    scan.os = "Microsoft Windows 10".into();
    let lease = seen("192.168.1.10", "00:09:0F:AA:BB:CC", "FW-01", "dhcpd.leases");
    let arp = seen("192.168.1.11", "00:09:0F:AA:BB:CC", "", "arp.txt");
    let other = seen("192.168.1.12", "", "", "scan.xml");
    let merged = merge([scan, lease, arp, other]);
    assert_eq!(merged.len(), 2);
    assert_eq!(merged[0].mac, "00:09:0F:AA:BB:CC");
    assert_eq!(merged[0].vendor, "Fortinet");
    assert_eq!(merged[0].hostname, "FW-01");
    assert_eq!(merged[0].seen_in.len(), 3);
}

#[test]
fn devices_match_by_mac_then_address_then_name_and_say_why() {
    let ledger = vec![
        asset("PC-1", "RECEPT-01", "192.168.1.5", "00:09:0F:00:00:01"),
        asset("PC-2", "受付の PC", "192.168.1.6", ""),
        asset("PC-3", "NURSE-02", "", ""),
        asset("PC-4", "LOST-01", "192.168.1.99", ""),
        asset("PC-5", "OTHER", "192.168.1.7", "00:09:0F:00:00:07"),
    ];
    let devices = vec![
        seen("192.168.1.50", "00:09:0F:00:00:01", "RECEPT-01", "a"),
        seen("192.168.1.6", "", "", "a"),
        seen("192.168.1.8", "", "nurse-02.hospital.local", "a"),
        // Another card on PC-5's address is another device.
        seen("192.168.1.7", "00:09:0F:00:00:99", "", "a"),
    ];
    let r = reconcile(&devices, &ledger);
    let found: Vec<(&str, MatchedBy)> = r.matched.iter().map(|m| (m.asset_no.as_str(), m.by)).collect();
    assert_eq!(found, [("PC-1", MatchedBy::Mac), ("PC-2", MatchedBy::Ip), ("PC-3", MatchedBy::Hostname)]);
    assert_eq!(r.not_in_ledger, [3]);
    assert_eq!(r.not_seen, ["PC-4", "PC-5"]);
    let moved = &r.matched[0].changes;
    assert_eq!(moved.len(), 1);
    assert_eq!(
        (moved[0].field, moved[0].ledger.as_str(), moved[0].seen.as_str()),
        (Field::Ip, "192.168.1.5", "192.168.1.50")
    );

    let ps = proposals(&devices, &r);
    let Proposal::Add { asset, .. } = &ps[0] else { panic!("new entries come first: {ps:?}") };
    assert_eq!((asset.asset_no.as_str(), asset.kind), ("NW-00090F000099", Some(AssetKind::Firewall)));
    assert!(
        crate::ledger::parse_asset(&|f| match f {
            Field::AssetNo => "NW-00090F000099",
            Field::Name => "x",
            Field::Kind => "その他",
            _ => "",
        })
        .is_ok()
    );
    assert!(ps.iter().any(|p| matches!(p, Proposal::Update { asset_no, change } if asset_no == "PC-3" && change.field == Field::Ip)));
}
