//! The field tables of each register, with the header spellings found in real files.

use super::spec::{Choice, FieldSpec, Input, LINE, field, register_table, required};

const fn choice(code: &'static str, ja: &'static str, synonyms: &'static [&'static str]) -> Choice {
    Choice { code, ja, synonyms }
}

pub const SYSTEM_CATEGORIES: &[Choice] = &[
    choice("ehr", "電子カルテ", &["電子カルテシステム", "ehr", "カルテ"]),
    choice("receipt", "レセコン", &["レセプトコンピュータ", "医事会計", "医事会計システム", "レセプト"]),
    choice("ordering", "オーダリング", &["オーダリングシステム", "オーダー"]),
    choice("pacs", "PACS", &["画像システム", "画像管理", "医用画像"]),
    choice("lab", "検査システム", &["臨床検査", "検体検査", "検査"]),
    choice("department", "部門システム", &["部門"]),
    choice("online_qualification", "オンライン資格確認", &["オン資", "資格確認"]),
    choice("regional", "地域医療連携", &["地域連携", "地域医療連携ネットワーク"]),
    choice("pharmacy", "調剤システム", &["調剤", "薬局システム", "電子薬歴"]),
    choice("other", "その他", &[]),
];

const FREQUENCIES: &[Choice] = &[
    choice("daily", "毎日", &["日次", "毎日1回", "daily"]),
    choice("weekly", "毎週", &["週次", "週1回", "weekly"]),
    choice("monthly", "毎月", &["月次", "月1回", "monthly"]),
    choice("irregular", "不定期", &["随時", "irregular"]),
];

const MEDIA: &[Choice] = &[
    choice("rewritable", "追記可能", &["書き換え可能", "通常"]),
    choice("immutable", "追記不能（WORM）", &["追記不能", "worm", "イミュータブル", "改ざん不可"]),
];

const RESULTS: &[Choice] = &[
    choice("success", "成功", &["正常", "問題なし", "ok", "○"]),
    choice("partial", "一部成功", &["一部", "一部失敗", "△"]),
    choice("failure", "失敗", &["異常", "ng", "×"]),
];

/// Roles on the contact chart; the first three groups are 院内, 事業者 and 外部機関.
pub const CONTACT_ROLES: &[Choice] = &[
    choice("executive", "経営層", &["院長", "理事長", "経営者", "開設者"]),
    choice(
        "security_officer",
        "医療情報システム安全管理責任者",
        &["安全管理責任者", "情報セキュリティ責任者"],
    ),
    choice("ciso", "CISO", &["最高情報セキュリティ責任者"]),
    choice("system_admin", "システム担当", &["システム管理者", "情報システム担当", "情報システム部門"]),
    choice("department", "部署の連絡担当", &["各部署", "部署"]),
    choice("vendor_support", "事業者（保守窓口）", &["事業者", "ベンダー", "保守窓口", "保守事業者"]),
    choice("mhlw", "厚生労働省", &["厚労省", "厚生労働省 担当部署"]),
    choice("prefecture", "都道府県・保健所", &["都道府県", "保健所", "県庁"]),
    choice("police", "警察（サイバー犯罪相談窓口）", &["警察", "サイバー犯罪相談窓口", "都道府県警察"]),
    choice("ppc", "個人情報保護委員会", &["個情委"]),
    choice("lawyer", "顧問弁護士", &["弁護士"]),
    choice("insurer", "保険会社", &["サイバー保険", "保険"]),
    choice("other", "その他", &[]),
];

/// 院内, 事業者 or 外部機関, for the chart's three columns.
pub fn contact_group(role: &str) -> &'static str {
    match role {
        "executive" | "security_officer" | "ciso" | "system_admin" | "department" => "internal",
        "vendor_support" => "vendor",
        _ => "external",
    }
}

const NOTE_HEADERS: &[&str] = &["備考", "メモ", "notes"];

register_table! {
    SYSTEMS, systems {
        NAME = required("name", &["システム名", "名称", "system", "name"], LINE),
        CATEGORY = required("category", &["区分", "種別", "システム区分", "category"], Input::Choice(SYSTEM_CATEGORIES)),
        PRODUCT = field("product", &["製品名", "製品", "パッケージ名", "product"], LINE),
        ASSETS = field("assets", &["稼働する機器（管理番号）", "稼働機器", "サーバ", "機器", "assets"], Input::List),
        VENDORS = field("vendors", &["事業者", "ベンダー", "保守事業者", "提供事業者", "vendors"], Input::List),
        CONTRACT_ON = field("contract_on", &["契約日", "契約開始日", "導入日", "contract"], Input::Date),
        RENEWAL_ON = field("renewal_on", &["契約更新日", "更新日", "契約満了日", "renewal"], Input::Date),
        RESPONSIBILITY_AGREED = field(
            "responsibility_agreed",
            &["責任分界の合意", "責任分界", "責任分界点", "responsibility agreed"],
            Input::YesNo,
        ),
        PATIENT_INFO = field("patient_info", &["患者情報を扱う", "患者情報", "patient info"], Input::YesNo),
        RECOVERY_PRIORITY = field("recovery_priority", &["復旧優先順位", "優先順位", "recovery priority"], Input::Number(1, 999)),
        OWNER = field("owner", &["担当者", "管理責任者", "owner"], LINE),
        ROLE_BASED_ACCESS = field(
            "role_based_access",
            &["職種別のアクセス権限", "アクセス権限の設定", "利用者区分ごとの権限", "role based access"],
            Input::YesNo,
        ),
        RENEWED_ON = field(
            "renewed_on",
            &["システムの導入・更新日", "システム更新日", "導入・更新日", "更改日", "リプレース日", "renewed on"],
            Input::Date,
        ),
        TWO_FACTOR = field(
            "two_factor",
            &["二要素認証（端末）", "二要素認証", "多要素認証", "2要素認証", "端末の二要素認証", "two factor"],
            Input::YesNo,
        ),
        TWO_FACTOR_SERVER = field(
            "two_factor_server",
            &["二要素認証（サーバ）", "サーバの二要素認証", "サーバログインの二要素認証", "two factor server"],
            Input::YesNo,
        ),
        PASSWORD_RULE = field(
            "password_rule",
            &[
                "パスワードの桁数・文字種のルール",
                "パスワードの桁数・変更ルール",
                "パスワードルール",
                "パスワード設定",
                "password rule",
            ],
            Input::YesNo,
        ),
        PASSWORD_NO_REUSE = field(
            "password_no_reuse",
            &["パスワードの使い回し禁止", "パスワード再利用禁止", "パスワード履歴", "password no reuse"],
            Input::YesNo,
        ),
        ACCOUNT_LOCKOUT = field(
            "account_lockout",
            &["アカウントロック", "ログイン失敗時のロック", "account lockout"],
            Input::YesNo,
        ),
        LOG_REVIEW = field(
            "log_review",
            &["ログの定期確認", "アクセスログの定期確認", "ログ確認", "log review"],
            Input::YesNo,
        ),
        NOTES = field("notes", NOTE_HEADERS, Input::Long),
    }
}

register_table! {
    VENDORS, vendors {
        NAME = required("name", &["事業者名", "名称", "会社名", "ベンダー", "name"], LINE),
        CONTACT_PERSON = field("contact_person", &["担当者", "営業担当", "contact"], LINE),
        PHONE = field("phone", &["電話番号", "電話", "平常時の連絡先", "phone"], LINE),
        EMAIL = field("email", &["メール", "メールアドレス", "email"], LINE),
        EMERGENCY_CONTACT = field("emergency_contact", &["緊急時の連絡先", "緊急連絡先", "緊急時担当", "emergency contact"], LINE),
        EMERGENCY_PHONE = field("emergency_phone", &["緊急時の電話番号", "緊急電話", "夜間休日電話", "emergency phone"], LINE),
        HOURS = field("hours", &["対応時間", "受付時間", "hours"], LINE),
        CONTRACT = field("contract", &["契約内容", "保守契約", "契約", "contract"], Input::Long),
        CONTRACT_ENDS_ON = field("contract_ends_on", &["契約期間満了日", "契約満了日", "contract ends"], Input::Date),
        REMOTE_MAINTENANCE = field(
            "remote_maintenance",
            &["リモート保守", "リモートメンテナンス", "remote maintenance"],
            Input::YesNo,
        ),
        REMOTE_METHOD = field("remote_method", &["リモート保守の方法", "接続方法", "remote method"], LINE),
        MDS_SDS_RECEIVED_ON = field(
            "mds_sds_received_on",
            &["MDS/SDS受領日", "MDS受領日", "SDS受領日", "mds sds received"],
            Input::Date,
        ),
        MDS_SDS_VERSION = field("mds_sds_version", &["MDS/SDSの版", "MDS/SDS版", "mds sds version"], LINE),
        NOTES = field("notes", NOTE_HEADERS, Input::Long),
    }
}

register_table! {
    BACKUPS, backups {
        NAME = required("name", &["名称", "バックアップ名", "name"], LINE),
        SYSTEM = required("system", &["対象システム", "システム", "system"], LINE),
        METHOD = required("method", &["方法", "バックアップ方法", "媒体", "method"], LINE),
        FREQUENCY = required("frequency", &["頻度", "取得頻度", "frequency"], Input::Choice(FREQUENCIES)),
        GENERATIONS = field("generations", &["保持世代数", "世代数", "世代", "generations"], Input::Number(1, 9999)),
        MEDIA = field("media", &["媒体の種類", "媒体種別", "media"], Input::Choice(MEDIA)),
        OFFLINE = field("offline", &["オフライン保管", "オフライン", "ネットワークから切り離し", "offline"], Input::YesNo),
        PLACE = field("place", &["保管場所", "保管先", "place"], LINE),
        ENCRYPTED = field("encrypted", &["暗号化", "encrypted"], Input::YesNo),
        PROCEDURE = field("procedure", &["復元手順書", "リストア手順書", "手順書", "procedure"], LINE),
        NOTES = field("notes", NOTE_HEADERS, Input::Long),
    }
}

register_table! {
    RESTORE_TESTS, restore_tests {
        SYSTEM = required("system", &["対象システム", "システム", "system"], LINE),
        TESTED_ON = required("tested_on", &["実施日", "テスト日", "tested on"], Input::Date),
        RESULT = required("result", &["結果", "result"], Input::Choice(RESULTS)),
        MINUTES = field("minutes", &["所要時間（分）", "所要時間", "minutes"], Input::Number(0, 100_000)),
        BACKUP = field("backup", &["使ったバックアップ", "バックアップ", "backup"], LINE),
        NOTES = field("notes", NOTE_HEADERS, Input::Long),
    }
}

/// Kinds of the institution's rules and plans; the first two ground checklist items.
pub const DOCUMENT_KINDS: &[Choice] = &[
    choice("operation_rules", "運用管理規程", &["運用管理規定", "運用規程", "管理規程", "セキュリティ規程"]),
    choice("bcp", "BCP（事業継続計画）", &["BCP", "IT-BCP", "事業継続計画", "業務継続計画"]),
    choice(
        "incident_procedure",
        "インシデント対応手順",
        &["インシデント対応手順書", "障害対応手順", "緊急時対応手順"],
    ),
    choice("restore_procedure", "復元手順書", &["リストア手順書", "復旧手順書"]),
    choice("security_policy", "情報セキュリティ方針", &["セキュリティポリシー", "基本方針"]),
    choice("outsourcing", "委託契約・責任分界", &["委託契約", "責任分界", "契約書"]),
    choice("other", "その他", &[]),
];

register_table! {
    DOCUMENTS, documents {
        KIND = required("kind", &["種類", "区分", "文書の種類", "kind"], Input::Choice(DOCUMENT_KINDS)),
        TITLE = required("title", &["文書名", "名称", "表題", "title"], LINE),
        VERSION = field("version", &["版", "バージョン", "version"], LINE),
        ENACTED_ON = field("enacted_on", &["制定日", "策定日", "作成日", "enacted"], Input::Date),
        REVISED_ON = field("revised_on", &["最終改定日", "改定日", "改訂日", "更新日", "revised"], Input::Date),
        APPROVED_BY = field("approved_by", &["承認者", "決裁者", "approved by"], LINE),
        PLACE = field("place", &["保管場所", "保管先", "place"], LINE),
        NOTES = field("notes", NOTE_HEADERS, Input::Long),
    }
}

register_table! {
    CONTACTS, contacts {
        ROLE = required("role", &["役割", "区分", "role"], Input::Choice(CONTACT_ROLES)),
        NAME = required("name", &["氏名・名称", "氏名", "名称", "担当", "name"], LINE),
        ORGANIZATION = field("organization", &["所属・組織", "所属", "組織", "部署", "organization"], LINE),
        PHONE = field("phone", &["電話番号", "電話", "内線", "phone"], LINE),
        PHONE_AFTER_HOURS = field("phone_after_hours", &["夜間・休日の連絡先", "夜間休日", "携帯", "after hours"], LINE),
        EMAIL = field("email", &["メール", "メールアドレス", "email"], LINE),
        ORDER = field("order", &["連絡順", "順番", "order"], Input::Number(1, 999)),
        NOTES = field("notes", NOTE_HEADERS, Input::Long),
    }
}
