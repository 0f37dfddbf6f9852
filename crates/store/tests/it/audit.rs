use crate::harness::*;
use iryosec_core::audit::{AuditAction, AuditEvent, BreakKind};
use iryosec_core::role::Role;
use iryosec_store::{AuditFilter, AuditStore, Store};
use std::sync::Arc;

fn event(inst: Option<i64>, n: usize) -> AuditEvent {
    AuditEvent {
        institution_id: inst,
        action: AuditAction::LoginFailed,
        target_kind: "login",
        target_id: Some(format!("unknown-{n}")),
        before: None,
        after: None,
    }
}

on_every_backend!(a_busy_log_still_verifies, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    for i in 0..5 {
        user(s, inst.id, &format!("staff{i}"), Role::Viewer).await;
    }
    s.append_audit(&event(None, 1), &actor(), NOW).await.unwrap();
    let v = s.verify_audit().await.unwrap();
    assert_eq!(v.first_break, None);
    assert_eq!((v.chains, v.entries), (2, 8));
});

on_every_backend!(concurrent_appends_form_one_unbroken_chain, |db| {
    let store = Arc::new(db.store.clone());
    let (inst, _) = institution(&store, "a").await;
    let tasks: Vec<_> = (0..24)
        .map(|i| {
            let s = Arc::clone(&store);
            let inst_id = if i % 3 == 0 { None } else { Some(inst.id.get()) };
            tokio::spawn(async move { s.append_audit(&event(inst_id, i), &actor(), NOW).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let v = store.verify_audit().await.unwrap();
    assert_eq!(v.first_break, None);
    assert_eq!(v.entries, 24 + 2);
});

on_every_backend!(the_log_refuses_updates_and_deletes, |db| {
    let s = &db.store;
    institution(s, "a").await;
    assert!(raw(&db, &["UPDATE audit_log SET actor_login = 'x'"]).await.is_err());
    assert!(raw(&db, &["DELETE FROM audit_log"]).await.is_err());
    assert_eq!(s.verify_audit().await.unwrap().first_break, None);
});

on_every_backend!(tampering_past_the_triggers_is_detected, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    user(s, inst.id, "nurse", Role::Editor).await;
    let drop = match db.url {
        iryosec_store::DatabaseUrl::Sqlite(_) => "DROP TRIGGER audit_log_no_update",
        iryosec_store::DatabaseUrl::Postgres(_) => "DROP TRIGGER audit_log_no_update ON audit_log",
    };
    raw(&db, &[drop, "UPDATE audit_log SET actor_login = 'someone-else' WHERE seq = 2"]).await.unwrap();
    let v = s.verify_audit().await.unwrap();
    let broken = v.first_break.expect("tampering must be found");
    assert_eq!((broken.seq, broken.problem), (2, BreakKind::HashMismatch));
    assert_eq!(broken.chain, format!("institution:{}", inst.id));
});

on_every_backend!(a_cut_off_tail_is_detected, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    user(s, inst.id, "nurse", Role::Editor).await;
    let drop = match db.url {
        iryosec_store::DatabaseUrl::Sqlite(_) => "DROP TRIGGER audit_log_no_delete",
        iryosec_store::DatabaseUrl::Postgres(_) => "DROP TRIGGER audit_log_no_update ON audit_log",
    };
    raw(&db, &[drop, "DELETE FROM audit_log WHERE seq = 3"]).await.unwrap();
    let broken = s.verify_audit().await.unwrap().first_break.unwrap();
    assert_eq!((broken.seq, broken.problem), (3, BreakKind::Truncated));
});

on_every_backend!(the_log_filters_and_pages, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    for i in 0..7 {
        s.append_audit(&event(Some(inst.id.get()), i), &actor(), NOW.plus_minutes(i as i64)).await.unwrap();
    }
    let failed = AuditFilter { action: Some("login.failed".into()), ..Default::default() };
    let (page, total) = s.audit_entries(inst.id, &failed, 3, 0).await.unwrap();
    assert_eq!((page.len(), total), (3, 7));
    assert_eq!(page[0].target_id.as_deref(), Some("unknown-6"), "newest first");
    let (page3, _) = s.audit_entries(inst.id, &failed, 3, 6).await.unwrap();
    assert_eq!(page3.len(), 1);
    let window =
        AuditFilter { from: Some(NOW.plus_minutes(2)), until: Some(NOW.plus_minutes(4)), ..failed.clone() };
    assert_eq!(s.audit_entries(inst.id, &window, 10, 0).await.unwrap().1, 2);
    let by_actor = AuditFilter { actor_login: Some("nobody".into()), ..Default::default() };
    assert_eq!(s.audit_entries(inst.id, &by_actor, 10, 0).await.unwrap().1, 0);
});

on_every_backend!(entries_slipped_into_an_institutions_log_are_found, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    raw(&db, &["INSERT INTO audit_log (chain, seq, institution_id, occurred_at, actor_login, action, target_kind, prev_hash, hash) \
         VALUES ('forged', 1, 1, 0, 'x', 'logout', 'user', 'p', 'h')"])
    .await
    .unwrap();
    let one = s.verify_institution_audit(inst.id).await.unwrap().first_break.unwrap();
    assert_eq!(one.problem, BreakKind::WrongChain);
    let all = s.verify_audit().await.unwrap().first_break.unwrap();
    assert_eq!((all.chain.as_str(), all.problem), ("forged", BreakKind::Unanchored));
});

on_every_backend!(chain_heads_cannot_be_deleted, |db| {
    let s = &db.store;
    institution(s, "a").await;
    assert!(raw(&db, &["DELETE FROM audit_heads"]).await.is_err());
    assert_eq!(s.verify_audit().await.unwrap().first_break, None);
});
