//! `GET /registers/{register}/{id}`: one entry, its links, files, history — and for a backup's
//! system the guideline's checks, for a vendor its systems and 事業者確認用 sheets.

use super::{label, list_path, page_of, register_of};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::form::message;
use crate::page::{PageCtx, html};
use crate::routes::audit::{EntryView, entry_views};
use crate::routes::params::parse_id;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use iryosec_app::registers::Link;
use iryosec_store::RecordFile;

pub struct Fact {
    pub label: String,
    pub value: String,
    pub links: Vec<Link>,
}

/// A check of the guideline, met or not, with its reason.
pub struct CheckView {
    pub met: bool,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "register_item.html")]
struct ShowPage {
    page: PageCtx,
    code: &'static str,
    list: String,
    list_title: String,
    id: i64,
    heading: String,
    facts: Vec<Fact>,
    files: Vec<RecordFile>,
    referring: Vec<Link>,
    checks: Vec<CheckView>,
    sheets: Option<super::sheets::SheetsView>,
    history: Vec<EntryView>,
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path((code, id)): Path<(String, String)>,
    Query(q): Query<crate::routes::params::NoticeQuery>,
) -> WebResult<Response> {
    let (register, id) = (register_of(&code)?, parse_id(&id)?);
    let mut data = state.app.register_entry_page(authed.institution_id(), register, id).await?;
    let record = &data.entry.record;
    // The heading's days follow the person's date style, so it is worded through a page first.
    let heading = super::shown_key(&page_of(&state, &authed, register, ""), record, register);
    let page = page_of(&state, &authed, register, &heading).with_notice(q.notice.as_deref());
    let facts = register
        .fields()
        .iter()
        .map(|s| Fact {
            label: label(&page, register, s),
            value: super::shown(&page, record, s),
            links: data.links.remove(s.code).unwrap_or_default(),
        })
        .collect();
    let lang = authed.ctx.lang;
    let checks =
        data.checks.iter().map(|v| CheckView { met: v.met, reason: message(lang, &v.reason) }).collect();
    let sheets = data.sheets.as_deref().map(|s| super::sheets::view(s, data.today, &page));
    Ok(html(
        ShowPage {
            code: register.code(),
            list: list_path(register),
            list_title: super::title(&page, register),
            id,
            heading,
            facts,
            files: data.files,
            referring: data.referring,
            checks,
            sheets,
            history: entry_views(&page, &data.history),
            page,
        }
        .render()?,
    ))
}
