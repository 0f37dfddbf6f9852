//! Setup, login, lockout, throttling, sessions and their cookies.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_app::SessionPolicy;
use iryosec_core::Clock;
use iryosec_core::role::Role;
use iryosec_store::AuditFilter;
use iryosec_web::{SecureCookies, WebConfig};

#[tokio::test]
async fn first_run_setup_reports_problems_in_japanese_then_registers() {
    let t = fresh().await;
    let mut c = Client::default();
    let page = c.get(&t, "/setup").await;
    assert!(
        page.body.contains("初期設定") && page.body.contains("歯科診療所") && page.body.contains("沖縄県")
    );
    let bad = c
        .post_form(
            &t,
            "/setup",
            "/setup",
            &[
                ("name", "さくら"),
                ("kind", "hospital"),
                ("prefecture", "13"),
                ("beds", "5"),
                ("login_id", "admin"),
                ("password", "short"),
                ("password_confirm", "short"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("病院は20床以上です"), "{}", bad.body);
    assert!(bad.body.contains("パスワードは12文字以上にしてください"));
    assert!(bad.body.contains("value=\"さくら\""), "typed values are kept");
    assert!(!t.app.is_set_up().await.unwrap());

    let good = c
        .post_form(
            &t,
            "/setup",
            "/setup",
            &[
                ("name", "さくら記念病院"),
                ("kind", "hospital"),
                ("prefecture", "13"),
                ("beds", "120"),
                ("login_id", "admin"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!((good.status, good.location()), (StatusCode::SEE_OTHER, "/?notice=setup.done"));
    let home = c.get(&t, "/?notice=setup.done").await;
    assert_eq!(home.status, StatusCode::OK, "the new administrator is logged in, not sent to the login page");
    assert!(
        home.body.contains("さくら記念病院") && home.body.contains("登録した管理者としてログインしています")
    );
    let start = home.body.split("id=\"card-start\"").nth(1).unwrap().split("</ol>").next().unwrap();
    assert!(
        start.contains("<a href=\"/ledger\">情報機器台帳を作る"),
        "the start list begins at the ledger: {start}"
    );
    assert_eq!(start.matches("未着手").count(), 4, "nothing is ticked on a new install: {start}");
    assert_eq!(c.get(&t, "/setup").await.status, StatusCode::SEE_OTHER);
    let audit = c.get(&t, "/audit").await.body;
    assert!(
        audit.contains("<td>ログイン</td>") || audit.contains(">ログイン<"),
        "the login is audited: {audit}"
    );
}

const LOCKED: &str = "この接続元からは15分間受け付けません";
const SLOWED: &str = "1分ほど待ってからやり直してください";

/// A client connecting from `ip`.
fn at(ip: &str) -> Client {
    Client { peer: Some(format!("{ip}:50000").parse().unwrap()), ..Client::default() }
}

#[tokio::test]
async fn login_failures_say_little_lock_the_address_after_five_and_are_audited() {
    let t = ready().await;
    let mut c = at("198.51.100.7");
    let unknown = c.login(&t, "nobody", PASSWORD).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(unknown.body.contains("ログインIDまたはパスワードが違います"));
    for _ in 0..4 {
        let wrong = c.login(&t, "editor", "wrong-password-1").await;
        assert!(wrong.body.contains("ログインIDまたはパスワードが違います"));
    }
    let fifth = c.login(&t, "editor", "wrong-password-1").await;
    assert!(fifth.body.contains(LOCKED), "{}", fifth.body);
    let right = c.login(&t, "editor", PASSWORD).await;
    assert!(right.body.contains(LOCKED), "the right password does not open a locked address");
    let inst = t.users[&Role::Editor].institution_id;
    let locked = AuditFilter { action: Some("account.locked".into()), ..Default::default() };
    assert_eq!(t.app.audit_entries(inst, &locked, 5, 0).await.unwrap().1, 1);
    t.clock.advance_minutes(15);
    assert_eq!(c.login(&t, "editor", PASSWORD).await.location(), "/");
}

#[tokio::test]
async fn a_guesser_at_one_address_does_not_lock_the_owner_out_elsewhere() {
    let t = ready().await;
    let mut attacker = at("198.51.100.7");
    for _ in 0..6 {
        attacker.login(&t, "admin", "wrong-password-1").await;
    }
    assert!(attacker.login(&t, "admin", PASSWORD).await.body.contains(LOCKED));
    let mut owner = at("10.1.2.3");
    assert_eq!(owner.login(&t, "admin", PASSWORD).await.location(), "/", "the owner elsewhere logs in");
    let users = owner.get(&t, "/users").await;
    assert!(users.body.contains("ロック中（一部の接続元）"), "the administrator sees the lock");
}

/// The answers to a run of wrong passwords for `login` from one address each, then from one more.
async fn answers_to_guessing(t: &TestApp, login: &str, addresses: usize) -> Vec<(StatusCode, &'static str)> {
    let mut seen = Vec::new();
    for i in 0..addresses {
        let mut c = at(&format!("203.0.113.{i}"));
        let reply = c.login(t, login, "wrong-password-1").await;
        let said = [(LOCKED, "locked"), (SLOWED, "slowed"), ("パスワードが違います", "failed")]
            .into_iter()
            .find(|(text, _)| reply.body.contains(text))
            .map_or("other", |(_, name)| name);
        seen.push((reply.status, said));
    }
    seen
}

#[tokio::test]
async fn guessing_from_many_addresses_is_slowed_alike_for_real_and_unknown_ids() {
    let t = ready().await;
    let real = answers_to_guessing(&t, "editor", 12).await;
    let unknown = answers_to_guessing(&t, "nobody", 12).await;
    assert_eq!(real, unknown, "nothing tells which ids exist");
    let failed = (StatusCode::UNAUTHORIZED, "failed");
    let mut expected = vec![failed; 11];
    expected.push((StatusCode::TOO_MANY_REQUESTS, "slowed"));
    assert_eq!(real, expected, "the eleventh guess takes the turn, the twelfth waits");
    t.clock.set(t.clock.now().plus_millis(2_000));
    assert_eq!(answers_to_guessing(&t, "editor", 1).await, vec![failed], "after the wait, one more turn");
}

#[tokio::test]
async fn the_owner_is_not_slowed_at_an_address_they_logged_in_from() {
    let t = ready().await;
    let mut owner = at("10.1.2.3");
    assert_eq!(owner.login(&t, "editor", PASSWORD).await.location(), "/");
    answers_to_guessing(&t, "editor", 12).await;
    let mut owner = at("10.1.2.3");
    assert_eq!(owner.login(&t, "editor", PASSWORD).await.location(), "/");
    let mut elsewhere = at("10.9.9.9");
    assert!(elsewhere.login(&t, "editor", PASSWORD).await.body.contains(SLOWED), "slowed, not locked");
    t.clock.set(t.clock.now().plus_millis(60_000));
    assert_eq!(elsewhere.login(&t, "editor", PASSWORD).await.location(), "/");
}

#[tokio::test]
async fn too_many_failures_from_one_address_are_throttled() {
    let t = ready().await;
    let mut c = Client::default();
    let mut last = StatusCode::OK;
    for i in 0..21 {
        last = c.login(&t, &format!("guess{i}"), "wrong-password-1").await.status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    let blocked = c.login(&t, "admin", PASSWORD).await;
    assert!(blocked.body.contains("短時間にログインの試行が多すぎます"));
}

#[tokio::test]
async fn logins_that_succeed_never_throttle_an_address() {
    let t = ready().await;
    for _ in 0..30 {
        let mut c = Client::default();
        assert_eq!(c.login(&t, "viewer", PASSWORD).await.location(), "/", "a whole ward behind one NAT");
    }
}

#[tokio::test]
async fn session_cookies_are_http_only_strict_and_secure_when_configured() {
    let t = ready().await;
    let mut c = Client::default();
    let reply = c.login(&t, "admin", PASSWORD).await;
    let cookie = reply.set_cookies().into_iter().find(|c| c.starts_with("iryosec_session=")).unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"));
    let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    // The database keeps only a hash of the token.
    assert!(iryosec_store::SessionStore::session(&t.db, token).await.unwrap().is_none());

    let secure = app_with(WebConfig { secure_cookies: SecureCookies::Always, ..WebConfig::default() }).await;
    let mut c = Client::default();
    let page = c.get(&secure, "/setup").await;
    let csrf_cookie = page.set_cookies().into_iter().find(|c| c.contains("iryosec_csrf")).unwrap();
    assert!(csrf_cookie.starts_with("__Host-iryosec_csrf=") && csrf_cookie.contains("; Secure"));
}

#[tokio::test]
async fn logout_ends_the_session() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Viewer).await;
    let csrf = c.get(&t, "/").await.csrf();
    let out = c.send(&t, axum::http::Method::POST, "/logout", &[("csrf", &csrf)]).await;
    assert_eq!(out.location(), "/login?notice=login.logged_out");
    assert!(c.get(&t, "/login?notice=login.logged_out").await.body.contains("ログアウトしました"));
    assert_eq!(c.get(&t, "/").await.location(), "/login");
}

#[tokio::test]
async fn an_idle_session_ends_and_says_why() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Viewer).await;
    t.clock.advance_minutes(31);
    let reply = c.get(&t, "/").await;
    assert_eq!(reply.location(), "/login?notice=login.session_expired");
    assert!(
        reply.set_cookies().iter().all(|c| !c.starts_with("iryosec_session=")),
        "the cookie stays until the next login, so a form sent later is known to be its person's"
    );
    assert_eq!(c.get(&t, "/").await.location(), "/login?notice=login.session_expired");
}

#[tokio::test]
async fn an_active_person_outlives_a_short_idle_timeout() {
    let t = ready_with(SessionPolicy { idle_minutes: 1, max_hours: 12 }).await;
    let mut c = logged_in(&t, Role::Viewer).await;
    for step in 0..10 {
        t.clock.set(t.clock.now().plus_millis(50_000));
        assert_eq!(c.get(&t, "/").await.status, StatusCode::OK, "still logged in after {step} clicks");
    }
    t.clock.set(t.clock.now().plus_millis(61_000));
    assert_eq!(c.get(&t, "/").await.location(), "/login?notice=login.session_expired");
}
