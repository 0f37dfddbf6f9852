//! `iryosec discover import FILE…`: what the network files show against the ledger — devices
//! matched (and why), proposed new entries and changes, entries not seen (since when),
//! findings per device, Windows update status. `--dry-run` writes nothing; otherwise the
//! sightings and the import are kept, and `--apply` writes the confirmed proposals.

use crate::config::{self, GlobalOpts};
use crate::output::{CliError, Format, Out};
use clap::{Args, Subcommand};
use iryosec_app::AppError;
use iryosec_app::discovery::{DiscoveryFile, DiscoveryReport};
use iryosec_core::audit::Actor;
use iryosec_core::discovery::reconcile::Proposal;
use iryosec_core::{Message, Timestamp};
use iryosec_io::discovery::FileError;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum DiscoverCommand {
    /// nmap XML・DHCP・ARP・AD・機器一覧・Get-HotFix・WSUS のファイルを台帳と照合する (reconcile network files with the ledger)
    Import(ImportOpts),
}

#[derive(Args)]
pub struct ImportOpts {
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 照合だけして何も保存しない (show only; write nothing)
    #[arg(long)]
    dry_run: bool,
    /// 確認した提案を台帳に反映する: all か番号（1,3,5） (apply the confirmed proposals: all, or their numbers)
    #[arg(long, value_name = "all|N,N…")]
    apply: Option<String>,
    /// 医療機関の ID（一つしかなければ省略可）
    #[arg(long)]
    institution: Option<i64>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub async fn run(global: &GlobalOpts, cmd: DiscoverCommand, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        DiscoverCommand::Import(o) => import(global, o, out).await,
    }
}

async fn import(global: &GlobalOpts, o: ImportOpts, out: &Out) -> Result<ExitCode, CliError> {
    if o.dry_run && o.apply.is_some() {
        return Err(CliError::unusable(out.t("cli.discover.dry_run_and_apply")));
    }
    let mut files = Vec::new();
    for path in &o.files {
        let f = std::fs::File::open(path).map_err(|e| {
            CliError::unusable(out.t_args(
                "cli.file_unreadable",
                &[("path", path.display().to_string()), ("error", e.to_string())],
            ))
        })?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        files.push(DiscoveryFile { name, input: Box::new(std::io::BufReader::with_capacity(1 << 16, f)) });
    }
    let (app, institution) = config::open_institution(global, o.institution, out).await?;
    let report = app
        .discovery_preview(institution, files)
        .await
        .map_err(|e| CliError::unusable(e.to_string()))?
        .map_err(|e| CliError::unusable(file_error(&e, out)))?;
    let confirmed = match &o.apply {
        Some(which) => numbers(which, report.analysis.proposals.len(), out)?,
        None => Vec::new(),
    };
    let applied = if o.dry_run {
        None
    } else {
        match app.discovery_apply(institution, &report, &confirmed, &Actor::cli("discover import")).await {
            Ok(c) => Some(c),
            Err(AppError::Refused(m)) => return Err(CliError::unusable(tr(out, &m))),
            Err(e) => return Err(CliError::unusable(e.to_string())),
        }
    };
    let pending = report.analysis.proposals.len() - confirmed.len();
    match o.format {
        Format::Json => out.json(&as_json(&report, applied.map(|c| (c.added, c.changed, c.seen)), out)),
        Format::Text => print_text(&report, out),
    }
    if let Some(c) = applied {
        let args = [
            ("added", c.added.to_string()),
            ("changed", c.changed.to_string()),
            ("seen", c.seen.to_string()),
        ];
        out.note(&out.t_args("cli.discover.applied", &args));
    } else {
        out.note(&out.t("cli.discover.dry_run"));
    }
    let attention = pending > 0
        || !report.not_seen.is_empty()
        || !report.analysis.findings.is_empty()
        || report.updates.iter().any(|u| u.behind);
    Ok(if attention { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `all`, or proposal numbers separated by commas.
fn numbers(which: &str, count: usize, out: &Out) -> Result<Vec<usize>, CliError> {
    if which.trim() == "all" {
        return Ok((1..=count).collect());
    }
    which
        .split(',')
        .map(|n| n.trim().parse::<usize>().ok().filter(|n| (1..=count).contains(n)))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| {
            CliError::unusable(out.t_args(
                "cli.discover.bad_apply",
                &[("value", which.to_owned()), ("count", count.to_string())],
            ))
        })
}

pub fn tr(out: &Out, m: &Message) -> String {
    out.lang.tr_args(m.key, &m.args)
}

/// `scan.xml:17: …` — the file, the line when known, and what is wrong.
pub fn file_error(e: &FileError, out: &Out) -> String {
    match e.line {
        Some(line) => format!("{}:{line}: {}", e.file, tr(out, &e.message)),
        None => format!("{}: {}", e.file, tr(out, &e.message)),
    }
}

fn day(t: Option<Timestamp>) -> String {
    t.and_then(|t| t.to_jst()).map(|d| iryosec_core::date::format_iso(d.date())).unwrap_or_default()
}

fn proposal_line(n: usize, p: &Proposal, r: &DiscoveryReport, out: &Out) -> String {
    match p {
        Proposal::Add { asset, .. } => out.t_args(
            "cli.discover.propose_add",
            &[
                ("n", n.to_string()),
                ("asset_no", asset.asset_no.clone()),
                ("name", asset.name.clone()),
                ("ip", asset.ip.clone()),
                ("maker", asset.maker.clone()),
            ],
        ),
        Proposal::Update { asset_no, change } => {
            let by = r
                .analysis
                .reconciliation
                .matched
                .iter()
                .find(|m| &m.asset_no == asset_no)
                .map(|m| out.t(m.by.message_key()))
                .unwrap_or_default();
            out.t_args(
                "cli.discover.propose_update",
                &[
                    ("n", n.to_string()),
                    ("asset_no", asset_no.clone()),
                    ("field", out.t(&format!("ledger.field.{}", change.field.code()))),
                    ("from", change.ledger.clone()),
                    ("to", change.proposed.clone()),
                    ("reason", by),
                ],
            )
        }
    }
}

fn print_text(r: &DiscoveryReport, out: &Out) {
    for f in &r.files {
        let args = [
            ("file", f.name.clone()),
            ("kind", out.t(f.kind.message_key())),
            ("devices", f.devices.to_string()),
            ("machines", f.machines.to_string()),
        ];
        out.line(&out.t_args("cli.discover.file", &args));
    }
    let a = &r.analysis;
    let summary = [
        ("devices", a.devices.len().to_string()),
        ("matched", a.reconciliation.matched.len().to_string()),
        ("new", a.reconciliation.not_in_ledger.len().to_string()),
        ("not_seen", r.not_seen.len().to_string()),
    ];
    out.line(&out.t_args("cli.discover.summary", &summary));
    if !a.proposals.is_empty() {
        out.line(&out.t("cli.discover.proposals"));
        for (i, p) in a.proposals.iter().enumerate() {
            out.line(&format!("  {}", proposal_line(i + 1, p, r, out)));
        }
    }
    if !r.not_seen.is_empty() {
        out.line(&out.t("cli.discover.not_seen"));
        for n in &r.not_seen {
            let since = match &n.last_source {
                Some(src) => {
                    out.t_args("cli.discover.last_seen", &[("day", day(n.last_seen)), ("file", src.clone())])
                }
                None => out.t("cli.discover.never_seen"),
            };
            out.line(&format!("  {} {} — {since}", n.asset_no, n.name));
        }
    }
    if !a.findings.is_empty() {
        out.line(&out.t("cli.discover.findings"));
        for (_, messages) in &a.findings {
            for m in messages {
                out.line(&format!("  {}", tr(out, m)));
            }
        }
    }
    if !r.updates.is_empty() {
        out.line(&out.t("cli.discover.updates"));
        for u in &r.updates {
            let mark = if u.behind { "×" } else { "○" };
            let last = u.last_update.map(iryosec_core::date::format_iso).unwrap_or_else(|| "—".to_owned());
            out.line(&format!("  {mark} {} {last} {}", u.host, tr(out, &u.reason)));
        }
    }
}

fn as_json(r: &DiscoveryReport, applied: Option<(usize, usize, usize)>, out: &Out) -> Value {
    let a = &r.analysis;
    let proposals: Vec<Value> = a
        .proposals
        .iter()
        .enumerate()
        .map(|(i, p)| match p {
            Proposal::Add { asset, .. } => json!({ "number": i + 1, "kind": "add", "asset": asset }),
            Proposal::Update { asset_no, change } => json!({
                "number": i + 1, "kind": "update", "asset_no": asset_no, "field": change.field.code(),
                "ledger": change.ledger, "seen": change.seen, "proposed": change.proposed,
            }),
        })
        .collect();
    json!({
        "files": r.files,
        "devices": a.devices,
        "matched": a.reconciliation.matched.iter().map(|m| json!({
            "asset_no": m.asset_no, "by": m.by, "reason": out.t(m.by.message_key()), "device": m.seen,
        })).collect::<Vec<_>>(),
        "not_in_ledger": a.reconciliation.not_in_ledger,
        "proposals": proposals,
        "not_seen": r.not_seen.iter().map(|n| json!({
            "asset_no": n.asset_no, "name": n.name, "last_seen": day(n.last_seen), "last_source": n.last_source,
        })).collect::<Vec<_>>(),
        "findings": a.findings.iter().flat_map(|(d, ms)| ms.iter().map(move |m| (d, m))).map(|(d, m)| json!({
            "device": d, "key": m.key, "message": tr(out, m),
        })).collect::<Vec<_>>(),
        "updates": r.updates.iter().map(|u| json!({
            "host": u.host, "last_update": u.last_update.map(iryosec_core::date::format_iso), "behind": u.behind,
            "reason": tr(out, &u.reason), "file": u.file,
        })).collect::<Vec<_>>(),
        "applied": applied.map(|(added, changed, seen)| json!({ "added": added, "changed": changed, "seen": seen })),
    })
}
