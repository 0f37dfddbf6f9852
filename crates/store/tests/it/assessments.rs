use crate::harness::*;
use iryosec_core::assessment::{Answer, Facts, Slot, YesNo};
use iryosec_core::catalog::Scope;
use iryosec_store::{AssessmentStore, AuditFilter, AuditStore, NewAssessment, StoreError};
use std::collections::BTreeMap;
use time::macros::date;

fn new(fy: i32, answers: BTreeMap<Slot, Answer>) -> NewAssessment {
    NewAssessment {
        fiscal_year: fy,
        edition_id: "mhlw-checklist-r7-hospital".into(),
        facts: Facts::default(),
        carried_from: None,
        carry_flags: "{}".into(),
        answers,
    }
}

fn no_with_target() -> Answer {
    Answer {
        value: Some(YesNo::No),
        confirmed: [Some(date!(2025 - 06 - 02)), None],
        target: Some(date!(2026 - 03 - 31)),
        note: "更新時に対応 \"予定\"".into(),
        confirmed_by: "情報 太郎".into(),
        draft: false,
    }
}

on_every_backend!(an_assessment_keeps_its_answers_exactly, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let mut carried = BTreeMap::new();
    carried.insert(
        Slot::new("assets.ledger", Some(Scope::General)),
        Answer { value: Some(YesNo::Yes), draft: true, ..Default::default() },
    );
    let a = s.create_assessment(inst.id, &new(2025, carried), &actor(), NOW).await.unwrap();
    assert_eq!(
        (a.fiscal_year, a.edition_id.as_str(), a.facts),
        (2025, "mhlw-checklist-r7-hospital", Facts::default())
    );
    let slot = Slot::new("access.logs", Some(Scope::Server));
    s.save_answers(inst.id, a.id, &[(slot.clone(), no_with_target())], &actor(), NOW).await.unwrap();
    let answers = s.answers(inst.id, a.id).await.unwrap();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[&slot], no_with_target());
    assert!(answers[&Slot::new("assets.ledger", Some(Scope::General))].draft);
    let whole = Slot::new("governance.security_officer", None);
    let yes = Answer {
        value: Some(YesNo::Yes),
        confirmed: [Some(date!(2025 - 05 - 20)), None],
        ..Default::default()
    };
    s.save_answers(inst.id, a.id, &[(whole.clone(), yes.clone())], &actor(), NOW).await.unwrap();
    assert_eq!(s.answers(inst.id, a.id).await.unwrap()[&whole], yes);
});

on_every_backend!(one_assessment_per_year_and_edition, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    s.create_assessment(inst.id, &new(2025, BTreeMap::new()), &actor(), NOW).await.unwrap();
    let again = s.create_assessment(inst.id, &new(2025, BTreeMap::new()), &actor(), NOW).await;
    assert!(matches!(again, Err(StoreError::Conflict("assessment"))), "{again:?}");
    s.create_assessment(inst.id, &new(2026, BTreeMap::new()), &actor(), NOW).await.unwrap();
    let years: Vec<i32> = s.assessments(inst.id).await.unwrap().iter().map(|a| a.fiscal_year).collect();
    assert_eq!(years, vec![2026, 2025]);
});

on_every_backend!(only_changed_answers_are_audited, |db| {
    let s = &db.store;
    let (inst, _) = institution(s, "a").await;
    let a = s.create_assessment(inst.id, &new(2025, BTreeMap::new()), &actor(), NOW).await.unwrap();
    let slot = Slot::new("access.logs", Some(Scope::Server));
    s.save_answers(inst.id, a.id, &[(slot.clone(), no_with_target())], &actor(), NOW).await.unwrap();
    s.save_answers(inst.id, a.id, &[(slot.clone(), no_with_target())], &actor(), NOW).await.unwrap();
    let filter = AuditFilter { action: Some("assessment.answers_saved".into()), ..Default::default() };
    let (entries, total) = s.audit_entries(inst.id, &filter, 10, 0).await.unwrap();
    assert_eq!(total, 1, "saving the same answer again changes nothing");
    assert!(entries[0].after_json.as_deref().unwrap().contains("\"target\":\"2026-03-31\""));
});

on_every_backend!(assessments_stay_with_their_institution, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let theirs = s.create_assessment(b.id, &new(2025, BTreeMap::new()), &actor(), NOW).await.unwrap();
    assert!(s.assessment(a.id, theirs.id).await.unwrap().is_none());
    assert!(s.assessments(a.id).await.unwrap().is_empty());
    let slot = Slot::new("access.logs", Some(Scope::Server));
    let write = s.save_answers(a.id, theirs.id, &[(slot, no_with_target())], &actor(), NOW).await;
    assert!(matches!(write, Err(StoreError::NotFound)), "{write:?}");
    assert!(s.answers(b.id, theirs.id).await.unwrap().is_empty());
    let facts =
        s.set_assessment_facts(a.id, theirs.id, Facts { vendor_contract: false }, &actor(), NOW).await;
    assert!(matches!(facts, Err(StoreError::NotFound)));
});

fn file(bytes: &[u8]) -> iryosec_store::NewEvidence {
    iryosec_store::NewEvidence {
        item_key: "assets.ledger".into(),
        file_name: "台帳 2025.pdf".into(),
        content_type: "application/pdf".into(),
        sha256: "ab".repeat(32),
        data: bytes.to_vec(),
    }
}

on_every_backend!(evidence_files_keep_their_bytes_and_stay_home, |db| {
    use iryosec_store::EvidenceStore;
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let assessment = s.create_assessment(a.id, &new(2025, BTreeMap::new()), &actor(), NOW).await.unwrap();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
    let id = s.add_evidence(a.id, assessment.id, &file(&bytes), &actor(), NOW).await.unwrap();
    let list = s.evidence_of(a.id, assessment.id).await.unwrap();
    assert_eq!((list.len(), list[0].size, list[0].file_name.as_str()), (1, 70_000, "台帳 2025.pdf"));
    let (meta, data) = s.evidence_file(a.id, id).await.unwrap().unwrap();
    assert_eq!((meta.id, data), (id, bytes));
    assert!(s.evidence_file(b.id, id).await.unwrap().is_none(), "another institution cannot read it");
    assert!(matches!(s.delete_evidence(b.id, id, &actor(), NOW).await, Err(StoreError::NotFound)));
    assert!(matches!(
        s.add_evidence(b.id, assessment.id, &file(b"x"), &actor(), NOW).await,
        Err(StoreError::NotFound)
    ));
    s.delete_evidence(a.id, id, &actor(), NOW).await.unwrap();
    assert!(s.evidence_of(a.id, assessment.id).await.unwrap().is_empty());
    let filter = AuditFilter { action: Some("evidence.deleted".into()), ..Default::default() };
    let (entries, _) = s.audit_entries(a.id, &filter, 5, 0).await.unwrap();
    assert!(entries[0].before_json.as_deref().unwrap().contains("台帳 2025.pdf"));
});
