//! Edition drafts: kept per institution, every change audited, and publishing stores the edition
//! and marks the draft together.
use crate::harness::*;
use iryosec_core::Timestamp;
use iryosec_store::{AuditStore, CatalogStore, DraftChange, DraftStore, NewDraft, NewEdition, StoreError};
use serde_json::json;

fn new_draft(content: &str) -> NewDraft {
    NewDraft {
        source_edition: "mhlw-checklist-r7-hospital".into(),
        fiscal_year: 2026,
        sheet: "hospital_pharmacy".into(),
        content: content.into(),
        official_name: "令和8年度チェックリスト.xlsx".into(),
        official_sha256: "ab12".into(),
    }
}

fn change(item: &str) -> DraftChange {
    DraftChange { before: None, after: Some(json!({ "item": item, "checked_by": "佐藤" })) }
}

on_every_backend!(a_draft_is_kept_changed_and_audited_for_its_institution_only, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let id = s.create_draft(a.id, &new_draft("版 1"), &change("1-①"), &actor(), NOW).await.unwrap();
    let later = Timestamp(NOW.millis() + 60_000);
    s.save_draft(a.id, id, "版 2", &change("2-⑤"), &actor(), later).await.unwrap();

    let stored = s.draft(a.id, id).await.unwrap().unwrap();
    assert_eq!(
        (stored.content.as_str(), stored.fiscal_year, stored.sheet.as_str()),
        ("版 2", 2026, "hospital_pharmacy")
    );
    assert_eq!((stored.created_at, stored.updated_at), (NOW, later));
    assert_eq!(stored.official_name, "令和8年度チェックリスト.xlsx");
    assert_eq!(stored.published_edition, None);
    assert_eq!(s.drafts(a.id).await.unwrap().len(), 1);

    assert!(s.draft(b.id, id).await.unwrap().is_none(), "another institution does not see it");
    assert!(s.drafts(b.id).await.unwrap().is_empty());
    let foreign = s.save_draft(b.id, id, "乗っ取り", &change("x"), &actor(), later).await;
    assert!(matches!(foreign, Err(StoreError::NotFound)), "{foreign:?}");
    assert_eq!(s.draft(a.id, id).await.unwrap().unwrap().content, "版 2");

    let log = s.audit_for(a.id, "catalog_draft", &id.to_string(), 10).await.unwrap();
    assert_eq!(log.len(), 2, "made and changed, not the refused change");
    assert!(log.iter().all(|e| e.action == "catalog.draft_saved"));
    assert!(log.iter().any(|e| e.after_json.as_deref().is_some_and(|j| j.contains("2-⑤"))));
});

on_every_backend!(publishing_a_draft_stores_the_edition_and_records_it_on_the_draft, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let id = s.create_draft(a.id, &new_draft("版"), &change("1-①"), &actor(), NOW).await.unwrap();
    let edition = NewEdition {
        id: "r8-hospital-pharmacy-1".into(),
        fiscal_year: 2026,
        sheet: "hospital_pharmacy".into(),
        title: "令和8年度版".into(),
        source_text: "format = 1".into(),
        source_name: "令和8年度チェックリスト.xlsx".into(),
    };
    assert_eq!(s.publish_draft(a.id, id, &edition, &actor(), NOW).await.unwrap(), 1);
    assert_eq!(s.publish_draft(a.id, id, &edition, &actor(), NOW).await.unwrap(), 2, "a new version");
    let stored = s.draft(a.id, id).await.unwrap().unwrap();
    assert_eq!(stored.published_edition.as_deref(), Some("r8-hospital-pharmacy-1"));
    let editions = s.imported_editions().await.unwrap();
    assert_eq!((editions[0].id.as_str(), editions[0].version), ("r8-hospital-pharmacy-1", 2));

    let (b, _) = institution(s, "b").await;
    let foreign = s.publish_draft(b.id, id, &edition, &actor(), NOW).await;
    assert!(matches!(foreign, Err(StoreError::NotFound)), "{foreign:?}");
    assert_eq!(s.imported_editions().await.unwrap()[0].version, 2, "nothing stored for the refused one");
});
