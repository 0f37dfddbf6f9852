//! The definition upload page: the ministry's workbook, the template and TOML read into an
//! edition draft opened in the editor, with the CLI's line, sheet, row and column messages.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::role::Role;

#[tokio::test]
async fn the_ministrys_workbook_becomes_a_draft_in_the_editor_then_is_published() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Admin).await;
    let page = c.get(&t, "/definitions/import").await;
    assert_eq!(page.status, StatusCode::OK);
    let csrf = page.csrf();
    let workbook = iryosec_io::ministry_xlsx::sample::merged_sheet();
    let read = c.upload(&t, "/definitions/import", &csrf, "001716187.xlsx", &workbook).await;
    assert_eq!(read.status, StatusCode::SEE_OTHER, "{}", read.body);
    let editor = read.location().to_owned();
    assert!(editor.starts_with("/definitions/drafts/"), "{editor}");
    let draft = c.get(&t, &editor).await;
    assert!(draft.body.contains("読み込んだファイル: 001716187.xlsx。"), "{}", draft.body);
    assert!(draft.body.contains("公表されたファイルとして記録されたものと一致しません"), "{}", draft.body);
    assert!(draft.body.contains("前の版の 2-④ と番号・文言で対応"), "{}", draft.body);
    assert!(draft.body.contains(iryosec_io::ministry_xlsx::sample::NEW_ITEM));
    let definitions = c.get(&t, "/definitions").await;
    assert!(!definitions.body.contains("-i1-d"), "nothing is published before publishing");

    let publish = format!("{editor}/publish");
    let published = c.post_form(&t, &editor, &publish, &[]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.body);
    assert!(
        published.location().starts_with("/definitions/checklist-r8-hospital-pharmacy-i")
            && published.location().ends_with("?notice=definitions.notice_published"),
        "{}",
        published.location()
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
