//! End of support and known-exploited flaws as data: which product a ledger entry runs, which
//! release cycle, when that cycle's support ends, and which flaws CISA lists as exploited for
//! the VPN and remote-access products hospitals run.
//!
//! The binary ships `catalog/lifecycle/builtin.toml`; newer data comes as a signed bundle
//! ([`bundle`]) and is laid over it ([`Lifecycle::merged`]). Matching a ledger entry against
//! the data is in [`matching`]; reading versions in [`version`].

pub mod bundle;
pub mod matching;
pub mod version;

use crate::message::Message;
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use time::Date;

/// The lifecycle facts: products with their release cycles, and exploited flaws.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lifecycle {
    /// The day the facts were taken from their sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    #[serde(default)]
    pub products: Vec<Product>,
    #[serde(default)]
    pub flaws: Vec<Flaw>,
}

/// A product (an operating system or a device's firmware) and its release cycles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Stable id (endoflife.date's product name where it has one: `fortios`).
    pub id: String,
    pub name: String,
    /// Words that name the product in a ledger entry's OS, model or maker (lower case).
    #[serde(rename = "match")]
    pub names: Vec<String>,
    /// A VPN, remote-access or perimeter product: its exploited flaws are checked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub remote_access: bool,
    /// Where the facts come from.
    pub source: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cycles: Vec<Cycle>,
    /// How CISA's catalogue names the product, so the bundle builder can file its entries here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kev: Vec<KevName>,
}

/// A release cycle (FortiOS 7.0, Windows 10 22H2, Ubuntu 22.04) and the end of its support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    pub cycle: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    /// The end of support: a day, `true` (ended, day unknown) or `false` / absent (not announced).
    #[serde(default, skip_serializing_if = "Eol::is_none")]
    pub eol: Eol,
    /// The latest version or build of the cycle (`10.0.19045`), which also identifies it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub latest: String,
}

impl Cycle {
    pub fn label(&self) -> &str {
        if self.label.is_empty() { &self.cycle } else { &self.label }
    }
}

/// When support ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Eol {
    On(Date),
    Ended(bool),
    #[default]
    #[serde(skip)]
    Unknown,
}

impl Eol {
    pub fn is_none(&self) -> bool {
        matches!(self, Eol::Unknown | Eol::Ended(false))
    }
}

/// How CISA's catalogue names a product: the vendor exactly, the product as part of its name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KevName {
    pub vendor: String,
    pub product: String,
}

impl KevName {
    pub fn matches(&self, vendor: &str, product: &str) -> bool {
        vendor.trim().eq_ignore_ascii_case(self.vendor.trim())
            && product.to_lowercase().contains(&self.product.to_lowercase())
    }
}

/// A flaw known to be exploited (CISA KEV) in one product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flaw {
    pub cve: String,
    /// The [`Product::id`] it affects.
    pub product: String,
    pub name: String,
    /// Affected versions as inclusive ranges (`6.0.0-6.0.4`) or single versions; empty when
    /// not known, and then a device of the product is to be checked with the vendor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub affected: Vec<String>,
    pub date_added: Date,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ransomware: bool,
    pub source: String,
}

/// The shipped catalog file.
pub const BUILTIN_TOML: &str = include_str!("../../../../catalog/lifecycle/builtin.toml");

static BUILTIN: LazyLock<Lifecycle> = LazyLock::new(|| parse_toml(BUILTIN_TOML).unwrap_or_default());

/// The shipped facts (a test makes sure the file is valid).
pub fn builtin() -> &'static Lifecycle {
    &BUILTIN
}

/// Reads and checks a catalog file in TOML.
pub fn parse_toml(text: &str) -> Result<Lifecycle, Message> {
    let data: Lifecycle = toml::from_str(text)
        .map_err(|e| Message::new("lifecycle.error.syntax").arg("detail", e.message().to_owned()))?;
    data.validate()?;
    Ok(data)
}

impl Lifecycle {
    /// Every product has an id, a name, words to match and a source; every flaw names a known
    /// product and readable versions.
    pub fn validate(&self) -> Result<(), Message> {
        let mut ids = std::collections::HashSet::new();
        for p in &self.products {
            if p.id.trim().is_empty() || p.name.trim().is_empty() || p.source.trim().is_empty() {
                return Err(Message::new("lifecycle.error.product_incomplete").arg("product", &p.id));
            }
            if p.names.iter().all(|n| n.trim().is_empty()) {
                return Err(Message::new("lifecycle.error.product_incomplete").arg("product", &p.id));
            }
            if !ids.insert(p.id.as_str()) {
                return Err(Message::new("lifecycle.error.duplicate").arg("product", &p.id));
            }
        }
        for f in &self.flaws {
            if !ids.contains(f.product.as_str()) {
                return Err(Message::new("lifecycle.error.unknown_product")
                    .arg("cve", &f.cve)
                    .arg("product", &f.product));
            }
            if let Some(bad) = f.affected.iter().find(|r| version::Range::parse(r).is_none()) {
                return Err(Message::new("lifecycle.error.range").arg("cve", &f.cve).arg("range", bad));
            }
        }
        Ok(())
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// These facts with newer ones laid over them: a product of the newer data replaces its
    /// cycles one by one (new cycles are added) and keeps the words it is matched by; a flaw
    /// replaces the one with its CVE, keeping the affected versions it knew when the newer
    /// entry has none.
    pub fn merged(&self, newer: &Lifecycle) -> Lifecycle {
        let mut out = self.clone();
        for p in &newer.products {
            match out.products.iter_mut().find(|o| o.id == p.id) {
                Some(old) => merge_product(old, p),
                None => out.products.push(p.clone()),
            }
        }
        for f in &newer.flaws {
            let known = out.product(&f.product).is_some();
            match out.flaws.iter_mut().find(|o| o.cve == f.cve && o.product == f.product) {
                Some(old) => {
                    let affected =
                        if f.affected.is_empty() { old.affected.clone() } else { f.affected.clone() };
                    *old = Flaw { affected, ..f.clone() };
                }
                None if known => out.flaws.push(f.clone()),
                None => {}
            }
        }
        out.as_of = match (self.as_of, newer.as_of) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        out
    }
}

fn merge_product(old: &mut Product, newer: &Product) {
    for c in &newer.cycles {
        match old.cycles.iter_mut().find(|o| o.cycle == c.cycle) {
            Some(o) => *o = c.clone(),
            None => old.cycles.push(c.clone()),
        }
    }
    old.remote_access |= newer.remote_access;
    if !newer.source.is_empty() {
        old.source = newer.source.clone();
    }
}

#[cfg(test)]
mod tests;
