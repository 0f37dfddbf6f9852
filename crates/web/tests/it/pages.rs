//! The pages' own work: institution, users, account, audit, dashboard.
use crate::harness::*;
use axum::http::{Method, StatusCode};
use iryosec_core::role::Role;

#[tokio::test]
async fn the_dashboard_shows_the_fiscal_year_and_the_institution() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Admin).await;
    let home = c.get(&t, "/").await;
    assert!(home.body.contains("令和7年度"), "2025-05-16 is in 令和7年度");
    assert!(home.body.contains("年度末（令和8年3月31日）まであと319日"), "{}", home.body);
    assert!(home.body.contains("さくら記念病院") && home.body.contains("120床"));
    assert!(home.body.contains("有効なアカウント 4件（うち管理者 1件）"));
    let viewer = logged_in(&t, Role::Viewer).await.get(&t, "/").await;
    assert!(viewer.body.contains("閲覧のみできます") && !viewer.body.contains("card-accounts"));
    assert!(!viewer.body.contains("href=\"/users\""), "no link to what the role cannot open");
}

#[tokio::test]
async fn the_institution_is_edited_with_checks_and_an_audit_trail() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let form = |beds: &'static str| {
        vec![
            ("name", "さくら記念病院"),
            ("kind", "hospital"),
            ("prefecture", "13"),
            ("beds", beds),
            ("medical_code", ""),
        ]
    };
    let bad = c.post_form(&t, "/institution/edit", "/institution/edit", &form("12")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("病院は20床以上です"));
    let ok = c.post_form(&t, "/institution/edit", "/institution/edit", &form("１９９")).await;
    assert_eq!(ok.location(), "/institution?notice=institution.saved");
    let page = c.get(&t, "/institution?notice=institution.saved").await;
    assert!(page.body.contains("199床") && page.body.contains("医療機関情報を保存しました"));
    let audit = logged_in(&t, Role::Auditor).await.get(&t, "/audit?action=institution.updated").await;
    assert!(audit.body.contains("病床数: 120 → 199"), "{}", audit.body);
    assert!(audit.body.contains("editor"));
}

#[tokio::test]
async fn administrators_add_change_and_reset_accounts() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Admin).await;
    let new = c
        .post_form(
            &t,
            "/users/new",
            "/users/new",
            &[
                ("login_id", "Ｎｕｒｓｅ０１"),
                ("display_name", "看護 花子"),
                ("role", "担当者"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert_eq!(new.location(), "/users?notice=users.created");
    let list = c.get(&t, "/users").await;
    assert!(list.body.contains("nurse01") && list.body.contains("看護 花子"));

    let taken = c
        .post_form(
            &t,
            "/users/new",
            "/users/new",
            &[
                ("login_id", "nurse01"),
                ("role", "viewer"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert!(taken.body.contains("このログインIDはすでに使われています"));
    let bad_role = c
        .post_form(
            &t,
            "/users/new",
            "/users/new",
            &[
                ("login_id", "x-user"),
                ("role", "root"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
            ],
        )
        .await;
    assert!(bad_role.body.contains("役割「root」はありません"));

    let admin_id = t.users[&Role::Admin].id;
    let me = format!("/users/{admin_id}");
    let self_demote = c.post_form(&t, &me, &me, &[("display_name", "x"), ("role", "viewer")]).await;
    assert!(self_demote.body.contains("自分自身を無効にしたり"));

    let viewer = format!("/users/{}", t.users[&Role::Viewer].id);
    let off = c
        .post_form(&t, &viewer, &viewer, &[("display_name", "院長"), ("role", "viewer"), ("disabled", "on")])
        .await;
    assert_eq!(off.location(), "/users?notice=users.updated");
    assert!(c.get(&t, "/users").await.body.contains("無効"));
    let mut v = Client::default();
    assert!(v.login(&t, "viewer", PASSWORD).await.body.contains("このアカウントは無効です"));

    let editor = format!("/users/{}/password", t.users[&Role::Editor].id);
    let page = format!("/users/{}", t.users[&Role::Editor].id);
    let short =
        c.post_form(&t, &page, &editor, &[("password", "short"), ("password_confirm", "short")]).await;
    assert!(short.body.contains("12文字以上"));
    let reset = c
        .post_form(
            &t,
            &page,
            &editor,
            &[("password", "atarashii-aikotoba"), ("password_confirm", "atarashii-aikotoba")],
        )
        .await;
    assert_eq!(reset.location(), "/users?notice=users.password_reset_done");
    assert_eq!(Client::default().login(&t, "editor", "atarashii-aikotoba").await.location(), "/");

    assert_eq!(c.get(&t, "/users/999999").await.status, StatusCode::NOT_FOUND);
    assert_eq!(c.get(&t, "/users/abc").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn people_change_their_own_password() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Viewer).await;
    let wrong = c
        .post_form(
            &t,
            "/account",
            "/account/password",
            &[
                ("current_password", "nope-nope-nope"),
                ("password", "atarashii-aikotoba"),
                ("password_confirm", "atarashii-aikotoba"),
            ],
        )
        .await;
    assert!(wrong.body.contains("現在のパスワードが違います"));
    let done = c
        .post_form(
            &t,
            "/account",
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("password", "atarashii-aikotoba"),
                ("password_confirm", "atarashii-aikotoba"),
            ],
        )
        .await;
    assert_eq!(done.location(), "/account?notice=account.password_changed");
    assert_eq!(c.get(&t, "/account").await.status, StatusCode::OK, "this session stays");
}

#[tokio::test]
async fn the_audit_log_filters_pages_and_shows_its_tamper_check() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Auditor).await;
    let mut other = Client::default();
    other.login(&t, "admin", "wrong-password-1").await;
    let all = c.get(&t, "/audit").await;
    assert!(all.body.contains("改ざん検知：正常"), "{}", all.body);
    assert!(all.body.contains("ログイン失敗") && all.body.contains("ユーザーの作成"));
    let failed = c.get(&t, "/audit?action=login.failed").await;
    assert!(failed.body.contains("1〜1件目（全1件）"), "{}", failed.body);
    let by_day = c.get(&t, "/audit?from=%E4%BB%A4%E5%92%8C7%E5%B9%B45%E6%9C%8817%E6%97%A5").await;
    assert!(by_day.body.contains("条件に合う記録はありません"));
    let bad_date = c.get(&t, "/audit?from=yesterday").await;
    assert!(bad_date.body.contains("日付として読めません"));
    let _ = Method::GET;
}

#[tokio::test]
async fn editions_are_listed_shown_and_compared() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Viewer).await;
    let list = c.get(&t, "/definitions").await;
    assert_eq!(list.body.matches("href=\"/definitions/mhlw-checklist-").count(), 11);
    let diff = c.get(&t, "/definitions?from=mhlw-checklist-r6-hospital&to=mhlw-checklist-r7-hospital").await;
    assert_eq!(diff.body.matches("class=\"diff-added\"").count(), 5, "{}", diff.body);
    assert!(diff.body.contains("パスワードの使い回しを禁止している。"));
    assert!(diff.body.contains("2-(7) → 2-⑥"), "R6 numbers patches (7)");
    let show = c.get(&t, "/definitions/mhlw-checklist-r7-hospital").await;
    assert!(show.body.contains("id=\"item-auth.two_factor\"") && show.body.contains("令和9年度"));
    assert!(show.body.contains("data-verification=\"draft\">公表前の案と照合</span>"), "{}", show.body);
    assert!(show.body.contains("data-verification=\"inferred\">文言は推定（原文と未照合）</span>"));
    assert!(!show.body.contains("id=\"provisional-notice\""), "R7 is no provisional edition");
    assert!(
        !show.body.contains("auth.two_factor</code>") && show.body.contains("<h3>前提 "),
        "no keys, no `pre`"
    );
    assert!(!list.body.contains("<code") && !diff.body.contains("<code"), "editions and changes by title");
    assert_eq!(c.get(&t, "/definitions/nope").await.status, StatusCode::NOT_FOUND);
}
