//! What the benchmarks share: a generated ledger, and plain HTTP/1.0 exchanges with a running
//! server (logging in as the seeded administrator).

use crate::harness::PASSWORD;
use std::io::{Read, Write};
use std::net::TcpStream;

/// `n` assets as a CSV the ledger import reads (管理番号 A-00000 …).
pub fn ledger_csv(n: usize) -> String {
    let kinds = ["端末PC", "端末PC", "端末PC", "サーバ", "スイッチ", "医療機器", "複合機"];
    let places = ["本館1階", "本館2階", "東棟3階", "西棟4階"];
    let mut csv = String::from("管理番号,機器名,種類,設置場所,部署,IPアドレス,OS,導入日,最終確認日\n");
    for i in 0..n {
        csv.push_str(&format!(
            "A-{i:05},機器{i},{},{},医事課,10.{}.{}.{},Windows 11,2021-04-01,2026-04-01\n",
            kinds[i % kinds.len()],
            places[i % places.len()],
            i / 65536 % 256,
            i / 256 % 256,
            i % 256
        ));
    }
    csv
}

/// One HTTP/1.0 exchange: status, header lines, body.
pub fn exchange(addr: &str, head: &str, body: &str) -> (u16, Vec<String>, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(s, "{head}Host: {addr}\r\nContent-Length: {}\r\n\r\n{body}", body.len()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw);
    let (headers, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = headers.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, headers.lines().map(str::to_owned).collect(), body.to_owned())
}

pub fn set_cookies(headers: &[String]) -> Vec<String> {
    headers
        .iter()
        .filter(|h| h.to_ascii_lowercase().starts_with("set-cookie:"))
        .filter_map(|h| h.split_once(':').and_then(|(_, v)| v.trim().split(';').next()).map(str::to_owned))
        .collect()
}

pub fn login(addr: &str) -> String {
    let (_, headers, body) = exchange(addr, "GET /login HTTP/1.0\r\n", "");
    let pre = set_cookies(&headers).join("; ");
    let csrf = body.split("name=\"csrf\" value=\"").nth(1).and_then(|r| r.split('"').next()).unwrap();
    let form = format!("csrf={csrf}&login_id=admin&password={PASSWORD}");
    let head = format!(
        "POST /login HTTP/1.0\r\nCookie: {pre}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    );
    let (status, headers, body) = exchange(addr, &head, &form);
    assert_eq!(status, 303, "login failed: {body}");
    set_cookies(&headers).join("; ")
}
