//! `/bcp`: サイバー攻撃を想定したBCP — the year's 確認表 (`check`), the 初動対応カード and the
//! printable contact list (`card`), and training coverage (`training`).

pub mod card;
pub mod check;
pub mod training;

use crate::error::WebError;

/// The fiscal year named in the path; anything else is a 404.
pub fn year_of(raw: &str) -> Result<i32, WebError> {
    raw.parse::<i32>().ok().filter(|y| (2000..=2100).contains(y)).ok_or(WebError::NotFound)
}
