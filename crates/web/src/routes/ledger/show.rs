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
use iryosec_core::ledger::{Asset, AssetMark, Field};

#[derive(Template)]
#[template(path = "ledger_item.html")]
struct ShowPage {
    page: PageCtx,
    id: i64,
    title: String,
    facts: Vec<(String, String)>,
    /// Each mark in words with its date, and whether it is the bad one.
    marks: Vec<(bool, String)>,
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
    let marks =
        data.marks.iter().map(|m| (*m == AssetMark::SupportEnded, mark_text(&page, *m, asset))).collect();
    let facts = Field::ALL.iter().map(|f| (label(&page, *f), value(*f))).collect();
    let history = entry_views(&page, &entries);
    let title = format!("{} {}", record.asset.asset_no, record.asset.name);
    Ok(html(ShowPage { page, id, title, facts, marks, history }.render()?))
}

/// 「サポート終了（令和7年10月14日に終了）」: the mark with the day it is about.
fn mark_text(page: &PageCtx, mark: AssetMark, asset: &Asset) -> String {
    let dated = |key: &str, day: Option<time::Date>, undated: &str| match day {
        Some(d) => page.t1(key, "date", page.day(d)),
        None => page.t(undated).to_owned(),
    };
    match mark {
        AssetMark::SupportEnded => {
            dated("ledger.mark.support_ended_on", asset.support_ends_on, "ledger.mark.support_ended_unknown")
        }
        AssetMark::SupportEndsThisYear => {
            dated("ledger.mark.support_ending_on", asset.support_ends_on, "ledger.mark.support_ending")
        }
        AssetMark::Unconfirmed => {
            dated("ledger.mark.unconfirmed_since", asset.confirmed_on, "ledger.mark.never_confirmed")
        }
    }
}
