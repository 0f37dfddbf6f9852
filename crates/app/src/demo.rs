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
        Ok(institution)
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
            self.store.record_login_failure(&editor, &actor, now.plus_minutes(-2 * DAY)).await?;
        }
        Ok(())
    }
}
