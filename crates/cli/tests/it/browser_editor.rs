//! The edition editor in a real browser: the 令和8年度 医療機関・薬局確認用 edition made from the
//! 令和7年度 one, one item reworded, one item checked against the official form, the edition
//! published and a self-assessment started on it, without any script being needed for the forms.
use crate::browser::{browser_available, log_in_as_admin, screenshot, start_browser};
use crate::harness::*;
use fantoccini::{Client, Locator};

async fn click(c: &Client, css: &str) {
    c.find(Locator::Css(css)).await.unwrap().click().await.unwrap();
}

async fn wait_for(c: &Client, css: &str) {
    c.wait().for_element(Locator::Css(css)).await.unwrap();
}

const REWORDED: &str = "医療情報システム安全管理責任者を置き、職員に周知している。";

#[tokio::test]
async fn a_reiwa_8_edition_is_made_from_reiwa_7_checked_published_and_answered_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    assert!(create_admin(dir.path(), &[]).status.success());
    let server = Server::start(dir.path(), &["serve"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;
    log_in_as_admin(&c, server.url("/login")).await;

    c.goto(&server.url("/definitions/mhlw-checklist-r7-hospital")).await.unwrap();
    click(&c, "#draft-from-edition").await;
    wait_for(&c, "#draft-start").await;
    c.find(Locator::Css("input[name='fiscal_year']")).await.unwrap().clear().await.unwrap();
    c.find(Locator::Css("input[name='fiscal_year']")).await.unwrap().send_keys("2026").await.unwrap();
    c.find(Locator::Css("select[name='sheet']"))
        .await
        .unwrap()
        .select_by_value("hospital_pharmacy")
        .await
        .unwrap();
    click(&c, "#draft-create").await;
    wait_for(&c, "#items").await;
    let draft_url = c.current_url().await.unwrap();
    let page = c.source().await.unwrap();
    assert!(page.contains("令和8年度") && page.contains("医療機関・薬局確認用"), "{page}");

    // Item 1 (the first after the preliminary question): reworded on its plain form.
    click(&c, "#item-1 > summary").await;
    let title = c.find(Locator::Css("#item-1 textarea[name='title']")).await.unwrap();
    title.clear().await.unwrap();
    title.send_keys(REWORDED).await.unwrap();
    click(&c, "#item-1 button[name='save']").await;
    wait_for(&c, "#draft-changes").await;
    assert!(c.source().await.unwrap().contains("下書きを保存しました。"));

    // The same item checked against the ministry's official form.
    click(&c, "#item-1 > summary").await;
    click(&c, "#item-1 .check-item").await;
    wait_for(&c, "#items").await;
    let page = c.source().await.unwrap();
    assert!(page.contains("様式の原本と照合済み（"), "{page}");
    screenshot(&c, "editor-draft").await;

    click(&c, "#draft-publish").await;
    wait_for(&c, "#export-toml").await;
    let edition_url = c.current_url().await.unwrap();
    let edition_id = edition_url.path().rsplit('/').next().unwrap().to_owned();
    let page = c.source().await.unwrap();
    assert!(page.contains("版を公開しました。") && page.contains(REWORDED), "{page}");
    assert_ne!(edition_url.path(), draft_url.path());

    c.goto(&server.url("/assessments")).await.unwrap();
    c.find(Locator::Css("#fiscal_year")).await.unwrap().select_by_value("2026").await.unwrap();
    c.find(Locator::Css("#edition_id")).await.unwrap().select_by_value(&edition_id).await.unwrap();
    click(&c, "#start-assessment").await;
    wait_for(&c, "#answer-link").await;
    click(&c, "#answer-link").await;
    wait_for(&c, "#answer-sheet").await;
    let sheet = c.source().await.unwrap();
    assert!(sheet.contains(REWORDED), "the assessment answers the edited edition");
    screenshot(&c, "editor-assessment").await;
    c.close().await.unwrap();
}
