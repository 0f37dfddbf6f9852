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
    let overview = c.get(&t, &base).await.body;
    let progress = overview.split("id=\"card-progress\"").nth(1).unwrap().split("</svg>").next().unwrap();
    assert!(progress.contains(">1 体制構築</text>") && progress.contains(">未着手</text>"), "{progress}");
    assert!(!progress.contains(">0/0<"), "nothing is counted as 0/0: {progress}");

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
    assert!(outside.body.contains("目標日はこの年度の中（令和7年4月1日〜令和8年3月31日）にしてください"));
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
    let head = t.app.audit_anchor(iryosec_core::InstitutionId(1)).await.unwrap().unwrap();
    let anchor = format!("改ざん検知用の控え: この医療機関の監査ログの{}件目", head.seq);
    assert!(print.body.contains(&anchor) && print.body.contains(&head.hash), "the head is in the footer");
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

mod exchange {
    use super::*;
    use iryosec_io::assessment_sheet::{SheetHead, read_xlsx, write_xlsx};

    #[tokio::test]
    async fn excel_goes_out_and_comes_back_filled_in() {
        let t = ready().await;
        let mut c = logged_in(&t, Role::Editor).await;
        let base = started(&t, &mut c, "2025", "mhlw-checklist-r7-hospital", "").await;
        let (headers, bytes) = c.download(&t, &format!("{base}/export.xlsx")).await;
        assert!(headers.get("content-disposition").unwrap().to_str().unwrap().contains("filename*=UTF-8''"));
        assert!(bytes.starts_with(b"PK"));
        // A person fills in two rows in Excel; the sheet is rebuilt as Excel would save it.
        let read = read_xlsx(&bytes).unwrap();
        let id: i64 = base.rsplit('/').next().unwrap().parse().unwrap();
        let inst = t.users[&Role::Editor].institution_id;
        let (head, mut rows) = t.app.sheet(inst, id).await.unwrap();
        assert_eq!(rows.len(), read.rows.len());
        let officer = rows.iter_mut().find(|r| r.key == "governance.security_officer").unwrap();
        officer.answer = "はい".into();
        officer.confirmed[0] = "2025-05-01".into();
        let logs = rows.iter_mut().find(|r| r.key == "access.logs").unwrap();
        logs.answer = "いいえ".into();
        logs.confirmed[0] = "2025-05-01".into();
        logs.target = "2026-03-31".into();
        let filled = write_xlsx(&SheetHead { ..head }, &rows).unwrap();
        let csrf = c.get(&t, &base).await.csrf();
        let reply = c.upload(&t, &format!("{base}/import"), &csrf, "filled.xlsx", &filled).await;
        assert_eq!(reply.location(), format!("{base}?notice=assessment.imported"), "{}", reply.body);
        let overview = c.get(&t, &base).await;
        assert!(overview.body.contains("はい 1・いいえ 1"), "{}", overview.body);
    }

    #[tokio::test]
    async fn the_second_check_column_follows_the_edition_and_comes_back_in() {
        for (year, edition, second) in
            [("2024", "mhlw-checklist-r6-hospital", true), ("2025", "mhlw-checklist-r7-hospital", false)]
        {
            let t = ready().await;
            let mut c = logged_in(&t, Role::Editor).await;
            let base = started(&t, &mut c, year, edition, "").await;
            let (_, bytes) = c.download(&t, &format!("{base}/export.xlsx")).await;
            let exported = read_xlsx(&bytes).unwrap();
            assert_eq!(!exported.column_of("confirmed_2").is_empty(), second, "{edition}: 確認日（2回目）");
            assert_eq!(exported.column_of("confirmed_1"), "F");
            assert_eq!(exported.edition_id, edition, "the hidden id is read back");
            let id: i64 = base.rsplit('/').next().unwrap().parse().unwrap();
            let inst = t.users[&Role::Editor].institution_id;
            let (head, mut rows) = t.app.sheet(inst, id).await.unwrap();
            let officer = rows.iter_mut().find(|r| r.key == "governance.security_officer").unwrap();
            officer.answer = "はい".into();
            officer.confirmed[0] = format!("{year}-05-01");
            officer.confirmed[1] = if second { format!("{year}-10-01") } else { String::new() };
            let filled = write_xlsx(&head, &rows).unwrap();
            let csrf = c.get(&t, &base).await.csrf();
            let reply = c.upload(&t, &format!("{base}/import"), &csrf, "filled.xlsx", &filled).await;
            assert_eq!(
                reply.location(),
                format!("{base}?notice=assessment.imported"),
                "{edition}: {}",
                reply.body
            );
            let overview = c.get(&t, &base).await.body;
            assert!(overview.contains("はい 1・いいえ 0"), "{edition}");
            let view = t.app.assessment_view(inst, id).await.unwrap();
            let slot = iryosec_core::assessment::Slot::new("governance.security_officer", None);
            assert_eq!(
                view.answers[&slot].confirmed[1].is_some(),
                second,
                "{edition}: the second date is kept"
            );
        }
    }

    #[tokio::test]
    async fn a_bad_cell_is_named_and_nothing_is_saved() {
        let t = ready().await;
        let mut c = logged_in(&t, Role::Editor).await;
        let base = started(&t, &mut c, "2025", "mhlw-checklist-r7-hospital", "").await;
        let id: i64 = base.rsplit('/').next().unwrap().parse().unwrap();
        let inst = t.users[&Role::Editor].institution_id;
        let (head, mut rows) = t.app.sheet(inst, id).await.unwrap();
        let officer = rows.iter_mut().find(|r| r.key == "governance.security_officer").unwrap();
        officer.answer = "はい".into();
        officer.confirmed[0] = "2025-05-01".into();
        let at = rows.iter().position(|r| r.key == "access.logs").unwrap();
        rows[at].answer = "いいえ".into();
        rows[at].confirmed[0] = "2025-05-01".into();
        rows[at].target = "2027-01-01".into();
        let bytes = write_xlsx(&head, &rows).unwrap();
        let csrf = c.get(&t, &base).await.csrf();
        let reply = c.upload(&t, &format!("{base}/import"), &csrf, "bad.xlsx", &bytes).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let row = 5 + at;
        assert!(reply.body.contains(&format!("チェックリスト!G{row}")), "{}", reply.body);
        assert!(reply.body.contains("目標日はこの年度の中"));
        assert!(
            c.get(&t, &base).await.body.contains("はい 0・いいえ 0"),
            "the good row was not saved either"
        );

        let junk =
            c.upload(&t, &format!("{base}/import"), &csrf, "junk.json", b"{\"format\":\"other\"}").await;
        assert!(junk.body.contains("iryosec の自己点検データ"));
        let no_token = c.upload(&t, &format!("{base}/import"), "", "x.xlsx", &bytes).await;
        assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    }

    #[tokio::test]
    async fn csv_and_json_downloads() {
        let t = ready().await;
        let mut c = logged_in(&t, Role::Viewer).await;
        let mut editor = logged_in(&t, Role::Editor).await;
        let base = started(&t, &mut editor, "2025", "mhlw-checklist-r7-hospital", "").await;
        let item = format!("{base}/items/access.logs");
        editor
            .post_form(
                &t,
                &item,
                &item,
                &[
                    ("server.value", "no"),
                    ("server.confirmed_1", "2025-05-01"),
                    ("server.target", "2026-03-31"),
                ],
            )
            .await;
        let (_, csv) = c.download(&t, &format!("{base}/export.csv")).await;
        assert!(csv.starts_with("\u{feff}".as_bytes()));
        assert!(
            String::from_utf8(csv)
                .unwrap()
                .contains("アクセスログを管理している。,サーバ,いいえ,2025-05-01,2026-03-31")
        );
        let (_, json) = c.download(&t, &format!("{base}/export.json")).await;
        let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(
            (v["format"].as_str(), v["version"].as_u64(), v["fiscal_year"].as_i64()),
            (Some("iryosec-assessment"), Some(1), Some(2025))
        );
        assert_eq!(v["answers"][0]["target"], "2026-03-31");
        assert_eq!(v["institution"]["name"], "さくら記念病院");
    }
}

#[tokio::test]
async fn the_dashboard_shows_this_years_checklist_and_the_years_before() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let home = c.get(&t, "/").await;
    assert!(home.body.contains("令和7年度の自己点検はまだ始まっていません"), "{}", home.body);
    let last = started(&t, &mut c, "2024", "mhlw-checklist-r6-hospital", "").await;
    let item = format!("{last}/items/governance.security_officer");
    c.post_form(&t, &item, &item, &[("item.value", "yes"), ("item.confirmed_1", "2024-06-03")]).await;
    let this = started(&t, &mut c, "2025", "mhlw-checklist-r7-hospital", "").await;
    let logs = format!("{this}/items/access.logs");
    c.post_form(
        &t,
        &logs,
        &logs,
        &[("server.value", "no"), ("server.confirmed_1", "2025-05-01"), ("server.target", "2025-05-10")],
    )
    .await;
    let home = c.get(&t, "/").await;
    assert!(home.body.contains("id=\"card-checklist\"") && home.body.contains("（令和7年度）"));
    assert!(home.body.contains("目標日を過ぎた「いいえ」が 1 件あります"), "{}", home.body);
    assert!(home.body.contains("id=\"card-yoy\""), "two years make a chart");
    assert!(home.body.contains("令和6年度 1: 100%"), "{}", home.body);
    let chart = home.body.split("id=\"card-yoy\"").nth(1).unwrap().split("</svg>").next().unwrap();
    assert!(
        chart.contains(">1 体制構築</text>") && chart.contains(">2 医療情報システムの管理・…</text>"),
        "bars are named: {chart}"
    );
    assert!(
        chart.contains("width=\"") && chart.contains("class=\"chart natural\""),
        "drawn at its own size: {chart}"
    );
    // Each いいえ names its scope, so one item's two scopes read apart.
    assert!(
        home.body.contains("<li class=\"overdue\">2-⑪ サーバ アクセスログを管理している。"),
        "{}",
        home.body
    );
}

#[tokio::test]
async fn evidence_is_attached_checked_downloaded_and_removed() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let base = started(&t, &mut c, "2025", "mhlw-checklist-r7-hospital", "").await;
    let item = format!("{base}/items/assets.ledger");
    let csrf = c.get(&t, &item).await.csrf();
    let pdf = b"%PDF-1.7 ledger printout".to_vec();
    let ok = c.upload(&t, &format!("{item}/evidence"), &csrf, "情報機器台帳.pdf", &pdf).await;
    assert_eq!(ok.location(), format!("{item}?notice=evidence.added#evidence"), "{}", ok.body);
    let page = c.get(&t, &item).await;
    assert!(page.body.contains("情報機器台帳.pdf"));
    let href = page.body.split("href=\"/evidence/").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let (headers, bytes) = c.download(&t, &format!("/evidence/{href}")).await;
    assert_eq!(bytes, pdf);
    assert_eq!(headers.get("content-type").unwrap(), "application/pdf");
    assert!(headers.get("content-disposition").unwrap().to_str().unwrap().starts_with("attachment;"));

    let html_file =
        c.upload(&t, &format!("{item}/evidence"), &csrf, "x.html", b"<script>alert(1)</script>").await;
    assert_eq!(html_file.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html_file.body.contains("この種類のファイルは添付できません"));
    let fake = c.upload(&t, &format!("{item}/evidence"), &csrf, "fake.pdf", b"MZ\x90\x00").await;
    assert!(fake.body.contains("ファイルの中身が拡張子（.pdf）と合いません"));
    let huge = vec![b'a'; iryosec_core::evidence::MAX_BYTES + 10];
    let big = c.upload(&t, &format!("{item}/evidence"), &csrf, "big.txt", &huge).await;
    assert!(big.body.contains("ファイルが大きすぎます"), "{}", big.status);

    let mut viewer = logged_in(&t, Role::Viewer).await;
    let vcsrf = viewer.get(&t, &item).await.csrf();
    assert_eq!(
        viewer.upload(&t, &format!("{item}/evidence"), &vcsrf, "a.pdf", &pdf).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(viewer.download(&t, &format!("/evidence/{href}")).await.1, pdf);

    let json = c.download(&t, &format!("{base}/export.json")).await.1;
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["evidence"][0]["file_name"], "情報機器台帳.pdf");
    assert_eq!(v["evidence"][0]["sha256"].as_str().unwrap().len(), 64);

    let gone =
        c.send(&t, axum::http::Method::POST, &format!("/evidence/{href}/delete"), &[("csrf", &csrf)]).await;
    assert!(gone.location().contains("notice=evidence.deleted"));
    assert!(c.get(&t, &item).await.body.contains("添付ファイルはありません"));
}

mod exchange_edges {
    use super::*;
    use iryosec_io::assessment_sheet::write_xlsx;

    #[tokio::test]
    async fn not_applicable_and_draft_rows_survive_a_round_trip() {
        let t = ready().await;
        let mut c = logged_in(&t, Role::Editor).await;
        let first = started(&t, &mut c, "2024", "mhlw-checklist-r6-hospital", "").await;
        let officer = format!("{first}/items/governance.security_officer");
        c.post_form(&t, &officer, &officer, &[("item.value", "yes"), ("item.confirmed_1", "2024-06-03")])
            .await;
        let id = first.rsplit('/').next().unwrap().to_owned();
        let base = started(&t, &mut c, "2025", "mhlw-checklist-r7-hospital", &id).await;
        // A vendor item answered, then the contract box unticked: the answer is kept but 対象外.
        let remote = format!("{base}/items/vendor.remote_maintenance_checked");
        c.post_form(&t, &remote, &remote, &[("general.value", "yes"), ("general.confirmed_1", "2025-05-01")])
            .await;
        c.post_form(&t, &base, &format!("{base}/facts"), &[]).await;
        let aid: i64 = base.rsplit('/').next().unwrap().parse().unwrap();
        let inst = t.users[&Role::Editor].institution_id;
        let (head, rows) = t.app.sheet(inst, aid).await.unwrap();
        assert_eq!(
            rows.iter().find(|r| r.key == "vendor.remote_maintenance_checked").unwrap().answer,
            "対象外"
        );
        assert_eq!(
            rows.iter().find(|r| r.key == "governance.security_officer").unwrap().answer,
            "はい（下書き）"
        );
        let bytes = write_xlsx(&head, &rows).unwrap();
        let csrf = c.get(&t, &base).await.csrf();
        let reply = c.upload(&t, &format!("{base}/import"), &csrf, "same.xlsx", &bytes).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
        let view = t.app.assessment_view(inst, aid).await.unwrap();
        let kept = &view.answers[&iryosec_core::assessment::Slot::new(
            "vendor.remote_maintenance_checked",
            Some(iryosec_core::catalog::Scope::General),
        )];
        assert_eq!(
            kept.value,
            Some(iryosec_core::assessment::YesNo::Yes),
            "the 対象外 row did not erase the answer"
        );
        assert!(
            view.answers[&iryosec_core::assessment::Slot::new("governance.security_officer", None)].draft,
            "drafts stay drafts"
        );

        let mut rows = rows;
        rows.iter_mut().find(|r| r.key == "assets.ledger").unwrap().answer = "対象外".into();
        let bytes = write_xlsx(&head, &rows).unwrap();
        let refused = c.upload(&t, &format!("{base}/import"), &csrf, "na.xlsx", &bytes).await;
        assert!(refused.body.contains("この項目は対象外ではありません"), "{}", refused.body);
    }

    #[tokio::test]
    async fn a_bundle_for_another_year_or_of_another_kind_is_refused() {
        let t = ready().await;
        let mut c = logged_in(&t, Role::Editor).await;
        let old = started(&t, &mut c, "2024", "mhlw-checklist-r6-hospital", "").await;
        let base = started(&t, &mut c, "2025", "mhlw-checklist-r7-hospital", "").await;
        let (_, json) = c.download(&t, &format!("{old}/export.json")).await;
        let csrf = c.get(&t, &base).await.csrf();
        let other = c.upload(&t, &format!("{base}/import"), &csrf, "old.json", &json).await;
        assert!(other.body.contains("別の年度または別の版"), "{}", other.body);
        let csv = c.upload(&t, &format!("{base}/import"), &csrf, "x.csv", "\u{feff}節,番号".as_bytes()).await;
        assert!(csv.body.contains("取り込めるのは"), "{}", csv.body);
    }
}

#[tokio::test]
async fn each_item_shows_what_the_ledger_suggests_with_its_reasons() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let switch = [
        ("asset_no", "SW-1"),
        ("name", "コアスイッチ"),
        ("kind", "スイッチ"),
        ("source_restricted", "いいえ"),
    ];
    let made = c.post_form(&t, "/ledger/new", "/ledger/new", &switch).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let base = started(&t, &mut c, "2025", "mhlw-checklist-r7-hospital", "").await;
    let page = c.get(&t, &format!("{base}/items/network.restrict_sources")).await;
    assert!(page.body.contains("台帳からの提案"), "{}", page.body);
    assert!(page.body.contains("data-suggestion=\"no\""), "{}", page.body);
    assert!(page.body.contains("接続元を制限していない機器が1台あります: SW-1"), "{}", page.body);
    let bcp = c.get(&t, &format!("{base}/items/bcp.plan")).await;
    assert!(bcp.body.contains("data-suggestion=\"insufficient\""), "{}", bcp.body);
    assert!(!bcp.body.contains("data-suggestion=\"yes\""));
}
