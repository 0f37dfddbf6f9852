//! The demo shows what done looks like: every module page opens filled in, none in its empty state.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_app::demo::{DEMO_ADMIN, DEMO_PASSWORD};

/// What a page says when its module has nothing yet (the empty states of the catalog).
const EMPTY_STATES: [&str; 22] = [
    "まだ記録がありません。",
    "の自己点検はまだ始まっていません。",
    "条件に合う記録はありません。",
    "まだ自己点検がありません。",
    "登録された機器はありません。",
    "まだ登録がありません。",
    "連絡先が登録されていません。",
    "まだ点検の記録はありません。",
    "記録されたインシデントはありません。",
    "訓練の記録はまだありません。",
    "まだ記録はありません。",
    "まだ実施済みの手順はありません。",
    "影響を受けたシステムが記録されていません。",
    "規程・文書の台帳に BCP（事業継続計画）が登録されていません。",
    "代替運用（紙運用）が登録されていません。",
    "初動対応カードはまだ印刷の記録がありません。",
    "バックアップが登録されていません。",
    "今年度の BCP 確認表がまだ記録されていません。",
    "台帳から入れた回答のうち",
    "研修を受けていない職員",
    "医療情報システムが登録されていません。",
    "二つ以上の年度で回答した質問はまだありません。",
];

#[tokio::test]
async fn every_module_page_of_the_demo_is_filled_in() {
    let t = fresh().await;
    let demo = t.app.load_demo().await.unwrap();
    let mut c = Client::default();
    assert_eq!(c.login(&t, DEMO_ADMIN, DEMO_PASSWORD).await.status, StatusCode::SEE_OTHER);

    let assessment = t.app.assessments(demo.id).await.unwrap()[0].id;
    let incident = t.app.incidents(demo.id, false).await.unwrap()[0].id;
    let drill = t.app.incidents(demo.id, true).await.unwrap()[0].id;
    let ledger = c.get(&t, "/ledger").await.body;
    let asset = ledger
        .split("href=\"/ledger/")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default())
        .find(|id| id.chars().all(|c| c.is_ascii_digit()))
        .expect("the ledger links its assets");
    let survey = t.app.survey_list(demo.id).await.unwrap().years[0].edition.id.clone();
    let mut pages: Vec<String> = [
        "/",
        "/ledger",
        "/registers",
        "/contact-chart",
        "/account-reviews",
        "/assessments",
        "/surveys",
        "/surveys/history",
        "/incidents",
        "/incidents?drills=1",
        "/bcp-card",
        "/training",
        "/audit",
    ]
    .map(str::to_owned)
    .into();
    pages.extend([
        format!("/bcp/{}", t.app.current_fiscal_year().0),
        format!("/ledger/{asset}"),
        format!("/assessments/{assessment}"),
        format!("/assessments/{assessment}/answer"),
        format!("/assessments/{assessment}/print"),
        format!("/surveys/{survey}"),
        format!("/surveys/{survey}/print"),
        format!("/incidents/{incident}"),
        format!("/incidents/{incident}/chronology"),
        format!("/incidents/{drill}"),
    ]);
    for register in iryosec_core::register::Register::ALL {
        pages.push(format!("/registers/{}", register.code()));
    }
    for path in &pages {
        let page = c.get(&t, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
        for empty in EMPTY_STATES {
            assert!(!page.body.contains(empty), "{path} shows its empty state 「{empty}」");
        }
    }
}
