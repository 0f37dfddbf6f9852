//! G-MIS 調査の回答: drafts saved and replaced per year and edition, archives, audit, isolation.
use crate::harness::*;
use iryosec_store::{AuditStore, SurveyAnswerSet, SurveyStore};
use std::collections::BTreeMap;

pub const FY2023: &str = "mhlw-survey-fy2023-hospital";

pub fn answer_set() -> SurveyAnswerSet {
    let answers = serde_json::json!({ "Q2": true, "Q6": [1, 2], "Q11": true, "Q12-2": 2,
        "Q1": [{ "name": "山田 太郎", "hospital": "さくら病院", "contact": "03-0000-0000" }] });
    SurveyAnswerSet {
        fiscal_year: 2023,
        edition_id: FY2023.into(),
        answers: answers.as_object().cloned().unwrap(),
        confirmed: vec!["Q1".into(), "Q2".into(), "Q6".into()],
        sources: BTreeMap::from([("Q11".into(), "医療情報システム台帳: 電子カルテ 電子カルテ".into())]),
        updated_at: NOW,
        updated_by: "test".into(),
    }
}

on_every_backend!(an_answer_set_is_saved_replaced_and_audited, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    assert!(s.survey_answer_set(a.id, 2023, FY2023).await.unwrap().is_none());
    s.save_survey_answers(a.id, &answer_set(), None, &actor(), NOW).await.unwrap();
    assert_eq!(s.survey_answer_set(a.id, 2023, FY2023).await.unwrap().unwrap(), answer_set());

    let mut later = answer_set();
    later.answers.remove("Q12-2");
    later.confirmed.push("Q11".into());
    later.updated_at = iryosec_core::Timestamp(NOW.millis() + 1000);
    s.save_survey_answers(a.id, &later, Some("回答.json"), &actor(), later.updated_at).await.unwrap();
    let got = s.survey_answer_set(a.id, 2023, FY2023).await.unwrap().unwrap();
    assert_eq!(got, later, "the second save replaced the first");
    let mut other_year = answer_set();
    other_year.fiscal_year = 2022;
    other_year.edition_id = "mhlw-survey-fy2022-hospital".into();
    s.save_survey_answers(a.id, &other_year, None, &actor(), NOW).await.unwrap();
    let years: Vec<i32> = s.survey_answer_sets(a.id).await.unwrap().iter().map(|x| x.fiscal_year).collect();
    assert_eq!(years, vec![2023, 2022], "newest year first");

    let log = s.audit_for(a.id, "survey", &format!("2023/{FY2023}"), 10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["survey.imported", "survey.saved"]);
    let after: serde_json::Value = serde_json::from_str(log[0].after_json.as_deref().unwrap()).unwrap();
    assert_eq!(after["file"], "回答.json");
    assert!(after["answers"].get("Q12-2").is_none());
    let before: serde_json::Value = serde_json::from_str(log[0].before_json.as_deref().unwrap()).unwrap();
    assert_eq!(before["answers"]["Q12-2"], 2, "the entry keeps what was replaced");
    assert!(log[1].before_json.is_none());
});

on_every_backend!(a_settled_year_keeps_its_bundle, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let first =
        s.archive_survey(a.id, 2023, FY2023, "{\"format\":\"iryosec-survey\"}", &actor(), NOW).await.unwrap();
    let second = s.archive_survey(a.id, 2023, FY2023, "{\"v\":2}", &actor(), NOW).await.unwrap();
    let archives = s.survey_archives(a.id).await.unwrap();
    let ids: Vec<i64> = archives.iter().map(|x| x.id).collect();
    assert_eq!(ids, vec![second, first], "newest first");
    assert_eq!((archives[0].fiscal_year, archives[0].edition_id.as_str()), (2023, FY2023));
    assert_eq!(
        s.survey_archive_bundle(a.id, first).await.unwrap().as_deref(),
        Some("{\"format\":\"iryosec-survey\"}")
    );
    let log = s.audit_for(a.id, "survey", &format!("2023/{FY2023}"), 10).await.unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|e| e.action == "survey.archived"));
});

on_every_backend!(one_institution_cannot_reach_anothers_survey_answers, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    s.save_survey_answers(a.id, &answer_set(), None, &actor(), NOW).await.unwrap();
    let archive = s.archive_survey(a.id, 2023, FY2023, "{}", &actor(), NOW).await.unwrap();
    assert!(s.survey_answer_sets(b.id).await.unwrap().is_empty());
    assert!(s.survey_answer_set(b.id, 2023, FY2023).await.unwrap().is_none());
    assert!(s.survey_archives(b.id).await.unwrap().is_empty());
    assert!(s.survey_archive_bundle(b.id, archive).await.unwrap().is_none());
    // B's own answers to the same year do not touch A's.
    let mut own = answer_set();
    own.answers.clear();
    s.save_survey_answers(b.id, &own, None, &actor(), NOW).await.unwrap();
    assert_eq!(s.survey_answer_set(a.id, 2023, FY2023).await.unwrap().unwrap(), answer_set());
});
