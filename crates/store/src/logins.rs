//! Login bookkeeping per account and client address (the rule is `core::lockout`). Every
//! count is kept by the database itself, so parallel guesses cannot all read the same number.
//! Each transaction writes the account's row before the address's row, so two of them never
//! wait on each other in opposite order.

use crate::audit::append_audit;
use crate::error::StoreResult;
use crate::pool::{SqlStore, with_pool};
use crate::rows::LoginRow;
use crate::users::user_event;
use crate::{LoginStore, NewSession, sql};
use async_trait::async_trait;
use iryosec_core::Timestamp;
use iryosec_core::audit::{Actor, AuditAction};
use iryosec_core::lockout::{
    ClientRecord, FAMILIAR_DAYS, FailureOutcome, after_failed_login, failure_memory_start,
};
use iryosec_core::user::{LoginId, User};

/// Addresses that only failed are forgotten a day after their last failure.
const FORGET_FAILURES_AFTER_MINUTES: i64 = 24 * 60;

#[async_trait]
impl LoginStore for SqlStore {
    async fn login_account(
        &self,
        login: &LoginId,
        client: &str,
    ) -> StoreResult<Option<(User, ClientRecord)>> {
        let row: Option<LoginRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::USER_BY_LOGIN_FROM).bind(login.as_str()).bind(client).fetch_optional(p).await
        })?;
        let Some(row) = row else { return Ok(None) };
        let record = ClientRecord {
            locked_until: row.client_locked_until.map(Timestamp),
            last_login_at: row.client_last_login_at.map(Timestamp),
        };
        Ok(Some((User::try_from(row.user)?, record)))
    }

    async fn claim_login_turn(&self, user: &User, now: Timestamp, next_turn: Timestamp) -> StoreResult<bool> {
        let claimed = with_pool!(&self.pool, |p| {
            sqlx::query(sql::USER_CLAIM_LOGIN_TURN)
                .bind(user.institution_id.get())
                .bind(user.id.get())
                .bind(next_turn.millis())
                .bind(now.millis())
                .execute(p)
                .await
                .map(|done| done.rows_affected())
        })?;
        Ok(claimed == 1)
    }

    async fn record_login_failure(
        &self,
        user: &User,
        client: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<FailureOutcome> {
        let (institution, id) = (user.institution_id.get(), user.id.get());
        let outcome = with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let account_failures: i64 = sqlx::query_scalar(sql::USER_LOGIN_FAILED)
                .bind(institution)
                .bind(id)
                .bind(failure_memory_start(now).millis())
                .bind(now.millis())
                .fetch_one(&mut *tx)
                .await?;
            let in_a_row: i64 = sqlx::query_scalar(sql::LOGIN_ATTEMPT_FAILED)
                .bind(id)
                .bind(institution)
                .bind(client)
                .bind(now.millis())
                .fetch_one(&mut *tx)
                .await?;
            let outcome = after_failed_login(in_a_row - 1, now);
            if let Some(until) = outcome.locked_until {
                sqlx::query(sql::LOGIN_ATTEMPT_LOCK)
                    .bind(id)
                    .bind(client)
                    .bind(until.millis())
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(sql::USER_ADDRESS_LOCKED)
                    .bind(institution)
                    .bind(id)
                    .bind(until.millis())
                    .execute(&mut *tx)
                    .await?;
            }
            let mut failed = user_event(id, user.institution_id, AuditAction::LoginFailed);
            failed.after = Some(serde_json::json!({
                "failed_logins": in_a_row, "account_failed_logins": account_failures,
            }));
            append_audit!(self, tx, &failed, actor, now);
            if let Some(until) = outcome.locked_until {
                let mut locked = user_event(id, user.institution_id, AuditAction::AccountLocked);
                locked.after = Some(serde_json::json!({ "locked_until": until.millis(), "client": client }));
                append_audit!(self, tx, &locked, actor, now);
            }
            tx.commit().await?;
            outcome
        });
        Ok(outcome)
    }

    async fn record_login(
        &self,
        user: &User,
        client: &str,
        session: &NewSession,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let (institution, id) = (user.institution_id.get(), user.id.get());
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let still_enabled = sqlx::query(sql::USER_LOGIN_SUCCEEDED)
                .bind(institution)
                .bind(id)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            let locked_until: Option<Option<i64>> = sqlx::query_scalar(sql::LOGIN_ATTEMPT_LOCKED_UNTIL)
                .bind(id)
                .bind(client)
                .fetch_optional(&mut *tx)
                .await?;
            let locked = iryosec_core::lockout::is_locked(locked_until.flatten().map(Timestamp), now);
            if still_enabled.rows_affected() == 0 || locked {
                // Disabled, or this address locked out, by a parallel request while the password
                // was checked: the transaction is dropped, nothing is written.
                return Ok(false);
            }
            sqlx::query(sql::LOGIN_ATTEMPT_SUCCEEDED)
                .bind(id)
                .bind(institution)
                .bind(client)
                .bind(now.millis())
                .execute(&mut *tx)
                .await?;
            sqlx::query(sql::SESSION_INSERT)
                .bind(&session.token_hash)
                .bind(institution)
                .bind(id)
                .bind(&session.csrf_token)
                .bind(now.millis())
                .bind(session.expires_at.millis())
                .bind(&actor.ip)
                .execute(&mut *tx)
                .await?;
            append_audit!(
                self,
                tx,
                &user_event(id, user.institution_id, AuditAction::LoginSucceeded),
                actor,
                now
            );
            tx.commit().await?;
        });
        Ok(true)
    }

    async fn forget_stale_login_attempts(&self, now: Timestamp) -> StoreResult<u64> {
        let done = with_pool!(&self.pool, |p| {
            sqlx::query(sql::LOGIN_ATTEMPTS_DELETE_STALE)
                .bind(now.plus_minutes(-FAMILIAR_DAYS * 24 * 60).millis())
                .bind(now.plus_minutes(-FORGET_FAILURES_AFTER_MINUTES).millis())
                .bind(now.millis())
                .execute(p)
                .await
                .map(|done| done.rows_affected())
        })?;
        Ok(done)
    }
}
