//! Days follow the person's 和暦/西暦 setting on every page and in messages: no ISO date
//! (2025-04-01) is left in the text a person reads.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::role::Role;

/// The text a person sees: without tags (so without form values), scripts and styles.
fn visible(body: &str) -> String {
    let mut text = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        text.push(' ');
        rest = &rest[open..];
        let closing = ["<script", "<style", "<textarea"]
            .iter()
            .find(|t| rest.starts_with(*t))
            .map(|t| t.replacen('<', "</", 1));
        let end = match closing {
            Some(c) => rest.find(&c).unwrap_or(rest.len()),
            None => rest.find('>').map_or(rest.len(), |e| e + 1),
        };
        rest = &rest[end..];
    }
    text + rest
}

/// Every `dddd-dd-dd` in the text.
fn iso_dates(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let shape = "dddd-dd-dd";
    chars
        .windows(shape.len())
        .filter(|w| {
            w.iter().zip(shape.chars()).all(|(c, s)| if s == 'd' { c.is_ascii_digit() } else { *c == s })
        })
        .map(|w| w.iter().collect())
        .collect()
}

async fn created(t: &TestApp, c: &mut Client, new: &str, fields: &[(&str, &str)]) -> String {
    let reply = c.post_form(t, new, new, fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    reply.location().split('?').next().unwrap().to_owned()
}

#[tokio::test]
async fn pages_and_messages_show_days_in_wareki_never_as_iso_dates() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let asset = created(
        &t,
        &mut c,
        "/ledger/new",
        &[
            ("asset_no", "SV-001"),
            ("name", "電子カルテサーバ"),
            ("kind", "サーバ"),
            ("introduced_on", "2019-04-01"),
            ("support_ends_on", "2025-10-14"),
            ("confirmed_on", "2025-05-01"),
        ],
    )
    .await;
    let system = created(
        &t,
        &mut c,
        "/registers/systems/new",
        &[
            ("name", "電子カルテ"),
            ("category", "電子カルテ"),
            ("contract_on", "2020-04-01"),
            ("renewal_on", "2026-03-31"),
        ],
    )
    .await;
    let vendor = created(
        &t,
        &mut c,
        "/registers/vendors/new",
        &[("name", "A社"), ("contract_ends_on", "2026-03-31"), ("mds_sds_received_on", "2025-04-10")],
    )
    .await;
    created(
        &t,
        &mut c,
        "/registers/drills/new",
        &[
            ("title", "ランサムウェア机上訓練"),
            ("kind", "机上訓練"),
            ("held_on", "2025-05-10"),
            ("scenario", "電子カルテが暗号化された"),
        ],
    )
    .await;
    created(
        &t,
        &mut c,
        "/registers/drill_actions/new",
        &[
            ("drill", "ランサムウェア机上訓練"),
            ("action", "連絡網の更新"),
            ("due_on", "2025-06-30"),
            ("done_on", "2025-05-15"),
        ],
    )
    .await;
    let restore = created(
        &t,
        &mut c,
        "/registers/restore_tests/new",
        &[("system", "電子カルテ"), ("tested_on", "2025-04-20"), ("result", "成功")],
    )
    .await;
    for path in [
        restore.as_str(),
        asset.as_str(),
        "/ledger",
        system.as_str(),
        "/registers/systems",
        vendor.as_str(),
        "/registers/vendors",
        "/registers/drill_actions",
        "/bcp/2025",
    ] {
        let page = c.get(&t, path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        let text = visible(&page.body);
        assert_eq!(iso_dates(&text), Vec::<String>::new(), "{path} shows ISO dates: {text}");
        assert!(text.contains("令和"), "{path} shows its days in 和暦: {text}");
    }

    let crumbs = c.get(&t, &system).await.body;
    let crumbs = crumbs.split("class=\"crumbs\"").nth(1).unwrap().split("</p>").next().unwrap().to_owned();
    assert!(
        crumbs.contains(">医療情報システム</a>") && !crumbs.contains('…'),
        "the breadcrumb names the list: {crumbs}"
    );

    let base = c
        .post_form(
            &t,
            "/assessments",
            "/assessments",
            &[("fiscal_year", "2025"), ("edition_id", "mhlw-checklist-r7-hospital")],
        )
        .await;
    let item = format!("{}/items/access.logs", base.location().split('?').next().unwrap());
    let future =
        c.post_form(&t, &item, &item, &[("server.value", "yes"), ("server.confirmed_1", "2025-05-17")]).await;
    let text = visible(&future.body);
    assert!(text.contains("確認日に未来の日付は入れられません（今日は 令和7年5月16日）"), "{text}");
    let outside = c
        .post_form(
            &t,
            &item,
            &item,
            &[("server.value", "no"), ("server.confirmed_1", "2025-05-01"), ("server.target", "2026-04-01")],
        )
        .await;
    let text = visible(&outside.body);
    assert!(text.contains("目標日はこの年度の中（令和7年4月1日〜令和8年3月31日）にしてください"), "{text}");
    assert_eq!(iso_dates(&text), Vec::<String>::new(), "{text}");
}
