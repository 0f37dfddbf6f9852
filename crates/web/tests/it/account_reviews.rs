//! アカウント点検 in the browser: files in, findings grouped by kind, a decision per finding with
//! its history, the export, the suggestion on the checklist item, and who may do what.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::role::Role;

const AD: &str = "SamAccountName,Name,Enabled,LastLogonDate\r\n\
yamada,山田 太郎,True,2025/05/10 8:30:00\r\n\
sato,佐藤 花子,True,2025/05/12 9:00:00\r\n\
suzuki,鈴木 一郎,True,2024/11/01 17:00:00\r\n\
admin,Administrator,True,2025/05/15 7:00:00\r\n";

const EMR: &str =
    "利用者ID,氏名,状態,最終ログイン日\r\nd001,佐藤花子,有効,2025-05-14\r\nd099,伊藤 誠,有効,2025-05-01\r\n";

const ROSTER: &str = "職員番号,氏名,部署,入職日,退職日,休職\r\n\
0012,山田太郎,医事課,2008-04-01,2025-03-31,\r\n\
0013,佐藤花子,看護部,2019-04-01,,\r\n\
0014,鈴木一郎,放射線科,2020-04-01,,\r\n";

fn sjis(text: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(text).0.into_owned()
}

/// Runs a review of AD and a Shift_JIS EHR export as `c`; returns the review's page path.
async fn reviewed(t: &TestApp, c: &mut Client) -> String {
    let form = c.get(t, "/account-reviews/new").await;
    assert!(form.body.contains("value=\"2025-05-16\"") && form.body.contains("value=\"90\""), "defaults");
    let emr = sjis(EMR);
    let parts = [
        Part::Text("system_1", "AD"),
        Part::File("accounts_1", "ad.csv", AD.as_bytes()),
        Part::Text("system_2", "電子カルテ"),
        Part::File("accounts_2", "利用者一覧.csv", &emr),
        Part::Text("system_3", ""),
        Part::File("accounts_3", "", b""),
        Part::File("roster", "名簿.csv", ROSTER.as_bytes()),
        Part::Text("unused_days", "90"),
        Part::Text("reviewed_on", "2025-05-16"),
    ];
    let reply = c.multipart(t, "/account-reviews", &form.csrf(), &parts).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(reply.location().ends_with("?notice=account_review.notice_created"), "{}", reply.location());
    reply.location().split('?').next().unwrap().to_owned()
}

/// Runs a review of an AD export of `n` accounts that nobody on the roster owns (`AD: ext000` …);
/// returns the review's page path.
async fn outsiders_reviewed(t: &TestApp, c: &mut Client, n: usize) -> String {
    let mut ad = String::from("SamAccountName,Name,Enabled,LastLogonDate\r\n");
    for i in 0..n {
        ad.push_str(&format!("ext{i:03},外部 {i},True,2025/05/10\r\n"));
    }
    let form = c.get(t, "/account-reviews/new").await;
    let parts = [
        Part::Text("system_1", "AD"),
        Part::File("accounts_1", "ad.csv", ad.as_bytes()),
        Part::File("roster", "名簿.csv", ROSTER.as_bytes()),
        Part::Text("unused_days", "90"),
        Part::Text("reviewed_on", "2025-05-16"),
    ];
    let reply = c.multipart(t, "/account-reviews", &form.csrf(), &parts).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.location().split('?').next().unwrap().to_owned()
}

/// The id of the finding row of an account (`AD: yamada`) on a review page.
fn finding_id(body: &str, account: &str) -> String {
    let at =
        body.find(&format!("<td class=\"nowrap\">{account}</td>")).unwrap_or_else(|| panic!("{account}"));
    let row = body[..at].rfind("id=\"finding-").unwrap() + 12;
    body[row..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_review_is_run_from_files_decided_exported_and_suggested() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let base = c
        .post_form(
            &t,
            "/assessments",
            "/assessments",
            &[("fiscal_year", "2025"), ("edition_id", "mhlw-checklist-r7-hospital"), ("carry_from", "")],
        )
        .await
        .location()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let item = format!("{base}/items/access.remove_unneeded_accounts");
    let before = c.get(&t, &item).await;
    assert!(before.body.contains("この年度のアカウント点検の記録がありません"), "{}", before.body);
    assert!(before.body.contains("href=\"/account-reviews\""));

    let at = reviewed(&t, &mut c).await;
    let page = c.get(&t, &format!("{at}?notice=account_review.notice_created")).await;
    assert!(page.body.contains("アカウント点検を記録しました。"));
    assert!(page.body.contains("指摘 4件（未対応 4件・対応済み 0件）"), "{}", page.body);
    for heading in ["退職者の有効なアカウント", "持ち主のいないアカウント", "共用・汎用のアカウント"]
    {
        assert!(page.body.contains(heading), "{heading}");
    }
    assert!(page.body.contains("山田太郎（0012）"), "the matched staff is shown");
    assert!(page.body.contains("196日間使われていません。"));
    assert!(page.body.contains("電子カルテ: d099"), "the Shift_JIS export was read");
    assert!(page.body.contains("電子カルテ（利用者一覧.csv、2件）"));
    assert!(!page.body.contains("AD: sato") && !page.body.contains("電子カルテ: d001"));

    let yamada = finding_id(&page.body, "AD: yamada");
    let decide = format!("{at}/findings/{yamada}");
    let refused = c.post_form(&t, &at, &decide, &[("decision", "keep"), ("reason", " ")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("維持する場合は理由を入力してください。"), "{}", refused.body);
    assert!(refused.body.contains("指摘 4件（未対応 4件"), "nothing was recorded");

    let kept = c.post_form(&t, &at, &decide, &[("decision", "keep"), ("reason", "引き継ぎ中")]).await;
    assert_eq!(kept.status, StatusCode::SEE_OTHER, "{}", kept.body);
    let done =
        c.post_form(&t, &at, &decide, &[("decision", "disable"), ("reason", ""), ("show", "open")]).await;
    assert!(
        done.location().contains("show=open&notice=account_review.notice_decided"),
        "{}",
        done.location()
    );
    let open = c.get(&t, done.location()).await;
    assert!(open.body.contains("対応を記録しました。") && !open.body.contains("AD: yamada</td>"));
    let decided = c.get(&t, &format!("{at}?show=decided")).await;
    assert!(decided.body.contains("<strong>無効化</strong>") && !decided.body.contains("AD: admin"));
    assert!(decided.body.contains("指摘 4件（未対応 3件・対応済み 1件）"));
    assert!(decided.body.contains("判断: 維持 → 無効化"), "history: {}", decided.body);
    let mid = c.get(&t, &item).await;
    assert!(
        mid.body.contains("data-suggestion=\"no\"") && mid.body.contains("電子カルテ: d099"),
        "{}",
        mid.body
    );

    let (headers, csv) = c.download(&t, &format!("{at}/export.csv")).await;
    assert!(headers["content-disposition"].to_str().unwrap().contains("account-review-2025-05-16.csv"));
    assert!(csv.starts_with(b"\xef\xbb\xbf"));
    let never = iryosec_core::CancelToken::never();
    let table =
        iryosec_io::table::read_table(iryosec_io::table::Source::new("findings.csv", &csv, &never)).unwrap();
    assert_eq!(table.rows.len(), 4);
    let row = table.rows.iter().find(|(_, r)| r[2] == "yamada").unwrap();
    assert_eq!(
        (row.1[0].as_str(), row.1[8].as_str(), row.1[11].as_str()),
        ("退職者の有効なアカウント", "無効化", "editor")
    );
    let (_, xlsx) = c.download(&t, &format!("{at}/export.xlsx")).await;
    assert!(xlsx.starts_with(b"PK"));

    for (account, decision, reason) in [
        ("AD: suzuki", "delete", ""),
        ("AD: admin", "keep", "障害時の保守用。封印して保管"),
        ("電子カルテ: d099", "無効化", ""),
    ] {
        let id = finding_id(&c.get(&t, &at).await.body, account);
        let r = c
            .post_form(&t, &at, &format!("{at}/findings/{id}"), &[("decision", decision), ("reason", reason)])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{account}: {}", r.body);
    }
    let after = c.get(&t, &item).await;
    assert!(after.body.contains("data-suggestion=\"yes\""), "{}", after.body);
    assert!(after.body.contains("令和7年5月16日のアカウント点検の指摘4件すべてに対応を記録しています"));
    assert!(after.body.contains(&format!("href=\"{at}\"")), "the suggestion links to the review");
    let list = c.get(&t, "/account-reviews").await;
    assert!(list.body.contains("令和7年度") && list.body.contains("AD、電子カルテ"), "{}", list.body);

    let mut auditor = logged_in(&t, Role::Auditor).await;
    let log = auditor.get(&t, "/audit").await;
    assert!(log.body.contains("アカウント点検の指摘への対応") && log.body.contains("アカウント点検の実施"));
}

#[tokio::test]
async fn bad_files_are_named_by_file_row_and_column_and_nothing_is_stored() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let csrf = c.get(&t, "/account-reviews/new").await.csrf();
    let ad = "SamAccountName,Name,Enabled,LastLogonDate\r\nyamada,山田,たぶん,2025/05/10\r\n";
    let roster = sjis("氏名,退職日\r\n山田太郎,いつか\r\n");
    let parts = [
        Part::Text("system_1", "AD"),
        Part::File("accounts_1", "ad.csv", ad.as_bytes()),
        Part::File("roster", "名簿.csv", &roster),
        Part::Text("unused_days", "90"),
        Part::Text("reviewed_on", "2025-05-16"),
    ];
    let reply = c.multipart(&t, "/account-reviews", &csrf, &parts).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("何も保存していません"), "{}", reply.body);
    assert!(
        reply.body.contains("ad.csv 2行目 C列「Enabled」: 「たぶん」は「はい」「いいえ」として読めません"),
        "{}",
        reply.body
    );
    assert!(reply.body.contains("名簿.csv 2行目 B列「退職日」: 日付として読めません"), "{}", reply.body);
    assert!(reply.body.contains("value=\"AD\""), "what was typed comes back");

    let form_only = [Part::Text("unused_days", "0"), Part::Text("reviewed_on", "2025-05-17")];
    let reply = c.multipart(&t, "/account-reviews", &csrf, &form_only).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    for problem in [
        "アカウント一覧のファイルを一つ以上選んでください。",
        "職員名簿のファイルを選んでください。",
        "点検日が今日より後になっています。",
        "1〜3650 の日数を数字で入力してください。",
    ] {
        assert!(reply.body.contains(problem), "{problem}: {}", reply.body);
    }
    assert!(c.get(&t, "/account-reviews").await.body.contains("まだ点検の記録はありません。"));
}

#[tokio::test]
async fn viewers_read_reviews_and_only_editors_run_and_decide_them() {
    let t = ready().await;
    let mut editor = logged_in(&t, Role::Editor).await;
    let at = reviewed(&t, &mut editor).await;
    let yamada = finding_id(&editor.get(&t, &at).await.body, "AD: yamada");

    let mut viewer = logged_in(&t, Role::Viewer).await;
    let list = viewer.get(&t, "/account-reviews").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("id=\"review-new\""));
    let page = viewer.get(&t, &at).await;
    assert!(page.body.contains("AD: yamada") && !page.body.contains("id=\"decide-"), "read only");
    assert!(
        page.body.contains("href=\"/account-reviews\"") && page.body.contains("アカウント点検"),
        "nav link"
    );
    let post = viewer.post_form(&t, &at, &format!("{at}/findings/{yamada}"), &[("decision", "delete")]).await;
    assert_eq!(post.status, StatusCode::FORBIDDEN);
    assert_eq!(viewer.get(&t, "/account-reviews/new").await.status, StatusCode::FORBIDDEN);
    assert!(editor.get(&t, &at).await.body.contains("指摘 4件（未対応 4件"), "the viewer changed nothing");

    let prefs = [("lang", "en"), ("date_style", "western")];
    viewer.post_form(&t, "/account", "/account/preferences", &prefs).await;
    let english = viewer.get(&t, &at).await;
    assert!(english.body.contains("<h1>Account review 2025-05-16</h1>"), "{}", english.body);
    assert!(english.body.contains("Leavers&#39; enabled accounts"), "{}", english.body);
    assert!(
        english.body.contains("4 findings (4 open, 0 decided)")
            && english.body.contains("Not used for 196 days.")
    );
}

#[tokio::test]
async fn a_large_review_shows_a_page_per_kind_and_a_decision_returns_to_its_page() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    // 130 accounts nobody on the roster owns: more than one page of one kind.
    let review = outsiders_reviewed(&t, &mut c, 130).await;
    let first = c.get(&t, &review).await.body;
    assert_eq!(first.matches("id=\"finding-").count(), 100, "one page of the kind");
    assert!(first.contains("この種類の130件をすべて表示"), "{first}");
    let second = c.get(&t, &format!("{review}?show=&kind=no_owner&page=2")).await.body;
    assert_eq!(second.matches("id=\"finding-").count(), 30, "the rest on the second page");
    assert!(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""));
    assert!(second.contains("AD: ext129") && !second.contains("AD: ext000"), "in the review's order");

    let id = finding_id(&second, "AD: ext120");
    let path = format!("{review}/findings/{id}");
    let at = format!("{review}?show=&kind=no_owner&page=2");
    let fields = [("decision", "disable"), ("reason", ""), ("show", ""), ("kind", "no_owner"), ("page", "2")];
    let done = c.post_form(&t, &at, &path, &fields).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    assert!(done.location().contains("kind=no_owner&page=2"), "back to the same page: {}", done.location());
}

#[tokio::test]
async fn every_open_finding_of_a_kind_takes_one_decision() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let review = outsiders_reviewed(&t, &mut c, 3).await;
    let page = c.get(&t, &review).await.body;
    assert!(page.contains("id=\"decide-all-no_owner\""), "{page}");
    let path = format!("{review}/kinds/no_owner");
    let refused = c.post_form(&t, &review, &path, &[("decision", "keep"), ("reason", "")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("role=\"alert\""), "{}", refused.body);
    let done = c.post_form(&t, &review, &path, &[("decision", "disable"), ("reason", "")]).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let after = c.get(&t, done.location()).await.body;
    assert!(after.contains("まとめて対応を記録しました"), "{after}");
    assert!(after.contains("対応済み 3件"), "{after}");
    assert!(!after.contains("id=\"decide-all-no_owner\""), "nothing of the kind is open any more");
    let mut viewer = logged_in(&t, Role::Viewer).await;
    let denied = viewer.post_form(&t, &review, &path, &[("decision", "disable")]).await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
}
