//! Role checks and the director's page through the router: the yearly lists answered and
//! refused with their Japanese reason, the staff check by code without an account (valid,
//! revoked, wrong codes limited, nothing else opened), the tally's heat map, and the director's
//! 「確認しました」 audited and shown on the print.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::role::Role;
use iryosec_core::roles::{Audience, builtin};
use iryosec_store::AuditFilter;

fn keys(audience: Audience) -> Vec<String> {
    let list = builtin::lists().iter().find(|l| l.audience == audience).unwrap();
    list.items.iter().map(|i| i.key.clone()).collect()
}

/// Every item of a list with one mark, as form fields.
fn all_marked(keys: &[String], mark: &str) -> Vec<(String, String)> {
    keys.iter().map(|k| (format!("mark.{k}"), mark.to_owned())).collect()
}

fn as_form(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

async fn audited(t: &TestApp, action: &str) -> i64 {
    let inst = t.users[&Role::Admin].institution_id;
    let filter = AuditFilter { action: Some(action.into()), ..Default::default() };
    t.app.audit_entries(inst, &filter, 5, 0).await.unwrap().1
}

#[tokio::test]
async fn a_yearly_list_is_answered_in_one_save_and_refused_with_its_reason() {
    let t = ready().await;
    let mut editor = logged_in(&t, Role::Editor).await;
    let list = editor.get(&t, "/roles").await;
    assert!(list.body.contains("経営層向け"), "{}", list.body);
    assert!(list.body.contains("厚生労働省の資料のとおり"));
    let own = editor.get(&t, "/roles/system_admin/answer").await;
    assert!(
        own.body.contains("このリストは iryosec 独自のもので、厚生労働省のチェックリストではありません。")
    );
    assert_eq!(editor.get(&t, "/roles/clinical/answer").await.status, StatusCode::NOT_FOUND);

    let keys = keys(Audience::Executive);
    let bad = vec![(format!("mark.{}", keys[0]), "たぶん".to_owned())];
    let path = "/roles/executive/answer?year=2025";
    let refused = editor.post_form(&t, path, path, &as_form(&bad)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("「たぶん」は回答として読めません"), "{}", refused.body);
    assert_eq!(audited(&t, "roles.answers_saved").await, 0, "nothing is half-written");

    let mut fields = all_marked(&keys, "yes");
    fields[1].1 = "no".into();
    fields.push((format!("note.{}", keys[1]), "来年度の予算で対応".into()));
    let saved = editor.post_form(&t, path, path, &as_form(&fields)).await;
    assert_eq!(
        (saved.status, saved.location()),
        (StatusCode::SEE_OTHER, "/roles?year=2025&notice=roles.page.notice_saved")
    );
    let shown = editor.get(&t, saved.location()).await;
    assert!(shown.body.contains("回答を保存しました。"));
    let again = editor.get(&t, path).await;
    assert!(again.body.contains("来年度の予算で対応"));
    assert_eq!(audited(&t, "roles.answers_saved").await, 1);

    let mut viewer = logged_in(&t, Role::Viewer).await;
    assert_eq!(viewer.get(&t, path).await.status, StatusCode::OK);
    assert_eq!(viewer.post_form(&t, path, path, &as_form(&fields)).await.status, StatusCode::FORBIDDEN);
    let tally = viewer.get(&t, "/roles/tally?year=2025").await;
    assert!(tally.body.contains("<svg"), "{}", tally.body);
    assert!(tally.body.contains("○の割合"));
}

/// Issues a code as the administrator and returns it as shown on the handout.
async fn issue(t: &TestApp, admin: &mut Client, label: &str) -> String {
    let page = "/roles/codes?year=2025";
    let reply = admin.post_form(t, page, page, &[("label", label), ("departments", "外来\n病棟")]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("このコードは今しか表示されません"));
    assert!(reply.body.contains("/check</strong>"), "the handout names the address");
    let start = reply.body.find(r#"id="issued-code">"#).unwrap() + r#"id="issued-code">"#.len();
    reply.body[start..].split('<').next().unwrap().to_owned()
}

#[tokio::test]
async fn staff_answer_by_code_without_an_account_and_the_code_opens_nothing_else() {
    let t = ready().await;
    let mut admin = logged_in(&t, Role::Admin).await;
    assert_eq!(logged_in(&t, Role::Editor).await.get(&t, "/roles/codes").await.status, StatusCode::FORBIDDEN);
    let code = issue(&t, &mut admin, "全職員").await;
    assert_eq!(audited(&t, "roles.code_issued").await, 1);
    assert!(!admin.get(&t, "/roles/codes?year=2025").await.body.contains(&code), "shown once only");

    let mut staff = Client::default();
    let opened = staff.post_form(&t, "/check", "/check", &[("code", &code)]).await;
    assert_eq!(opened.status, StatusCode::OK, "{}", opened.body);
    assert!(opened.body.contains("さくら記念病院"));
    assert!(opened.body.contains("iryosec 独自"));

    let keys = keys(Audience::Clinical);
    let mut fields = all_marked(&keys, "yes");
    fields.push(("code".into(), code.clone()));
    fields.push(("department".into(), "外来".into()));
    let missing_role = staff.post_form(&t, "/check", "/check/answer", &as_form(&fields)).await;
    assert_eq!(missing_role.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing_role.body.contains("職種: "), "{}", missing_role.body);
    fields.push(("job_role".into(), "nurse".into()));
    let done = staff.post_form(&t, "/check", "/check/answer", &as_form(&fields)).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.body);
    assert!(done.body.contains("回答を受け付けました。"));
    assert_eq!(audited(&t, "roles.staff_answer_received").await, 1);
    for other in ["/roles", "/roles/tally", "/director", "/"] {
        let reply = staff.get(&t, other).await;
        assert_eq!((reply.status, reply.location()), (StatusCode::SEE_OTHER, "/login"), "{other}");
    }
    assert!(admin.get(&t, "/roles").await.body.contains("今年度の回答: 1人"));

    let codes = admin.get(&t, "/roles/codes?year=2025").await;
    let at = codes.body.find("/revoke?year=2025").unwrap();
    let action =
        &codes.body[codes.body[..at].rfind("/roles/codes/").unwrap()..at + "/revoke?year=2025".len()];
    let revoked = admin.post_form(&t, "/roles/codes?year=2025", action, &[]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER);
    let refused = staff.post_form(&t, "/check", "/check", &[("code", &code)]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("この回答コードは取り消されています。"), "{}", refused.body);
}

#[tokio::test]
async fn wrong_codes_are_limited_per_address() {
    let t = ready().await;
    let mut admin = logged_in(&t, Role::Admin).await;
    let code = issue(&t, &mut admin, "全職員").await;
    let mut guesser = Client::default();
    for _ in 0..iryosec_app::STAFF_CODE_FAILURES {
        let wrong = guesser.post_form(&t, "/check", "/check", &[("code", "AAAA-BBBB-CCCC")]).await;
        assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(wrong.body.contains("この回答コードは使えません。"));
    }
    let held = guesser.post_form(&t, "/check", "/check", &[("code", &code)]).await;
    assert_eq!(held.status, StatusCode::TOO_MANY_REQUESTS, "even the right code waits");
    assert!(held.body.contains("しばらく受け付けません"));
    t.clock.advance_minutes(16);
    assert_eq!(guesser.post_form(&t, "/check", "/check", &[("code", &code)]).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_paper_sheet_is_typed_in_and_counted() {
    let t = ready().await;
    let mut editor = logged_in(&t, Role::Editor).await;
    let keys = keys(Audience::Clinical);
    let mut fields = all_marked(&keys, "unknown");
    fields.push(("job_role".into(), "clerical".into()));
    let page = "/roles/paper?year=2025";
    let saved = editor.post_form(&t, page, page, &as_form(&fields)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    assert!(editor.get(&t, saved.location()).await.body.contains("紙の回答を1件入力しました。"));
    let tally = editor.get(&t, "/roles/tally?year=2025").await;
    assert!(tally.body.contains("回答 1件"), "{}", tally.body);
    let viewer = logged_in(&t, Role::Viewer).await.post_form(&t, "/roles", page, &as_form(&fields)).await;
    assert_eq!(viewer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_director_signs_off_audited_and_the_print_shows_it() {
    let t = ready().await;
    let mut viewer = logged_in(&t, Role::Viewer).await;
    let home = viewer.get(&t, "/").await;
    assert!(home.body.contains(r#"id="director-link""#), "a 閲覧者 finds it on the home page");
    let page = viewer.get(&t, "/director?year=2025").await;
    assert!(page.body.contains("重大な不足"), "{}", page.body);
    assert!(page.body.contains("出典"));
    assert!(page.body.contains("今年度の自己点検はまだ始まっていません。"));
    let sign = "/director/signoff?year=2025";
    let signed = viewer.post_form(&t, "/director?year=2025", sign, &[("comment", "予算を確保します")]).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER, "{}", signed.body);
    let shown = viewer.get(&t, signed.location()).await;
    assert!(shown.body.contains("「確認しました」を記録しました。"));
    assert!(shown.body.contains("閲覧者 さん が確認しました"), "{}", shown.body);
    assert_eq!(audited(&t, "director.signed_off").await, 1);
    let print = viewer.get(&t, "/director/print?year=2025").await;
    assert!(print.body.contains("予算を確保します"));
    assert!(print.body.contains("閲覧者 さん が確認しました"));

    let editor = logged_in(&t, Role::Editor).await.post_form(&t, "/director", sign, &[]).await;
    assert_eq!(editor.status, StatusCode::UNPROCESSABLE_ENTITY, "only the director or an administrator");
    assert!(editor.body.contains("「確認しました」を記録できるのは、閲覧者（院長など）本人と"));
    let mut admin = logged_in(&t, Role::Admin).await;
    let unnamed = admin.post_form(&t, "/director", sign, &[("comment", "代理")]).await;
    assert_eq!(unnamed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unnamed.body.contains("確認した院長・理事長・開設者の名前を入力してください。"));
    assert_eq!(audited(&t, "director.signed_off").await, 1);
}
