//! This year's provisional edition on the pages, and how sure each item's wording is: shown on
//! screen, kept off the inspector's copy but for one footnote.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::Timestamp;
use iryosec_core::role::Role;

/// 2026-12-05 09:00 JST, in 令和8年度.
const R8_DAY: Timestamp = Timestamp(1_796_428_800_000);

async fn start(t: &TestApp, c: &mut Client, year: &str, edition: &str, carry: &str) -> String {
    let form = [("fiscal_year", year), ("edition_id", edition), ("carry_from", carry)];
    let reply = c.post_form(t, "/assessments", "/assessments", &form).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.location().split('?').next().unwrap().to_owned()
}

#[tokio::test]
async fn starting_reiwa_8_proposes_the_provisional_edition_and_says_how_to_make_it_exact() {
    let t = ready().await;
    t.clock.set(R8_DAY);
    let mut c = logged_in(&t, Role::Editor).await;
    let list = c.get(&t, "/assessments").await;
    assert!(list.body.contains("value=\"mhlw-checklist-r8-hospital-pharmacy\" selected"), "{}", list.body);
    let notice = list.body.split("id=\"provisional-notice\"").nth(1).expect("the notice is shown");
    assert!(notice.contains("厚生労働省は令和8年度の版を公表しています（2026-06）"), "{notice}");
    assert!(notice.contains("暫定版") && notice.contains("第7.0版"));
    assert!(notice.contains(
        "href=\"/definitions/drafts/new?from=mhlw-checklist-r8-hospital-pharmacy\" id=\"way-edit\""
    ));
    assert!(notice.contains("id=\"way-workbook\"") && notice.contains("iryosec definitions import FILE"));
    assert!(
        !list.body.contains("value=\"mhlw-checklist-r7-pharmacy\""),
        "a hospital is not offered the pharmacy sheet"
    );
    assert!(!list.body.contains("value=\"mhlw-checklist-r8-vendor\""));

    let definition = c.get(&t, "/definitions/mhlw-checklist-r8-hospital-pharmacy").await;
    assert!(definition.body.contains("id=\"provisional-notice\""), "the edition page says it too");
    let definitions = c.get(&t, "/definitions").await;
    assert!(definitions.body.contains("<span class=\"tag warn\">暫定版</span>"));

    let base = start(&t, &mut c, "2026", "mhlw-checklist-r8-hospital-pharmacy", "").await;
    let overview = c.get(&t, &base).await;
    assert!(overview.body.contains("id=\"provisional-notice\""), "the assessment says it too");
    let item = c.get(&t, &format!("{base}/items/auth.two_factor")).await;
    assert!(
        item.body.contains("data-verification=\"inferred\">文言の確認: <span class=\"warn\">文言は推定（原文と未照合）</span>"),
        "{}",
        item.body
    );
    assert!(item.body.contains("推定で、厚生労働省の原文と照合していません"), "{}", item.body);
    assert!(
        item.body.contains("判断の基準: 医療情報システムの安全管理に関するガイドライン 第7.0版"),
        "{}",
        item.body
    );
}

#[tokio::test]
async fn the_inspectors_copy_has_no_badges_and_one_footnote_naming_the_unchecked_items() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let base = start(&t, &mut c, "2025", "mhlw-checklist-r7-hospital", "").await;
    let overview = c.get(&t, &base).await;
    assert!(overview.body.contains("data-verification=\"draft\""), "the screen shows how sure each item is");
    let print = c.get(&t, &format!("{base}/print")).await;
    assert!(!print.body.contains("data-verification"), "no badges on paper");
    assert!(!print.body.contains("class=\"tag"), "no tags on paper");
    let footnote = print
        .body
        .split("id=\"print-footnote\">")
        .nth(1)
        .expect("one footnote")
        .split("</p>")
        .next()
        .unwrap();
    assert!(footnote.starts_with("※ 次の項目は、厚生労働省の最終版の様式と照合していない"), "{footnote}");
    assert!(footnote.contains("前提、1-①、2-①") && footnote.ends_with("3-④"), "{footnote}");
    assert_eq!(print.body.matches("id=\"print-footnote\"").count(), 1);
}

#[tokio::test]
async fn an_edition_checked_item_by_item_against_the_final_form_prints_clean() {
    let t = ready().await;
    let mut admin = logged_in(&t, Role::Admin).await;
    let mut exact = iryosec_core::catalog::builtin::edition("mhlw-checklist-r7-hospital").unwrap().clone();
    exact.id = "r7-hospital-checked".into();
    for item in &mut exact.items {
        item.verification = iryosec_core::catalog::Verification::Final;
    }
    t.app.import_edition(&exact, "r7.toml", &iryosec_core::audit::Actor::default()).await.unwrap();
    let base = start(&t, &mut admin, "2025", "r7-hospital-checked", "").await;
    let print = admin.get(&t, &format!("{base}/print")).await;
    assert!(!print.body.contains("print-footnote"), "{}", print.body);
}
