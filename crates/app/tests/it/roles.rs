//! Role checks at the level of the use cases: the yearly lists and their tally, the staff check
//! through a code without an account, importing an official list, the director's page and its
//! sign-off.
use super::*;
use iryosec_app::staff_check::StaffSubmission;
use iryosec_core::director::gaps::{DirectorGap, GapState};
use iryosec_core::director::signoff::{SignOffInput, SignedAs};
use iryosec_core::role::Role;
use iryosec_core::roles::{Audience, Author, MarkInput, builtin};

fn marks(list_id: &str, marks: &[&str]) -> Vec<MarkInput> {
    let list = builtin::list(list_id).unwrap();
    list.items
        .iter()
        .zip(marks)
        .map(|(i, m)| MarkInput { key: i.key.clone(), mark: (*m).into(), note: String::new() })
        .collect()
}

fn staff(department: &str, job: &str, answers: &[&str]) -> StaffSubmission {
    StaffSubmission {
        department: department.into(),
        job_role: job.into(),
        marks: marks("iryosec-clinical", answers),
    }
}

const ALL_YES: [&str; 11] = ["○"; 11];

async fn account(t: &T, inst: &Institution, login: &str, role: &str) -> User {
    let input = iryosec_app::accounts::NewUserInput {
        login_id: login.into(),
        display_name: format!("{login} さん"),
        role: role.into(),
        password: PASSWORD.into(),
        password_confirm: PASSWORD.into(),
    };
    t.app.create_user(inst.id, &input, "ja", &actor()).await.unwrap()
}

fn refused_with(result: Result<impl std::fmt::Debug, AppError>, key: &str) {
    match result {
        Err(AppError::Refused(m)) => assert_eq!(m.key, key),
        other => panic!("expected {key}, got {other:?}"),
    }
}

#[tokio::test]
async fn the_executive_list_is_answered_once_a_year_and_tallied() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let page = t.app.role_check_page(inst.id, 2025, Audience::Executive).await.unwrap();
    assert_eq!((page.list.id.as_str(), page.unanswered), ("mhlw-r3-executive", 9));

    let bad = t
        .app
        .save_role_answers(
            inst.id,
            2025,
            Audience::Executive,
            &marks("mhlw-r3-executive", &["たぶん"]),
            &actor(),
        )
        .await;
    let Err(AppError::Invalid(errors)) = bad else { panic!("{bad:?}") };
    assert_eq!((errors[0].message.key, errors[0].message.args[0].1.as_str()), ("roles.error.mark", "1"));
    assert_eq!(
        t.app.role_check_page(inst.id, 2025, Audience::Executive).await.unwrap().unanswered,
        9,
        "nothing saved"
    );

    let example = ["○", "○", "○", "×", "○", "○", "○", "×", "×"];
    let saved = t
        .app
        .save_role_answers(
            inst.id,
            2025,
            Audience::Executive,
            &marks("mhlw-r3-executive", &example),
            &actor(),
        )
        .await
        .unwrap();
    assert_eq!((saved.counts.yes, saved.counts.no, saved.unanswered), (6, 3, 0));
    assert!(matches!(
        t.app.role_check_page(inst.id, 2025, Audience::Clinical).await,
        Err(AppError::NotFound)
    ));

    let tally = t.app.tally(inst.id, 2025).await.unwrap();
    let structure = tally.year.areas.iter().find(|a| a.area.code() == "structure.preventive").unwrap();
    assert_eq!(iryosec_core::roles::tally::percent(structure.group.yes_share.unwrap()), 71);
    assert!(tally.heat_map.contains("data-area=\"system.preventive\"") && tally.heat_map.contains(">○ 50%<"));
    assert_eq!(tally.weakest[0].area.code(), "system.preventive");
    assert_eq!(tally.weakest[0].measures.len(), 2, "the matrix's 対策例 for the cell");
    let (log, _) = t.app.audit_entries(inst.id, &AuditFilter::default(), 10, 0).await.unwrap();
    assert_eq!(log[0].action, "roles.answers_saved");
}

#[tokio::test]
async fn staff_answer_with_a_code_and_nothing_else() {
    let t = app().await;
    let (inst, admin) = set_up(&t).await;
    let issued = t.app.issue_staff_code(inst.id, 2025, "全職員用", "看護部\n医局", &actor()).await.unwrap();
    assert_eq!(issued.code.len(), 14, "ABCD-EFGH-JKLM");
    assert_eq!(issued.record.list_id, "iryosec-clinical");

    // The page a code opens: the list, the choices, the institution's name; nothing more.
    let typed = issued.code.to_lowercase().replace('-', " ");
    let page = t.app.staff_check_page(&typed, "10.0.0.5").await.unwrap();
    assert_eq!(
        (page.institution_name.as_str(), page.fiscal_year, page.author),
        ("さくら記念病院", 2025, Author::Iryosec)
    );
    assert_eq!(page.items.len(), 11);
    assert_eq!(page.departments, ["看護部", "医局"]);

    let incomplete = StaffSubmission {
        marks: marks("iryosec-clinical", &["○", "○"]),
        ..staff("看護部", "nurse", &[])
    };
    let err = t.app.submit_staff_check(&issued.code, "10.0.0.5", &incomplete).await.unwrap_err();
    let AppError::Invalid(errors) = err else { panic!("{err:?}") };
    assert_eq!(errors[0].message.key, "roles.error.unanswered");
    let stranger =
        t.app.submit_staff_check(&issued.code, "10.0.0.5", &staff("山田 花子", "nurse", &ALL_YES)).await;
    assert!(matches!(stranger, Err(AppError::Invalid(ref e)) if e[0].field == "department"), "{stranger:?}");

    let b = ["○", "○", "×", "○", "○", "○", "○", "○", "わからない", "○", "○"];
    let c = ["○", "○", "○", "○", "○", "○", "○", "×", "×", "わからない", "○"];
    for (who, answers) in [("看護部", ALL_YES), ("看護部", b), ("看護部", c)] {
        t.app.submit_staff_check(&issued.code, "10.0.0.5", &staff(who, "看護職員", &answers)).await.unwrap();
    }
    t.app
        .record_paper_staff_check(inst.id, 2025, &staff("医局", "doctor", &ALL_YES), &actor())
        .await
        .unwrap();

    let tally = t.app.tally(inst.id, 2025).await.unwrap();
    let detective = tally.year.areas.iter().find(|a| a.area.code() == "staff.detective").unwrap().group;
    assert_eq!(
        detective.counts.yes + detective.counts.no + detective.counts.unknown,
        8,
        "four people, two items"
    );
    let groups: Vec<_> =
        tally.staff_groups.iter().map(|g| (g.department.as_deref(), g.respondents)).collect();
    assert_eq!(groups, [(Some("看護部"), 3), (None, 1)], "the one doctor is not shown alone");
    assert_eq!(tally.lists[0].responses, 4);

    // The code is not a password, and the log keeps no address for the answers.
    let login = t.app.login(admin.login_id.as_str(), &issued.code, &actor()).await.unwrap();
    assert!(matches!(login, LoginOutcome::Failed), "{login:?}");
    let received = AuditFilter { action: Some("roles.staff_answer_received".into()), ..Default::default() };
    let (log, n) = t.app.audit_entries(inst.id, &received, 10, 0).await.unwrap();
    assert_eq!(n, 4);
    assert!(log.iter().filter(|e| e.actor_login == "staff_check").all(|e| e.actor_ip.is_none()));
}

#[tokio::test]
async fn wrong_codes_are_rate_limited_per_address_and_revoked_or_old_codes_refused() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let issued = t.app.issue_staff_code(inst.id, 2025, "全職員用", "", &actor()).await.unwrap();
    for _ in 0..iryosec_app::STAFF_CODE_FAILURES {
        refused_with(t.app.staff_check_page("ZZZZ-ZZZZ-ZZZZ", "10.0.0.9").await, "roles.error.code_unknown");
    }
    refused_with(t.app.staff_check_page(&issued.code, "10.0.0.9").await, "roles.error.code_throttled");
    refused_with(
        t.app.submit_staff_check(&issued.code, "10.0.0.9", &staff("", "nurse", &ALL_YES)).await,
        "roles.error.code_throttled",
    );
    t.app.staff_check_page(&issued.code, "10.0.0.10").await.unwrap();
    t.clock.advance_minutes(16);
    t.app.staff_check_page(&issued.code, "10.0.0.9").await.unwrap();

    let code_id = issued.record.id;
    t.app.revoke_staff_code(inst.id, code_id, &actor()).await.unwrap();
    refused_with(t.app.staff_check_page(&issued.code, "10.0.0.11").await, "roles.error.code_revoked");
    refused_with(
        t.app.submit_staff_check(&issued.code, "10.0.0.11", &staff("", "nurse", &ALL_YES)).await,
        "roles.error.code_revoked",
    );
    assert!(t.app.staff_codes(inst.id, 2025).await.unwrap()[0].is_revoked());

    let fresh = t.app.issue_staff_code(inst.id, 2025, "二回目", "", &actor()).await.unwrap();
    t.clock.set(Timestamp(1_775_000_000_000)); // 2026-04-01 JST: a new fiscal year
    refused_with(t.app.staff_check_page(&fresh.code, "10.0.0.12").await, "roles.error.code_expired");
    assert!(t.app.issue_staff_code(inst.id, 2024, "昔の年度", "", &actor()).await.is_err());
}

#[tokio::test]
async fn an_official_list_imported_replaces_iryosecs_own_from_its_year() {
    let t = app().await;
    let _ = set_up(&t).await;
    let mut official = builtin::list("iryosec-system-admin").unwrap().clone();
    refused_with(t.app.import_role_list(&official, "x.toml", &actor()).await, "roles.error.builtin_id");
    official.id = "mhlw-r7-system-admin".into();
    official.author = Author::Mhlw;
    official.fiscal_year = 2025;
    official.title = "システム管理者向け サイバーセキュリティ対策チェックリスト".into();
    assert_eq!(t.app.import_role_list(&official, "official.xlsx", &actor()).await.unwrap(), 1);
    assert_eq!(
        t.app.role_list_in_force(Audience::SystemAdmin, 2025).await.unwrap().id,
        "mhlw-r7-system-admin"
    );
    assert_eq!(
        t.app.role_list_in_force(Audience::SystemAdmin, 2024).await.unwrap().id,
        "iryosec-system-admin"
    );
}

#[tokio::test]
async fn an_answered_list_cannot_be_changed_under_its_answers() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let mut official = builtin::list("mhlw-r3-executive").unwrap().clone();
    official.id = "mhlw-r7-executive".into();
    official.fiscal_year = 2025;
    t.app.import_role_list(&official, "a.toml", &actor()).await.unwrap();
    let page = t.app.role_check_page(inst.id, 2025, Audience::Executive).await.unwrap();
    assert_eq!(page.list.id, "mhlw-r7-executive");
    t.app
        .save_role_answers(inst.id, 2025, Audience::Executive, &marks("mhlw-r3-executive", &["○"]), &actor())
        .await
        .unwrap();
    official.items[0].text = "別の文言".into();
    refused_with(t.app.import_role_list(&official, "b.toml", &actor()).await, "roles.error.in_use");
}

#[tokio::test]
async fn the_director_signs_off_the_page_and_it_is_audited_and_returned() {
    let t = app().await;
    let (inst, admin) = set_up(&t).await;
    let director = account(&t, &inst, "incho", "viewer").await;
    let editor = account(&t, &inst, "tanto", "editor").await;
    assert_eq!(director.role, Role::Viewer);

    let input = SignOffInput {
        signed_on: String::new(),
        comment: "来年度予算で対応".into(),
        director_name: String::new(),
    };
    let own = t.app.sign_off_director_page(inst.id, 2025, &director, &input, &actor()).await.unwrap();
    assert_eq!(
        (own.signoff.signed_as, own.signoff.director_name.as_str()),
        (SignedAs::Director, "incho さん")
    );
    refused_with(
        t.app.sign_off_director_page(inst.id, 2025, &editor, &input, &actor()).await,
        "director.error.not_allowed",
    );
    let nameless = t.app.sign_off_director_page(inst.id, 2025, &admin, &input, &actor()).await;
    assert!(
        matches!(nameless, Err(AppError::Invalid(ref e)) if e[0].message.key == "director.error.name_required")
    );
    let for_them =
        SignOffInput {
            director_name: "院長 山田".into(), signed_on: "令和7年5月15日".into(), ..input
        };
    let held = t.app.sign_off_director_page(inst.id, 2025, &admin, &for_them, &actor()).await.unwrap();
    assert_eq!(held.signoff.signed_as, SignedAs::OnBehalf);

    let shown = t.app.director_signoffs(inst.id, 2025).await.unwrap();
    assert_eq!(
        shown.iter().map(|s| s.signoff.director_name.as_str()).collect::<Vec<_>>(),
        ["院長 山田", "incho さん"]
    );
    let page = t.app.director_page(inst.id, 2025).await.unwrap();
    assert_eq!(page.signoffs, shown);
    let signed = AuditFilter { action: Some("director.signed_off".into()), ..Default::default() };
    assert_eq!(t.app.audit_entries(inst.id, &signed, 10, 0).await.unwrap().1, 2);
}

#[tokio::test]
async fn the_director_page_says_where_each_line_comes_from() {
    use iryosec_app::assessments::StartAssessment;
    use iryosec_core::assessment::{AnswerInput, Facts, Slot};
    use iryosec_core::director::Origin;
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let start = StartAssessment {
        fiscal_year: 2025,
        edition_id: "mhlw-checklist-r7-hospital".into(),
        carry_from: None,
        facts: Facts::default(),
    };
    let a = t.app.start_assessment(inst.id, &start, &actor()).await.unwrap();
    let no = AnswerInput {
        value: "いいえ".into(),
        confirmed_1: "2025-05-01".into(),
        target: "2025-05-10".into(),
        ..Default::default()
    };
    t.app
        .save_answers(
            inst.id,
            a.id,
            &[(Slot::new("governance.security_officer", None), no)],
            "医療 一郎",
            &actor(),
        )
        .await
        .unwrap();
    t.app
        .save_role_answers(
            inst.id,
            2025,
            Audience::Executive,
            &marks("mhlw-r3-executive", &["×"; 9]),
            &actor(),
        )
        .await
        .unwrap();

    let page = t.app.director_page(inst.id, 2025).await.unwrap();
    let checklist = page.checklist.as_ref().unwrap();
    assert_eq!((checklist.no, checklist.overdue), (1, 1), "the target date has passed");
    assert_eq!(page.origins.checklist, Origin::Assessment { fiscal_year: 2025 });
    let gaps: Vec<_> = page.gaps.iter().map(|g| g.gap).collect();
    assert_eq!(gaps, DirectorGap::ALL);
    // Empty registers prove nothing: no gap is shown as clear.
    assert!(page.gaps.iter().all(|g| g.state != GapState::Clear), "{:?}", page.gaps);
    assert!(page.gaps.iter().all(|g| matches!(g.origins[0], Origin::Suggestion { .. })));
    // Each origin names the item by its printed number in the year's edition, never by its key.
    let backup = page.gaps.iter().flat_map(|g| &g.origins).find_map(|o| match o {
        Origin::Suggestion { key, number } if key == "backup.backup_and_restore" => Some(number.clone()),
        _ => None,
    });
    let number = backup.flatten().expect("the backup item has its printed number");
    assert!(number.contains('-') && !number.contains('.'), "{number}");
    let label = page.gaps[0].origins[0].label();
    assert_eq!(label.key, "director.origin.suggestion");
    assert!(label.args.iter().all(|(_, v)| !v.contains('.')), "{:?}", label.args);
    let decisions: Vec<_> = page.decisions.iter().map(|d| d.message.key).collect();
    assert!(decisions.contains(&"director.decision.overdue"), "{decisions:?}");
    assert!(decisions.contains(&"director.decision.nobody_listed"), "{decisions:?}");
    assert!(decisions.contains(&"director.decision.weak_area"), "{decisions:?}");
    let weak = &page.role_checks.as_ref().unwrap().weak_areas;
    assert_eq!(weak[0].yes_share, 0.0);
    assert_eq!(page.terms.len(), iryosec_core::director::TERMS.len());
    assert_eq!(page.incidents.incidents, 0);
}
