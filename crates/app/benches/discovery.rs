//! Network discovery at /16 scale: a generated nmap XML of 65,536 hosts (about 200 MB, like
//! `nmap -sV -O -oX` of a hospital's /16) parsed and reconciled with a 5,000-device ledger.
//!
//! Prints (`cargo bench -p iryosec-app --bench discovery -- 65536`):
//!   xml alone  = quick-xml reading every event of the file and nothing else (the floor);
//!   discovery  = reading every host into seen devices (addresses, MAC maker, ports, OS),
//!                putting them together, matching them to the ledger, proposals and findings;
//! with the peak memory of each (the process's high-water mark, reset before each step), the
//! processor time each used (the discovery runs on two threads), and
//! the ratio of the two times (target ≤ 2×). Memory stays bounded because the XML is streamed:
//! it grows with the devices found, not with the file. The two run in turn five times; each time
//! is the median, and the ratio the median of the five pairs' ratios.
//! Under `cargo test` it runs once over 500 hosts as a check that every step still works.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use iryosec_core::discovery::analyse;
use iryosec_core::ledger::{Asset, AssetKind};
use iryosec_io::discovery::read_nmap;
use std::io::{BufReader, BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

const RUNS: usize = 5;
const LEDGER: usize = 5_000;

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let default = if benching { 65_536 } else { 500 };
    let hosts: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(default);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scan.xml");
    write_scan(&path, hosts);
    let size = std::fs::metadata(&path).unwrap().len();
    let ledger = ledger(LEDGER.min(hosts));
    println!(
        "nmap XML of {hosts} hosts: {:.0} MiB; ledger of {} devices",
        size as f64 / 1048576.0,
        ledger.len()
    );

    // Peak memory first, each from a fresh start (memory once taken stays with the process).
    reset_peak();
    let mut events = xml_alone(&path);
    let xml_peak = peak_kib();
    reset_peak();
    let mut found = discovery(&path, &ledger);
    let whole_peak = peak_kib();
    // Then the two in turn, so a machine that speeds up or slows down weighs on both alike; the
    // ratio is taken pair by pair.
    let (mut xml, mut whole, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    let (mut xml_cpu, mut whole_cpu) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        let c = cpu_ms();
        let x = time(|| events = xml_alone(&path));
        let c2 = cpu_ms();
        let w = time(|| found = discovery(&path, &ledger));
        xml_cpu.push(c2 - c);
        whole_cpu.push(cpu_ms() - c2);
        xml.push(x);
        whole.push(w);
        ratios.push(w.as_secs_f64() / x.as_secs_f64());
    }
    xml_cpu.sort_unstable();
    whole_cpu.sort_unstable();
    ratios.sort_by(f64::total_cmp);
    let (xml, whole, ratio) = (median(xml), median(whole), ratios[ratios.len() / 2]);
    println!(
        "xml events {events}; devices {}, matched to the ledger {}, proposals {}",
        found.0, found.1, found.2
    );
    println!(
        "xml alone (quick-xml) : {:>7.0} ms  peak {:>5.0} MiB  (cpu {} ms)",
        ms(xml),
        mib(xml_peak),
        xml_cpu[RUNS / 2]
    );
    println!(
        "discovery (whole)     : {:>7.0} ms  peak {:>5.0} MiB  (cpu {} ms, on two threads)  = {ratio:.2}× xml alone, median of the {RUNS} pairs (target ≤ 2×)",
        ms(whole),
        mib(whole_peak),
        whole_cpu[RUNS / 2]
    );
    assert_eq!(found.0, hosts, "every host was read");
}

/// quick-xml visiting every event of the file, as the discovery reader is configured.
fn xml_alone(path: &Path) -> usize {
    let file = BufReader::with_capacity(1 << 16, std::fs::File::open(path).unwrap());
    let mut reader = quick_xml::Reader::from_reader(file);
    reader.config_mut().trim_text(true);
    let mut buf = Vec::with_capacity(1024);
    let mut events = 0;
    loop {
        match reader.read_event_into(&mut buf).unwrap() {
            quick_xml::events::Event::Eof => return events,
            _ => events += 1,
        }
        buf.clear();
    }
}

/// The whole path: stream the hosts in, then put together, match, propose and judge.
fn discovery(path: &Path, ledger: &[Asset]) -> (usize, usize, usize) {
    let file = BufReader::with_capacity(1 << 16, std::fs::File::open(path).unwrap());
    let mut devices = Vec::new();
    let t = Instant::now();
    read_nmap("scan.xml", file, &mut |d| devices.push(d)).unwrap();
    let read = t.elapsed();
    let t = Instant::now();
    let a = analyse(devices, ledger);
    eprintln!(
        "  (reading the hosts {:.0} ms; putting together, matching, proposals and findings {:.0} ms)",
        ms(read),
        ms(t.elapsed())
    );
    (a.devices.len(), a.reconciliation.matched.len(), a.proposals.len())
}

/// A /16 scan: every host up with its MAC, a PTR name, the services `-sV` finds and `-O` guesses.
fn write_scan(path: &Path, hosts: usize) {
    let mut w = BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(w, r#"<?xml version="1.0" encoding="UTF-8"?>"#).unwrap();
    writeln!(w, "<!DOCTYPE nmaprun>").unwrap();
    writeln!(w, r#"<nmaprun scanner="nmap" args="nmap -sV -O -oX scan.xml 10.0.0.0/16" start="1747357200" version="7.94" xmloutputversion="1.05">"#).unwrap();
    for i in 0..hosts {
        let (a, b) = (i / 256 % 256, i % 256);
        let windows = i % 5 != 0;
        write!(w, r#"<host starttime="1747357260" endtime="1747357300"><status state="up" reason="arp-response" reason_ttl="0"/>
<address addr="10.0.{a}.{b}" addrtype="ipv4"/>
<address addr="00:1A:2B:00:{a:02X}:{b:02X}" addrtype="mac" vendor="Example"/>
<hostnames><hostname name="pc-{i:05}.hospital.local" type="PTR"/></hostnames>
<ports><extraports state="closed" count="990"><extrareasons reason="reset" count="990" proto="tcp" ports="1-134,136-138"/></extraports>
"#).unwrap();
        let ports: &[(u16, &str, &str, &str)] = if windows {
            &[
                (135, "msrpc", "Microsoft Windows RPC", ""),
                (139, "netbios-ssn", "Microsoft Windows netbios-ssn", ""),
                (445, "microsoft-ds", "", ""),
                (3389, "ms-wbt-server", "Microsoft Terminal Services", ""),
                (5985, "http", "Microsoft HTTPAPI httpd", "2.0"),
                (49664, "msrpc", "Microsoft Windows RPC", ""),
            ]
        } else {
            &[
                (22, "ssh", "OpenSSH", "8.9p1 Ubuntu 3ubuntu0.10"),
                (80, "http", "nginx", "1.18.0"),
                (443, "http", "nginx", "1.18.0"),
                (9100, "jetdirect", "", ""),
            ]
        };
        for (port, name, product, version) in ports {
            writeln!(w, r#"<port protocol="tcp" portid="{port}"><state state="open" reason="syn-ack" reason_ttl="128"/><service name="{name}" product="{product}" version="{version}" method="probed" conf="10"><cpe>cpe:/o:microsoft:windows</cpe></service></port>"#).unwrap();
        }
        let os = if windows { "Microsoft Windows 10 1607 - 11 23H2" } else { "Linux 5.0 - 5.14" };
        write!(w, r#"</ports>
<os><portused state="open" proto="tcp" portid="135"/><portused state="closed" proto="tcp" portid="1"/>
<osmatch name="{os}" accuracy="98" line="70000"><osclass type="general purpose" vendor="Microsoft" osfamily="Windows" osgen="10" accuracy="98"><cpe>cpe:/o:microsoft:windows_10</cpe></osclass></osmatch>
<osmatch name="Microsoft Windows Server 2016" accuracy="91" line="70100"><osclass type="general purpose" vendor="Microsoft" osfamily="Windows" osgen="2016" accuracy="91"><cpe>cpe:/o:microsoft:windows_server_2016</cpe></osclass></osmatch>
</os>
<uptime seconds="123456" lastboot="Thu May 15 10:00:00 2025"/>
<distance value="1"/>
<tcpsequence index="262" difficulty="Good luck!" values="A1B2C3D4,A1B2C3D5,A1B2C3D6,A1B2C3D7,A1B2C3D8,A1B2C3D9"/>
<ipidsequence class="Incremental" values="1A2B,1A2C,1A2D,1A2E,1A2F,1A30"/>
<tcptssequence class="1000HZ" values="A1B2C3,A1B2C4,A1B2C5,A1B2C6,A1B2C7,A1B2C8"/>
<hostscript><script id="smb2-time" output="&#xa;  date: 2025-05-16T01:01:01&#xa;  start_date: N/A"><elem key="date">2025-05-16T01:01:01</elem><elem key="start_date">N/A</elem></script>
<script id="nbstat" output="NetBIOS name: PC-{i:05}, NetBIOS user: &lt;unknown&gt;, NetBIOS MAC: 00:1a:2b:00:{a:02x}:{b:02x} (Example)"/></hostscript>
<times srtt="512" rttvar="300" to="100000"/>
</host>
"#).unwrap();
    }
    writeln!(w, r#"<runstats><finished time="1747360800" timestr="Fri May 16 11:00:00 2025" summary="Nmap done" elapsed="3600.00" exit="success"/><hosts up="{hosts}" down="0" total="{hosts}"/></runstats>"#).unwrap();
    writeln!(w, "</nmaprun>").unwrap();
}

/// A 5,000-device ledger on the same network: most entries known by MAC, some by address only,
/// some moved since (a different address), some retired.
fn ledger(n: usize) -> Vec<Asset> {
    (0..n)
        .map(|k| {
            let i = k * 13 % 65_536;
            let (a, b) = (i / 256 % 256, i % 256);
            Asset {
                asset_no: format!("A-{k:05}"),
                name: format!("PC-{i:05}"),
                kind: Some(if k % 10 == 0 { AssetKind::Server } else { AssetKind::Terminal }),
                ip: if k % 7 == 0 { format!("10.1.{a}.{b}") } else { format!("10.0.{a}.{b}") },
                mac: if k % 3 == 0 { String::new() } else { format!("00:1A:2B:00:{a:02X}:{b:02X}") },
                os: "Windows 11 Pro".to_owned(),
                os_version: "23H2".to_owned(),
                ..Asset::default()
            }
        })
        .collect()
}

/// Processor time the process has used (all its threads), in milliseconds (0 without /proc).
fn cpu_ms() -> u64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name: state is the 3rd; utime and stime the 14th and 15th, in
    // clock ticks of 10 ms.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect();
    (fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0)) * 10
}

/// Resets the process's peak resident memory (Linux), so each step's peak is its own.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The peak resident memory since the last reset, in KiB (0 where /proc is missing).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn time(f: impl FnOnce()) -> Duration {
    let t = Instant::now();
    f();
    t.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}
