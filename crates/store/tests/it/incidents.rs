//! インシデント対応: incidents and their timelines are written once, appends from two people at
//! once both survive with an intact chain, stale step changes are refused, and one
//! institution never sees another's incidents.
use crate::harness::*;
use iryosec_core::Timestamp;
use iryosec_core::audit::BreakKind;
use iryosec_core::incident::{
    IncidentFacts, IncidentKind, IncidentState, StepChange, StepStatus, Targets, step_def,
};
use iryosec_store::{AuditStore, IncidentStore, Store, StoreError};

pub fn facts(drill: bool) -> IncidentFacts {
    IncidentFacts {
        kind: IncidentKind::Ransomware,
        title: "電子カルテ端末に脅迫文".into(),
        systems: vec!["電子カルテ".into(), "PACS".into()],
        detected_by: "外来看護師 佐藤".into(),
        detected_how: "画面に身代金を求める表示".into(),
        detected_at: NOW,
        drill,
    }
}

fn done(step: &str, by: &str) -> StepChange {
    StepChange {
        step: step_def(step).unwrap(),
        status: StepStatus::Done,
        actor: by.into(),
        done_at: None,
        note: String::new(),
    }
}

fn later(minutes: i64) -> Timestamp {
    NOW.plus_minutes(minutes)
}

on_every_backend!(an_incident_keeps_its_facts_and_its_steps_come_from_the_timeline, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let id = s.open_incident(a.id, &facts(false), &actor(), later(3)).await.unwrap();
    let record = s.incident(a.id, id).await.unwrap().unwrap();
    assert_eq!(record.facts, facts(false));
    assert_eq!((record.opened_at, record.opened_by.as_str(), record.closed_at), (later(3), "test", None));

    let first =
        s.record_step(a.id, id, &done("isolate_network", "田中"), 0, &actor(), later(10)).await.unwrap();
    assert_eq!((first.seq, first.kind.as_str()), (2, "step"));
    let mut undo = done("isolate_network", "");
    undo.status = StepStatus::NotDone;
    s.record_step(a.id, id, &undo, first.id, &actor(), later(12)).await.unwrap();

    let timeline = s.incident_timeline(a.id, id).await.unwrap();
    assert_eq!(timeline.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3]);
    assert!(timeline[0].payload.as_deref().unwrap().contains("電子カルテ"), "the facts are in the chain");
    let state = IncidentState::from_timeline(&timeline);
    assert_eq!(state.status("isolate_network"), StepStatus::NotDone);
    // Each entry has its audit entry too.
    let log = s.audit_for(a.id, "incident", &id.to_string(), 10).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, vec!["incident.recorded", "incident.recorded", "incident.opened"]);
    assert_eq!(s.verify_incident_timelines().await.unwrap().first_break, None);
});

on_every_backend!(incidents_and_their_timelines_refuse_updates_and_deletes, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let id = s.open_incident(a.id, &facts(false), &actor(), NOW).await.unwrap();
    s.add_incident_note(a.id, id, "事業者に電話した", None, &actor(), later(5)).await.unwrap();
    for statement in [
        "UPDATE incident_timeline SET note = '書き換え'",
        "DELETE FROM incident_timeline",
        "UPDATE incidents SET detected_at = 0",
        "DELETE FROM incidents",
        "DELETE FROM incident_heads",
    ] {
        assert!(raw(&db, &[statement]).await.is_err(), "{statement} must be refused");
    }
    assert_eq!(s.incident_timeline(a.id, id).await.unwrap().len(), 2);
    let v = s.verify_incident_timelines().await.unwrap();
    assert_eq!((v.chains, v.entries, v.first_break), (1, 2, None));
});

on_every_backend!(tampering_past_the_triggers_is_found_at_the_entry, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let id = s.open_incident(a.id, &facts(false), &actor(), NOW).await.unwrap();
    s.record_step(a.id, id, &done("isolate_network", "田中"), 0, &actor(), later(10)).await.unwrap();
    s.record_step(a.id, id, &done("report_executive", "鈴木"), 0, &actor(), later(20)).await.unwrap();
    let drop = match db.url {
        iryosec_store::DatabaseUrl::Sqlite(_) => "DROP TRIGGER incident_timeline_no_update",
        iryosec_store::DatabaseUrl::Postgres(_) => {
            "DROP TRIGGER incident_timeline_no_change ON incident_timeline"
        }
    };
    raw(&db, &[drop, "UPDATE incident_timeline SET actor = '院長' WHERE seq = 2"]).await.unwrap();
    let broken = s.verify_incident_timelines().await.unwrap().first_break.expect("tampering must be found");
    assert_eq!(
        (broken.chain, broken.seq, broken.problem),
        (format!("incident:{id}"), 2, BreakKind::HashMismatch)
    );
    let entry = s.incident_timeline(a.id, id).await.unwrap()[1].id;
    assert_eq!(broken.entry_id, Some(entry));
});

on_every_backend!(a_cut_off_timeline_is_found_through_its_head, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let id = s.open_incident(a.id, &facts(false), &actor(), NOW).await.unwrap();
    s.add_incident_note(a.id, id, "一つ目", None, &actor(), later(1)).await.unwrap();
    s.add_incident_note(a.id, id, "二つ目", None, &actor(), later(2)).await.unwrap();
    let drop = match db.url {
        iryosec_store::DatabaseUrl::Sqlite(_) => "DROP TRIGGER incident_timeline_no_delete",
        iryosec_store::DatabaseUrl::Postgres(_) => {
            "DROP TRIGGER incident_timeline_no_change ON incident_timeline"
        }
    };
    raw(&db, &[drop, "DELETE FROM incident_timeline WHERE seq = 3"]).await.unwrap();
    let broken = s.verify_incident_timelines().await.unwrap().first_break.unwrap();
    assert_eq!((broken.seq, broken.problem), (3, BreakKind::Truncated));
});

on_every_backend!(two_people_marking_different_steps_at_once_both_survive, |db| {
    let s = std::sync::Arc::new(db.store.clone());
    let (a, _) = institution(&s, "a").await;
    let id = s.open_incident(a.id, &facts(false), &actor(), NOW).await.unwrap();
    let steps = [
        "isolate_network",
        "report_executive",
        "contact_vendor",
        "preserve_evidence",
        "decide_operation",
        "consult_police",
    ];
    let tasks: Vec<_> = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let s = s.clone();
            let change = done(step, &format!("職員{i}"));
            tokio::spawn(async move { s.record_step(a.id, id, &change, 0, &actor(), later(5)).await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().unwrap();
    }
    let timeline = s.incident_timeline(a.id, id).await.unwrap();
    assert_eq!(timeline.len(), 1 + steps.len());
    let state = IncidentState::from_timeline(&timeline);
    assert!(steps.iter().all(|step| state.status(step) == StepStatus::Done));
    let v = s.verify_incident_timelines().await.unwrap();
    assert_eq!((v.entries, v.first_break), (7, None));
    assert_eq!(s.verify_audit().await.unwrap().first_break, None);
});

on_every_backend!(two_people_changing_the_same_step_from_the_same_view_one_is_refused, |db| {
    let s = std::sync::Arc::new(db.store.clone());
    let (a, _) = institution(&s, "a").await;
    let id = s.open_incident(a.id, &facts(false), &actor(), NOW).await.unwrap();
    let tasks: Vec<_> = ["田中", "鈴木"]
        .into_iter()
        .map(|who| {
            let s = s.clone();
            let change = done("isolate_network", who);
            tokio::spawn(async move { s.record_step(a.id, id, &change, 0, &actor(), later(5)).await })
        })
        .collect();
    let mut results = Vec::new();
    for t in tasks {
        results.push(t.await.unwrap());
    }
    let refused: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(refused.len(), 1, "exactly one is based on a stale view");
    assert!(matches!(refused[0], StoreError::Refused(m) if m.key == "incident.error.stale"));
    assert_eq!(s.incident_timeline(a.id, id).await.unwrap().len(), 2);
});

on_every_backend!(the_order_of_phases_and_closing_are_enforced_in_the_transaction, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let id = s.open_incident(a.id, &facts(false), &actor(), NOW).await.unwrap();
    let early = s.record_step(a.id, id, &done("report_results", "院長"), 0, &actor(), later(5)).await;
    assert!(matches!(early, Err(StoreError::Refused(m)) if m.key == "incident.error.initial_first"));
    let close = s.close_incident(a.id, id, "", &actor(), later(6)).await;
    assert!(matches!(close, Err(StoreError::Refused(m)) if m.key == "incident.error.steps_open"));
    for step in iryosec_core::incident::STEPS {
        s.record_step(a.id, id, &done(step.code, "田中"), 0, &actor(), later(7)).await.unwrap();
    }
    s.close_incident(a.id, id, "復旧完了", &actor(), later(600)).await.unwrap();
    assert_eq!(s.incident(a.id, id).await.unwrap().unwrap().closed_at, Some(later(600)));
    let base = s
        .incident_timeline(a.id, id)
        .await
        .unwrap()
        .iter()
        .rev()
        .find(|e| e.step.as_deref() == Some("record_signs"))
        .unwrap()
        .id;
    let after = s.record_step(a.id, id, &done("record_signs", "田中"), base, &actor(), later(700)).await;
    assert!(matches!(after, Err(StoreError::Refused(m)) if m.key == "incident.error.closed"));
    // A note may still be added, and a correction names an entry of this incident only.
    s.add_incident_note(a.id, id, "報告書を提出", None, &actor(), later(800)).await.unwrap();
    let wrong = s.add_incident_note(a.id, id, "訂正", Some(999_999), &actor(), later(801)).await;
    assert!(matches!(wrong, Err(StoreError::Refused(m)) if m.key == "incident.error.no_such_entry"));
    assert_eq!(s.verify_incident_timelines().await.unwrap().first_break, None);
});

on_every_backend!(drills_are_listed_apart_and_targets_are_per_institution, |db| {
    let s = &db.store;
    let (a, _) = institution(s, "a").await;
    let (b, _) = institution(s, "b").await;
    let real = s.open_incident(a.id, &facts(false), &actor(), NOW).await.unwrap();
    let drill = s.open_incident(a.id, &facts(true), &actor(), NOW).await.unwrap();
    let ids = |v: Vec<iryosec_store::IncidentRecord>| v.iter().map(|r| r.id).collect::<Vec<_>>();
    assert_eq!(ids(s.incidents(a.id, false).await.unwrap()), vec![real]);
    assert_eq!(ids(s.incidents(a.id, true).await.unwrap()), vec![drill]);

    let mine = Targets([("report_executive".to_owned(), 45)].into());
    s.save_incident_targets(a.id, &mine, &actor(), NOW).await.unwrap();
    assert_eq!(s.incident_targets(a.id).await.unwrap(), mine);
    assert_eq!(s.incident_targets(b.id).await.unwrap(), Targets::default());

    // Another institution reaches nothing of it.
    assert!(s.incidents(b.id, false).await.unwrap().is_empty());
    assert!(s.incident(b.id, real).await.unwrap().is_none());
    assert!(s.incident_timeline(b.id, real).await.unwrap().is_empty());
    let foreign = s.record_step(b.id, real, &done("isolate_network", "x"), 0, &actor(), later(1)).await;
    assert!(matches!(foreign, Err(StoreError::NotFound)));
    let foreign = s.add_incident_note(b.id, real, "x", None, &actor(), later(1)).await;
    assert!(matches!(foreign, Err(StoreError::NotFound)));
    assert_eq!(s.incident_timeline(a.id, real).await.unwrap().len(), 1);
});
