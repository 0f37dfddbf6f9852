//! `iryosec audit verify`: checks every hash chain of the audit log.

use crate::config::{self, GlobalOpts};
use crate::output::{CliError, Format, Out};
use clap::{Args, Subcommand};
use iryosec_core::audit::BreakKind;
use iryosec_store::{MigrateMode, SqlStore, Store};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// 改ざんがないか確認する: 正常なら 0、壊れていれば 1 と最初の異常箇所 (exit 1 and the first broken entry)
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

pub async fn run(global: &GlobalOpts, cmd: AuditCommand, out: &Out) -> Result<ExitCode, CliError> {
    let AuditCommand::Verify(opts) = cmd;
    let r = config::resolve(global, false, out)?;
    config::require_database(&r.database, out)?;
    let store =
        SqlStore::connect(&r.database, MigrateMode::Leave).await.map_err(|e| config::store_error(out, &e))?;
    let v = store.verify_audit().await.map_err(|e| config::store_error(out, &e))?;
    match opts.format {
        Format::Json => out.json(&serde_json::json!({
            "ok": v.first_break.is_none(), "chains": v.chains, "entries": v.entries, "first_break": v.first_break,
        })),
        Format::Text => match &v.first_break {
            None => out.line(&out.t_args(
                "cli.audit_ok",
                &[("entries", v.entries.to_string()), ("chains", v.chains.to_string())],
            )),
            Some(b) => {
                let id = b.entry_id.map(|i| i.to_string()).unwrap_or_else(|| "-".into());
                let args = [("chain", b.chain.clone()), ("seq", b.seq.to_string()), ("id", id)];
                out.line(&format!("{} {}", out.t_args("cli.audit_broken", &args), out.t(problem_key(b.problem))));
            }
        },
    }
    store.close().await;
    Ok(if v.first_break.is_none() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
