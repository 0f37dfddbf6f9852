//! Login bookkeeping per account and client address: locks hold one address, counts are kept
//! by the database, and an unlock or a login starts them over.
use crate::harness::*;
use iryosec_core::Timestamp;
use iryosec_core::audit::Actor;
use iryosec_core::role::Role;
use iryosec_core::user::User;
use iryosec_store::{AuditFilter, AuditStore, LoginStore, NewSession, SessionStore, UserChange, UserStore};

const ATTACKER: &str = "198.51.100.7";
const OWNER: &str = "10.1.2.3";

fn from(client: &str) -> Actor {
    Actor { ip: Some(client.into()), ..actor() }
}

fn session(token: &str) -> NewSession {
    NewSession { token_hash: token.into(), csrf_token: "c".into(), expires_at: NOW.plus_minutes(30) }
}

async fn fail(s: &iryosec_store::SqlStore, u: &User, client: &str, at: Timestamp) -> bool {
    s.record_login_failure(u, client, &from(client), at).await.unwrap().locked_until.is_some()
}

async fn locked_from(s: &iryosec_store::SqlStore, u: &User, client: &str, at: Timestamp) -> bool {
    let (_, record) = s.login_account(&u.login_id, client).await.unwrap().unwrap();
    record.is_locked(at)
}

on_every_backend!(five_failures_lock_one_address_out_and_not_the_owner_elsewhere, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let u = user(s, inst.id, "nurse", Role::Editor).await;
    for n in 1..=5 {
        assert_eq!(fail(s, &u, ATTACKER, NOW).await, n == 5, "failure {n}");
    }
    assert!(locked_from(s, &u, ATTACKER, NOW).await);
    assert!(!locked_from(s, &u, ATTACKER, NOW.plus_minutes(15)).await);
    assert!(!locked_from(s, &u, OWNER, NOW).await);
    assert!(s.record_login(&u, OWNER, &session("owner"), &from(OWNER), NOW).await.unwrap());
    assert!(!s.record_login(&u, ATTACKER, &session("guess"), &from(ATTACKER), NOW).await.unwrap());
    assert!(s.session("guess").await.unwrap().is_none());

    let shown = s.user(inst.id, u.id).await.unwrap().unwrap();
    assert!(shown.is_locked(NOW), "administrators see that an address is locked out");
    let filter = |action: &str| AuditFilter { action: Some(action.into()), ..Default::default() };
    let (failed, count) = s.audit_entries(inst.id, &filter("login.failed"), 10, 0).await.unwrap();
    assert_eq!(count, 5, "every failure is audited");
    assert_eq!(failed[0].actor_ip.as_deref(), Some(ATTACKER));
    let (locked, _) = s.audit_entries(inst.id, &filter("account.locked"), 10, 0).await.unwrap();
    assert!(locked[0].after_json.as_deref().unwrap().contains(ATTACKER));

    let unlock =
        UserChange { display_name: u.display_name.clone(), role: u.role, disabled: false, unlock: true };
    let unlocked = s.update_user(inst.id, u.id, &unlock, &actor(), NOW).await.unwrap();
    assert!(!unlocked.is_locked(NOW));
    assert_eq!(unlocked.failed_logins, 0);
    assert!(!locked_from(s, &u, ATTACKER, NOW).await, "an unlock frees every address");
});

on_every_backend!(parallel_wrong_passwords_from_one_address_still_lock_it, |db| {
    let store = std::sync::Arc::new(db.store.clone());
    let (inst, _) = institution(&store, "a").await;
    let u = user(&store, inst.id, "target", Role::Editor).await;
    // Every guess read the same (zero) count before hashing; the count must still add up.
    let tasks: Vec<_> = (0..5)
        .map(|_| {
            let (s, u) = (std::sync::Arc::clone(&store), u.clone());
            tokio::spawn(async move { s.record_login_failure(&u, ATTACKER, &from(ATTACKER), NOW).await })
        })
        .collect();
    let mut locks = 0;
    for t in tasks {
        locks += usize::from(t.await.unwrap().unwrap().locked_until.is_some());
    }
    assert_eq!(locks, 1);
    assert!(locked_from(&store, &u, ATTACKER, NOW).await);
    assert_eq!(store.user(inst.id, u.id).await.unwrap().unwrap().failed_logins, 5);
});

on_every_backend!(a_login_racing_a_lock_of_its_address_opens_no_session, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let u = user(s, inst.id, "target", Role::Editor).await;
    for _ in 0..5 {
        fail(s, &u, ATTACKER, NOW).await;
    }
    // `u` was read before the lock; the login must not go through anyway.
    assert!(!s.record_login(&u, ATTACKER, &session("t"), &from(ATTACKER), NOW).await.unwrap());
    assert!(s.session("t").await.unwrap().is_none());
});

on_every_backend!(a_login_makes_the_address_familiar_and_starts_its_count_over, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let u = user(s, inst.id, "nurse", Role::Editor).await;
    for _ in 0..4 {
        fail(s, &u, OWNER, NOW).await;
    }
    assert!(s.record_login(&u, OWNER, &session("t"), &from(OWNER), NOW).await.unwrap());
    let (_, record) = s.login_account(&u.login_id, OWNER).await.unwrap().unwrap();
    assert!(record.is_familiar(NOW));
    for _ in 0..4 {
        assert!(!fail(s, &u, OWNER, NOW).await, "the count started over with the login");
    }
});

on_every_backend!(account_failures_add_up_across_addresses_and_are_forgotten_after_an_hour, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let u = user(s, inst.id, "nurse", Role::Editor).await;
    for i in 0..3 {
        fail(s, &u, &format!("203.0.113.{i}"), NOW.plus_minutes(i * 30)).await;
    }
    let after = s.user(inst.id, u.id).await.unwrap().unwrap();
    assert_eq!(after.recent_failures(NOW.plus_minutes(60)), 3);
    assert_eq!(after.recent_failures(NOW.plus_minutes(121)), 0);
    fail(s, &u, "203.0.113.9", NOW.plus_minutes(121)).await;
    assert_eq!(s.user(inst.id, u.id).await.unwrap().unwrap().failed_logins, 1, "the count started over");
});

on_every_backend!(parallel_guesses_get_one_turn_per_wait, |db| {
    let store = std::sync::Arc::new(db.store.clone());
    let (inst, _) = institution(&store, "a").await;
    let u = user(&store, inst.id, "target", Role::Editor).await;
    let next = NOW.plus_millis(1_000);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (s, u) = (std::sync::Arc::clone(&store), u.clone());
            tokio::spawn(async move { s.claim_login_turn(&u, NOW, next).await })
        })
        .collect();
    let mut turns = 0;
    for t in tasks {
        turns += usize::from(t.await.unwrap().unwrap());
    }
    assert_eq!(turns, 1);
    assert!(!store.claim_login_turn(&u, NOW.plus_millis(999), next).await.unwrap());
    assert!(store.claim_login_turn(&u, next, next.plus_millis(2_000)).await.unwrap());
    let reset =
        UserChange { display_name: u.display_name.clone(), role: u.role, disabled: false, unlock: true };
    store.update_user(inst.id, u.id, &reset, &actor(), next).await.unwrap();
    assert!(
        store.claim_login_turn(&u, next, next.plus_millis(1_000)).await.unwrap(),
        "an unlock ends the wait"
    );
});

on_every_backend!(old_addresses_are_forgotten, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let u = user(s, inst.id, "nurse", Role::Editor).await;
    fail(s, &u, ATTACKER, NOW).await;
    assert!(s.record_login(&u, OWNER, &session("t"), &from(OWNER), NOW).await.unwrap());
    assert_eq!(s.forget_stale_login_attempts(NOW.plus_minutes(60)).await.unwrap(), 0);
    assert_eq!(s.forget_stale_login_attempts(NOW.plus_minutes(2 * 24 * 60)).await.unwrap(), 1);
    let (_, owner) = s.login_account(&u.login_id, OWNER).await.unwrap().unwrap();
    assert!(owner.is_familiar(NOW.plus_minutes(2 * 24 * 60)), "a familiar address is kept");
    assert_eq!(s.forget_stale_login_attempts(NOW.plus_minutes(91 * 24 * 60)).await.unwrap(), 1);
});
