//! The navigation fits one row on a 1366×768 screen (the common hospital PC) for every role,
//! on a group server where 集計 is in it too, and 研修 is reachable from it.
use crate::browser::{browser_available, fill, screenshot, start_browser};
use crate::harness::*;
use fantoccini::Locator;

/// The top offset of each top-level navigation item, and whether 研修 and 集計 are linked.
const MEASURE: &str = "const nav = document.querySelector('.mainnav');
  return [[...nav.children].map(e => e.offsetTop),
          !!nav.querySelector('a[href=\"/training\"]'), !!nav.querySelector('a[href=\"/aggregate\"]')];";

#[tokio::test]
async fn the_navigation_is_one_row_at_1366_pixels_for_every_role() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["demo", "--server-kind", "group"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;
    c.set_window_size(1366, 768).await.unwrap();
    for login in ["demo-admin", "demo-editor", "demo-director", "demo-auditor"] {
        c.goto(&server.url("/login")).await.unwrap();
        fill(&c, "#login_id", login).await;
        fill(&c, "#password", iryosec_app::demo::DEMO_PASSWORD).await;
        c.find(Locator::Css("#login-submit")).await.unwrap().click().await.unwrap();
        c.wait().for_element(Locator::Css("#card-start")).await.unwrap();
        let measured = c.execute(MEASURE, vec![]).await.unwrap();
        let tops: Vec<i64> = measured[0].as_array().unwrap().iter().map(|t| t.as_i64().unwrap()).collect();
        assert!(tops.len() >= 5, "{login}: {tops:?}");
        assert!(tops.iter().all(|t| *t == tops[0]), "{login}: the navigation wraps: {tops:?}");
        assert_eq!(measured[1], true, "{login}: 研修 is in the navigation");
        let editor = matches!(login, "demo-admin" | "demo-editor");
        assert_eq!(measured[2], editor, "{login}: 集計 on a group server, for those who may use it");
        screenshot(&c, &format!("nav-1366-{login}")).await;
        c.find(Locator::Css("#logout")).await.unwrap().click().await.unwrap();
        c.wait().for_element(Locator::Css("#login-submit")).await.unwrap();
    }
    c.close().await.unwrap();
}

#[tokio::test]
async fn an_institutions_server_has_no_aggregation_in_its_navigation() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["demo"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;
    c.set_window_size(1366, 768).await.unwrap();
    c.goto(&server.url("/login")).await.unwrap();
    fill(&c, "#login_id", "demo-admin").await;
    fill(&c, "#password", iryosec_app::demo::DEMO_PASSWORD).await;
    c.find(Locator::Css("#login-submit")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#card-start")).await.unwrap();
    let measured = c.execute(MEASURE, vec![]).await.unwrap();
    assert_eq!(measured[2], false, "集計 belongs to group and prefecture servers");
    // The groups open on a click and lead to their pages.
    c.find(Locator::Css("#nav-response summary")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("#nav-response a[href='/training']")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("main h1")).await.unwrap();
    assert!(c.current_url().await.unwrap().path().ends_with("/training"));
    c.close().await.unwrap();
}
