use crate::harness::*;
use iryosec_core::register::{Record, Register, parse_record};
use iryosec_store::{
    AuditStore, NewEvidence, RegisterStore, ReviewStore, StoreError, SuggestionReview, VendorSheet,
};
use std::collections::HashMap;

pub fn record(register: Register, pairs: &[(&str, &str)]) -> Record {
    let map: HashMap<&str, &str> = pairs.iter().copied().collect();
    parse_record(register, &|c| map.get(c).copied().unwrap_or("").to_owned()).unwrap()
}

pub fn mds_file() -> NewEvidence {
    NewEvidence {
        item_key: String::new(),
        file_name: "MDS_A社.pdf".into(),
        content_type: "application/pdf".into(),
        sha256: "ab".repeat(32),
        data: b"%PDF-1.4 mds".to_vec(),
    }
}

on_every_backend!(entries_are_kept_searched_changed_and_deleted_with_history, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let ehr =
        record(Register::Systems, &[("name", "電子カルテ"), ("category", "電子カルテ"), ("vendors", "A社")]);
    let id = s.save_entry(inst.id, Register::Systems, None, &ehr, &actor(), NOW).await.unwrap();
    let pacs = record(Register::Systems, &[("name", "PACS_1"), ("category", "PACS")]);
    s.save_entry(inst.id, Register::Systems, None, &pacs, &actor(), NOW).await.unwrap();
    let clash = s.save_entry(inst.id, Register::Systems, None, &ehr, &actor(), NOW).await;
    assert!(matches!(clash, Err(StoreError::Conflict("record_key"))), "{clash:?}");
    let same_name_other_register = record(Register::Vendors, &[("name", "電子カルテ")]);
    s.save_entry(inst.id, Register::Vendors, None, &same_name_other_register, &actor(), NOW).await.unwrap();

    assert_eq!(s.entries(inst.id, Register::Systems, None).await.unwrap().len(), 2);
    let found = s.entries(inst.id, Register::Systems, Some("a社")).await.unwrap();
    assert_eq!(found.iter().map(|e| e.id).collect::<Vec<_>>(), vec![id]);
    assert_eq!(s.entries(inst.id, Register::Systems, Some("S_")).await.unwrap().len(), 1, "_ is literal");
    assert!(s.entry(inst.id, Register::Vendors, id).await.unwrap().is_none(), "registers do not mix");

    let changed =
        record(Register::Systems, &[("name", "電子カルテ"), ("category", "電子カルテ"), ("vendors", "B社")]);
    s.save_entry(inst.id, Register::Systems, Some(id), &changed, &actor(), NOW).await.unwrap();
    assert_eq!(s.entry(inst.id, Register::Systems, id).await.unwrap().unwrap().record, changed);
    s.delete_entry(inst.id, Register::Systems, id, &actor(), NOW).await.unwrap();
    assert!(s.entry(inst.id, Register::Systems, id).await.unwrap().is_none());
    let history = s.audit_for(inst.id, "systems", &id.to_string(), 10).await.unwrap();
    assert_eq!(
        history.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["register.deleted", "register.updated", "register.created"]
    );
    assert!(history[1].before_json.as_deref().unwrap().contains("A社"));
    assert!(history[1].after_json.as_deref().unwrap().contains("B社"));
});

on_every_backend!(an_import_replaces_by_key_all_at_once, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let old = record(Register::Contacts, &[("role", "経営層"), ("name", "院長 山田"), ("phone", "100")]);
    s.save_entry(inst.id, Register::Contacts, None, &old, &actor(), NOW).await.unwrap();
    let rows = [
        record(Register::Contacts, &[("role", "経営層"), ("name", "院長 山田"), ("phone", "101")]),
        record(Register::Contacts, &[("role", "安全管理責任者"), ("name", "院長 山田")]),
        record(Register::Contacts, &[("role", "安全管理責任者"), ("name", "院長 山田"), ("phone", "102")]),
    ];
    let counts =
        s.import_entries(inst.id, Register::Contacts, &rows, "体制図.xlsx", &actor(), NOW).await.unwrap();
    assert_eq!((counts.inserted, counts.updated), (1, 1));
    let all = s.entries(inst.id, Register::Contacts, None).await.unwrap();
    let phones: Vec<&str> = all.iter().map(|e| e.record.text("phone")).collect();
    assert_eq!(all.len(), 2);
    assert!(phones.contains(&"101") && phones.contains(&"102"), "the last row of a key wins: {phones:?}");
});

on_every_backend!(files_and_sheets_keep_an_entry_from_being_deleted, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let (other, _) = institution(s, "b").await;
    let vendor = record(Register::Vendors, &[("name", "A社")]);
    let v = s.save_entry(inst.id, Register::Vendors, None, &vendor, &actor(), NOW).await.unwrap();
    let f = s.add_record_file(inst.id, v, &mds_file(), &actor(), NOW).await.unwrap();
    assert!(matches!(
        s.add_record_file(other.id, v, &mds_file(), &actor(), NOW).await,
        Err(StoreError::NotFound)
    ));
    let files = s.record_files(inst.id, v).await.unwrap();
    assert_eq!((files.len(), files[0].file_name.as_str()), (1, "MDS_A社.pdf"));
    let (_, data) = s.record_file(inst.id, f).await.unwrap().unwrap();
    assert_eq!(data, mds_file().data);
    assert!(s.record_file(other.id, f).await.unwrap().is_none());
    let refused = s.delete_entry(inst.id, Register::Vendors, v, &actor(), NOW).await;
    assert!(matches!(refused, Err(StoreError::Conflict("record_in_use"))), "{refused:?}");

    let sheet = VendorSheet {
        vendor_id: v,
        edition_id: "mhlw-checklist-r7-vendor".into(),
        sent_on: Some(time::macros::date!(2025 - 06 - 01)),
        returned_on: None,
        answers: None,
        updated_at: NOW,
    };
    s.save_vendor_sheet(inst.id, &sheet, &actor(), NOW).await.unwrap();
    let returned = VendorSheet {
        returned_on: Some(time::macros::date!(2025 - 06 - 20)),
        answers: Some(r#"{"vendor.x":{"general":"yes"}}"#.into()),
        ..sheet.clone()
    };
    s.save_vendor_sheet(inst.id, &returned, &actor(), NOW).await.unwrap();
    assert_eq!(s.vendor_sheets(inst.id).await.unwrap(), vec![returned]);
    assert!(s.vendor_sheets(other.id).await.unwrap().is_empty());
    assert!(matches!(s.save_vendor_sheet(other.id, &sheet, &actor(), NOW).await, Err(StoreError::NotFound)));
});

on_every_backend!(a_suggestion_review_is_kept_per_item_and_audited, |db| {
    use iryosec_store::AssessmentStore;
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let (other, _) = institution(s, "b").await;
    let new = iryosec_store::NewAssessment {
        fiscal_year: 2025,
        edition_id: "mhlw-checklist-r7-hospital".into(),
        facts: Default::default(),
        carried_from: None,
        carry_flags: "{}".into(),
        answers: Default::default(),
    };
    let a = s.create_assessment(inst.id, &new, &actor(), NOW).await.unwrap();
    let review = SuggestionReview {
        assessment_id: a.id,
        item_key: "patch.apply".into(),
        suggested: "no".into(),
        decision: "overridden".into(),
        reason: "保守契約で事業者が適用済みと確認".into(),
        decided_at: NOW,
        decided_by: "情報 太郎".into(),
    };
    s.save_suggestion_review(inst.id, &review, &actor()).await.unwrap();
    let accepted = SuggestionReview { decision: "accepted".into(), reason: String::new(), ..review.clone() };
    s.save_suggestion_review(inst.id, &accepted, &actor()).await.unwrap();
    assert_eq!(s.suggestion_reviews(inst.id, a.id).await.unwrap(), vec![accepted]);
    assert!(matches!(s.save_suggestion_review(other.id, &review, &actor()).await, Err(StoreError::NotFound)));
    let log = s.audit_for(inst.id, "assessment", &a.id.to_string(), 10).await.unwrap();
    assert_eq!(log.iter().filter(|e| e.action == "suggestion.reviewed").count(), 2);
    assert!(log.iter().any(|e| e.after_json.as_deref().unwrap_or("").contains("保守契約")));
});

on_every_backend!(answers_and_the_suggestions_they_were_given_beside_are_saved_together, |db| {
    use iryosec_core::assessment::{Answer, Slot, YesNo};
    use iryosec_store::AssessmentStore;
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let new = iryosec_store::NewAssessment {
        fiscal_year: 2025,
        edition_id: "mhlw-checklist-r7-hospital".into(),
        facts: Default::default(),
        carried_from: None,
        carry_flags: "{}".into(),
        answers: Default::default(),
    };
    let a = s.create_assessment(inst.id, &new, &actor(), NOW).await.unwrap();
    let slot = Slot::new("incident.contact_chart", None);
    let answer = Answer { value: Some(YesNo::No), ..Default::default() };
    let review = SuggestionReview {
        assessment_id: a.id,
        item_key: "incident.contact_chart".into(),
        suggested: "general:no".into(),
        decision: "accepted".into(),
        reason: String::new(),
        decided_at: NOW,
        decided_by: "情報 太郎".into(),
    };
    s.save_answers_reviewed(
        inst.id,
        a.id,
        &[(slot.clone(), answer.clone())],
        std::slice::from_ref(&review),
        &actor(),
        NOW,
    )
    .await
    .unwrap();
    assert_eq!(s.answers(inst.id, a.id).await.unwrap().get(&slot), Some(&answer));
    assert_eq!(s.suggestion_reviews(inst.id, a.id).await.unwrap(), vec![review.clone()]);
    // A missing assessment takes neither.
    let elsewhere = SuggestionReview { assessment_id: a.id + 1, ..review };
    let refused =
        s.save_answers_reviewed(inst.id, a.id + 1, &[(slot, answer)], &[elsewhere], &actor(), NOW).await;
    assert!(matches!(refused, Err(StoreError::NotFound)));
    assert!(s.suggestion_reviews(inst.id, a.id + 1).await.unwrap().is_empty());
});

on_every_backend!(the_audit_position_moves_with_every_change_of_the_institution_or_the_server, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let start = s.audit_position(a.id).await.unwrap();
    let pacs = record(Register::Systems, &[("name", "PACS"), ("category", "PACS")]);
    s.save_entry(b.id, Register::Systems, None, &pacs, &actor(), NOW).await.unwrap();
    assert_eq!(s.audit_position(a.id).await.unwrap(), start, "another institution's change is not ours");
    s.save_entry(a.id, Register::Systems, None, &pacs, &actor(), NOW).await.unwrap();
    let after_entry = s.audit_position(a.id).await.unwrap();
    assert!(after_entry > start);
    // A server-wide change (an imported edition, on the server's chain) moves it too.
    use iryosec_store::CatalogStore;
    let edition = iryosec_store::NewEdition {
        id: "local-checklist".into(),
        fiscal_year: 2025,
        sheet: "hospital".into(),
        title: "院内版".into(),
        source_text: String::new(),
        source_name: "local.toml".into(),
    };
    s.store_edition(&edition, &actor(), NOW).await.unwrap();
    assert!(s.audit_position(a.id).await.unwrap() > after_entry);
});

on_every_backend!(every_register_is_read_at_once_and_only_the_institution_s_own, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let pacs = record(Register::Systems, &[("name", "PACS"), ("category", "PACS")]);
    let ehr = record(Register::Systems, &[("name", "電子カルテ"), ("category", "電子カルテ")]);
    let vendor = record(Register::Vendors, &[("name", "A社"), ("phone", "03-0000-0000 \"代表\"")]);
    for (register, r) in [(Register::Systems, &pacs), (Register::Vendors, &vendor), (Register::Systems, &ehr)]
    {
        s.save_entry(a.id, register, None, r, &actor(), NOW).await.unwrap();
    }
    s.save_entry(b.id, Register::Systems, None, &pacs, &actor(), NOW).await.unwrap();
    let all = s.all_entries(a.id).await.unwrap();
    let read: Vec<(Register, String)> = all.iter().map(|e| (e.register, e.record.key(e.register))).collect();
    assert_eq!(
        read,
        vec![
            (Register::Systems, "PACS".to_owned()),
            (Register::Systems, "電子カルテ".to_owned()),
            (Register::Vendors, "A社".to_owned()),
        ],
        "by register, then by key"
    );
    assert_eq!(all[2].record, vendor, "quotes and kanji come back unchanged");
    assert_eq!(all[2].created_at, NOW);
    assert_eq!(s.all_entries(b.id).await.unwrap().len(), 1);
    let (c, _) = institution(s, "c").await;
    assert!(s.all_entries(c.id).await.unwrap().is_empty(), "an empty register reads as empty");
});
