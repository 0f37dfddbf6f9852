//! The demo institution's BCP side: the IT-BCP document, each department's paper operation
//! (代替運用), a tabletop drill with its improvement actions, a drill run on the incident pages,
//! staff and their training. Dates fall inside this fiscal year, counted from the `Clock`, so the
//! BCP page, the training coverage and the checklist's suggestions all see the same year.

use crate::App;
use crate::error::{AppError, AppResult};
use iryosec_core::CancelToken;
use iryosec_core::InstitutionId;
use iryosec_core::audit::Actor;
use iryosec_core::date::FiscalYear;
use iryosec_core::incident::IncidentInput;
use iryosec_core::register::Register;
use time::{Date, Duration};

const BCP_DOCUMENT: &str = "種類,文書名,版,制定日,最終改定日,保管場所\n\
BCP（事業継続計画）,サイバー攻撃を想定した事業継続計画（IT-BCP）,第2版,2024-03-01,{early},事務長室・情報システム室\n";

const PAPER_OPERATIONS: &str = "部署,紙運用の内容,帳票の保管場所,担当者\n\
医事課,外来受付は紙の受付票と手書きの診察券番号控えで行い、会計は後日まとめて入力する,医事課 書庫の「停電・障害時」箱,医事課長\n\
看護部,病棟の指示・記録は紙の指示簿と温度板に切り替え、復旧後に電子カルテへ転記する,各病棟ナースステーションの棚,看護部長\n\
薬剤部,処方は紙の処方箋で受け、調剤記録を手書きで残す,薬剤部 調剤室,薬剤部長\n";

const DRILLS: &str = "訓練名,種類,実施日,想定シナリオ,参加者,確認した手順,気づいた点\n\
ランサムウェア机上訓練,机上訓練,{drill},電子カルテサーバがランサムウェアで暗号化された,院長、事務長、情報システム室、看護部長,初動対応カード・連絡体制図・紙運用への切り替え,夜間の事業者連絡先が古かった\n";

const DRILL_ACTIONS: &str = "訓練名,改善策,担当者,期限,完了日\n\
ランサムウェア机上訓練,夜間の事業者連絡先を更新する,情報 太郎,{action_done},{action_done}\n\
ランサムウェア机上訓練,紙運用の帳票を各病棟に追加で配る,看護部長,{year_end},\n";

const STAFF: &str = "氏名,研修の対象,所属\n\
桜井 花子,経営層,診療部\n\
医療 一郎,システム管理者,事務部\n\
情報 太郎,システム管理者,情報システム室\n\
看護 良子,医療従事者,看護部\n";

const TRAININGS: &str = "氏名,研修の対象,研修名,受講日,実施\n\
桜井 花子,経営層,経営層向けサイバーセキュリティ研修,{training},院外（厚生労働省の研修・e-learning など）\n\
医療 一郎,システム管理者,システム管理者向け研修,{training},院外（厚生労働省の研修・e-learning など）\n\
情報 太郎,システム管理者,システム管理者向け研修,{training},院外（厚生労働省の研修・e-learning など）\n\
看護 良子,医療従事者,職員向け情報セキュリティ研修,{drill},院内\n";

impl App {
    pub(crate) async fn demo_bcp(&self, institution: InstitutionId, actor: &Actor) -> AppResult<()> {
        let fill = |text: &str| fill_year_dates(text, self.today());
        let registers = [
            (Register::Documents, BCP_DOCUMENT),
            (Register::PaperOperations, PAPER_OPERATIONS),
            (Register::Drills, DRILLS),
            (Register::DrillActions, DRILL_ACTIONS),
            (Register::Staff, STAFF),
            (Register::Trainings, TRAININGS),
        ];
        let never = CancelToken::never();
        for (register, text) in registers {
            let text = fill(text);
            let source = iryosec_io::table::Source::new("demo", text.as_bytes(), &never);
            let report = self.import_register(institution, register, source, false, actor).await?;
            if !report.errors.is_empty() {
                return Err(AppError::Internal(format!("demo {}: {:?}", register.code(), report.errors)));
            }
        }
        let drill = IncidentInput {
            kind: "ransomware".into(),
            title: "ランサムウェア想定の実動訓練".into(),
            systems: vec!["電子カルテ".into()],
            detected_by: "情報 太郎".into(),
            detected_how: "訓練の想定: 外来受付端末に脅迫文が表示された".into(),
            detected_at: format!("{} 10:00", fill("{drill}")),
            drill: true,
        };
        self.open_incident(institution, &drill, actor).await.map(|_| ())
    }
}

/// A day of this fiscal year for the demo: `{early}`, `{training}`, `{drill}`, `{action_done}`
/// or `{year_end}` as [`fill_year_dates`] puts them.
pub(crate) fn demo_day(name: &str, today: Date) -> String {
    fill_year_dates(name, today)
}

/// Puts days of this fiscal year into a demo file: `{early}` near its start, `{drill}` and
/// `{training}` between its start and today, `{action_done}` a little before today, `{year_end}`
/// its last day.
fn fill_year_dates(text: &str, today: Date) -> String {
    let year = FiscalYear::containing(today);
    let start = year.start().unwrap_or(today);
    let end = year.end().unwrap_or(today);
    let elapsed = (today - start).whole_days();
    let at = |fraction: i64| (start + Duration::days(elapsed * fraction / 10)).to_string();
    text.replace("{early}", &at(1))
        .replace("{training}", &at(3))
        .replace("{drill}", &at(5))
        .replace("{action_done}", &at(8))
        .replace("{year_end}", &end.to_string())
}
