//! Versions as ledgers and firmware write them (`7.0.12`, `v6.0.4 build0200`, `10.0.19045.4291`)
//! and the ranges the vulnerability records give (`6.0.0-6.0.4`).

use std::cmp::Ordering;

/// A dotted version: its numbers, most significant first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version(pub Vec<u64>);

impl Version {
    /// `7.0.12`, `v7.0.12`, `7.0.12,build0523` (the part after the numbers is ignored).
    pub fn parse(text: &str) -> Option<Version> {
        let t = text.trim().trim_start_matches(['v', 'V']);
        let digits: &str = t.split(|c: char| !(c.is_ascii_digit() || c == '.')).next()?;
        let parts: Vec<u64> =
            digits.trim_end_matches('.').split('.').map(str::parse).collect::<Result<_, _>>().ok()?;
        (!parts.is_empty()).then_some(Version(parts))
    }

    /// Only digits and dots (`6.0.4`), as ranges and cycles are written.
    pub fn exact(text: &str) -> Option<Version> {
        let t = text.trim();
        let ok = !t.is_empty() && t.chars().all(|c| c.is_ascii_digit() || c == '.');
        if ok { Version::parse(t) } else { None }
    }

    /// Whether `cycle` (`7.0`) is this version's cycle: the same leading numbers.
    pub fn in_cycle(&self, cycle: &Version) -> bool {
        self.0.len() >= cycle.0.len() && self.0[..cycle.0.len()] == cycle.0[..]
    }

    fn compare(&self, other: &Version) -> Ordering {
        let len = self.0.len().max(other.0.len());
        (0..len)
            .map(|i| self.0.get(i).copied().unwrap_or(0).cmp(&other.0.get(i).copied().unwrap_or(0)))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }
}

/// The first word of a text that is a dotted version (`FortiOS v7.0.12` → `7.0.12`).
pub fn find_version(text: &str) -> Option<Version> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '/' | '_'))
        .find_map(|w| Version::exact(w.trim_start_matches(['v', 'V'])))
}

/// An inclusive range of affected versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    pub from: Version,
    pub to: Version,
}

/// Whether a version falls in a range, as far as the version says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InRange {
    Yes,
    No,
    /// The version is too coarse to tell (`7.0` against `7.0.0-7.0.8`).
    Unclear,
}

impl Range {
    /// `6.0.0-6.0.4`, or one version `6.0.4`.
    pub fn parse(text: &str) -> Option<Range> {
        match text.split_once('-') {
            Some((a, b)) => Some(Range { from: Version::exact(a)?, to: Version::exact(b)? }),
            None => {
                let v = Version::exact(text)?;
                Some(Range { from: v.clone(), to: v })
            }
        }
    }

    pub fn contains(&self, v: &Version) -> InRange {
        let precise = self.from.0.len().max(self.to.0.len());
        if v.0.len() < precise {
            // 7.0 may be 7.0.3 (affected) or 7.0.12 (fixed): only its cycle can be compared.
            let cycle = |r: &Version| Version(r.0[..v.0.len().min(r.0.len())].to_vec());
            let (lo, hi) = (cycle(&self.from), cycle(&self.to));
            return if v.compare(&lo).is_lt() || v.compare(&hi).is_gt() {
                InRange::No
            } else {
                InRange::Unclear
            };
        }
        if v.compare(&self.from).is_ge() && v.compare(&self.to).is_le() { InRange::Yes } else { InRange::No }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_read_as_firmware_writes_them() {
        assert_eq!(Version::parse("v7.0.12,build0523"), Some(Version(vec![7, 0, 12])));
        assert_eq!(find_version("FortiOS v6.0.4 build0231 (GA)"), Some(Version(vec![6, 0, 4])));
        assert_eq!(find_version("Windows 10 Pro"), Some(Version(vec![10])));
        assert_eq!(find_version("22H2"), None);
        assert!(Version(vec![7, 0, 12]).in_cycle(&Version(vec![7, 0])));
        assert!(!Version(vec![7, 2, 1]).in_cycle(&Version(vec![7, 0])));
    }

    #[test]
    fn ranges_are_inclusive_and_coarse_versions_are_unclear() {
        let r = Range::parse("6.0.0-6.0.4").unwrap();
        assert_eq!(r.contains(&Version(vec![6, 0, 4])), InRange::Yes);
        assert_eq!(r.contains(&Version(vec![6, 0, 5])), InRange::No);
        assert_eq!(r.contains(&Version(vec![6, 0])), InRange::Unclear);
        assert_eq!(r.contains(&Version(vec![7, 0])), InRange::No);
        assert_eq!(Range::parse("7.0.x"), None);
    }
}
