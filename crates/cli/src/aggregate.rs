//! `iryosec aggregate FILES…`: many institutions' survey answers and self-assessments (JSON
//! bundles) counted together, as a group, an association or a prefecture does. Needs no
//! database. Exit 0 when every file was counted, 1 when some were refused (they are named,
//! the others counted), 2 when nothing could be counted or an option is unusable.

use crate::output::{CliError, Out, read_input, write_new_file};
use clap::{Args, ValueEnum};
use iryosec_app::aggregate::{self as agg, Outcome};
use iryosec_core::CancelToken;
use iryosec_core::Message;
use iryosec_core::aggregate::RosterEntry;
use iryosec_core::date::FiscalYear;
use iryosec_io::aggregate_input::read_roster;
use iryosec_io::table::Source;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum AggregateFormat {
    /// 概要を画面に (a summary on the terminal)
    #[default]
    Text,
    Json,
    /// Excel（表ごとに1シート。-o が必要）(one sheet per table; needs -o)
    Xlsx,
    /// 設問別・病床規模別の表を BOM 付き CSV で (the distributions by size band)
    Csv,
}

#[derive(Args)]
pub struct AggregateOpts {
    /// 回答の JSON ファイル（調査回答・自己点検）、またはそれを入れたフォルダー（中の *.json すべて）
    /// (bundles, or folders: every *.json in them)
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// 回答を求める医療機関の名簿（CSV か Excel: 医療機関コード,名称,都道府県,病床数）
    /// (roster of institutions expected to answer)
    #[arg(long, value_name = "FILE")]
    expected: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    format: AggregateFormat,
    /// 書き出すファイル（既にあるファイルは上書きしない）(output file; never overwritten)
    #[arg(short = 'o', long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// The files named: a folder stands for every `*.json` directly in it, in name order.
fn expand(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if !p.is_dir() {
            out.push(p.clone());
            continue;
        }
        let mut inside: Vec<PathBuf> = std::fs::read_dir(p)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|f| f.is_file() && f.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
                    .collect()
            })
            .unwrap_or_default();
        inside.sort();
        if inside.is_empty() {
            // Reported as a file that could not be read, naming the folder.
            out.push(p.clone());
        }
        out.extend(inside);
    }
    out
}

fn roster(path: Option<&Path>, out: &Out) -> Result<Vec<RosterEntry>, CliError> {
    let Some(path) = path else { return Ok(Vec::new()) };
    let bytes = read_input(path, out)?;
    let name = path.display().to_string();
    read_roster(Source::new(&name, &bytes, &CancelToken::never())).map_err(|problems| {
        let heading = out.t_args("cli.aggregate.roster_unusable", &[("path", path.display().to_string())]);
        let lines: Vec<String> =
            problems.iter().map(|m| format!("  {}", out.lang.tr_args(m.key, &m.args))).collect();
        CliError::unusable(format!("{heading}\n{}", lines.join("\n")))
    })
}

pub fn run(o: AggregateOpts, out: &Out) -> Result<ExitCode, CliError> {
    if o.format == AggregateFormat::Xlsx && o.output.is_none() {
        return Err(CliError::unusable(out.t("cli.aggregate.xlsx_needs_output")));
    }
    if let Some(path) = o.output.as_deref().filter(|p| p.exists()) {
        return Err(CliError::unusable(
            out.t_args("cli.aggregate.exists", &[("path", path.display().to_string())]),
        ));
    }
    let roster = roster(o.expected.as_deref(), out)?;
    let paths = expand(&o.files);
    let lang = out.lang;
    let files = paths.into_iter().map(|path| (path.display().to_string(), path)).collect();
    // A command is stopped with the process: nothing cancels it.
    let outcome = agg::aggregate_files(files, &roster, &CancelToken::never())
        .map_err(|_| CliError::unusable(out.t("io.error.cancelled")))?;
    let tr = move |m: &Message| lang.tr_args(m.key, &m.args);
    for r in &outcome.refused {
        out.note(&format!("{}: {}", r.file, agg::reasons(&r.reasons, &tr)));
    }
    if !outcome.usable() {
        return Err(CliError::unusable(out.t("cli.aggregate.nothing")));
    }
    let bytes = match o.format {
        AggregateFormat::Text => {
            summary(&outcome, out);
            None
        }
        AggregateFormat::Json => {
            let text = serde_json::to_string_pretty(&to_json(&outcome, &tr)).unwrap_or_default();
            Some(text.into_bytes())
        }
        AggregateFormat::Xlsx => {
            Some(agg::xlsx(&outcome, &tr).map_err(|e| CliError::unusable(e.to_string()))?)
        }
        AggregateFormat::Csv => Some(agg::csv(&outcome, &tr)),
    };
    match (bytes, o.output.as_deref()) {
        (Some(bytes), Some(path)) => {
            write_new_file(path, &bytes, out)?;
            out.note(&out.t_args("cli.aggregate.written", &[("path", path.display().to_string())]));
        }
        (Some(bytes), None) => out.line(String::from_utf8_lossy(&bytes).trim_end()),
        (None, _) => {}
    }
    Ok(if outcome.refused.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// The report as JSON, with the refused files and their reasons in words.
fn to_json(o: &Outcome, tr: &(dyn Fn(&Message) -> String + Sync)) -> Value {
    let mut v = serde_json::to_value(&o.report).unwrap_or_default();
    if let Some(map) = v.as_object_mut() {
        let refused: Vec<Value> = o
            .refused
            .iter()
            .map(|r| json!({ "file": r.file, "reason": agg::reasons(&r.reasons, tr) }))
            .collect();
        map.insert("files".into(), json!(o.report.bundles + o.refused.len()));
        map.insert("refused".into(), Value::Array(refused));
    }
    v
}

fn summary(o: &Outcome, out: &Out) {
    let r = &o.report;
    let n = |key: &str, value: String| out.line(&format!("{}: {value}", out.t(key)));
    n("aggregate.bundles", r.bundles.to_string());
    n("aggregate.counted", r.counted.to_string());
    n("aggregate.institutions", r.institutions.to_string());
    n("aggregate.refused_count", o.refused.len().to_string());
    for e in &r.editions {
        out.line("");
        out.line(&format!("{} {}（{}）", FiscalYear(e.fiscal_year).label_ja(), e.title, e.id));
        n("aggregate.institutions", e.institutions.total.to_string());
        for (gap, tally) in &e.gaps {
            out.line(&format!("  {}: {}", out.t(gap.label_key()), tally.total));
        }
    }
    if let Some(year) = r.latest_year {
        out.line("");
        let label = out.t_args("cli.aggregate.not_answered", &[("year", FiscalYear(year).label_ja())]);
        out.line(&format!("{label}: {}", r.not_answered.len()));
    }
}
