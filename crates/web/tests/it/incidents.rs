//! インシデント対応 through the router: opening an incident from the registers, marking steps,
//! refused changes with their Japanese reasons, overdue steps, the chronology with its report
//! drafts, the JSON export, targets, and drills kept apart.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::role::Role;

async fn create(t: &TestApp, c: &mut Client, register: &str, fields: &[(&str, &str)]) {
    let new = format!("/registers/{register}/new");
    let reply = c.post_form(t, &new, &new, fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
}

/// Systems, a backup, a vendor and contacts, then an incident opened on two systems; returns
/// its path.
async fn opened(t: &TestApp, c: &mut Client) -> String {
    let systems: [&[(&str, &str)]; 3] = [
        &[("name", "PACS"), ("category", "PACS"), ("recovery_priority", "3")],
        &[
            ("name", "電子カルテ"),
            ("category", "電子カルテ"),
            ("recovery_priority", "1"),
            ("patient_info", "はい"),
            ("vendors", "A社"),
        ],
        &[("name", "レセコン"), ("category", "レセコン"), ("recovery_priority", "2")],
    ];
    for s in systems {
        create(t, c, "systems", s).await;
    }
    create(
        t,
        c,
        "backups",
        &[
            ("name", "カルテDB日次"),
            ("system", "電子カルテ"),
            ("method", "NAS"),
            ("frequency", "毎日"),
            ("offline", "はい"),
        ],
    )
    .await;
    create(t, c, "vendors", &[("name", "A社"), ("emergency_phone", "0120-111-222")]).await;
    create(t, c, "contacts", &[("role", "経営層"), ("name", "院長 山田"), ("phone", "内線100")]).await;
    let reply = c
        .post_form(
            t,
            "/incidents/new",
            "/incidents",
            &[
                ("kind", "ransomware"),
                ("detected_at", "2025-05-16T08:30"),
                ("detected_by", "外来看護師 佐藤"),
                ("detected_how", "画面に身代金を求める表示"),
                ("systems", "PACS"),
                ("systems", "電子カルテ"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert!(reply.location().contains("notice=incident.notice_opened"));
    reply.location().split('?').next().unwrap().to_owned()
}

/// The value of the hidden `expected` field of a step's form.
fn expected(page: &str, step: &str) -> String {
    let form = &page[page.find(&format!("id=\"form-{step}\"")).expect("the step has a form")..];
    let at = form.find("name=\"expected\" value=\"").unwrap() + 23;
    form[at..].split('"').next().unwrap().to_owned()
}

#[tokio::test]
async fn an_incident_is_opened_and_its_page_walks_the_phases_with_contacts_and_recovery_order() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let path = opened(&t, &mut c).await;
    let page = c.get(&t, &format!("{path}?notice=incident.notice_opened")).await.body;
    assert!(page.contains("インシデントの記録を開始しました。"), "{page}");
    for phase in ["検知", "初動対応", "復旧処理", "事後対応"] {
        assert!(page.contains(&format!("<h2>{phase} ")), "{phase}: {page}");
    }
    assert!(page.contains("発見から 30分 経過"), "elapsed since detection: {page}");
    assert!(page.contains("影響のある機器をネットワークから切り離す（電源は切らない）"));
    // Contacts are behind a click, the vendor of an affected system with its emergency number.
    let contacts = &page[page.find("id=\"step-report_executive\"").unwrap()..];
    let contacts = &contacts[..contacts.find("</details>").unwrap()];
    assert!(
        contacts.contains("<details") && contacts.contains("院長 山田") && contacts.contains("内線100"),
        "{contacts}"
    );
    assert!(page.contains("0120-111-222"), "the vendor's emergency number: {page}");
    // Recovery: the affected systems in recovery priority, with their backups.
    let recovery = &page[page.find("id=\"recovery\"").unwrap()..];
    let (karte, pacs) = (
        recovery.find("data-system=\"電子カルテ\"").unwrap(),
        recovery.find("data-system=\"PACS\"").unwrap(),
    );
    assert!(karte < pacs, "電子カルテ (1) before PACS (3)");
    assert!(!recovery[..recovery.find("</ol>").unwrap()].contains("レセコン"), "only affected systems");
    assert!(recovery.contains("カルテDB日次") && recovery.contains("オフライン保管: はい"), "{recovery}");

    let list = c.get(&t, "/incidents").await.body;
    assert!(list.contains(&format!("href=\"{path}\"")) && list.contains("対応中"), "{list}");
    let dashboard = c.get(&t, "/").await.body;
    assert!(
        dashboard.contains("対応中のインシデントがあります")
            && dashboard.contains(&format!("href=\"{path}\"")),
        "{dashboard}"
    );
    // A viewer reads it but gets no forms.
    let mut v = logged_in(&t, Role::Viewer).await;
    let viewer_page = v.get(&t, &path).await.body;
    assert!(viewer_page.contains("初動対応") && !viewer_page.contains("id=\"form-isolate_network\""));
}

#[tokio::test]
async fn a_new_incident_with_bad_input_is_refused_with_japanese_messages() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let reply = c
        .post_form(
            &t,
            "/incidents/new",
            "/incidents",
            &[
                ("kind", ""),
                ("detected_at", "2025-02-30T09:00"),
                ("detected_by", ""),
                ("systems", "存在しないシステム"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    for message in [
        "選択肢から選んでください",
        "日時は 2025-05-16 09:30 のように入力してください",
        "入力してください",
        "医療情報システム台帳にないシステムです: 存在しないシステム",
    ] {
        assert!(reply.body.contains(message), "{message}: {}", reply.body);
    }
    let future = c
        .post_form(
            &t,
            "/incidents/new",
            "/incidents",
            &[("kind", "other"), ("detected_at", "2025-05-16T12:00"), ("detected_by", "佐藤")],
        )
        .await;
    assert!(future.body.contains("未来の日時は入力できません"), "{}", future.body);
    assert!(t.app.incidents(t.users[&Role::Admin].institution_id, false).await.unwrap().is_empty());
}

#[tokio::test]
async fn marking_a_step_appends_to_the_timeline_and_a_stale_change_is_refused() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let path = opened(&t, &mut c).await;
    let page = c.get(&t, &path).await;
    assert_eq!(expected(&page.body, "isolate_network"), "0");
    let csrf = page.csrf();
    let step = format!("{path}/steps/isolate_network");

    let no_actor = c
        .send(
            &t,
            axum::http::Method::POST,
            &step,
            &[("csrf", &csrf), ("status", "done"), ("actor", ""), ("expected", "0")],
        )
        .await;
    assert_eq!(no_actor.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_actor.body.contains("実施済みにするには実施者を入力してください。"), "{}", no_actor.body);

    let before_detection = c
        .send(
            &t,
            axum::http::Method::POST,
            &step,
            &[
                ("csrf", &csrf),
                ("status", "done"),
                ("actor", "田中"),
                ("done_at", "2025-05-16T08:00"),
                ("expected", "0"),
            ],
        )
        .await;
    assert!(
        before_detection.body.contains("発見日時より前の日時は入力できません。"),
        "{}",
        before_detection.body
    );

    let ok = c
        .send(
            &t,
            axum::http::Method::POST,
            &step,
            &[
                ("csrf", &csrf),
                ("status", "done"),
                ("actor", "システム担当 田中"),
                ("done_at", "2025-05-16T08:45"),
                ("note", "LANケーブルを抜いた"),
                ("expected", "0"),
            ],
        )
        .await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let page = c.get(&t, &path).await.body;
    assert!(page.contains("id=\"step-isolate_network\" data-status=\"done\""), "{page}");
    assert!(page.contains("LANケーブルを抜いた") && page.contains("システム担当 田中"));
    assert_ne!(expected(&page, "isolate_network"), "0");

    // A second person still looking at the old page tries to mark the same step.
    let mut other = logged_in(&t, Role::Admin).await;
    let stale = other
        .post_form(&t, &path, &step, &[("status", "not_applicable"), ("note", "対象外"), ("expected", "0")])
        .await;
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert!(
        stale.body.contains("この手順は、あなたが画面を開いた後に editor さんが更新しました"),
        "{}",
        stale.body
    );
    // A different step from the same old view goes through.
    let other_step = other
        .post_form(
            &t,
            &path,
            &format!("{path}/steps/report_executive"),
            &[("status", "done"), ("actor", "院長 山田"), ("expected", "0")],
        )
        .await;
    assert_eq!(other_step.status, StatusCode::SEE_OTHER, "{}", other_step.body);

    // 事後対応 waits for 初動対応.
    let early = c
        .post_form(
            &t,
            &path,
            &format!("{path}/steps/report_results"),
            &[("status", "done"), ("actor", "院長"), ("expected", "0")],
        )
        .await;
    assert_eq!(early.status, StatusCode::CONFLICT);
    assert!(
        early.body.contains("事後対応の手順は、検知と初動対応の手順がすべて決まってから記録できます"),
        "{}",
        early.body
    );
    let close = c.post_form(&t, &path, &format!("{path}/close"), &[]).await;
    assert!(close.body.contains("まだ決まっていない手順が"), "{}", close.body);

    // A note and a correction of entry 2.
    let note = c
        .post_form(
            &t,
            &path,
            &format!("{path}/notes"),
            &[("note", "切り離し時刻は 08:44 が正しい"), ("corrects", "2")],
        )
        .await;
    assert_eq!(note.status, StatusCode::SEE_OTHER, "{}", note.body);
    let bad = c.post_form(&t, &path, &format!("{path}/notes"), &[("note", "x"), ("corrects", "99")]).await;
    assert!(bad.body.contains("番号 99 の記録はこのインシデントにありません。"), "{}", bad.body);
    let page = c.get(&t, &path).await.body;
    assert!(page.contains("訂正（番号 2 の記録）"), "{page}");
}

#[tokio::test]
async fn overdue_steps_are_flagged_by_the_institutions_targets() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let path = opened(&t, &mut c).await;
    // Detected 08:30; the clock says 09:00. 30 minutes: 記録 (15) and 切り離し (30) are due.
    t.clock.advance_minutes(1);
    let page = c.get(&t, &path).await.body;
    assert!(
        page.contains("id=\"step-record_signs\" data-status=\"not_done\" data-timing=\"overdue\""),
        "{page}"
    );
    assert!(page.contains("id=\"step-report_executive\" data-status=\"not_done\" data-timing=\"\""));
    // Sessions end after 30 idle minutes: look at the page in between.
    t.clock.advance_minutes(20);
    c.get(&t, &path).await;
    t.clock.advance_minutes(10);
    let page = c.get(&t, &path).await.body;
    assert!(
        page.contains("id=\"step-report_executive\" data-status=\"not_done\" data-timing=\"overdue\""),
        "{page}"
    );
    assert!(page.contains("目標時間を過ぎた未完了の手順が 5 件あります。"), "{page}");

    // The institution gives 経営層への報告 three hours.
    let targets = c
        .post_form(
            &t,
            "/incident-targets",
            "/incident-targets",
            &[("report_executive", "180"), ("isolate_network", "すぐ")],
        )
        .await;
    assert_eq!(targets.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(targets.body.contains("0〜43200 の分数で入力してください。"), "{}", targets.body);
    let targets =
        c.post_form(&t, "/incident-targets", "/incident-targets", &[("report_executive", "180")]).await;
    assert_eq!(targets.status, StatusCode::SEE_OTHER, "{}", targets.body);
    let page = c.get(&t, &path).await.body;
    assert!(
        page.contains("id=\"step-report_executive\" data-status=\"not_done\" data-timing=\"\""),
        "{page}"
    );
    assert!(page.contains("目標: 発見から3時間以内"));
}

#[tokio::test]
async fn the_chronology_and_the_json_export_carry_the_record_and_the_report_drafts() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let path = opened(&t, &mut c).await;
    c.post_form(
        &t,
        &path,
        &format!("{path}/steps/isolate_network"),
        &[("status", "done"), ("actor", "田中"), ("expected", "0")],
    )
    .await;
    c.post_form(&t, &path, &format!("{path}/notes"), &[("note", "事業者に電話、折り返し待ち")]).await;

    let print = c.get(&t, &format!("{path}/chronology")).await;
    assert_eq!(print.status, StatusCode::OK);
    let body = print.body;
    assert!(body.contains("<body class=\"print\">") && body.contains("さくら記念病院"), "{body}");
    for text in [
        "厚生労働省への連絡",
        "警察（サイバー犯罪相談窓口）への相談",
        "個人情報保護委員会への報告",
        "あり得る（患者情報を扱うシステム: 電子カルテ）",
        "事業者に電話、折り返し待ち",
        "影響のある機器をネットワークから切り離す（電源は切らない）（田中）",
        "記録の連鎖を確認しました",
    ] {
        assert!(body.contains(text), "{text}: {body}");
    }
    assert!(!body.contains("http://"), "no outside links");

    let (headers, bytes) = c.download(&t, &format!("{path}/timeline.json")).await;
    assert_eq!(headers["content-type"], "application/json");
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(json["chain_ok"], true);
    assert_eq!(json["timeline"].as_array().unwrap().len(), 3);
    assert_eq!(json["steps"]["isolate_network"]["status"], "done");
    assert_eq!(json["steps"]["isolate_network"]["actor"], "田中");
    assert_eq!(json["incident"]["facts"]["systems"], serde_json::json!(["PACS", "電子カルテ"]));
    assert_eq!(json["timeline"][1]["prev_hash"], json["timeline"][0]["hash"]);
}

#[tokio::test]
async fn a_drill_is_recorded_apart_from_real_incidents() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let form = c.get(&t, "/incidents/new?drill=1").await.body;
    assert!(form.contains("id=\"drill\" checked") && form.contains("ランサムウェア対応訓練"), "{form}");
    let reply = c
        .post_form(
            &t,
            "/incidents/new?drill=1",
            "/incidents",
            &[
                ("kind", "ransomware"),
                ("detected_at", "2025-05-16T09:00"),
                ("detected_by", "訓練担当"),
                ("drill", "1"),
            ],
        )
        .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let path = reply.location().split('?').next().unwrap().to_owned();
    let page = c.get(&t, &path).await.body;
    assert!(page.contains("id=\"drill-badge\">訓練</span>"), "{page}");
    let dashboard = c.get(&t, "/").await.body;
    assert!(!dashboard.contains("id=\"open-incidents\""), "a drill is not an incident in progress");
    let list = c.get(&t, "/incidents").await.body;
    let (real, drills) = list.split_at(list.find("id=\"drills\"").unwrap());
    assert!(real.contains("記録されたインシデントはありません。"), "{real}");
    assert!(drills.contains(&format!("href=\"{path}\"")) && drills.contains("訓練"), "{drills}");
    // Its printout says 訓練 on every page (a mark repeated in print) and on each report draft.
    let print = c.get(&t, &format!("{path}/chronology")).await.body;
    assert!(print.contains("id=\"drill-mark\">【訓練】</div>"), "{print}");
    let drafts = &print[print.find("id=\"report-drafts\"").unwrap()..];
    assert_eq!(drafts.matches("<h3>【訓練】").count(), drafts.matches("<h3>").count(), "{drafts}");
}

#[tokio::test]
async fn a_step_time_is_checked_against_the_servers_clock_when_saved_not_when_the_page_loaded() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let path = opened(&t, &mut c).await;
    let page = c.get(&t, &path).await;
    let input = page.body.split("name=\"done_at\"").nth(1).unwrap().split('>').next().unwrap().to_owned();
    assert!(!input.contains("max="), "the page does not freeze 'now' at its loading: {input}");
    let csrf = page.csrf();
    let mark = |step: &'static str, at: &'static str, expected: String| {
        let fields = [
            ("csrf", csrf.clone()),
            ("status", "done".into()),
            ("actor", "田中".into()),
            ("done_at", at.into()),
            ("expected", expected),
        ];
        (format!("{path}/steps/{step}"), fields)
    };
    // The page stays open while the incident goes on: twenty minutes later (09:20 by the
    // server's clock), a time four minutes ahead of it is a clock's skew and is kept.
    t.clock.advance_minutes(20);
    let (url, fields) = mark("isolate_network", "2025-05-16T09:24", expected(&page.body, "isolate_network"));
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let ok = c.send(&t, axum::http::Method::POST, &url, &fields).await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.body);
    let (url, fields) =
        mark("report_executive", "2025-05-16T09:30", expected(&page.body, "report_executive"));
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let ahead = c.send(&t, axum::http::Method::POST, &url, &fields).await;
    assert_eq!(ahead.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        ahead.body.contains("未来の日時は入力できません（サーバの時計より5分以上先です）。"),
        "{}",
        ahead.body
    );
}
