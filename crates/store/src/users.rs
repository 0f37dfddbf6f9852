//! Accounts, login bookkeeping and passwords.

use crate::audit::append_audit;
use crate::error::{StoreError, StoreResult, on_unique};
use crate::pool::{SqlStore, with_pool};
use crate::rows::UserRow;
use crate::{NewUser, UserChange, UserStore, sql};
use async_trait::async_trait;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::role::Role;
use iryosec_core::user::{LoginId, User};
use iryosec_core::{InstitutionId, Message, Timestamp, UserId};

pub(crate) fn user_event(user_id: i64, institution: InstitutionId, action: AuditAction) -> AuditEvent {
    AuditEvent {
        institution_id: Some(institution.get()),
        action,
        target_kind: "user",
        target_id: Some(user_id.to_string()),
        before: None,
        after: None,
    }
}

/// Whether a change leaves the institution with no active administrator.
fn removes_last_admin(before: &User, change: &UserChange, active_admins: i64) -> bool {
    let was_active_admin = before.role == Role::Admin && !before.disabled;
    let stays_active_admin = change.role == Role::Admin && !change.disabled;
    was_active_admin && !stays_active_admin && active_admins <= 1
}

#[async_trait]
impl UserStore for SqlStore {
    async fn create_user(
        &self,
        institution: InstitutionId,
        user: &NewUser,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<User> {
        let id: i64 = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let locked = sqlx::query(sql::INSTITUTION_LOCK).bind(institution.get()).execute(&mut *tx).await?;
            if locked.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            let id: i64 = sqlx::query_scalar(sql::USER_INSERT)
                .bind(institution.get())
                .bind(user.login_id.as_str())
                .bind(&user.display_name)
                .bind(user.role.code())
                .bind(&user.password_hash)
                .bind(&user.lang)
                .bind(now.millis())
                .fetch_one(&mut *tx)
                .await
                .map_err(on_unique("login_id"))?;
            let mut event = user_event(id, institution, AuditAction::UserCreated);
            event.after = Some(serde_json::json!({
                "login_id": user.login_id.as_str(), "display_name": user.display_name,
                "role": user.role.code(), "disabled": false,
            }));
            append_audit!(self, tx, &event, actor, now);
            tx.commit().await?;
            id
        });
        self.user(institution, UserId(id)).await?.ok_or(StoreError::NotFound)
    }

    async fn user(&self, institution: InstitutionId, id: UserId) -> StoreResult<Option<User>> {
        let row: Option<UserRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::USER_BY_ID).bind(institution.get()).bind(id.get()).fetch_optional(p).await
        })?;
        row.map(User::try_from).transpose()
    }

    async fn user_by_login(&self, login: &LoginId) -> StoreResult<Option<User>> {
        let row: Option<UserRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::USER_BY_LOGIN).bind(login.as_str()).fetch_optional(p).await
        })?;
        row.map(User::try_from).transpose()
    }

    async fn users(&self, institution: InstitutionId) -> StoreResult<Vec<User>> {
        let rows: Vec<UserRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::USERS_OF_INSTITUTION).bind(institution.get()).fetch_all(p).await
        })?;
        rows.into_iter().map(User::try_from).collect()
    }

    async fn update_user(
        &self,
        institution: InstitutionId,
        id: UserId,
        change: &UserChange,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<User> {
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            // The lock makes the last-administrator check and the change one step.
            sqlx::query(sql::INSTITUTION_LOCK).bind(institution.get()).execute(&mut *tx).await?;
            let before: Option<UserRow> = sqlx::query_as(sql::USER_BY_ID)
                .bind(institution.get())
                .bind(id.get())
                .fetch_optional(&mut *tx)
                .await?;
            let before = User::try_from(before.ok_or(StoreError::NotFound)?)?;
            let admins: i64 = sqlx::query_scalar(sql::ACTIVE_ADMIN_COUNT)
                .bind(institution.get())
                .fetch_one(&mut *tx)
                .await?;
            if removes_last_admin(&before, change, admins) {
                return Err(StoreError::Refused(Message::new("user.error.last_admin")));
            }
            sqlx::query(sql::USER_UPDATE)
                .bind(institution.get())
                .bind(id.get())
                .bind(&change.display_name)
                .bind(change.role.code())
                .bind(change.disabled)
                .bind(change.unlock)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            if change.unlock {
                sqlx::query(sql::LOGIN_ATTEMPTS_UNLOCK)
                    .bind(institution.get())
                    .bind(id.get())
                    .execute(&mut *tx)
                    .await?;
            }
            if change.disabled {
                // A disabled account keeps no open session.
                sqlx::query(sql::SESSIONS_DELETE_OF_USER_EXCEPT)
                    .bind(institution.get())
                    .bind(id.get())
                    .bind(None::<String>)
                    .execute(&mut *tx)
                    .await?;
            }
            let mut event = user_event(id.get(), institution, AuditAction::UserUpdated);
            event.before = Some(before.audit_view());
            event.after = Some(serde_json::json!({
                "login_id": before.login_id.as_str(), "display_name": change.display_name,
                "role": change.role.code(), "disabled": change.disabled, "unlocked": change.unlock,
            }));
            append_audit!(self, tx, &event, actor, now);
            tx.commit().await?;
        });
        self.user(institution, id).await?.ok_or(StoreError::NotFound)
    }

    async fn set_password(
        &self,
        institution: InstitutionId,
        id: UserId,
        password_hash: &str,
        by_admin: bool,
        keep_session: Option<&str>,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let action = if by_admin { AuditAction::PasswordReset } else { AuditAction::PasswordChanged };
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let updated = sqlx::query(sql::USER_SET_PASSWORD)
                .bind(institution.get())
                .bind(id.get())
                .bind(password_hash)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            if updated.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            // A new password unlocks the account at every address.
            sqlx::query(sql::LOGIN_ATTEMPTS_UNLOCK)
                .bind(institution.get())
                .bind(id.get())
                .execute(&mut *tx)
                .await?;
            sqlx::query(sql::SESSIONS_DELETE_OF_USER_EXCEPT)
                .bind(institution.get())
                .bind(id.get())
                .bind(keep_session)
                .execute(&mut *tx)
                .await?;
            append_audit!(self, tx, &user_event(id.get(), institution, action), actor, now);
            tx.commit().await?;
        });
        Ok(())
    }

    async fn set_preferences(
        &self,
        institution: InstitutionId,
        id: UserId,
        lang: &str,
        date_style: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<User> {
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let updated = sqlx::query(sql::USER_SET_PREFERENCES)
                .bind(institution.get())
                .bind(id.get())
                .bind(lang)
                .bind(date_style)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            if updated.rows_affected() == 0 {
                return Err(StoreError::NotFound);
            }
            let mut event = user_event(id.get(), institution, AuditAction::PreferencesChanged);
            event.after = Some(serde_json::json!({ "lang": lang, "date_style": date_style }));
            append_audit!(self, tx, &event, actor, now);
            tx.commit().await?;
        });
        self.user(institution, id).await?.ok_or(StoreError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iryosec_core::date::DateStyle;

    fn admin(disabled: bool) -> User {
        User {
            id: UserId(1),
            institution_id: InstitutionId(1),
            login_id: LoginId::parse("admin").unwrap(),
            display_name: "a".into(),
            role: Role::Admin,
            password_hash: String::new(),
            lang: "ja".into(),
            date_style: DateStyle::Wareki,
            disabled,
            failed_logins: 0,
            last_failed_login_at: None,
            locked_until: None,
            last_login_at: None,
            password_changed_at: Timestamp(0),
            created_at: Timestamp(0),
            updated_at: Timestamp(0),
        }
    }

    fn change(role: Role, disabled: bool) -> UserChange {
        UserChange { display_name: "a".into(), role, disabled, unlock: false }
    }

    #[test]
    fn the_last_active_admin_cannot_be_demoted_or_disabled() {
        assert!(removes_last_admin(&admin(false), &change(Role::Viewer, false), 1));
        assert!(removes_last_admin(&admin(false), &change(Role::Admin, true), 1));
        assert!(!removes_last_admin(&admin(false), &change(Role::Viewer, false), 2));
        assert!(!removes_last_admin(&admin(false), &change(Role::Admin, false), 1));
        assert!(!removes_last_admin(&admin(true), &change(Role::Viewer, true), 0));
    }
}
