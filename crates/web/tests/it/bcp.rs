//! サイバー攻撃を想定したBCP through the router: the 確認表 saved and refused with its Japanese
//! reason, the 初動対応カード with the numbers and places from the registers, its print record
//! and the dashboard's warning once a contact changes, drills with their improvement actions,
//! and training coverage.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::bcp::ITEMS;
use iryosec_core::role::Role;

/// Creates a register entry and returns its id.
async fn create(t: &TestApp, c: &mut Client, register: &str, fields: &[(&str, &str)]) -> String {
    let new = format!("/registers/{register}/new");
    let reply = c.post_form(t, &new, &new, fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let location = reply.location().to_owned();
    let rest = location.trim_start_matches(&format!("/registers/{register}/"));
    rest.split('?').next().unwrap().to_owned()
}

#[tokio::test]
async fn the_bcp_check_is_saved_refused_with_its_reason_and_grounds_the_suggestion() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let reply = c.get(&t, "/bcp").await;
    assert_eq!((reply.status, reply.location()), (StatusCode::SEE_OTHER, "/bcp/2025"));
    let page = c.get(&t, "/bcp/2025").await;
    assert!(page.body.contains("BCP 確認表"), "{}", page.body);
    assert!(page.body.contains("ネットワークから切り離したバックアップがあり"));
    assert!(page.body.contains("規程・文書の台帳に BCP（事業継続計画）が登録されていません"));
    assert!(page.body.contains(r#"data-suggestion="insufficient""#));

    let doc =
        create(&t, &mut c, "documents", &[("kind", "BCP"), ("title", "サイバー攻撃を想定したBCP 第1版")])
            .await;
    let refused = c
        .post_form(
            &t,
            "/bcp/2025",
            "/bcp/2025",
            &[("document", &doc), ("status.normal.diagrams", "not_applicable")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("「該当なし」にする理由をメモに書いてください。"), "{}", refused.body);
    assert!(t.app.bcp_check(t.users[&Role::Editor].institution_id, 2025).await.unwrap().is_none());

    let names: Vec<String> = ITEMS.iter().map(|i| format!("status.{}", i.key)).collect();
    let mut form: Vec<(&str, &str)> = vec![("document", &doc)];
    form.extend(names.iter().map(|n| (n.as_str(), "done")));
    form.push(("status.normal.drills", "not_done"));
    let saved = c.post_form(&t, "/bcp/2025", "/bcp/2025", &form).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let page = c.get(&t, saved.location()).await;
    assert!(page.body.contains("BCP 確認表を保存しました。"));
    assert!(page.body.contains(r#"data-suggestion="no""#), "an essential item is open");
    assert!(page.body.contains("1-7 訓練"));
    assert_eq!(page.body.matches("<td class=\"nowrap\">1-1<br>").count(), 1, "each 項番 once");
    assert!(page.body.contains("<td class=\"nowrap\">1-10<br>"), "ten items before detection");

    form.retain(|(k, _)| *k != "status.normal.drills");
    form.push(("status.normal.drills", "done"));
    c.post_form(&t, "/bcp/2025", "/bcp/2025", &form).await;
    let page = c.get(&t, "/bcp/2025").await;
    assert!(page.body.contains(r#"data-suggestion="yes""#), "{}", page.body);
    assert!(page.body.contains("サイバー攻撃を想定したBCP 第1版"));

    let viewer = logged_in(&t, Role::Viewer).await.post_form(&t, "/bcp/2025", "/bcp/2025", &form).await;
    assert_eq!(viewer.status, StatusCode::FORBIDDEN);
}

async fn registers_for_the_card(t: &TestApp, c: &mut Client) -> String {
    let director =
        create(t, c, "contacts", &[("role", "経営層"), ("name", "院長 山田"), ("phone", "090-1234-5678")])
            .await;
    create(t, c, "contacts", &[("role", "安全管理責任者"), ("name", "事務長 鈴木"), ("phone", "内線200")])
        .await;
    create(t, c, "vendors", &[("name", "カルテ社"), ("emergency_phone", "0120-111-222")]).await;
    create(
        t,
        c,
        "backups",
        &[
            ("name", "週次テープ"),
            ("system", "電子カルテ"),
            ("method", "LTO"),
            ("frequency", "毎週"),
            ("offline", "はい"),
            ("place", "事務棟2階 耐火金庫"),
        ],
    )
    .await;
    create(
        t,
        c,
        "systems",
        &[("name", "電子カルテ"), ("category", "電子カルテ"), ("recovery_priority", "1")],
    )
    .await;
    create(
        t,
        c,
        "paper_operations",
        &[("department", "外来"), ("procedure", "紙の受付票で受け付ける"), ("forms_place", "医事課 棚A")],
    )
    .await;
    director
}

#[tokio::test]
async fn the_card_shows_numbers_and_places_and_goes_stale_when_a_contact_changes() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let director = registers_for_the_card(&t, &mut c).await;
    let card = c.get(&t, "/bcp-card").await;
    for expected in [
        "090-1234-5678",
        "0120-111-222",
        "事務棟2階 耐火金庫",
        "紙の受付票で受け付ける",
        "医事課 棚A",
        "ネットワークから切り離す",
        "院長 山田",
    ] {
        assert!(card.body.contains(expected), "{expected} missing from the card: {}", card.body);
    }
    assert!(card.body.contains(r#"data-freshness="never""#));
    let head = t.app.audit_anchor(iryosec_core::InstitutionId(1)).await.unwrap().unwrap();
    assert!(
        card.body.contains(&format!("この医療機関の監査ログの{}件目", head.seq)),
        "the card carries the head"
    );
    assert!(card.body.contains(&head.hash));
    let contacts = c.get(&t, "/bcp-card/contacts").await;
    assert!(contacts.body.contains("090-1234-5678") && contacts.body.contains("0120-111-222"));
    let home = c.get(&t, "/").await;
    assert!(home.body.contains(r#"id="card-warning""#) && home.body.contains("まだ印刷の記録がありません"));

    let fingerprint =
        card.body.split(r#"name="fingerprint" value=""#).nth(1).unwrap().split('"').next().unwrap();
    let printed = c.post_form(&t, "/bcp-card", "/bcp-card/printed", &[("fingerprint", fingerprint)]).await;
    assert_eq!(printed.location(), "/bcp-card?notice=bcp.notice_printed");
    let card = c.get(&t, printed.location()).await;
    assert!(card.body.contains(r#"data-freshness="current""#));
    assert!(card.body.contains("初動対応カードを印刷したことを記録しました。"));
    assert!(!c.get(&t, "/").await.body.contains(r#"id="card-warning""#), "a current card is no news");

    t.clock.advance_minutes(20);
    let edit = format!("/registers/contacts/{director}/edit");
    let changed = c
        .post_form(&t, &edit, &edit, &[("role", "経営層"), ("name", "院長 山田"), ("phone", "090-9999-0000")])
        .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.body);
    let home = c.get(&t, "/").await;
    assert!(home.body.contains(r#"id="card-warning""#), "{}", home.body);
    assert!(
        home.body.contains("印刷した後に、連絡先・事業者・バックアップ・システム・代替運用が変わりました")
    );
    let stale = c.post_form(&t, "/bcp-card", "/bcp-card/printed", &[("fingerprint", fingerprint)]).await;
    assert_eq!(stale.location(), "/bcp-card?notice=bcp.error.card_changed", "the old card's data is refused");
}

#[tokio::test]
async fn drills_show_with_their_actions_and_link_to_the_incident_drill() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    create(
        &t,
        &mut c,
        "drills",
        &[
            ("title", "2025年度 ランサムウェア机上訓練"),
            ("kind", "机上訓練"),
            ("held_on", "2025-06-10"),
            ("scenario", "電子カルテがランサムウェアで停止"),
            ("participants", "院長、事務長、情報課"),
            ("findings", "夜間の連絡先が古かった"),
        ],
    )
    .await;
    create(
        &t,
        &mut c,
        "drill_actions",
        &[
            ("drill", "2025年度 ランサムウェア机上訓練"),
            ("action", "夜間の連絡先を更新する"),
            ("owner", "事務長 鈴木"),
            ("due_on", "2025-07-31"),
        ],
    )
    .await;
    let page = c.get(&t, "/bcp/2025").await;
    assert!(page.body.contains("机上訓練 1 回・実動訓練 0 回"), "{}", page.body);
    assert!(page.body.contains("夜間の連絡先が古かった"));
    assert!(page.body.contains("夜間の連絡先を更新する") && page.body.contains("事務長 鈴木"));
    assert!(page.body.contains("未完了"), "an action without a done date is open");
    let next = c.get(&t, "/bcp/2026").await;
    assert!(next.body.contains("机上訓練 0 回・実動訓練 0 回"), "drills count in their own year");

    // A drill run through the incident workflow makes its record from a filled-in form.
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
    let incident = reply.location().split('?').next().unwrap().to_owned();
    let id = incident.trim_start_matches("/incidents/").to_owned();
    let bcp = c.get(&t, "/bcp/2025").await.body;
    assert!(bcp.contains("机上訓練 1 回・実動訓練 1 回"), "the drill counts without a second click: {bcp}");
    assert!(bcp.contains("今年度の訓練: 机上訓練 1 回・実動訓練 1 回"), "and in the suggestion");
    assert!(bcp.contains(&format!(r#"href="{incident}">令和7年5月16日 実動訓練"#)), "it is listed: {bcp}");
    let page = c.get(&t, &incident).await.body;
    let href = page.split(r#"href=""#).find(|h| h.starts_with("/registers/drills/new?")).unwrap();
    let href = href.split('"').next().unwrap().replace("&#38;", "&");
    let form = c.get(&t, &href).await.body;
    assert!(form.contains(&format!(r#"name="incident" value="{id}""#)), "{form}");
    assert!(form.contains(r#"value="2025-05-16""#) && form.contains("ランサムウェア"), "{form}");
    let record = create(
        &t,
        &mut c,
        "drills",
        &[
            ("title", "訓練モードでの実動訓練"),
            ("kind", "実動訓練"),
            ("held_on", "2025-05-16"),
            ("scenario", "ランサムウェアの疑い"),
            ("incident", &id),
        ],
    )
    .await;
    let page = c.get(&t, &incident).await.body;
    assert!(page.contains(&format!(r#"href="/registers/drills/{record}""#)), "the drill links to its record");
    let page = c.get(&t, "/bcp/2025").await.body;
    assert!(page.contains("机上訓練 1 回・実動訓練 1 回"), "recorded, the drill still counts once");
    assert!(page.contains("今年度の訓練: 机上訓練 1 回・実動訓練 1 回"), "the suggestion names the drills");
    assert!(!page.contains("インシデント対応の画面で行った訓練"), "it is listed as its record: {page}");
}

#[tokio::test]
async fn training_coverage_counts_listed_staff_per_audience() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    for (name, audience) in
        [("山田", "経営層"), ("佐藤", "システム管理者"), ("鈴木", "医療従事者"), ("高橋", "医療従事者")]
    {
        create(&t, &mut c, "staff", &[("name", name), ("audience", audience)]).await;
    }
    create(
        &t,
        &mut c,
        "trainings",
        &[
            ("person", "鈴木"),
            ("audience", "医療従事者"),
            ("course", "情報セキュリティ研修"),
            ("taken_on", "2025-06-01"),
        ],
    )
    .await;
    let page = c.get(&t, "/training?year=2025").await;
    let row = page.body.split(r#"data-audience="clinical""#).nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row.contains("<td>2</td><td>1</td><td>50%</td>") && row.contains("高橋"), "{row}");
    let exec = page.body.split(r#"data-audience="executive""#).nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(exec.contains("<td>1</td><td>0</td><td>0%</td>"), "{exec}");
}
