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
