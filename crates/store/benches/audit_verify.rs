//! How long `audit verify` takes for a long log, on a fresh SQLite database.
//!
//! Appends N sealed entries (default 20,000; `cargo bench -p iryosec-store --bench audit_verify -- 100000`)
//! to one institution's chain through the store, then prints the median of 3 full verifications
//! (every entry read in batches and its HMAC recomputed) and the rate per second. Under
//! `cargo test` it runs once over 200 entries as a check that every step still works.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]
#![allow(clippy::indexing_slicing, clippy::panic, clippy::too_many_lines)]

use iryosec_core::Timestamp;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent, AuditKey};
use iryosec_store::{AuditStore, DatabaseUrl, MigrateMode, SqlStore, Store};
use std::time::{Duration, Instant};

const RUNS: usize = 3;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and then a short log
    // goes through the same steps, so the benchmark cannot rot between runs.
    let testing = !std::env::args().any(|a| a == "--bench");
    let n: i64 =
        std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(if testing { 200 } else { 20_000 });
    let dir = tempfile::tempdir().unwrap();
    let store = SqlStore::connect(&DatabaseUrl::sqlite_in(dir.path()), MigrateMode::Run)
        .await
        .unwrap()
        .with_audit_key(AuditKey::from_bytes([1; 32]));
    let actor = Actor::cli("bench");
    let start = Timestamp(1_747_353_600_000);
    let seeding = Instant::now();
    for i in 0..n {
        let event = AuditEvent {
            institution_id: None,
            action: AuditAction::LoginFailed,
            target_kind: "login",
            target_id: Some(format!("unknown-{i}")),
            before: None,
            after: Some(serde_json::json!({ "failed_logins": i })),
        };
        store.append_audit(&event, &actor, start.plus_millis(i)).await.unwrap();
    }
    eprintln!("seeded {n} entries in {:.1} s", seeding.elapsed().as_secs_f64());
    let mut times: Vec<Duration> = Vec::new();
    for _ in 0..if testing { 1 } else { RUNS } {
        let began = Instant::now();
        let v = store.verify_audit().await.unwrap();
        times.push(began.elapsed());
        assert_eq!((v.entries, v.first_break), (n, None));
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "verify {n} entries: {:.3} s ({:.0} entries/s)",
        median.as_secs_f64(),
        n as f64 / median.as_secs_f64().max(1e-9)
    );
}
