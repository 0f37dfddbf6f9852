//! Logging in and out, and the life of a session.

use crate::error::AppResult;
use crate::throttle::UnknownAttempt;
use crate::{App, password, token};
use iryosec_core::Timestamp;
use iryosec_core::audit::{Actor, AuditAction, AuditEvent};
use iryosec_core::lockout::{self, ClientRecord};
use iryosec_core::user::{LoginId, User};
use iryosec_store::{NewSession, SessionRecord, StoreError};

/// How a login attempt ended. The person learns only "wrong id or password", "locked", "wait"
/// or "disabled", never whether an id exists.
#[derive(Debug)]
pub enum LoginOutcome {
    /// The cookie gets `token`; the store keeps only its hash.
    Success {
        token: String,
        /// Who logged in (a form kept for them waits: `kept_forms`).
        user_id: iryosec_core::UserId,
    },
    Failed,
    /// This address is locked out of the account for a while; the owner elsewhere is not.
    Locked,
    /// The account is being guessed from many addresses: this address waits for its turn.
    Slowed,
    Disabled,
}

/// How long a session that ran out stays known (it grants nothing): a form sent from a page
/// left open that long is still recognised as its person's and kept for them.
pub const ENDED_SESSION_KEPT_HOURS: i64 = 12;

/// What a session cookie stands for.
#[derive(Debug)]
pub enum SessionState {
    Live(SessionRecord),
    /// Ran out (idle or maximum time); it grants nothing, but says whose it was.
    Expired(SessionRecord),
    Unknown,
}

impl App {
    /// Logs in from the actor's address. The lockout rule (`core::lockout`) holds per account
    /// and address; unknown ids are answered after the same tries and in the same time.
    pub async fn login(&self, login_id: &str, password: &str, actor: &Actor) -> AppResult<LoginOutcome> {
        let now = self.clock.now();
        let client = actor.ip.as_deref().unwrap_or_default();
        let found = match LoginId::parse(login_id) {
            Ok(login) => self.store.login_account(&login, client).await?,
            Err(_) => None,
        };
        let Some((user, record)) = found else {
            return self.unknown_login(login_id, password, actor, now).await;
        };
        let actor = Actor { user_id: Some(user.id.get()), login: user.login_id.to_string(), ..actor.clone() };
        if let Some(refused) = self.refusal_before_check(&user, &record, now).await? {
            password::verify_nothing(password).await;
            return Ok(refused);
        }
        if !password::verify(&user.password_hash, password).await {
            let outcome = self.store.record_login_failure(&user, client, &actor, now).await?;
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
        if !self.store.record_login(&user, client, &session, &actor, now).await? {
            // Disabled, or this address locked out, by a parallel request while the password
            // was checked.
            return Ok(LoginOutcome::Locked);
        }
        Ok(LoginOutcome::Success { token, user_id: user.id })
    }

    /// Why the password is not even checked: this address is locked out, or the account is
    /// slowed and an unfamiliar address finds its turn taken.
    async fn refusal_before_check(
        &self,
        user: &User,
        record: &ClientRecord,
        now: Timestamp,
    ) -> AppResult<Option<LoginOutcome>> {
        if record.is_locked(now) {
            return Ok(Some(LoginOutcome::Locked));
        }
        if record.is_familiar(now) {
            return Ok(None);
        }
        let Some(wait) = lockout::slowdown_millis(user.recent_failures(now)) else { return Ok(None) };
        let turn = self.store.claim_login_turn(user, now, now.plus_millis(wait)).await?;
        Ok((!turn).then_some(LoginOutcome::Slowed))
    }

    /// An id that belongs to no account: the same answers after the same tries as a real one,
    /// the same password work, and every checked failure audited on the server-wide chain.
    async fn unknown_login(
        &self,
        login_id: &str,
        password: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> AppResult<LoginOutcome> {
        let client = actor.ip.as_deref().unwrap_or_default();
        let attempt = self.unknown_logins.attempt(login_id, client, now);
        password::verify_nothing(password).await;
        Ok(match attempt {
            UnknownAttempt::Locked => LoginOutcome::Locked,
            UnknownAttempt::Slowed => LoginOutcome::Slowed,
            UnknownAttempt::Failed { locked } => {
                self.record_unknown_login(login_id, actor, now).await?;
                if locked { LoginOutcome::Locked } else { LoginOutcome::Failed }
            }
        })
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
        Ok(match self.session_state(token).await? {
            SessionState::Live(session) => Some(session),
            SessionState::Expired(_) | SessionState::Unknown => None,
        })
    }

    /// What a cookie token stands for: a live session (extended by this use), one that ran out
    /// (kept for [`ENDED_SESSION_KEPT_HOURS`] so that a form sent after the timeout is known to
    /// be its person's), or nothing.
    pub async fn session_state(&self, token: &str) -> AppResult<SessionState> {
        let now = self.clock.now();
        let Some(mut session) = self.store.session(&token::hash_token(token)).await? else {
            return Ok(SessionState::Unknown);
        };
        if session.user.disabled {
            self.store.end_session(&session, false, &Actor::default(), now).await?;
            return Ok(SessionState::Unknown);
        }
        if session.expires_at <= now {
            return Ok(SessionState::Expired(session));
        }
        if now.millis() - session.last_seen_at.millis() >= self.sessions.touch_interval_millis() {
            let expires = self.session_expiry(session.created_at, now);
            match self.store.touch_session(&session.token_hash, now, expires).await {
                Ok(()) => {
                    session.last_seen_at = now;
                    session.expires_at = expires;
                }
                // A full disk does not log anyone out: reading goes on, and each change that
                // cannot be saved says why.
                Err(StoreError::Storage { fault, .. }) => {
                    tracing::warn!(?fault, "the session's last-seen time could not be written");
                }
                Err(e) => return Err(e.into()),
            }
        }
        Ok(SessionState::Live(session))
    }

    /// How many seconds a live session has left before it runs out unused.
    pub fn session_seconds_left(&self, session: &SessionRecord) -> i64 {
        ((session.expires_at.millis() - self.clock.now().millis()) / 1000).max(0)
    }

    /// Removes sessions that ran out more than [`ENDED_SESSION_KEPT_HOURS`] ago.
    pub async fn delete_expired_sessions(&self) -> AppResult<u64> {
        let before = self.clock.now().plus_minutes(-ENDED_SESSION_KEPT_HOURS * 60);
        Ok(self.store.delete_expired_sessions(before).await?)
    }

    pub async fn logout(&self, session: &SessionRecord, actor: &Actor) -> AppResult<()> {
        Ok(self.store.end_session(session, true, actor, self.clock.now()).await?)
    }
}
