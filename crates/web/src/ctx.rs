//! Who is asking, in which language: resolved once per request by the session middleware
//! and handed to handlers as an extractor.

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use iryosec_core::audit::Actor;
use iryosec_core::date::DateStyle;
use iryosec_core::institution::Institution;
use iryosec_core::role::Permission;
use iryosec_core::user::User;
use iryosec_i18n::Lang;
use iryosec_store::SessionRecord;
use std::sync::Arc;

/// Set by the outermost middleware: the request's id, the client's address, and whether its
/// cookies are `Secure` (always, never, or when a trusted proxy says the browser used HTTPS).
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub id: String,
    pub ip: Option<String>,
    pub secure_cookies: bool,
}

#[derive(Clone)]
pub struct Ctx {
    pub meta: RequestMeta,
    pub lang: Lang,
    pub date_style: DateStyle,
    /// The token every form on the page must send back.
    pub csrf: String,
    pub session: Option<Arc<SessionRecord>>,
    pub institution: Option<Arc<Institution>>,
    /// A session cookie came but its session has ended (idle timeout).
    pub session_expired: bool,
    /// The session that ran out, while it is still known: whose a late form is.
    pub expired: Option<Arc<SessionRecord>>,
}

impl Ctx {
    pub fn user(&self) -> Option<&User> {
        self.session.as_ref().map(|s| &s.user)
    }

    pub fn allows(&self, permission: Permission) -> bool {
        self.user().is_some_and(|u| u.role.allows(permission))
    }

    /// Who is acting, for the audit log.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.user().map(|u| u.id.get()),
            login: self.user().map(|u| u.login_id.to_string()).unwrap_or_default(),
            ip: self.meta.ip.clone(),
            request_id: Some(self.meta.id.clone()),
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = StatusCode;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Ctx>().cloned().ok_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

/// A request by a logged-in person (the route's guard has made sure).
pub struct Authed {
    pub ctx: Ctx,
    pub session: Arc<SessionRecord>,
}

impl Authed {
    pub fn user(&self) -> &User {
        &self.session.user
    }

    pub fn institution_id(&self) -> iryosec_core::InstitutionId {
        self.session.user.institution_id
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Authed {
    type Rejection = StatusCode;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        let session = ctx.session.clone().ok_or(StatusCode::UNAUTHORIZED)?;
        Ok(Authed { ctx, session })
    }
}
