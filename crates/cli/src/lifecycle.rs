//! `iryosec lifecycle …`: end-of-support and known-exploited data. `keygen` makes a signing key,
//! `bundle build` signs a bundle from endoflife.date product files and CISA's KEV JSON,
//! `bundle verify` checks one against the trusted keys (no database), `import` keeps a checked
//! bundle, and `check` lists the ledger's devices past or near their end of support and in
//! known-exploited ranges.

use crate::config::{self, GlobalOpts};
use crate::discover::tr;
use crate::output::{CliError, Format, Out, read_input, write_new_file};
use clap::{Args, Subcommand};
use iryosec_app::AppError;
use iryosec_app::lifecycle::{BundleSummary, LifecycleReport};
use iryosec_core::Clock;
use iryosec_core::audit::Actor;
use iryosec_core::lifecycle::builtin;
use iryosec_core::lifecycle::bundle::{self, PublicKey, SecretKey};
use iryosec_core::lifecycle::matching::{DeviceLifecycle, Support};
use iryosec_io::lifecycle_source::{SourceError, build};
use rand::RngCore;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum LifecycleCommand {
    /// 署名用の鍵を作る（秘密鍵はファイルに、公開鍵は画面に） (make a signing key)
    Keygen(KeygenOpts),
    /// 署名付きバンドルを作る・検証する (build or verify a signed bundle)
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// 署名を確かめてバンドルを取り込む (import a bundle after checking its signature)
    Import(ImportOpts),
    /// 台帳の機器のサポート終了と悪用が確認された脆弱性 (ledger devices past or near end of support, and KEV matches)
    Check(CheckOpts),
}

#[derive(Subcommand)]
pub enum BundleCommand {
    /// endoflife.date の製品ファイルと CISA KEV の JSON から作って署名する
    Build(BuildOpts),
    /// 署名と形式を確かめる（データベース不要）
    Verify(VerifyOpts),
}

#[derive(Args)]
pub struct KeygenOpts {
    /// 秘密鍵を書き出すファイル（既にあれば上書きしない）
    #[arg(long)]
    out: PathBuf,
}

#[derive(Args)]
pub struct BuildOpts {
    /// endoflife.date の products/*.md があるフォルダー
    #[arg(long)]
    endoflife: Option<PathBuf>,
    /// CISA の known_exploited_vulnerabilities.json
    #[arg(long)]
    kev: Option<PathBuf>,
    /// 秘密鍵のファイル（iryosec lifecycle keygen で作ったもの）
    #[arg(long)]
    key: PathBuf,
    #[arg(long)]
    out: PathBuf,
    /// バンドルの作成日 (YYYY-MM-DD) [default: today]
    #[arg(long)]
    created: Option<String>,
}

#[derive(Args)]
pub struct VerifyOpts {
    file: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct ImportOpts {
    file: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct CheckOpts {
    #[arg(long)]
    institution: Option<i64>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub async fn run(global: &GlobalOpts, cmd: LifecycleCommand, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        LifecycleCommand::Keygen(o) => keygen(&o, out),
        LifecycleCommand::Bundle(BundleCommand::Build(o)) => build_bundle(&o, out),
        LifecycleCommand::Bundle(BundleCommand::Verify(o)) => verify(global, &o, out),
        LifecycleCommand::Import(o) => import(global, &o, out).await,
        LifecycleCommand::Check(o) => check(global, &o, out).await,
    }
}

fn keygen(o: &KeygenOpts, out: &Out) -> Result<ExitCode, CliError> {
    let mut seed = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut seed);
    let key = SecretKey::from_seed(seed);
    write_secret(&o.out, &format!("{}\n", key.text()), out)?;
    out.line(&key.public().text());
    out.note(&out.t_args("cli.lifecycle.keygen", &[("path", o.out.display().to_string())]));
    Ok(ExitCode::SUCCESS)
}

/// The private key file, readable by its owner only.
fn write_secret(path: &Path, text: &str, out: &Out) -> Result<(), CliError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).and_then(|mut f| f.write_all(text.as_bytes())).map_err(|e| {
        CliError::unusable(
            out.t_args(
                "cli.file_unwritable",
                &[("path", path.display().to_string()), ("error", e.to_string())],
            ),
        )
    })
}

fn source_error(e: &SourceError, out: &Out) -> CliError {
    let place = match e.line {
        Some(line) => format!("{}:{line}", e.file),
        None => e.file.clone(),
    };
    CliError::unusable(format!("{place}: {}", tr(out, &e.message)))
}

fn build_bundle(o: &BuildOpts, out: &Out) -> Result<ExitCode, CliError> {
    if o.endoflife.is_none() && o.kev.is_none() {
        return Err(CliError::unusable(out.t("cli.lifecycle.nothing_to_build")));
    }
    let key_text = String::from_utf8_lossy(&read_input(&o.key, out)?).into_owned();
    let key = SecretKey::parse(&key_text)
        .map_err(|m| CliError::unusable(format!("{}: {}", o.key.display(), tr(out, &m))))?;
    let mut products = Vec::new();
    if let Some(dir) = &o.endoflife {
        for path in markdown_files(dir, out)? {
            let text = String::from_utf8_lossy(&read_input(&path, out)?).into_owned();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            products.push((name, text));
        }
    }
    let kev = match &o.kev {
        Some(path) => Some((path.display().to_string(), read_input(path, out)?)),
        None => None,
    };
    let created = match &o.created {
        Some(text) => iryosec_core::date::parse_date(text).map_err(|_| {
            CliError::unusable(out.t_args("cli.lifecycle.bad_created", &[("value", text.clone())]))
        })?,
        None => iryosec_app::SystemClock.now().to_jst().map_or(time::Date::MIN, |d| d.date()),
    };
    let kev_ref = kev.as_ref().map(|(n, b)| (n.as_str(), b.as_slice()));
    let payload = build(&products, kev_ref, builtin(), created).map_err(|e| source_error(&e, out))?;
    let signed = bundle::sign(&payload, &key).map_err(|m| CliError::unusable(tr(out, &m)))?;
    write_new_file(&o.out, signed.as_bytes(), out)?;
    let args = [
        ("path", o.out.display().to_string()),
        ("products", payload.data.products.len().to_string()),
        ("flaws", payload.data.flaws.len().to_string()),
        ("key", key.public().text()),
    ];
    out.line(&out.t_args("cli.lifecycle.built", &args));
    Ok(ExitCode::SUCCESS)
}

/// The `.md` files of a folder, in name order.
fn markdown_files(dir: &Path, out: &Out) -> Result<Vec<PathBuf>, CliError> {
    let unreadable =
        |e: std::io::Error| {
            CliError::unusable(out.t_args(
                "cli.file_unreadable",
                &[("path", dir.display().to_string()), ("error", e.to_string())],
            ))
        };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(unreadable)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    Ok(files)
}

/// The project's keys and the ones `lifecycle_keys` in the configuration adds.
fn trusted(global: &GlobalOpts, out: &Out) -> Result<Vec<PublicKey>, CliError> {
    let file = config::load_file(global, out)?;
    bundle::trusted_keys(&file.lifecycle_keys)
        .map_err(|m| CliError::unusable(format!("lifecycle_keys: {}", tr(out, &m))))
}

fn print_summary(s: &BundleSummary, key: &str, format: Format, out: &Out) {
    match format {
        Format::Json => out.json(&serde_json::to_value(s).unwrap_or_default()),
        Format::Text => {
            let args = [
                ("created", iryosec_core::date::format_iso(s.created)),
                ("key", s.signed_by.clone()),
                ("sources", s.sources.join("、")),
                ("products", s.products.to_string()),
                ("flaws", s.flaws.to_string()),
            ];
            out.line(&out.t_args(key, &args));
        }
    }
}

fn verify(global: &GlobalOpts, o: &VerifyOpts, out: &Out) -> Result<ExitCode, CliError> {
    let bytes = read_input(&o.file, out)?;
    let keys = trusted(global, out)?;
    match bundle::verify(&bytes, &keys) {
        Ok(v) => {
            print_summary(&BundleSummary::of(&v), "cli.lifecycle.verified", o.format, out);
            Ok(ExitCode::SUCCESS)
        }
        Err(m) => {
            out.note(&format!("{}: {}", o.file.display(), tr(out, &m)));
            Ok(ExitCode::from(1))
        }
    }
}

async fn import(global: &GlobalOpts, o: &ImportOpts, out: &Out) -> Result<ExitCode, CliError> {
    let bytes = read_input(&o.file, out)?;
    let keys = trusted(global, out)?;
    let app = open_app(global, out).await?;
    let name = o.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    match app.import_lifecycle_bundle(&name, &bytes, &keys, &Actor::cli("lifecycle import")).await {
        Ok(s) => {
            print_summary(&s, "cli.lifecycle.imported", o.format, out);
            Ok(ExitCode::SUCCESS)
        }
        Err(AppError::Refused(m)) => {
            Err(CliError::unusable(format!("{}: {}", o.file.display(), tr(out, &m))))
        }
        Err(e) => Err(out.app_failure(&e)),
    }
}

/// The configured database, which must exist (bundles are kept server-wide).
async fn open_app(global: &GlobalOpts, out: &Out) -> Result<iryosec_app::App, CliError> {
    let r = config::resolve(global, false, out)?;
    config::require_database(&r.database, out)?;
    let store = crate::audit_key::open_for_writing(&r, out).await?;
    let clock = std::sync::Arc::new(iryosec_app::SystemClock);
    Ok(iryosec_app::App::new(std::sync::Arc::new(store), clock, iryosec_app::SessionPolicy::default()))
}

async fn check(global: &GlobalOpts, o: &CheckOpts, out: &Out) -> Result<ExitCode, CliError> {
    let (app, institution) = config::open_institution(global, o.institution, out).await?;
    let report = app.lifecycle_check(institution).await.map_err(|e| CliError::unusable(e.to_string()))?;
    match o.format {
        Format::Json => out.json(&check_json(&report, out)),
        Format::Text => print_check(&report, out),
    }
    Ok(if report.has_gaps() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn support_word(d: &DeviceLifecycle, out: &Out) -> String {
    let day = |d: Option<time::Date>| d.map(iryosec_core::date::format_iso).unwrap_or_default();
    match d.support {
        Support::Ended { on } => format!("{} {}", out.t("lifecycle.ended"), day(on)),
        Support::EndsThisYear { on } => format!("{} {}", out.t("lifecycle.ends_this_year"), day(Some(on))),
        Support::Supported { until } => format!("{} {}", out.t("lifecycle.supported"), day(until)),
        Support::Unknown => out.t("lifecycle.unknown"),
    }
}

fn device_line(d: &DeviceLifecycle, out: &Out) -> String {
    let (name, cycle) = (d.product.clone().unwrap_or_default(), d.cycle.clone().unwrap_or_default());
    // endoflife.date's labels often repeat the product (Windows Server 2012 R2).
    let product = if cycle.starts_with(&name) { cycle } else { format!("{name} {cycle}") };
    format!("  {} {} — {} — {}（{}）", d.asset_no, d.name, product.trim(), support_word(d, out), d.source)
}

fn print_check(r: &LifecycleReport, out: &Out) {
    let sections: [(&str, Vec<&DeviceLifecycle>); 2] = [
        ("cli.lifecycle.past", r.support_ended().collect()),
        ("cli.lifecycle.ending", r.ending_this_year().collect()),
    ];
    for (key, devices) in sections {
        out.line(&out.t_args(key, &[("count", devices.len().to_string())]));
        for d in devices {
            out.line(&device_line(d, out));
        }
    }
    let exploited: Vec<&DeviceLifecycle> = r.exploited().collect();
    out.line(&out.t_args("cli.lifecycle.exploited", &[("count", exploited.len().to_string())]));
    for d in exploited {
        out.line(&device_line(d, out));
        for f in d.exploited() {
            let ransomware = if f.ransomware { out.t("cli.lifecycle.ransomware") } else { String::new() };
            out.line(&format!(
                "    {} {}（{} {}）{ransomware}",
                f.cve,
                f.name,
                iryosec_core::date::format_iso(f.date_added),
                f.source
            ));
        }
    }
    let unclear = r.devices.iter().filter(|d| d.exploited().next().is_none() && !d.flaws.is_empty()).count();
    if unclear > 0 {
        out.line(&out.t_args("cli.lifecycle.unclear", &[("count", unclear.to_string())]));
    }
    let as_of = r.data_as_of.map(iryosec_core::date::format_iso).unwrap_or_default();
    out.note(&out.t_args("cli.lifecycle.data_as_of", &[("day", as_of)]));
}

fn check_json(r: &LifecycleReport, out: &Out) -> serde_json::Value {
    serde_json::json!({
        "today": iryosec_core::date::format_iso(r.today),
        "data_as_of": r.data_as_of.map(iryosec_core::date::format_iso),
        "support_ended": r.support_ended().collect::<Vec<_>>(),
        "ending_this_year": r.ending_this_year().collect::<Vec<_>>(),
        "exploited": r.exploited().collect::<Vec<_>>(),
        "critical_gaps": r.critical_gaps().iter().map(|m| tr(out, m)).collect::<Vec<_>>(),
    })
}
