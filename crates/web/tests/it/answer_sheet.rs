//! The whole checklist on one page, suggestions adopted as answers, and changed suggestions.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::InstitutionId;
use iryosec_core::assessment::{Slot, YesNo};
use iryosec_core::catalog::Scope;
use iryosec_core::role::Role;

const TODAY: &str = "2025-05-16";

async fn started(t: &TestApp, c: &mut Client) -> String {
    let reply = c
        .post_form(
            t,
            "/assessments",
            "/assessments",
            &[("fiscal_year", "2025"), ("edition_id", "mhlw-checklist-r7-hospital"), ("carry_from", "")],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.location().split('?').next().unwrap().to_owned()
}

async fn answers(t: &TestApp, id: i64) -> std::collections::BTreeMap<Slot, iryosec_core::assessment::Answer> {
    t.app.assessment_view(InstitutionId(1), id).await.unwrap().answers
}

fn id_of(base: &str) -> i64 {
    base.rsplit('/').next().unwrap().parse().unwrap()
}

#[tokio::test]
async fn the_whole_checklist_is_saved_at_once_or_not_at_all() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let base = started(&t, &mut c).await;
    let sheet = format!("{base}/answer");
    let page = c.get(&t, &sheet).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("チェックリストに回答（一覧）"));
    // Every scope of every item, 確認日 today and 確認者 the person, each row linked to its item page.
    assert!(page.body.contains("name=\"access.role_based_rights.server.value\""));
    assert!(page.body.contains("name=\"access.role_based_rights.terminal.value\""));
    assert!(page.body.contains(&format!("name=\"access.logs.server.confirmed_1\" value=\"{TODAY}\"")));
    assert!(page.body.contains("name=\"access.logs.server.confirmed_by\" value=\"担当者 さん\""));
    assert!(page.body.contains(&format!("href=\"{base}/items/access.logs\"")));

    // One wrong row: nothing is saved, the message stands beside that row, the typed values stay.
    let mut form = vec![
        ("section", ""),
        ("system.in_use.item.value", "yes"),
        ("system.in_use.item.confirmed_1", TODAY),
        ("system.in_use.item.confirmed_by", "担当者 さん"),
        ("access.logs.server.value", "no"),
        ("access.logs.server.confirmed_1", TODAY),
        ("access.logs.server.note", "ログ保管装置を導入予定"),
        ("access.logs.server.confirmed_by", "担当者 さん"),
        // Untouched: only the defaults.
        ("patch.apply.general.confirmed_1", TODAY),
        ("patch.apply.general.confirmed_by", "担当者 さん"),
    ];
    let bad = c.post_form(&t, &sheet, &sheet, &form).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("1 か所に問題があります"), "{}", bad.body);
    assert!(bad.body.contains("2-⑪ サーバ: 「いいえ」の項目には目標日を入れてください"), "{}", bad.body);
    assert!(bad.body.contains("value=\"ログ保管装置を導入予定\""), "the typed note is kept");
    assert!(bad.body.contains("name=\"system.in_use.item.value\" value=\"yes\" data-answer=\"yes\" checked"));
    assert!(answers(&t, id_of(&base)).await.is_empty(), "nothing was saved");

    form.push(("access.logs.server.target", "2026-03-31"));
    let ok = c.post_form(&t, &sheet, &sheet, &form).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    assert_eq!(ok.location(), format!("{sheet}?section=&notice=assessment.saved"));
    let saved = answers(&t, id_of(&base)).await;
    assert_eq!(saved.len(), 2, "untouched rows stay unanswered: {saved:?}");
    let logs = &saved[&Slot::new("access.logs", Some(Scope::Server))];
    assert_eq!((logs.value, logs.confirmed_by.as_str()), (Some(YesNo::No), "担当者 さん"));
    let again = c.get(&t, &format!("{sheet}?section=2&notice=assessment.saved")).await;
    assert!(again.body.contains("回答を保存しました"));
    assert!(!again.body.contains("name=\"system.in_use.item.value\""), "one section at a time");
    assert!(again.body.contains("name=\"access.logs.server.value\" value=\"no\" data-answer=\"no\" checked"));
}

#[tokio::test]
async fn suggestions_are_adopted_in_bulk_after_one_confirmation() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let base = started(&t, &mut c).await;
    let adopt = format!("{base}/adopt");
    let page = c.get(&t, &adopt).await;
    // An empty ledger and contact chart: the registers say いいえ to both.
    assert!(page.body.contains("提案をまとめて採用"), "{}", page.body);
    assert!(page.body.contains("サーバ、端末PC、ネットワーク機器の台帳管理を行っている。"));
    assert!(page.body.contains("令和8年3月31日"), "a いいえ is planned by the year's end");
    let plan =
        page.body.split("name=\"plan\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let plan = plan.replace("&#x2f;", "/").replace("&#x3d;", "=").replace("&#x3b;", ";");

    let stale = c.post_form(&t, &adopt, &adopt, &[("plan", "assets.ledger/general=yes/")]).await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(stale.body.contains("確認のあとで台帳か回答が変わりました"));
    assert!(answers(&t, id_of(&base)).await.is_empty());

    let done = c.post_form(&t, &adopt, &adopt, &[("plan", &plan)]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let saved = answers(&t, id_of(&base)).await;
    let ledger = &saved[&Slot::new("assets.ledger", Some(Scope::General))];
    assert_eq!(ledger.value, Some(YesNo::No));
    assert_eq!(ledger.target.map(iryosec_core::date::format_iso).as_deref(), Some("2026-03-31"));
    assert_eq!(ledger.confirmed_by, "担当者 さん");
    let sheet = c.get(&t, done.location()).await;
    assert!(sheet.body.contains("提案を回答として採用しました"));
    assert!(sheet.body.contains("提案と異なる回答はありません"));
    // Nothing left to adopt.
    assert!(c.get(&t, &adopt).await.body.contains("採用できる提案はありません"));
}

#[tokio::test]
async fn a_changed_suggestion_is_flagged_until_a_person_looks_again() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let base = started(&t, &mut c).await;
    let sheet = format!("{base}/answer");
    let row = [
        ("assets.ledger.general.value", "no"),
        ("assets.ledger.general.confirmed_1", TODAY),
        ("assets.ledger.general.target", "2025-09-30"),
    ];
    assert_eq!(c.post_form(&t, &sheet, &sheet, &row).await.status, StatusCode::SEE_OTHER);
    assert!(c.get(&t, &base).await.body.contains("提案と異なる回答はありません"));

    // The ledger gets its first, freshly confirmed entry: the registers now say はい.
    let asset = [
        ("asset_no", "SV-001"),
        ("name", "電子カルテサーバ"),
        ("kind", "サーバ"),
        ("confirmed_on", "2025-05-01"),
    ];
    let added = c.post_form(&t, "/ledger/new", "/ledger/new", &asset).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let overview = c.get(&t, &base).await;
    assert!(overview.body.contains("提案が変わりました"), "{}", overview.body);
    assert!(overview.body.contains("理由が書かれていません"));
    let flagged = c.get(&t, &sheet).await;
    assert!(flagged.body.contains("name=\"seen\" value=\"assets.ledger\""));

    // Looked at again, answer kept with its reason: an ordinary difference, listed with the reason.
    let seen = [
        ("seen", "assets.ledger"),
        ("assets.ledger.general.value", "no"),
        ("assets.ledger.general.confirmed_1", TODAY),
        ("assets.ledger.general.target", "2025-09-30"),
        ("assets.ledger.general.note", "部門の機器がまだ載っていない"),
    ];
    assert_eq!(c.post_form(&t, &sheet, &sheet, &seen).await.status, StatusCode::SEE_OTHER);
    let overview = c.get(&t, &base).await;
    assert!(!overview.body.contains("提案が変わりました"), "{}", overview.body);
    assert!(overview.body.contains("提案と異なる") && overview.body.contains("部門の機器がまだ載っていない"));
    assert!(overview.body.contains("回答「いいえ」・提案「はい」"));
}

#[tokio::test]
async fn accepting_a_suggestion_on_the_item_page_answers_it() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let base = started(&t, &mut c).await;
    let item = format!("{base}/items/assets.ledger");
    let review = format!("{item}/suggestion");
    let reply = c.post_form(&t, &item, &review, &[("decision", "accepted"), ("reason", "")]).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let saved = answers(&t, id_of(&base)).await;
    let ledger = &saved[&Slot::new("assets.ledger", Some(Scope::General))];
    assert_eq!(
        (ledger.value, ledger.confirmed[0].map(iryosec_core::date::format_iso), ledger.confirmed_by.as_str()),
        (Some(YesNo::No), Some(TODAY.to_owned()), "担当者 さん")
    );
    let page = c.get(&t, &item).await;
    assert!(page.body.contains("提案どおりと確認しました"));
    // A viewer sees the page but cannot save it.
    let mut viewer = logged_in(&t, Role::Viewer).await;
    let read = viewer.get(&t, &format!("{base}/answer")).await;
    assert_eq!(read.status, StatusCode::OK);
    assert!(!read.body.contains("id=\"sheet-save\""));
}
