//! `iryosec evidence`: what the registers suggest for every item of a fiscal year's checklist.

use crate::config::GlobalOpts;
use crate::output::{CliError, Format, Out};
use clap::Args;
use iryosec_app::AppError;
use iryosec_app::suggestions::SlotSuggestion;
use std::process::ExitCode;

#[derive(Args)]
pub struct EvidenceOpts {
    /// 年度（西暦の開始年。既定は今年度）
    #[arg(long)]
    fiscal_year: Option<i32>,
    /// 医療機関の ID（一つしかなければ省略可）
    #[arg(long)]
    institution: Option<i64>,
    #[arg(long, value_enum, default_value_t)]
    format: Format,
}

pub async fn run(global: &GlobalOpts, o: EvidenceOpts, out: &Out) -> Result<ExitCode, CliError> {
    let (app, institution) = crate::config::open_institution(global, o.institution, out).await?;
    let year = o.fiscal_year.unwrap_or_else(|| app.current_fiscal_year().0);
    let (edition, slots) = match app.suggestions(institution, year).await {
        Ok(found) => found,
        Err(AppError::NotFound) => {
            return Err(CliError::unusable(
                out.t_args("cli.evidence_no_edition", &[("year", year.to_string())]),
            ));
        }
        Err(e) => return Err(out.app_failure(&e)),
    };
    match o.format {
        Format::Json => out.json(&serde_json::json!({
            "fiscal_year": year,
            "edition": edition.id,
            "items": slots.iter().map(|s| slot_json(s, out)).collect::<Vec<_>>(),
        })),
        Format::Text => {
            for s in &slots {
                let scope = s
                    .scope
                    .map(|sc| format!(" [{}]", out.t(&format!("assessment.scope.{}", sc.code()))))
                    .unwrap_or_default();
                let guideline = s
                    .suggested
                    .guideline
                    .map(|g| format!("（{}）", out.t(g.label_key())))
                    .unwrap_or_default();
                out.line(&format!(
                    "{}{scope} {}: {} — {}{guideline}",
                    s.number,
                    s.title,
                    out.t(s.suggested.suggestion.label_key()),
                    reasons(s, out).join(" ")
                ));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn slot_json(s: &SlotSuggestion, out: &Out) -> serde_json::Value {
    serde_json::json!({
        "key": s.key,
        "number": s.number,
        "scope": s.scope,
        "suggestion": s.suggested.suggestion,
        "reasons": reasons(s, out),
        "records": s.suggested.records,
        "source": s.suggested.source,
        "guideline": s.suggested.guideline,
    })
}

fn reasons(s: &SlotSuggestion, out: &Out) -> Vec<String> {
    s.suggested.reasons.iter().map(|m| out.lang.tr_args(m.key, &m.args)).collect()
}
