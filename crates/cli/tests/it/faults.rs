//! kill -9 at random moments: during a large ledger import from the command line and through a
//! running server, and during a stream of register edits. After every kill the SQLite file
//! passes `PRAGMA integrity_check`, `iryosec audit verify` exits 0, every import is there whole
//! or not at all, and every edit is there with its audit entry or not at all.
//!
//! `IRYOSEC_FAULT_ROUNDS` sets the kills per case (10 by default, more to run longer);
//! `IRYOSEC_FAULT_SEED` repeats a run whose seed a failure printed.
use crate::harness::*;
use crate::http::Browser;
use std::hash::{BuildHasher, Hasher};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Rows per import: long enough (about a second unoptimised) to be killed in the middle.
const ROWS: usize = 6000;

fn rounds() -> usize {
    std::env::var("IRYOSEC_FAULT_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(10)
}

/// Random moments, repeatable from the seed it prints.
struct Dice(u64);

impl Dice {
    fn new(case: &str) -> Dice {
        let seed = std::env::var("IRYOSEC_FAULT_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| std::collections::hash_map::RandomState::new().build_hasher().finish());
        eprintln!("{case}: IRYOSEC_FAULT_SEED={seed}");
        Dice(seed | 1)
    }

    /// A moment within `span` (xorshift64).
    fn within(&mut self, span: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        let micros = u64::try_from(span.as_micros()).unwrap_or(u64::MAX).max(1);
        Duration::from_micros(self.0 % micros)
    }
}

/// The ledger of one round: asset numbers `R<round>-…`, so each round's rows can be counted.
fn ledger(dir: &Path, round: usize) -> String {
    let mut csv = String::from("管理番号,機器名,種類,IPアドレス,設置場所,導入日\r\n");
    for i in 0..ROWS {
        csv.push_str(&format!(
            "R{round}-{i:05},端末{i},端末,10.{round}.{}.{},2階,2021-04-01\r\n",
            i / 250,
            i % 250 + 1
        ));
    }
    let name = format!("ledger-{round}.csv");
    std::fs::write(dir.join(&name), csv).unwrap();
    name
}

/// Where the data is: the default SQLite folder in `dir`, or a PostgreSQL database.
enum Data {
    Sqlite,
    Postgres(String),
}

impl Data {
    fn args(&self) -> Vec<String> {
        match self {
            Data::Sqlite => Vec::new(),
            Data::Postgres(url) => vec!["--database-url".into(), url.clone()],
        }
    }

    fn count(&self, dir: &Path, sql: &str) -> i64 {
        let rt = tokio::runtime::Runtime::new().unwrap();
        rt.block_on(async {
            use sqlx::Connection;
            match self {
                Data::Sqlite => {
                    let url = format!("sqlite://{}", db_path(dir).display());
                    let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
                    sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut c).await.unwrap()
                }
                Data::Postgres(url) => {
                    let mut c = sqlx::PgConnection::connect(url).await.unwrap();
                    sqlx::query_scalar::<_, i64>(sql).fetch_one(&mut c).await.unwrap()
                }
            }
        })
    }

    /// What must hold after any kill: a sound file, an intact audit log.
    fn check_sound(&self, dir: &Path, when: &str) {
        if let Data::Sqlite = self {
            assert_eq!(sqlite_scalar(&db_path(dir), "PRAGMA integrity_check"), "ok", "{when}");
        }
        let mut args = vec!["audit".to_owned(), "verify".to_owned()];
        args.extend(self.args());
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let verify = run(dir, &args, "");
        assert_eq!(verify.status.code(), Some(0), "{when}: {}{}", stdout(&verify), stderr(&verify));
    }

    /// Every round's import is there whole or not at all, and each whole one has its entry;
    /// returns how many are whole.
    fn check_imports(&self, dir: &Path, rounds: usize, when: &str) -> usize {
        let mut whole = 0;
        for round in 0..rounds {
            let rows =
                self.count(dir, &format!("SELECT COUNT(*) FROM assets WHERE asset_no LIKE 'R{round}-%'"));
            assert!(rows == 0 || rows == ROWS as i64, "{when}: round {round} left {rows} of {ROWS} rows");
            whole += usize::from(rows > 0);
        }
        let entries = self.count(dir, "SELECT COUNT(*) FROM audit_log WHERE action = 'asset.imported'");
        assert_eq!(entries, whole as i64, "{when}: one audit entry per import");
        whole
    }
}

fn setup(dir: &Path, data: &Data) {
    let args = data.args();
    let extra: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(create_admin(dir, &extra).status.success());
}

/// Imports from the command line, killed at a random moment of a full import's time.
fn cli_import_killed(data: Data) {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), &data);
    let mut dice = Dice::new("ledger import from the command line");
    let import = |round: usize| {
        let mut c = Command::new(bin());
        c.args(["ledger", "import", &ledger(dir.path(), round)]).args(data.args());
        c.current_dir(dir.path()).env("IRYOSEC_LOG", "off").stdout(Stdio::null()).stderr(Stdio::null());
        c
    };
    let started = Instant::now();
    assert!(import(0).status().unwrap().success());
    let full = started.elapsed();
    for round in 1..=rounds() {
        let mut child = import(round).spawn().unwrap();
        let killed = dice.within(full);
        std::thread::sleep(killed);
        let _ = child.kill();
        let _ = child.wait();
        let when = format!("after kill {round}");
        data.check_sound(dir.path(), &when);
        let whole = data.check_imports(dir.path(), round + 1, &when);
        eprintln!("{when} at {killed:?} of {full:?}: {whole} of {} imports whole", round + 1);
    }
}

#[test]
fn a_ledger_import_killed_from_the_command_line_is_whole_or_absent() {
    cli_import_killed(Data::Sqlite);
}

#[test]
fn a_ledger_import_killed_on_postgres_is_whole_or_absent() {
    let Some(url) = postgres_url() else { return };
    cli_import_killed(Data::Postgres(url));
}

/// A server on `dir`'s data and a browser logged in to it (kept across restarts).
fn serve(dir: &Path, browser: &mut Option<Browser>) -> Server {
    let server = Server::start(dir, &["serve"]);
    match browser {
        Some(b) => b.addr.clone_from(&server.addr),
        None => {
            let mut b = Browser::new(&server.addr);
            assert_eq!(b.login("admin", PASSWORD).status, 303);
            *browser = Some(b);
        }
    }
    server
}

#[test]
fn a_ledger_import_killed_in_the_server_is_whole_or_absent() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), &Data::Sqlite);
    let mut dice = Dice::new("ledger import through the server");
    let mut browser = None;
    let mut full = Duration::ZERO;
    for round in 0..=rounds() {
        let server = serve(dir.path(), &mut browser);
        let b = browser.as_mut().unwrap();
        let bytes = std::fs::read(dir.path().join(ledger(dir.path(), round))).unwrap();
        let staged = b.upload("/ledger/import", "ledger.csv", &bytes);
        let preview =
            staged.location().unwrap_or_else(|| panic!("{} {}", staged.head, staged.body)).to_owned();
        let mut committer = b.clone();
        let started = Instant::now();
        let commit = std::thread::spawn(move || committer.post_form(&preview, &[]).status);
        if round == 0 {
            assert_eq!(commit.join().unwrap(), 303, "the first import runs to its end");
            full = started.elapsed();
            drop(server);
        } else {
            std::thread::sleep(dice.within(full));
            drop(server);
            let _ = commit.join();
        }
        let when = format!("after kill {round}");
        Data::Sqlite.check_sound(dir.path(), &when);
        let whole = Data::Sqlite.check_imports(dir.path(), round + 1, &when);
        eprintln!("{when}: {whole} of {} imports whole", round + 1);
    }
}

/// Edits one entry and adds new ones, as fast as the server takes them, until it dies.
fn edit_until_killed(mut b: Browser, first: String, round: usize) {
    for k in 0.. {
        let name = format!("基幹システム {round}-{k}");
        let edited = b.post_form(&format!("{first}/edit"), &[("name", &name), ("category", "ehr")]);
        let added = b.post_form(
            "/registers/systems/new",
            &[("name", &format!("部門 {round}-{k}")), ("category", "lab")],
        );
        if edited.status != 303 || added.status != 303 {
            return;
        }
    }
}

#[test]
fn register_edits_killed_in_the_server_are_each_whole_with_their_audit_entry() {
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path(), &Data::Sqlite);
    let mut dice = Dice::new("register edits");
    let mut browser = None;
    let server = serve(dir.path(), &mut browser);
    let b = browser.as_mut().unwrap();
    let created = b.post_form("/registers/systems/new", &[("name", "基幹システム"), ("category", "ehr")]);
    let first = created.location().unwrap().split('?').next().unwrap().to_owned();
    let id = first.rsplit('/').next().unwrap().to_owned();
    drop(server);
    for round in 1..=rounds() {
        let server = serve(dir.path(), &mut browser);
        let editor = browser.clone().unwrap();
        let first = first.clone();
        let edits = std::thread::spawn(move || edit_until_killed(editor, first, round));
        std::thread::sleep(Duration::from_millis(150) + dice.within(Duration::from_millis(800)));
        drop(server);
        edits.join().unwrap();
        let when = format!("after kill {round}");
        let data = Data::Sqlite;
        data.check_sound(dir.path(), &when);
        let records =
            data.count(dir.path(), "SELECT COUNT(*) FROM register_records WHERE register = 'systems'");
        let entries =
            data.count(dir.path(), "SELECT COUNT(*) FROM audit_log WHERE action = 'register.created'");
        assert_eq!(records, entries, "{when}: every entry was added with its audit entry");
        eprintln!("{when}: {records} entries");
        let name = sqlite_scalar(
            &db_path(dir.path()),
            &format!("SELECT json_extract(data, '$.name') FROM register_records WHERE id = {id}"),
        );
        let last_edit = sqlite_scalar(
            &db_path(dir.path()),
            &format!(
                "SELECT COALESCE((SELECT after_json FROM audit_log WHERE action = 'register.updated' \
                 AND target_id = '{id}' ORDER BY seq DESC LIMIT 1), '基幹システム')"
            ),
        );
        assert!(
            last_edit.contains(&name),
            "{when}: the entry is as its last audited edit left it: {name} / {last_edit}"
        );
    }
}
