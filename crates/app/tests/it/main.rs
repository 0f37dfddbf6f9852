//! Use cases end to end on a real (temporary) SQLite database.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::too_many_lines
)]

use iryosec_app::accounts::{NewUserInput, UserChangeInput};
use iryosec_app::auth::LoginOutcome;
use iryosec_app::setup::AdminInput;
use iryosec_app::{App, AppError, SessionPolicy};
use iryosec_core::Timestamp;
use iryosec_core::audit::Actor;
use iryosec_core::clock::ManualClock;
use iryosec_core::institution::{Institution, InstitutionInput};
use iryosec_core::user::User;
use iryosec_store::{AuditFilter, DatabaseUrl, MigrateMode, SqlStore};
use std::sync::Arc;

const PASSWORD: &str = "kaigishitsu-no-mado";

struct T {
    app: App,
    clock: Arc<ManualClock>,
    /// The database itself, for the few checks no use case shows (what is stored).
    db: SqlStore,
    _dir: tempfile::TempDir,
}

async fn app() -> T {
    let dir = tempfile::tempdir().unwrap();
    let store = SqlStore::connect(&DatabaseUrl::sqlite_in(dir.path()), MigrateMode::Run)
        .await
        .unwrap()
        .with_audit_key(iryosec_core::audit::AuditKey::from_bytes([42; 32]));
    let clock = Arc::new(ManualClock::at(Timestamp(1_747_353_600_000)));
    let app = App::new(Arc::new(store.clone()), clock.clone(), SessionPolicy::default());
    T { app, clock, db: store, _dir: dir }
}

fn hospital() -> InstitutionInput {
    InstitutionInput {
        name: "さくら記念病院".into(),
        kind: "病院".into(),
        prefecture: "東京都".into(),
        beds: "120".into(),
        medical_code: String::new(),
    }
}

fn admin_input(login: &str) -> AdminInput {
    AdminInput {
        login_id: login.into(),
        display_name: "医療 一郎".into(),
        password: PASSWORD.into(),
        password_confirm: PASSWORD.into(),
    }
}

fn actor() -> Actor {
    Actor { ip: Some("192.0.2.1".into()), ..Actor::default() }
}

async fn set_up(t: &T) -> (Institution, User) {
    t.app.create_institution(&hospital(), &admin_input("admin"), "ja", true, &actor()).await.unwrap()
}

async fn token_of(t: &T, login: &str, password: &str) -> String {
    match t.app.login(login, password, &actor()).await.unwrap() {
        LoginOutcome::Success { token, .. } => token,
        other => panic!("expected success, got {other:?}"),
    }
}

#[tokio::test]
async fn setup_reports_every_problem_and_writes_nothing() {
    let t = app().await;
    let bad_inst = InstitutionInput {
        name: String::new(),
        kind: "hospital".into(),
        prefecture: "13".into(),
        beds: "5".into(),
        medical_code: String::new(),
    };
    let bad_admin = AdminInput {
        login_id: "x".into(),
        display_name: String::new(),
        password: "short".into(),
        password_confirm: "short".into(),
    };
    let err = t.app.create_institution(&bad_inst, &bad_admin, "ja", true, &actor()).await.unwrap_err();
    let AppError::Invalid(fields) = err else { panic!("{err:?}") };
    let named: Vec<_> = fields.iter().map(|f| (f.field, f.message.key)).collect();
    assert_eq!(
        named,
        vec![
            ("name", "error.required"),
            ("beds", "institution.error.hospital_beds"),
            ("login_id", "user.error.login_id_length"),
            ("password", "password.error.too_short"),
        ]
    );
    assert!(!t.app.is_set_up().await.unwrap());
}

#[tokio::test]
async fn setup_then_login_then_logout() {
    let t = app().await;
    let (inst, admin) = set_up(&t).await;
    assert!(t.app.is_set_up().await.unwrap());
    assert!(matches!(
        t.app.create_institution(&hospital(), &admin_input("other"), "ja", true, &actor()).await,
        Err(AppError::AlreadySetUp)
    ));
    let token = token_of(&t, "ADMIN", PASSWORD).await;
    let session = t.app.session(&token).await.unwrap().unwrap();
    assert_eq!(session.user.id, admin.id);
    t.app.logout(&session, &actor()).await.unwrap();
    assert!(t.app.session(&token).await.unwrap().is_none());
    let (log, _) = t.app.audit_entries(inst.id, &AuditFilter::default(), 50, 0).await.unwrap();
    let actions: Vec<_> = log.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["institution.created", "user.created", "login.succeeded", "logout"]);
    assert_eq!(log[0].actor_ip.as_deref(), Some("192.0.2.1"));
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_and_are_logged() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    for _ in 0..4 {
        assert!(matches!(
            t.app.login("admin", "wrong-password-1", &actor()).await.unwrap(),
            LoginOutcome::Failed
        ));
    }
    assert!(matches!(
        t.app.login("admin", "wrong-password-1", &actor()).await.unwrap(),
        LoginOutcome::Locked
    ));
    // Locked: even the right password does not get in.
    assert!(matches!(t.app.login("admin", PASSWORD, &actor()).await.unwrap(), LoginOutcome::Locked));
    t.clock.advance_minutes(16);
    token_of(&t, "admin", PASSWORD).await;
    let locked = AuditFilter { action: Some("account.locked".into()), ..Default::default() };
    assert_eq!(t.app.audit_entries(inst.id, &locked, 10, 0).await.unwrap().1, 1);
    let failed = AuditFilter { action: Some("login.failed".into()), ..Default::default() };
    assert_eq!(t.app.audit_entries(inst.id, &failed, 10, 0).await.unwrap().1, 5);
}

#[tokio::test]
async fn unknown_ids_fail_like_wrong_passwords_and_go_to_the_system_chain() {
    let t = app().await;
    set_up(&t).await;
    assert!(matches!(t.app.login("nobody", PASSWORD, &actor()).await.unwrap(), LoginOutcome::Failed));
    assert!(matches!(
        t.app.login("'; DROP TABLE users; --", PASSWORD, &actor()).await.unwrap(),
        LoginOutcome::Failed
    ));
    let heads = t.app.audit_heads().await.unwrap();
    let system = heads.iter().find(|h| h.chain == "system").unwrap();
    assert_eq!(system.seq, 2);
    assert_eq!(t.app.verify_audit().await.unwrap().first_break, None);
}

#[tokio::test]
async fn sessions_end_after_idle_time_and_after_twelve_hours() {
    let t = app().await;
    set_up(&t).await;
    let token = token_of(&t, "admin", PASSWORD).await;
    t.clock.advance_minutes(29);
    assert!(t.app.session(&token).await.unwrap().is_some(), "29 idle minutes are fine");
    t.clock.advance_minutes(31);
    assert!(t.app.session(&token).await.unwrap().is_none(), "31 more idle minutes are not");

    let token = token_of(&t, "admin", PASSWORD).await;
    for _ in 0..(12 * 3) {
        t.clock.advance_minutes(20);
        if t.app.session(&token).await.unwrap().is_none() {
            break;
        }
    }
    assert!(t.app.session(&token).await.unwrap().is_none(), "no session lives past twelve hours");
}

#[tokio::test]
async fn disabled_accounts_cannot_log_in() {
    let t = app().await;
    let (inst, admin) = set_up(&t).await;
    let input = NewUserInput {
        login_id: "leaver".into(),
        display_name: String::new(),
        role: "担当者".into(),
        password: PASSWORD.into(),
        password_confirm: PASSWORD.into(),
    };
    let leaver = t.app.create_user(inst.id, &input, "ja", &actor()).await.unwrap();
    let token = token_of(&t, "leaver", PASSWORD).await;
    let off = UserChangeInput {
        display_name: "leaver".into(),
        role: "editor".into(),
        disabled: Some("on".into()),
        unlock: None,
    };
    t.app.update_user(inst.id, leaver.id, &off, admin.id, &actor()).await.unwrap();
    assert!(t.app.session(&token).await.unwrap().is_none());
    assert!(matches!(t.app.login("leaver", PASSWORD, &actor()).await.unwrap(), LoginOutcome::Disabled));
    assert!(matches!(
        t.app.login("leaver", "wrong-password-x", &actor()).await.unwrap(),
        LoginOutcome::Failed
    ));
}

#[tokio::test]
async fn nobody_demotes_or_disables_themselves() {
    let t = app().await;
    let (inst, admin) = set_up(&t).await;
    let demote =
        UserChangeInput { display_name: "x".into(), role: "viewer".into(), disabled: None, unlock: None };
    let err = t.app.update_user(inst.id, admin.id, &demote, admin.id, &actor()).await.unwrap_err();
    assert!(matches!(err, AppError::Refused(m) if m.key == "user.error.self_disable"));
}

#[tokio::test]
async fn an_unknown_role_is_named_in_the_message() {
    let t = app().await;
    let (inst, _) = set_up(&t).await;
    let input = NewUserInput {
        login_id: "x-user".into(),
        display_name: String::new(),
        role: "superuser".into(),
        password: PASSWORD.into(),
        password_confirm: PASSWORD.into(),
    };
    let AppError::Invalid(errors) = t.app.create_user(inst.id, &input, "ja", &actor()).await.unwrap_err()
    else {
        panic!()
    };
    assert_eq!(errors[0].message.key, "user.error.unknown_role");
    assert_eq!(errors[0].message.args, vec![("role", "superuser".to_owned())]);
}

#[tokio::test]
async fn changing_ones_password_needs_the_current_one_and_ends_other_sessions() {
    let t = app().await;
    set_up(&t).await;
    let here = token_of(&t, "admin", PASSWORD).await;
    let elsewhere = token_of(&t, "admin", PASSWORD).await;
    let session = t.app.session(&here).await.unwrap().unwrap();
    let wrong = t
        .app
        .change_own_password(&session, "not-it-at-all", "atarashii-aikotoba", "atarashii-aikotoba", &actor())
        .await;
    assert!(matches!(wrong, Err(AppError::Invalid(ref f)) if f[0].field == "current_password"));
    t.app
        .change_own_password(&session, PASSWORD, "atarashii-aikotoba", "atarashii-aikotoba", &actor())
        .await
        .unwrap();
    assert!(t.app.session(&here).await.unwrap().is_some());
    assert!(t.app.session(&elsewhere).await.unwrap().is_none());
    token_of(&t, "admin", "atarashii-aikotoba").await;
}

#[tokio::test]
async fn the_demo_loads_once_and_is_marked() {
    let t = app().await;
    let demo = t.app.load_demo().await.unwrap();
    assert!(demo.is_demo);
    assert_eq!(demo.profile.name, "【デモ】さくら記念病院");
    let again = t.app.load_demo().await.unwrap();
    assert_eq!(again.id, demo.id);
    assert_eq!(t.app.users(demo.id).await.unwrap().len(), 4);
    token_of(&t, iryosec_app::demo::DEMO_ADMIN, iryosec_app::demo::DEMO_PASSWORD).await;
    assert_eq!(t.app.verify_audit().await.unwrap().first_break, None);
    let years = t.app.assessments(demo.id).await.unwrap();
    assert_eq!(years.iter().map(|a| a.fiscal_year).collect::<Vec<_>>(), vec![2025, 2024]);
    let last = t.app.assessment_view(demo.id, years[1].id).await.unwrap();
    assert!(last.status.complete, "{:?}", last.status);
    assert_eq!(last.status.open.len(), 2);
    let this = t.app.assessment_view(demo.id, years[0].id).await.unwrap();
    assert!(this.status.complete, "this year's checklist is answered: {:?}", this.status);
    // This year's いいえ are the access logs and whatever the registers suggest いいえ for,
    // each with a 目標日, so no answer stands against its suggestion.
    assert!(this.status.open.iter().all(|o| o.target.is_some()), "{:?}", this.status.open);
    let open_keys: Vec<&str> = this.status.open.iter().map(|o| o.key.as_str()).collect();
    assert!(open_keys.contains(&"access.logs"), "{open_keys:?}");
    let (_, suggested) = t.app.suggestions(demo.id, 2025).await.unwrap();
    let no = suggested.iter().filter(|s| s.suggested.suggestion == iryosec_core::suggest::Suggestion::No);
    for slot in no {
        let planned = this.status.open.iter().any(|o| o.key == slot.key && o.scope == slot.scope);
        assert!(planned, "{} {:?} is suggested いいえ but answered はい", slot.key, slot.scope);
    }

    // The BCP side: the document, 代替運用, a drill of each kind (one run as an incident).
    let bcp = t.app.bcp_overview(demo.id, 2025).await.unwrap();
    assert_eq!(bcp.documents.len(), 1);
    assert_eq!(bcp.paper_operations.len(), 3);
    assert_eq!(bcp.drill_count, iryosec_core::bcp::DrillCount { tabletop: 1, functional: 1 });
    assert_eq!(t.app.incidents(demo.id, true).await.unwrap().len(), 1);

    // A real incident handled to the end: reported, closed, with its chronology.
    let real = t.app.incidents(demo.id, false).await.unwrap();
    assert_eq!(real.len(), 1);
    assert!(real[0].closed_at.is_some(), "the incident is closed");
    let handled = t.app.incident(demo.id, real[0].id).await.unwrap();
    for step in ["report_officer", "report_executive", "report_results"] {
        let status = handled.state.steps.get(step).map(|s| s.status);
        assert_eq!(status, Some(iryosec_core::incident::StepStatus::Done), "{step}");
    }

    // The newest survey answered and confirmed, its backup answers as the register says.
    let newest = t.app.survey_list(demo.id).await.unwrap().years.into_iter().next().unwrap();
    assert!(newest.complete, "{} answered: {}/{}", newest.edition.id, newest.answered, newest.applicable);
    let survey = t.app.survey_state(demo.id, &newest.edition.id).await.unwrap();
    assert_eq!(survey.answers["Q12-5"], serde_json::json!(true), "the WORM tape is kept offline");

    // This year's role checks: both yearly lists, and five staff sheets from paper.
    let tally = t.app.tally(demo.id, 2025).await.unwrap();
    let responses: Vec<usize> = tally.lists.iter().map(|l| l.responses).collect();
    assert_eq!(responses, vec![1, 1, 5], "{:?}", tally.lists.iter().map(|l| &l.title).collect::<Vec<_>>());
    let staff: usize = tally.staff_groups.iter().map(|g| g.respondents).sum();
    assert_eq!(staff, 5, "{:?}", tally.staff_groups);

    // The registers are filled, so this year's suggestions stand on something.
    assert_eq!(t.app.ledger(demo.id).await.unwrap().len(), 6);
    let systems = t.app.entries(demo.id, iryosec_core::register::Register::Systems, None).await.unwrap();
    assert_eq!(systems.len(), 2);
    let (_, slots) = t.app.suggestions(demo.id, 2025).await.unwrap();
    let of = |key: &str| slots.iter().find(|s| s.key == key).unwrap().suggested.clone();
    assert_eq!(
        of("assets.ledger").records,
        vec!["PC-102".to_owned()],
        "the one entry not confirmed for a year"
    );
    assert_eq!(of("policy.operation_rules").suggestion, iryosec_core::suggest::Suggestion::Yes);
    let accounts = of("access.remove_unneeded_accounts");
    assert_eq!(accounts.suggestion, iryosec_core::suggest::Suggestion::No, "{accounts:?}");
    assert!(accounts.records.iter().any(|r| r.contains("yamada")), "{accounts:?}");
}

#[tokio::test]
async fn unknown_ids_lock_like_real_ones_so_the_answer_reveals_nothing() {
    let t = app().await;
    set_up(&t).await;
    for _ in 0..4 {
        assert!(matches!(
            t.app.login("ghost", "wrong-password-1", &actor()).await.unwrap(),
            LoginOutcome::Failed
        ));
    }
    assert!(matches!(
        t.app.login("ghost", "wrong-password-1", &actor()).await.unwrap(),
        LoginOutcome::Locked
    ));
    assert!(matches!(t.app.login("GHOST", "anything-at-all", &actor()).await.unwrap(), LoginOutcome::Locked));
    t.clock.advance_minutes(16);
    assert!(matches!(
        t.app.login("ghost", "wrong-password-1", &actor()).await.unwrap(),
        LoginOutcome::Failed
    ));
}

mod assessments {
    use super::*;
    use iryosec_app::assessments::{SaveError, StartAssessment};
    use iryosec_core::assessment::{AnswerInput, Facts, Slot, YesNo};
    use iryosec_core::catalog::Scope;

    fn start(fy: i32, edition: &str, carry_from: Option<i64>) -> StartAssessment {
        StartAssessment { fiscal_year: fy, edition_id: edition.into(), carry_from, facts: Facts::default() }
    }

    fn yes(date: &str) -> AnswerInput {
        AnswerInput { value: "はい".into(), confirmed_1: date.into(), ..Default::default() }
    }

    #[tokio::test]
    async fn a_year_is_answered_then_carried_into_the_next_edition() {
        let t = app().await;
        let (inst, _) = set_up(&t).await;
        t.clock.set(Timestamp(1_719_792_000_000)); // 2024-07-01 09:00 JST
        let proposed = t.app.proposed_edition(inst.profile.kind, 2024).await.unwrap().unwrap();
        assert_eq!(proposed.id, "mhlw-checklist-r6-hospital");
        let r6 = t.app.start_assessment(inst.id, &start(2024, &proposed.id, None), &actor()).await.unwrap();
        let inputs = vec![
            (Slot::new("system.in_use", None), yes("2024-06-03")),
            (Slot::new("assets.ledger", Some(Scope::General)), yes("令和6年6月3日")),
            (
                Slot::new("access.logs", Some(Scope::Server)),
                AnswerInput {
                    value: "いいえ".into(),
                    confirmed_1: "2024-06-03".into(),
                    target: "2025-03-31".into(),
                    ..Default::default()
                },
            ),
        ];
        t.app.save_answers(inst.id, r6.id, &inputs, "医療 一郎", &actor()).await.unwrap();
        let view = t.app.assessment_view(inst.id, r6.id).await.unwrap();
        assert_eq!(view.answers[&Slot::new("assets.ledger", Some(Scope::General))].confirmed_by, "医療 一郎");
        assert_eq!(view.status.open.len(), 1);

        t.clock.set(Timestamp(1_749_000_000_000)); // 2025-06-04 JST
        let r7 = t
            .app
            .start_assessment(inst.id, &start(2025, "mhlw-checklist-r7-hospital", Some(r6.id)), &actor())
            .await
            .unwrap();
        let next = t.app.assessment_view(inst.id, r7.id).await.unwrap();
        let ledger = &next.answers[&Slot::new("assets.ledger", Some(Scope::General))];
        assert_eq!((ledger.value, ledger.draft, ledger.confirmed[0]), (Some(YesNo::Yes), true, None));
        assert!(next.flags.contains_key("auth.two_factor"));
        assert_eq!(next.status.total().yes, 0, "drafts count only once reconfirmed");
        let again =
            t.app.start_assessment(inst.id, &start(2025, "mhlw-checklist-r7-hospital", None), &actor()).await;
        assert!(
            matches!(again, Err(AppError::Invalid(ref f)) if f[0].message.key == "assessment.error.exists")
        );
    }

    #[tokio::test]
    async fn bad_answers_are_refused_all_together_with_their_slots() {
        let t = app().await;
        let (inst, _) = set_up(&t).await;
        let a = t
            .app
            .start_assessment(inst.id, &start(2025, "mhlw-checklist-r7-hospital", None), &actor())
            .await
            .unwrap();
        let inputs = vec![
            (Slot::new("governance.security_officer", None), yes("2025-05-16")),
            (
                Slot::new("access.logs", Some(Scope::Server)),
                AnswerInput { value: "no".into(), confirmed_1: "2025-05-16".into(), ..Default::default() },
            ),
            (Slot::new("no.such.item", None), yes("2025-05-16")),
        ];
        let Err(SaveError::Invalid(errors)) = t.app.save_answers(inst.id, a.id, &inputs, "x", &actor()).await
        else {
            panic!()
        };
        let keys: Vec<_> = errors.iter().map(|(s, e)| (s.key.as_str(), e[0].message.key)).collect();
        assert_eq!(
            keys,
            vec![
                ("access.logs", "assessment.error.target_required"),
                ("no.such.item", "assessment.error.unknown_item")
            ]
        );
        assert!(t.app.assessment_view(inst.id, a.id).await.unwrap().answers.is_empty(), "nothing partial");
    }

    #[tokio::test]
    async fn vendor_sheets_and_future_years_cannot_be_started() {
        let t = app().await;
        let (inst, _) = set_up(&t).await;
        let vendor =
            t.app.start_assessment(inst.id, &start(2025, "mhlw-checklist-r7-vendor", None), &actor()).await;
        assert!(
            matches!(vendor, Err(AppError::Invalid(ref f)) if f[0].message.key == "assessment.error.vendor_sheet")
        );
        let future =
            t.app.start_assessment(inst.id, &start(2030, "mhlw-checklist-r7-hospital", None), &actor()).await;
        assert!(matches!(future, Err(AppError::Invalid(ref f)) if f[0].field == "fiscal_year"));
        let older =
            t.app.start_assessment(inst.id, &start(2024, "mhlw-checklist-r7-hospital", None), &actor()).await;
        assert!(
            matches!(older, Err(AppError::Invalid(ref f)) if f[0].message.key == "assessment.error.edition_newer")
        );
    }
}

mod all_or_nothing;
mod discovery;
mod edition_drafts;
mod editions;
mod hostile;
mod ledger;
mod ledger_import;
mod register_facts;
mod roles;
mod start;
