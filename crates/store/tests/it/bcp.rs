//! サイバー攻撃を想定したBCP: the year's 確認表 is replaced with its audit entry, the latest print
//! of the card is the one read back, and one institution never sees another's.
use crate::harness::*;
use iryosec_core::bcp::{BcpCheck, ItemAnswer, ItemStatus};
use iryosec_store::{AuditStore, BcpStore};

pub fn check(status: ItemStatus, note: &str) -> BcpCheck {
    let mut c = BcpCheck { document: Some(7), items: Default::default() };
    c.items.insert(
        "normal.drills".into(),
        ItemAnswer { status: Some(status), evidence: Some(3), note: note.into() },
    );
    c
}

on_every_backend!(a_years_check_is_replaced_with_its_audit_entry_and_kept_apart, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    assert_eq!(s.bcp_check(a.id, 2026).await.unwrap(), None);
    s.save_bcp_check(a.id, 2026, &check(ItemStatus::NotDone, "未実施"), &actor(), NOW).await.unwrap();
    let later = NOW.plus_minutes(5);
    s.save_bcp_check(a.id, 2026, &check(ItemStatus::Done, "机上訓練を実施"), &actor(), later).await.unwrap();
    let stored = s.bcp_check(a.id, 2026).await.unwrap().unwrap();
    assert_eq!(stored.check, check(ItemStatus::Done, "机上訓練を実施"));
    assert_eq!((stored.fiscal_year, stored.updated_at, stored.updated_by.as_str()), (2026, later, "test"));
    assert_eq!(s.bcp_check(a.id, 2025).await.unwrap(), None, "each year has its own");
    assert_eq!(s.bcp_check(b.id, 2026).await.unwrap(), None, "another institution sees nothing");

    let log = s.audit_for(a.id, "bcp_check", "2026", 10).await.unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|e| e.action == "bcp.check_saved"));
    assert!(log.iter().any(|e| e.before_json.as_deref().is_some_and(|b| b.contains("未実施"))));
});

on_every_backend!(the_latest_card_print_is_read_back_per_institution, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    assert_eq!(s.latest_card_print(a.id).await.unwrap(), None);
    s.record_card_print(a.id, "old", &actor(), NOW).await.unwrap();
    s.record_card_print(a.id, "new", &actor(), NOW.plus_minutes(60)).await.unwrap();
    let latest = s.latest_card_print(a.id).await.unwrap().unwrap();
    assert_eq!((latest.fingerprint.as_str(), latest.printed_at), ("new", NOW.plus_minutes(60)));
    assert_eq!(s.latest_card_print(b.id).await.unwrap(), None);
    let log = s.audit_for(a.id, "bcp_card", "new", 10).await.unwrap();
    assert_eq!(log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), vec!["bcp.card_printed"]);
});
