//! アカウント点検: reviews with their findings, decisions with their history, per institution.
use crate::harness::*;
use iryosec_core::account_review::Decision;
use iryosec_core::accounts::{Finding, FindingKind};
use iryosec_store::{AccountReviewStore, AuditStore, NewAccountReview, ReviewSource, StoreError};
use time::macros::date;

pub fn finding(kind: FindingKind, login: &str, staff: Option<&str>) -> Finding {
    Finding {
        kind,
        system: "AD".into(),
        login: login.into(),
        name: format!("{login} の氏名"),
        employee_no: staff.map(|_| "0012".into()),
        staff_name: staff.map(String::from),
        idle_days: (kind == FindingKind::Unused).then_some(320),
    }
}

pub fn new_review() -> NewAccountReview {
    NewAccountReview {
        reviewed_on: date!(2026 - 03 - 31),
        fiscal_year: 2025,
        unused_days: 90,
        sources: vec![
            ReviewSource { system: "AD".into(), file_name: "ad.csv".into(), accounts: 120 },
            ReviewSource {
                system: "電子カルテ".into(), file_name: "利用者.csv".into(), accounts: 80
            },
        ],
        roster_file: "職員名簿.xlsx".into(),
        staff_count: 150,
        findings: vec![
            finding(FindingKind::LeaverEnabled, "yamada", Some("山田 太郎")),
            finding(FindingKind::Unused, "suzuki", Some("鈴木 一郎")),
            finding(FindingKind::NoOwner, "ghost", None),
        ],
    }
}

on_every_backend!(a_review_is_kept_with_its_findings_in_order, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let id = s.create_account_review(a.id, &new_review(), &actor(), NOW).await.unwrap();
    let review = s.account_review(a.id, id).await.unwrap().unwrap();
    assert_eq!((review.reviewed_on, review.fiscal_year), (date!(2026 - 03 - 31), 2025));
    assert_eq!((review.account_count, review.staff_count, review.unused_days), (200, 150, 90));
    assert_eq!(review.sources, new_review().sources);
    assert_eq!((review.open, review.decided, review.created_by.as_str()), (3, 0, "test"));
    let findings = s.account_review_findings(a.id, id).await.unwrap();
    let got: Vec<Finding> = findings.iter().map(|f| f.finding.clone()).collect();
    assert_eq!(got, new_review().findings);
    assert!(findings.iter().all(|f| f.decision.is_none() && f.decided_at.is_none()));
    let mut later = new_review();
    later.reviewed_on = date!(2026 - 04 - 10);
    later.fiscal_year = 2026;
    later.findings.clear();
    let newer = s.create_account_review(a.id, &later, &actor(), NOW).await.unwrap();
    let ids: Vec<i64> = s.account_reviews(a.id).await.unwrap().iter().map(|r| r.id).collect();
    assert_eq!(ids, vec![newer, id], "newest first");
});

on_every_backend!(deciding_twice_keeps_the_last_and_the_log_keeps_both, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let id = s.create_account_review(a.id, &new_review(), &actor(), NOW).await.unwrap();
    let target = s.account_review_findings(a.id, id).await.unwrap()[0].id;
    let reason = "引き継ぎのため3月末まで";
    s.decide_account_finding(a.id, id, target, Decision::Keep, reason, &actor(), NOW).await.unwrap();
    let later = iryosec_core::Timestamp(NOW.millis() + 86_400_000);
    s.decide_account_finding(a.id, id, target, Decision::Disable, "", &actor(), later).await.unwrap();

    let f = &s.account_review_findings(a.id, id).await.unwrap()[0];
    assert_eq!((f.decision, f.reason.as_str(), f.decided_at), (Some(Decision::Disable), "", Some(later)));
    assert_eq!(f.decided_by, "test");
    let review = s.account_review(a.id, id).await.unwrap().unwrap();
    assert_eq!((review.open, review.decided), (2, 1));

    let log = s.audit_for(a.id, "account_review", &id.to_string(), 10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["account_review.decided", "account_review.decided", "account_review.created"]);
    let last_before: serde_json::Value =
        serde_json::from_str(log[0].before_json.as_deref().unwrap()).unwrap();
    let last_after: serde_json::Value = serde_json::from_str(log[0].after_json.as_deref().unwrap()).unwrap();
    assert_eq!(
        (last_before["decision"].as_str(), last_before["reason"].as_str()),
        (Some("keep"), Some(reason))
    );
    assert_eq!(
        (last_after["decision"].as_str(), last_after["login"].as_str()),
        (Some("disable"), Some("yamada"))
    );
    assert!(log[1].before_json.is_none(), "the first decision replaced nothing");
    assert!(log[2].after_json.as_deref().unwrap().contains("職員名簿.xlsx"));
});

on_every_backend!(one_institution_cannot_reach_anothers_reviews, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let id = s.create_account_review(a.id, &new_review(), &actor(), NOW).await.unwrap();
    let target = s.account_review_findings(a.id, id).await.unwrap()[0].id;
    assert!(s.account_reviews(b.id).await.unwrap().is_empty());
    assert!(s.account_review(b.id, id).await.unwrap().is_none());
    assert!(s.account_review_findings(b.id, id).await.unwrap().is_empty());
    let through_b = s.decide_account_finding(b.id, id, target, Decision::Delete, "", &actor(), NOW).await;
    assert!(matches!(through_b, Err(StoreError::NotFound)), "{through_b:?}");
    // A finding of the review cannot be reached through another review's id either.
    let other = s.create_account_review(a.id, &new_review(), &actor(), NOW).await.unwrap();
    let crossed = s.decide_account_finding(a.id, other, target, Decision::Delete, "", &actor(), NOW).await;
    assert!(matches!(crossed, Err(StoreError::NotFound)));
    assert!(s.account_review_findings(a.id, id).await.unwrap()[0].decision.is_none());
});

on_every_backend!(one_decision_for_a_kind_leaves_other_kinds_and_earlier_decisions_alone, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let mut review = new_review();
    review.findings.push(finding(FindingKind::LeaverEnabled, "tanaka", Some("田中 次郎")));
    review.findings.push(finding(FindingKind::LeaverEnabled, "ito", Some("伊藤 誠")));
    let id = s.create_account_review(a.id, &review, &actor(), NOW).await.unwrap();
    let yamada = s.account_review_findings(a.id, id).await.unwrap()[0].id;
    s.decide_account_finding(a.id, id, yamada, Decision::Keep, "引き継ぎ中", &actor(), NOW).await.unwrap();

    let leavers = FindingKind::LeaverEnabled;
    let through_b = s.decide_open_findings(b.id, id, leavers, Decision::Disable, "", &actor(), NOW).await;
    assert!(matches!(through_b, Err(StoreError::NotFound)), "{through_b:?}");
    let n = s.decide_open_findings(a.id, id, leavers, Decision::Disable, "", &actor(), NOW).await.unwrap();
    assert_eq!(n, 2, "the two open leavers, not yamada who was decided before");
    let findings = s.account_review_findings(a.id, id).await.unwrap();
    let decided: Vec<(&str, Option<Decision>)> =
        findings.iter().map(|f| (f.finding.login.as_str(), f.decision)).collect();
    assert_eq!(
        decided,
        vec![
            ("yamada", Some(Decision::Keep)),
            ("suzuki", None),
            ("ghost", None),
            ("tanaka", Some(Decision::Disable)),
            ("ito", Some(Decision::Disable)),
        ]
    );
    let log = s.audit_for(a.id, "account_review", &id.to_string(), 10).await.unwrap();
    assert_eq!(log[0].action, "account_review.decided_together");
    assert!(log[0].after_json.as_deref().unwrap().contains("\"count\":2"), "{:?}", log[0].after_json);
    let again = s.decide_open_findings(a.id, id, leavers, Decision::Delete, "", &actor(), NOW).await.unwrap();
    assert_eq!(again, 0, "nothing open is left, and nothing is logged");
    assert_eq!(s.audit_for(a.id, "account_review", &id.to_string(), 10).await.unwrap().len(), log.len());
});
