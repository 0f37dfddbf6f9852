//! Logging in and out, and the life of a session.

use crate::error::AppResult;
use crate::{App, password, token};
use iryosec_core::Timestamp;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::user::LoginId;
use iryosec_store::{NewSession, SessionRecord};

/// How a login attempt ended. The person learns only "wrong id or password", "locked" or
/// "disabled", never whether an id exists.
#[derive(Debug)]
pub enum LoginOutcome {
    /// The cookie gets `token`; the store keeps only its hash.
    Success {
        token: String,
    },
    Failed,
    Locked,
    Disabled,
}

/// Writing the session's last-seen time on every request would make every page view a
/// write; once a minute is precise enough for a 30-minute idle timeout.
const TOUCH_AFTER_MILLIS: i64 = 60_000;

impl App {
    pub async fn login(&self, login_id: &str, password: &str, actor: &Actor) -> AppResult<LoginOutcome> {
        let now = self.clock.now();
        let user = match LoginId::parse(login_id) {
            Ok(login) => self.store.user_by_login(&login).await?,
            Err(_) => None,
        };
        let Some(user) = user else {
            // Unknown ids cost the same time and lock the same way as real ones, so neither
            // the answer nor its timing tells which ids exist.
            password::verify_nothing(password).await;
            self.record_unknown_login(login_id, actor, now).await?;
            let locked = self.unknown_logins.fail(login_id, now);
            return Ok(if locked { LoginOutcome::Locked } else { LoginOutcome::Failed });
        };
        let actor = Actor { user_id: Some(user.id.get()), login: user.login_id.to_string(), ..actor.clone() };
        if user.is_locked(now) {
            password::verify_nothing(password).await;
            return Ok(LoginOutcome::Locked);
        }
        if !password::verify(&user.password_hash, password).await {
            let outcome = self.store.record_login_failure(&user, &actor, now).await?;
            return Ok(if outcome.locked_until.is_some() {
                LoginOutcome::Locked
            } else {
                LoginOutcome::Failed
            });
        }
        if user.disabled {
            return Ok(LoginOutcome::Disabled);
        }
        let token = token::random_token();
        let session = NewSession {
            token_hash: token::hash_token(&token),
            csrf_token: token::random_token(),
            expires_at: self.session_expiry(now, now),
        };
        if !self.store.record_login(&user, &session, &actor, now).await? {
            // Locked (or disabled) by a parallel request while the password was checked.
            return Ok(LoginOutcome::Locked);
        }
        Ok(LoginOutcome::Success { token })
    }

    /// A failed login with an id that belongs to no account goes to the server-wide chain.
    async fn record_unknown_login(&self, attempted: &str, actor: &Actor, now: Timestamp) -> AppResult<()> {
        let attempted: String = attempted.chars().take(64).collect();
        let event = AuditEvent {
            institution_id: None,
            action: AuditAction::LoginFailed,
            target_kind: "login",
            target_id: Some(attempted.clone()),
            before: None,
            after: None,
        };
        let actor = Actor { user_id: None, login: attempted, ..actor.clone() };
        Ok(self.store.append_audit(&event, &actor, now).await?)
    }

    fn session_expiry(&self, created: Timestamp, now: Timestamp) -> Timestamp {
        let idle = now.plus_minutes(self.sessions.idle_minutes);
        let absolute = created.plus_minutes(self.sessions.max_hours * 60);
        idle.min(absolute)
    }

    /// The live session of a cookie token, extended by this use; `None` when it is unknown,
    /// expired, or its account was disabled.
    pub async fn session(&self, token: &str) -> AppResult<Option<SessionRecord>> {
        let now = self.clock.now();
        let Some(mut session) = self.store.session(&token::hash_token(token)).await? else {
            return Ok(None);
        };
        if session.expires_at <= now || session.user.disabled {
            self.store.end_session(&session, false, &Actor::default(), now).await?;
            return Ok(None);
        }
        if now.millis() - session.last_seen_at.millis() >= TOUCH_AFTER_MILLIS {
            let expires = self.session_expiry(session.created_at, now);
            self.store.touch_session(&session.token_hash, now, expires).await?;
            session.last_seen_at = now;
            session.expires_at = expires;
        }
        Ok(Some(session))
    }

    pub async fn logout(&self, session: &SessionRecord, actor: &Actor) -> AppResult<()> {
        Ok(self.store.end_session(session, true, actor, self.clock.now()).await?)
    }
}
