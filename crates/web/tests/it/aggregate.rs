//! 回答の集計 in the browser: many bundles uploaded at once, the tables and charts, refused
//! files named with their reason, the roster's not-answered list, and the downloads.
use crate::harness::*;
use axum::http::{StatusCode, header};
use iryosec_core::role::Role;
use serde_json::json;

fn bundle(code: &str, name: &str, prefecture: u8, beds: u32, bcp: bool) -> Vec<u8> {
    json!({
        "format": "iryosec-survey", "version": 1, "exported_at": "2024-02-20T10:00:00+09:00",
        "institution": { "name": name, "kind": "hospital", "prefecture": prefecture, "medical_code": code, "beds": beds },
        "fiscal_year": 2023,
        "edition": { "id": "mhlw-survey-fy2023-hospital", "title": "調査", "fiscal_year": 2023 },
        "answers": { "Q2": true, "Q10": bcp, "Q11": false },
        "complete": false
    })
    .to_string()
    .into_bytes()
}

const ROSTER: &str =
    "医療機関コード,名称,都道府県,病床数\r\n1310000001,A病院,東京都,350\r\n0110000009,F病院,北海道,120\r\n";

#[tokio::test]
async fn bundles_uploaded_together_are_shown_as_tables_and_charts_with_refusals_named() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let form = c.get(&t, "/aggregate").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.body.contains("name=\"bundles\" accept=\".json,application/json\" multiple"),
        "{}",
        form.body
    );
    let (a, b) = (bundle("1310000001", "A病院", 13, 350, true), bundle("2710000002", "B病院", 27, 80, false));
    let parts = [
        Part::File("bundles", "a.json", &a),
        Part::File("bundles", "b.json", &b),
        Part::File("bundles", "壊れた.json", b"{ not json"),
        Part::File("expected", "名簿.csv", ROSTER.as_bytes()),
        Part::Text("output", "page"),
    ];
    let reply = c.multipart(&t, "/aggregate", &form.csrf(), &parts).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = &reply.body;
    assert!(body.contains("<td class=\"nowrap\">壊れた.json</td><td>JSON として読めません"), "{body}");
    assert!(body.contains("<svg class=\"chart wide\""), "a chart");
    // Q10 (BCP): one of two, and B病院 is listed with the gap; F病院 has not answered.
    assert!(body.contains("<td>はい</td><td>1</td><td>50.0%</td>"), "{body}");
    assert!(body.contains("B病院</td><td>大阪府</td><td>80</td><td>BCP（事業継続計画）がない"), "{body}");
    assert!(body.contains("<td>F病院</td><td>北海道</td><td>120</td><td>名簿にあり"), "{body}");
    assert!(!body.contains("http://"));
}

#[tokio::test]
async fn the_result_downloads_as_excel_or_csv() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Admin).await;
    let csrf = c.get(&t, "/aggregate").await.csrf();
    let a = bundle("1310000001", "A病院", 13, 350, true);
    let xlsx = c
        .multipart(
            &t,
            "/aggregate",
            &csrf,
            &[Part::File("bundles", "a.json", &a), Part::Text("output", "xlsx")],
        )
        .await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let kind = xlsx.headers.get(header::CONTENT_TYPE).unwrap().to_str().unwrap();
    assert!(kind.contains("spreadsheetml"), "{kind}");
    assert!(
        xlsx.headers.get(header::CONTENT_DISPOSITION).unwrap().to_str().unwrap().contains("aggregate.xlsx")
    );
    assert!(xlsx.body.starts_with("PK"));
    let csv = c
        .multipart(
            &t,
            "/aggregate",
            &csrf,
            &[Part::File("bundles", "a.json", &a), Part::Text("output", "csv")],
        )
        .await;
    assert!(csv.body.starts_with("\u{feff}年度,版,設問"), "{}", csv.body);
}

#[tokio::test]
async fn nothing_to_count_and_a_bad_roster_bring_the_form_back() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    let csrf = c.get(&t, "/aggregate").await.csrf();
    let none = c
        .multipart(&t, "/aggregate", &csrf, &[Part::File("bundles", "", b""), Part::Text("output", "page")])
        .await;
    assert_eq!(none.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(none.body.contains("回答の JSON ファイルを選んでください"));
    let only_bad = c.multipart(&t, "/aggregate", &csrf, &[Part::File("bundles", "x.json", b"[]")]).await;
    assert_eq!(only_bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(only_bad.body.contains("x.json"));
    let a = bundle("1", "A病院", 13, 350, true);
    let roster = c
        .multipart(
            &t,
            "/aggregate",
            &csrf,
            &[
                Part::File("bundles", "a.json", &a),
                Part::File("expected", "名簿.csv", "名称,都道府県\r\nG病院,どこか\r\n".as_bytes()),
            ],
        )
        .await;
    assert_eq!(roster.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(roster.body.contains("2行目の「都道府県」の値「どこか」は使えません"), "{}", roster.body);
}

#[tokio::test]
async fn viewers_cannot_aggregate() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Viewer).await;
    assert_eq!(c.get(&t, "/aggregate").await.status, StatusCode::FORBIDDEN);
}
