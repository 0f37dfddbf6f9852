//! `iryosec audit verify`: checks every hash chain of the audit log, and every incident's
//! timeline chain.

use crate::config::{self, GlobalOpts};
use crate::output::{CliError, Format, Out};
use clap::{Args, Subcommand};
use iryosec_core::audit::{BreakKind, ChainBreak};
use iryosec_store::{IncidentStore, MigrateMode, SqlStore, Store};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// 改ざんがないか確認する（監査ログとインシデントの記録）: 正常なら 0、壊れていれば 1 と最初の異常箇所 (exit 1 and the first broken entry)
    Verify(VerifyOpts),
}

#[derive(Args)]
pub struct VerifyOpts {
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

fn problem_key(kind: BreakKind) -> &'static str {
    match kind {
        BreakKind::HashMismatch => "cli.audit_hash_mismatch",
        BreakKind::BrokenLink => "cli.audit_broken_link",
        BreakKind::Gap => "cli.audit_gap",
        BreakKind::Truncated => "cli.audit_truncated",
        BreakKind::WrongChain => "cli.audit_wrong_chain",
        BreakKind::Unanchored => "cli.audit_unanchored",
    }
}

fn broken_line(out: &Out, key: &str, b: &ChainBreak) -> String {
    let id = b.entry_id.map(|i| i.to_string()).unwrap_or_else(|| "-".into());
    let args = [("chain", b.chain.clone()), ("seq", b.seq.to_string()), ("id", id)];
    format!("{} {}", out.t_args(key, &args), out.t(problem_key(b.problem)))
}

pub async fn run(global: &GlobalOpts, cmd: AuditCommand, out: &Out) -> Result<ExitCode, CliError> {
    let AuditCommand::Verify(opts) = cmd;
    let r = config::resolve(global, false, out)?;
    config::require_database(&r.database, out)?;
    let store =
        SqlStore::connect(&r.database, MigrateMode::Leave).await.map_err(|e| config::store_error(out, &e))?;
    let v = store.verify_audit().await.map_err(|e| config::store_error(out, &e))?;
    let i = store.verify_incident_timelines().await.map_err(|e| config::store_error(out, &e))?;
    let ok = v.first_break.is_none() && i.first_break.is_none();
    match opts.format {
        Format::Json => out.json(&serde_json::json!({
            "ok": ok, "chains": v.chains, "entries": v.entries, "first_break": v.first_break,
            "incidents": { "ok": i.first_break.is_none(), "chains": i.chains, "entries": i.entries, "first_break": i.first_break },
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
        }
    }
    store.close().await;
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
