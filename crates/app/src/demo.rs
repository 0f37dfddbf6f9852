//! A sample institution so a newcomer sees a lived-in application. Everything it creates is
//! marked as demo data and every page says so. It goes into its own data folder.

use crate::error::AppResult;
use crate::setup::AdminInput;
use crate::{App, password};
use iryosec_core::audit::Actor;
use iryosec_core::institution::{Institution, InstitutionInput};
use iryosec_core::role::Role;
use iryosec_core::user::LoginId;
use iryosec_store::NewUser;

pub const DEMO_ADMIN: &str = "demo-admin";
/// Shown on the login page of a demo server; never used outside demo data.
pub const DEMO_PASSWORD: &str = "sakura-demo-2025";

const DEMO_STAFF: [(&str, &str, Role); 3] = [
    ("demo-editor", "情報 太郎（情報システム担当）", Role::Editor),
    ("demo-director", "桜井 花子（院長）", Role::Viewer),
    ("demo-auditor", "監査 次郎（監査室）", Role::Auditor),
];

const DAY: i64 = 24 * 60;

impl App {
    /// Loads the demo institution unless one exists; returns it either way.
    pub async fn load_demo(&self) -> AppResult<Institution> {
        if let Some(existing) = self.store.institutions().await?.into_iter().find(|i| i.is_demo) {
            return Ok(existing);
        }
        let actor = Actor::cli("demo");
        let profile = InstitutionInput {
            name: "【デモ】さくら記念病院".into(),
            kind: "hospital".into(),
            prefecture: "13".into(),
            beds: "180".into(),
            medical_code: "1311234567".into(),
        };
        let admin = AdminInput {
            login_id: DEMO_ADMIN.into(),
            display_name: "医療 一郎（事務長）".into(),
            password: DEMO_PASSWORD.into(),
            password_confirm: DEMO_PASSWORD.into(),
        };
        let (institution, _) =
            self.create_institution_inner(&profile, &admin, "ja", false, true, &actor).await?;
        let now = self.clock.now();
        let hash = password::hash(DEMO_PASSWORD).await?;
        for (login, name, role) in DEMO_STAFF {
            let user = NewUser {
                login_id: LoginId::parse(login).map_err(crate::AppError::Refused)?,
                display_name: name.into(),
                role,
                password_hash: hash.clone(),
                lang: "ja".into(),
            };
            self.store.create_user(institution.id, &user, &actor, now.plus_minutes(-20 * DAY)).await?;
        }
        self.demo_history(&institution, now).await?;
        self.demo_registers(institution.id, &actor).await?;
        self.demo_bcp(institution.id, &actor).await?;
        self.demo_assessments(&institution).await?;
        Ok(institution)
    }

    /// Last year's checklist fully answered, and this year's carried from it and answered in
    /// turn: access logs still open (いいえ with a 目標日 inside the year), everything else はい.
    async fn demo_assessments(&self, institution: &Institution) -> AppResult<()> {
        use crate::assessments::StartAssessment;
        use iryosec_core::assessment::Facts;
        let actor = Actor::cli("demo");
        let this_year = self.current_fiscal_year().0;
        let Some(last_edition) = self.proposed_edition(institution.profile.kind, this_year - 1).await? else {
            return Ok(());
        };
        let start = StartAssessment {
            fiscal_year: this_year - 1,
            edition_id: last_edition.id.clone(),
            carry_from: None,
            facts: Facts::default(),
        };
        let last = self.start_assessment(institution.id, &start, &actor).await?;
        let dates = (format!("{}-06-10", this_year - 1), format!("{this_year}-02-28"));
        self.demo_answers(institution, &last_edition, last.id, dates, true, &actor).await;
        if let Some(edition) = self.proposed_edition(institution.profile.kind, this_year).await? {
            let start = StartAssessment {
                fiscal_year: this_year,
                edition_id: edition.id.clone(),
                carry_from: Some(last.id),
                facts: Facts::default(),
            };
            let this = self.start_assessment(institution.id, &start, &actor).await?;
            let today = self.today();
            let dates = (
                crate::demo_bcp::demo_day("{action_done}", today),
                crate::demo_bcp::demo_day("{year_end}", today),
            );
            self.demo_answers(institution, &edition, this.id, dates, false, &actor).await;
        }
        Ok(())
    }

    /// Answers every slot of `edition`: はい, except the access logs (and, in the earlier year,
    /// the terminals' unneeded accounts), which are いいえ with a 目標日 and a note.
    async fn demo_answers(
        &self,
        institution: &Institution,
        edition: &iryosec_core::catalog::Edition,
        assessment: i64,
        (confirmed, target): (String, String),
        accounts_open: bool,
        actor: &Actor,
    ) {
        use iryosec_core::assessment::{AnswerInput, Slot};
        let mut inputs = Vec::new();
        for item in &edition.items {
            for scope in item.slots() {
                let open = item.key == "access.logs"
                    || (accounts_open
                        && item.key == "access.remove_unneeded_accounts"
                        && scope.is_some_and(|s| s.code() == "terminal"));
                let input = AnswerInput {
                    value: if open { "いいえ" } else { "はい" }.into(),
                    confirmed_1: confirmed.clone(),
                    target: if open { target.clone() } else { String::new() },
                    note: if open { "ログ保管装置の導入を予定".into() } else { String::new() },
                    confirmed_by: "情報 太郎".into(),
                    ..Default::default()
                };
                inputs.push((Slot::new(&item.key, scope), input));
            }
        }
        if let Err(e) = self.save_answers(institution.id, assessment, &inputs, "情報 太郎", actor).await {
            tracing::warn!(?e, "demo answers not saved");
        }
    }

    /// A little history: the bed count was corrected, someone mistyped a password.
    async fn demo_history(&self, institution: &Institution, now: iryosec_core::Timestamp) -> AppResult<()> {
        let admin_actor =
            Actor { login: DEMO_ADMIN.into(), ip: Some("192.0.2.10".into()), ..Actor::default() };
        let mut corrected = institution.profile.clone();
        corrected.beds = Some(199);
        self.store
            .update_institution(institution.id, &corrected, &admin_actor, now.plus_minutes(-10 * DAY))
            .await?;
        if let Some(editor) = self
            .store
            .user_by_login(&LoginId::parse("demo-editor").map_err(crate::AppError::Refused)?)
            .await?
        {
            let actor = Actor {
                user_id: Some(editor.id.get()),
                login: editor.login_id.to_string(),
                ip: Some("192.0.2.23".into()),
                request_id: None,
            };
            let client = actor.ip.as_deref().unwrap_or_default();
            self.store.record_login_failure(&editor, client, &actor, now.plus_minutes(-2 * DAY)).await?;
        }
        Ok(())
    }
}
