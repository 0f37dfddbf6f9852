use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

pub const PASSWORD: &str = "kaigishitsu-no-mado";

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_iryosec")
}

/// Runs `iryosec ARGS` in `dir` with `stdin` and returns its output.
pub fn run(dir: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env_remove("IRYOSEC_DATABASE_URL")
        .env_remove("IRYOSEC_DATA_DIR")
        .env("IRYOSEC_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Registers さくら記念病院 with administrator `admin` in `dir`'s default data folder.
pub fn create_admin(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "admin",
        "create",
        "--institution-name",
        "さくら記念病院",
        "--kind",
        "病院",
        "--prefecture",
        "東京都",
        "--beds",
        "120",
        "--login-id",
        "admin",
        "--password-stdin",
    ];
    args.extend_from_slice(extra);
    run(dir, &args, &format!("{PASSWORD}\n"))
}

pub fn db_path(dir: &Path) -> PathBuf {
    dir.join("iryosec-data/iryosec.sqlite3")
}

/// A running `iryosec serve`, stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(dir: &Path, args: &[&str]) -> Server {
        let mut command = Command::new(bin());
        command.args(args).args(["--port", "0"]).current_dir(dir).env("IRYOSEC_LOG", "warn");
        Server::spawn(command)
    }

    /// Runs a command that ends in `iryosec serve` and waits until it listens.
    pub fn spawn(mut command: Command) -> Server {
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let addr = first.trim().strip_prefix("listening on http://").unwrap_or_else(|| {
            let mut err = String::new();
            child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
            panic!("server did not start: {first} {err}")
        });
        Server { addr: addr.trim_end_matches('/').to_owned(), child }
    }

    /// The server's process id, for the benchmarks that read its memory use.
    #[allow(dead_code)]
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A plain HTTP GET: status and body.
    pub fn get(&self, path: &str) -> (u16, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(s, "GET {path} HTTP/1.0\r\nHost: {}\r\n\r\n", self.addr).unwrap();
        let mut raw = String::new();
        s.read_to_string(&mut raw).unwrap();
        let status = raw.split(' ').nth(1).unwrap().parse().unwrap();
        (status, raw.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A new empty PostgreSQL database URL, or None without a test server.
pub fn postgres_url() -> Option<String> {
    let Ok(admin) = std::env::var("TEST_PG_URL") else {
        assert!(std::env::var("REQUIRE_PG").is_err(), "REQUIRE_PG is set but TEST_PG_URL is not");
        return None;
    };
    let name = format!(
        "iryosec_cli_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::PgConnection::connect(&admin).await.unwrap();
        sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut c).await.unwrap();
    });
    Some(format!("{}/{name}", admin.rsplit_once('/').unwrap().0))
}

static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Runs SQL directly on a SQLite file, bypassing iryosec (for tampering).
pub fn sqlite_exec(path: &Path, statements: &[&str]) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
        for s in statements {
            sqlx::query(s).execute(&mut c).await.unwrap();
        }
    });
}

pub fn sqlite_scalar(path: &Path, sql: &str) -> String {
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
        sqlx::query_scalar::<_, String>(sql).fetch_one(&mut c).await.unwrap()
    })
}

/// What a run cost: its output, its peak resident memory and how long it took.
pub struct Measured {
    pub output: Output,
    pub peak_mb: u64,
    pub elapsed: std::time::Duration,
}

/// Runs `iryosec ARGS` in `dir`, reading its peak resident memory (VmHWM) from /proc while it
/// runs; the peak only grows, so the last reading before it exits is its peak to within the
/// last few milliseconds.
pub fn run_measured(dir: &Path, args: &[&str]) -> Measured {
    let started = std::time::Instant::now();
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env_remove("IRYOSEC_DATABASE_URL")
        .env_remove("IRYOSEC_DATA_DIR")
        .env("IRYOSEC_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let readers = (
        std::thread::spawn(move || {
            let mut v = Vec::new();
            out.read_to_end(&mut v).map(|_| v).unwrap_or_default()
        }),
        std::thread::spawn(move || {
            let mut v = Vec::new();
            err.read_to_end(&mut v).map(|_| v).unwrap_or_default()
        }),
    );
    let mut peak_kb = 0;
    while child.try_wait().unwrap().is_none() {
        let text = std::fs::read_to_string(&status).unwrap_or_default();
        let hwm = text.lines().find_map(|l| l.strip_prefix("VmHWM:"));
        if let Some(kb) = hwm.and_then(|v| v.trim().trim_end_matches(" kB").trim().parse::<u64>().ok()) {
            peak_kb = peak_kb.max(kb);
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let status = child.wait().unwrap();
    let output = Output { status, stdout: readers.0.join().unwrap(), stderr: readers.1.join().unwrap() };
    Measured { output, peak_mb: peak_kb / 1024, elapsed: started.elapsed() }
}
