//! The definition upload page: the ministry's workbook, the template and TOML read into a draft
//! for review, with the CLI's line, sheet, row and column messages; published on confirmation.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::role::Role;

/// The hidden fields of the review page's publish form, decoded as a browser would send them.
fn publish_fields(body: &str) -> Vec<(String, String)> {
    let form = body.split("action=\"/definitions/import/publish\"").nth(1).expect("a publish form");
    ["file", "toml"]
        .iter()
        .map(|name| {
            let marker = format!("name=\"{name}\" value=\"");
            let value = form.split(&marker).nth(1).and_then(|v| v.split('"').next()).unwrap_or("");
            let value = value
                .replace("&quot;", "\"")
                .replace("&#34;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#x27;", "'")
                .replace("&#x22;", "\"")
                .replace("&amp;", "&");
            ((*name).to_owned(), value)
        })
        .collect()
}

#[tokio::test]
async fn the_ministrys_workbook_is_reviewed_then_published() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Admin).await;
    let page = c.get(&t, "/definitions/import").await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = page.csrf();
    let workbook = iryosec_io::ministry_xlsx::sample::merged_sheet();
    let review = c.upload(&t, "/definitions/import", &csrf, "001716187.xlsx", &workbook).await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert!(review.body.contains("公表されたファイルとして記録されたものと一致しません"), "{}", review.body);
    assert!(review.body.contains("安定キーは版「mhlw-checklist-r8-hospital-pharmacy」の項目に合わせました"));
    assert!(
        review.body.contains("<code>access.role_based_rights</code></td><td>番号と文言で前の版に対応（2-④）")
    );
    assert!(review.body.contains("<code>item.fy2026_2_14</code></td><td>新しい項目（新しいキー）"));
    let definitions = c.get(&t, "/definitions").await;
    assert!(!definitions.body.contains("-workbook"), "nothing is saved before publishing");

    let fields = publish_fields(&review.body);
    let form: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let published = c.post_form(&t, "/definitions/import", "/definitions/import/publish", &form).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.body);
    assert_eq!(
        published.location(),
        "/definitions/mhlw-checklist-r8-hospital-pharmacy-workbook?notice=definitions.notice_published"
    );
    let shown = c.get(&t, published.location()).await;
    assert!(shown.body.contains("版を公開しました。"), "{}", shown.body);
    assert!(shown.body.contains(iryosec_io::ministry_xlsx::sample::NEW_ITEM));
}

#[tokio::test]
async fn a_file_that_cannot_be_read_says_where_as_the_cli_does_and_saves_nothing() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Admin).await;
    let csrf = c.get(&t, "/definitions/import").await.csrf();
    let toml = "format = 1\nid = \"x\"\nkind = \"checklist\"\ntitle = \"t\"\nfiscal_year = 2026\nsheet = \"vendor\"\n\n[[sections]]\nnumber = \"1\"\ntitle = \"体制\"\n\n[[items]]\nnumber = \"1-①\"\nkey = \"a.b\"\nsection = \"1\"\ntitle = \"t\"\ndue = 1990\n";
    let reply = c.upload(&t, "/definitions/import", &csrf, "r8.toml", toml.as_bytes()).await;
    assert_eq!(reply.status, StatusCode::OK);
    let problems = reply.body.split("id=\"definition-problems\"").nth(1).expect("the problems are listed");
    assert!(problems.contains("r8.toml を取り込めません"), "{problems}");
    assert!(problems.contains("<code>r8.toml:17 items[1] 1-①.due</code>"), "{problems}");

    let no_table = iryosec_io::hostile::workbook(&[("A1", "令和8年度 事業者確認用")]);
    let reply = c.upload(&t, "/definitions/import", &csrf, "other.xlsx", &no_table).await;
    assert!(
        reply.body.contains("<code>other.xlsx Sheet1</code> どのシートにも項目の表が見つかりません"),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn only_administrators_import_definitions() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Editor).await;
    assert_eq!(c.get(&t, "/definitions/import").await.status, StatusCode::FORBIDDEN);
    assert!(!c.get(&t, "/definitions").await.body.contains("id=\"definition-import\""));
}
