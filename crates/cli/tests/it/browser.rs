//! A real browser (Debian's chromium through chromedriver) goes through first-run setup,
//! logs in, sees the dashboard in Japanese, and logs out: on SQLite, and on PostgreSQL when
//! it is available. Screenshots land in `target/browser-screenshots/` for a person to look at.
use crate::harness::*;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// chromedriver, stopped when dropped; `port` takes its own commands (Chromium's DevTools ones).
pub(crate) struct Driver {
    child: Child,
    pub port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn browser_available() -> bool {
    let present = std::path::Path::new(CHROMEDRIVER).exists();
    if !present {
        assert!(
            std::env::var("REQUIRE_BROWSER").is_err(),
            "REQUIRE_BROWSER is set but {CHROMEDRIVER} is missing"
        );
        eprintln!("chromedriver not installed: skipping the browser test");
    }
    present
}

pub(crate) async fn start_browser(profile: &std::path::Path) -> (Driver, Client) {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let driver = Driver { child, port };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .expect("chromedriver session");
    (driver, client)
}

pub(crate) async fn fill(c: &Client, css: &str, text: &str) {
    c.find(Locator::Css(css)).await.unwrap().send_keys(text).await.unwrap();
}

pub(crate) async fn screenshot(c: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("../browser-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), c.screenshot().await.unwrap()).unwrap();
}

/// Logs in as the administrator `create_admin` made and waits for the dashboard.
pub(crate) async fn log_in_as_admin(c: &Client, login_url: String) {
    c.goto(&login_url).await.unwrap();
    fill(c, "#login_id", "admin").await;
    fill(c, "#password", PASSWORD).await;
    c.find(Locator::Css("#login-submit")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#card-checklist")).await.unwrap();
}

/// Opens the first assessment listed and goes to one of its items.
async fn open_first_assessment_item(c: &Client, assessments_url: String, key: &str) {
    c.goto(&assessments_url).await.unwrap();
    c.find(Locator::Css("a[href^='/assessments/']")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#card-progress")).await.unwrap();
    let mut url = c.current_url().await.unwrap();
    url.set_query(None);
    c.goto(&format!("{url}/items/{key}")).await.unwrap();
}

async fn walk_first_run(server: &Server, label: &str) {
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;

    c.goto(&server.url("/")).await.unwrap();
    assert!(c.current_url().await.unwrap().path().ends_with("/setup"));
    assert!(c.source().await.unwrap().contains("初期設定"));
    fill(&c, "#name", "さくら記念病院").await;
    c.find(Locator::Css("#kind")).await.unwrap().select_by_value("hospital").await.unwrap();
    c.find(Locator::Css("#prefecture")).await.unwrap().select_by_value("13").await.unwrap();
    fill(&c, "#beds", "120").await;
    fill(&c, "#login_id", "admin").await;
    fill(&c, "#display_name", "医療 一郎").await;
    fill(&c, "#password", PASSWORD).await;
    fill(&c, "#password_confirm", PASSWORD).await;
    screenshot(&c, &format!("{label}-1-setup")).await;
    c.find(Locator::Css("#setup-submit")).await.unwrap().click().await.unwrap();

    // The new administrator lands on the home page, logged in.
    c.wait().for_element(Locator::Css("#card-fiscal")).await.unwrap();
    let home = c.source().await.unwrap();
    assert!(home.contains("<html lang=\"ja\">"), "the dashboard is in Japanese");
    assert!(home.contains("初期設定が完了しました。登録した管理者としてログインしています"));
    assert!(home.contains("ホーム") && home.contains("年度") && home.contains("さくら記念病院"));
    assert!(home.contains("医療 一郎さん、こんにちは。"));
    screenshot(&c, &format!("{label}-2-dashboard")).await;

    c.find(Locator::Css("#logout")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#login-submit")).await.unwrap();
    assert!(c.source().await.unwrap().contains("ログアウトしました"));
    c.goto(&server.url("/")).await.unwrap();
    assert!(c.current_url().await.unwrap().path().ends_with("/login"), "logged out for real");
    fill(&c, "#login_id", "admin").await;
    fill(&c, "#password", PASSWORD).await;
    c.find(Locator::Css("#login-submit")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#card-fiscal")).await.unwrap();
    c.close().await.unwrap();
}

#[tokio::test]
async fn first_run_login_dashboard_logout_in_a_real_browser_on_sqlite() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["serve"]);
    walk_first_run(&server, "sqlite").await;
}

#[tokio::test]
async fn first_run_login_dashboard_logout_in_a_real_browser_on_postgres() {
    if !browser_available() {
        return;
    }
    let Some(url) = tokio::task::spawn_blocking(postgres_url).await.unwrap() else { return };
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["serve", "--database-url", &url]);
    walk_first_run(&server, "postgres").await;
}

#[tokio::test]
async fn an_assessment_is_answered_exported_and_printed_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let server = Server::start(dir.path(), &["serve"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;

    log_in_as_admin(&c, server.url("/login")).await;

    c.goto(&server.url("/assessments")).await.unwrap();
    c.find(Locator::Css("#start-assessment")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#card-progress")).await.unwrap();
    let mut url = c.current_url().await.unwrap();
    url.set_query(None);
    let overview = url.as_str().to_owned();

    // The preliminary question, then the responsible officer, through the item pages.
    c.goto(&format!("{overview}/items/system.in_use")).await.unwrap();
    c.find(Locator::Css("input[name='item.value'][value='yes']")).await.unwrap().click().await.unwrap();
    c.execute("document.querySelector(\"input[name='item.confirmed_1']\").value = '2026-05-20';", vec![])
        .await
        .unwrap();
    c.find(Locator::Css("#save-next")).await.unwrap().click().await.unwrap();
    c.wait()
        .for_url(&format!("{overview}/items/governance.security_officer").parse().unwrap())
        .await
        .unwrap();
    c.find(Locator::Css("input[name='item.value'][value='no']")).await.unwrap().click().await.unwrap();
    c.execute("document.querySelector(\"input[name='item.confirmed_1']\").value = '2026-05-20';", vec![])
        .await
        .unwrap();
    c.find(Locator::Css("#save")).await.unwrap().click().await.unwrap();
    // いいえ without a target date: the page says so, in Japanese, and keeps what was chosen.
    c.wait().for_element(Locator::Css("p.field-error")).await.unwrap();
    let refused = c.source().await.unwrap();
    assert!(refused.contains("「いいえ」の項目には目標日を入れてください"), "{refused}");
    c.execute("document.querySelector(\"input[name='item.target']\").value = '2027-03-31';", vec![])
        .await
        .unwrap();
    c.find(Locator::Css("#save")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#card-progress")).await.unwrap();
    let page = c.source().await.unwrap();
    assert!(page.contains("いいえ 1") && page.contains("令和9年3月31日"), "{page}");
    screenshot(&c, "assessment-overview").await;

    // The Excel download is a workbook.
    let check = c
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.querySelector('#xlsx-link').href).then(r => r.arrayBuffer().then(b => {
               const u = new Uint8Array(b);
               done([r.status, r.headers.get('content-type'), String.fromCharCode(u[0], u[1]), b.byteLength]);
             }));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(check[0], 200);
    assert_eq!(check[1], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert_eq!(check[2], "PK");

    c.find(Locator::Css("#print-link")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#print-institution")).await.unwrap();
    let print = c.source().await.unwrap();
    assert!(
        print.contains("さくら記念病院") && print.contains("医療情報システム安全管理責任者を設置している。")
    );
    screenshot(&c, "assessment-print").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_device_is_registered_and_its_gap_is_suggested_on_the_checklist_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    assert!(run(dir.path(), &["assessment", "new", "--fiscal-year", "2025"], "").status.success());
    let server = Server::start(dir.path(), &["serve"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;

    log_in_as_admin(&c, server.url("/login")).await;

    c.goto(&server.url("/ledger")).await.unwrap();
    c.find(Locator::Css("#asset-new")).await.unwrap().click().await.unwrap();
    fill(&c, "#f-asset_no", "SW-01").await;
    fill(&c, "#f-name", "コアスイッチ").await;
    c.execute(
        "document.querySelector('#f-kind').value = 'スイッチ';
         document.querySelector('#f-source_restricted').value = 'いいえ';",
        vec![],
    )
    .await
    .unwrap();
    c.find(Locator::Css("#asset-save")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#asset-edit")).await.unwrap();
    c.goto(&server.url("/ledger?q=sw-01")).await.unwrap();
    let list = c.find(Locator::Css("#ledger-table")).await.unwrap().text().await.unwrap();
    assert!(list.contains("コアスイッチ"), "{list}");

    open_first_assessment_item(&c, server.url("/assessments"), "network.restrict_sources").await;
    let box_text = c.find(Locator::Css("[data-suggestion='no']")).await.unwrap().text().await.unwrap();
    assert!(box_text.contains("いいえ") && box_text.contains("SW-01"), "{box_text}");
    screenshot(&c, "assessment-suggestion").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn contacts_are_entered_charted_and_the_suggestion_is_confirmed_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    assert!(run(dir.path(), &["assessment", "new", "--fiscal-year", "2025"], "").status.success());
    let server = Server::start(dir.path(), &["serve"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;

    log_in_as_admin(&c, server.url("/login")).await;

    c.goto(&server.url("/registers")).await.unwrap();
    c.find(Locator::Css("a[href='/registers/contacts']")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("#entry-new")).await.unwrap().click().await.unwrap();
    c.execute("document.querySelector('#f-role').value = '経営層';", vec![]).await.unwrap();
    fill(&c, "#f-name", "院長 山田").await;
    fill(&c, "#f-phone", "内線100").await;
    c.find(Locator::Css("#entry-save")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#entry-edit")).await.unwrap();

    c.goto(&server.url("/contact-chart")).await.unwrap();
    let chart = c.find(Locator::Css("#contact-chart")).await.unwrap().text().await.unwrap();
    assert!(chart.contains("院長 山田") && chart.contains("内線100"), "{chart}");
    screenshot(&c, "contact-chart").await;

    open_first_assessment_item(&c, server.url("/assessments"), "incident.contact_chart").await;
    let suggestion = c.find(Locator::Css("[data-suggestion='no']")).await.unwrap().text().await.unwrap();
    assert!(
        suggestion.contains("医療情報システム安全管理責任者"),
        "the missing roles are named: {suggestion}"
    );
    fill(&c, "#review-reason", "不足分は紙の体制図で補っている").await;
    c.find(Locator::Css("#suggestion-override")).await.unwrap().click().await.unwrap();
    let decision = c.wait().for_element(Locator::Css("#suggestion-decision")).await.unwrap();
    assert_eq!(decision.attr("data-decision").await.unwrap().as_deref(), Some("overridden"));
    c.close().await.unwrap();
}

#[tokio::test]
async fn an_account_review_is_run_and_a_decision_recorded_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let ad = dir.path().join("ad.csv");
    std::fs::write(&ad, "SamAccountName,Name,Enabled,LastLogonDate\r\nyamada,山田 太郎,True,2025/05/10\r\n")
        .unwrap();
    let roster = dir.path().join("名簿.csv");
    std::fs::write(&roster, "職員番号,氏名,退職日\r\n0012,山田太郎,2020-03-31\r\n").unwrap();
    let server = Server::start(dir.path(), &["serve"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;

    log_in_as_admin(&c, server.url("/login")).await;

    c.goto(&server.url("/account-reviews")).await.unwrap();
    c.find(Locator::Css("#review-new")).await.unwrap().click().await.unwrap();
    fill(&c, "#accounts_1", &ad.display().to_string()).await;
    fill(&c, "#roster", &roster.display().to_string()).await;
    c.find(Locator::Css("#review-run")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#review-counts")).await.unwrap();
    let page = c.source().await.unwrap();
    assert!(page.contains("退職者の有効なアカウント") && page.contains("AD: yamada"), "{page}");
    screenshot(&c, "account-review-findings").await;

    c.find(Locator::Css("#kind-leaver_enabled select"))
        .await
        .unwrap()
        .select_by_value("disable")
        .await
        .unwrap();
    c.find(Locator::Css("#kind-leaver_enabled button")).await.unwrap().click().await.unwrap();
    // The page before the decision has a notice too (the review's creation): wait for the row
    // that only the page after it shows.
    c.wait().for_element(Locator::Css("#kind-leaver_enabled tr[data-decision='disable']")).await.unwrap();
    c.find(Locator::Css("p.notice")).await.unwrap();
    let counts = c.find(Locator::Css("#review-counts")).await.unwrap().text().await.unwrap();
    assert!(counts.contains("対応済み 1件"), "{counts}");
    let leaver = c.find(Locator::Css("#kind-leaver_enabled")).await.unwrap().text().await.unwrap();
    assert!(leaver.contains("無効化"), "{leaver}");
    screenshot(&c, "account-review-decided").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_drill_is_started_a_step_marked_and_the_chronology_printed_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let server = Server::start(dir.path(), &["serve"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;

    log_in_as_admin(&c, server.url("/login")).await;

    c.goto(&server.url("/incidents")).await.unwrap();
    c.find(Locator::Css("#drill-new")).await.unwrap().click().await.unwrap();
    fill(&c, "#detected_by", "訓練担当 佐藤").await;
    fill(&c, "#detected_how", "訓練: 電子カルテ端末に脅迫文が表示された想定").await;
    c.find(Locator::Css("#incident-start")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#incident-summary")).await.unwrap();
    let badge = c.find(Locator::Css("#drill-badge")).await.unwrap().text().await.unwrap();
    assert_eq!(badge, "訓練");

    fill(&c, "#form-isolate_network input[name='actor']", "システム担当 田中").await;
    fill(&c, "#form-isolate_network input[name='note']", "LANケーブルを抜いた").await;
    c.find(Locator::Css("#form-isolate_network button")).await.unwrap().click().await.unwrap();
    // The page already shows the notice of the opening: wait for what only the next one shows.
    c.wait().for_element(Locator::Css("#step-isolate_network[data-status='done']")).await.unwrap();
    let step = c.find(Locator::Css("#step-isolate_network")).await.unwrap();
    assert_eq!(step.attr("data-status").await.unwrap().as_deref(), Some("done"));
    assert!(step.text().await.unwrap().contains("システム担当 田中"));
    screenshot(&c, "incident-drill").await;

    c.find(Locator::Css("#chronology-link")).await.unwrap().click().await.unwrap();
    let sheet = c.wait().for_element(Locator::Css("#chronology")).await.unwrap().text().await.unwrap();
    assert!(sheet.contains("【訓練】") && sheet.contains("LANケーブルを抜いた"), "{sheet}");
    assert!(sheet.contains("厚生労働省への連絡") && sheet.contains("個人情報保護委員会への報告"), "{sheet}");
    screenshot(&c, "incident-chronology").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn a_survey_gate_is_answered_its_follow_up_appears_and_the_sheet_prints_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let server = Server::start(dir.path(), &["serve"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;

    log_in_as_admin(&c, server.url("/login")).await;

    c.goto(&server.url("/surveys")).await.unwrap();
    c.find(Locator::Css("a[href='/surveys/mhlw-survey-fy2022-hospital']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait().for_element(Locator::Css("#q-Q7")).await.unwrap();
    assert!(c.find(Locator::Css("#q-Q8")).await.is_err(), "Q8 waits for the EHR question");
    c.find(Locator::Css("input[name='a.Q7'][value='true']")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("#survey-save")).await.unwrap().click().await.unwrap();
    // The page already shows the notice of the first save: wait for the question it adds.
    c.wait().for_element(Locator::Css("#q-Q8")).await.unwrap();
    let q8 = c.find(Locator::Css("#q-Q8")).await.unwrap().text().await.unwrap();
    assert!(q8.contains("バックアップデータ作成"), "{q8}");
    let progress = c.find(Locator::Css("#survey-progress")).await.unwrap().text().await.unwrap();
    assert!(progress.contains("2問に回答"), "Q7, and Q1 begun from the institution: {progress}");
    screenshot(&c, "survey-follow-up").await;

    c.find(Locator::Css("a[href='/surveys/mhlw-survey-fy2022-hospital/print']"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let line = c.wait().for_element(Locator::Css("#line-Q7")).await.unwrap().text().await.unwrap();
    assert!(line.contains("はい"), "{line}");
    assert!(c.find(Locator::Css("button[data-print]")).await.is_ok());
    screenshot(&c, "survey-print").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn many_bundles_are_aggregated_and_a_bad_one_is_named_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let bundle = |code: &str, name: &str, bcp: bool| {
        serde_json::json!({
            "format": "iryosec-survey", "version": 1, "exported_at": "2024-02-20T10:00:00+09:00",
            "institution": { "name": name, "kind": "hospital", "prefecture": 13, "medical_code": code, "beds": 250 },
            "fiscal_year": 2023,
            "edition": { "id": "mhlw-survey-fy2023-hospital", "title": "調査", "fiscal_year": 2023 },
            "answers": { "Q2": true, "Q10": bcp, "Q11": true, "Q12": true, "Q12-5": true }, "complete": false
        })
        .to_string()
    };
    let files = [
        ("a.json", bundle("1310000001", "あおい病院", true)),
        ("b.json", bundle("1310000002", "みなと病院", false)),
        ("broken.json", "{ not json".to_owned()),
    ];
    let mut paths = Vec::new();
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
        paths.push(dir.path().join(name).display().to_string());
    }
    let server = Server::start(dir.path(), &["serve"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;
    log_in_as_admin(&c, server.url("/login")).await;

    c.goto(&server.url("/aggregate")).await.unwrap();
    // A multiple file input takes its paths one per line.
    fill(&c, "#bundles", &paths.join("\n")).await;
    c.find(Locator::Css("#aggregate-run")).await.unwrap().click().await.unwrap();
    let summary =
        c.wait().for_element(Locator::Css("#aggregate-summary")).await.unwrap().text().await.unwrap();
    assert!(summary.contains("医療機関数 2") && summary.contains("読めなかったファイル 1"), "{summary}");
    let refused = c.find(Locator::Css("#aggregate-refused")).await.unwrap().text().await.unwrap();
    assert!(refused.contains("broken.json"), "{refused}");
    let gaps = c.find(Locator::Css("#aggregate-gaps")).await.unwrap().text().await.unwrap();
    assert!(
        gaps.contains("みなと病院") && !gaps.contains("あおい病院"),
        "only the hospital without a BCP: {gaps}"
    );
    screenshot(&c, "aggregate").await;
    c.close().await.unwrap();
}

#[tokio::test]
async fn the_first_response_card_is_printed_and_the_bcp_check_opened_in_a_real_browser() {
    if !browser_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let server = Server::start(dir.path(), &["serve"]);
    let profile = tempfile::tempdir().unwrap();
    let (_driver, c) = start_browser(profile.path()).await;

    log_in_as_admin(&c, server.url("/login")).await;

    c.goto(&server.url("/registers/contacts/new")).await.unwrap();
    c.execute("document.querySelector('#f-role').value = '経営層';", vec![]).await.unwrap();
    fill(&c, "#f-name", "院長 山田").await;
    fill(&c, "#f-phone", "090-1234-5678").await;
    c.find(Locator::Css("#entry-save")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#entry-edit")).await.unwrap();
    c.goto(&server.url("/registers/backups/new")).await.unwrap();
    fill(&c, "#f-name", "週次テープ").await;
    fill(&c, "#f-system", "電子カルテ").await;
    fill(&c, "#f-method", "LTO テープ").await;
    c.execute("document.querySelector('#f-frequency').value = '毎週';", vec![]).await.unwrap();
    c.execute("document.querySelector('#f-offline').value = 'はい';", vec![]).await.unwrap();
    fill(&c, "#f-place", "事務棟2階 耐火金庫").await;
    c.find(Locator::Css("#entry-save")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#entry-edit")).await.unwrap();

    c.goto(&server.url("/")).await.unwrap();
    let warning = c.find(Locator::Css("#card-warning")).await.unwrap().text().await.unwrap();
    assert!(warning.contains("まだ印刷の記録がありません"), "{warning}");
    c.find(Locator::Css("#card-warning a")).await.unwrap().click().await.unwrap();
    let card = c.wait().for_element(Locator::Css("#card-calls")).await.unwrap().text().await.unwrap();
    assert!(card.contains("090-1234-5678"), "{card}");
    let backups = c.find(Locator::Css("#card-backups")).await.unwrap().text().await.unwrap();
    assert!(backups.contains("事務棟2階 耐火金庫"), "{backups}");
    screenshot(&c, "bcp-card").await;
    c.find(Locator::Css("#card-printed")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#card-status[data-freshness='current']")).await.unwrap();
    let status = c.find(Locator::Css("#card-status")).await.unwrap();
    assert_eq!(status.attr("data-freshness").await.unwrap().as_deref(), Some("current"));

    c.goto(&server.url("/bcp")).await.unwrap();
    c.wait().for_element(Locator::Css("#bcp-form")).await.unwrap();
    c.find(Locator::Css("select[name='status.normal.drills']"))
        .await
        .unwrap()
        .select_by_value("not_done")
        .await
        .unwrap();
    c.find(Locator::Css("#bcp-save")).await.unwrap().click().await.unwrap();
    c.wait().for_element(Locator::Css("#bcp-suggestion[data-suggestion='no']")).await.unwrap();
    let suggestion = c.find(Locator::Css("#bcp-suggestion")).await.unwrap();
    assert_eq!(suggestion.attr("data-suggestion").await.unwrap().as_deref(), Some("no"));
    assert!(suggestion.text().await.unwrap().contains("1-7 訓練"));
    screenshot(&c, "bcp-check").await;
    c.close().await.unwrap();
}
