//! Setup, login, lockout, throttling, sessions and their cookies.
use crate::harness::*;
use axum::http::StatusCode;
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
    assert_eq!((good.status, good.location()), (StatusCode::SEE_OTHER, "/login?notice=setup.done"));
    assert!(c.get(&t, "/setup").await.location().starts_with("/login"));
    let home = c.login(&t, "admin", PASSWORD).await;
    assert_eq!(home.location(), "/");
    assert!(c.get(&t, "/").await.body.contains("さくら記念病院"));
}

#[tokio::test]
async fn login_failures_say_little_lock_after_five_and_are_audited() {
    let t = ready().await;
    let mut c = Client::default();
    let unknown = c.login(&t, "nobody", PASSWORD).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert!(unknown.body.contains("ログインIDまたはパスワードが違います"));
    for _ in 0..4 {
        let wrong = c.login(&t, "editor", "wrong-password-1").await;
        assert!(wrong.body.contains("ログインIDまたはパスワードが違います"));
    }
    let fifth = c.login(&t, "editor", "wrong-password-1").await;
    assert!(fifth.body.contains("一時的にロックされています"), "{}", fifth.body);
    let right = c.login(&t, "editor", PASSWORD).await;
    assert!(right.body.contains("一時的にロックされています"));
    let inst = t.users[&Role::Editor].institution_id;
    let locked = AuditFilter { action: Some("account.locked".into()), ..Default::default() };
    assert_eq!(t.app.store.audit_entries(inst, &locked, 5, 0).await.unwrap().1, 1);
    t.clock.advance_minutes(15);
    assert_eq!(c.login(&t, "editor", PASSWORD).await.location(), "/");
}

#[tokio::test]
async fn too_many_attempts_from_one_address_are_throttled() {
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
async fn session_cookies_are_http_only_strict_and_secure_when_configured() {
    let t = ready().await;
    let mut c = Client::default();
    let reply = c.login(&t, "admin", PASSWORD).await;
    let cookie = reply.set_cookies().into_iter().find(|c| c.starts_with("iryosec_session=")).unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && !cookie.contains("Secure"));
    let token = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    // The database keeps only a hash of the token.
    assert!(t.app.store.session(token).await.unwrap().is_none());

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
        reply.set_cookies().iter().any(|c| c.starts_with("iryosec_session=;") && c.contains("Max-Age=0"))
    );
}
