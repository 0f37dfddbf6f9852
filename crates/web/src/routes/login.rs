//! `GET/POST /login`.

use crate::cookies;
use crate::ctx::Ctx;
use crate::error::{WebError, WebResult};
use crate::kept;
use crate::page::{PageCtx, html};
use crate::routes::params::NoticeQuery;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::auth::LoginOutcome;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    login_id: String,
    password: String,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: PageCtx,
    login_id: String,
    error: String,
    demo_hint: String,
    /// A form sent after the session ran out waits for this login.
    form_kept: bool,
}

fn render(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    login_id: String,
    error_key: Option<&str>,
    notice: Option<&str>,
) -> WebResult<String> {
    let page = PageCtx::new(state, ctx, ctx.lang.tr("login.title").to_owned(), "").with_notice(notice);
    let demo_hint = match &state.config.demo_login {
        Some((login, password)) => page.t2("demo.hint", "login", login, "password", password),
        None => String::new(),
    };
    let error = error_key.map(|k| ctx.lang.tr(k).to_owned()).unwrap_or_default();
    let form_kept = kept::waits(state, ctx, headers);
    Ok(LoginPage { page, login_id, error, demo_hint, form_kept }.render()?)
}

pub async fn form_get(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    if ctx.session.is_some() {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(html(render(&state, &ctx, &headers, String::new(), None, q.notice.as_deref())?))
}

/// A redirect to `to` that carries the new session's cookie.
pub fn logged_in(ctx: &Ctx, token: &str, to: &str) -> Response {
    let mut res = Redirect::to(to).into_response();
    if let Some(c) = cookies::set(cookies::SESSION, token, ctx.meta.secure_cookies, None) {
        res.headers_mut().append(header::SET_COOKIE, c);
    }
    res
}

pub async fn submit_post(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> WebResult<Response> {
    let client = ctx.meta.ip.clone().unwrap_or_default();
    let now = state.app.clock.now();
    if !state.throttle.allows(&client, now) {
        let body = render(&state, &ctx, &headers, form.login_id, Some("login.throttled"), None)?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, html(body)).into_response());
    }
    let outcome =
        state.app.login(&form.login_id, &form.password, &ctx.actor()).await.map_err(WebError::from)?;
    let (status, error_key) = match outcome {
        LoginOutcome::Success { token, user_id } => {
            let mut res = kept::after_login(&state, &ctx, &headers, user_id);
            if let Some(c) = cookies::set(cookies::SESSION, &token, ctx.meta.secure_cookies, None) {
                res.headers_mut().append(header::SET_COOKIE, c);
            }
            return Ok(res);
        }
        LoginOutcome::Failed => (StatusCode::UNAUTHORIZED, "login.failed"),
        LoginOutcome::Locked => (StatusCode::UNAUTHORIZED, "login.locked"),
        LoginOutcome::Slowed => (StatusCode::TOO_MANY_REQUESTS, "login.slowed"),
        LoginOutcome::Disabled => (StatusCode::UNAUTHORIZED, "login.disabled"),
    };
    state.throttle.fail(&client, now);
    let body = render(&state, &ctx, &headers, form.login_id, Some(error_key), None)?;
    Ok((status, html(body)).into_response())
}
