//! `GET /director?year=` and `GET /director/print?year=`: the director's page on screen (with
//! the 「確認しました」 form for those who may record it) and as one A4 to print.

use super::view::{DirectorView, director_view};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::roles::YearQuery;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use iryosec_core::director::signoff::SignedAs;

/// What the sign-off form shows again after a refusal.
#[derive(Default)]
pub struct SignOffForm {
    pub signed_on: String,
    pub comment: String,
    pub director_name: String,
    pub errors: Vec<String>,
}

#[derive(Template)]
#[template(path = "director.html")]
struct ScreenPage {
    page: PageCtx,
    d: DirectorView,
    /// `Some(on_behalf)`: the person may record the sign-off.
    may_sign: Option<bool>,
    form: SignOffForm,
}

#[derive(Template)]
#[template(path = "director_print.html")]
struct PrintPage {
    page: PageCtx,
    d: DirectorView,
}

pub async fn screen(
    state: &AppState,
    authed: &Authed,
    year: i32,
    form: SignOffForm,
    notice: Option<&str>,
) -> WebResult<String> {
    let data = state.app.director_page(authed.institution_id(), year).await?;
    let page = PageCtx::new(state, &authed.ctx, authed.ctx.lang.tr("director.title").to_owned(), "director")
        .with_notice(notice);
    let may_sign = SignedAs::for_role(authed.user().role).map(|s| s == SignedAs::OnBehalf);
    let view = ScreenPage { d: director_view(&page, &data), may_sign, form, page };
    Ok(view.render()?)
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<YearQuery>,
) -> WebResult<Response> {
    let year = q.year(&state)?;
    Ok(html(screen(&state, &authed, year, SignOffForm::default(), q.notice.as_deref()).await?))
}

pub async fn print_get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<YearQuery>,
) -> WebResult<Response> {
    let year = q.year(&state)?;
    let data = state.app.director_page(authed.institution_id(), year).await?;
    let page = PageCtx::new(&state, &authed.ctx, authed.ctx.lang.tr("director.title").to_owned(), "director");
    let view = PrintPage { d: director_view(&page, &data), page };
    Ok(html(view.render()?))
}
