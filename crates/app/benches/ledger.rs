//! Ledger import and export at hospital scale, on a fresh SQLite database.
//!
//! Prints, for N generated assets (default 100,000; `cargo bench -p iryosec-app --bench ledger -- 5000`):
//!   calamine  = calamine alone opening the XLSX and visiting every cell (the floor);
//!   import    = the whole import: read, map headers, parse and check every row, write all rows
//!               in one transaction (while the file is still being read), with its audit entry;
//!   export    = reading the whole ledger back from the database and writing the XLSX (the two
//!               overlapping).
//! The file imported is written as Excel saves workbooks (shared strings), like the files people
//! bring; the export writes text into the cells, which calamine reads more slowly.
//! Each figure is the median of 3 runs (import into a new database each time). On stderr it also
//! shows the parts: the generic table reader, reading and checking the ledger without writing,
//! and the dry run through the app. Under `cargo test` it runs once over 300 assets as a check
//! that every step still works.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use calamine::{DataType, Reader, Xlsx, open_workbook_from_rs};
use iryosec_app::setup::AdminInput;
use iryosec_app::{App, SessionPolicy, SystemClock};
use iryosec_core::CancelToken;
use iryosec_core::audit::Actor;
use iryosec_core::institution::InstitutionInput;
use iryosec_core::ledger::{Asset, AssetKind, Field, PatchStatus, Zone, parse_asset};
use iryosec_io::ledger_sheet::read_ledger;
use iryosec_io::table::Source;
use iryosec_store::{DatabaseUrl, MigrateMode, SqlStore};
use std::io::Cursor;
use std::sync::Arc;
use std::time::{Duration, Instant};

const RUNS: usize = 3;

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and then a small ledger
    // goes through the same steps, so the benchmark cannot rot between runs.
    let benching = std::env::args().any(|a| a == "--bench");
    let default = if benching { 100_000 } else { 300 };
    let n: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(default);
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let xlsx = as_excel_saves_it(&generate(n));
    println!("ledger of {n} assets: {:.1} MiB XLSX", xlsx.len() as f64 / 1048576.0);

    let t = Instant::now();
    let table =
        iryosec_io::table::read_table(Source::new("bench.xlsx", &xlsx, &CancelToken::never())).unwrap();
    let read = t.elapsed();
    let t = Instant::now();
    let mut parsed = 0;
    let checked =
        read_ledger(Source::new("bench.xlsx", &xlsx, &CancelToken::never()), None, 1_000, &mut |batch| {
            parsed += batch.len()
        })
        .unwrap();
    eprintln!(
        "  (read_table {:.0} ms; read_ledger, reading and checking every row, {:.0} ms, {} of {} rows)",
        ms(read),
        ms(t.elapsed()),
        parsed,
        table.rows.len()
    );
    assert!(checked.errors.is_empty());
    let calamine = median((0..RUNS).map(|_| time(|| calamine_visit(&xlsx))).collect());
    let mut imports = Vec::new();
    let mut exports = Vec::new();
    for _ in 0..RUNS {
        let (import, export) = rt.block_on(import_then_export(&xlsx, n));
        imports.push(import);
        exports.push(export);
    }
    let (import, export) = (median(imports), median(exports));
    println!("calamine read alone : {:>8.0} ms", ms(calamine));
    println!(
        "import (whole)      : {:>8.0} ms  = {:.2}× calamine (target ≤ 2×)",
        ms(import),
        ms(import) / ms(calamine)
    );
    println!("export (whole)      : {:>8.0} ms  (target ≤ 1000 ms)", ms(export));
}

/// A plausible hospital ledger: mostly terminals, some servers, network and medical devices.
pub fn generate(n: usize) -> Vec<Asset> {
    (0..n)
        .map(|i| {
            let values = Field::ALL.map(|f| value(i, f));
            parse_asset(&|f| values[f as usize].as_str()).unwrap()
        })
        .collect()
}

fn value(i: usize, f: Field) -> String {
    let kind = match i % 20 {
        0 => AssetKind::Server,
        1 => AssetKind::Switch,
        2 => AssetKind::MedicalDevice,
        3 => AssetKind::Printer,
        4 => AssetKind::WirelessAp,
        _ => AssetKind::Terminal,
    };
    let pick = |all: &[&str]| all[i % all.len()].to_owned();
    match f {
        Field::AssetNo => format!("A-{i:06}"),
        Field::Name => format!("{}-{i}", kind.name_ja()),
        Field::Kind => kind.name_ja().to_owned(),
        Field::Location => pick(&["本館1階", "本館2階", "東棟3階", "西棟4階", "地下サーバ室"]),
        Field::Department => pick(&["医事課", "看護部", "放射線科", "検査科", "薬剤部", "総務課"]),
        Field::Owner => pick(&["山田", "佐藤", "鈴木", "高橋"]),
        Field::Ip => format!("10.{}.{}.{}", i / 65536 % 256, i / 256 % 256, i % 256),
        Field::Mac => format!("00:1a:2b:{:02x}:{:02x}:{:02x}", i / 65536 % 256, i / 256 % 256, i % 256),
        Field::Os => pick(&["Windows 11", "Windows 10", "Windows Server 2022", "RHEL 9"]),
        Field::OsVersion => pick(&["23H2", "22H2", "21H2", "9.4"]),
        Field::Software => "Microsoft 365 Apps 2408; Adobe Acrobat Reader 24.002".to_owned(),
        Field::IntroducedOn => format!("令和{}年4月1日", 2 + i % 6),
        Field::SupportEndsOn => format!("{}-10-14", 2025 + i % 8),
        Field::Vendor => format!("ベンダー{}", i % 40),
        Field::RemoteMaintenance => if kind == AssetKind::Server { "有" } else { "無" }.to_owned(),
        Field::PatientInfo => pick(&["有", "無"]),
        Field::Zone => Zone::ALL[i % Zone::ALL.len()].name_ja().to_owned(),
        Field::PatchStatus => PatchStatus::ALL[i % PatchStatus::ALL.len()].name_ja().to_owned(),
        Field::LastPatchedOn => format!("2026/{}/{}", 1 + i % 12, 1 + i % 28),
        Field::ConfirmedOn => "R8.4.1".to_owned(),
        Field::Notes if i.is_multiple_of(7) => "保守契約あり、年1回点検".to_owned(),
        _ => String::new(),
    }
}

async fn import_then_export(xlsx: &[u8], n: usize) -> (Duration, Duration) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqlStore::connect(&DatabaseUrl::sqlite_in(dir.path()), MigrateMode::Run)
        .await
        .unwrap()
        .with_audit_key(iryosec_core::audit::AuditKey::from_bytes([42; 32]));
    let app = App::new(Arc::new(store), Arc::new(SystemClock), SessionPolicy::default());
    let actor = Actor::cli("bench");
    let (inst, _) = app.create_institution(&hospital(), &admin(), "ja", true, &actor).await.unwrap();
    let t = Instant::now();
    app.import_ledger(
        inst.id,
        iryosec_io::table::Source::new("bench.xlsx", xlsx, &CancelToken::never()),
        None,
        true,
        &actor,
    )
    .await
    .unwrap();
    eprintln!("  (checked without saving in {:.0} ms)", ms(t.elapsed()));
    let t = Instant::now();
    let report = app
        .import_ledger(
            inst.id,
            iryosec_io::table::Source::new("bench.xlsx", xlsx, &CancelToken::never()),
            None,
            false,
            &actor,
        )
        .await
        .unwrap();
    let import = t.elapsed();
    assert!(report.errors.is_empty(), "{:?}", report.errors.first());
    let t = Instant::now();
    let bytes = app.ledger_xlsx(inst.id, iryosec_core::date::DateStyle::default()).await.unwrap();
    let export = t.elapsed();
    let mut rows = 0;
    iryosec_io::table::for_each_row(
        Source::new("export.xlsx", &bytes, &CancelToken::never()),
        &mut |_, _| rows += 1,
    )
    .unwrap();
    assert_eq!(rows, n + 1, "every asset under the header");
    (import, export)
}

/// The ledger as Excel itself saves a workbook: every text in the shared-string table. (The
/// export writes text into the cells instead; Excel converts that on its next save.)
fn as_excel_saves_it(assets: &[Asset]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (col, f) in (0u16..).zip(Field::ALL) {
        ws.write_string(0, col, f.label_ja()).unwrap();
    }
    for (row, a) in (1u32..).zip(assets) {
        for (col, f) in (0u16..).zip(Field::ALL) {
            let v = a.text(f);
            if !v.is_empty() {
                ws.write_string(row, col, v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn calamine_visit(xlsx: &[u8]) -> usize {
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx)).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    range.rows().map(|r| r.iter().filter(|c| !c.is_empty()).count()).sum()
}

fn hospital() -> InstitutionInput {
    InstitutionInput {
        name: "ベンチ総合病院".into(),
        kind: "病院".into(),
        prefecture: "東京都".into(),
        beds: "500".into(),
        medical_code: String::new(),
    }
}

fn admin() -> AdminInput {
    let password = "bench-kaigishitsu-no-mado".to_owned();
    AdminInput {
        login_id: "admin".into(),
        display_name: "ベンチ 管理者".into(),
        password: password.clone(),
        password_confirm: password,
    }
}

fn time(f: impl FnOnce() -> usize) -> Duration {
    let t = Instant::now();
    std::hint::black_box(f());
    t.elapsed()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
