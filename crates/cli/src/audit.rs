//! `iryosec audit verify`: checks every chain of the audit log under the key, every
//! incident's timeline and facts, and optionally the heads witnessed in files.
//! `iryosec audit witness`: writes the current heads down, to keep elsewhere.

use crate::audit_key;
use crate::config::{self, GlobalOpts};
use crate::output::{CliError, Format, Out, read_input};
use crate::witness;
use clap::{Args, Subcommand};
use iryosec_app::SystemClock;
use iryosec_core::Clock;
use iryosec_core::audit::witness::WitnessLine;
use iryosec_core::audit::{BreakKind, ChainBreak};
use iryosec_store::{AuditStore, IncidentStore, Store};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// 改ざんがないか確認する（監査ログとインシデントの記録）: 正常なら 0、壊れていれば 1 と最初の異常箇所 (exit 1 and the first broken entry)
    Verify(VerifyOpts),
    /// 監査ログの現在の先頭を控えとして書き出す (write the current heads as witness lines, JSON)
    Witness(WitnessOpts),
}

#[derive(Args)]
pub struct VerifyOpts {
    /// 控えのファイル: そこに記録した先頭がすべて残っているかも確かめる (witness files to check against). Repeatable
    #[arg(long, num_args = 1..)]
    witness: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

#[derive(Args)]
pub struct WitnessOpts {
    /// 追記する控えファイル (append to this file instead of printing)
    #[arg(long)]
    out: Option<PathBuf>,
}

fn problem_key(kind: BreakKind) -> &'static str {
    match kind {
        BreakKind::HashMismatch => "cli.audit_hash_mismatch",
        BreakKind::BrokenLink => "cli.audit_broken_link",
        BreakKind::Gap => "cli.audit_gap",
        BreakKind::Truncated => "cli.audit_truncated",
        BreakKind::WrongChain => "cli.audit_wrong_chain",
        BreakKind::Unanchored => "cli.audit_unanchored",
        BreakKind::Unsealed => "cli.audit_unsealed",
        BreakKind::Missing => "cli.audit_missing",
        BreakKind::FactsDiffer => "cli.audit_facts_differ",
        BreakKind::NotInLog => "cli.audit_not_in_log",
        BreakKind::WitnessMissing => "cli.audit_witness_missing",
        BreakKind::WitnessDiffers => "cli.audit_witness_differs",
    }
}

fn broken_line(out: &Out, key: &str, b: &ChainBreak) -> String {
    let id = b.entry_id.map(|i| i.to_string()).unwrap_or_else(|| "-".into());
    let args = [("chain", b.chain.clone()), ("seq", b.seq.to_string()), ("id", id)];
    format!("{} {}", out.t_args(key, &args), out.t(problem_key(b.problem)))
}

pub async fn run(global: &GlobalOpts, cmd: AuditCommand, out: &Out) -> Result<ExitCode, CliError> {
    match cmd {
        AuditCommand::Verify(opts) => verify(global, opts, out).await,
        AuditCommand::Witness(opts) => write_witness(global, opts, out).await,
    }
}

/// Every witness file's lines; an unreadable file or line is unusable input.
fn read_witnesses(files: &[PathBuf], out: &Out) -> Result<Vec<WitnessLine>, CliError> {
    let mut lines = Vec::new();
    for path in files {
        let text = String::from_utf8_lossy(&read_input(path, out)?).into_owned();
        let parsed = iryosec_core::audit::witness::parse(&text).map_err(|line| {
            CliError::unusable(out.t_args(
                "cli.witness_bad_line",
                &[("path", path.display().to_string()), ("line", line.to_string())],
            ))
        })?;
        lines.extend(parsed);
    }
    Ok(lines)
}

async fn verify(global: &GlobalOpts, opts: VerifyOpts, out: &Out) -> Result<ExitCode, CliError> {
    let r = config::resolve(global, false, out)?;
    let witnessed = read_witnesses(&opts.witness, out)?;
    let store = audit_key::open_for_verifying(&r, out).await?;
    let err = |e: iryosec_store::StoreError| config::store_error(out, &e);
    let v = store.verify_audit().await.map_err(err)?;
    let i = store.verify_incident_timelines().await.map_err(err)?;
    let w = match v.first_break {
        None if !witnessed.is_empty() => store.verify_witnessed(&witnessed).await.map_err(err)?,
        _ => None,
    };
    store.close().await;
    let ok = v.first_break.is_none() && i.first_break.is_none() && w.is_none();
    match opts.format {
        Format::Json => out.json(&serde_json::json!({
            "ok": ok, "chains": v.chains, "entries": v.entries, "first_break": v.first_break,
            "incidents": { "ok": i.first_break.is_none(), "chains": i.chains, "entries": i.entries, "first_break": i.first_break },
            "witness": { "ok": w.is_none(), "files": opts.witness.len(), "heads": witnessed.len(), "first_break": w },
        })),
        Format::Text => {
            match &v.first_break {
                None => out.line(&out.t_args(
                    "cli.audit_ok",
                    &[("entries", v.entries.to_string()), ("chains", v.chains.to_string())],
                )),
                Some(b) => out.line(&broken_line(out, "cli.audit_broken", b)),
            }
            match &i.first_break {
                None => out.line(&out.t_args(
                    "cli.incident_ok",
                    &[("entries", i.entries.to_string()), ("chains", i.chains.to_string())],
                )),
                Some(b) => out.line(&broken_line(out, "cli.incident_broken", b)),
            }
            match (&w, opts.witness.is_empty() || v.first_break.is_some()) {
                (Some(b), _) => out.line(&broken_line(out, "cli.witness_broken", b)),
                (None, false) => out.line(&out.t_args(
                    "cli.witness_ok",
                    &[("files", opts.witness.len().to_string()), ("heads", witnessed.len().to_string())],
                )),
                (None, true) => {}
            }
        }
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

async fn write_witness(global: &GlobalOpts, opts: WitnessOpts, out: &Out) -> Result<ExitCode, CliError> {
    let r = config::resolve(global, false, out)?;
    let store = audit_key::open_as_is(&r, out).await?;
    let heads = store.audit_heads().await.map_err(|e| config::store_error(out, &e))?;
    store.close().await;
    let lines = witness::lines_for(&heads, SystemClock.now());
    match &opts.out {
        None => lines.iter().for_each(|l| out.line(&l.to_line())),
        Some(path) => {
            witness::append(path, &lines).map_err(|e| {
                CliError::unusable(out.t_args(
                    "cli.witness_unwritable",
                    &[("path", path.display().to_string()), ("error", e.to_string())],
                ))
            })?;
            out.note(&out.t_args(
                "cli.witness_written",
                &[("heads", lines.len().to_string()), ("path", path.display().to_string())],
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}
