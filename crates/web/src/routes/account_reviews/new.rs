//! `GET /account-reviews/new`: the form for a new review — account lists with their system
//! names, the roster, the unused-days limit and the review date.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::FormErrors;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use iryosec_core::account_review::UNUSED_DAYS_DEFAULT;
use iryosec_core::date::format_iso;

/// How many account lists the form offers; most hospitals review AD and one or two systems.
pub const ACCOUNT_SLOTS: usize = 4;

/// What was typed, to show again when the form comes back (files cannot be kept).
pub struct Typed {
    pub systems: Vec<String>,
    pub reviewed_on: String,
    pub unused_days: String,
}

#[derive(Template)]
#[template(path = "account_review_new.html")]
struct FormPage {
    page: PageCtx,
    slots: Vec<(usize, String)>,
    reviewed_on: String,
    unused_days: String,
    errors: FormErrors,
    problems: Vec<String>,
}

/// The form, with what was typed and what was wrong with it.
pub fn render(
    state: &AppState,
    authed: &Authed,
    typed: Typed,
    errors: FormErrors,
    problems: Vec<String>,
) -> WebResult<String> {
    let title = authed.ctx.lang.tr("account_review.new").to_owned();
    let page = PageCtx::new(state, &authed.ctx, title, "account_reviews");
    let slots =
        (1..=ACCOUNT_SLOTS).map(|n| (n, typed.systems.get(n - 1).cloned().unwrap_or_default())).collect();
    let (reviewed_on, unused_days) = (typed.reviewed_on, typed.unused_days);
    Ok(FormPage { page, slots, reviewed_on, unused_days, errors, problems }.render()?)
}

pub async fn get(State(state): State<AppState>, authed: Authed) -> WebResult<Response> {
    let typed = Typed {
        systems: vec!["AD".to_owned()],
        reviewed_on: format_iso(state.app.today()),
        unused_days: UNUSED_DAYS_DEFAULT.to_string(),
    };
    let errors = FormErrors::none(authed.ctx.lang);
    Ok(html(render(&state, &authed, typed, errors, Vec::new())?))
}
