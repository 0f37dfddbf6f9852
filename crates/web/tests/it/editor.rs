//! The edition editor: a draft started from 令和7年度, its items' problems named by number and
//! field in Japanese, publishing refused until it validates, the check against the official form
//! carried into the published edition, exports, and only administrators may edit.
use crate::harness::*;
use axum::http::StatusCode;
use iryosec_core::catalog::ItemFields;
use iryosec_core::role::Role;

/// The item form as the page sends it.
fn item_form(f: &ItemFields) -> Vec<(&'static str, String)> {
    let mut form = vec![
        ("number", f.number.clone()),
        ("key", f.key.clone()),
        ("section", f.section.clone()),
        ("title", f.title.clone()),
        ("due", f.due.clone()),
        ("guidance", f.guidance.clone()),
    ];
    form.extend(f.scopes.iter().map(|s| ("scope", s.code().to_owned())));
    if f.vendor_contract {
        form.push(("vendor_contract", "1".into()));
    }
    if f.gate {
        form.push(("gate", "1".into()));
    }
    form
}

async fn post(c: &mut Client, t: &TestApp, page: &str, path: &str, form: &[(&str, String)]) -> Reply {
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    c.post_form(t, page, path, &form).await
}

#[tokio::test]
async fn a_draft_names_its_problems_refuses_to_publish_until_valid_and_carries_the_check() {
    let t = ready().await;
    let mut c = logged_in(&t, Role::Admin).await;
    let new = "/definitions/drafts/new?from=mhlw-checklist-r7-hospital";
    let start = [
        ("from", "mhlw-checklist-r7-hospital".to_owned()),
        ("fiscal_year", "2026".into()),
        ("sheet", "hospital_pharmacy".into()),
    ];
    let made = post(&mut c, &t, new, "/definitions/drafts", &start).await;
    assert_eq!(made.status, StatusCode::SEE_OTHER, "{}", made.body);
    let page = made.location().to_owned();
    let id: i64 = page.rsplit('/').next().unwrap().parse().unwrap();
    let shown = c.get(&t, &page).await;
    assert!(shown.body.contains("令和8年度") && shown.body.contains("id=\"draft-valid\""), "{}", shown.body);

    let institution = t.users[&Role::Admin].institution_id;
    let view = t.app.edition_draft(institution, id).await.unwrap();
    let at = view.edition.items.iter().position(|i| i.key == "governance.security_officer").unwrap();
    let item_path = format!("/definitions/drafts/{id}/items/{at}");
    let mut fields = ItemFields::of(&view.edition.items[at]);
    fields.due = "来年".into();
    let refused = post(&mut c, &t, &page, &item_path, &item_form(&fields)).await;
    assert_eq!(refused.status, StatusCode::OK);
    assert!(refused.body.contains("対応年度は西暦の年（例: 2026）で書いてください。"), "{}", refused.body);

    let add = format!("/definitions/drafts/{id}/items");
    let new_item = [
        ("number", "4-①".to_owned()),
        ("section", "1".into()),
        ("key", "a.b".into()),
        ("due", "来年".into()),
    ];
    let refused = post(&mut c, &t, &page, &add, &new_item).await;
    let error = refused.body.split("id=\"add-item-error\">").nth(1).expect("the add form says why");
    assert!(error.starts_with("対応年度は西暦の年（例: 2026）で書いてください。"), "{error}");

    fields.due = "2026".into();
    fields.number = String::new();
    let saved = post(&mut c, &t, &page, &item_path, &item_form(&fields)).await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let shown = c.get(&t, &page).await;
    let problems = shown.body.split("id=\"draft-problems\"").nth(1).expect("problems are listed");
    assert!(problems.contains(&format!("{}番目の項目 番号: 空欄にできません。", at + 1)), "{problems}");
    let publish = format!("/definitions/drafts/{id}/publish");
    let refused = c.post_form(&t, &page, &publish, &[]).await;
    assert_eq!(refused.location(), format!("/definitions/drafts/{id}#problems"));
    assert!(!c.get(&t, "/definitions").await.body.contains("-i1-d"), "nothing published");

    fields.number = "1-①".into();
    fields.title = "医療情報システム安全管理責任者を置き、職員に周知している。".into();
    post(&mut c, &t, &page, &item_path, &item_form(&fields)).await;
    let check = format!("/definitions/drafts/{id}/items/{at}/check");
    let checked = post(&mut c, &t, &page, &check, &[("checked", "1".into())]).await;
    assert_eq!(checked.status, StatusCode::SEE_OTHER);
    let shown = c.get(&t, &page).await;
    assert!(shown.body.contains("様式の原本と照合済み（"), "{}", shown.body);
    let changes = shown.body.split("id=\"draft-changes\"").nth(1).expect("the diff is shown");
    assert!(changes.contains("data-change=\"changed\"") && changes.contains("文言"), "{changes}");

    let published = c.post_form(&t, &page, &publish, &[]).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{}", published.body);
    let edition_page = published.location().split('?').next().unwrap().to_owned();
    let edition_id = edition_page.rsplit('/').next().unwrap().to_owned();
    let shown = c.get(&t, published.location()).await;
    assert!(shown.body.contains("版を公開しました。"));
    assert!(shown.body.contains("data-verification=\"final\""), "the checked item is final");

    let toml = c.get(&t, &format!("/definitions/{edition_id}/export.toml")).await;
    assert_eq!(toml.status, StatusCode::OK);
    assert!(
        toml.body.contains("checked_on = \"2025-05-16\"") && toml.body.contains("職員に周知"),
        "{}",
        toml.body
    );
    let xlsx = c.get(&t, &format!("/definitions/{edition_id}/export.xlsx")).await;
    assert_eq!(xlsx.status, StatusCode::OK);
    let kind = xlsx.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(kind.contains("spreadsheetml"), "a workbook: {kind}");
}

#[tokio::test]
async fn editors_and_viewers_cannot_make_or_change_drafts() {
    let t = ready().await;
    let mut admin = logged_in(&t, Role::Admin).await;
    let institution = t.users[&Role::Admin].institution_id;
    let id = t
        .app
        .start_draft(
            institution,
            "mhlw-checklist-r7-hospital",
            2026,
            iryosec_core::catalog::Sheet::Hospital,
            &iryosec_core::audit::Actor::default(),
        )
        .await
        .unwrap();
    assert_eq!(admin.get(&t, &format!("/definitions/drafts/{id}")).await.status, StatusCode::OK);
    for role in [Role::Editor, Role::Viewer] {
        let mut c = logged_in(&t, role).await;
        assert_eq!(c.get(&t, "/definitions/drafts/new").await.status, StatusCode::FORBIDDEN);
        assert_eq!(c.get(&t, &format!("/definitions/drafts/{id}")).await.status, StatusCode::FORBIDDEN);
        let publish = c.post_form(&t, "/account", &format!("/definitions/drafts/{id}/publish"), &[]).await;
        assert_eq!(publish.status, StatusCode::FORBIDDEN, "{role:?}");
        let check = c
            .post_form(
                &t,
                "/account",
                &format!("/definitions/drafts/{id}/items/1/check"),
                &[("checked", "1")],
            )
            .await;
        assert_eq!(check.status, StatusCode::FORBIDDEN, "{role:?}");
        assert!(
            !c.get(&t, "/definitions/mhlw-checklist-r7-hospital").await.body.contains("draft-from-edition")
        );
    }
    let view = t.app.edition_draft(institution, id).await.unwrap();
    assert!(view.edition.items.iter().all(|i| !i.is_checked()) && view.record.published_edition.is_none());
}
