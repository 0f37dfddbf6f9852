//! Aggregating every hospital in Japan: N survey bundles (FY2022 and FY2023 answers, each
//! checked by the survey evaluator as it is made; varied 病床数 and prefectures, some
//! institutions with both years) written to a temporary folder, then `iryosec aggregate DIR
//! --format json` timed end to end with the release binary.
//!
//! `cargo bench -p iryosec --bench aggregate` prints files, seconds and bundles per second
//! (target: 10,000 bundles in 10 s or less on 2 cores). Argument: `-- [BUNDLES]` (default
//! 10000). Under `cargo test` it runs once with 200 bundles, to keep the benchmark working.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]
#![allow(clippy::indexing_slicing, clippy::panic, clippy::too_many_lines)]

#[allow(dead_code)]
#[path = "../tests/it/harness.rs"]
mod harness;

use harness::{run, stderr};
use iryosec_core::survey::{builtin, evaluate_json};
use serde_json::{Map, Value, json};
use std::time::Instant;

/// A small deterministic generator, so every run writes the same files.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// True with the given chance in percent.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const MAKERS: [&str; 6] = ["Yamaha", "Cisco", "NEC", "Palo Alto Networks", "SonicWall", "ＹＡＭＡＨＡ"];

fn respondent(name: &str) -> Value {
    json!([{ "name": "情報 太郎", "corporation": "医療法人", "hospital": name, "contact": "03-0000-0000" }])
}

/// FY2022 answers that follow the survey's branching.
fn fy2022(r: &mut Rng, name: &str) -> Map<String, Value> {
    let mut a = Map::new();
    let yes = |a: &mut Map<String, Value>, id: &str, percent: u64, r: &mut Rng| {
        let v = r.chance(percent);
        a.insert(id.into(), json!(v));
        v
    };
    a.insert("Q1".into(), respondent(name));
    for id in ["Q2", "Q3", "Q4", "Q5"] {
        yes(&mut a, id, 75, r);
    }
    if yes(&mut a, "Q6", 40, r) {
        yes(&mut a, "Q6-1", 50, r);
    }
    if yes(&mut a, "Q7", 85, r) {
        let q8 = 1 + r.below(3);
        a.insert("Q8".into(), json!(q8));
        if q8 == 2 {
            a.insert("Q9".into(), json!(1 + r.below(2)));
            yes(&mut a, "Q9-1", 60, r);
        }
        if q8 != 3 {
            a.insert("Q10".into(), json!(1 + r.below(5)));
            yes(&mut a, "Q10-1", 70, r);
            yes(&mut a, "Q10-2", 60, r);
        }
    }
    for id in ["Q11", "Q12", "Q13"] {
        yes(&mut a, id, 65, r);
    }
    if yes(&mut a, "pre-Q14", 80, r) {
        yes(&mut a, "Q14", 90, r);
        let fortinet: Vec<Value> = (0..r.below(3))
            .map(|i| json!({ "model": format!("FortiGate {}F", 40 + i * 20), "count": 1 + r.below(3), "os_version": "7.0.12" }))
            .collect();
        let has_fortinet = !fortinet.is_empty();
        a.insert("Q15".into(), Value::Array(fortinet));
        let mut others = !has_fortinet;
        if has_fortinet {
            yes(&mut a, "Q16", 85, r);
            yes(&mut a, "Q16-1", 80, r);
            yes(&mut a, "Q16-2", 80, r);
            others = yes(&mut a, "pre-Q17", 40, r);
        }
        if others {
            let rows: Vec<Value> = (0..=r.below(2))
                .map(|_| {
                    let maker = MAKERS[usize::try_from(r.below(6)).unwrap()];
                    json!({ "maker": maker, "model": "RTX", "count": 1 + r.below(4), "os_version": "1.0" })
                })
                .collect();
            a.insert("Q17".into(), Value::Array(rows));
            yes(&mut a, "Q17-1", 75, r);
            yes(&mut a, "Q17-2", 75, r);
        }
    }
    a
}

/// FY2023 answers that follow the survey's branching.
fn fy2023(r: &mut Rng, name: &str) -> Map<String, Value> {
    let mut a = Map::new();
    let yes = |a: &mut Map<String, Value>, id: &str, percent: u64, r: &mut Rng| {
        let v = r.chance(percent);
        a.insert(id.into(), json!(v));
        v
    };
    a.insert("Q1".into(), respondent(name));
    for id in ["Q2", "Q3", "Q4", "Q5"] {
        yes(&mut a, id, 80, r);
    }
    let q6: Vec<u64> =
        if r.chance(15) { vec![5 + r.below(2)] } else { (1..=4).filter(|_| r.chance(50)).collect() };
    a.insert("Q6".into(), json!(if q6.is_empty() { vec![2] } else { q6 }));
    for id in ["Q7", "Q8", "Q9"] {
        yes(&mut a, id, 70, r);
    }
    if yes(&mut a, "Q10", 50, r) {
        yes(&mut a, "Q10-1", 45, r);
    }
    if yes(&mut a, "Q11", 85, r) && yes(&mut a, "Q12", 95, r) {
        a.insert("Q12-1".into(), json!(1 + r.below(5)));
        for id in ["Q12-2", "Q12-3", "Q12-4"] {
            a.insert(id.into(), json!(1 + r.below(3)));
        }
        yes(&mut a, "Q12-5", 65, r);
        yes(&mut a, "Q12-6", 60, r);
    }
    yes(&mut a, "Q13-1", 60, r);
    yes(&mut a, "Q13-2", 55, r);
    a
}

/// Writes `n` bundles into `dir`: two in three are FY2023, the rest FY2022 (many of them
/// from the same hospitals a year earlier). Returns the number of each year.
fn generate(dir: &std::path::Path, n: usize) -> (usize, usize) {
    let mut r = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut y22, mut y23) = (0, 0);
    for i in 0..n {
        let year = if i % 3 == 2 { 2022 } else { 2023 };
        // A FY2022 bundle is usually from a hospital that also answered FY2023.
        let hospital = if year == 2022 && r.chance(80) { i - 1 } else { i };
        let name = format!("病院{hospital:05}");
        let answers = if year == 2022 { fy2022(&mut r, &name) } else { fy2023(&mut r, &name) };
        let edition = builtin::edition(&format!("mhlw-survey-fy{year}-hospital")).unwrap();
        let eval = evaluate_json(edition, &answers);
        assert!(eval.invalid.is_empty(), "{name}: {:?}", eval.invalid);
        let beds = match r.below(10) {
            0 => None,
            1..=4 => Some(20 + r.below(80)),
            5..=7 => Some(100 + r.below(200)),
            _ => Some(300 + r.below(900)),
        };
        let bundle = json!({
            "format": "iryosec-survey", "version": 1,
            "exported_at": format!("{}-02-{:02}T10:00:00+09:00", year + 1, 1 + r.below(28)),
            "institution": { "name": name, "kind": "hospital", "prefecture": 1 + (hospital * 7919) % 47,
                             "medical_code": format!("{:02}1{hospital:07}", 1 + (hospital * 7919) % 47), "beds": beds },
            "fiscal_year": year,
            "edition": { "id": edition.id, "title": edition.title, "fiscal_year": year },
            "answers": answers,
            "complete": eval.complete
        });
        std::fs::write(
            dir.join(format!("{i:05}-fy{year}.json")),
            serde_json::to_vec_pretty(&bundle).unwrap(),
        )
        .unwrap();
        if year == 2022 { y22 += 1 } else { y23 += 1 }
    }
    (y22, y23)
}

fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let n =
        std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(if benching { 10_000 } else { 200 });
    let dir = tempfile::tempdir().unwrap();
    let bundles = dir.path().join("bundles");
    std::fs::create_dir(&bundles).unwrap();
    let (y22, y23) = generate(&bundles, n);
    let bytes: u64 = std::fs::read_dir(&bundles).unwrap().map(|e| e.unwrap().metadata().unwrap().len()).sum();
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "{n} bundles (FY2022 {y22}, FY2023 {y23}), {:.1} MB; {cores} cores; load average {}",
        bytes as f64 / 1e6,
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    let started = Instant::now();
    let o = run(dir.path(), &["aggregate", "bundles", "--format", "json"], "");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["counted"].as_u64(), Some(n as u64), "every bundle is counted");
    assert_eq!(v["refused"], json!([]));
    println!(
        "iryosec aggregate DIR --format json: {n} files in {seconds:.2} s ({:.0} bundles/s), {} institutions, {} with critical gaps, {:.1} MB of JSON",
        n as f64 / seconds,
        v["institutions"],
        v["gaps"].as_array().map_or(0, Vec::len),
        o.stdout.len() as f64 / 1e6
    );
}
