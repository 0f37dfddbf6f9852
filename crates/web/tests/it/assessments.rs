//! The self-assessment pages: start, answer, overview, print.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::role::Role;

async fn started(t: &TestApp, c: &mut Client, year: &str, edition: &str, carry: &str) -> String {
    let reply = c
        .post_form(
            t,
            "/assessments",
            "/assessments",
            &[("fiscal_year", year), ("edition_id", edition), ("carry_from", carry)],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.location().split('?').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_year_is_started_answered_and_printed() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let list = c.get(&t, "/assessments").await;
    assert!(list.body.contains("まだ自己点検がありません"));
    assert!(
        list.body.contains("value=\"mhlw-checklist-r7-hospital\" selected"),
        "the edition in force is proposed"
    );
    let base = started(&t, &mut c, "2025", "mhlw-checklist-r7-hospital", "").await;

    let item = format!("{base}/items/access.logs");
    let bad =
        c.post_form(&t, &item, &item, &[("server.value", "no"), ("server.confirmed_1", "2025-05-01")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("「いいえ」の項目には目標日を入れてください"), "{}", bad.body);
    let outside = c
        .post_form(
            &t,
            &item,
            &item,
            &[("server.value", "no"), ("server.confirmed_1", "2025-05-01"), ("server.target", "2026-04-01")],
        )
        .await;
    assert!(outside.body.contains("目標日はこの年度の中（2025-04-01〜2026-03-31）にしてください"));
    let future =
        c.post_form(&t, &item, &item, &[("server.value", "yes"), ("server.confirmed_1", "2025-05-17")]).await;
    assert!(future.body.contains("未来の日付"));
    let ok = c
        .post_form(
            &t,
            &item,
            &item,
            &[
                ("server.value", "no"),
                ("server.confirmed_1", "2025-05-01"),
                ("server.target", "2026-03-31"),
                ("server.note", "ログ保管装置を導入予定"),
                ("go", "next"),
            ],
        )
        .await;
    assert_eq!(ok.location(), format!("{base}/items/hardening.stop_unneeded_services"));

    let overview = c.get(&t, &base).await;
    assert!(overview.body.contains("はい 0・いいえ 1"), "{}", overview.body);
    assert!(overview.body.contains("令和8年3月31日") && overview.body.contains("ログ保管装置を導入予定"));
    let print = c.get(&t, &format!("{base}/print")).await;
    assert!(print.body.contains("<td id=\"print-institution\">さくら記念病院</td>"));
    assert!(print.body.contains("アクセスログを管理している。") && print.body.contains("いいえ"));
    assert!(!print.body.contains("class=\"topbar\""), "the print copy has no navigation");
}

#[tokio::test]
async fn answering_no_to_the_preliminary_question_marks_the_rest_not_applicable() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let base = started(&t, &mut c, "2025", "mhlw-checklist-r7-pharmacy", "").await;
    let gate = format!("{base}/items/system.in_use");
    c.post_form(&t, &gate, &gate, &[("item.value", "no"), ("item.confirmed_1", "2025-05-01")]).await;
    let overview = c.get(&t, &base).await;
    assert!(overview.body.contains("医療情報システムを導入・運用していないため対象外"));
    assert!(overview.body.contains("すべての項目に回答済みです"), "{}", overview.body);
    let ledger = c.get(&t, &format!("{base}/items/assets.ledger")).await;
    assert!(ledger.body.contains("id=\"na-reason\""));
    assert!(!ledger.body.contains("id=\"save-next\""), "nothing to answer");
}

#[tokio::test]
async fn last_years_answers_come_back_as_drafts() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let first = started(&t, &mut c, "2024", "mhlw-checklist-r6-hospital", "").await;
    let officer = format!("{first}/items/governance.security_officer");
    c.post_form(&t, &officer, &officer, &[("item.value", "yes"), ("item.confirmed_1", "2024-06-03")]).await;
    let id = first.rsplit('/').next().unwrap().to_owned();
    let second = started(&t, &mut c, "2025", "mhlw-checklist-r7-hospital", &id).await;
    let overview = c.get(&t, &second).await;
    assert!(overview.body.contains("はい（下書き）"), "{}", overview.body);
    assert!(overview.body.contains("前年度から引き継いだ未確認の回答が 1 件あります"));
    assert!(overview.body.contains("新規"), "new R7 items are marked");
    let item = c.get(&t, &format!("{second}/items/governance.security_officer")).await;
    assert!(item.body.contains("前年度から引き継いだ回答です"));
}

#[tokio::test]
async fn viewers_read_but_cannot_answer() {
    let t = ready().await;
    let mut editor = logged_in(&t, Role::Editor).await;
    let base = started(&t, &mut editor, "2025", "mhlw-checklist-r7-hospital", "").await;
    let mut viewer = logged_in(&t, Role::Viewer).await;
    let page = viewer.get(&t, &format!("{base}/items/assets.ledger")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("disabled") && !page.body.contains("id=\"save-next\""));
    let csrf = page.csrf();
    let post = viewer
        .send(
            &t,
            axum::http::Method::POST,
            &format!("{base}/items/assets.ledger"),
            &[("csrf", &csrf), ("general.value", "yes")],
        )
        .await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    assert_eq!(viewer.get(&t, "/assessments/99999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(viewer.get(&t, &format!("{base}/items/no.such.item")).await.status, StatusCode::NOT_FOUND);
}
