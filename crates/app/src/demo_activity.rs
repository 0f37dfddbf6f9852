//! The demo institution's year of activity beyond the checklist: the BCP check and its printed
//! card, a real incident handled and closed, the surveys answered from the registers, and this
//! year's role checks (経営層, システム管理者, and a handful of staff sheets by department). Everything goes through the use
//! cases a person's forms call, so the demo shows what those forms leave behind.

use crate::App;
use crate::error::{AppError, AppResult};
use crate::surveys::SurveyForm;
use iryosec_core::InstitutionId;
use iryosec_core::audit::Actor;
use iryosec_core::incident::{IncidentInput, StepInput};
use iryosec_core::roles::{Audience, MarkInput};
use serde_json::{Value, json};

/// The incident's steps as the system administrator marked them, in the page's order: (step,
/// minutes after detection, who, note). A step without a person did not apply, for the reason
/// in its note; an incident closes only when every step is decided.
const INCIDENT_STEPS: [(&str, i64, &str, &str); 17] = [
    ("record_signs", 5, "情報 太郎", "受信者の画面と届いたメールを写真で記録"),
    ("report_officer", 15, "情報 太郎", "医療 一郎（事務長）に内線で報告"),
    ("isolate_network", 20, "情報 太郎", "該当の外来受付端末の LAN ケーブルを抜いた"),
    ("report_executive", 45, "医療 一郎", "桜井 花子（院長）に報告。診療は継続と判断"),
    ("contact_vendor", 60, "情報 太郎", "みどり医療システムに電話。電子カルテ側に不審な通信はないと回答"),
    ("preserve_evidence", 90, "情報 太郎", "メール本文と添付ファイルを USB メモリに保全し金庫へ"),
    ("decide_operation", 0, "", "電子カルテは止まらず、診療は通常どおり続けたため"),
    ("contact_mhlw", 0, "", "被害がなく、報告の対象にあたらないと事務長が判断したため"),
    ("consult_police", 0, "", "被害がなく、相談の対象にあたらないと事務長が判断したため"),
    ("confirm_recovery_order", 0, "", "止まったシステムがないため"),
    ("check_clean_backups", 0, "", "止まったシステムがないため"),
    ("restore_systems", 180, "情報 太郎", "外来受付端末を初期化し、業務用ソフトを入れ直した"),
    ("verify_restored", 240, "情報 太郎", "ウイルス検査で検出なし。受付業務に戻した"),
    ("report_results", 24 * 60, "医療 一郎", "院内会議で経過と再発防止策を報告"),
    ("prevent_recurrence", 3 * 24 * 60, "情報 太郎", "全職員に不審メールの見分け方を周知した"),
    ("instruct_vendors", 0, "", "事業者の側に原因がないため"),
    ("report_outside", 0, "", "外部への報告が必要な被害がないため"),
];

/// The staff sheets typed in from paper: (department, job role, one item answered ×).
const STAFF_SHEETS: [(&str, &str, bool); 5] = [
    ("看護部", "nurse", false),
    ("看護部", "nurse", true),
    ("医事課", "clerical", false),
    ("薬剤部", "pharmacist", false),
    ("放射線科", "medical_technical", true),
];

impl App {
    pub(crate) async fn demo_activity(&self, institution: InstitutionId, actor: &Actor) -> AppResult<()> {
        self.demo_bcp_check(institution, actor).await?;
        self.demo_incident(institution, actor).await?;
        self.demo_surveys(institution, actor).await?;
        self.demo_role_checks(institution, actor).await
    }

    /// This year's BCP check, every item done with the BCP document linked, and the first-response
    /// card printed as the registers stand.
    async fn demo_bcp_check(&self, institution: InstitutionId, actor: &Actor) -> AppResult<()> {
        let year = self.current_fiscal_year().0;
        let overview = self.bcp_overview(institution, year).await?;
        let document = overview.documents.first().map(|d| d.id.to_string()).unwrap_or_default();
        let get = |field: &str| match field {
            "document" => document.clone(),
            f if f.starts_with("status.") => "done".to_owned(),
            _ => String::new(),
        };
        self.save_bcp_check(institution, year, &get, actor).await?;
        let card = self.bcp_card(institution).await?;
        self.record_card_print(institution, &card.fingerprint, actor).await
    }

    /// A suspicious mail opened at the front desk: signs recorded, reported, the terminal
    /// isolated and restored, the results reported, and the incident closed.
    async fn demo_incident(&self, institution: InstitutionId, actor: &Actor) -> AppResult<()> {
        let day = crate::demo_bcp::demo_day("{incident}", self.today());
        let detected = format!("{day} 09:10");
        let input = IncidentInput {
            kind: "suspicious_mail".into(),
            title: "外来受付端末で不審メールの添付ファイルを開いた".into(),
            systems: vec!["電子カルテ".into()],
            detected_by: "医事課 受付担当".into(),
            detected_how: "請求書を装ったメールの添付ファイルを開いた後、画面が一瞬暗くなった".into(),
            detected_at: detected.clone(),
            drill: false,
        };
        let id = self.open_incident(institution, &input, actor).await?;
        let start = iryosec_core::incident::parse_jst_datetime(&detected)
            .ok_or_else(|| AppError::internal("demo incident time")(detected.to_string()))?;
        for (step, minutes, who, note) in INCIDENT_STEPS {
            let input = match who {
                "" => {
                    StepInput { status: "not_applicable".into(), note: note.into(), ..StepInput::default() }
                }
                _ => StepInput {
                    status: "done".into(),
                    actor: who.into(),
                    done_at: iryosec_core::incident::format_jst_input(start.plus_minutes(minutes)),
                    note: note.into(),
                },
            };
            self.record_incident_step(institution, id, step, &input, "", actor).await?;
        }
        let note = "端末のウイルス検査で検出なし。メールは院内全体に注意喚起した";
        self.add_incident_note(institution, id, note, "", actor).await?;
        let closing = "端末を初期化して業務に戻した。外部への報告が必要な被害はなかった";
        self.close_incident(institution, id, closing, actor).await.map(|_| ())
    }

    /// Every shipped survey, so the survey history has years to compare: each proposal from the
    /// registers confirmed, the rest answered as the registers say (a BCP document and a drill,
    /// MDS/SDS received, daily backups on two kinds of media, seven generations).
    async fn demo_surveys(&self, institution: InstitutionId, actor: &Actor) -> AppResult<()> {
        let name = self.institution(institution).await?.profile.name;
        for edition in iryosec_core::survey::builtin::editions() {
            let mut answers = self.survey_state(institution, &edition.id).await?.answers;
            let respondent = json!([{
                "name": "情報 太郎", "corporation": "医療法人さくら会", "hospital": name, "contact": "内線120"
            }]);
            answers.insert("Q1".into(), respondent);
            for q in edition.questions() {
                let chosen = match q.id.as_str() {
                    "Q6" => json!([1, 2]),
                    "Q12-1" | "Q12-3" => json!(1),
                    "Q12-2" | "Q12-4" => json!(2),
                    _ => Value::Bool(true),
                };
                if q.parse_answer(&chosen).is_ok() {
                    answers.entry(q.id.clone()).or_insert(chosen);
                }
            }
            let form = SurveyForm { answers, confirm_all: true, ..SurveyForm::default() };
            self.save_survey(institution, &edition.id, form, actor).await?;
        }
        Ok(())
    }

    /// This year's 経営層向け and システム管理者向け checks, and five staff sheets from paper.
    async fn demo_role_checks(&self, institution: InstitutionId, actor: &Actor) -> AppResult<()> {
        let year = self.current_fiscal_year().0;
        for audience in [Audience::Executive, Audience::SystemAdmin] {
            let list = self.role_check_page(institution, year, audience).await?.list;
            let marks = marks_for(list.items.iter().map(|i| i.key.as_str()), false);
            self.save_role_answers(institution, year, audience, &marks, actor).await?;
        }
        self.issue_staff_code(institution, year, "全職員", "看護部、医事課、薬剤部、放射線科", actor).await?;
        let list = self.role_list_in_force(Audience::Clinical, year).await?;
        for (department, job_role, one_no) in STAFF_SHEETS {
            let submission = crate::staff_check::StaffSubmission {
                department: department.into(),
                job_role: job_role.into(),
                marks: marks_for(list.items.iter().map(|i| i.key.as_str()), one_no),
            };
            self.record_paper_staff_check(institution, year, &submission, actor).await?;
        }
        Ok(())
    }
}

/// ○ for every item; with `one_no`, the last one × (a person who has not yet done it).
fn marks_for<'a>(keys: impl ExactSizeIterator<Item = &'a str>, one_no: bool) -> Vec<MarkInput> {
    let last = keys.len().saturating_sub(1);
    keys.enumerate()
        .map(|(n, key)| MarkInput {
            key: key.into(),
            mark: if one_no && n == last { "no" } else { "yes" }.into(),
            note: String::new(),
        })
        .collect()
}
