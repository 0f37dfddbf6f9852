//! A ledger entry against the lifecycle facts: which product and release cycle it runs, whether
//! its support has ended or ends within the fiscal year, and which exploited flaws its version
//! falls in — each with the entry of the data it rests on.

use super::version::{InRange, Range, Version, find_version};
use super::{Cycle, Eol, Flaw, Lifecycle, Product};
use crate::date::FiscalYear;
use crate::ledger::Asset;
use crate::text::to_half_width;
use serde::Serialize;
use time::Date;

/// What the data says of one device's support.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Support {
    /// Support has ended (on that day, when known).
    Ended {
        on: Option<Date>,
    },
    /// Support ends within the fiscal year.
    EndsThisYear {
        on: Date,
    },
    Supported {
        until: Option<Date>,
    },
    /// The product or its release could not be told from the ledger entry.
    Unknown,
}

/// How sure a flaw applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// The recorded version is in an affected range.
    Affected,
    /// The product has the flaw but the data or the recorded version cannot tell the range:
    /// to be checked with the vendor.
    Unclear,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlawMatch {
    pub cve: String,
    pub name: String,
    pub certainty: Certainty,
    pub date_added: Date,
    pub ransomware: bool,
    pub source: String,
}

/// One ledger device as the lifecycle facts see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceLifecycle {
    pub asset_no: String,
    pub name: String,
    pub product: Option<String>,
    pub cycle: Option<String>,
    pub support: Support,
    /// Where the support date comes from: the data's source, or the ledger's own date.
    pub source: String,
    pub remote_access: bool,
    pub flaws: Vec<FlawMatch>,
}

impl DeviceLifecycle {
    pub fn support_ended(&self) -> bool {
        matches!(self.support, Support::Ended { .. })
    }

    pub fn ends_this_year(&self) -> bool {
        matches!(self.support, Support::EndsThisYear { .. })
    }

    pub fn exploited(&self) -> impl Iterator<Item = &FlawMatch> {
        self.flaws.iter().filter(|f| f.certainty == Certainty::Affected)
    }
}

/// The source named when the ledger's own サポート終了日 decides.
pub const LEDGER_SOURCE: &str = "台帳のサポート終了日";

/// Every device still in use, in ledger order.
pub fn check_ledger(data: &Lifecycle, assets: &[Asset], today: Date) -> Vec<DeviceLifecycle> {
    assets.iter().filter(|a| a.retired_on.is_none()).map(|a| check_device(data, a, today)).collect()
}

pub fn check_device(data: &Lifecycle, asset: &Asset, today: Date) -> DeviceLifecycle {
    let text = normalised(&format!("{} {} {} {}", asset.os, asset.os_version, asset.model, asset.maker));
    let versions: Vec<Version> =
        [&asset.os_version, &asset.os].into_iter().filter_map(|t| find_version(t)).collect();
    let version = versions.first();
    let product = identify(data, &text);
    let cycle = product.and_then(|p| best_cycle(p, &text, &versions));
    let from_data = cycle.and_then(|c| support_of(c.eol, today));
    let from_ledger = asset.support_ends_on.and_then(|d| support_of(Eol::On(d), today));
    let (support, source) = match (from_data, from_ledger) {
        (Some(d), Some(l)) if end_day(&l) < end_day(&d) => (l, LEDGER_SOURCE.to_owned()),
        (Some(d), _) => (d, product.map(|p| p.source.clone()).unwrap_or_default()),
        (None, Some(l)) => (l, LEDGER_SOURCE.to_owned()),
        (None, None) if cycle.is_some() => (Support::Supported { until: None }, source_of(product)),
        (None, None) => (Support::Unknown, String::new()),
    };
    let flaws = product.filter(|p| p.remote_access).map(|p| flaws_of(data, p, version)).unwrap_or_default();
    DeviceLifecycle {
        asset_no: asset.asset_no.clone(),
        name: asset.name.clone(),
        product: product.map(|p| p.name.clone()),
        cycle: cycle.map(|c| c.label().to_owned()),
        support,
        source,
        remote_access: product.is_some_and(|p| p.remote_access),
        flaws,
    }
}

fn source_of(product: Option<&Product>) -> String {
    product.map(|p| p.source.clone()).unwrap_or_default()
}

/// When support ends, for comparing two answers (ended without a day counts as earliest).
fn end_day(s: &Support) -> Option<Date> {
    match s {
        Support::Ended { on } => on.or(Some(Date::MIN)),
        Support::EndsThisYear { on } => Some(*on),
        Support::Supported { until } => *until,
        Support::Unknown => None,
    }
    .or(Some(Date::MAX))
}

fn support_of(eol: Eol, today: Date) -> Option<Support> {
    match eol {
        Eol::On(d) if d < today => Some(Support::Ended { on: Some(d) }),
        Eol::On(d) if FiscalYear::containing(today).end().is_some_and(|end| d <= end) => {
            Some(Support::EndsThisYear { on: d })
        }
        Eol::On(d) => Some(Support::Supported { until: Some(d) }),
        Eol::Ended(true) => Some(Support::Ended { on: None }),
        Eol::Ended(false) | Eol::Unknown => None,
    }
}

/// Lower case, half-width, one space between words.
fn normalised(text: &str) -> String {
    let lower = to_half_width(text).to_lowercase();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The words of a text: letters, digits and dots (`10.0.19045`).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '.' || c == '-')).filter(|w| !w.is_empty())
}

/// Whether a phrase occurs in the text as whole words.
fn has_phrase(text: &str, phrase: &str) -> bool {
    let phrase = phrase.trim().to_lowercase();
    if phrase.is_empty() {
        return false;
    }
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(&phrase).any(|(at, _)| {
        boundary(text[..at].chars().next_back()) && boundary(text[at + phrase.len()..].chars().next())
    })
}

/// The product whose name occurs in the text; the longest name wins (Windows Server over Windows).
fn identify<'a>(data: &'a Lifecycle, text: &str) -> Option<&'a Product> {
    let mut best: Option<(&Product, usize)> = None;
    for p in &data.products {
        for n in &p.names {
            if has_phrase(text, n) && best.is_none_or(|(_, len)| n.len() > len) {
                best = Some((p, n.len()));
            }
        }
    }
    best.map(|(p, _)| p)
}

/// The cycle that fits best: a numbered cycle (`7.0`) by the version's leading numbers, a named
/// one (`10-22h2-e`) by its words; the most specific wins.
fn best_cycle<'a>(p: &'a Product, text: &str, versions: &[Version]) -> Option<&'a Cycle> {
    let mut best: Option<(&Cycle, usize)> = None;
    for c in &p.cycles {
        let score = match Version::exact(&c.cycle) {
            Some(cv) => {
                (versions.iter().any(|v| v.in_cycle(&cv)) || shows_build(c, text)).then_some(100 + cv.0.len())
            }
            // A named cycle (`2012-r2`) with as many parts outranks a bare number (`2012`).
            None => named_cycle_score(c, text).map(|parts| 100 + parts),
        };
        if let Some(s) = score
            && best.is_none_or(|(_, b)| s > b)
        {
            best = Some((c, s));
        }
    }
    best.map(|(c, _)| c)
}

/// Words of Windows editions that Microsoft supports longer (endoflife.date's `-e` cycles).
const ENTERPRISE: [&str; 4] = ["enterprise", "education", "エンタープライズ", "エデュケーション"];

/// How many of a named cycle's parts the text shows, or `None` if one is missing. `e` and `w`
/// stand for the Enterprise/Education and the other editions, `lts` for LTSC/LTSB; the release
/// (`22h2`) may also be shown by the cycle's build number (`19045`).
fn named_cycle_score(c: &Cycle, text: &str) -> Option<usize> {
    let enterprise = ENTERPRISE.iter().any(|w| text.contains(w));
    let lts = has_phrase(text, "ltsc") || has_phrase(text, "ltsb");
    let shows_build = shows_build(c, text);
    let parts: Vec<&str> = c.cycle.split('-').collect();
    let mut score = 0;
    for (i, part) in parts.iter().enumerate() {
        let ok = match *part {
            "e" => enterprise,
            "w" => !enterprise,
            "lts" => lts,
            // The release may be named (22h2) or shown by its build.
            _ if i == 1 && !part.starts_with("sp") && !part.starts_with('r') => {
                has_phrase(text, part) || shows_build
            }
            _ => has_phrase(text, part),
        };
        if !ok {
            return None;
        }
        score += 1;
    }
    if lts && !parts.contains(&"lts") {
        return None;
    }
    Some(score)
}

/// Whether the text shows the build number of the cycle's latest version (`19045` of
/// `10.0.19045`), alone or as the third part of a version (`10.0.19045.4291`, `10.0 (19045)`).
fn shows_build(c: &Cycle, text: &str) -> bool {
    let Some(build) = c.latest.split('.').nth(2).filter(|b| b.len() >= 4) else { return false };
    words(text).any(|w| w == build || w.split('.').nth(2) == Some(build))
}

fn flaws_of(data: &Lifecycle, p: &Product, version: Option<&Version>) -> Vec<FlawMatch> {
    data.flaws
        .iter()
        .filter(|f| f.product == p.id)
        .filter_map(|f| certainty(f, version).map(|c| flaw_match(f, c)))
        .collect()
}

fn certainty(f: &Flaw, version: Option<&Version>) -> Option<Certainty> {
    let Some(v) = version.filter(|_| !f.affected.is_empty()) else { return Some(Certainty::Unclear) };
    let verdicts: Vec<InRange> =
        f.affected.iter().filter_map(|r| Range::parse(r)).map(|r| r.contains(v)).collect();
    if verdicts.contains(&InRange::Yes) {
        Some(Certainty::Affected)
    } else if verdicts.contains(&InRange::Unclear) {
        Some(Certainty::Unclear)
    } else {
        None
    }
}

fn flaw_match(f: &Flaw, certainty: Certainty) -> FlawMatch {
    FlawMatch {
        cve: f.cve.clone(),
        name: f.name.clone(),
        certainty,
        date_added: f.date_added,
        ransomware: f.ransomware,
        source: f.source.clone(),
    }
}
