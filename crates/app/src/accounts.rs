//! Accounts: administrators manage them; everyone manages their own password and display.

use crate::error::{AppError, AppResult};
use crate::setup::{check_account, check_new_password};
use crate::{App, password};
use iryosec_core::audit::Actor;
use iryosec_core::date::DateStyle;
use iryosec_core::role::Role;
use iryosec_core::user::{User, parse_display_name};
use iryosec_core::{FieldError, InstitutionId, Message, UserId};
use iryosec_store::{NewUser, SessionRecord, UserChange};
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewUserInput {
    pub login_id: String,
    #[serde(default)]
    pub display_name: String,
    pub role: String,
    pub password: String,
    pub password_confirm: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserChangeInput {
    #[serde(default)]
    pub display_name: String,
    pub role: String,
    /// A checkbox: present ("on") when ticked.
    #[serde(default)]
    pub disabled: Option<String>,
    #[serde(default)]
    pub unlock: Option<String>,
}

fn parse_role(input: &str, errors: &mut Vec<FieldError>) -> Option<Role> {
    let role = Role::parse(input);
    if role.is_none() {
        errors
            .push(FieldError::new("role", Message::new("user.error.unknown_role").arg("role", input.trim())));
    }
    role
}

impl App {
    pub async fn users(&self, institution: InstitutionId) -> AppResult<Vec<User>> {
        Ok(self.store.users(institution).await?)
    }

    pub async fn user(&self, institution: InstitutionId, id: UserId) -> AppResult<User> {
        self.store.user(institution, id).await?.ok_or(AppError::NotFound)
    }

    pub async fn create_user(
        &self,
        institution: InstitutionId,
        input: &NewUserInput,
        lang: &str,
        actor: &Actor,
    ) -> AppResult<User> {
        let mut errors = Vec::new();
        let account = check_account(
            &input.login_id,
            &input.display_name,
            &input.password,
            &input.password_confirm,
            &mut errors,
        );
        let role = parse_role(&input.role, &mut errors);
        let (Some((login_id, display_name)), Some(role), true) = (account, role, errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let password_hash = password::hash(&input.password).await?;
        let new = NewUser { login_id, display_name, role, password_hash, lang: lang.to_owned() };
        Ok(self.store.create_user(institution, &new, actor, self.clock.now()).await?)
    }

    /// An administrator changes an account. Nobody changes their own role or disables
    /// themselves: that is how institutions lock themselves out.
    pub async fn update_user(
        &self,
        institution: InstitutionId,
        id: UserId,
        input: &UserChangeInput,
        acting_user: UserId,
        actor: &Actor,
    ) -> AppResult<User> {
        let before = self.user(institution, id).await?;
        let mut errors = Vec::new();
        let role = parse_role(&input.role, &mut errors);
        let display_name = parse_display_name(&input.display_name, &before.login_id)
            .map_err(|m| errors.push(FieldError::new("display_name", m)))
            .ok();
        let (Some(role), Some(display_name), true) = (role, display_name, errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        let disabled = input.disabled.is_some();
        if id == acting_user && (disabled || role != before.role) {
            return Err(AppError::Refused(Message::new("user.error.self_disable")));
        }
        let change = UserChange { display_name, role, disabled, unlock: input.unlock.is_some() };
        Ok(self.store.update_user(institution, id, &change, actor, self.clock.now()).await?)
    }

    /// An administrator sets a new password for someone (who forgot theirs or is locked out).
    pub async fn reset_password(
        &self,
        institution: InstitutionId,
        id: UserId,
        new_password: &str,
        confirm: &str,
        actor: &Actor,
    ) -> AppResult<()> {
        let user = self.user(institution, id).await?;
        let mut errors = Vec::new();
        check_new_password(new_password, confirm, user.login_id.as_str(), &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let hash = password::hash(new_password).await?;
        Ok(self.store.set_password(institution, id, &hash, true, None, actor, self.clock.now()).await?)
    }

    /// A person changes their own password; their other sessions end.
    pub async fn change_own_password(
        &self,
        session: &SessionRecord,
        current: &str,
        new_password: &str,
        confirm: &str,
        actor: &Actor,
    ) -> AppResult<()> {
        let user = &session.user;
        if !password::verify(&user.password_hash, current).await {
            return Err(AppError::field("current_password", Message::new("account.current_wrong")));
        }
        let mut errors = Vec::new();
        check_new_password(new_password, confirm, user.login_id.as_str(), &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let hash = password::hash(new_password).await?;
        let now = self.clock.now();
        let keep = Some(session.token_hash.as_str());
        Ok(self.store.set_password(user.institution_id, user.id, &hash, false, keep, actor, now).await?)
    }

    pub async fn set_preferences(
        &self,
        user: &User,
        lang: &str,
        date_style: &str,
        actor: &Actor,
    ) -> AppResult<User> {
        let mut errors = Vec::new();
        if !matches!(lang, "ja" | "en") {
            errors.push(FieldError::new("lang", Message::new("error.choose_one")));
        }
        if DateStyle::parse(date_style).is_none() {
            errors.push(FieldError::new("date_style", Message::new("error.choose_one")));
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let now = self.clock.now();
        Ok(self.store.set_preferences(user.institution_id, user.id, lang, date_style, actor, now).await?)
    }
}
