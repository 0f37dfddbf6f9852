//! Role checklists: the year's answers are replaced with their audit entry and stay with their
//! list, staff codes are found by hash and stop taking answers when revoked, staff answers carry
//! a department and a job role only, and the director's sign-offs are added, never replaced.
use crate::harness::*;
use iryosec_core::director::signoff::{SignOff, SignedAs};
use iryosec_core::roles::{Answers, Audience, ItemAnswer, JobRole, Mark, Respondent};
use iryosec_core::{InstitutionId, Timestamp};
use iryosec_store::{
    AuditStore, DirectorStore, NewRoleList, NewStaffAnswer, NewStaffCode, RoleStore, SqlStore,
    StaffCheckStore, StoreError,
};

pub fn marks(pairs: &[(&str, Mark)]) -> Answers {
    pairs.iter().map(|(k, m)| ((*k).to_owned(), ItemAnswer { mark: *m, note: String::new() })).collect()
}

pub fn new_code(hash: &str) -> NewStaffCode {
    NewStaffCode {
        fiscal_year: 2025,
        code_hash: hash.into(),
        label: "看護部用".into(),
        departments: vec!["看護部".into(), "医局".into()],
        list_id: "iryosec-clinical".into(),
    }
}

pub fn staff_answer(code_id: Option<i64>, department: &str, mark: Mark) -> NewStaffAnswer {
    NewStaffAnswer {
        fiscal_year: 2025,
        list_id: "iryosec-clinical".into(),
        code_id,
        respondent: Respondent { department: department.into(), job_role: JobRole::Nurse },
        answers: marks(&[("password_not_shared", mark)]),
        received_on: "2025-05-16".into(),
    }
}

fn signoff(comment: &str) -> SignOff {
    SignOff {
        signed_on: time::macros::date!(2025 - 06 - 01),
        comment: comment.into(),
        signed_as: SignedAs::OnBehalf,
        director_name: "山田 太郎".into(),
    }
}

/// Some of everything, for the backup round trip.
pub async fn populate(s: &SqlStore, inst: InstitutionId) {
    let answers = marks(&[("policy", Mark::Yes), ("audit", Mark::Unknown)]);
    s.save_role_answers(inst, 2025, Audience::Executive, "mhlw-r3-executive", &answers, &actor(), NOW)
        .await
        .unwrap();
    let code = s.issue_staff_code(inst, &new_code("ab".repeat(32).as_str()), &actor(), NOW).await.unwrap();
    s.add_staff_answer(inst, &staff_answer(Some(code.id), "看護部", Mark::No), &actor(), NOW).await.unwrap();
    s.add_staff_answer(inst, &staff_answer(None, "医局", Mark::Yes), &actor(), NOW).await.unwrap();
    s.revoke_staff_code(inst, code.id, &actor(), NOW).await.unwrap();
    s.sign_off(inst, 2025, &signoff("確認しました"), &actor(), NOW).await.unwrap();
    let list = NewRoleList {
        id: "mhlw-r8-system-admin".into(),
        audience: Audience::SystemAdmin,
        title: "システム管理者向け".into(),
        source_text: "format = 1".into(),
        source_name: "official.toml".into(),
    };
    s.store_role_list(&list, &actor(), NOW).await.unwrap();
}

/// What a person would miss of it after a restore.
pub async fn contents(s: &SqlStore, inst: InstitutionId) -> String {
    format!(
        "{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n",
        s.role_answers(inst, 2025).await.unwrap(),
        s.staff_codes(inst, 2025).await.unwrap(),
        s.staff_answers(inst, 2025).await.unwrap(),
        s.signoffs(inst, 2025).await.unwrap(),
        s.imported_role_lists().await.unwrap().iter().map(|l| (&l.id, l.version)).collect::<Vec<_>>(),
    )
}

on_every_backend!(a_years_answers_are_replaced_with_their_audit_entry_and_keep_their_list, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let first = marks(&[("policy", Mark::No)]);
    s.save_role_answers(a.id, 2025, Audience::Executive, "mhlw-r3-executive", &first, &actor(), NOW)
        .await
        .unwrap();
    let later = NOW.plus_minutes(5);
    let second = marks(&[("policy", Mark::Yes), ("audit", Mark::Unknown)]);
    s.save_role_answers(a.id, 2025, Audience::Executive, "mhlw-r3-executive", &second, &actor(), later)
        .await
        .unwrap();
    let stored = s.role_answers(a.id, 2025).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].audience, stored[0].list_id.as_str()), (Audience::Executive, "mhlw-r3-executive"));
    assert_eq!((&stored[0].answers, stored[0].updated_at), (&second, later));
    assert!(s.role_answers(a.id, 2024).await.unwrap().is_empty(), "each year has its own");
    assert!(s.role_answers(b.id, 2025).await.unwrap().is_empty(), "another institution sees nothing");

    let other = s
        .save_role_answers(a.id, 2025, Audience::Executive, "mhlw-r8-executive", &first, &actor(), later)
        .await;
    assert!(matches!(&other, Err(StoreError::Refused(m)) if m.key == "roles.error.other_list"), "{other:?}");
    assert_eq!(s.role_answers(a.id, 2025).await.unwrap()[0].answers, second, "nothing changed");

    let log = s.audit_for(a.id, "role_answers", "2025:executive", 10).await.unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|e| e.action == "roles.answers_saved"));
    assert!(log.iter().any(|e| e.after_json.as_deref().is_some_and(|j| j.contains("unknown"))));
    assert_eq!(s.role_list_uses("mhlw-r3-executive").await.unwrap(), 1);
});

on_every_backend!(a_staff_code_is_found_by_its_hash_and_stops_when_revoked, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let hash = "c0".repeat(32);
    let code = s.issue_staff_code(a.id, &new_code(&hash), &actor(), NOW).await.unwrap();
    assert_eq!((code.label.as_str(), code.departments.len(), code.answers), ("看護部用", 2, 0));
    let again = s.issue_staff_code(b.id, &new_code(&hash), &actor(), NOW).await;
    assert!(matches!(again, Err(StoreError::Conflict("staff_code"))), "a hash is unique on the server");

    let found = s.staff_code_by_hash(&hash).await.unwrap().unwrap();
    assert_eq!((found.id, found.institution_id), (code.id, a.id));
    assert!(s.staff_code_by_hash(&"00".repeat(32)).await.unwrap().is_none());

    s.add_staff_answer(a.id, &staff_answer(Some(code.id), "看護部", Mark::Yes), &actor(), NOW).await.unwrap();
    s.add_staff_answer(a.id, &staff_answer(None, "医局", Mark::No), &actor(), NOW).await.unwrap();
    assert_eq!(s.staff_codes(a.id, 2025).await.unwrap()[0].answers, 1);

    assert!(matches!(s.revoke_staff_code(b.id, code.id, &actor(), NOW).await, Err(StoreError::NotFound)));
    s.revoke_staff_code(a.id, code.id, &actor(), NOW.plus_minutes(1)).await.unwrap();
    let revoked = s.staff_codes(a.id, 2025).await.unwrap().remove(0);
    assert_eq!(
        (revoked.revoked_at, revoked.revoked_by.as_deref()),
        (Some(NOW.plus_minutes(1)), Some("test"))
    );
    let late =
        s.add_staff_answer(a.id, &staff_answer(Some(code.id), "看護部", Mark::No), &actor(), NOW).await;
    assert!(matches!(&late, Err(StoreError::Refused(m)) if m.key == "roles.error.code_revoked"), "{late:?}");
    assert!(matches!(s.revoke_staff_code(a.id, code.id, &actor(), NOW).await, Err(StoreError::NotFound)));
    let foreign =
        s.add_staff_answer(b.id, &staff_answer(Some(code.id), "看護部", Mark::No), &actor(), NOW).await;
    assert!(matches!(foreign, Err(StoreError::NotFound)), "a code answers its own institution only");

    let stored = s.staff_answers(a.id, 2025).await.unwrap();
    let seen: Vec<_> = stored
        .iter()
        .map(|r| {
            (r.code_id, r.respondent.department.as_str(), r.entered_by.as_deref(), r.received_on.as_str())
        })
        .collect();
    assert_eq!(
        seen,
        [(Some(code.id), "看護部", None, "2025-05-16"), (None, "医局", Some("test"), "2025-05-16")]
    );
    assert!(s.staff_answers(b.id, 2025).await.unwrap().is_empty());

    let actions: Vec<String> = s
        .audit_for(a.id, "staff_code", &code.id.to_string(), 10)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["roles.code_revoked", "roles.code_issued"]);
});

on_every_backend!(staff_answers_leave_no_trace_of_who_gave_them, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let code = s.issue_staff_code(a.id, &new_code(&"d1".repeat(32)), &actor(), NOW).await.unwrap();
    let anonymous =
        iryosec_core::audit::Actor { user_id: None, login: "staff-code".into(), ip: None, request_id: None };
    s.add_staff_answer(a.id, &staff_answer(Some(code.id), "看護部", Mark::Yes), &anonymous, NOW)
        .await
        .unwrap();
    let (log, _) = s.audit_entries(a.id, &iryosec_store::AuditFilter::default(), 10, 0).await.unwrap();
    let entry = log.iter().find(|e| e.action == "roles.staff_answer_received").unwrap();
    assert_eq!((entry.target_id.as_deref(), entry.actor_ip.as_deref()), (None, None));
    let after = entry.after_json.as_deref().unwrap();
    assert!(!after.contains("看護部") && !after.contains("nurse"), "{after}");
});

on_every_backend!(sign_offs_are_added_audited_and_read_back_newest_first, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    assert!(s.signoffs(a.id, 2025).await.unwrap().is_empty());
    s.sign_off(a.id, 2025, &signoff("予算は理事会で"), &actor(), NOW).await.unwrap();
    let later = Timestamp(NOW.millis() + 60_000);
    let second = s.sign_off(a.id, 2025, &signoff("再確認"), &actor(), later).await.unwrap();
    let all = s.signoffs(a.id, 2025).await.unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0], second);
    assert_eq!(
        (all[1].signoff.comment.as_str(), all[1].signoff.director_name.as_str()),
        ("予算は理事会で", "山田 太郎")
    );
    assert!(s.signoffs(a.id, 2024).await.unwrap().is_empty());
    assert!(s.signoffs(b.id, 2025).await.unwrap().is_empty());
    let log = s.audit_for(a.id, "director_page", "2025", 10).await.unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|e| e.action == "director.signed_off"));
    assert!(log[0].after_json.as_deref().is_some_and(|j| j.contains("再確認") && j.contains("on_behalf")));
});

on_every_backend!(imported_role_lists_are_versioned_server_wide, |db| {
    let s = &db.store;
    let list = |title: &str| NewRoleList {
        id: "mhlw-r8-clinical".into(),
        audience: Audience::Clinical,
        title: title.into(),
        source_text: format!("title = \"{title}\""),
        source_name: "official.xlsx".into(),
    };
    assert_eq!(s.store_role_list(&list("一"), &actor(), NOW).await.unwrap(), 1);
    assert_eq!(s.store_role_list(&list("二"), &actor(), NOW).await.unwrap(), 2);
    let stored = s.imported_role_lists().await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!((stored[0].version, stored[0].source_text.as_str()), (2, "title = \"二\""));
});
