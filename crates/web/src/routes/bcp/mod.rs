//! `/bcp`: サイバー攻撃を想定したBCP — the year's 確認表 (`check`), the 初動対応カード and the
//! printable contact list (`card`), and training coverage (`training`).

pub mod card;
pub mod check;
pub mod training;
