//! Every hostile workbook and file, built here, fed to the release binary, with the time and
//! the peak resident memory it took to refuse it.
//!
//! `cargo bench -p iryosec --bench hostile` prints one line per file: seconds, peak MB, exit
//! code and the start of the message (target: each refused in ≤ 2 s with ≤ 200 MB). The files
//! go through `accounts review` (no database), the same table reader every import uses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]
#![allow(clippy::indexing_slicing, clippy::panic, clippy::too_many_lines)]

#[allow(dead_code)]
#[path = "../tests/it/harness.rs"]
mod harness;

use harness::{run_measured, stderr};
use iryosec_io::hostile;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("roster.csv"), "氏名\n山田\n").unwrap();
    let long = "あ".repeat(40_000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("sharedStrings 1 GiB", hostile::shared_strings_bomb(1024)),
        ("one cell 1 GiB", hostile::cell_bomb(1024, None)),
        ("one cell 1 GiB, declares 1 KB", hostile::cell_bomb(1024, Some(1024))),
        ("one cell 64 MiB, packed 1000:1", hostile::cell_bomb(64, None)),
        ("4 billion shared strings", hostile::shared_strings_count_bomb()),
        ("5,000 parts", hostile::many_parts(5_000)),
        ("cell at ZZZZZZ1", hostile::workbook(&[("A1", "ログインID"), ("ZZZZZZ1", "x")])),
        ("cell at ZZZZZ1", hostile::workbook(&[("A1", "ログインID"), ("ZZZZZ1", "x")])),
        ("cell at XFD1048576", hostile::workbook(&[("A1", "ログインID"), ("XFD1048576", "x")])),
        ("cell of 40,000 characters", hostile::workbook(&[("A1", "ログインID"), ("A2", &long)])),
        ("CSV header of 200,000 columns", vec!["ログインID"; 200_000].join(",").into_bytes()),
        ("CSV of 600,000 rows", "ログインID\n".repeat(600_000).into_bytes()),
        ("not a zip, named .xlsx", b"ID,Name\n".to_vec()),
    ];
    println!("{:<34} {:>7} {:>8} {:>5}  message", "file", "seconds", "peak MB", "exit");
    let mut worst = (0.0f64, 0u64);
    for (i, (label, bytes)) in cases.iter().enumerate() {
        let name = if label.starts_with("CSV") { format!("{i}.csv") } else { format!("{i}.xlsx") };
        std::fs::write(dir.path().join(&name), bytes).unwrap();
        let m =
            run_measured(dir.path(), &["accounts", "review", "--accounts", &name, "--roster", "roster.csv"]);
        let message: String = stderr(&m.output).lines().next().unwrap_or("").chars().take(60).collect();
        let seconds = m.elapsed.as_secs_f64();
        worst = (worst.0.max(seconds), worst.1.max(m.peak_mb));
        let code = m.output.status.code().unwrap_or(-1);
        println!("{label:<34} {seconds:>7.2} {:>8} {code:>5}  {message}", m.peak_mb);
        std::fs::remove_file(dir.path().join(&name)).unwrap();
    }
    println!("worst: {:.2} s, {} MB (target ≤ 2 s, ≤ 200 MB)", worst.0, worst.1);
    drop(dir);
}
