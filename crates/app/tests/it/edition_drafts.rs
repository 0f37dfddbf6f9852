//! The edition editor end to end: a 令和8年度 draft started from 令和7年度, an item reworded,
//! added and removed, one checked against the official form, published, and an assessment on it
//! carrying the 令和7年度 answers by stable key.

use super::*;
use iryosec_app::assessments::StartAssessment;
use iryosec_core::assessment::{AnswerInput, Facts, Slot, YesNo};
use iryosec_core::catalog::{ItemFields, Place, Sheet, Verification};
use iryosec_store::AuditStore;

/// 2026-12-05 09:00 JST, in 令和8年度.
const R8_DAY: Timestamp = Timestamp(1_796_428_800_000);

#[tokio::test]
async fn a_draft_from_reiwa_7_is_edited_checked_published_and_answered_with_carried_answers() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    t.clock.set(Timestamp(1_749_000_000_000)); // 2025-06-04 JST
    let start = |fy, edition: &str, carry_from| StartAssessment {
        fiscal_year: fy,
        edition_id: edition.into(),
        carry_from,
        facts: Facts::default(),
    };
    let r7 = t
        .app
        .start_assessment(inst.id, &start(2025, "mhlw-checklist-r7-hospital", None), &actor())
        .await
        .unwrap();
    let yes = AnswerInput { value: "はい".into(), confirmed_1: "2025-06-02".into(), ..Default::default() };
    let officer = Slot::new("governance.security_officer", None);
    t.app.save_answers(inst.id, r7.id, &[(officer.clone(), yes)], "医療 一郎", &actor()).await.unwrap();

    t.clock.set(R8_DAY);
    let id = t
        .app
        .start_draft(inst.id, "mhlw-checklist-r7-hospital", 2026, Sheet::HospitalPharmacy, &actor())
        .await
        .unwrap();
    let view = t.app.edition_draft(inst.id, id).await.unwrap();
    assert!(view.edition.title.contains("令和8年度"), "{}", view.edition.title);
    assert!(view.changes.is_empty() && view.problems.is_empty(), "{:?}", view.problems);
    let at = view.edition.items.iter().position(|i| i.key == "governance.security_officer").unwrap();

    let mut fields = ItemFields::of(&view.edition.items[at]);
    fields.title = "医療情報システム安全管理責任者を設置し、院内に周知している。".into();
    t.app.save_draft_item(inst.id, id, at, fields.clone(), &actor()).await.unwrap();
    t.app.check_draft_item(inst.id, id, at, true, "医療 一郎", &actor()).await.unwrap();

    let added = ItemFields {
        number: "".into(),
        key: "new.item".into(),
        section: "1".into(),
        title: "新しい項目".into(),
        due: "2026".into(),
        ..Default::default()
    };
    let added_at = t.app.add_draft_item(inst.id, id, added, &actor()).await.unwrap();
    let view = t.app.edition_draft(inst.id, id).await.unwrap();
    assert_eq!(view.problems.len(), 1, "{:?}", view.problems);
    assert_eq!(view.problems[0].place, Place::Item(added_at, "number"), "the empty number is named");
    let publish = t.app.publish_edition_draft(inst.id, id, &actor()).await.unwrap();
    assert!(publish.is_err(), "nothing published while it does not validate");
    t.app.remove_draft_item(inst.id, id, added_at, &actor()).await.unwrap();

    let checked = &t.app.edition_draft(inst.id, id).await.unwrap().edition.items[at];
    assert_eq!((checked.checked_by.as_str(), checked.checked_on.as_str()), ("医療 一郎", "2026-12-05"));
    let view = t.app.edition_draft(inst.id, id).await.unwrap();
    assert!(view.changes.iter().any(|c| matches!(c, iryosec_core::catalog::ItemChange::Changed { key, .. } if key == "governance.security_officer")));

    let edition_id = t.app.publish_edition_draft(inst.id, id, &actor()).await.unwrap().unwrap();
    let published = t.app.edition(&edition_id).await.unwrap().edition;
    assert_eq!(published.item("governance.security_officer").unwrap().verification, Verification::Final);
    assert_eq!(published.items_not_final().len(), published.items.len() - 1);
    let again = t.app.save_draft_item(inst.id, id, at, fields, &actor()).await;
    assert!(
        matches!(again, Err(AppError::Refused(ref m)) if m.key == "definitions.error.draft_published"),
        "{again:?}"
    );

    let r8 = t.app.start_assessment(inst.id, &start(2026, &edition_id, Some(r7.id)), &actor()).await.unwrap();
    let answers = t.app.assessment_view(inst.id, r8.id).await.unwrap().answers;
    assert_eq!(answers[&officer].value, Some(YesNo::Yes), "carried by stable key");

    let (log, _) =
        t.db.audit_entries(
            inst.id,
            &AuditFilter { action: Some("catalog.draft_saved".into()), ..Default::default() },
            50,
            0,
        )
        .await
        .unwrap();
    assert_eq!(log.len(), 6, "made, reworded, checked, added, removed and published, each audited");
}
