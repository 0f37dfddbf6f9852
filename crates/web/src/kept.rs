//! Never losing what a person typed. A form sent after the session ran out (or with a page's
//! stale token) is kept for that person (`app::kept_forms`), and the browser holds its id in a
//! cookie. After logging in again — as the same person — they land on the page the form was on,
//! filled in, with a notice that it is not saved yet: one click saves it, carrying the fresh
//! token of the new session. Nothing is replayed unseen, so a stale delete cannot happen by
//! itself. Uploads are not kept (their files are not held in memory); the login page says so.

use crate::cookies;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::refill::fill_form;
use crate::state::AppState;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header, request::Parts};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::kept_forms::{LIFETIME_MINUTES, SentForm};
use iryosec_store::SessionRecord;
use subtle::ConstantTimeEq;

/// A page larger than this is shown as it is, without filling.
const MAX_PAGE_BYTES: usize = 8 * 1024 * 1024;

/// A POST to a logged-in page after the session ran out: the form is kept when it came from one
/// of that session's pages (its token matches), then the person is asked to log in.
pub async fn keep_after_expiry(
    state: &AppState,
    ctx: &Ctx,
    expired: &SessionRecord,
    req: Request,
) -> Response {
    let expired_notice = Redirect::to("/login?notice=login.session_expired").into_response();
    if is_upload(req.headers()) {
        return Redirect::to("/login?notice=login.upload_not_kept").into_response();
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, iryosec_app::kept_forms::MAX_FORM_BYTES).await else {
        return expired_notice;
    };
    let sent_token = form_urlencoded::parse(&bytes).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned());
    let from_its_page =
        sent_token.is_some_and(|t| bool::from(t.as_bytes().ct_eq(expired.csrf_token.as_bytes())));
    if !from_its_page {
        return expired_notice;
    }
    match keep(state, ctx, expired, &parts, &bytes) {
        Some((id, _)) => with_kept_cookie(expired_notice, ctx, &id),
        None => expired_notice,
    }
}

/// A form of a logged-in person sent with a stale token (the page outlived an earlier session):
/// refused as before, but kept and shown again filled in, to be sent with the fresh token.
pub fn keep_stale(state: &AppState, ctx: &Ctx, parts: &Parts, bytes: &Bytes) -> Option<Response> {
    let session = ctx.session.as_ref()?;
    let (id, page) = keep(state, ctx, session, parts, bytes)?;
    Some(with_kept_cookie(Redirect::to(&page).into_response(), ctx, &id))
}

fn keep(
    state: &AppState,
    ctx: &Ctx,
    owner: &SessionRecord,
    parts: &Parts,
    bytes: &Bytes,
) -> Option<(String, String)> {
    if parts.method != Method::POST || is_upload(&parts.headers) {
        return None;
    }
    let page = same_origin_page(&parts.headers)?;
    let action =
        parts.uri.path_and_query().map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let fields = form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let sent = SentForm {
        user_id: owner.user.id,
        institution_id: owner.user.institution_id,
        action: &action,
        page: &page,
        fields,
    };
    let id = state.app.keep_form(sent)?;
    tracing::info!(request_id = %ctx.meta.id, "a form sent after its page expired is kept for its person");
    Some((id, page))
}

fn with_kept_cookie(mut res: Response, ctx: &Ctx, id: &str) -> Response {
    if let Some(c) = cookies::set(cookies::KEPT, id, ctx.meta.secure_cookies, Some(LIFETIME_MINUTES * 60)) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

fn forget_cookie(res: &mut Response, ctx: &Ctx) {
    if let Some(c) = cookies::set(cookies::KEPT, "", ctx.meta.secure_cookies, Some(0)) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
}

fn is_upload(headers: &HeaderMap) -> bool {
    let kind = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    kind.trim_start().to_ascii_lowercase().starts_with("multipart/")
}

/// The page a form was on, from the `Referer` our policy sends within the site: its path and
/// query, without a `notice` (an old "saved" must not greet an unsaved form). `None` when the
/// page was on another host or is unknown.
fn same_origin_page(headers: &HeaderMap) -> Option<String> {
    let referer = headers.get(header::REFERER)?.to_str().ok()?;
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let rest = referer.strip_prefix("https://").or_else(|| referer.strip_prefix("http://"))?;
    let (authority, path) = rest.split_at(rest.find('/')?);
    if host.is_some_and(|h| h != authority) || path.starts_with("//") {
        return None;
    }
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let kept: Vec<_> = form_urlencoded::parse(query.as_bytes()).filter(|(k, _)| k != "notice").collect();
    if kept.is_empty() {
        return Some(path.to_owned());
    }
    Some(format!("{path}?{}", form_urlencoded::Serializer::new(String::new()).extend_pairs(kept).finish()))
}

/// Where a person who just logged in goes: the page of the form kept for them, or home. A form
/// kept for someone else is dropped there and then.
pub fn after_login(state: &AppState, ctx: &Ctx, headers: &HeaderMap, user: iryosec_core::UserId) -> Response {
    let kept = cookies::get(headers, cookies::KEPT, ctx.meta.secure_cookies)
        .and_then(|id| state.app.kept_form_for(&id, user));
    match kept {
        Some(form) => Redirect::to(&form.page).into_response(),
        None => {
            let mut res = Redirect::to("/").into_response();
            if cookies::get(headers, cookies::KEPT, ctx.meta.secure_cookies).is_some() {
                forget_cookie(&mut res, ctx);
            }
            res
        }
    }
}

/// Whether the login page should say a form waits (its id is in the browser's cookie).
pub fn waits(state: &AppState, ctx: &Ctx, headers: &HeaderMap) -> bool {
    cookies::get(headers, cookies::KEPT, ctx.meta.secure_cookies)
        .is_some_and(|id| state.app.has_kept_form(&id))
}

/// Fills the kept form into its page when its person opens that page.
pub async fn refill(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let ctx = req.extensions().get::<Ctx>().cloned();
    let secure = ctx.as_ref().is_some_and(|c| c.meta.secure_cookies);
    let id = cookies::get(req.headers(), cookies::KEPT, secure);
    let (Some(ctx), Some(id), Method::GET) = (ctx, id, req.method().clone()) else {
        return next.run(req).await;
    };
    let Some(user) = ctx.user().map(|u| u.id) else { return next.run(req).await };
    let Some(form) = state.app.kept_form_for(&id, user) else {
        let mut res = next.run(req).await;
        forget_cookie(&mut res, &ctx);
        return res;
    };
    let here = req.uri().path_and_query().map_or("", |p| p.as_str()).to_owned();
    if form.page != here {
        return next.run(req).await;
    }
    let res = next.run(req).await;
    if !res.status().is_success() {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_PAGE_BYTES).await else {
        return WebError::Internal("page too large to fill".into()).into_response();
    };
    let page = String::from_utf8_lossy(&bytes);
    let notice = format!(
        "<p class=\"notice\" role=\"status\" id=\"kept-notice\">{}</p>",
        ctx.lang.tr("login.form_refilled")
    );
    let Some(filled) = fill_form(&page, &form.action, &form.fields, &notice) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    state.app.forget_kept_form(&id);
    parts.headers.remove(header::CONTENT_LENGTH);
    let mut res = Response::from_parts(parts, Body::from(filled));
    forget_cookie(&mut res, &ctx);
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(referer: &str, host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::REFERER, HeaderValue::from_str(referer).unwrap());
        h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        h
    }

    #[test]
    fn the_form_s_page_comes_from_our_own_site_without_an_old_notice() {
        let page = |r: &str| same_origin_page(&headers(r, "127.0.0.1:8080"));
        assert_eq!(page("http://127.0.0.1:8080/a/1?notice=x.saved&tab=2").as_deref(), Some("/a/1?tab=2"));
        assert_eq!(page("https://127.0.0.1:8080/a/1?notice=x").as_deref(), Some("/a/1"));
        assert_eq!(page("http://evil.example/a/1"), None);
        assert_eq!(page("http://127.0.0.1:8080//evil.example/"), None);
        assert_eq!(page("javascript:alert(1)"), None);
    }
}
