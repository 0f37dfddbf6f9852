//! The inspector's copy: a header on every page, the counts, the いいえ with their 目標日, the
//! answers that differ from the suggestions with the reason given, a box for two signatures,
//! and no identifier a person cannot read.
use crate::harness::*;
use iryosec_core::role::Role;

async fn start(t: &TestApp, c: &mut Client) -> String {
    let form = [("fiscal_year", "2025"), ("edition_id", "mhlw-checklist-r7-hospital"), ("carry_from", "")];
    let reply = c.post_form(t, "/assessments", "/assessments", &form).await;
    reply.location().split('?').next().unwrap().to_owned()
}

async fn answer(t: &TestApp, c: &mut Client, base: &str, key: &str, fields: &[(&str, &str)]) {
    let item = format!("{base}/items/{key}");
    let reply = c.post_form(t, &item, &item, fields).await;
    assert!(reply.status.is_redirection(), "{key}: {}", reply.body);
}

/// The text of the element with this id, up to its end tag.
fn part<'a>(body: &'a str, id: &str, end: &str) -> &'a str {
    let at = &body[body.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"))..];
    &at[..at.find(end).unwrap()]
}

#[tokio::test]
async fn the_copy_carries_the_header_counts_open_items_differences_and_signature_box() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let base = start(&t, &mut c).await;
    answer(&t, &mut c, &base, "system.in_use", &[("item.value", "yes"), ("item.confirmed_1", "2025-05-01")])
        .await;
    let logs =
        [("server.value", "no"), ("server.confirmed_1", "2025-05-01"), ("server.target", "2026-03-31")];
    answer(&t, &mut c, &base, "access.logs", &logs).await;
    // No contacts are registered: the registers suggest いいえ, the person says はい and why.
    let chart = [("item.value", "yes"), ("item.confirmed_1", "2025-05-01")];
    answer(&t, &mut c, &base, "incident.contact_chart", &chart).await;
    let review = format!("{base}/items/incident.contact_chart/suggestion");
    let reason = [("decision", "overridden"), ("reason", "紙の連絡体制図を事務室に掲示している")];
    c.post_form(&t, &format!("{base}/items/incident.contact_chart"), &review, &reason).await;

    let print = c.get(&t, &format!("{base}/print")).await.body;
    let head = part(&print, "running-head", "</td>");
    assert!(
        head.contains("さくら記念病院 ・ 令和7年度 ・ 医療機関におけるサイバーセキュリティ対策チェックリスト（令和7年度版）医療機関確認用"),
        "{head}"
    );
    assert!(print.contains("<thead><tr><td class=\"running-head\""), "the header repeats on every page");
    let summary = part(&print, "print-summary", "</p>");
    assert!(summary.contains("はい 1・いいえ 1・対象外 0・未回答 "), "{summary}");
    let open = part(&print, "print-open", "</section>");
    assert!(open.contains("アクセスログを管理している。") && open.contains("令和8年3月31日"), "{open}");
    let differences = part(&print, "print-differences", "</section>");
    assert!(differences.contains("3-①") && differences.contains("紙の連絡体制図を事務室に掲示している"));
    assert!(differences.contains("<td>はい</td><td>いいえ</td>"), "answer and suggestion: {differences}");
    let answers = part(&print, "print-answers", "</table>");
    assert_eq!(answers.matches("class=\"differs-mark\"").count(), 1, "one answer is marked");
    let confirm = part(&print, "print-confirm", "</section>");
    assert!(confirm.contains("院長（管理者）") && confirm.contains("医療情報システム安全管理責任者"));
    assert!(confirm.contains("氏名") && confirm.contains("印・署名"), "{confirm}");
    assert!(answers.contains(">前提</td>") && !print.contains(">pre<"), "the preliminary question in words");
    assert!(!print.contains("mhlw-checklist"), "the edition is named by its title");
}

#[tokio::test]
async fn an_answer_without_a_recorded_reason_says_so() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let base = start(&t, &mut c).await;
    answer(
        &t,
        &mut c,
        &base,
        "incident.contact_chart",
        &[("item.value", "yes"), ("item.confirmed_1", "2025-05-01")],
    )
    .await;
    let print = c.get(&t, &format!("{base}/print")).await.body;
    let differences = part(&print, "print-differences", "</section>");
    assert!(differences.contains("（理由の記録なし）"), "{differences}");
}
