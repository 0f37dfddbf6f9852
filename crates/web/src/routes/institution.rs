//! `GET /institution`, `GET/POST /institution/edit`.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::FormErrors;
use crate::page::{PageCtx, html};
use crate::routes::params::NoticeQuery;
use crate::routes::setup::{Choice, kind_choices, prefecture_choices};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use iryosec_app::AppError;
use iryosec_core::institution::{Institution, InstitutionInput};

#[derive(Template)]
#[template(path = "institution.html")]
struct ShowPage {
    page: PageCtx,
    institution: Institution,
    prefecture: String,
}

#[derive(Template)]
#[template(path = "institution_edit.html")]
struct EditPage {
    page: PageCtx,
    form: InstitutionInput,
    errors: FormErrors,
    kinds: Vec<Choice>,
    prefectures: Vec<Choice>,
}

pub async fn show_get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    let ctx = &authed.ctx;
    let institution = state.app.institution(authed.institution_id()).await?;
    let page = PageCtx::new(&state, ctx, ctx.lang.tr("institution.title").to_owned(), "institution")
        .with_notice(q.notice.as_deref());
    let p = institution.profile.prefecture;
    let prefecture = if page.lang_code() == "en" { p.name_en() } else { p.name_ja() }.to_owned();
    Ok(html(ShowPage { page, institution, prefecture }.render()?))
}

fn render_edit(
    state: &AppState,
    authed: &Authed,
    form: InstitutionInput,
    errors: FormErrors,
) -> WebResult<String> {
    let ctx = &authed.ctx;
    let page = PageCtx::new(state, ctx, ctx.lang.tr("institution.edit_title").to_owned(), "institution");
    let (kinds, prefectures) = (kind_choices(&page), prefecture_choices(&page));
    Ok(EditPage { page, form, errors, kinds, prefectures }.render()?)
}

pub async fn edit_get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let p = state.app.institution(authed.institution_id()).await?.profile;
    let form = InstitutionInput {
        name: p.name,
        kind: p.kind.code().to_owned(),
        prefecture: p.prefecture.code().to_string(),
        beds: p.beds.map(|b| b.to_string()).unwrap_or_default(),
        medical_code: p.medical_code.unwrap_or_default(),
    };
    let errors = FormErrors::none(authed.ctx.lang);
    Ok(html(render_edit(&state, &authed, form, errors)?))
}

pub async fn edit_post(
    State(state): State<AppState>,
    authed: Authed,
    Form(form): Form<InstitutionInput>,
) -> WebResult<Response> {
    match state.app.update_institution(authed.institution_id(), &form, &authed.ctx.actor()).await {
        Ok(_) => Ok(Redirect::to("/institution?notice=institution.saved").into_response()),
        Err(AppError::Invalid(fields)) => {
            let body = render_edit(&state, &authed, form, FormErrors::new(authed.ctx.lang, fields))?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, html(body)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
