//! Login sessions. The store only sees the SHA-256 of the cookie's token, so a copy of the
//! database does not let anyone take over a session.

use crate::audit::append_audit;
use crate::error::StoreResult;
use crate::pool::{SqlStore, with_pool};
use crate::rows::SessionRow;
use crate::{SessionRecord, SessionStore, sql};
use async_trait::async_trait;
use iryosec_core::Timestamp;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::user::User;

#[async_trait]
impl SessionStore for SqlStore {
    async fn session(&self, token_hash: &str) -> StoreResult<Option<SessionRecord>> {
        let row: Option<SessionRow> = with_pool!(&self.pool, |p| {
            sqlx::query_as(sql::SESSION_BY_TOKEN).bind(token_hash).fetch_optional(p).await
        })?;
        let Some(row) = row else { return Ok(None) };
        Ok(Some(SessionRecord {
            token_hash: row.token_hash,
            csrf_token: row.csrf_token,
            created_at: Timestamp(row.session_created_at),
            last_seen_at: Timestamp(row.last_seen_at),
            expires_at: Timestamp(row.expires_at),
            user: User::try_from(row.user)?,
        }))
    }

    async fn touch_session(
        &self,
        token_hash: &str,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        with_pool!(&self.pool, |p| {
            sqlx::query(sql::SESSION_TOUCH)
                .bind(token_hash)
                .bind(now.millis())
                .bind(expires_at.millis())
                .execute(p)
                .await
                .map(|_| ())
        })?;
        Ok(())
    }

    async fn end_session(
        &self,
        session: &SessionRecord,
        logout: bool,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let user = &session.user;
        with_pool!(&self.pool, |p| {
            let mut tx = p.begin().await?;
            let deleted =
                sqlx::query(sql::SESSION_DELETE).bind(&session.token_hash).execute(&mut *tx).await?;
            if logout && deleted.rows_affected() > 0 {
                let event = AuditEvent {
                    institution_id: Some(user.institution_id.get()),
                    action: AuditAction::Logout,
                    target_kind: "user",
                    target_id: Some(user.id.to_string()),
                    before: None,
                    after: None,
                };
                append_audit!(self, tx, &event, actor, now);
            }
            tx.commit().await?;
        });
        Ok(())
    }

    async fn delete_expired_sessions(&self, now: Timestamp) -> StoreResult<u64> {
        let done = with_pool!(&self.pool, |p| {
            sqlx::query(sql::SESSIONS_DELETE_EXPIRED)
                .bind(now.millis())
                .execute(p)
                .await
                .map(|r| r.rows_affected())
        })?;
        Ok(done)
    }
}
