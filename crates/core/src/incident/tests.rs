use super::timeline::*;
use super::*;
use crate::audit::{BreakKind, GENESIS_HASH};
use crate::clock::Timestamp;
use crate::message::FieldError;

/// 2025-05-16 09:00 JST.
const DETECTED: Timestamp = Timestamp(1_747_353_600_000);

fn input() -> IncidentInput {
    IncidentInput {
        kind: "ransomware".into(),
        title: "電子カルテ端末に脅迫文".into(),
        systems: vec!["電子カルテ".into(), " ".into(), "電子カルテ".into(), "PACS".into()],
        detected_by: "外来看護師 佐藤".into(),
        detected_how: "画面に身代金を求める表示".into(),
        detected_at: "2025-05-16T09:00".into(),
        drill: false,
    }
}

fn keys(errors: &[FieldError]) -> Vec<(&str, &str)> {
    errors.iter().map(|e| (e.field, e.message.key)).collect()
}

#[test]
fn an_incident_is_read_in_jst_with_its_systems_once_each() {
    let facts = parse_incident(&input(), DETECTED.plus_minutes(5)).unwrap();
    assert_eq!(facts.kind, IncidentKind::Ransomware);
    assert_eq!(facts.detected_at, DETECTED);
    assert_eq!(facts.systems, vec!["電子カルテ", "PACS"]);
    let other = IncidentInput {
        kind: "不審メール・Emotet".into(),
        detected_at: "２０２５/5/16 9:00".into(),
        ..input()
    };
    let facts = parse_incident(&other, DETECTED).unwrap();
    assert_eq!((facts.kind, facts.detected_at), (IncidentKind::SuspiciousMail, DETECTED));
}

#[test]
fn a_new_incident_names_every_problem() {
    let bad = IncidentInput {
        kind: "火事".into(),
        detected_by: " ".into(),
        detected_at: "2025-02-30T09:00".into(),
        ..input()
    };
    let errors = parse_incident(&bad, DETECTED).unwrap_err();
    assert_eq!(
        keys(&errors),
        vec![
            ("kind", "error.choose_one"),
            ("detected_by", "error.required"),
            ("detected_at", "incident.error.datetime")
        ]
    );
    let future = IncidentInput { detected_at: "2025-05-16T10:00".into(), ..input() };
    assert_eq!(
        keys(&parse_incident(&future, DETECTED).unwrap_err()),
        vec![("detected_at", "incident.error.future")]
    );
    let missing = IncidentInput { detected_at: String::new(), ..input() };
    assert_eq!(
        keys(&parse_incident(&missing, DETECTED).unwrap_err()),
        vec![("detected_at", "error.required")]
    );
}

fn change(
    step: &str,
    status: &str,
    actor: &str,
    done_at: &str,
    note: &str,
) -> Result<StepChange, Vec<FieldError>> {
    let input =
        StepInput { status: status.into(), actor: actor.into(), done_at: done_at.into(), note: note.into() };
    parse_step_change(step, &input, DETECTED, DETECTED.plus_minutes(120))
}

#[test]
fn a_step_done_needs_the_person_and_a_step_skipped_needs_a_reason() {
    assert_eq!(
        keys(&change("isolate_network", "done", " ", "", "").unwrap_err()),
        vec![("actor", "incident.error.actor_required")]
    );
    assert_eq!(
        keys(&change("consult_police", "not_applicable", "", "", "").unwrap_err()),
        vec![("note", "incident.error.reason_required")]
    );
    // Taking a step back to 未実施 needs neither.
    assert!(change("isolate_network", "not_done", "", "", "").is_ok());
    let ok =
        change("isolate_network", "done", "システム担当 田中", "2025-05-16 09:20", "LANケーブルを抜いた")
            .unwrap();
    assert_eq!(
        (ok.step.code, ok.status, ok.done_at),
        ("isolate_network", StepStatus::Done, Some(DETECTED.plus_minutes(20)))
    );
}

#[test]
fn a_step_time_is_neither_before_detection_nor_in_the_future() {
    assert_eq!(
        keys(&change("isolate_network", "done", "田中", "2025-05-16T08:59", "").unwrap_err()),
        vec![("done_at", "incident.error.before_detection")]
    );
    assert_eq!(
        keys(&change("isolate_network", "done", "田中", "2025-05-16T12:00", "").unwrap_err()),
        vec![("done_at", "incident.error.future")]
    );
    assert_eq!(
        keys(&change("isolate_network", "done", "田中", "昨日の夜", "").unwrap_err()),
        vec![("done_at", "incident.error.datetime")]
    );
    assert_eq!(
        keys(&change("reboot_everything", "done", "田中", "", "").unwrap_err()),
        vec![("step", "incident.error.unknown_step")]
    );
}

/// A timeline of step entries (id = seq), sealed into a chain.
fn timeline(steps: &[(&str, &str)]) -> Vec<TimelineEntry> {
    let mut prev = GENESIS_HASH.to_owned();
    let opened = NewEntry { kind: KIND_OPENED, payload: Some("{}".into()), ..NewEntry::default() };
    let news = std::iter::once(opened).chain(steps.iter().map(|(step, status)| NewEntry {
        kind: KIND_STEP,
        step: Some((*step).into()),
        status: Some((*status).into()),
        actor: "田中".into(),
        ..NewEntry::default()
    }));
    news.zip(1..)
        .map(|(n, seq)| {
            let mut e = TimelineEntry::start(1, 7, &n, "editor", DETECTED.millis() + seq * 60_000);
            e.id = seq * 10;
            let e = e.seal(seq, prev.clone());
            prev.clone_from(&e.hash);
            e
        })
        .collect()
}

fn step_change(code: &str, status: StepStatus) -> StepChange {
    StepChange {
        step: step_def(code).unwrap(),
        status,
        actor: "田中".into(),
        done_at: None,
        note: String::new(),
    }
}

#[test]
fn the_latest_entry_of_a_step_is_its_state() {
    let t = timeline(&[
        ("isolate_network", "done"),
        ("report_executive", "done"),
        ("isolate_network", "not_done"),
    ]);
    let state = IncidentState::from_timeline(&t);
    assert_eq!(state.status("isolate_network"), StepStatus::NotDone);
    assert_eq!(state.base_of("isolate_network"), 40);
    assert_eq!(state.status("report_executive"), StepStatus::Done);
    assert_eq!(state.status("contact_vendor"), StepStatus::NotDone);
    assert_eq!(state.base_of("contact_vendor"), 0);
    assert_eq!(state.progress(Phase::Initial), (1, 7));
}

#[test]
fn a_change_based_on_a_stale_view_of_its_step_is_refused() {
    let t = timeline(&[("isolate_network", "done")]);
    let state = IncidentState::from_timeline(&t);
    let c = step_change("isolate_network", StepStatus::NotApplicable);
    // The person saw the step before anyone had marked it.
    let refused = check_change(&state, &c, 0).unwrap_err();
    assert_eq!((refused.key, refused.args[0].1.as_str()), ("incident.error.stale", "editor"));
    assert!(check_change(&state, &c, 20).is_ok());
    // Another step is independent of it.
    assert!(check_change(&state, &step_change("report_executive", StepStatus::Done), 0).is_ok());
}

#[test]
fn post_incident_steps_wait_for_every_initial_step() {
    let initial: Vec<(&str, &str)> = STEPS
        .iter()
        .filter(|s| matches!(s.phase, Phase::Detection | Phase::Initial))
        .map(|s| (s.code, if s.code == "consult_police" { "not_applicable" } else { "done" }))
        .collect();
    let (last, rest) = initial.split_last().unwrap();
    let state = IncidentState::from_timeline(&timeline(rest));
    let report = step_change("report_results", StepStatus::Done);
    let refused = check_change(&state, &report, 0).unwrap_err();
    assert_eq!((refused.key, refused.args[0].1.as_str()), ("incident.error.initial_first", "1"));
    // Undoing a post step is always allowed; recovery may start before 初動 is over.
    assert!(check_change(&state, &step_change("report_results", StepStatus::NotDone), 0).is_ok());
    assert!(check_change(&state, &step_change("restore_systems", StepStatus::Done), 0).is_ok());
    let mut all = rest.to_vec();
    all.push(*last);
    let state = IncidentState::from_timeline(&timeline(&all));
    assert!(check_change(&state, &report, 0).is_ok());
}

#[test]
fn an_incident_closes_only_with_every_step_decided_and_then_takes_no_changes() {
    let some = IncidentState::from_timeline(&timeline(&[("record_signs", "done")]));
    let refused = check_close(&some).unwrap_err();
    assert_eq!(
        (refused.key, refused.args[0].1.clone()),
        ("incident.error.steps_open", (STEPS.len() - 1).to_string())
    );
    let everything: Vec<(&str, &str)> = STEPS.iter().map(|s| (s.code, "done")).collect();
    let mut t = timeline(&everything);
    let state = IncidentState::from_timeline(&t);
    assert!(check_close(&state).is_ok());
    let closed = NewEntry { kind: KIND_CLOSED, ..NewEntry::default() };
    t.push(TimelineEntry::start(1, 7, &closed, "admin", DETECTED.plus_minutes(600).millis()));
    let state = IncidentState::from_timeline(&t);
    assert_eq!(state.closed_at, Some(DETECTED.plus_minutes(600)));
    let base = state.base_of("record_signs");
    assert_eq!(
        check_change(&state, &step_change("record_signs", StepStatus::NotDone), base).unwrap_err().key,
        "incident.error.closed"
    );
    assert_eq!(check_close(&state).unwrap_err().key, "incident.error.closed");
}

#[test]
fn steps_past_their_target_are_overdue_by_the_institutions_own_targets() {
    let state = IncidentState::from_timeline(&timeline(&[("record_signs", "done")]));
    let defaults = Targets::default();
    let report = step_def("report_executive").unwrap();
    assert_eq!(report.target_minutes, Some(60));
    assert_eq!(timing(report, &state, &defaults, DETECTED, DETECTED.plus_minutes(59)), Timing::Fine);
    assert_eq!(timing(report, &state, &defaults, DETECTED, DETECTED.plus_minutes(61)), Timing::Overdue);
    let codes = |v: Vec<&StepDef>| v.iter().map(|s| s.code).collect::<Vec<_>>();
    assert_eq!(
        codes(overdue_steps(&state, &defaults, DETECTED, DETECTED.plus_minutes(61))),
        vec!["report_officer", "isolate_network", "report_executive", "contact_vendor"]
    );
    // The institution allows 90 minutes for the report, and sets no target for 報告 to the officer.
    let mine = Targets([("report_executive".to_owned(), 90), ("report_officer".to_owned(), 0)].into());
    assert_eq!(timing(report, &state, &mine, DETECTED, DETECTED.plus_minutes(61)), Timing::Fine);
    assert_eq!(timing(report, &state, &mine, DETECTED, DETECTED.plus_minutes(91)), Timing::Overdue);
    assert_eq!(
        codes(overdue_steps(&state, &mine, DETECTED, DETECTED.plus_minutes(61))),
        vec!["isolate_network", "contact_vendor"]
    );
    // Done after the target: late, not overdue. Not applicable: fine.
    let mut late = timeline(&[("report_executive", "done"), ("consult_police", "not_applicable")]);
    late[1].done_at = Some(DETECTED.plus_minutes(75).millis());
    let state = IncidentState::from_timeline(&late);
    assert_eq!(timing(report, &state, &defaults, DETECTED, DETECTED.plus_minutes(200)), Timing::Late);
    let police = step_def("consult_police").unwrap();
    assert_eq!(timing(police, &state, &defaults, DETECTED, DETECTED.plus_minutes(5000)), Timing::Fine);
    assert_eq!(minutes_between(DETECTED, DETECTED.plus_minutes(125)), 125);
}

#[test]
fn targets_are_read_per_step_with_empty_for_the_default() {
    let form = |code: &str| match code {
        "report_executive" => "４５".to_owned(),
        "contact_mhlw" => "0".to_owned(),
        _ => String::new(),
    };
    let t = parse_targets(&form).unwrap();
    assert_eq!(t.minutes(step_def("report_executive").unwrap()), Some(45));
    assert_eq!(t.minutes(step_def("contact_mhlw").unwrap()), None);
    assert_eq!(t.minutes(step_def("isolate_network").unwrap()), Some(30));
    let bad =
        parse_targets(&|code: &str| if code == "isolate_network" { "すぐ".into() } else { String::new() });
    assert_eq!(keys(&bad.unwrap_err()), vec![("isolate_network", "incident.error.target")]);
}

#[test]
fn systems_are_restored_by_their_recovery_priority() {
    let mut systems = vec![("PACS", None), ("電子カルテ", Some(1)), ("レセコン", Some(2)), ("検査", None)];
    recovery_order(&mut systems, |s| s.1, |s| s.0.to_owned());
    assert_eq!(
        systems.iter().map(|s| s.0).collect::<Vec<_>>(),
        vec!["電子カルテ", "レセコン", "PACS", "検査"]
    );
}

fn verify(
    entries: &[TimelineEntry],
    head_seq: i64,
    head_hash: &str,
) -> Result<i64, crate::audit::ChainBreak> {
    let mut v = TimelineVerifier::new(1, 7);
    for e in entries {
        v.check(e)?;
    }
    v.finish(head_seq, head_hash)
}

#[test]
fn an_untouched_timeline_verifies_and_any_change_is_found_where_it_is() {
    let t =
        timeline(&[("isolate_network", "done"), ("report_executive", "done"), ("contact_vendor", "done")]);
    let head = t[3].hash.clone();
    assert_eq!(verify(&t, 4, &head), Ok(4));

    let mut edited = t.clone();
    edited[2].actor = "別人".into();
    let b = verify(&edited, 4, &head).unwrap_err();
    assert_eq!(
        (b.chain.as_str(), b.seq, b.entry_id, b.problem),
        ("incident:7", 3, Some(30), BreakKind::HashMismatch)
    );

    let mut rehashed = t.clone();
    rehashed[1].status = Some("not_done".into());
    rehashed[1].hash = rehashed[1].compute_hash();
    assert_eq!(verify(&rehashed, 4, &head).unwrap_err().problem, BreakKind::BrokenLink);

    let mut removed = t.clone();
    removed.remove(1);
    assert_eq!(verify(&removed, 4, &head).unwrap_err().problem, BreakKind::Gap);

    let b = verify(&t[..2], 4, &head).unwrap_err();
    assert_eq!((b.seq, b.problem), (3, BreakKind::Truncated));

    let mut moved = t;
    moved[1].incident_id = 8;
    moved[1].hash = moved[1].compute_hash();
    assert_eq!(verify(&moved, 4, &head).unwrap_err().problem, BreakKind::WrongChain);
}

#[test]
fn a_correction_is_covered_by_the_hash_like_any_field() {
    let t = timeline(&[]);
    let mut a = TimelineEntry::start(
        1,
        7,
        &NewEntry { kind: KIND_CORRECTION, corrects: Some(10), note: "訂正".into(), ..NewEntry::default() },
        "admin",
        1,
    );
    a = a.seal(2, t[0].hash.clone());
    let mut b = a.clone();
    b.corrects = Some(11);
    assert_ne!(a.hash, b.compute_hash());
    // Fields cannot bleed into each other.
    let (mut x, mut y) = (a.clone(), a);
    x.actor = "ab".into();
    x.note = "c".into();
    y.actor = "a".into();
    y.note = "bc".into();
    assert_ne!(x.compute_hash(), y.compute_hash());
}

#[test]
fn every_step_has_a_phase_and_step_codes_are_unique() {
    for p in Phase::ALL {
        assert!(STEPS.iter().any(|s| s.phase == p), "{p:?} has no steps");
    }
    let mut codes: Vec<_> = STEPS.iter().map(|s| s.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), STEPS.len());
    // Steps are listed phase by phase.
    assert!(STEPS.windows(2).all(|w| w[0].phase <= w[1].phase));
    let roles: Vec<_> = crate::register::CONTACT_ROLES.iter().map(|c| c.code).collect();
    assert!(STEPS.iter().flat_map(|s| s.contacts).all(|r| roles.contains(r)));
}
