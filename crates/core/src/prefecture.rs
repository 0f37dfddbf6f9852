//! The 47 prefectures with their JIS X 0401 codes (01 北海道 … 47 沖縄県). The code is also
//! the first two digits of a 10-digit 医療機関コード.

use serde::{Deserialize, Serialize};

const NAMES: [(&str, &str); 47] = [
    ("北海道", "Hokkaido"),
    ("青森県", "Aomori"),
    ("岩手県", "Iwate"),
    ("宮城県", "Miyagi"),
    ("秋田県", "Akita"),
    ("山形県", "Yamagata"),
    ("福島県", "Fukushima"),
    ("茨城県", "Ibaraki"),
    ("栃木県", "Tochigi"),
    ("群馬県", "Gunma"),
    ("埼玉県", "Saitama"),
    ("千葉県", "Chiba"),
    ("東京都", "Tokyo"),
    ("神奈川県", "Kanagawa"),
    ("新潟県", "Niigata"),
    ("富山県", "Toyama"),
    ("石川県", "Ishikawa"),
    ("福井県", "Fukui"),
    ("山梨県", "Yamanashi"),
    ("長野県", "Nagano"),
    ("岐阜県", "Gifu"),
    ("静岡県", "Shizuoka"),
    ("愛知県", "Aichi"),
    ("三重県", "Mie"),
    ("滋賀県", "Shiga"),
    ("京都府", "Kyoto"),
    ("大阪府", "Osaka"),
    ("兵庫県", "Hyogo"),
    ("奈良県", "Nara"),
    ("和歌山県", "Wakayama"),
    ("鳥取県", "Tottori"),
    ("島根県", "Shimane"),
    ("岡山県", "Okayama"),
    ("広島県", "Hiroshima"),
    ("山口県", "Yamaguchi"),
    ("徳島県", "Tokushima"),
    ("香川県", "Kagawa"),
    ("愛媛県", "Ehime"),
    ("高知県", "Kochi"),
    ("福岡県", "Fukuoka"),
    ("佐賀県", "Saga"),
    ("長崎県", "Nagasaki"),
    ("熊本県", "Kumamoto"),
    ("大分県", "Oita"),
    ("宮崎県", "Miyazaki"),
    ("鹿児島県", "Kagoshima"),
    ("沖縄県", "Okinawa"),
];

/// A prefecture by its JIS code, 1..=47.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Prefecture(u8);

impl Prefecture {
    pub fn from_code(code: u8) -> Option<Prefecture> {
        (1..=47).contains(&code).then_some(Prefecture(code))
    }

    /// Accepts "13", "東京都", "東京" or "Tokyo".
    pub fn parse(input: &str) -> Option<Prefecture> {
        let s = crate::text::to_half_width(input);
        if let Ok(code) = s.parse::<u8>() {
            return Prefecture::from_code(code);
        }
        Prefecture::all().find(|p| {
            let (ja, en) = p.names();
            ja == s || ja.trim_end_matches(['都', '府', '県']) == s || en.eq_ignore_ascii_case(&s)
        })
    }

    pub fn all() -> impl Iterator<Item = Prefecture> {
        (1..=47).map(Prefecture)
    }

    pub fn code(self) -> u8 {
        self.0
    }

    fn names(self) -> (&'static str, &'static str) {
        NAMES.get(usize::from(self.0).saturating_sub(1)).copied().unwrap_or(("", ""))
    }

    pub fn name_ja(self) -> &'static str {
        self.names().0
    }

    pub fn name_en(self) -> &'static str {
        self.names().1
    }
}

impl TryFrom<u8> for Prefecture {
    type Error = String;
    fn try_from(code: u8) -> Result<Self, Self::Error> {
        Prefecture::from_code(code).ok_or_else(|| format!("no prefecture has code {code}"))
    }
}

impl From<Prefecture> for u8 {
    fn from(p: Prefecture) -> u8 {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_follow_jis_x_0401() {
        assert_eq!(Prefecture::from_code(1).map(Prefecture::name_ja), Some("北海道"));
        assert_eq!(Prefecture::from_code(13).map(Prefecture::name_ja), Some("東京都"));
        assert_eq!(Prefecture::from_code(47).map(Prefecture::name_ja), Some("沖縄県"));
        assert_eq!(Prefecture::from_code(0), None);
        assert_eq!(Prefecture::from_code(48), None);
        assert_eq!(Prefecture::all().count(), 47);
    }

    #[test]
    fn parses_codes_and_names() {
        assert_eq!(Prefecture::parse("１３").map(Prefecture::code), Some(13));
        assert_eq!(Prefecture::parse("大阪府").map(Prefecture::code), Some(27));
        assert_eq!(Prefecture::parse("大阪").map(Prefecture::code), Some(27));
        assert_eq!(Prefecture::parse("okinawa").map(Prefecture::code), Some(47));
        assert_eq!(Prefecture::parse("ムー大陸"), None);
    }
}
