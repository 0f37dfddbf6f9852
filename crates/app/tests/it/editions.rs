//! Which edition a year proposes, and carrying 令和7年度 into the provisional 令和8年度 edition.

use super::*;
use iryosec_app::assessments::StartAssessment;
use iryosec_core::assessment::{AnswerInput, CarryFlag, Facts, Slot, YesNo};
use iryosec_core::catalog::{Scope, Sheet, Verification, builtin};

/// 2026-12-05 09:00 JST, in 令和8年度.
const R8_DAY: Timestamp = Timestamp(1_796_428_800_000);

fn pharmacy() -> InstitutionInput {
    InstitutionInput {
        name: "さくら薬局".into(), kind: "薬局".into(), beds: String::new(), ..hospital()
    }
}

fn start(fy: i32, edition: &str, carry_from: Option<i64>) -> StartAssessment {
    StartAssessment { fiscal_year: fy, edition_id: edition.into(), carry_from, facts: Facts::default() }
}

async fn proposed(t: &T, inst: &Institution, year: i32) -> String {
    t.app.proposed_edition(inst.profile.kind, year).await.unwrap().unwrap().id
}

#[tokio::test]
async fn this_years_edition_is_proposed_and_follows_the_kind_of_institution() {
    let t = app().await;
    let (hosp, _) = set_up(&t).await;
    let (pharm, _) =
        t.app.create_institution(&pharmacy(), &admin_input("yakkyoku"), "ja", false, &actor()).await.unwrap();
    assert_eq!(proposed(&t, &hosp, 2025).await, "mhlw-checklist-r7-hospital");
    assert_eq!(proposed(&t, &pharm, 2025).await, "mhlw-checklist-r7-pharmacy");
    assert_eq!(proposed(&t, &hosp, 2026).await, "mhlw-checklist-r8-hospital-pharmacy", "not R7");
    assert_eq!(proposed(&t, &pharm, 2026).await, "mhlw-checklist-r8-hospital-pharmacy");

    let sheets = |editions: Vec<iryosec_core::catalog::Edition>| {
        let mut s: Vec<Sheet> = editions.iter().map(|e| e.sheet).collect();
        s.dedup();
        s
    };
    let for_hospital = sheets(t.app.editions_for(hosp.profile.kind).await.unwrap());
    assert!(!for_hospital.contains(&Sheet::Pharmacy) && !for_hospital.contains(&Sheet::Vendor));
    let for_pharmacy = sheets(t.app.editions_for(pharm.profile.kind).await.unwrap());
    assert!(!for_pharmacy.contains(&Sheet::Hospital) && for_pharmacy.contains(&Sheet::HospitalPharmacy));
}

#[tokio::test]
async fn the_ministrys_edition_once_imported_goes_before_the_provisional_one() {
    let t = app().await;
    let (hosp, _) = set_up(&t).await;
    let mut exact = builtin::edition("mhlw-checklist-r8-hospital-pharmacy").unwrap().clone();
    exact.id = "r8-hospital-pharmacy-official".into();
    exact.provisional = false;
    for item in &mut exact.items {
        item.verification = Verification::Final;
    }
    t.app.import_edition(&exact, "r8.toml", &actor()).await.unwrap();
    assert_eq!(proposed(&t, &hosp, 2026).await, "r8-hospital-pharmacy-official");
}

#[tokio::test]
async fn reiwa_7_answers_carry_into_the_provisional_reiwa_8_edition_by_key() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    t.clock.set(Timestamp(1_749_000_000_000)); // 2025-06-04 JST
    let r7 = t
        .app
        .start_assessment(inst.id, &start(2025, "mhlw-checklist-r7-hospital", None), &actor())
        .await
        .unwrap();
    let yes = |slot: Slot| {
        (slot, AnswerInput { value: "はい".into(), confirmed_1: "2025-06-02".into(), ..Default::default() })
    };
    let inputs = vec![
        yes(Slot::new("governance.security_officer", None)),
        yes(Slot::new("password.length_and_rotation", Some(Scope::General))),
        yes(Slot::new("access.logs", Some(Scope::Server))),
    ];
    t.app.save_answers(inst.id, r7.id, &inputs, "医療 一郎", &actor()).await.unwrap();

    t.clock.set(R8_DAY);
    let id = proposed(&t, &inst, 2026).await;
    let r8 = t.app.start_assessment(inst.id, &start(2026, &id, Some(r7.id)), &actor()).await.unwrap();
    let view = t.app.assessment_view(inst.id, r8.id).await.unwrap();
    assert_eq!(view.record.edition_id, "mhlw-checklist-r8-hospital-pharmacy");
    for (key, scope) in [
        ("governance.security_officer", None),
        ("password.length_and_rotation", Some(Scope::General)),
        ("access.logs", Some(Scope::Server)),
    ] {
        let a = &view.answers[&Slot::new(key, scope)];
        assert_eq!((a.value, a.draft), (Some(YesNo::Yes), true), "{key}");
    }
    assert!(
        !view.flags.values().any(|f| *f == CarryFlag::New),
        "every R8 item has its R7 key: {:?}",
        view.flags
    );
    let changed = |key: &str| matches!(view.flags.get(key), Some(CarryFlag::Changed { fields }) if fields.iter().any(|f| f == "title"));
    assert!(changed("password.length_and_rotation") && changed("auth.two_factor") && changed("access.logs"));
    assert!(!view.flags.contains_key("governance.security_officer"), "unchanged wording is no change");
}
