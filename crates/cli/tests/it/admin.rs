use crate::harness::*;

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["demo", "--help"],
        vec!["admin", "--help"],
        vec!["admin", "create", "--help"],
        vec!["admin", "reset-password", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["backup", "--help"],
        vec!["restore", "--help"],
        vec!["config", "--help"],
        vec!["definitions", "list", "--help"],
        vec!["assessment", "new", "--help"],
        vec!["assessment", "status", "--help"],
        vec!["assessment", "export", "--help"],
        vec!["assessment", "import", "--help"],
        vec!["definitions", "check", "--help"],
        vec!["definitions", "diff", "--help"],
        vec!["definitions", "import", "--help"],
    ] {
        let o = run(dir.path(), &args, "");
        assert!(o.status.success(), "{args:?}");
        assert!(stdout(&o).contains("Usage"), "{args:?}");
    }
}

#[test]
fn admin_create_registers_and_prints_json() {
    let dir = tempfile::tempdir().unwrap();
    let o = create_admin(dir.path(), &["--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["login_id"], "admin");
    assert_eq!(v["institution_id"], 1);
    assert!(db_path(dir.path()).exists());
    // The same login id again is refused, naming the flag.
    let again = create_admin(dir.path(), &[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("--login-id: このログインIDはすでに使われています"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn admin_create_names_each_bad_flag_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        dir.path(),
        &[
            "admin",
            "create",
            "--institution-name",
            "x",
            "--kind",
            "castle",
            "--prefecture",
            "99",
            "--beds",
            "5",
            "--login-id",
            "a",
            "--password-stdin",
        ],
        "short\n",
    );
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("--kind: 選択肢から選んでください") && err.contains("--prefecture:"), "{err}");
    assert!(!db_path(dir.path()).exists(), "nothing is written for bad input");

    let o = run(
        dir.path(),
        &[
            "admin",
            "create",
            "--institution-name",
            "x",
            "--kind",
            "clinic",
            "--prefecture",
            "13",
            "--login-id",
            "admin",
            "--password-stdin",
        ],
        "short\n",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--password: パスワードは12文字以上にしてください"), "{}", stderr(&o));

    let en = run(
        dir.path(),
        &[
            "--lang",
            "en",
            "admin",
            "create",
            "--institution-name",
            "x",
            "--kind",
            "hospital",
            "--prefecture",
            "13",
            "--login-id",
            "admin",
            "--password-stdin",
        ],
        &format!("{PASSWORD}\n"),
    );
    assert!(stderr(&en).contains("--beds: Enter the number of beds of the hospital."), "{}", stderr(&en));
}

#[test]
fn reset_password_lets_a_locked_out_administrator_back_in() {
    let dir = tempfile::tempdir().unwrap();
    create_admin(dir.path(), &[]);
    // Locked out at the two addresses the administrator works from.
    sqlite_exec(
        &db_path(dir.path()),
        &[
            "UPDATE users SET locked_until = 99999999999999",
            "INSERT INTO login_attempts (user_id, institution_id, client, failures, locked_until) \
             SELECT id, institution_id, '10.0.0.5', 0, 99999999999999 FROM users",
            "INSERT INTO login_attempts (user_id, institution_id, client, failures, locked_until) \
             SELECT id, institution_id, '10.0.0.6', 3, NULL FROM users",
        ],
    );
    let o = run(
        dir.path(),
        &["admin", "reset-password", "--login-id", "ADMIN", "--password-stdin"],
        "atarashii-aikotoba\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("ロックを解除しました"));
    let locked =
        sqlite_scalar(&db_path(dir.path()), "SELECT COALESCE(CAST(locked_until AS TEXT), 'none') FROM users");
    assert_eq!(locked, "none");
    let addresses = sqlite_scalar(
        &db_path(dir.path()),
        "SELECT CAST(COUNT(*) AS TEXT) FROM login_attempts WHERE failures > 0 OR locked_until IS NOT NULL",
    );
    assert_eq!(addresses, "0", "every address may try again");
    let unknown =
        run(dir.path(), &["admin", "reset-password", "--login-id", "nobody", "--password-stdin"], "x\n");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("「nobody」のアカウントはありません"));
    let short =
        run(dir.path(), &["admin", "reset-password", "--login-id", "admin", "--password-stdin"], "short\n");
    assert_eq!(short.status.code(), Some(2));
}

#[test]
fn a_password_is_never_read_from_a_missing_terminal_silently() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(
        dir.path(),
        &[
            "admin",
            "create",
            "--institution-name",
            "x",
            "--kind",
            "clinic",
            "--prefecture",
            "13",
            "--login-id",
            "admin",
        ],
        "",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--password-stdin"), "{}", stderr(&o));
}
