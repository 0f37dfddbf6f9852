//! Resolves the session cookie into a [`Ctx`]: the user, their institution, their language.

use crate::cookies;
use crate::ctx::{Ctx, RequestMeta};
use crate::state::AppState;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use iryosec_app::auth::SessionState;
use iryosec_core::date::DateStyle;
use iryosec_i18n::Lang;
use std::sync::Arc;

pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let meta = req.extensions().get::<RequestMeta>().cloned().unwrap_or_default();
    let secure = meta.secure_cookies;
    let headers = req.headers();
    let token = cookies::get(headers, cookies::SESSION, secure);
    let found = match &token {
        Some(t) => state.app.session_state(t).await.unwrap_or_else(|e| {
            tracing::error!(request_id = %meta.id, error = %e, "session lookup failed");
            SessionState::Unknown
        }),
        None => SessionState::Unknown,
    };
    let (session, expired) = match found {
        SessionState::Live(s) => (Some(s), None),
        SessionState::Expired(s) => (None, Some(Arc::new(s))),
        SessionState::Unknown => (None, None),
    };
    let session_expired = token.is_some() && session.is_none();
    let anon_csrf = cookies::get(headers, cookies::CSRF, secure).filter(|c| c.len() >= 32);
    let (csrf, new_anon_csrf) = match (&session, anon_csrf) {
        (Some(s), _) => (s.csrf_token.clone(), None),
        (None, Some(c)) => (c, None),
        (None, None) => {
            let fresh = iryosec_app::token::random_token();
            (fresh.clone(), Some(fresh))
        }
    };
    let lang = match &session {
        Some(s) => Lang::parse(&s.user.lang).unwrap_or_default(),
        // Japanese unless the person chose otherwise: the browser's language is not asked,
        // since English-language browsers are common on Japanese hospital PCs.
        None => {
            cookies::get(headers, cookies::LANG, secure).and_then(|l| Lang::parse(&l)).unwrap_or_default()
        }
    };
    let institution = match &session {
        Some(s) => state.app.institution_if_readable(s.user.institution_id).await.map(Arc::new),
        None => None,
    };
    let ctx = Ctx {
        meta,
        lang,
        date_style: session.as_ref().map_or(DateStyle::Wareki, |s| s.user.date_style),
        csrf,
        session: session.map(Arc::new),
        institution,
        session_expired,
        expired,
    };
    let style = ctx.date_style;
    req.extensions_mut().insert(ctx);
    let mut res = crate::page::REQUEST_DATE_STYLE.scope(style, next.run(req)).await;
    let h = res.headers_mut();
    if let Some(value) = new_anon_csrf.and_then(|c| cookies::set(cookies::CSRF, &c, secure, None)) {
        h.append(header::SET_COOKIE, value);
    }
    // The cookie of a session that ran out stays until the next login replaces it: a form sent
    // later from another open page is still known to be its person's (see `kept`).
    res
}
