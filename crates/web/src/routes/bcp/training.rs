//! `GET /training?year=`: who took security training in the fiscal year, per audience
//! (経営層 / システム管理者 / 医療従事者), against the staff listed for each.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use iryosec_core::bcp::training::Coverage;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "bcp_training.html")]
struct TrainingPage {
    page: PageCtx,
    year: i32,
    year_name: String,
    rows: Vec<Coverage>,
}

#[derive(Deserialize)]
pub struct YearQuery {
    year: Option<i32>,
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<YearQuery>,
) -> WebResult<Response> {
    let year = q.year.filter(|y| (2000..=2100).contains(y)).unwrap_or(state.app.current_fiscal_year().0);
    let page = PageCtx::new(&state, &authed.ctx, authed.ctx.lang.tr("bcp.training_title").to_owned(), "bcp");
    let rows = state.app.training_coverage(authed.institution_id(), year).await?;
    Ok(html(TrainingPage { year_name: page.year_label(year), page, year, rows }.render()?))
}
