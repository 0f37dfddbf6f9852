//! `GET/POST /setup`: first run. Only reachable while no institution exists.

use crate::ctx::Ctx;
use crate::error::WebResult;
use crate::form::FormErrors;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_app::auth::LoginOutcome;
use iryosec_app::setup::AdminInput;
use iryosec_core::institution::{InstitutionInput, InstitutionKind};
use iryosec_core::prefecture::Prefecture;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct SetupForm {
    name: String,
    kind: String,
    prefecture: String,
    beds: String,
    medical_code: String,
    login_id: String,
    display_name: String,
    password: String,
    password_confirm: String,
}

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    page: PageCtx,
    form: SetupForm,
    errors: FormErrors,
    kinds: Vec<Choice>,
    prefectures: Vec<Choice>,
}

/// An option of a `<select>`.
pub struct Choice {
    pub value: String,
    pub label: String,
}

pub fn kind_choices(page: &PageCtx) -> Vec<Choice> {
    InstitutionKind::ALL
        .iter()
        .map(|k| Choice { value: k.code().to_owned(), label: page.t(k.message_key()).to_owned() })
        .collect()
}

pub fn prefecture_choices(page: &PageCtx) -> Vec<Choice> {
    let english = page.lang_code() == "en";
    Prefecture::all()
        .map(|p| Choice {
            value: p.code().to_string(),
            label: if english { p.name_en().to_owned() } else { p.name_ja().to_owned() },
        })
        .collect()
}

fn render(
    state: &AppState,
    ctx: &Ctx,
    form: SetupForm,
    errors: FormErrors,
    status: StatusCode,
) -> WebResult<Response> {
    let page = PageCtx::new(state, ctx, ctx.lang.tr("setup.title").to_owned(), "");
    let (kinds, prefectures) = (kind_choices(&page), prefecture_choices(&page));
    let form = SetupForm { password: String::new(), password_confirm: String::new(), ..form };
    let body = SetupPage { page, form, errors, kinds, prefectures }.render()?;
    Ok((status, html(body)).into_response())
}

pub async fn form_get(State(state): State<AppState>, ctx: Ctx) -> WebResult<Response> {
    let errors = FormErrors::none(ctx.lang);
    render(&state, &ctx, SetupForm::default(), errors, StatusCode::OK)
}

pub async fn submit_post(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<SetupForm>,
) -> WebResult<Response> {
    let institution = InstitutionInput {
        name: form.name.clone(),
        kind: form.kind.clone(),
        prefecture: form.prefecture.clone(),
        beds: form.beds.clone(),
        medical_code: form.medical_code.clone(),
    };
    let admin = AdminInput {
        login_id: form.login_id.clone(),
        display_name: form.display_name.clone(),
        password: form.password.clone(),
        password_confirm: form.password_confirm.clone(),
    };
    let actor = iryosec_core::audit::Actor { login: "setup".into(), ..ctx.actor() };
    match state.app.create_institution(&institution, &admin, ctx.lang.code(), true, &actor).await {
        Ok(_) => log_in_new_admin(&state, &ctx, &form).await,
        Err(AppError::AlreadySetUp) => Ok(Redirect::to("/login?notice=setup.already_done").into_response()),
        Err(AppError::Invalid(fields)) => {
            render(&state, &ctx, form, FormErrors::new(ctx.lang, fields), StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(other) => Err(other.into()),
    }
}

/// The administrator who has just chosen a password is logged in with it, through the same
/// login (lockout, session, audit entry) as the login page; should that fail, the login page
/// says that setup is done.
async fn log_in_new_admin(state: &AppState, ctx: &Ctx, form: &SetupForm) -> WebResult<Response> {
    match state.app.login(&form.login_id, &form.password, &ctx.actor()).await? {
        LoginOutcome::Success { token, .. } => {
            Ok(super::login::logged_in(ctx, &token, "/?notice=setup.done"))
        }
        _ => Ok(Redirect::to("/login?notice=setup.already_done").into_response()),
    }
}
