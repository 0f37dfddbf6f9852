//! The closed vocabularies of the ledger (kinds, zones, patch states, address kinds), the words
//! people write for each, and the kind a device's name or model suggests.

use crate::text::half_width;
use serde::{Deserialize, Serialize};

macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal, $ja:literal, [$($syn:literal),*]);+ $(;)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn name_ja(self) -> &'static str {
                match self { $($name::$variant => $ja),+ }
            }

            /// The code, the Japanese name, or a common other spelling (half-width, any case).
            pub fn parse(input: &str) -> Option<$name> {
                // Folded once, not on every call: an import parses a value per row.
                static NAMES: std::sync::LazyLock<Vec<(String, $name)>> = std::sync::LazyLock::new(|| {
                    vec![$(
                        ($code.to_owned(), $name::$variant),
                        (folded($ja), $name::$variant),
                        $((folded($syn), $name::$variant),)*
                    )+]
                });
                let s = folded(input);
                NAMES.iter().find(|(name, _)| *name == s).map(|(_, v)| *v)
            }
        }
    };
}

/// A vocabulary word as compared: half-width, lower case, without spaces.
pub(crate) fn folded(input: &str) -> String {
    input.trim().chars().map(half_width).filter(|c| *c != ' ').flat_map(char::to_lowercase).collect()
}

vocabulary!(
    /// What kind of device.
    AssetKind {
        Server = "server", "サーバ", ["サーバー", "server"];
        Terminal = "terminal", "端末PC", ["端末", "pc", "パソコン", "クライアント", "電子カルテ端末", "ノートpc",
            "ノートパソコン", "デスクトップpc", "タブレット", "シンクライアント"];
        Router = "router", "ルータ", ["ルーター"];
        Switch = "switch", "スイッチ", ["ハブ", "hub", "l2スイッチ", "l3スイッチ", "スイッチングハブ"];
        Firewall = "firewall", "UTM・ファイアウォール", ["utm", "ファイアウォール", "fw"];
        Vpn = "vpn", "VPN装置", ["vpn", "vpnルータ", "vpnルーター"];
        WirelessAp = "wireless_ap", "無線AP", ["無線lanアクセスポイント", "アクセスポイント", "ap", "無線lan"];
        MedicalDevice = "medical_device", "医療機器・モダリティ", ["医療機器", "モダリティ", "検査機器",
            "検査装置", "医用機器", "医療用機器", "診断装置", "ct", "mri", "超音波", "エコー", "内視鏡", "x線",
            "レントゲン", "透視", "マンモグラフィ", "血管撮影", "核医学", "pet", "心電計", "生体情報モニタ", "透析"];
        Printer = "printer", "複合機・プリンタ", ["複合機", "プリンタ", "プリンター"];
        Iot = "iot", "IoT機器", ["iot"];
        Other = "other", "その他", [];
    }
);

vocabulary!(
    /// How a device gets its IP address.
    AddressKind {
        Fixed = "fixed", "固定", ["固定ip", "固定アドレス", "static", "手動"];
        Dhcp = "dhcp", "DHCP", ["動的", "自動", "自動取得", "dhcp割当"];
    }
);

/// Words in a device's kind, name or model that say what it is, in the order they are tried:
/// the more particular first ("VPNルータ" is a VPN device, "PACSサーバ" a server). Latin words
/// count only as whole words, so that "CT" is not found inside "Connect".
const KIND_WORDS: &[(AssetKind, &[&str])] = &[
    (AssetKind::Firewall, &["utm", "ファイアウォール", "firewall", "fortigate", "fw"]),
    (AssetKind::Vpn, &["vpn"]),
    (AssetKind::WirelessAp, &["無線lan", "アクセスポイント", "無線ap", "wifi"]),
    (AssetKind::Router, &["ルータ", "router"]),
    (AssetKind::Switch, &["スイッチ", "switch", "ハブ", "catalyst"]),
    (AssetKind::Server, &["サーバ", "server"]),
    (AssetKind::Printer, &["複合機", "プリンタ", "printer", "コピー機"]),
    (
        AssetKind::MedicalDevice,
        &[
            "医療機器",
            "検査機器",
            "検査装置",
            "診断装置",
            "撮影装置",
            "モダリティ",
            "ct",
            "mri",
            "pet",
            "x線",
            "超音波",
            "エコー",
            "内視鏡",
            "レントゲン",
            "透視",
            "マンモ",
            "血管撮影",
            "核医学",
            "心電計",
            "生体情報",
            "透析",
            "分析装置",
        ],
    ),
    (
        AssetKind::Terminal,
        &["pc", "パソコン", "端末", "ノート", "デスクトップ", "タブレット", "クライアント"],
    ),
    (AssetKind::Iot, &["iot", "ネットワークカメラ", "センサー"]),
];

impl AssetKind {
    /// Routers, switches, firewalls, VPN devices and access points: ネットワーク機器.
    pub fn is_network(self) -> bool {
        matches!(
            self,
            AssetKind::Router
                | AssetKind::Switch
                | AssetKind::Firewall
                | AssetKind::Vpn
                | AssetKind::WirelessAp
        )
    }

    /// The kind that words in `texts` (an unknown kind as written, a name, a model) point to,
    /// the first text that points anywhere deciding. Only ever a proposal: the caller says so.
    pub fn propose(texts: &[&str]) -> Option<AssetKind> {
        texts.iter().find_map(|t| {
            let t = folded(t);
            KIND_WORDS.iter().find(|(_, words)| words.iter().any(|w| has_word(&t, w))).map(|(k, _)| *k)
        })
    }
}

/// Whether `text` holds `word`; a Latin word must stand alone (no Latin letter either side).
fn has_word(text: &str, word: &str) -> bool {
    if !word.is_ascii() {
        return text.contains(word);
    }
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphabetic()) && !after.is_some_and(|c| c.is_ascii_alphabetic())
    })
}

vocabulary!(
    /// Where a device sits.
    Zone {
        Closed = "closed", "閉域", ["閉域網"];
        Internal = "internal", "院内", ["院内lan", "院内ネットワーク"];
        External = "external", "外部接続", ["外部接続あり", "外部"];
        Internet = "internet", "インターネット", ["インターネット接続"];
    }
);

vocabulary!(
    /// Whether security updates are applied.
    PatchStatus {
        Current = "current", "最新", ["適用済", "適用済み", "最新化済"];
        Pending = "pending", "未適用あり", ["未適用", "適用待ち"];
        NotPossible = "not_possible", "適用不可", ["不可"];
        Unknown = "unknown", "不明", [];
    }
);

vocabulary!(
    /// Who may apply updates.
    PatchedBy {
        Institution = "institution", "医療機関", ["院内", "自施設"];
        VendorOnly = "vendor_only", "事業者のみ", ["事業者", "ベンダー", "保守業者"];
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_read_the_spellings_people_use() {
        assert_eq!(AssetKind::parse("サーバー"), Some(AssetKind::Server));
        assert_eq!(AssetKind::parse("ＵＴＭ"), Some(AssetKind::Firewall));
        assert_eq!(AssetKind::parse(" L2 スイッチ　"), Some(AssetKind::Switch));
        assert_eq!(AssetKind::parse("端末PC"), Some(AssetKind::Terminal));
        assert_eq!(AssetKind::parse("server"), Some(AssetKind::Server));
        assert_eq!(AssetKind::parse("宇宙船"), None);
        assert_eq!(Zone::parse("閉域網"), Some(Zone::Closed));
        assert_eq!(PatchStatus::parse("適用済み"), Some(PatchStatus::Current));
        assert!(AssetKind::Vpn.is_network() && !AssetKind::Printer.is_network());
        assert_eq!(AddressKind::parse("動的"), Some(AddressKind::Dhcp));
        assert_eq!(AddressKind::parse("ＤＨＣＰ"), Some(AddressKind::Dhcp));
    }

    #[test]
    fn inspection_devices_and_modalities_are_medical_devices() {
        for word in ["検査機器", "医療機器", "ＣＴ", "MRI", "超音波", "内視鏡", "Ｘ線", "レントゲン"]
        {
            assert_eq!(AssetKind::parse(word), Some(AssetKind::MedicalDevice), "{word}");
        }
    }

    #[test]
    fn a_kind_is_proposed_from_what_the_device_is_called() {
        let propose = |texts: &[&str]| AssetKind::propose(texts);
        assert_eq!(propose(&["超音波診断装置"]), Some(AssetKind::MedicalDevice));
        assert_eq!(propose(&["", "CT-操作卓"]), Some(AssetKind::MedicalDevice));
        assert_eq!(propose(&["電子機器", "PACSサーバ"]), Some(AssetKind::Server));
        assert_eq!(propose(&["", "受付用ノートＰＣ"]), Some(AssetKind::Terminal));
        assert_eq!(propose(&["", "拠点間接続", "FortiGate 60F"]), Some(AssetKind::Firewall));
        assert_eq!(propose(&["", "YAMAHA RTX1300 VPNルータ"]), Some(AssetKind::Vpn));
        assert_eq!(propose(&["", "Connect Box"]), None, "CT only as a word of its own");
        assert_eq!(propose(&["", "謎の箱"]), None);
    }
}
