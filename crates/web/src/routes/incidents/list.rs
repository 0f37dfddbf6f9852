//! `GET /incidents`: real incidents, newest first, and the drills apart from them.

use super::{elapsed, title};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::params::NoticeQuery;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use iryosec_store::IncidentRecord;

pub struct Row {
    pub id: i64,
    pub title: String,
    pub kind: String,
    pub detected: String,
    pub systems: String,
    pub closed: bool,
    pub elapsed: String,
}

#[derive(Template)]
#[template(path = "incidents.html")]
struct ListPage {
    page: PageCtx,
    incidents: Vec<Row>,
    drills: Vec<Row>,
}

fn rows(page: &PageCtx, records: Vec<IncidentRecord>, now: iryosec_core::Timestamp) -> Vec<Row> {
    records
        .into_iter()
        .map(|r| Row {
            id: r.id,
            title: title(page, &r.facts),
            kind: page.t(r.facts.kind.message_key()).to_owned(),
            detected: page.datetime(r.facts.detected_at),
            systems: r.facts.systems.join("、"),
            closed: r.closed_at.is_some(),
            elapsed: elapsed(page, &r.facts, r.closed_at, now),
        })
        .collect()
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Query(q): Query<NoticeQuery>,
) -> WebResult<Response> {
    let title = authed.ctx.lang.tr("incident.title").to_owned();
    let page = PageCtx::new(&state, &authed.ctx, title, "incidents").with_notice(q.notice.as_deref());
    let inst = authed.institution_id();
    let now = state.app.clock.now();
    let incidents = rows(&page, state.app.incidents(inst, false).await?, now);
    let drills = rows(&page, state.app.incidents(inst, true).await?, now);
    Ok(html(ListPage { page, incidents, drills }.render()?))
}
