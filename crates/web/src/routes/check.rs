//! `GET/POST /check` and `POST /check/answer`: the staff check without an account. A staff
//! member types the year's code, chooses a department and a job role, and answers the short
//! list. The code is sent with each form and opens nothing else: no session is made, and the
//! app limits wrong codes per client address.

use crate::ctx::Ctx;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use iryosec_app::AppError;
use iryosec_app::staff_check::{StaffCheckPage, StaffSubmission};
use iryosec_core::roles::{Author, MarkInput};
use iryosec_core::{FieldError, Message};
use iryosec_i18n::Lang;
use std::collections::HashMap;

/// An item of the staff check with what was sent back for it.
pub struct StaffItemField {
    pub key: String,
    pub number: String,
    pub text: String,
    pub mark: String,
}

/// The staff check's fields, for the page with a code and the paper sheet's page alike.
pub struct StaffForm {
    pub title: String,
    pub author: String,
    pub own: bool,
    pub note: String,
    pub departments: Vec<String>,
    pub department: String,
    /// (code, label)
    pub job_roles: Vec<(&'static str, String)>,
    pub job_role: String,
    pub marks: Vec<(&'static str, String)>,
    pub items: Vec<StaffItemField>,
}

pub fn staff_form(
    page: &PageCtx,
    check: &StaffCheckPage,
    sent: Option<&HashMap<String, String>>,
) -> StaffForm {
    let get = |name: &str| sent.and_then(|f| f.get(name)).cloned().unwrap_or_default();
    StaffForm {
        title: check.title.clone(),
        author: page.t(check.author.label_key()).to_owned(),
        own: check.author == Author::Iryosec,
        note: check.note.clone(),
        departments: check.departments.clone(),
        department: get("department"),
        job_roles: check
            .job_roles
            .iter()
            .map(|j| (j.code(), page.t(&format!("roles.job.{}", j.code())).to_owned()))
            .collect(),
        job_role: get("job_role"),
        marks: crate::routes::roles::mark_choices(page),
        items: check
            .items
            .iter()
            .map(|i| StaffItemField {
                key: i.key.clone(),
                number: i.number.clone(),
                text: i.text.clone(),
                mark: get(&format!("mark.{}", i.key)),
            })
            .collect(),
    }
}

/// What a staff-check form sent, as the app reads it.
pub fn submission(check: &StaffCheckPage, form: &HashMap<String, String>) -> StaffSubmission {
    let get = |name: &str| form.get(name).cloned().unwrap_or_default();
    StaffSubmission {
        department: get("department"),
        job_role: get("job_role"),
        marks: check
            .items
            .iter()
            .map(|i| MarkInput {
                key: i.key.clone(),
                mark: get(&format!("mark.{}", i.key)),
                note: String::new(),
            })
            .collect(),
    }
}

/// Each problem with the field it is about named (部署, 職種), in the person's language.
pub fn field_messages(lang: Lang, fields: &[FieldError]) -> Vec<String> {
    fields
        .iter()
        .map(|f| {
            let text = crate::form::message(lang, &f.message);
            match f.field {
                "department" | "job_role" => {
                    format!("{}: {text}", lang.tr(&format!("roles.staff.field_{}", f.field)))
                }
                _ => text,
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "check.html")]
struct CodePage {
    page: PageCtx,
    error: String,
}

#[derive(Template)]
#[template(path = "check_answer.html")]
struct AnswerPage {
    page: PageCtx,
    code: String,
    institution: String,
    year_name: String,
    form: StaffForm,
    errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "check_done.html")]
struct DonePage {
    page: PageCtx,
}

fn title(ctx: &Ctx) -> String {
    ctx.lang.tr("roles.staff.check_title").to_owned()
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct CodeForm {
    code: String,
}

fn code_page(state: &AppState, ctx: &Ctx, refusal: Option<&Message>) -> WebResult<Response> {
    let page = PageCtx::new(state, ctx, title(ctx), "");
    let error = refusal.map(|m| crate::form::message(ctx.lang, m)).unwrap_or_default();
    let status = match refusal {
        None => StatusCode::OK,
        Some(m) if m.key == "roles.error.code_throttled" => StatusCode::TOO_MANY_REQUESTS,
        Some(_) => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Ok((status, html(CodePage { page, error }.render()?)).into_response())
}

fn answer_page(
    state: &AppState,
    ctx: &Ctx,
    code: &str,
    check: &StaffCheckPage,
    sent: Option<&HashMap<String, String>>,
    errors: Vec<String>,
) -> WebResult<String> {
    let page = PageCtx::new(state, ctx, title(ctx), "");
    let view = AnswerPage {
        code: code.to_owned(),
        institution: check.institution_name.clone(),
        year_name: page.year_label(check.fiscal_year),
        form: staff_form(&page, check, sent),
        errors,
        page,
    };
    Ok(view.render()?)
}

fn client(ctx: &Ctx) -> String {
    ctx.meta.ip.clone().unwrap_or_default()
}

pub async fn get(State(state): State<AppState>, ctx: Ctx) -> WebResult<Response> {
    code_page(&state, &ctx, None)
}

pub async fn post(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<CodeForm>,
) -> WebResult<Response> {
    match state.app.staff_check_page(&form.code, &client(&ctx)).await {
        Ok(check) => Ok(html(answer_page(&state, &ctx, &form.code, &check, None, Vec::new())?)),
        Err(AppError::Refused(m)) => code_page(&state, &ctx, Some(&m)),
        Err(e) => Err(e.into()),
    }
}

pub async fn answer_post(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<HashMap<String, String>>,
) -> WebResult<Response> {
    let code = form.get("code").cloned().unwrap_or_default();
    let check = match state.app.staff_check_page(&code, &client(&ctx)).await {
        Ok(check) => check,
        Err(AppError::Refused(m)) => return code_page(&state, &ctx, Some(&m)),
        Err(e) => return Err(e.into()),
    };
    match state.app.submit_staff_check(&code, &client(&ctx), &submission(&check, &form)).await {
        Ok(()) => {
            let page = PageCtx::new(&state, &ctx, title(&ctx), "");
            Ok(html(DonePage { page }.render()?))
        }
        Err(AppError::Invalid(fields)) => {
            let errors = field_messages(ctx.lang, &fields);
            let body = answer_page(&state, &ctx, &code, &check, Some(&form), errors)?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(AppError::Refused(m)) => code_page(&state, &ctx, Some(&m)),
        Err(e) => Err(e.into()),
    }
}
