use crate::harness::*;
use iryosec_core::audit::AuditAction;
use iryosec_core::role::Role;
use iryosec_store::{AuditFilter, AuditStore, InstitutionStore, StoreError};

on_every_backend!(first_setup_creates_institution_admin_and_audit, |db| {
    let s = &db.store;
    assert_eq!(s.institution_count().await.unwrap(), 0);
    let admin = new_user("first-admin", Role::Admin);
    let (inst, user) =
        s.create_institution(&profile("さくら記念病院"), false, &admin, true, &actor(), NOW).await.unwrap();
    assert_eq!(s.institution_count().await.unwrap(), 1);
    assert_eq!(inst.profile.name, "さくら記念病院");
    assert_eq!(inst.profile.beds, Some(120));
    assert_eq!((user.role, user.institution_id), (Role::Admin, inst.id));

    let (entries, total) = s.audit_entries(inst.id, &AuditFilter::default(), 10, 0).await.unwrap();
    assert_eq!(total, 2);
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec![AuditAction::UserCreated.code(), AuditAction::InstitutionCreated.code()]);
    assert!(entries[1].after_json.as_deref().unwrap().contains("さくら記念病院"));
});

on_every_backend!(setup_runs_only_once, |db| {
    let s = &db.store;
    s.create_institution(&profile("A"), false, &new_user("a-admin", Role::Admin), true, &actor(), NOW)
        .await
        .unwrap();
    let again = s
        .create_institution(&profile("B"), false, &new_user("b-admin", Role::Admin), true, &actor(), NOW)
        .await;
    assert!(matches!(again, Err(StoreError::AlreadySetUp)), "{again:?}");
    // Nothing of the refused setup was written.
    assert_eq!(s.institution_count().await.unwrap(), 1);
    // A server for many institutions adds more without the first-run guard.
    s.create_institution(&profile("C"), false, &new_user("c-admin", Role::Admin), false, &actor(), NOW)
        .await
        .unwrap();
    assert_eq!(s.institution_count().await.unwrap(), 2);
});

on_every_backend!(a_taken_login_id_is_a_conflict_and_nothing_is_half_written, |db| {
    let s = &db.store;
    institution(s, "a").await;
    let clash = s
        .create_institution(&profile("B"), false, &new_user("a-admin", Role::Admin), false, &actor(), NOW)
        .await;
    assert!(matches!(clash, Err(StoreError::Conflict("login_id"))), "{clash:?}");
    assert_eq!(s.institution_count().await.unwrap(), 1);
});

on_every_backend!(updating_the_institution_records_before_and_after, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let mut changed = inst.profile.clone();
    changed.name = "さくら記念病院（新館）".into();
    changed.beds = Some(199);
    let later = NOW.plus_minutes(5);
    let updated = s.update_institution(inst.id, &changed, &actor(), later).await.unwrap();
    assert_eq!(updated.profile, changed);
    assert_eq!(updated.updated_at, later);
    let filter = AuditFilter { action: Some("institution.updated".into()), ..Default::default() };
    let (entries, _) = s.audit_entries(inst.id, &filter, 10, 0).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert!(entries[0].before_json.as_deref().unwrap().contains("\"beds\":120"));
    assert!(entries[0].after_json.as_deref().unwrap().contains("\"beds\":199"));
});

on_every_backend!(quotes_and_unicode_are_stored_as_given, |db| {
    let s = &db.store;
    let mut p = profile("x");
    p.name = r#"bob"e"i'o;aü 病院 --"#.into();
    let (inst, _) = s
        .create_institution(&p, false, &new_user("q-admin", Role::Admin), false, &actor(), NOW)
        .await
        .unwrap();
    assert_eq!(s.institution(inst.id).await.unwrap().unwrap().profile.name, p.name);
});
