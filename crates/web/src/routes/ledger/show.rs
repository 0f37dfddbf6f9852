//! `GET /ledger/{id}`: one asset, every field, and its history.

use super::label;
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};
use crate::routes::audit::{EntryView, entry_views};
use crate::routes::params::parse_id;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use iryosec_core::ledger::Field;

#[derive(Template)]
#[template(path = "ledger_item.html")]
struct ShowPage {
    page: PageCtx,
    id: i64,
    title: String,
    facts: Vec<(String, String)>,
    history: Vec<EntryView>,
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(id): Path<String>,
    Query(q): Query<crate::routes::params::NoticeQuery>,
) -> WebResult<Response> {
    let id = parse_id(&id)?;
    let data = state.app.asset_page(authed.institution_id(), id).await?;
    let (record, entries) = (data.record, data.history);
    let page = PageCtx::new(&state, &authed.ctx, record.asset.name.clone(), "ledger")
        .with_notice(q.notice.as_deref());
    let asset = &record.asset;
    let value = |f: Field| asset.day(f).map_or_else(|| asset.text(f), |d| page.day(d));
    let facts = Field::ALL.iter().map(|f| (label(&page, *f), value(*f))).collect();
    let history = entry_views(&state, &page, authed.institution_id(), &entries).await?;
    let title = format!("{} {}", record.asset.asset_no, record.asset.name);
    Ok(html(ShowPage { page, id, title, facts, history }.render()?))
}
