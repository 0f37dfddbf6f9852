use crate::harness::*;
use iryosec_core::role::Role;
use iryosec_core::user::LoginId;
use iryosec_store::{StoreError, UserChange, UserStore};

on_every_backend!(users_are_created_listed_and_found_by_login, |db| {
    let s = &db.store;
    let (inst, admin) = institution(s, "a").await;
    let viewer = user(s, inst.id, "director", Role::Viewer).await;
    let listed: Vec<String> =
        s.users(inst.id).await.unwrap().iter().map(|u| u.login_id.to_string()).collect();
    assert_eq!(listed, vec!["a-admin", "director"]);
    let found = s.user_by_login(&LoginId::parse("DIRECTOR").unwrap()).await.unwrap().unwrap();
    assert_eq!(found.id, viewer.id);
    assert_eq!(s.user(inst.id, admin.id).await.unwrap().unwrap().role, Role::Admin);
    assert!(s.user_by_login(&LoginId::parse("nobody").unwrap()).await.unwrap().is_none());
});

on_every_backend!(the_last_admin_stays, |db| {
    let s = &db.store;
    let (inst, admin) = institution(s, "a").await;
    let demote = UserChange { display_name: "x".into(), role: Role::Viewer, disabled: false, unlock: false };
    let refused = s.update_user(inst.id, admin.id, &demote, &actor(), NOW).await;
    assert!(
        matches!(&refused, Err(StoreError::Refused(m)) if m.key == "user.error.last_admin"),
        "{refused:?}"
    );
    assert_eq!(s.user(inst.id, admin.id).await.unwrap().unwrap().role, Role::Admin);
    // With a second administrator the first may step down.
    user(s, inst.id, "second-admin", Role::Admin).await;
    let done = s.update_user(inst.id, admin.id, &demote, &actor(), NOW).await.unwrap();
    assert_eq!(done.role, Role::Viewer);
});

on_every_backend!(failed_logins_lock_and_unlock, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let mut u = user(s, inst.id, "nurse", Role::Editor).await;
    for n in 1..=5 {
        let outcome = s.record_login_failure(&u, &actor(), NOW).await.unwrap();
        assert_eq!(outcome.locked_until.is_some(), n == 5);
        u = s.user(inst.id, u.id).await.unwrap().unwrap();
    }
    assert!(u.is_locked(NOW));
    assert!(!u.is_locked(NOW.plus_minutes(16)));
    let unlock =
        UserChange { display_name: u.display_name.clone(), role: u.role, disabled: false, unlock: true };
    let u = s.update_user(inst.id, u.id, &unlock, &actor(), NOW).await.unwrap();
    assert!(!u.is_locked(NOW));
    assert_eq!(u.failed_logins, 0);
});

on_every_backend!(preferences_and_passwords_are_saved, |db| {
    let s = &db.store;
    let (inst, admin) = institution(s, "a").await;
    let u = s.set_preferences(inst.id, admin.id, "en", "western", &actor(), NOW).await.unwrap();
    assert_eq!((u.lang.as_str(), u.date_style.code()), ("en", "western"));
    s.set_password(inst.id, admin.id, "$argon2id$new", false, None, &actor(), NOW.plus_minutes(1))
        .await
        .unwrap();
    let u = s.user(inst.id, admin.id).await.unwrap().unwrap();
    assert_eq!(u.password_hash, "$argon2id$new");
    assert_eq!(u.password_changed_at, NOW.plus_minutes(1));
});

on_every_backend!(parallel_wrong_passwords_still_lock_the_account, |db| {
    let store = std::sync::Arc::new(db.store.clone());
    let (inst, _) = institution(&store, "a").await;
    let u = user(&store, inst.id, "target", Role::Editor).await;
    // Every guess read the same (zero) count before hashing; the count must still add up.
    let tasks: Vec<_> = (0..5)
        .map(|_| {
            let (s, u) = (std::sync::Arc::clone(&store), u.clone());
            tokio::spawn(async move { s.record_login_failure(&u, &actor(), NOW).await })
        })
        .collect();
    let mut locks = 0;
    for t in tasks {
        locks += usize::from(t.await.unwrap().unwrap().locked_until.is_some());
    }
    assert_eq!(locks, 1);
    assert!(store.user(inst.id, u.id).await.unwrap().unwrap().is_locked(NOW));
});

on_every_backend!(a_login_racing_a_lock_opens_no_session, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let u = user(s, inst.id, "target", Role::Editor).await;
    for _ in 0..5 {
        s.record_login_failure(&u, &actor(), NOW).await.unwrap();
    }
    // `u` was read before the lock; the login must not go through anyway.
    let session = iryosec_store::NewSession {
        token_hash: "t".into(),
        csrf_token: "c".into(),
        expires_at: NOW.plus_minutes(30),
    };
    assert!(!s.record_login(&u, &session, &actor(), NOW).await.unwrap());
    assert!(iryosec_store::SessionStore::session(s, "t").await.unwrap().is_none());
});
