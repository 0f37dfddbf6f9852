//! Hospital size bands by 病床数, as the ministry's statistics group hospitals.

use serde::Serialize;

/// A size band. Institutions whose bundle gives no 病床数 are [`SizeBand::Unknown`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum SizeBand {
    #[serde(rename = "1-19")]
    Under20,
    #[serde(rename = "20-99")]
    From20,
    #[serde(rename = "100-199")]
    From100,
    #[serde(rename = "200-299")]
    From200,
    #[serde(rename = "300-399")]
    From300,
    #[serde(rename = "400-499")]
    From400,
    #[serde(rename = "500+")]
    From500,
    #[serde(rename = "unknown")]
    Unknown,
}

impl SizeBand {
    pub const ALL: [SizeBand; 8] = [
        SizeBand::Under20,
        SizeBand::From20,
        SizeBand::From100,
        SizeBand::From200,
        SizeBand::From300,
        SizeBand::From400,
        SizeBand::From500,
        SizeBand::Unknown,
    ];

    /// The band of a bed count; no count (or 0 beds) is 不明 for hospitals, 19 or fewer is
    /// the clinic band.
    pub fn of(beds: Option<u32>) -> SizeBand {
        match beds {
            None | Some(0) => SizeBand::Unknown,
            Some(1..=19) => SizeBand::Under20,
            Some(20..=99) => SizeBand::From20,
            Some(100..=199) => SizeBand::From100,
            Some(200..=299) => SizeBand::From200,
            Some(300..=399) => SizeBand::From300,
            Some(400..=499) => SizeBand::From400,
            Some(_) => SizeBand::From500,
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }

    /// As in files and JSON: `20-99`, `500+`, `unknown`.
    pub fn code(self) -> &'static str {
        match self {
            SizeBand::Under20 => "1-19",
            SizeBand::From20 => "20-99",
            SizeBand::From100 => "100-199",
            SizeBand::From200 => "200-299",
            SizeBand::From300 => "300-399",
            SizeBand::From400 => "400-499",
            SizeBand::From500 => "500+",
            SizeBand::Unknown => "unknown",
        }
    }

    /// The catalog key of the band's name (`20〜99床`).
    pub fn label_key(self) -> &'static str {
        match self {
            SizeBand::Under20 => "aggregate.band.under_20",
            SizeBand::From20 => "aggregate.band.20",
            SizeBand::From100 => "aggregate.band.100",
            SizeBand::From200 => "aggregate.band.200",
            SizeBand::From300 => "aggregate.band.300",
            SizeBand::From400 => "aggregate.band.400",
            SizeBand::From500 => "aggregate.band.500",
            SizeBand::Unknown => "aggregate.band.unknown",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_bed_count_at_their_edges() {
        assert_eq!(SizeBand::of(None), SizeBand::Unknown);
        assert_eq!(SizeBand::of(Some(19)), SizeBand::Under20);
        assert_eq!(SizeBand::of(Some(20)), SizeBand::From20);
        assert_eq!(SizeBand::of(Some(99)), SizeBand::From20);
        assert_eq!(SizeBand::of(Some(100)), SizeBand::From100);
        assert_eq!(SizeBand::of(Some(499)), SizeBand::From400);
        assert_eq!(SizeBand::of(Some(500)), SizeBand::From500);
        assert_eq!(SizeBand::of(Some(1200)), SizeBand::From500);
        assert!(SizeBand::ALL.iter().enumerate().all(|(i, b)| b.index() == i));
    }
}
