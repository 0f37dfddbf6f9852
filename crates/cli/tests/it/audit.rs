use crate::harness::*;

#[test]
fn verify_passes_on_an_intact_log_and_finds_the_first_broken_entry() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let ok = run(dir.path(), &["audit", "verify", "--format", "json"], "");
    assert!(ok.status.success(), "{}", stderr(&ok));
    let v: serde_json::Value = serde_json::from_str(&stdout(&ok)).unwrap();
    assert_eq!((v["ok"].as_bool(), v["entries"].as_i64()), (Some(true), Some(2)));

    sqlite_exec(
        &db_path(dir.path()),
        &[
            "DROP TRIGGER audit_log_no_update",
            "UPDATE audit_log SET after_json = '{\"name\":\"偽病院\"}' WHERE seq = 1",
        ],
    );
    let broken = run(dir.path(), &["audit", "verify"], "");
    assert_eq!(broken.status.code(), Some(1));
    let text = stdout(&broken);
    assert!(text.contains("系列「institution:1」の1番目") && text.contains("書き換えられています"), "{text}");
    let json = run(dir.path(), &["audit", "verify", "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["first_break"]["seq"], 1);
    assert_eq!(v["first_break"]["problem"], "hash_mismatch");
}

#[test]
fn verify_without_a_database_is_unusable_input() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["audit", "verify"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("データベース") && !dir.path().join("iryosec-data").exists());
}

#[test]
fn verify_checks_the_incident_timelines_and_names_the_first_broken_entry() {
    use iryosec_core::incident::{IncidentFacts, IncidentKind, StepChange, StepStatus, step_def};
    use iryosec_store::{DatabaseUrl, IncidentStore, MigrateMode, SqlStore};
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let id = runtime.block_on(async {
        let store =
            SqlStore::connect(&DatabaseUrl::Sqlite(db_path(dir.path())), MigrateMode::Leave).await.unwrap();
        let inst = iryosec_core::InstitutionId(1);
        let now = iryosec_core::Timestamp(1_747_353_600_000);
        let facts = IncidentFacts {
            kind: IncidentKind::Ransomware,
            title: String::new(),
            systems: vec!["電子カルテ".into()],
            detected_by: "佐藤".into(),
            detected_how: String::new(),
            detected_at: now,
            drill: false,
        };
        let actor = iryosec_core::audit::Actor::cli("test");
        let id = store.open_incident(inst, &facts, &actor, now).await.unwrap();
        let change = StepChange {
            step: step_def("isolate_network").unwrap(),
            status: StepStatus::Done,
            actor: "田中".into(),
            done_at: None,
            note: "LANケーブルを抜いた".into(),
        };
        store.record_step(inst, id, &change, 0, &actor, now.plus_minutes(5)).await.unwrap();
        store.close().await;
        id
    });

    let ok = run(dir.path(), &["audit", "verify", "--format", "json"], "");
    assert!(ok.status.success(), "{}", stderr(&ok));
    let v: serde_json::Value = serde_json::from_str(&stdout(&ok)).unwrap();
    assert_eq!((v["ok"].as_bool(), v["incidents"]["entries"].as_i64()), (Some(true), Some(2)));
    let text = stdout(&run(dir.path(), &["audit", "verify"], ""));
    assert!(text.contains("インシデントの記録は正常です（1件のインシデント、2件の記録を検証）"), "{text}");

    sqlite_exec(
        &db_path(dir.path()),
        &[
            "DROP TRIGGER incident_timeline_no_update",
            "UPDATE incident_timeline SET actor = '院長' WHERE seq = 2",
        ],
    );
    let broken = run(dir.path(), &["audit", "verify"], "");
    assert_eq!(broken.status.code(), Some(1));
    let text = stdout(&broken);
    assert!(
        text.contains(&format!("インシデントの記録の改ざんを検知しました: 「incident:{id}」の2番目"))
            && text.contains("書き換えられています"),
        "{text}"
    );
    assert!(text.contains("監査ログは正常です"), "the audit log itself is intact: {text}");
    let json = run(dir.path(), &["audit", "verify", "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(
        (v["ok"].as_bool(), v["incidents"]["first_break"]["problem"].as_str()),
        (Some(false), Some("hash_mismatch"))
    );
}
