//! The registers' pages: systems and vendors with their links, import and export, backups
//! judged, the contact chart, vendor sheets round trip, and reviewing a suggestion.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::role::Role;

async fn create(t: &TestApp, c: &mut Client, register: &str, fields: &[(&str, &str)]) -> String {
    let new = format!("/registers/{register}/new");
    let reply = c.post_form(t, &new, &new, fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.location().split('?').next().unwrap().to_owned()
}

#[tokio::test]
async fn systems_and_vendors_link_to_each_other_and_keep_their_history() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let bad = c
        .post_form(
            &t,
            "/registers/vendors/new",
            "/registers/vendors/new",
            &[("name", ""), ("mds_sds_received_on", "2025年13月1日")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("入力してください") && bad.body.contains("日付として読めません"),
        "{}",
        bad.body
    );
    let vendor = create(&t, &mut c, "vendors", &[("name", "A社"), ("emergency_phone", "0120-000-000")]).await;
    let system = create(
        &t,
        &mut c,
        "systems",
        &[("name", "電子カルテ"), ("category", "電子カルテ"), ("vendors", "A社、B社"), ("assets", "SV-404")],
    )
    .await;
    let page = c.get(&t, &system).await.body;
    assert!(page.contains(&format!("href=\"{vendor}\">A社</a>")), "{page}");
    assert!(page.contains("B社 <span class=\"muted small\">（未登録）"), "unknown names are flagged: {page}");
    let vendor_page = c.get(&t, &vendor).await.body;
    assert!(vendor_page.contains(&format!("href=\"{system}\">電子カルテ</a>")), "a vendor lists its systems");

    let again = c
        .post_form(
            &t,
            "/registers/systems/new",
            "/registers/systems/new",
            &[("name", "電子カルテ"), ("category", "PACS")],
        )
        .await;
    assert!(again.body.contains("同じ名前の登録がすでにあります"), "{}", again.body);
    let edit = format!("{vendor}/edit");
    c.post_form(&t, &edit, &edit, &[("name", "A社"), ("mds_sds_received_on", "R7.4.1")]).await;
    let vendor_page = c.get(&t, &vendor).await.body;
    assert!(vendor_page.contains("令和7年4月1日") && vendor_page.contains("台帳の変更"), "{vendor_page}");
    assert!(
        vendor_page.contains("MDS/SDS受領日: — → 令和7年4月1日"),
        "history names the field: {vendor_page}"
    );
    let system_page = c.get(&t, &system).await.body;
    assert!(system_page.contains("事業者: A社、B社"), "a list reads as a list: {system_page}");
    let list = c.get(&t, "/registers/systems?q=カルテ").await.body;
    assert!(list.contains(">電子カルテ</a>"), "{list}");
    assert!(!c.get(&t, "/registers/systems?q=PACS").await.body.contains(">電子カルテ</a>"));
}

#[tokio::test]
async fn a_register_exports_and_imports_all_or_nothing() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    create(&t, &mut c, "contacts", &[("role", "経営層"), ("name", "院長 山田"), ("phone", "内線100")]).await;
    let (_, xlsx) = c.download(&t, "/registers/contacts/export.xlsx").await;
    let (_, csv) = c.download(&t, "/registers/contacts/export.csv").await;
    assert!(csv.starts_with(b"\xef\xbb\xbf") && String::from_utf8_lossy(&csv).contains("院長 山田"));
    let csrf = c.get(&t, "/registers/contacts/import").await.csrf();
    let (sjis, _, _) = encoding_rs::SHIFT_JIS
        .encode("役割,氏名,電話番号\r\n警察,サイバー犯罪相談窓口,#9110\r\n宇宙人,X,\r\n");
    let refused = c.upload(&t, "/registers/contacts/import", &csrf, "連絡先.csv", &sjis).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.body.contains("<td class=\"nowrap\">3</td><td class=\"nowrap\">A（役割）</td>"),
        "{}",
        refused.body
    );
    let list = c.get(&t, "/registers/contacts").await.body;
    assert!(!list.contains("サイバー犯罪相談窓口"), "nothing of a refused file is kept");
    let csrf = c.get(&t, "/registers/contacts/import").await.csrf();
    let ok = c.upload(&t, "/registers/contacts/import", &csrf, "contacts.xlsx", &xlsx).await;
    assert_eq!(ok.location(), "/registers/contacts?notice=register.imported", "{}", ok.body);
}

/// The number formats a downloaded workbook declares.
fn number_formats(xlsx: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    std::io::read_to_string(zip.by_name("xl/styles.xml").unwrap()).unwrap()
}

#[tokio::test]
async fn the_ledger_and_register_workbooks_write_dates_as_the_person_chose() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let drill =
        [("title", "停電想定"), ("kind", "机上訓練"), ("held_on", "2025-06-01"), ("scenario", "停電")];
    create(&t, &mut c, "drills", &drill).await;
    let asset = [
        ("asset_no", "SV-001"),
        ("name", "電子カルテサーバ"),
        ("kind", "サーバ"),
        ("confirmed_on", "2025-05-01"),
    ];
    let added = c.post_form(&t, "/ledger/new", "/ledger/new", &asset).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    for path in ["/ledger/export.xlsx", "/registers/drills/export.xlsx"] {
        let (_, xlsx) = c.download(&t, path).await;
        assert!(number_formats(&xlsx).contains("ggge"), "{path}: 和暦 by default");
    }
    let csrf = c.get(&t, "/account").await.csrf();
    let fields = [("csrf", csrf.as_str()), ("lang", "ja"), ("date_style", "western")];
    c.send(&t, axum::http::Method::POST, "/account/preferences", &fields).await;
    for path in ["/ledger/export.xlsx", "/registers/drills/export.xlsx"] {
        let (_, xlsx) = c.download(&t, path).await;
        let formats = number_formats(&xlsx);
        assert!(formats.contains("yyyy/mm/dd") && !formats.contains("ggge"), "{path}: {formats}");
    }
}

#[tokio::test]
async fn backups_are_judged_and_the_contact_chart_is_drawn() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let system = create(
        &t,
        &mut c,
        "systems",
        &[("name", "電子カルテ"), ("category", "電子カルテ"), ("patient_info", "はい")],
    )
    .await;
    create(
        &t,
        &mut c,
        "backups",
        &[
            ("name", "日次NAS"),
            ("system", "電子カルテ"),
            ("method", "NAS"),
            ("frequency", "毎日"),
            ("generations", "2"),
        ],
    )
    .await;
    let page = c.get(&t, &system).await.body;
    assert!(page.contains("id=\"backup-checks\""), "{page}");
    assert!(page.contains("電子カルテ：保管は2世代です。3世代以上が必要です。"), "{page}");
    assert!(page.contains("check-unmet"));

    for (role, name) in
        [("経営層", "院長 山田"), ("安全管理責任者", "事務長 佐藤"), ("警察", "県警 サイバー窓口")]
    {
        create(&t, &mut c, "contacts", &[("role", role), ("name", name), ("phone", "000-0000")]).await;
    }
    let chart = c.get(&t, "/contact-chart").await.body;
    assert!(chart.contains("<svg id=\"contact-chart\""), "{chart}");
    assert!(chart.contains("院長 山田") && chart.contains("県警 サイバー窓口"));
    let internal = chart.find("院長 山田").unwrap();
    assert!(chart.find("事務長 佐藤").unwrap() > internal, "the chart follows the escalation order");
}

#[tokio::test]
async fn a_vendor_sheet_goes_out_comes_back_and_feeds_the_suggestions() {
    use iryosec_io::assessment_sheet::{SheetHead, read_xlsx, write_xlsx};
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let vendor = create(&t, &mut c, "vendors", &[("name", "A社")]).await;
    create(&t, &mut c, "systems", &[("name", "電子カルテ"), ("category", "電子カルテ"), ("vendors", "A社")])
        .await;
    let id = vendor.rsplit('/').next().unwrap();
    let edition = "mhlw-checklist-r7-vendor";
    let (_, bytes) = c.download(&t, &format!("/vendor-sheets/{id}/{edition}.xlsx")).await;
    let sheet = read_xlsx(&bytes).unwrap();
    assert_eq!(sheet.edition_id, edition);
    assert!(
        sheet.rows.iter().any(|r| r.slot.key == "password.no_reuse"),
        "the edition's items are on the sheet"
    );
    let sent = c
        .post_form(
            &t,
            &vendor,
            &format!("/vendor-sheets/{id}/sent"),
            &[("edition", edition), ("sent_on", "2025-05-10")],
        )
        .await;
    assert!(sent.location().contains("vendor_sheet.sent"));

    // The vendor answers in Excel: いいえ to password reuse, はい elsewhere.
    let inst = t.users[&Role::Editor].institution_id;
    let e = t.app.edition(edition).await.unwrap().edition;
    let mut rows = iryosec_io::assessment_sheet::rows(&e, &Default::default(), &|_| false);
    for r in &mut rows {
        r.answer = if r.key == "password.no_reuse" { "いいえ".into() } else { "はい".into() };
    }
    let head = SheetHead {
        institution: "x".into(),
        fiscal_year_label: "令和7年度".into(),
        edition_id: edition.into(),
        edition_title: e.title.clone(),
        second_check: e.confirmations >= 2,
        date_style: Default::default(),
        extra: Vec::new(),
    };
    let filled = write_xlsx(&head, &rows).unwrap();
    let csrf = c.get(&t, &vendor).await.csrf();
    let fields = [("edition", edition), ("returned_on", "2025-06-01")];
    let ok =
        c.upload_with(&t, &format!("/vendor-sheets/{id}/import"), &csrf, &fields, "回答.xlsx", &filled).await;
    assert!(ok.location().contains("vendor_sheet.imported"), "{}", ok.body);
    let page = c.get(&t, &vendor).await.body;
    assert!(page.contains("いいえ 1件"), "{page}");

    let other = SheetHead { edition_id: "mhlw-checklist-r6-vendor".into(), ..head };
    let wrong = write_xlsx(&other, &rows).unwrap();
    let csrf = c.get(&t, &vendor).await.csrf();
    let refused =
        c.upload_with(&t, &format!("/vendor-sheets/{id}/import"), &csrf, &fields, "old.xlsx", &wrong).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("mhlw-checklist-r6-vendor"), "{}", refused.body);

    let evidence = t.app.suggestions(inst, 2025).await.unwrap().1;
    let reuse = evidence.iter().find(|s| s.key == "password.no_reuse").unwrap();
    assert_eq!(reuse.suggested.suggestion, iryosec_core::suggest::Suggestion::No);
    assert!(reuse.suggested.records.contains(&"A社".to_owned()), "{:?}", reuse.suggested.records);
    assert_eq!(reuse.suggested.reasons[0].key, "suggest.reason.vendor_no", "the vendor's いいえ comes first");
}

#[tokio::test]
async fn a_suggestion_is_confirmed_or_overridden_with_a_reason() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let started = c
        .post_form(
            &t,
            "/assessments",
            "/assessments",
            &[("fiscal_year", "2025"), ("edition_id", "mhlw-checklist-r7-hospital"), ("carry_from", "")],
        )
        .await;
    let base = started.location().split('?').next().unwrap().to_owned();
    let item = format!("{base}/items/incident.contact_chart");
    let page = c.get(&t, &item).await.body;
    assert!(
        page.contains("data-suggestion=\"no\"") && page.contains("連絡体制図が登録されていません"),
        "{page}"
    );
    let post = format!("{item}/suggestion");
    let refused = c.post_form(&t, &item, &post, &[("decision", "overridden"), ("reason", " ")]).await;
    assert!(refused.location().contains("suggest.error.reason_required"));
    let saved = c
        .post_form(&t, &item, &post, &[("decision", "overridden"), ("reason", "紙の連絡体制図を掲示済み")])
        .await;
    assert!(saved.location().contains("suggestion.saved"));
    let page = c.get(&t, &item).await.body;
    assert!(
        page.contains("data-decision=\"overridden\"") && page.contains("紙の連絡体制図を掲示済み"),
        "{page}"
    );
    let audit = c.get(&t, "/audit").await;
    assert!(audit.body.contains("提案の確認・上書き") || audit.status == StatusCode::FORBIDDEN);
}
