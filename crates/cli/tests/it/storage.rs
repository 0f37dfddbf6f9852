//! A disk that fills up under the data folder, for real: a small tmpfs mounted in a private
//! mount namespace, seen only by the commands of one test. It needs the right to mount (root,
//! as in CI); elsewhere these tests say that they skip.
use crate::harness::*;
use crate::http::Browser;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output};

const FULL: &str = "ディスクがいっぱいのため、データを保存できませんでした";
const SERVER_FULL: &str = "サーバのディスクがいっぱいのため、保存できませんでした";

/// `sh -c SCRIPT` in `dir`, where `disk` is a fresh tmpfs of `kib` KiB and `$BIN` the binary.
fn on_small_disk(dir: &Path, kib: u32) -> Command {
    std::fs::create_dir_all(dir.join("disk")).unwrap();
    let mut c = Command::new("unshare");
    c.args(["--mount", "--propagation", "private", "sh", "-c"])
        .current_dir(dir)
        .env("BIN", bin())
        .env("PASSWORD", PASSWORD)
        .env("KIB", kib.to_string())
        .env("IRYOSEC_LOG", "warn")
        .env_remove("IRYOSEC_DATABASE_URL")
        .env_remove("IRYOSEC_DATA_DIR");
    c
}

/// The script's first lines: mount the disk and register an institution on it.
const PREPARE: &str = r#"mount -t tmpfs -o "size=${KIB}k" tmpfs disk || exit 97
echo "$PASSWORD" | "$BIN" admin create --institution-name さくら記念病院 --kind 病院 --prefecture 東京都 \
  --beds 120 --login-id admin --password-stdin --data-dir disk/data >/dev/null || exit 98
"#;

fn can_mount() -> bool {
    let dir = tempfile::tempdir().unwrap();
    let probe = on_small_disk(dir.path(), 64).arg("mount -t tmpfs -o size=64k tmpfs disk").output();
    let ok = probe.is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("cannot mount a tmpfs in a private namespace (not root?): skipping the full-disk test");
    }
    ok
}

fn script_output(dir: &Path, kib: u32, script: &str) -> Output {
    let o = on_small_disk(dir, kib).arg(format!("{PREPARE}{script}")).output().unwrap();
    assert_ne!(o.status.code(), Some(98), "could not set up: {}", stderr(&o));
    o
}

fn ledger_csv(rows: usize) -> String {
    let mut csv = String::from("管理番号,機器名,種類,IPアドレス,設置場所\r\n");
    for i in 0..rows {
        csv.push_str(&format!("PC-{i:05},端末{i},端末,10.0.{}.{},2階\r\n", i / 250, i % 250 + 1));
    }
    csv
}

#[test]
fn a_full_disk_is_named_as_such_and_nothing_is_half_written() {
    if !can_mount() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.csv"), ledger_csv(3000)).unwrap();
    // Quite full: the database cannot even be opened. Nearly full: the import runs out midway.
    let o = script_output(
        dir.path(),
        4096,
        r#"fill() { avail=$(df -k --output=avail disk | tail -1); head -c $(( (avail - $1) * 1024 )) /dev/zero > disk/filler 2>/dev/null; }
fill 0
"$BIN" ledger import big.csv --data-dir disk/data 2>open.err; echo "open=$?"
rm disk/filler; fill 256
"$BIN" ledger import big.csv --data-dir disk/data 2>import.err; echo "import=$?"
rm disk/filler
"$BIN" ledger export -o out.csv --data-dir disk/data >/dev/null; echo "export=$?"
"$BIN" audit verify --data-dir disk/data >/dev/null; echo "verify=$?"
"#,
    );
    let said = stdout(&o);
    assert_eq!(
        said.lines().collect::<Vec<_>>(),
        ["open=2", "import=2", "export=0", "verify=0"],
        "{}",
        stderr(&o)
    );
    let folder = dir.path().join("disk/data").display().to_string();
    for step in ["open.err", "import.err"] {
        let message = std::fs::read_to_string(dir.path().join(step)).unwrap();
        assert!(message.contains(FULL) && message.contains(&folder), "{step}: {message}");
        assert!(!message.contains("接続できません"), "not a login problem: {message}");
    }
    let exported = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert_eq!(exported.lines().count(), 1, "nothing was imported: {exported}");
}

/// Fills the tmpfs a running server sees, through its view of the file system.
fn fill_disk_of(server: &Server, dir: &Path) {
    let path = format!("/proc/{}/root{}/disk/filler", server.pid(), dir.display());
    let mut filler = std::fs::File::create(path).unwrap();
    let chunk = vec![0_u8; 64 * 1024];
    while filler.write_all(&chunk).is_ok() {}
}

#[test]
fn the_web_says_the_disk_is_full_and_keeps_people_logged_in() {
    if !can_mount() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let serve = r#"exec "$BIN" serve --port 0 --session-idle-minutes 1 --data-dir disk/data"#;
    let mut command = on_small_disk(dir.path(), 4096);
    command.arg(format!("{PREPARE}{serve}"));
    let server = Server::spawn(command);
    let mut admin = Browser::new(&server.addr);
    assert_eq!(admin.login("admin", PASSWORD).status, 303);
    fill_disk_of(&server, dir.path());

    // Past the time the session's last-seen time is written: it cannot be, yet nobody is
    // logged out for it.
    std::thread::sleep(std::time::Duration::from_millis(6_500));
    let home = admin.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    let saved = admin.post_form("/registers/systems/new", &[("name", "電子カルテ"), ("category", "ehr")]);
    assert_eq!(saved.status, 503);
    let folder = dir.path().join("disk/data").display().to_string();
    assert!(saved.body.contains(SERVER_FULL) && saved.body.contains(&folder), "{}", saved.body);

    let mut stranger = Browser::new(&server.addr);
    let refused = stranger.login("admin", "wrong-password-1");
    assert_eq!(refused.status, 503);
    assert!(refused.body.contains(SERVER_FULL) && refused.body.contains("サーバのデータフォルダ"));
    assert!(!refused.body.contains(&folder), "the path is shown to people who are logged in only");
}
