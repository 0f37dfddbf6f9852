//! The shell around every page: error pages, languages, headers, assets, i18n keys.
use crate::harness::*;
use axum::http::{Method, StatusCode};
use iryosec_core::role::Role;
use iryosec_i18n::{Lang, catalog};

#[tokio::test]
async fn error_pages_speak_the_users_language_and_show_the_request_id() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Admin).await;
    let reply = c.get(&t, "/no/such/page").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("ページが見つかりません"));
    let id = reply.headers.get("x-request-id").unwrap().to_str().unwrap().to_owned();
    assert!(reply.body.contains(&format!("<code id=\"request-id\">{id}</code>")));
    assert!(!reply.body.contains("panicked") && !reply.body.contains("src/"));

    let csrf = c.get(&t, "/account").await.csrf();
    c.send(
        &t,
        Method::POST,
        "/account/preferences",
        &[("csrf", &csrf), ("lang", "en"), ("date_style", "western")],
    )
    .await;
    let english = c.get(&t, "/no/such/page").await;
    assert!(english.body.contains("Page not found") && english.body.contains("Request id"));
    let wrong_method = c.send(&t, Method::PUT, "/institution", &[("csrf", &csrf)]).await;
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(wrong_method.body.contains("Not available this way"));
}

#[tokio::test]
async fn a_person_switches_language_and_date_style() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Admin).await;
    let ja = c.get(&t, "/institution").await;
    assert!(ja.body.contains("<html lang=\"ja\">") && ja.body.contains("医療機関情報"));
    assert!(ja.body.contains("令和7年5月16日"), "dates are 和暦 by default");
    let csrf = c.get(&t, "/account").await.csrf();
    let saved = c
        .send(
            &t,
            Method::POST,
            "/account/preferences",
            &[("csrf", &csrf), ("lang", "en"), ("date_style", "western")],
        )
        .await;
    assert_eq!(saved.location(), "/account?notice=account.preferences_saved");
    let en = c.get(&t, "/institution").await;
    assert!(en.body.contains("<html lang=\"en\">") && en.body.contains("Institution"));
    assert!(en.body.contains("2025-05-16") && !en.body.contains("令和7年"));
    let bad = c
        .send(
            &t,
            Method::POST,
            "/account/preferences",
            &[("csrf", &csrf), ("lang", "fr"), ("date_style", "x")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Choose one of the options."));
}

#[tokio::test]
async fn the_login_page_switches_language_before_login() {
    let t = ready().await;
    let mut c = Client::default();
    assert!(c.get(&t, "/login").await.body.contains("ログイン"));
    let reply = c.post_form(&t, "/login", "/language", &[("lang", "en"), ("back", "/login")]).await;
    assert_eq!(reply.location(), "/login");
    let en = c.get(&t, "/login").await;
    assert!(en.body.contains("Log in") && en.body.contains("日本語"));
    // Only our own pages are valid places to go back to.
    let away =
        c.post_form(&t, "/login", "/language", &[("lang", "ja"), ("back", "https://example.com/")]).await;
    assert_eq!(away.location(), "/login");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let t = ready().await;
    let mut c = Client::default();
    for path in ["/login", "/nope", "/healthz"] {
        let reply = c.get(&t, path).await;
        let h = &reply.headers;
        assert!(
            h.get("content-security-policy").unwrap().to_str().unwrap().contains("default-src 'self'"),
            "{path}"
        );
        assert_eq!(h.get("x-frame-options").unwrap(), "DENY");
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff");
        assert!(h.get("x-request-id").is_some());
    }
    assert_eq!(c.get(&t, "/login").await.headers.get("cache-control").unwrap(), "no-store");
}

#[tokio::test]
async fn assets_are_embedded_hashed_and_cached_for_good() {
    let t = ready().await;
    let mut c = Client::default();
    let page = c.get(&t, "/login").await;
    let css = page.body.split("href=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    assert!(css.starts_with("/assets/app.") && css.ends_with(".css"), "{css}");
    let reply = c.get(&t, &css).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.headers.get("cache-control").unwrap().to_str().unwrap().contains("immutable"));
    assert!(reply.body.contains("@page { size: A4"));
    assert_eq!(c.get(&t, "/assets/evil.js").await.status, StatusCode::NOT_FOUND);
}

/// Every `t("…")` key used in a template exists in both catalogs, and no page points at
/// anything outside the binary.
#[test]
fn templates_use_only_known_keys_and_no_outside_urls() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut keys = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        assert!(!text.contains("http://") && !text.contains("https://") && !text.contains("//cdn"));
        for call in [".t(\"", ".t1(\"", ".t2(\""] {
            for piece in text.split(call).skip(1) {
                keys.push(piece.split('"').next().unwrap().to_owned());
            }
        }
    }
    assert!(keys.len() > 80, "found only {} keys", keys.len());
    for key in keys {
        for lang in Lang::ALL {
            assert!(catalog(lang).contains_key(&key), "{key} missing in {}", lang.code());
        }
    }
}

#[tokio::test]
async fn the_setup_page_switches_language_too() {
    let t = fresh().await;
    let mut c = Client::default();
    let reply = c.post_form(&t, "/setup", "/language", &[("lang", "en"), ("back", "/setup")]).await;
    assert_eq!(reply.location(), "/setup");
    assert!(c.get(&t, "/setup").await.body.contains("First-time setup"));
}

#[tokio::test]
async fn absurd_page_numbers_are_harmless() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Auditor).await;
    let reply = c.get(&t, "/audit?page=9223372036854775807").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.body.contains("条件に合う記録はありません"));
}
