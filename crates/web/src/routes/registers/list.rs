//! `GET /registers/{register}`: a register's entries, searched.

use super::{label, page_of, register_of};
use crate::ctx::Authed;
use crate::error::WebResult;
use crate::page::{PageCtx, html};

use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    notice: Option<String>,
}

pub struct Row {
    pub id: i64,
    pub cells: Vec<String>,
}

#[derive(Template)]
#[template(path = "register_list.html")]
struct ListPage {
    page: PageCtx,
    code: &'static str,
    intro: String,
    columns: Vec<String>,
    rows: Vec<Row>,
    q: String,
}

pub async fn get(
    State(state): State<AppState>,
    authed: Authed,
    Path(code): Path<String>,
    Query(q): Query<ListQuery>,
) -> WebResult<Response> {
    let register = register_of(&code)?;
    let page = page_of(&state, &authed, register, "").with_notice(q.notice.as_deref());
    let specs: Vec<_> = register.list_fields().iter().filter_map(|c| register.field(c)).collect();
    let entries = state.app.entries(authed.institution_id(), register, Some(&q.q)).await?;
    let rows = entries
        .into_iter()
        .map(|e| Row { id: e.id, cells: specs.iter().map(|s| super::shown(&page, &e.record, s)).collect() })
        .collect();
    let columns = specs.iter().map(|s| label(&page, register, s)).collect();
    let intro = page.t(&format!("register.{}.intro", register.code())).to_owned();
    Ok(html(ListPage { page, code: register.code(), intro, columns, rows, q: q.q }.render()?))
}
