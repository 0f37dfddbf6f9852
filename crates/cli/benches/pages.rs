//! Page latency under load: a hospital-sized institution (5,000 assets, 60 systems, 40 vendors,
//! their backups and contact chart, an account review of 30,000 accounts in 10 systems against
//! a roster of 3,000 staff, three fiscal years of assessments) served by the release binary on
//! SQLite, and 16 clients asking for the list pages and the dashboard at once over real TCP
//! connections. The one-page checklist is reported against the login page, which reads nothing.
//!
//! `cargo bench -p iryosec --bench pages` prints p50, p95 and max per page (target p95 ≤ 50 ms for
//! the list pages and the dashboard), after one warm-up request per page.
//! Arguments: `-- [ASSETS] [REQUESTS_PER_CLIENT] [ACCOUNTS]` (defaults 5000, 50 and 30000). Under
//! `cargo test` it runs once with 200 assets, 2 requests per client and 600 accounts, to keep the
//! benchmark working.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

// The integration tests' harness: the real binary, run and served the same way.
#[allow(dead_code)]
#[path = "../tests/it/harness.rs"]
mod harness;

mod support;

use harness::{Server, create_admin, run, stderr};
use std::path::Path;
use std::time::{Duration, Instant};
use support::{exchange, ledger_csv, login};

const CLIENTS: usize = 16;
const PAGES: [&str; 22] = [
    "/",
    "/ledger",
    "/ledger?q=%E6%9C%AC%E9%A4%A8",
    "/ledger?kind=server&page=3",
    "/assessments",
    "/audit",
    "/registers",
    "/registers/systems",
    "/registers/vendors",
    "/registers/systems/1",
    "/contact-chart",
    "/assessments/3/items/backup.backup_and_restore",
    "/account-reviews",
    "/account-reviews/1?show=open",
    "/account-reviews/1",
    "/assessments/3/items/access.remove_unneeded_accounts",
    "/assessments/3/items/patch.apply",
    "/surveys",
    "/surveys/mhlw-survey-fy2023-hospital",
    "/incidents",
    // The whole checklist on one page, every item with its suggestion.
    "/assessments/3/answer",
    // A page that reads nothing: what the server costs by itself, for the ratio.
    STATIC_PAGE,
];
/// The login page (a logged-in person is sent on, so it is asked for without the cookie).
const STATIC_PAGE: &str = "/login";
/// The one-page checklist, reported against [`STATIC_PAGE`].
const ANSWER_PAGE: &str = "/assessments/3/answer";
/// A large hospital's other registers.
const SYSTEMS: usize = 60;
const VENDORS: usize = 40;
/// The account review: every member of staff has an account in each of these systems.
const ACCOUNT_SYSTEMS: usize = 10;

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let numbers: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let assets = numbers.first().copied().unwrap_or(if benching { 5_000 } else { 200 });
    let per_client = numbers.get(1).copied().unwrap_or(if benching { 50 } else { 2 });
    let accounts = numbers.get(2).copied().unwrap_or(if benching { 30_000 } else { 600 });
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path(), assets);
    seed_account_review(dir.path(), accounts);
    let server = Server::start(dir.path(), &["serve"]);
    let cookies = login(&server.addr);
    println!(
        "{assets} assets, {accounts} accounts, 3 fiscal years; {CLIENTS} clients × {per_client} requests per page"
    );
    // One request per page first: the figures are for a server that has been in use.
    for page in PAGES {
        timed_get(&server.addr, page, &cookies);
    }
    let mut p95_of = std::collections::HashMap::new();
    for page in PAGES {
        let mut all: Vec<Duration> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..CLIENTS)
                .map(|_| {
                    let (addr, cookies) = (&server.addr, &cookies);
                    s.spawn(move || {
                        (0..per_client).map(|_| timed_get(addr, page, cookies)).collect::<Vec<_>>()
                    })
                })
                .collect();
            workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
        });
        all.sort();
        let at = |q: f64| ms(all[((all.len() as f64 * q).ceil() as usize).clamp(1, all.len()) - 1]);
        println!(
            "{page:<32} p50 {:>6.1} ms   p95 {:>6.1} ms   max {:>6.1} ms",
            at(0.50),
            at(0.95),
            ms(*all.last().unwrap())
        );
        p95_of.insert(page, (at(0.50), at(0.95)));
    }
    let (answer, fixed) = (p95_of[ANSWER_PAGE], p95_of[STATIC_PAGE]);
    println!(
        "one-page checklist / static page: p50 {:.1}×  p95 {:.1}×",
        answer.0 / fixed.0.max(0.001),
        answer.1 / fixed.1.max(0.001)
    );
}

fn seed(dir: &Path, assets: usize) {
    assert!(create_admin(dir, &[]).status.success());
    std::fs::write(dir.join("ledger.csv"), ledger_csv(assets)).unwrap();
    for (name, text) in registers_csv() {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let steps: [&[&str]; 9] = [
        &["ledger", "import", "ledger.csv"],
        &["registers", "import", "systems", "systems.csv"],
        &["registers", "import", "vendors", "vendors.csv"],
        &["registers", "import", "backups", "backups.csv"],
        &["registers", "import", "restore-tests", "restore_tests.csv"],
        &["registers", "import", "contacts", "contacts.csv"],
        &["assessment", "new", "--fiscal-year", "2023"],
        &["assessment", "new", "--fiscal-year", "2024"],
        &["assessment", "new", "--fiscal-year", "2025"],
    ];
    for args in steps {
        let o = run(dir, args, "");
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    }
}

/// Records one review of `accounts` accounts: a roster of a tenth as many staff, each with an
/// account in every system; 1 % have left and 1 % of accounts are long unused, as in a first
/// review at a large hospital.
fn seed_account_review(dir: &Path, accounts: usize) {
    let staff = (accounts / ACCOUNT_SYSTEMS).max(1);
    let mut roster = String::from("職員番号,氏名,部署,入職日,退職日\n");
    for i in 0..staff {
        let left = if i % 100 == 7 { "2025-03-31" } else { "" };
        roster.push_str(&format!("{i:06},職員 {i},部署{},2015-04-01,{left}\n", i % 40));
    }
    std::fs::write(dir.join("roster.csv"), roster).unwrap();
    let mut args = vec!["accounts".to_owned(), "record".into(), "--reviewed-on".into(), "2025-11-01".into()];
    for k in 0..ACCOUNT_SYSTEMS {
        let mut csv = String::from("ログインID,氏名,状態,最終ログイン日,職員番号\n");
        for i in 0..staff {
            let last = if (i + k) % 100 == 3 { "2025-01-15" } else { "2025-10-28" };
            csv.push_str(&format!("u{k}-{i:06},職員 {i},有効,{last},{i:06}\n"));
        }
        let file = format!("system{k}.csv");
        std::fs::write(dir.join(&file), csv).unwrap();
        args.extend(["--accounts".to_owned(), format!("システム{k}={file}")]);
    }
    args.extend(["--roster".to_owned(), "roster.csv".into()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = run(dir, &args, "");
    assert!(o.status.success(), "{}", stderr(&o));
}

/// 60 systems on the ledger's assets, 40 vendors, two backups and a restore test per system,
/// and a contact chart of 30.
fn registers_csv() -> [(&'static str, String); 5] {
    let categories = ["電子カルテ", "レセコン", "PACS", "検査システム", "部門システム", "オンライン資格確認"];
    let mut systems = String::from("システム名,区分,稼働する機器（管理番号）,事業者,患者情報,契約更新日\n");
    let mut backups = String::from("名称,対象システム,方法,頻度,保持世代数,オフライン保管,復元手順書\n");
    let mut tests = String::from("対象システム,実施日,結果,所要時間（分）\n");
    for i in 0..SYSTEMS {
        let assets: Vec<String> = (0..10).map(|k| format!("A-{:05}", i * 10 + k)).collect();
        systems.push_str(&format!(
            "システム{i},{},\"{}\",\"事業者{}、事業者{}\",有,2027-03-31\n",
            categories[i % categories.len()],
            assets.join("、"),
            i % VENDORS,
            (i + 7) % VENDORS
        ));
        backups.push_str(&format!(
            "日次{i},システム{i},NAS,毎日,7,いいえ,手順書{i}\n週次{i},システム{i},LTO,毎週,4,はい,\n"
        ));
        tests.push_str(&format!("システム{i},2026-0{}-15,成功,{}\n", 1 + i % 9, 30 + i));
    }
    let mut vendors = String::from("事業者名,担当者,電話番号,緊急時の電話番号,リモート保守,MDS/SDS受領日\n");
    for i in 0..VENDORS {
        vendors.push_str(&format!(
            "事業者{i},担当{i},03-0000-{i:04},0120-000-{i:03},有,2025-0{}-01\n",
            1 + i % 9
        ));
    }
    let roles = [
        "経営層",
        "安全管理責任者",
        "システム担当",
        "部署の連絡担当",
        "事業者",
        "警察",
        "保健所",
        "顧問弁護士",
    ];
    let mut contacts = String::from("役割,氏名,電話番号,連絡順\n");
    for i in 0..30 {
        contacts.push_str(&format!("{},担当者{i},内線{i:03},{}\n", roles[i % roles.len()], i + 1));
    }
    [
        ("systems.csv", systems),
        ("vendors.csv", vendors),
        ("backups.csv", backups),
        ("restore_tests.csv", tests),
        ("contacts.csv", contacts),
    ]
}

fn timed_get(addr: &str, path: &str, cookies: &str) -> Duration {
    let t = Instant::now();
    let cookie = if path == STATIC_PAGE { String::new() } else { format!("Cookie: {cookies}\r\n") };
    let (status, _, body) = exchange(addr, &format!("GET {path} HTTP/1.0\r\n{cookie}"), "");
    let took = t.elapsed();
    assert_eq!(status, 200, "{path}: {}", body.chars().take(200).collect::<String>());
    took
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
