//! Role checks in a real browser: the administrator answers the 経営層向け list and issues the
//! year's staff code; three staff answer by code without logging in, and the code opens
//! nothing else; the tally shows the heat map; the director's page is signed off and printed.
use crate::browser::{Visit, fill, log_in_as_admin, screenshot};
use fantoccini::{Client, Locator};

/// Marks every item of the form on the page with one answer, as a person clicking each row.
async fn mark_all(c: &Client, mark: &str) {
    for radio in c.find_all(Locator::Css(&format!("input[type=radio][value={mark}]"))).await.unwrap() {
        radio.click().await.unwrap();
    }
}

async fn staff_answer(c: &Client, check_url: &str, code: &str, department: &str, job_role: &str) {
    c.goto(check_url).await.unwrap();
    fill(c, "#code", code).await;
    c.find(Locator::Css("#open-check")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#staff-items")).await.unwrap();
    c.find(Locator::Css("#department")).await.unwrap().select_by_value(department).await.unwrap();
    c.find(Locator::Css("#job_role")).await.unwrap().select_by_value(job_role).await.unwrap();
    mark_all(c, if job_role == "clerical" { "unknown" } else { "yes" }).await;
    c.find(Locator::Css("#send-check")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#check-done")).await.unwrap();
}

#[tokio::test]
async fn the_roles_are_checked_staff_answer_by_code_and_the_director_signs_off() {
    let Some((v, c)) = Visit::as_admin(|_| {}).await else { return };

    c.goto(&v.url("/roles/executive/answer")).await.unwrap();
    assert!(c.source().await.unwrap().contains("厚生労働省の資料のとおり"));
    mark_all(&c, "no").await;
    c.find(Locator::Css("#save-answers")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#role-lists")).await.unwrap();
    assert!(c.source().await.unwrap().contains("回答を保存しました。"));

    c.goto(&v.url("/roles/codes")).await.unwrap();
    fill(&c, "#label", "全職員").await;
    fill(&c, "#departments", "外来\n病棟").await;
    c.find(Locator::Css("#issue-code")).await.unwrap().click().await.unwrap();
    let code = c.wait().for_element(Locator::Css("#issued-code")).await.unwrap().text().await.unwrap();
    assert_eq!(code.len(), 14, "{code}");
    screenshot(&c, "roles-1-handout").await;

    c.find(Locator::Css("#logout")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#login-submit")).await.unwrap();
    for (department, job_role) in [("外来", "nurse"), ("病棟", "nurse"), ("外来", "clerical")] {
        staff_answer(&c, &v.url("/check"), &code, department, job_role).await;
    }
    screenshot(&c, "roles-2-staff-done").await;
    c.goto(&v.url("/roles/tally")).await.unwrap();
    assert!(c.current_url().await.unwrap().path().ends_with("/login"), "the code is no login");

    log_in_as_admin(&c, v.url("/login")).await;
    c.goto(&v.url("/roles/tally")).await.unwrap();
    c.wait().for_element(Locator::Css("#heat-map svg")).await.unwrap();
    let tally = c.source().await.unwrap();
    assert!(tally.contains("回答 3件"), "three staff counted");
    screenshot(&c, "roles-3-tally").await;

    c.find(Locator::Css("#nav-director")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#signoff-form")).await.unwrap();
    fill(&c, "#director_name", "院長 山田").await;
    fill(&c, "#comment", "来年度の予算で対応します").await;
    c.find(Locator::Css("#sign-off")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css(".signoff")).await.unwrap();
    assert!(c.source().await.unwrap().contains("院長 山田 が確認しました"));
    c.find(Locator::Css("#to-print")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css(".director-print")).await.unwrap();
    let print = c.source().await.unwrap();
    assert!(print.contains("来年度の予算で対応します") && print.contains("重大な不足"));
    screenshot(&c, "roles-4-director-print").await;
    c.close().await.unwrap();
}
