//! `GET /account-reviews`: the recorded reviews, newest first, with how far each has got.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::params::NoticeQuery;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

pub struct Row {
    pub id: i64,
    pub date: String,
    pub year: String,
    pub systems: String,
    pub total: i64,
    pub open: i64,
    pub decided: i64,
}

#[derive(Template)]
#[template(path = "account_reviews.html")]
struct ListPage {
    page: PageCtx,
    rows: Vec<Row>,
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    let title = authed.ctx.lang.tr("account_review.title").to_owned();
    let page = PageCtx::new(&state, &authed.ctx, title, "account_reviews").with_notice(q.notice.as_deref());
    let reviews = state.app.account_reviews(authed.institution_id()).await?;
    let rows = reviews
        .into_iter()
        .map(|r| Row {
            id: r.id,
            date: page.day(r.reviewed_on),
            year: page.year_label(r.fiscal_year),
            systems: r.sources.iter().map(|s| s.system.as_str()).collect::<Vec<_>>().join("、"),
            total: r.open + r.decided,
            open: r.open,
            decided: r.decided,
        })
        .collect();
    Ok(html(ListPage { page, rows }.render()?))
}
