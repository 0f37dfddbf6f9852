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
        let store = SqlStore::connect(&DatabaseUrl::Sqlite(db_path(dir.path())), MigrateMode::Leave)
            .await
            .unwrap()
            .with_audit_key(key_of(dir.path()));
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

fn reset_password(dir: &std::path::Path) -> std::process::Output {
    run(
        dir,
        &["admin", "reset-password", "--login-id", "admin", "--password-stdin"],
        &format!("{PASSWORD}x\n"),
    )
}

fn key_of(dir: &std::path::Path) -> iryosec_core::audit::AuditKey {
    let text = std::fs::read_to_string(dir.join("iryosec-data/audit.key")).unwrap();
    iryosec_core::audit::AuditKey::from_file_text(&text).unwrap()
}

#[test]
fn the_key_is_made_at_first_start_kept_private_and_never_made_by_verify() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let key = dir.path().join("iryosec-data/audit.key");
    assert!(key.exists(), "the first command that writes makes the key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let config = run(dir.path(), &["config"], "");
    assert!(stdout(&config).contains("audit.key"), "{}", stdout(&config));

    std::fs::rename(&key, dir.path().join("elsewhere.key")).unwrap();
    let o = run(dir.path(), &["audit", "verify"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("監査ログの鍵ファイル") && stderr(&o).contains("audit.key"),
        "{}",
        stderr(&o)
    );
    let write = reset_password(dir.path());
    assert_eq!(write.status.code(), Some(2), "{}", stderr(&write));
    assert!(!key.exists(), "a sealed database never gets a new key");

    let elsewhere = dir.path().join("elsewhere.key");
    let o = run(dir.path(), &["audit", "verify", "--audit-key-file", elsewhere.to_str().unwrap()], "");
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn another_databases_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let other = tempfile::tempdir().unwrap();
    create_admin(other.path(), &[]);
    let foreign = other.path().join("iryosec-data/audit.key");
    let o = run(dir.path(), &["audit", "verify", "--audit-key-file", foreign.to_str().unwrap()], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("このデータベースの鍵"), "{}", stderr(&o));
}

#[test]
fn heads_are_witnessed_and_a_log_cut_below_a_witness_is_found() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let printed = run(dir.path(), &["audit", "witness"], "");
    assert!(printed.status.success(), "{}", stderr(&printed));
    let line: serde_json::Value = serde_json::from_str(stdout(&printed).lines().next().unwrap()).unwrap();
    assert_eq!(
        (line["format"].as_str(), line["chain"].as_str(), line["seq"].as_i64()),
        (Some("iryosec-witness/1"), Some("institution:1"), Some(2))
    );

    let w = run(dir.path(), &["audit", "witness", "--out", "kept/witness.jsonl"], "");
    assert_eq!(w.status.code(), Some(2), "a missing folder is unusable output");
    let w = run(dir.path(), &["audit", "witness", "--out", "witness.jsonl"], "");
    assert!(w.status.success() && stderr(&w).contains("控えファイル"), "{}", stderr(&w));
    assert!(reset_password(dir.path()).status.success());
    let ok = run(dir.path(), &["audit", "verify", "--witness", "witness.jsonl"], "");
    assert!(ok.status.success(), "{}", stdout(&ok));
    assert!(
        stdout(&ok).contains("控えに記録した先頭はすべて監査ログに残っています（1ファイル、1件）"),
        "{}",
        stdout(&ok)
    );

    // Cut the log back below the witnessed head and move the head: only the witness can tell.
    let kept = sqlite_scalar(&db_path(dir.path()), "SELECT hash FROM audit_log WHERE seq = 1");
    sqlite_exec(
        &db_path(dir.path()),
        &[
            "DROP TRIGGER audit_log_no_delete",
            "DELETE FROM audit_log WHERE seq > 1",
            &format!("UPDATE audit_heads SET seq = 1, hash = '{kept}'"),
        ],
    );
    assert!(run(dir.path(), &["audit", "verify"], "").status.success(), "the chain alone still holds");
    let cut = run(dir.path(), &["audit", "verify", "--witness", "witness.jsonl"], "");
    assert_eq!(cut.status.code(), Some(1));
    assert!(
        stdout(&cut).contains("控えとの照合で異常を検知しました: 系列「institution:1」の2番目"),
        "{}",
        stdout(&cut)
    );
    let json = run(dir.path(), &["audit", "verify", "--witness", "witness.jsonl", "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(
        (v["ok"].as_bool(), v["witness"]["first_break"]["problem"].as_str()),
        (Some(false), Some("witness_missing"))
    );

    std::fs::write(dir.path().join("bad.jsonl"), "# 控え\n{\"format\":\"other\"}\n").unwrap();
    let bad = run(dir.path(), &["audit", "verify", "--witness", "bad.jsonl"], "");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("bad.jsonl の2行目"), "{}", stderr(&bad));
    let missing = run(dir.path(), &["audit", "verify", "--witness", "nowhere.jsonl"], "");
    assert_eq!(missing.status.code(), Some(2));
}
