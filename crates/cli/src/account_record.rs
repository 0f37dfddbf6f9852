//! `iryosec accounts record`: the same matching as `accounts review`, kept on record in the
//! database (as the アカウント点検 page does), so a monthly export can be recorded by a script.

use crate::config::{self, GlobalOpts};
use crate::output::{CliError, Format, Out};
use clap::Args;
use iryosec_app::account_reviews::{ReviewError, ReviewRequest, Upload};
use iryosec_core::CancelToken;
use iryosec_core::audit::Actor;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Args)]
pub struct RecordOpts {
    /// アカウント一覧（XLSX・CSV）。「システム名=ファイル」で名前を付けられる
    #[arg(long = "accounts", required = true, value_name = "[SYSTEM=]FILE")]
    accounts: Vec<String>,
    /// 職員名簿（XLSX・CSV）
    #[arg(long)]
    roster: PathBuf,
    /// この日数より長く使われていないアカウントを挙げる
    #[arg(long, default_value = "90", allow_hyphen_values = true)]
    unused_days: String,
    /// 点検日（既定は今日）
    #[arg(long)]
    reviewed_on: Option<String>,
    #[arg(long)]
    institution: Option<i64>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub async fn record(global: &GlobalOpts, o: RecordOpts, out: &Out) -> Result<ExitCode, CliError> {
    let mut accounts = Vec::new();
    for spec in &o.accounts {
        let (system, path) = crate::accounts::split_spec(spec);
        accounts.push((system, upload(&path, out)?));
    }
    let req = ReviewRequest {
        accounts,
        roster: Some(upload(&o.roster, out)?),
        reviewed_on: match &o.reviewed_on {
            Some(text) => text.clone(),
            None => crate::accounts::today(None, out)?.to_string(),
        },
        unused_days: o.unused_days.clone(),
    };
    let (app, institution) = config::open_institution(global, o.institution, out).await?;
    let id = app
        .run_account_review(institution, req, &Actor::cli("accounts record"), &CancelToken::never())
        .await
        .map_err(|e| refused(e, out))?;
    let (review, _) = app.account_review(institution, id).await.map_err(|e| out.app_failure(&e))?;
    match o.format {
        Format::Json => out.json(&serde_json::json!({
            "id": id,
            "reviewed_on": review.reviewed_on.to_string(),
            "fiscal_year": review.fiscal_year,
            "accounts": review.account_count,
            "staff": review.staff_count,
            "findings": review.open,
        })),
        Format::Text => out.line(&out.t_args(
            "cli.accounts_recorded",
            &[
                ("id", id.to_string()),
                ("accounts", review.account_count.to_string()),
                ("staff", review.staff_count.to_string()),
                ("findings", review.open.to_string()),
            ],
        )),
    }
    Ok(ExitCode::SUCCESS)
}

/// The file as the page would have received it: its name (for the review's record) and bytes.
fn upload(path: &Path, out: &Out) -> Result<Upload, CliError> {
    let bytes = crate::output::read_input(path, out)?;
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Upload { file_name, bytes })
}

/// Every problem, one line each; a file's problems as `file:row:column: header message`.
fn refused(e: ReviewError, out: &Out) -> CliError {
    let tr = |m: &iryosec_core::Message| out.lang.tr_args(m.key, &m.args);
    let lines: Vec<String> = match e {
        ReviewError::Invalid(fields) => {
            fields.iter().map(|f| format!("{}: {}", option(f.field), tr(&f.message))).collect()
        }
        ReviewError::Files(problems) => problems
            .iter()
            .map(|p| {
                let col = if p.column.is_empty() { String::new() } else { format!(":{}", p.column) };
                format!("{}:{}{col}: {} {}", p.file, p.row, p.header, tr(&p.message))
            })
            .collect(),
        ReviewError::Other(e) => return out.app_failure(&e),
    };
    CliError::unusable(lines.join("\n"))
}

/// The form field a problem is about, named as the option that fills it.
fn option(field: &str) -> &str {
    match field {
        "reviewed_on" => "--reviewed-on",
        "unused_days" => "--unused-days",
        "roster" => "--roster",
        "accounts" => "--accounts",
        other => other,
    }
}
