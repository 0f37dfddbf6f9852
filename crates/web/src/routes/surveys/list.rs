//! `GET /surveys`: every shipped survey by fiscal year, with how far its answers are.

use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::params::NoticeQuery;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;

pub struct YearRow {
    pub edition_id: String,
    pub year: String,
    pub title: String,
    pub progress: String,
    pub status: String,
    pub archived: bool,
}

#[derive(Template)]
#[template(path = "surveys.html")]
struct SurveysPage {
    page: PageCtx,
    years: Vec<YearRow>,
    /// The fiscal years whose surveys iryosec carries, and this year when it is not one of them.
    carried: String,
    missing_year: Option<String>,
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    let page =
        PageCtx::new(&state, &authed.ctx, authed.ctx.lang.tr("survey.page.title").to_owned(), "surveys")
            .with_notice(q.notice.as_deref());
    let surveys = state.app.survey_years(authed.institution_id()).await?;
    let mut carried: Vec<i32> = surveys.iter().map(|y| y.edition.fiscal_year).collect();
    carried.sort_unstable();
    let current = state.app.current_fiscal_year().0;
    let missing_year = (!carried.contains(&current)).then(|| page.year_label(current));
    let carried = carried.iter().map(|y| page.year_label(*y)).collect::<Vec<_>>().join("、");
    let years = surveys
        .into_iter()
        .map(|y| {
            let status = if !y.saved {
                "survey.page.status_none"
            } else if y.complete {
                "survey.page.status_complete"
            } else {
                "survey.page.status_draft"
            };
            YearRow {
                edition_id: y.edition.id.clone(),
                year: page.year_label(y.edition.fiscal_year),
                title: y.edition.title.clone(),
                progress: page.t2(
                    "survey.page.progress",
                    "answered",
                    y.answered.to_string(),
                    "applicable",
                    y.applicable.to_string(),
                ),
                status: page.t(status).to_owned(),
                archived: y.archived,
            }
        })
        .collect();
    Ok(html(SurveysPage { page, years, carried, missing_year }.render()?))
}
