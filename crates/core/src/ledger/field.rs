//! The fields of the asset ledger and their vocabularies.

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
fn folded(input: &str) -> String {
    input.trim().chars().map(half_width).filter(|c| *c != ' ').flat_map(char::to_lowercase).collect()
}

vocabulary!(
    /// What kind of device.
    AssetKind {
        Server = "server", "サーバ", ["サーバー", "server"];
        Terminal = "terminal", "端末PC", ["端末", "pc", "パソコン", "クライアント", "電子カルテ端末", "ノートpc"];
        Router = "router", "ルータ", ["ルーター"];
        Switch = "switch", "スイッチ", ["ハブ", "hub", "l2スイッチ", "l3スイッチ"];
        Firewall = "firewall", "UTM・ファイアウォール", ["utm", "ファイアウォール", "fw"];
        Vpn = "vpn", "VPN装置", ["vpn", "vpnルータ", "vpnルーター"];
        WirelessAp = "wireless_ap", "無線AP", ["無線lanアクセスポイント", "アクセスポイント", "ap", "無線lan"];
        MedicalDevice = "medical_device", "医療機器・モダリティ", ["医療機器", "モダリティ"];
        Printer = "printer", "複合機・プリンタ", ["複合機", "プリンタ", "プリンター"];
        Iot = "iot", "IoT機器", ["iot"];
        Other = "other", "その他", [];
    }
);

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

/// A field of the ledger: its code (export header in English files), Japanese header, and the
/// header spellings found in real hospital spreadsheets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    AssetNo,
    Name,
    Kind,
    Maker,
    Model,
    Location,
    Department,
    Owner,
    Ip,
    Mac,
    Os,
    OsVersion,
    Software,
    IntroducedOn,
    SupportEndsOn,
    Vendor,
    RemoteMaintenance,
    RemotePath,
    RemoteVia,
    PatientInfo,
    Zone,
    PatchStatus,
    LastPatchedOn,
    PatchedBy,
    CompensatingControl,
    SourceRestricted,
    ServicesStopped,
    AccessLogs,
    UsbRestricted,
    DefaultPasswordsChanged,
    Notes,
    ConfirmedOn,
    RetiredOn,
}

impl Field {
    pub const ALL: [Field; 33] = [
        Field::AssetNo,
        Field::Name,
        Field::Kind,
        Field::Maker,
        Field::Model,
        Field::Location,
        Field::Department,
        Field::Owner,
        Field::Ip,
        Field::Mac,
        Field::Os,
        Field::OsVersion,
        Field::Software,
        Field::IntroducedOn,
        Field::SupportEndsOn,
        Field::Vendor,
        Field::RemoteMaintenance,
        Field::RemotePath,
        Field::RemoteVia,
        Field::PatientInfo,
        Field::Zone,
        Field::PatchStatus,
        Field::LastPatchedOn,
        Field::PatchedBy,
        Field::CompensatingControl,
        Field::SourceRestricted,
        Field::ServicesStopped,
        Field::AccessLogs,
        Field::UsbRestricted,
        Field::DefaultPasswordsChanged,
        Field::Notes,
        Field::ConfirmedOn,
        Field::RetiredOn,
    ];

    /// Japanese header (the export's, and the first synonym).
    #[allow(clippy::indexing_slicing, reason = "every field has at least one header name (a test checks)")]
    pub fn label_ja(self) -> &'static str {
        self.names()[0]
    }

    pub fn code(self) -> &'static str {
        match self {
            Field::AssetNo => "asset_no",
            Field::Name => "name",
            Field::Kind => "kind",
            Field::Maker => "maker",
            Field::Model => "model",
            Field::Location => "location",
            Field::Department => "department",
            Field::Owner => "owner",
            Field::Ip => "ip",
            Field::Mac => "mac",
            Field::Os => "os",
            Field::OsVersion => "os_version",
            Field::Software => "software",
            Field::IntroducedOn => "introduced_on",
            Field::SupportEndsOn => "support_ends_on",
            Field::Vendor => "vendor",
            Field::RemoteMaintenance => "remote_maintenance",
            Field::RemotePath => "remote_path",
            Field::RemoteVia => "remote_via",
            Field::PatientInfo => "patient_info",
            Field::Zone => "zone",
            Field::PatchStatus => "patch_status",
            Field::LastPatchedOn => "last_patched_on",
            Field::PatchedBy => "patched_by",
            Field::CompensatingControl => "compensating_control",
            Field::SourceRestricted => "source_restricted",
            Field::ServicesStopped => "services_stopped",
            Field::AccessLogs => "access_logs",
            Field::UsbRestricted => "usb_restricted",
            Field::DefaultPasswordsChanged => "default_passwords_changed",
            Field::Notes => "notes",
            Field::ConfirmedOn => "confirmed_on",
            Field::RetiredOn => "retired_on",
        }
    }

    pub fn parse(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Header spellings, Japanese header first.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Field::AssetNo => {
                &["管理番号", "資産番号", "機器番号", "台帳番号", "No", "番号", "asset no", "id"]
            }
            Field::Name => &["名称", "機器名", "ホスト名", "コンピュータ名", "端末名", "name", "hostname"],
            Field::Kind => &["種別", "種類", "機器種別", "機器区分", "kind", "type"],
            Field::Maker => &["メーカー", "メーカー名", "製造元", "製造業者", "maker", "manufacturer"],
            Field::Model => &["型番", "機種", "モデル", "型式", "製品名", "model"],
            Field::Location => &["設置場所", "場所", "設置先", "location"],
            Field::Department => &["部署", "所属", "部門", "使用部署", "department"],
            Field::Owner => &["管理責任者", "責任者", "管理者", "担当者", "owner"],
            Field::Ip => &["IPアドレス", "IP", "ip address"],
            Field::Mac => &["MACアドレス", "MAC", "mac address"],
            Field::Os => &["OS・ファームウェア", "OS", "OS名", "ファームウェア", "firmware"],
            Field::OsVersion => &["バージョン", "OSバージョン", "ファームウェアバージョン", "version"],
            Field::Software => &["ソフトウェア", "インストールソフト", "導入ソフト", "software"],
            Field::IntroducedOn => &["導入日", "導入年月日", "購入日", "設置日", "introduced"],
            Field::SupportEndsOn => &["サポート終了日", "サポート期限", "保守期限", "EOL", "end of support"],
            Field::Vendor => &["保守事業者", "保守業者", "ベンダー", "事業者", "vendor"],
            Field::RemoteMaintenance => {
                &["リモート保守", "リモートメンテナンス", "遠隔保守", "remote maintenance"]
            }
            Field::RemotePath => &["リモート保守の経路", "保守回線", "接続経路", "remote path"],
            Field::RemoteVia => &["経由するVPN装置", "VPN装置", "remote via"],
            Field::PatientInfo => &["患者情報", "患者情報の有無", "患者情報を扱う", "patient info"],
            Field::Zone => &["ネットワーク区分", "ネットワーク", "接続区分", "zone"],
            Field::PatchStatus => &["パッチ状況", "パッチ適用状況", "更新状況", "patch status"],
            Field::LastPatchedOn => &["最終パッチ適用日", "パッチ適用日", "最終更新日", "last patched"],
            Field::PatchedBy => &["パッチ適用者", "パッチ適用の担当", "patched by"],
            Field::CompensatingControl => &["代替策", "パッチ適用不可の代替策", "compensating control"],
            Field::SourceRestricted => &["接続元制限", "接続元の制限", "source restricted"],
            Field::ServicesStopped => &["不要サービス停止", "不要なサービスの停止", "services stopped"],
            Field::AccessLogs => &["アクセスログ", "アクセスログ取得", "access logs"],
            Field::UsbRestricted => &["USB制限", "外部記録媒体の制限", "usb restricted"],
            Field::DefaultPasswordsChanged => {
                &["初期パスワード変更", "初期パスワード変更済", "default passwords changed"]
            }
            Field::Notes => &["備考", "メモ", "notes"],
            Field::ConfirmedOn => &["最終確認日", "確認日", "棚卸日", "confirmed"],
            Field::RetiredOn => &["廃棄日", "撤去日", "retired"],
        }
    }
}

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
    }

    #[test]
    fn every_field_has_a_code_and_a_japanese_header() {
        for (i, f) in Field::ALL.into_iter().enumerate() {
            assert_eq!(f as usize, i, "ALL is in declaration order: parsing indexes by it");
            assert_eq!(Field::parse(f.code()), Some(f));
            assert!(!f.label_ja().is_empty());
        }
    }
}
