//! Each route's gate, in the order that keeps an unwanted body unread: the route's [`Access`]
//! (a refusal reads nothing, but for a form sent by a session that has just run out, which is
//! kept for its person: `kept`), then the kind and declared size of the body its [`RouteRule`]
//! takes (refused from the headers alone: 415, 413), then the CSRF token (a form read within its
//! limit, an upload only up to its first part), then a slot for a heavy job. Every route in
//! [`crate::routes`] is declared with its rule; this layer enforces it before the handler runs.

use crate::ctx::Ctx;
use crate::error::WebError;
use crate::kept;
use crate::middleware::csrf;
use crate::routes::Access;
use crate::state::AppState;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

/// A form of a logged-in person is read whole up to this.
pub const MAX_FORM_BYTES: usize = 256 * 1024;
/// Before login (login, setup, language) only a small form is taken.
pub const MAX_ANONYMOUS_FORM_BYTES: usize = 16 * 1024;

/// What a route takes besides its access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteRule {
    pub access: Access,
    /// `Some(limit)`: the route takes a file upload (multipart) of at most `limit` bytes.
    pub upload: Option<usize>,
    /// The route parses or writes a whole file (import, export, aggregation): it waits for a
    /// job slot, an upload once its files are on disk.
    pub heavy: bool,
}

/// Put on an upload's request for the [`crate::upload::Upload`] extractor.
#[derive(Debug, Clone, Copy)]
pub struct UploadRule {
    pub limit: usize,
    pub heavy: bool,
}

pub async fn check(State((state, rule)): State<(AppState, RouteRule)>, req: Request, next: Next) -> Response {
    let Some(ctx) = req.extensions().get::<Ctx>().cloned() else {
        return WebError::Internal("no request context".into()).into_response();
    };
    let sends = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if let Some(refusal) = refuse_access(&state, rule.access, &ctx).await {
        return match (&ctx.expired, needs_login(rule.access) && sends) {
            (Some(expired), true) => kept::keep_after_expiry(&state, &ctx, expired, req).await,
            _ => refusal,
        };
    }
    let mut req = req;
    if sends {
        req = match admit_body(&state, req, rule, &ctx).await {
            Ok(req) => req,
            Err(refusal) => return refusal,
        };
    }
    let _job = match rule {
        RouteRule { heavy: true, upload: None, .. } => match state.gates.job().await {
            Ok(share) => Some(share),
            Err(e) => return e.into_response(),
        },
        _ => None,
    };
    next.run(req).await
}

fn needs_login(access: Access) -> bool {
    matches!(access, Access::LoggedIn | Access::Allowed(_))
}

/// `None` when the person may use the route.
async fn refuse_access(state: &AppState, access: Access, ctx: &Ctx) -> Option<Response> {
    let set_up = state.is_set_up().await;
    match access {
        Access::Public => None,
        Access::Setup if set_up => Some(Redirect::to("/login?notice=setup.already_done").into_response()),
        Access::Setup => None,
        _ if !set_up => Some(Redirect::to("/setup").into_response()),
        Access::Anonymous => None,
        Access::LoggedIn | Access::Allowed(_) if ctx.session.is_none() => {
            let notice = if ctx.session_expired { "?notice=login.session_expired" } else { "" };
            Some(Redirect::to(&format!("/login{notice}")).into_response())
        }
        Access::LoggedIn => None,
        Access::Allowed(permission) if ctx.allows(permission) => None,
        Access::Allowed(_) => Some(WebError::Forbidden.into_response()),
    }
}

/// Refuses a body of the wrong kind or declared size from its headers, then checks the token. A
/// logged-in person's form with a stale token is kept and shown again (`kept::keep_stale`).
async fn admit_body(state: &AppState, req: Request, rule: RouteRule, ctx: &Ctx) -> Result<Request, Response> {
    let req = check_body_kind(req, rule).map_err(IntoResponse::into_response)?;
    let form_limit = form_limit(rule.access);
    let is_form = !content_type(req.headers()).starts_with("multipart/");
    let (req, sent) = match (is_form && ctx.session.is_some(), req) {
        (true, req) => {
            let (parts, body) = req.into_parts();
            let bytes = to_bytes(body, form_limit).await.map_err(|_| WebError::TooLarge.into_response())?;
            let req = Request::from_parts(parts.clone(), Body::from(bytes.clone()));
            (req, Some((parts, bytes)))
        }
        (false, req) => (req, None),
    };
    let mut req = match (csrf::verify(req, &ctx.csrf, form_limit).await, sent) {
        (Ok(req), _) => req,
        (Err(WebError::Csrf), Some((parts, bytes))) => {
            let kept = kept::keep_stale(state, ctx, &parts, &bytes);
            return Err(kept.unwrap_or_else(|| WebError::Csrf.into_response()));
        }
        (Err(e), _) => return Err(e.into_response()),
    };
    if let Some(limit) = rule.upload {
        req.extensions_mut().insert(UploadRule { limit, heavy: rule.heavy });
    }
    Ok(req)
}

fn form_limit(access: Access) -> usize {
    match access {
        Access::Public | Access::Setup | Access::Anonymous => MAX_ANONYMOUS_FORM_BYTES,
        Access::LoggedIn | Access::Allowed(_) => MAX_FORM_BYTES,
    }
}

/// Refuses a body of the wrong kind or declared size from its headers alone.
fn check_body_kind(req: Request, rule: RouteRule) -> Result<Request, WebError> {
    let is_upload = content_type(req.headers()).starts_with("multipart/");
    let limit = match (is_upload, rule.upload) {
        (true, Some(limit)) => limit,
        (true, None) => return Err(WebError::Unsupported),
        (false, _) => form_limit(rule.access),
    };
    if declared_length(req.headers()).is_some_and(|n| n > limit) {
        return Err(WebError::TooLarge);
    }
    Ok(req)
}

fn content_type(headers: &HeaderMap) -> String {
    headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").trim().to_ascii_lowercase()
}

/// The `Content-Length` a client declared.
pub fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok())
}
