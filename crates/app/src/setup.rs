//! First run: the institution and its first administrator.

use crate::error::{AppError, AppResult};
use crate::{App, password};
use iryosec_core::audit::Actor;
use iryosec_core::institution::{Institution, InstitutionInput};
use iryosec_core::role::Role;
use iryosec_core::user::{LoginId, User, parse_display_name};
use iryosec_core::{FieldError, Message};
use iryosec_store::NewUser;
use serde::Deserialize;

/// The first administrator as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AdminInput {
    pub login_id: String,
    #[serde(default)]
    pub display_name: String,
    pub password: String,
    pub password_confirm: String,
}

/// Validates a new account's fields; every problem at once.
pub fn check_account(
    login_id: &str,
    display_name: &str,
    password: &str,
    confirm: &str,
    errors: &mut Vec<FieldError>,
) -> Option<(LoginId, String)> {
    let login = LoginId::parse(login_id).map_err(|m| errors.push(FieldError::new("login_id", m))).ok();
    let name = login.as_ref().and_then(|l| {
        parse_display_name(display_name, l).map_err(|m| errors.push(FieldError::new("display_name", m))).ok()
    });
    check_new_password(password, confirm, login.as_ref().map_or(login_id, LoginId::as_str), errors);
    Some((login?, name?))
}

pub fn check_new_password(password: &str, confirm: &str, login_id: &str, errors: &mut Vec<FieldError>) {
    if let Err(m) = iryosec_core::password::check(password, login_id) {
        errors.push(FieldError::new("password", m));
    } else if password != confirm {
        errors.push(FieldError::new("password_confirm", Message::new("password.error.mismatch")));
    }
}

impl App {
    pub async fn is_set_up(&self) -> AppResult<bool> {
        Ok(self.store.institution_count().await? > 0)
    }

    /// Registers an institution with its first administrator. With `first_only` (the web
    /// setup page) it refuses once any institution exists; the CLI may add more.
    pub async fn create_institution(
        &self,
        institution: &InstitutionInput,
        admin: &AdminInput,
        lang: &str,
        first_only: bool,
        actor: &Actor,
    ) -> AppResult<(Institution, User)> {
        self.create_institution_inner(institution, admin, lang, first_only, false, actor).await
    }

    pub(crate) async fn create_institution_inner(
        &self,
        institution: &InstitutionInput,
        admin: &AdminInput,
        lang: &str,
        first_only: bool,
        is_demo: bool,
        actor: &Actor,
    ) -> AppResult<(Institution, User)> {
        let mut errors = Vec::new();
        let profile = institution.parse().map_err(|e| errors.extend(e)).ok();
        let account = check_account(
            &admin.login_id,
            &admin.display_name,
            &admin.password,
            &admin.password_confirm,
            &mut errors,
        );
        let (Some(profile), Some((login_id, display_name)), true) = (profile, account, errors.is_empty())
        else {
            return Err(AppError::Invalid(errors));
        };
        let password_hash = password::hash(&admin.password).await?;
        let new_admin =
            NewUser { login_id, display_name, role: Role::Admin, password_hash, lang: lang.to_owned() };
        let now = self.clock.now();
        Ok(self.store.create_institution(&profile, is_demo, &new_admin, first_only, actor, now).await?)
    }
}
