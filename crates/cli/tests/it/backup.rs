use crate::harness::*;

#[test]
fn backup_while_serving_then_restore_into_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let server = Server::start(dir.path(), &["serve"]);
    assert_eq!(server.get("/healthz").0, 200);
    // The server writes the heads to its own witness file when it starts.
    let witness = dir.path().join("iryosec-data/witness.jsonl");
    let started = std::time::Instant::now();
    while !std::fs::read_to_string(&witness).unwrap_or_default().contains("\"chain\":\"institution:1\"") {
        assert!(started.elapsed().as_secs() < 10, "no witness line written at start");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let o = run(dir.path(), &["backup", "nightly.sqlite3", "--format", "json"], "");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["bytes"].as_u64().unwrap() > 4096);
    assert!(v["audit_key_file"].as_str().unwrap().ends_with("audit.key"));
    let text = run(dir.path(), &["backup", "text.sqlite3"], "");
    assert!(stderr(&text).contains("鍵ファイル") && stderr(&text).contains("バックアップに含まれません"));
    drop(server);

    // Never over an existing file.
    let again = run(dir.path(), &["backup", "nightly.sqlite3"], "");
    assert_eq!(again.status.code(), Some(2));
    assert!(stderr(&again).contains("already exists"));

    // The key file is kept with the backup and put back beside the restored database.
    std::fs::create_dir(dir.path().join("restored")).unwrap();
    std::fs::copy(dir.path().join("iryosec-data/audit.key"), dir.path().join("restored/audit.key")).unwrap();
    let restored = run(dir.path(), &["restore", "nightly.sqlite3", "--data-dir", "restored"], "");
    assert!(restored.status.success(), "{}", stderr(&restored));
    assert!(stdout(&restored).contains("復元しました"));
    let verify = run(dir.path(), &["audit", "verify", "--data-dir", "restored", "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_str(&stdout(&verify)).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["entries"], 3, "two original entries and the restore itself");
    let name = sqlite_scalar(&dir.path().join("restored/iryosec.sqlite3"), "SELECT name FROM institutions");
    assert_eq!(name, "さくら記念病院");
}

#[test]
fn restore_refuses_to_overwrite_and_force_keeps_the_old_database() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    run(dir.path(), &["backup", "b.sqlite3"], "");
    let refused = run(dir.path(), &["restore", "b.sqlite3"], "");
    assert_eq!(refused.status.code(), Some(2));
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    let forced = run(dir.path(), &["restore", "b.sqlite3", "--force"], "");
    assert!(forced.status.success(), "{}", stderr(&forced));
    let kept: Vec<_> = std::fs::read_dir(dir.path().join("iryosec-data"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.contains("before-restore"))
        .collect();
    assert!(!kept.is_empty(), "the previous database is kept");
}

#[test]
fn a_corrupt_backup_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    run(dir.path(), &["backup", "b.sqlite3"], "");
    let bytes = std::fs::read(dir.path().join("b.sqlite3")).unwrap();
    std::fs::write(dir.path().join("cut.sqlite3"), &bytes[..bytes.len() / 3]).unwrap();
    std::fs::write(dir.path().join("junk.bin"), b"not a backup at all").unwrap();
    for file in ["cut.sqlite3", "junk.bin", "missing.sqlite3"] {
        let o = run(dir.path(), &["restore", file, "--data-dir", "fresh"], "");
        assert_eq!(o.status.code(), Some(2), "{file}");
        assert!(stderr(&o).contains("エラー"), "{file}: {}", stderr(&o));
        assert!(!dir.path().join("fresh/iryosec.sqlite3").exists(), "{file}");
    }
}

#[test]
fn postgres_backup_and_restore_through_the_cli() {
    let Some(source) = postgres_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    let o = create_admin(dir.path(), &["--database-url", &source]);
    assert!(o.status.success(), "{}", stderr(&o));
    let b = run(dir.path(), &["backup", "pg.dump.gz", "--database-url", &source], "");
    assert!(b.status.success(), "{}", stderr(&b));
    let target = postgres_url().unwrap();
    let into_sqlite = run(dir.path(), &["restore", "pg.dump.gz", "--data-dir", "x"], "");
    assert_eq!(into_sqlite.status.code(), Some(2));
    assert!(stderr(&into_sqlite).contains("PostgreSQL のダンプ"));
    let r = run(dir.path(), &["restore", "pg.dump.gz", "--database-url", &target], "");
    assert!(r.status.success(), "{}", stderr(&r));
    let v = run(dir.path(), &["audit", "verify", "--database-url", &target, "--format", "json"], "");
    let v: serde_json::Value = serde_json::from_str(&stdout(&v)).unwrap();
    assert_eq!((v["ok"].as_bool(), v["entries"].as_i64()), (Some(true), Some(3)));
    let twice = run(dir.path(), &["restore", "pg.dump.gz", "--database-url", &target], "");
    assert_eq!(twice.status.code(), Some(2), "a database with data is never overwritten");
}

#[test]
fn restore_is_refused_while_a_server_uses_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    run(dir.path(), &["backup", "b.sqlite3"], "");
    let server = Server::start(dir.path(), &["serve"]);
    let o = run(dir.path(), &["restore", "b.sqlite3", "--force"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("使用中"), "{}", stderr(&o));
    assert_eq!(server.get("/healthz").0, 200, "the server's database is untouched");
    let second = run(dir.path(), &["serve", "--port", "0"], "");
    assert_eq!(second.status.code(), Some(2), "one server per data folder");
}
