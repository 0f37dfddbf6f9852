use crate::harness::*;

#[test]
fn serve_needs_no_configuration() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["serve"]);
    assert!(server.addr.starts_with("127.0.0.1:"), "loopback by default");
    let (status, body) = server.get("/setup");
    assert_eq!(status, 200);
    assert!(body.contains("初期設定"));
    let db = db_path(dir.path());
    assert!(db.exists(), "./iryosec-data/iryosec.sqlite3 is created");
    assert_eq!(sqlite_scalar(&db, "PRAGMA journal_mode"), "wal");
}

#[test]
fn serve_reads_the_config_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("iryosec.toml"), "data_dir = \"elsewhere\"\nsession_idle_minutes = 10\n")
        .unwrap();
    let server = Server::start(dir.path(), &["serve"]);
    assert_eq!(server.get("/healthz").0, 200);
    assert!(dir.path().join("elsewhere/iryosec.sqlite3").exists());
    let shown = run(dir.path(), &["config"], "");
    let v: serde_json::Value = serde_json::from_str(&stdout(&shown)).unwrap();
    assert_eq!(v["session_idle_minutes"], 10);
    std::fs::write(dir.path().join("iryosec.toml"), "data_dri = \"typo\"\n").unwrap();
    let typo = run(dir.path(), &["config"], "");
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("iryosec.toml") && stderr(&typo).contains("data_dri"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn bad_configuration_gets_a_clear_message_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["serve", "--database-url", "mysql://u:hunter2@h/db"], "sqlite://"),
        (
            vec!["serve", "--database-url", "postgres://nobody:pw@127.0.0.1:1/none"],
            "データベースに接続できません",
        ),
        (vec!["serve", "--address", "localhost-ish"], "IP アドレスとして読めません"),
        (vec!["serve", "--data-dir", "a-file"], "データフォルダ"),
        (vec!["serve", "--config", "missing.toml"], "missing.toml"),
    ];
    std::fs::write(dir.path().join("a-file"), b"x").unwrap();
    for (args, expected) in cases {
        let o = run(dir.path(), &args, "");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.contains(expected), "{args:?}: {err}");
        assert!(!err.contains("hunter2") && !err.contains("panicked"), "{args:?}: {err}");
    }
}

#[test]
fn a_port_in_use_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let o = run(dir.path(), &["serve", "--port", &port], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("使用中") && stderr(&o).contains("--port"), "{}", stderr(&o));
}

#[test]
fn demo_uses_its_own_folder_and_says_it_is_a_demo() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["demo"]);
    let (_, login) = server.get("/login");
    assert!(login.contains("デモデータです") && login.contains("demo-admin"), "{login}");
    assert!(dir.path().join("iryosec-demo/iryosec.sqlite3").exists());
    assert!(!dir.path().join("iryosec-data").exists(), "the real data folder is untouched");
}

#[test]
fn demo_data_never_goes_into_real_data() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    let o = run(dir.path(), &["demo", "--data-dir", "iryosec-data", "--port", "0"], "");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("本番の医療機関のデータがあります"), "{}", stderr(&o));
    let count = sqlite_scalar(&db_path(dir.path()), "SELECT CAST(COUNT(*) AS TEXT) FROM institutions");
    assert_eq!(count, "1");
}

#[test]
fn serve_runs_the_same_app_on_postgres() {
    let Some(url) = postgres_url() else { return };
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["serve", "--database-url", &url]);
    let (status, body) = server.get("/setup");
    assert_eq!(status, 200);
    assert!(body.contains("初期設定"));
    assert!(!db_path(dir.path()).exists(), "no SQLite file on PostgreSQL");
    assert!(dir.path().join("iryosec-data/audit.key").exists(), "the audit key sits in the data folder");
    // The data folder holds only the uploads waiting for their requests, and none is left.
    let uploads = dir.path().join("iryosec-data/uploads");
    assert_eq!(std::fs::read_dir(&uploads).unwrap().count(), 0);
}

/// The settings a running server logged, as JSON (its first log line says them).
fn logged_settings(child: &mut std::process::Child) -> serde_json::Value {
    use std::io::BufRead;
    let mut stderr = std::io::BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    // The log may be coloured: drop the escape sequences before reading the field.
    let mut plain = String::new();
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            chars.by_ref().find(|c| c.is_ascii_alphabetic());
        } else {
            plain.push(c);
        }
    }
    let json = plain.split_once("settings=").map(|(_, rest)| rest).unwrap_or_else(|| panic!("{plain}"));
    let json = &json[..=json.rfind('}').unwrap_or_else(|| panic!("{plain}"))];
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {plain}"))
}

#[test]
fn config_prints_exactly_what_serve_uses_from_flags_environment_and_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("iryosec.toml"),
        "cookie_secure = \"always\"\nmax_connections = 64\nheader_timeout_seconds = 5\ntrusted_proxies = [\"127.0.0.1\"]\n",
    )
    .unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string();
    let env = [
        ("IRYOSEC_PORT", port.as_str()),
        ("IRYOSEC_ADDRESS", "127.0.0.1"),
        ("IRYOSEC_HEAVY_JOBS", "3"),
        ("IRYOSEC_LOG", "info"),
    ];
    let command = |args: &[&str]| {
        let mut c = std::process::Command::new(bin());
        c.args(args)
            .current_dir(dir.path())
            .envs(env)
            .env_remove("IRYOSEC_DATA_DIR")
            .env_remove("IRYOSEC_DATABASE_URL");
        c
    };
    let shown = command(&["config", "--uploads-in-flight-mb", "100"]).output().unwrap();
    assert!(shown.status.success(), "{}", stderr(&shown));
    let shown: serde_json::Value = serde_json::from_str(&stdout(&shown)).unwrap();
    assert_eq!(shown["port"].to_string(), port, "IRYOSEC_PORT counts");
    assert_eq!(shown["heavy_jobs"], 3);
    assert_eq!(shown["max_connections"], 64);
    assert_eq!(shown["uploads_in_flight_mb"], 100);
    assert_eq!(shown["cookie_secure"], "always");
    assert_eq!(shown["server_kind"], "institution", "one institution's server unless told otherwise");

    let mut serving = command(&["serve", "--uploads-in-flight-mb", "100"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let used = logged_settings(&mut serving);
    let mut first = String::new();
    std::io::BufRead::read_line(&mut std::io::BufReader::new(serving.stdout.take().unwrap()), &mut first)
        .unwrap();
    let _ = serving.kill();
    let _ = serving.wait();
    assert_eq!(used, shown);
    assert_eq!(first.trim(), format!("listening on http://127.0.0.1:{port}/"));
}

#[test]
fn unknown_or_out_of_range_settings_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("cookie_secure = \"alwyas\"\n", vec!["cookie_secure", "alwyas", "auto・always・never"]),
        ("server_kind = \"hospital\"\n", vec!["server_kind", "hospital", "institution・group・prefecture"]),
        (
            "max_connections = 0\n",
            vec!["max_connections", "--max-connections", "IRYOSEC_MAX_CONNECTIONS", "1〜100000"],
        ),
        ("header_timeout_seconds = 100000\n", vec!["header_timeout_seconds", "100000"]),
    ];
    for (toml, expected) in cases {
        std::fs::write(dir.path().join("iryosec.toml"), toml).unwrap();
        for command in ["config", "serve"] {
            let o = run(dir.path(), &[command], "");
            assert_eq!(o.status.code(), Some(2), "{command} {toml}");
            let err = stderr(&o);
            for e in &expected {
                assert!(err.contains(e), "{command} {toml}: {err}");
            }
        }
    }
    assert!(!dir.path().join("iryosec-data").exists(), "nothing is created for an unusable configuration");
}
