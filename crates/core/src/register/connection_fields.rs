//! The field table of 外部接続: every point where the hospital's network meets the outside —
//! VPN, a vendor's remote-maintenance line, the internet gateway, a regional network, cloud
//! services, the online qualification check line — with who runs it and how it is guarded.

use super::spec::{Choice, FieldSpec, Input, LINE, field, required};

const fn choice(code: &'static str, ja: &'static str, synonyms: &'static [&'static str]) -> Choice {
    Choice { code, ja, synonyms }
}

/// What kind of connection.
pub const CONNECTION_KINDS: &[Choice] = &[
    choice("vpn", "VPN", &["vpn接続", "拠点間vpn", "リモートアクセスvpn", "ssl-vpn"]),
    choice(
        "remote_maintenance",
        "リモート保守回線",
        &["リモート保守", "リモートメンテナンス", "保守回線", "遠隔保守"],
    ),
    choice("internet", "インターネット接続", &["インターネット", "インターネットゲートウェイ", "utm"]),
    choice("regional", "地域医療連携ネットワーク", &["地域連携", "地域医療連携"]),
    choice("cloud", "クラウドサービス", &["クラウド", "saas"]),
    choice(
        "online_qualification",
        "オンライン資格確認等システム",
        &["オンライン資格確認", "オン資", "資格確認"],
    ),
    choice("other", "その他", &[]),
];

pub const CONNECTIONS: &[FieldSpec] = &[
    required("name", &["接続名", "名称", "接続", "name"], LINE),
    required("kind", &["種類", "接続の種類", "kind"], Input::Choice(CONNECTION_KINDS)),
    field("location", &["設置場所", "接続点", "場所", "location"], LINE),
    field("devices", &["機器（管理番号）", "接続機器", "VPN装置", "devices"], Input::List),
    field("vendors", &["運用する事業者", "事業者", "保守事業者", "vendors"], Input::List),
    field("systems", &["接続するシステム", "システム", "接続先システム", "systems"], Input::List),
    field("destination", &["接続先", "相手先", "destination"], LINE),
    field("contact", &["連絡先", "窓口", "contact"], LINE),
    field("authentication", &["認証方式", "認証", "authentication"], LINE),
    field("two_factor", &["二要素認証", "多要素認証", "two factor"], Input::YesNo),
    field("source_restricted", &["接続元の制限", "接続元制限", "IP制限", "source restricted"], Input::YesNo),
    field("logs_kept", &["ログの保存", "接続ログ", "logs kept"], Input::YesNo),
    field("reviewed_on", &["最終確認日", "確認日", "reviewed"], Input::Date),
    field("notes", &["備考", "メモ", "notes"], Input::Long),
];
