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
use iryosec_core::data_backup::evaluate;
use iryosec_core::register::Register;
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
    let inst = authed.institution_id();
    let entry = state.app.entry(inst, register, id).await?;
    // The heading's days follow the person's date style, so it is worded through a page first.
    let heading = super::shown_key(&page_of(&state, &authed, register, ""), &entry.record, register);
    let page = page_of(&state, &authed, register, &heading).with_notice(q.notice.as_deref());
    let mut links = state.app.links(inst, register, &entry.record).await?;
    let facts = register
        .fields()
        .iter()
        .map(|s| Fact {
            label: label(&page, register, s),
            value: super::shown(&page, &entry.record, s),
            links: links.remove(s.code).unwrap_or_default(),
        })
        .collect();
    let referring = if register == Register::Vendors {
        let name = entry.record.text("name");
        let systems = state.app.referring(inst, Register::Systems, "vendors", name).await?;
        systems
            .into_iter()
            .map(|e| Link {
                name: e.record.text("name").to_owned(),
                href: Some(format!("/registers/systems/{}", e.id)),
            })
            .collect()
    } else {
        Vec::new()
    };
    let checks = backup_checks(&state, &authed, register, &entry.record).await?;
    let sheets = if register == Register::Vendors {
        Some(super::sheets::view(&state, &authed, id, &page).await?)
    } else {
        None
    };
    let files = state.app.record_files(inst, id).await?;
    let entries = state.app.history(inst, register.code(), id, 50).await?;
    let history = entry_views(&state, &page, inst, &entries).await?;
    let list = list_path(register);
    let list_title = super::title(&page, register);
    Ok(html(
        ShowPage {
            page,
            code: register.code(),
            list,
            list_title,
            id,
            heading,
            facts,
            files,
            referring,
            checks,
            sheets,
            history,
        }
        .render()?,
    ))
}

/// For a system or a backup: the system's backups judged against the guideline.
async fn backup_checks(
    state: &AppState,
    authed: &Authed,
    register: Register,
    record: &iryosec_core::register::Record,
) -> WebResult<Vec<CheckView>> {
    let system = match register {
        Register::Systems => record.text("name"),
        Register::Backups => record.text("system"),
        _ => return Ok(Vec::new()),
    };
    let Some(plan) = state.app.backup_plan(authed.institution_id(), system).await? else {
        return Ok(Vec::new());
    };
    let lang = authed.ctx.lang;
    Ok(evaluate(&plan, state.app.today())
        .into_iter()
        .map(|v| CheckView { met: v.met, reason: message(lang, &v.reason) })
        .collect())
}
