//! The demo institution's registers: a small ledger, its systems, vendors, backups, contact
//! chart, outside connections, rules and plans, and one account review, so that the checklist's
//! suggestions have something to stand on. Dates are counted back from today, so the demo never ages.
//!
//! Everything goes through the same imports a person would use; a row the importer refused would
//! make loading the demo fail, which the demo's test would catch.

use crate::App;
use crate::account_reviews::{ReviewRequest, Upload};
use crate::error::{AppError, AppResult};
use iryosec_core::CancelToken;
use iryosec_core::InstitutionId;
use iryosec_core::audit::Actor;
use iryosec_core::register::Register;
use time::{Date, Duration};

const LEDGER: &str = "管理番号,機器名,種類,設置場所,部署,IPアドレス,OS,保守事業者,リモート保守,リモート保守の経路,経由するVPN装置,\
患者情報,パッチ状況,接続元制限,USB制限,アクセスログ,不要サービス停止,サポート終了日,最終確認日,メーカー,型番\n\
SV-001,電子カルテサーバ,サーバ,サーバ室,情報システム室,10.0.1.10,Windows Server 2022,みどり医療システム,有,IPsec-VPN,VPN-01,有,最新,有,有,有,有,2031-10-13,{recent},,\n\
SV-002,PACSサーバ,サーバ,サーバ室,放射線科,10.0.1.20,Windows Server 2019,あおば画像,有,IPsec-VPN,VPN-01,有,適用待ち,有,有,有,有,2029-01-09,{recent},,\n\
PC-101,外来受付端末,端末PC,本館1階,医事課,10.0.2.101,Windows 11,,無,,,有,最新,,有,有,有,,{recent},,\n\
PC-102,病棟端末,端末PC,本館3階,看護部,10.0.2.102,Windows 11,,無,,,有,最新,,無,有,有,,{old},,\n\
NW-001,院内コアスイッチ,スイッチ,サーバ室,情報システム室,10.0.0.2,,ひかりネット,無,,,無,最新,有,,,有,,{recent},,\n\
VPN-01,保守用VPN装置,VPN装置,サーバ室,情報システム室,10.0.0.1,FortiOS 7.2.10,ひかりネット,無,,,無,最新,有,,有,有,,{recent},Fortinet,FortiGate 60F\n";

const SYSTEMS: &str = "システム名,区分,稼働する機器（管理番号）,事業者,契約更新日,責任分界の合意,患者情報,復旧優先順位,\
職種別のアクセス権限,二要素認証（端末）,二要素認証（サーバ）,パスワードの桁数・文字種のルール,パスワードの使い回し禁止,\
アカウントロック,ログの定期確認\n\
電子カルテ,電子カルテ,\"SV-001、PC-101、PC-102\",みどり医療システム,{renewal},有,有,1,有,無,無,有,有,有,有\n\
PACS,PACS,SV-002,あおば画像,{renewal},有,有,2,有,無,無,有,有,有,無\n";

const VENDORS: &str = "事業者名,担当者,電話番号,緊急時の電話番号,対応時間,リモート保守,MDS/SDS受領日\n\
みどり医療システム,営業部 佐藤,03-0000-1111,0120-000-111,24時間,有,{mds}\n\
あおば画像,保守窓口,03-0000-2222,0120-000-222,平日9-18時,有,\n\
ひかりネット,ネットワーク保守,03-0000-3333,0120-000-333,24時間,有,{mds}\n";

const BACKUPS: &str = "名称,対象システム,方法,頻度,保持世代数,媒体の種類,オフライン保管,保管場所,暗号化,復元手順書\n\
電子カルテ日次,電子カルテ,NAS,毎日,7,追記可能,いいえ,サーバ室,有,電子カルテ復元手順書\n\
電子カルテ週次,電子カルテ,LTO テープ,毎週,4,追記不能（WORM）,はい,事務長室の金庫,有,電子カルテ復元手順書\n\
PACS日次,PACS,NAS,毎日,3,追記可能,いいえ,サーバ室,有,\n";

const RESTORE_TESTS: &str = "対象システム,実施日,結果,所要時間（分）,使ったバックアップ\n\
電子カルテ,{tested},成功,95,電子カルテ週次\n";

const CONTACTS: &str = "役割,氏名・名称,所属・組織,電話番号,夜間・休日の連絡先,連絡順\n\
経営層,桜井 花子（院長）,さくら記念病院,内線100,090-0000-0100,1\n\
医療情報システム安全管理責任者,医療 一郎（事務長）,さくら記念病院,内線110,090-0000-0110,2\n\
システム担当,情報 太郎,情報システム室,内線120,090-0000-0120,3\n\
事業者（保守窓口）,みどり医療システム,,0120-000-111,0120-000-111,4\n\
厚生労働省,医政局 特別対策室,厚生労働省,（番号を記入）,,5\n\
警察（サイバー犯罪相談窓口）,サイバー犯罪相談窓口,都道府県警察,（番号を記入）,,6\n";

const CONNECTIONS: &str = "接続名,種類,設置場所,機器（管理番号）,運用する事業者,接続するシステム,接続先,連絡先,認証方式,\
二要素認証,接続元の制限,ログの保存,最終確認日\n\
電子カルテ保守回線,リモート保守回線,サーバ室,VPN-01,みどり医療システム,電子カルテ,みどり医療システム 保守センター,0120-000-111,証明書とパスワード,有,有,有,{recent}\n\
PACS保守回線,リモート保守回線,サーバ室,VPN-01,あおば画像,PACS,あおば画像 保守センター,0120-000-222,証明書とパスワード,有,有,有,{recent}\n";

const DOCUMENTS: &str = "種類,文書名,版,制定日,最終改定日,保管場所\n\
運用管理規程,医療情報システム運用管理規程,第3版,2019-04-01,{revised},事務長室\n";

const AD_EXPORT: &str = "SamAccountName,Name,Enabled,LastLogonDate,EmployeeID\n\
ichiro,医療 一郎,True,{recent},0001\n\
taro,情報 太郎,True,{recent},0002\n\
hanako,桜井 花子,True,{recent},0003\n\
yamada,山田 次郎,True,{old},0004\n\
admin,Administrator,True,{recent},\n";

const ROSTER: &str = "職員番号,氏名,部署,入職日,退職日\n\
0001,医療 一郎,事務部,2010-04-01,\n\
0002,情報 太郎,情報システム室,2015-04-01,\n\
0003,桜井 花子,診療部,2005-04-01,\n\
0004,山田 次郎,医事課,2012-04-01,{left}\n";

impl App {
    pub(crate) async fn demo_registers(&self, institution: InstitutionId, actor: &Actor) -> AppResult<()> {
        let today = self.today();
        let fill = |text: &str| fill_dates(text, today);
        let ledger = fill(LEDGER);
        let imported = self
            .import_ledger(
                institution,
                iryosec_io::table::Source::new("demo", ledger.as_bytes(), &CancelToken::never()),
                &crate::ledger_import::LedgerChoice::default(),
                false,
                actor,
            )
            .await?;
        if !imported.read.errors.is_empty() {
            return Err(AppError::internal("demo ledger")(format!("{:?}", imported.read.errors)));
        }
        let registers = [
            (Register::Vendors, VENDORS),
            (Register::Systems, SYSTEMS),
            (Register::Backups, BACKUPS),
            (Register::RestoreTests, RESTORE_TESTS),
            (Register::Contacts, CONTACTS),
            (Register::Connections, CONNECTIONS),
            (Register::Documents, DOCUMENTS),
        ];
        for (register, text) in registers {
            let text = fill(text);
            let report = self
                .import_register(
                    institution,
                    register,
                    iryosec_io::table::Source::new("demo", text.as_bytes(), &CancelToken::never()),
                    false,
                    actor,
                )
                .await?;
            if !report.errors.is_empty() {
                return Err(AppError::internal("demo register")(format!(
                    "{}: {:?}",
                    register.code(),
                    report.errors
                )));
            }
        }
        self.demo_account_review(institution, today, actor).await
    }

    async fn demo_account_review(
        &self,
        institution: InstitutionId,
        today: Date,
        actor: &Actor,
    ) -> AppResult<()> {
        let upload = |name: &str, text: &str| Upload {
            file_name: name.into(),
            bytes: fill_dates(text, today).into_bytes(),
        };
        let request = ReviewRequest {
            accounts: vec![("Active Directory".into(), upload("ad.csv", AD_EXPORT))],
            roster: Some(upload("職員名簿.csv", ROSTER)),
            reviewed_on: (today - Duration::days(7)).to_string(),
            unused_days: "90".into(),
        };
        self.run_account_review(institution, request, actor, &CancelToken::never())
            .await
            .map(|_| ())
            .map_err(|e| AppError::internal("demo account review")(format!("{e:?}")))
    }
}

/// Puts dates counted back from today into a demo file: `{recent}` a month ago, `{old}` over a
/// year ago, and so on.
fn fill_dates(text: &str, today: Date) -> String {
    let back = |days: i64| (today - Duration::days(days)).to_string();
    let ahead = |days: i64| (today + Duration::days(days)).to_string();
    text.replace("{recent}", &back(30))
        .replace("{old}", &back(420))
        .replace("{left}", &back(60))
        .replace("{tested}", &back(120))
        .replace("{mds}", &back(200))
        .replace("{revised}", &back(300))
        .replace("{renewal}", &ahead(200))
}
