use crate::harness::*;
use iryosec_core::role::Role;
use iryosec_store::{AuditFilter, AuditStore, LoginStore, NewSession, SessionStore, UserChange, UserStore};

fn session(token: &str) -> NewSession {
    NewSession {
        token_hash: token.into(),
        csrf_token: format!("csrf-{token}"),
        expires_at: NOW.plus_minutes(30),
    }
}

on_every_backend!(a_login_opens_a_session_that_logout_ends, |db| {
    let s = &db.store;
    let (inst, admin) = institution(s, "a").await;
    assert!(s.record_login(&admin, "127.0.0.1", &session("t1"), &actor(), NOW).await.unwrap());
    let found = s.session("t1").await.unwrap().unwrap();
    assert_eq!((found.user.id, found.csrf_token.as_str()), (admin.id, "csrf-t1"));
    assert_eq!(found.user.last_login_at, Some(NOW));
    s.touch_session("t1", NOW.plus_minutes(10), NOW.plus_minutes(40)).await.unwrap();
    assert_eq!(s.session("t1").await.unwrap().unwrap().expires_at, NOW.plus_minutes(40));
    s.end_session(&found, true, &actor(), NOW).await.unwrap();
    assert!(s.session("t1").await.unwrap().is_none());
    let filter = AuditFilter { action: Some("logout".into()), ..Default::default() };
    assert_eq!(s.audit_entries(inst.id, &filter, 10, 0).await.unwrap().1, 1);
});

on_every_backend!(expired_sessions_are_removed, |db| {
    let s = &db.store;
    let (_, admin) = institution(s, "a").await;
    assert!(s.record_login(&admin, "127.0.0.1", &session("old"), &actor(), NOW).await.unwrap());
    let mut fresh = session("new");
    fresh.expires_at = NOW.plus_minutes(120);
    assert!(s.record_login(&admin, "127.0.0.1", &fresh, &actor(), NOW).await.unwrap());
    assert_eq!(s.delete_expired_sessions(NOW.plus_minutes(60)).await.unwrap(), 1);
    assert!(s.session("old").await.unwrap().is_none());
    assert!(s.session("new").await.unwrap().is_some());
});

on_every_backend!(a_password_change_ends_other_sessions, |db| {
    let s = &db.store;
    let (inst, admin) = institution(s, "a").await;
    assert!(s.record_login(&admin, "127.0.0.1", &session("here"), &actor(), NOW).await.unwrap());
    assert!(s.record_login(&admin, "127.0.0.1", &session("elsewhere"), &actor(), NOW).await.unwrap());
    s.set_password(inst.id, admin.id, "h", false, Some("here"), &actor(), NOW).await.unwrap();
    assert!(s.session("here").await.unwrap().is_some());
    assert!(s.session("elsewhere").await.unwrap().is_none());
});

on_every_backend!(disabling_an_account_ends_its_sessions, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let u = user(s, inst.id, "leaver", Role::Editor).await;
    assert!(s.record_login(&u, "127.0.0.1", &session("x"), &actor(), NOW).await.unwrap());
    let off =
        UserChange { display_name: u.display_name.clone(), role: u.role, disabled: true, unlock: false };
    s.update_user(inst.id, u.id, &off, &actor(), NOW).await.unwrap();
    assert!(s.session("x").await.unwrap().is_none());
});
