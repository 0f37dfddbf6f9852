//! `/users`: administrators manage the institution's accounts.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::{FormErrors, message};
use crate::page::{PageCtx, html};
use crate::routes::params::{NoticeQuery, parse_id};
use crate::routes::setup::Choice;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_app::accounts::{NewUserInput, UserChangeInput};
use iryosec_core::role::Role;
use iryosec_core::user::User;
use iryosec_core::{FieldError, UserId};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "users.html")]
struct ListPage {
    page: PageCtx,
    users: Vec<User>,
    now: iryosec_core::Timestamp,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct NewUserForm {
    login_id: String,
    display_name: String,
    role: String,
    password: String,
    password_confirm: String,
}

#[derive(Template)]
#[template(path = "user_new.html")]
struct NewPage {
    page: PageCtx,
    form: NewUserForm,
    errors: FormErrors,
    roles: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "user_edit.html")]
struct EditPage {
    page: PageCtx,
    user: User,
    form: UserChangeInput,
    errors: FormErrors,
    password_errors: FormErrors,
    refused: String,
    roles: Vec<Choice>,
    locked: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    password: String,
    password_confirm: String,
}

fn role_choices(page: &PageCtx) -> Vec<Choice> {
    Role::ALL
        .iter()
        .map(|r| Choice {
            value: r.code().to_owned(),
            label: format!("{}：{}", page.t(r.message_key()), page.t(&format!("role.desc.{}", r.code()))),
        })
        .collect()
}

pub async fn list_get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    let ctx = &authed.ctx;
    let page = PageCtx::new(&state, ctx, ctx.lang.tr("users.title").to_owned(), "users")
        .with_notice(q.notice.as_deref());
    let users = state.app.users(authed.institution_id()).await?;
    Ok(html(ListPage { page, users, now: state.app.clock.now() }.render()?))
}

fn render_new(state: &AppState, authed: &Authed, form: NewUserForm, errors: FormErrors) -> WebResult<String> {
    let page = PageCtx::new(state, &authed.ctx, authed.ctx.lang.tr("users.new_title").to_owned(), "users");
    let roles = role_choices(&page);
    let form = NewUserForm { password: String::new(), password_confirm: String::new(), ..form };
    Ok(NewPage { page, form, errors, roles }.render()?)
}

pub async fn new_get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let form = NewUserForm { role: Role::Editor.code().to_owned(), ..Default::default() };
    Ok(html(render_new(&state, &authed, form, FormErrors::none(authed.ctx.lang))?))
}

pub async fn new_post(
    State(state): State<AppState>,
    authed: Authed,
    Form(form): Form<NewUserForm>,
) -> WebResult<Response> {
    let input = NewUserInput {
        login_id: form.login_id.clone(),
        display_name: form.display_name.clone(),
        role: form.role.clone(),
        password: form.password.clone(),
        password_confirm: form.password_confirm.clone(),
    };
    let lang = authed.ctx.lang.code();
    match state.app.create_user(authed.institution_id(), &input, lang, &authed.ctx.actor()).await {
        Ok(_) => Ok(Redirect::to("/users?notice=users.created").into_response()),
        Err(AppError::Invalid(fields)) => {
            let body = render_new(&state, &authed, form, FormErrors::new(authed.ctx.lang, fields))?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

struct EditState {
    form: Option<UserChangeInput>,
    errors: Vec<FieldError>,
    password_errors: Vec<FieldError>,
    refused: String,
}

async fn render_edit(state: &AppState, authed: &Authed, id: UserId, s: EditState) -> WebResult<String> {
    let user = state.app.user(authed.institution_id(), id).await?;
    let lang = authed.ctx.lang;
    let page = PageCtx::new(state, &authed.ctx, lang.tr("users.edit_title").to_owned(), "users");
    let form = s.form.unwrap_or_else(|| UserChangeInput {
        display_name: user.display_name.clone(),
        role: user.role.code().to_owned(),
        disabled: user.disabled.then(|| "on".to_owned()),
        unlock: None,
    });
    let locked = user.is_locked(state.app.clock.now());
    let roles = role_choices(&page);
    let errors = FormErrors::new(lang, s.errors);
    let password_errors = FormErrors::new(lang, s.password_errors);
    Ok(EditPage { page, user, form, errors, password_errors, refused: s.refused, roles, locked }.render()?)
}

fn user_id(raw: &str) -> WebResult<UserId> {
    parse_id(raw).map(UserId)
}

pub async fn edit_get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let empty =
        EditState { form: None, errors: Vec::new(), password_errors: Vec::new(), refused: String::new() };
    Ok(html(render_edit(&state, &authed, user_id(&id)?, empty).await?))
}

pub async fn edit_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Form(form): Form<UserChangeInput>,
) -> WebResult<Response> {
    let id = user_id(&id)?;
    let acting = authed.user().id;
    let result = state.app.update_user(authed.institution_id(), id, &form, acting, &authed.ctx.actor()).await;
    let mut s = EditState {
        form: Some(form),
        errors: Vec::new(),
        password_errors: Vec::new(),
        refused: String::new(),
    };
    match result {
        Ok(_) => return Ok(Redirect::to("/users?notice=users.updated").into_response()),
        Err(AppError::Invalid(fields)) => s.errors = fields,
        Err(AppError::Refused(m)) => s.refused = message(authed.ctx.lang, &m),
        Err(e) => return Err(e.into()),
    }
    let body = render_edit(&state, &authed, id, s).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
}

pub async fn password_post(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Form(form): Form<PasswordForm>,
) -> WebResult<Response> {
    let id = user_id(&id)?;
    let actor = authed.ctx.actor();
    let result = state
        .app
        .reset_password(authed.institution_id(), id, &form.password, &form.password_confirm, &actor)
        .await;
    match result {
        Ok(()) => Ok(Redirect::to("/users?notice=users.password_reset_done").into_response()),
        Err(AppError::Invalid(fields)) => {
            let s =
                EditState { form: None, errors: Vec::new(), password_errors: fields, refused: String::new() };
            let body = render_edit(&state, &authed, id, s).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
