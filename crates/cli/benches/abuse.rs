//! Load and abuse: what the release binary's server holds in memory, and for how long it keeps
//! connections, while clients misbehave or simply work hard. Over real TCP on 127.0.0.1.
//!
//! 1. 300 anonymous clients each try to send 10 MB at once (upload routes and the login form,
//!    with a valid pre-login token): the server's peak RSS, and what each was answered.
//! 2. 50 logged-in clients read and write for two minutes on a 50,000-asset ledger (list,
//!    search, asset pages, the dashboard, CSV exports, and small ledger imports with their
//!    preview and commit): peak RSS, requests done, and how many were answered 503.
//! 3. 3,000 connections that send half a request head: how long the server keeps them open.
//!
//! `cargo bench -p iryosec --bench abuse -- [SECONDS] [ASSETS]` (defaults 120 and 50000; the
//! targets are a peak RSS of at most 200 MB in 1 and 2). Each part starts its own server, so
//! each peak (the kernel's VmHWM) is that part's alone. Under `cargo test` everything runs small
//! (2 s, 500 assets, a tenth of the clients, a 2 s header timeout) to keep the benchmark working.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

#[allow(dead_code)]
#[path = "../tests/it/harness.rs"]
mod harness;
mod support;

use harness::{Server, create_admin, run, stderr};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::{Duration, Instant};
use support::{exchange, ledger_csv, login, set_cookies};

const TEN_MB: usize = 10 * 1024 * 1024;

struct Scale {
    anonymous: usize,
    workers: usize,
    seconds: u64,
    assets: usize,
    half_heads: usize,
    serve: Vec<&'static str>,
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let numbers: Vec<u64> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let scale = if benching {
        Scale {
            anonymous: 300,
            workers: 50,
            seconds: 120,
            assets: 50_000,
            half_heads: 3_000,
            serve: vec!["serve"],
        }
    } else {
        let serve = vec!["serve", "--header-timeout-seconds", "2"];
        Scale { anonymous: 30, workers: 5, seconds: 2, assets: 500, half_heads: 300, serve }
    };
    let scale = Scale {
        seconds: numbers.first().copied().unwrap_or(scale.seconds),
        assets: numbers.get(1).map_or(scale.assets, |n| *n as usize),
        ..scale
    };
    let dir = tempfile::tempdir().unwrap();
    seed(dir.path(), scale.assets);
    anonymous_floods(dir.path(), &scale);
    logged_in_work(dir.path(), &scale);
    half_heads(dir.path(), &scale);
}

fn seed(dir: &Path, assets: usize) {
    assert!(create_admin(dir, &[]).status.success());
    std::fs::write(dir.join("ledger.csv"), ledger_csv(assets)).unwrap();
    let o = run(dir, &["ledger", "import", "ledger.csv"], "");
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The kernel's figures for a process, in MB: (current RSS, peak RSS).
fn memory_mb(pid: u32) -> (f64, f64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map_or(0.0, |kb| kb / 1024.0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn count<K: Ord>(items: impl IntoIterator<Item = K>) -> BTreeMap<K, usize> {
    let mut counts = BTreeMap::new();
    for k in items {
        *counts.entry(k).or_insert(0) += 1;
    }
    counts
}

/// The pre-login cookie and token any visitor gets from the login page.
fn pre_login(addr: &str) -> (String, String) {
    let (_, headers, body) = exchange(addr, "GET /login HTTP/1.0\r\n", "");
    let csrf = body.split("name=\"csrf\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
    (set_cookies(&headers).join("; "), csrf.to_owned())
}

/// Sends a head declaring 10 MB, then as much of the 10 MB as the server takes; the status
/// it was answered (0: none) and the bytes it took.
fn try_to_send(addr: &str, head: &str, first: &[u8]) -> (u16, usize) {
    let Ok(mut s) = TcpStream::connect(addr) else { return (0, 0) };
    s.set_write_timeout(Some(Duration::from_secs(20))).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut sent = 0;
    if s.write_all(head.as_bytes()).is_ok() && s.write_all(first).is_ok() {
        sent = first.len();
        let chunk = vec![b'a'; 64 * 1024];
        while sent < TEN_MB && s.write_all(&chunk).is_ok() {
            sent += chunk.len();
        }
    }
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    (answer.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0), sent)
}

fn anonymous_floods(dir: &Path, scale: &Scale) {
    let server = Server::start(dir, &scale.serve);
    let (cookie, csrf) = pre_login(&server.addr);
    let (before, _) = memory_mb(server.pid());
    let boundary = "----flood";
    let multipart = |path: &str| {
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {TEN_MB}\r\n\r\n"
        );
        let first = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\n"
        );
        (head, first.into_bytes())
    };
    let form = (
        format!(
            "POST /login HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {TEN_MB}\r\n\r\n"
        ),
        format!("csrf={csrf}&login_id=").into_bytes(),
    );
    let kinds = [multipart("/ledger/import"), multipart("/aggregate"), form];
    let started = Instant::now();
    let results: Vec<(u16, usize)> = std::thread::scope(|s| {
        let clients: Vec<_> = (0..scale.anonymous)
            .map(|i| {
                let (head, first) = &kinds[i % kinds.len()];
                let addr = &server.addr;
                s.spawn(move || try_to_send(addr, head, first))
            })
            .collect();
        clients.into_iter().map(|c| c.join().unwrap()).collect()
    });
    let (_, peak) = memory_mb(server.pid());
    let taken: usize = results.iter().map(|(_, sent)| sent).sum();
    println!(
        "1. {} anonymous clients × 10 MB: peak RSS {peak:.0} MB (idle {before:.0} MB), {:.1} s, {:.0} MB written by the clients in all; answers {:?}",
        scale.anonymous,
        started.elapsed().as_secs_f64(),
        taken as f64 / 1024.0 / 1024.0,
        count(results.iter().map(|(status, _)| *status)),
    );
}

/// A small ledger import (100 assets changed) through the page: upload, preview, commit.
fn small_import(addr: &str, cookies: &str, csrf: &str, round: usize) -> Vec<u16> {
    let boundary = "----work";
    let mut csv = String::from("管理番号,機器名,種類,設置場所\n");
    for i in 0..100 {
        csv.push_str(&format!("A-{:05},機器{round}-{i},端末PC,本館1階\n", (round * 100 + i) % 500));
    }
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"更新.csv\"\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    let head = format!(
        "POST /ledger/import HTTP/1.0\r\nCookie: {cookies}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
    );
    let (status, headers, _) = exchange(addr, &head, &body);
    let Some(preview) = headers.iter().find_map(|h| h.strip_prefix("location: ").map(str::to_owned)) else {
        return vec![status];
    };
    let (seen, _, _) = exchange(addr, &format!("GET {preview} HTTP/1.0\r\nCookie: {cookies}\r\n"), "");
    let form_head = format!(
        "POST {preview} HTTP/1.0\r\nCookie: {cookies}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    );
    let (committed, _, _) = exchange(addr, &form_head, &format!("csrf={csrf}"));
    vec![status, seen, committed]
}

fn work(addr: &str, cookies: &str, csrf: &str, worker: usize, until: Instant) -> Vec<u16> {
    let mut statuses = Vec::new();
    let mut round = worker;
    while Instant::now() < until {
        let get = |path: &str| exchange(addr, &format!("GET {path} HTTP/1.0\r\nCookie: {cookies}\r\n"), "").0;
        match round % 10 {
            0 => statuses.extend(small_import(addr, cookies, csrf, round)),
            1 => statuses.push(get("/ledger/export.csv")),
            2 => statuses.push(get("/")),
            3 => statuses.push(get("/ledger?q=%E6%9C%AC%E9%A4%A8")),
            4 | 5 => statuses.push(get(&format!("/ledger/{}", 1 + round % 400))),
            _ => statuses.push(get(&format!("/ledger?page={}", 1 + round % 50))),
        }
        round += 7;
    }
    statuses
}

fn logged_in_work(dir: &Path, scale: &Scale) {
    let server = Server::start(dir, &scale.serve);
    // Ten sessions (the login throttle allows 20 a address), each shared by some of the clients.
    let sessions: Vec<(String, String)> = (0..10)
        .map(|_| {
            let cookies = login(&server.addr);
            let (_, _, page) =
                exchange(&server.addr, &format!("GET /ledger/import HTTP/1.0\r\nCookie: {cookies}\r\n"), "");
            let csrf = page.split("name=\"csrf\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
            (cookies, csrf.to_owned())
        })
        .collect();
    let (before, _) = memory_mb(server.pid());
    let until = Instant::now() + Duration::from_secs(scale.seconds);
    let statuses: Vec<u16> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..scale.workers)
            .map(|w| {
                let (cookies, csrf) = &sessions[w % sessions.len()];
                let addr = &server.addr;
                s.spawn(move || work(addr, cookies, csrf, w, until))
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    let (_, peak) = memory_mb(server.pid());
    println!(
        "2. {} logged-in clients for {} s on {} assets: peak RSS {peak:.0} MB (idle {before:.0} MB), {} requests; answers {:?}",
        scale.workers,
        scale.seconds,
        scale.assets,
        statuses.len(),
        count(statuses.iter().copied()),
    );
}

fn half_heads(dir: &Path, scale: &Scale) {
    let server = Server::start(dir, &scale.serve);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let open: Vec<Option<Duration>> = runtime.block_on(async {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let tasks: Vec<_> = (0..scale.half_heads)
            .map(|_| {
                let addr = server.addr.clone();
                tokio::spawn(async move {
                    // Refused at once counts as closed at once; only a timeout is "still open".
                    let started = Instant::now();
                    let Ok(mut s) = tokio::net::TcpStream::connect(&addr).await else {
                        return Some(started.elapsed());
                    };
                    if s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Half: ").await.is_err() {
                        return Some(started.elapsed());
                    }
                    let mut buf = [0u8; 4096];
                    loop {
                        match tokio::time::timeout(Duration::from_secs(120), s.read(&mut buf)).await {
                            Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
                            Ok(Ok(_)) => {}
                            Err(_) => return None,
                        }
                    }
                })
            })
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.ok().flatten());
        }
        out
    });
    let mut closed: Vec<Duration> = open.iter().flatten().copied().collect();
    closed.sort();
    let at = |q: f64| closed.get(((closed.len() as f64 * q) as usize).min(closed.len().saturating_sub(1)));
    let secs = |d: Option<&Duration>| d.map_or(f64::NAN, Duration::as_secs_f64);
    println!(
        "3. {} half-head connections: closed by the server {} (still open after 120 s: {}); open p50 {:.1} s, p95 {:.1} s, max {:.1} s",
        scale.half_heads,
        closed.len(),
        open.iter().filter(|o| o.is_none()).count(),
        secs(at(0.5)),
        secs(at(0.95)),
        secs(closed.last()),
    );
}
