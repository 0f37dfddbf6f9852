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
