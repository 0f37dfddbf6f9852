//! The fields of the asset ledger and the headers they go by.

use serde::{Deserialize, Serialize};

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
    Serial,
    Location,
    Department,
    Owner,
    Ip,
    AddressKind,
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
    pub const ALL: [Field; 35] = [
        Field::AssetNo,
        Field::Name,
        Field::Kind,
        Field::Maker,
        Field::Model,
        Field::Serial,
        Field::Location,
        Field::Department,
        Field::Owner,
        Field::Ip,
        Field::AddressKind,
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
            Field::Serial => "serial",
            Field::Location => "location",
            Field::Department => "department",
            Field::Owner => "owner",
            Field::Ip => "ip",
            Field::AddressKind => "address_kind",
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

    /// Header spellings, Japanese header first: the headers of real hospital ledgers, compared
    /// after folding width, case, spaces, brackets and 「・」.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Field::AssetNo => &[
                "管理番号",
                "資産番号",
                "資産管理番号",
                "機器管理番号",
                "機器番号",
                "台帳番号",
                "備品番号",
                "管理No",
                "asset no",
            ],
            Field::Name => &[
                "名称",
                "機器名",
                "機器名称",
                "装置名",
                "品名",
                "ホスト名",
                "コンピュータ名",
                "コンピューター名",
                "端末名",
                "name",
                "hostname",
            ],
            Field::Kind => {
                &["種別", "種類", "機器種別", "機器区分", "機器分類", "分類", "区分", "kind", "type"]
            }
            Field::Maker => {
                &["メーカー", "メーカー名", "製造元", "製造業者", "製造会社", "maker", "manufacturer"]
            }
            Field::Model => &["型番", "機種", "機種名", "モデル", "型式", "型名", "品番", "製品名", "model"],
            Field::Serial => &["シリアル番号", "シリアル", "シリアルNo", "製造番号", "S/N", "serial"],
            Field::Location => &["設置場所", "場所", "設置先", "設置箇所", "設置個所", "location"],
            Field::Department => {
                &["部署", "所属", "部門", "使用部署", "設置部署", "管理部署", "所属部署", "department"]
            }
            Field::Owner => &["管理責任者", "責任者", "管理者", "担当者", "利用者", "使用者", "owner"],
            Field::Ip => &["IPアドレス", "IP", "ip address"],
            Field::AddressKind => &["アドレス割当", "IP割当", "アドレス種別", "IP取得方法", "address kind"],
            Field::Mac => &["MACアドレス", "MAC", "mac address"],
            Field::Os => &["OS・ファームウェア", "OS", "OS名", "ファームウェア", "firmware"],
            Field::OsVersion => &["バージョン", "OSバージョン", "ファームウェアバージョン", "version"],
            Field::Software => &["ソフトウェア", "インストールソフト", "導入ソフト", "software"],
            Field::IntroducedOn => &[
                "導入日",
                "導入年月日",
                "導入年月",
                "購入日",
                "購入年月日",
                "設置日",
                "取得日",
                "introduced",
            ],
            Field::SupportEndsOn => &[
                "サポート終了日",
                "サポート期限",
                "サポート終了",
                "保守期限",
                "保守終了日",
                "EOL",
                "end of support",
            ],
            Field::Vendor => &[
                "保守事業者",
                "保守業者",
                "保守契約先",
                "保守会社",
                "保守契約業者",
                "ベンダー",
                "事業者",
                "vendor",
            ],
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
            Field::Notes => &["備考", "メモ", "特記事項", "notes"],
            Field::ConfirmedOn => &["最終確認日", "確認日", "棚卸日", "棚卸実施日", "点検日", "confirmed"],
            Field::RetiredOn => &["廃棄日", "撤去日", "除却日", "retired"],
        }
    }

    /// Headers that may mean the field but often mean something else: 「No.」 is as often a row
    /// count as an asset number, a lease company is not always the maintainer. A column is read
    /// this way only as a guess, which any exact name or synonym beats.
    pub fn weak_names(self) -> &'static [&'static str] {
        match self {
            Field::AssetNo => &["No", "番号", "ID", "連番"],
            Field::Vendor => &["リース会社", "リース元", "リース"],
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_a_code_and_a_japanese_header() {
        for (i, f) in Field::ALL.into_iter().enumerate() {
            assert_eq!(f as usize, i, "ALL is in declaration order: parsing indexes by it");
            assert_eq!(Field::parse(f.code()), Some(f));
            assert!(!f.label_ja().is_empty());
        }
    }
}
