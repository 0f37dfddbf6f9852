//! `/account`: one's own display settings and password.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::FormErrors;
use crate::page::{PageCtx, html};
use crate::routes::params::NoticeQuery;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_core::FieldError;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: PageCtx,
    login_id: String,
    role_key: &'static str,
    lang: String,
    date_style: String,
    pref_errors: FormErrors,
    password_errors: FormErrors,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PreferencesForm {
    lang: String,
    date_style: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    password: String,
    password_confirm: String,
}

fn render(
    state: &AppState,
    authed: &Authed,
    prefs: Vec<FieldError>,
    password: Vec<FieldError>,
    notice: Option<&str>,
) -> WebResult<String> {
    let ctx = &authed.ctx;
    let page =
        PageCtx::new(state, ctx, ctx.lang.tr("account.title").to_owned(), "account").with_notice(notice);
    let user = authed.user();
    Ok(AccountPage {
        page,
        login_id: user.login_id.to_string(),
        role_key: user.role.message_key(),
        lang: user.lang.clone(),
        date_style: user.date_style.code().to_owned(),
        pref_errors: FormErrors::new(ctx.lang, prefs),
        password_errors: FormErrors::new(ctx.lang, password),
    }
    .render()?)
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    Ok(html(render(&state, &authed, Vec::new(), Vec::new(), q.notice.as_deref())?))
}

pub async fn preferences_post(
    State(state): State<AppState>,
    authed: Authed,
    Form(form): Form<PreferencesForm>,
) -> WebResult<Response> {
    match state.app.set_preferences(authed.user(), &form.lang, &form.date_style, &authed.ctx.actor()).await {
        Ok(_) => Ok(Redirect::to("/account?notice=account.preferences_saved").into_response()),
        Err(AppError::Invalid(fields)) => {
            let body = render(&state, &authed, fields, Vec::new(), None)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

pub async fn password_post(
    State(state): State<AppState>,
    authed: Authed,
    Form(form): Form<PasswordForm>,
) -> WebResult<Response> {
    let actor = authed.ctx.actor();
    let result = state
        .app
        .change_own_password(
            &authed.session,
            &form.current_password,
            &form.password,
            &form.password_confirm,
            &actor,
        )
        .await;
    match result {
        Ok(()) => Ok(Redirect::to("/account?notice=account.password_changed").into_response()),
        Err(AppError::Invalid(fields)) => {
            let body = render(&state, &authed, Vec::new(), fields, None)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
