//! What a person typed survives the idle logout: the form is kept for them, comes back filled in
//! after they log in again, and is saved only when they send it with the new page's token.
use crate::harness::*;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use iryosec_core::role::Role;

const PAGE: &str = "/institution/edit";

/// Sends the institution form from its page, as a browser does (with the page as `Referer`).
async fn send_from_page(t: &TestApp, c: &mut Client, csrf: &str, name: &str) -> Reply {
    let fields = [
        ("csrf", csrf),
        ("name", name),
        ("kind", "hospital"),
        ("prefecture", "27"),
        ("beds", "150"),
        ("medical_code", ""),
    ];
    let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(fields).finish();
    let req = Request::builder()
        .method(Method::POST)
        .uri(PAGE)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::REFERER, "http://localhost/institution/edit?notice=institution.saved")
        .body(Body::from(body))
        .unwrap();
    c.request(t, req).await
}

/// A person opens the form, walks away past the idle timeout, types and saves.
async fn typed_after_the_timeout(t: &TestApp, role: Role) -> Client {
    let mut c = logged_in(t, role).await;
    let csrf = c.get(t, PAGE).await.csrf();
    t.clock.advance_minutes(31);
    let late = send_from_page(t, &mut c, &csrf, "さくら記念病院 新館").await;
    assert_eq!(late.location(), "/login?notice=login.session_expired");
    assert!(late.set_cookies().iter().any(|c| c.starts_with("iryosec_kept=")), "the form is kept");
    c
}

#[tokio::test]
async fn a_form_sent_after_the_idle_logout_comes_back_filled_in_after_login() {
    let t = ready().await;
    let mut c = typed_after_the_timeout(&t, Role::Admin).await;
    let login = c.get(&t, "/login?notice=login.session_expired").await;
    assert!(login.body.contains("入力内容は保存されています。パスワードを入力すると続きを保存できます"));
    let old_token = login.csrf();

    let back = c.login(&t, "admin", PASSWORD).await;
    assert_eq!(back.location(), PAGE, "back to the page the form was on, without its old notice");
    let page = c.get(&t, PAGE).await;
    assert!(page.body.contains("この内容はまだ保存されていません"), "{}", page.body);
    assert!(page.body.contains(r#"value="さくら記念病院 新館""#));
    assert!(page.body.contains(r#"<option value="27" selected>"#) && page.body.contains(r#"value="150""#));
    assert_ne!(page.csrf(), old_token);
    let shown = c.get(&t, "/institution").await;
    assert!(!shown.body.contains("新館"), "nothing was saved on its own");

    let saved = send_from_page(&t, &mut c, &page.csrf(), "さくら記念病院 新館").await;
    assert_eq!(saved.location(), "/institution?notice=institution.saved");
    assert!(c.get(&t, "/institution").await.body.contains("さくら記念病院 新館"));
    assert!(!c.get(&t, PAGE).await.body.contains("まだ保存されていません"), "shown back once");
}

#[tokio::test]
async fn a_kept_form_is_never_shown_to_another_person() {
    let t = ready().await;
    let mut c = typed_after_the_timeout(&t, Role::Admin).await;
    let other = c.login(&t, "editor", PASSWORD).await;
    assert_eq!(other.location(), "/");
    let page = c.get(&t, PAGE).await;
    assert!(!page.body.contains("新館") && !page.body.contains("まだ保存されていません"));
    c.send(&t, Method::POST, "/logout", &[("csrf", &page.csrf())]).await;
    assert_eq!(c.login(&t, "admin", PASSWORD).await.location(), "/", "and it is gone for its owner too");
    assert!(!c.get(&t, PAGE).await.body.contains("新館"));
}

#[tokio::test]
async fn only_a_form_of_the_expired_session_s_own_pages_is_kept() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Admin).await;
    t.clock.advance_minutes(31);
    let forged = send_from_page(&t, &mut c, "not-the-page-token", "乗っ取り病院").await;
    assert_eq!(forged.location(), "/login?notice=login.session_expired");
    assert!(forged.set_cookies().iter().all(|c| !c.starts_with("iryosec_kept=")));
    assert!(!c.get(&t, "/login").await.body.contains("入力内容は保存されています"));
}

#[tokio::test]
async fn an_upload_after_the_idle_logout_is_not_kept_and_the_login_page_says_so() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Admin).await;
    let csrf = c.get(&t, "/ledger/import").await.csrf();
    t.clock.advance_minutes(31);
    let late = c.upload(&t, "/ledger/import", &csrf, "台帳.csv", b"name\nPC-1\n").await;
    assert_eq!(late.location(), "/login?notice=login.upload_not_kept");
    let login = c.get(&t, late.location()).await;
    assert!(login.body.contains("送信したファイルは受け取っていません"), "{}", login.body);
}

#[tokio::test]
async fn a_page_that_outlived_its_session_gives_its_form_back_to_the_same_person() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Admin).await;
    let stale = c.get(&t, PAGE).await.csrf();
    let csrf = c.get(&t, "/").await.csrf();
    c.send(&t, Method::POST, "/logout", &[("csrf", &csrf)]).await;
    c.login(&t, "admin", PASSWORD).await;
    let refused = send_from_page(&t, &mut c, &stale, "さくら記念病院 本館").await;
    assert_eq!((refused.status, refused.location()), (StatusCode::SEE_OTHER, PAGE));
    let page = c.get(&t, PAGE).await;
    assert!(
        page.body.contains(r#"value="さくら記念病院 本館""#) && page.body.contains("まだ保存されていません")
    );
    assert!(!c.get(&t, "/institution").await.body.contains("本館"));
}

#[tokio::test]
async fn pages_warn_before_the_idle_logout_and_typing_keeps_the_session() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Viewer).await;
    let home = c.get(&t, "/").await;
    assert!(home.body.contains(r#"data-session-left="1800""#));
    assert!(home.body.contains("まもなく自動的にログアウトします") && home.body.contains("ログインを続ける"));
    let csrf = home.csrf();
    t.clock.advance_minutes(20);
    let keep_alive = |token: &str| {
        Request::builder()
            .method(Method::POST)
            .uri("/session/keep-alive")
            .header("x-csrf-token", token)
            .body(Body::empty())
            .unwrap()
    };
    let kept = c.request(&t, keep_alive(&csrf)).await;
    assert_eq!((kept.status, kept.body.as_str()), (StatusCode::OK, r#"{"left":1800}"#));
    t.clock.advance_minutes(20);
    assert_eq!(c.get(&t, "/").await.status, StatusCode::OK, "40 minutes on, still logged in");
    assert_eq!(c.request(&t, keep_alive("wrong")).await.status, StatusCode::FORBIDDEN);
}
